'use strict';
/**
 * The Bot API as the bot sees it: `/bot<TOKEN>/<method>`.
 *
 * Every call passes through one dispatcher that checks the token, applies latency and injected faults, answers
 * (in the Bot API's JSON shape: {ok, result} or {ok:false, error_code, description, parameters}) and logs the
 * call. The emulator keeps the messages; the answers here are corrected to what Telegram returns (is_bot in
 * getMe, dates in seconds, the edited message from editMessageText) and cover the methods it lacks.
 */

const { parseTelegramHtml, HtmlParseError } = require('./html');
const { readParams } = require('./params');
const { PeerState, nowSeconds } = require('./state');

const MAX_TEXT = 4096;
const CHAT_ACTIONS = new Set(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice',
  'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note']);
const NOT_MODIFIED = 'Bad Request: message is not modified: specified new message content and reply markup are '
  + 'exactly the same as a current content and reply markup of the message';

const ok = (result) => ({ status: 200, body: { ok: true, result } });

/** A Bot API error answer; `parameters` carries retry_after or migrate_to_chat_id. */
function fail(code, description, parameters) {
  const body = { ok: false, error_code: code, description };
  if (parameters) body.parameters = parameters;
  return { status: code, body };
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// ---- chats the bot may write to ----

/**
 * The chat a send goes to, or the error Telegram gives: unknown chat, migrated group, a bot that was blocked,
 * kicked or never added, or a channel where it is not an administrator.
 */
function writableChat(state, token, ref) {
  if (ref === undefined || ref === null || ref === '') return { error: fail(400, 'Bad Request: chat_id is empty') };
  const chat = state.findChat(ref);
  if (!chat) return { error: fail(400, 'Bad Request: chat not found') };
  if (chat.migrated_to) {
    return { error: fail(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: chat.migrated_to }) };
  }
  const status = state.memberStatus(chat, state.bots.get(token).id);
  if (chat.type === 'private') {
    if (status === 'kicked') return { error: fail(403, 'Forbidden: bot was blocked by the user') };
    return { chat };
  }
  if (status === 'kicked') return { error: fail(403, `Forbidden: bot was kicked from the ${chat.type} chat`) };
  if (status === 'left') return { error: fail(403, `Forbidden: bot is not a member of the ${chat.type} chat`) };
  if (chat.type === 'channel' && !['administrator', 'creator'].includes(status)) {
    return { error: fail(400, 'Bad Request: need administrator rights in the channel chat') };
  }
  if (chat.type === 'channel' && status === 'administrator' && !state.mayPost(chat, state.bots.get(token).id)) {
    return { error: fail(400, 'Bad Request: need administrator rights in the channel chat') };
  }
  if (status === 'restricted') {  // muted: the peer's restricted member may send nothing
    return { error: fail(400, 'Bad Request: not enough rights to send text messages to the chat') };
  }
  return { chat };
}

/** A chat the bot may read about (getChat, getChatMember...): known, else "chat not found". */
function knownChat(state, ref) {
  const chat = ref === undefined ? undefined : state.findChat(ref);
  return chat ? { chat } : { error: fail(400, 'Bad Request: chat not found') };
}

// ---- message text ----

/** The text after parse_mode, as Telegram stores it, or the 400 Telegram answers. */
function parseText(params) {
  const raw = params.text === undefined || params.text === null ? '' : String(params.text);
  const mode = String(params.parse_mode || '').toLowerCase();
  let parsed;
  if (mode === 'html') {
    try {
      parsed = parseTelegramHtml(raw);
    } catch (error) {
      if (error instanceof HtmlParseError) return { error: fail(400, `Bad Request: can't parse entities: ${error.message}`) };
      throw error;
    }
  } else if (mode === '') {
    parsed = { text: raw, entities: Array.isArray(params.entities) ? params.entities : [] };
  } else {
    // Markdown modes are not parsed by the peer: the text is kept as sent (see docs/notes/telegram.md).
    parsed = { text: raw, entities: [], unparsed_mode: params.parse_mode };
  }
  if (!parsed.text.trim()) return { error: fail(400, 'Bad Request: message text is empty') };
  if (parsed.text.length > MAX_TEXT) return { error: fail(400, 'Bad Request: message is too long') };
  return { parsed };
}

function findSent(state, token, chat, messageId) {
  return state.server.storage.botMessages.find((u) => u.botToken === token
    && String(u.message.chat_id) === String(chat.id) && String(u.messageId) === String(messageId));
}

/** A sent message as the Bot API returns it (Message object), from the emulator's record and the parse. */
function messageJson(state, token, chat, record) {
  const parsed = state.parsed.get(`${chat.id}|${record.messageId}`) || { text: record.message.text, entities: [] };
  const out = { message_id: record.messageId, date: Math.floor(record.time / 1000), chat: PeerState.chatJson(chat) };
  if (chat.type === 'channel') out.sender_chat = PeerState.chatJson(chat);
  else out.from = state.botUser(token);
  out.text = parsed.text;
  if (parsed.entities.length) out.entities = parsed.entities;
  const markup = record.message.reply_markup;
  if (markup && markup.inline_keyboard) out.reply_markup = markup;
  if (parsed.edit_date) out.edit_date = parsed.edit_date;
  return out;
}

// ---- methods ----

const handlers = {
  getme: ({ state, token }) => {
    const bot = state.bots.get(token);
    return ok({
      id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username, can_join_groups: true,
      can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false,
      has_main_web_app: false,
    });
  },

  logout: () => ok(true),
  close: () => ok(true),

  getupdates: async (ctx) => {
    const { state, token, params } = ctx;
    const previous = state.pollers.get(token);
    if (previous) previous.supersede();
    const limit = Math.min(100, Math.max(1, Number(params.limit) || 100));
    const timeout = Math.min(50, Math.max(0, Number(params.timeout) || 0));
    const allowed = Array.isArray(params.allowed_updates) && params.allowed_updates.length
      ? new Set(params.allowed_updates) : null;
    const deadline = Date.now() + timeout * 1000;
    const me = { superseded: false, wake: null, supersede() { this.superseded = true; if (this.wake) this.wake(); } };
    ctx.onClose = () => { if (me.wake) me.wake(); };
    state.pollers.set(token, me);
    try {
      for (;;) {
        state.pull(token);
        const kept = state.confirm(token, params.offset);
        const visible = allowed ? kept.filter((u) => Object.keys(u).some((key) => allowed.has(key))) : kept;
        if (me.superseded) {
          return fail(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
        }
        if (visible.length || Date.now() >= deadline || ctx.closed) return ok(visible.slice(0, limit));
        await waitForUpdate(state, token, deadline - Date.now(), me);
      }
    } finally {
      if (state.pollers.get(token) === me) state.pollers.delete(token);
    }
  },

  setwebhook: () => fail(400, 'Bad Request: the Communiqué test peer serves getUpdates only; webhooks are not emulated'),
  deletewebhook: ({ state, token, params }) => {
    if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') state.dropPending(token);
    return ok(true);
  },
  getwebhookinfo: ({ state, token }) => ok({ url: '', has_custom_certificate: false, pending_update_count: state.pull(token).length }),

  sendmessage: ({ state, token, params }) => {
    const target = writableChat(state, token, params.chat_id);
    if (target.error) return target.error;
    if (params.message_thread_id !== undefined && params.message_thread_id !== null && !target.chat.is_forum) {
      return fail(400, 'Bad Request: message thread not found');
    }
    const text = parseText(params);
    if (text.error) return text.error;
    const stored = state.server.addBotMessage({ ...params, chat_id: target.chat.id }, token);
    state.parsed.set(`${target.chat.id}|${stored.message_id}`, text.parsed);
    return ok(messageJson(state, token, target.chat, findSent(state, token, target.chat, stored.message_id)));
  },

  editmessagetext: ({ state, token, params }) => {
    if (params.inline_message_id) return fail(400, 'Bad Request: inline messages are not emulated by the Communiqué test peer');
    const target = writableChat(state, token, params.chat_id);
    if (target.error) return target.error;
    const record = findSent(state, token, target.chat, params.message_id);
    if (!record) return fail(400, 'Bad Request: message to edit not found');
    const text = parseText(params);
    if (text.error) return text.error;
    const key = `${target.chat.id}|${record.messageId}`;
    const before = state.parsed.get(key) || { text: record.message.text, entities: [] };
    const sameText = before.text === text.parsed.text && JSON.stringify(before.entities) === JSON.stringify(text.parsed.entities);
    if (sameText && JSON.stringify(record.message.reply_markup || null) === JSON.stringify(params.reply_markup || null)) {
      return fail(400, NOT_MODIFIED);
    }
    record.message = {
      ...record.message, text: params.text, parse_mode: params.parse_mode, entities: params.entities,
      reply_markup: params.reply_markup, link_preview_options: params.link_preview_options,
      disable_web_page_preview: params.disable_web_page_preview,
    };
    state.parsed.set(key, { ...text.parsed, edit_date: nowSeconds() });
    return ok(messageJson(state, token, target.chat, record));
  },

  editmessagereplymarkup: ({ state, token, params }) => {
    const target = writableChat(state, token, params.chat_id);
    if (target.error) return target.error;
    const record = findSent(state, token, target.chat, params.message_id);
    if (!record) return fail(400, 'Bad Request: message to edit not found');
    if (JSON.stringify(record.message.reply_markup || null) === JSON.stringify(params.reply_markup || null)) {
      return fail(400, NOT_MODIFIED);
    }
    record.message = { ...record.message, reply_markup: params.reply_markup };
    const key = `${target.chat.id}|${record.messageId}`;
    state.parsed.set(key, { ...(state.parsed.get(key) || { text: record.message.text, entities: [] }), edit_date: nowSeconds() });
    return ok(messageJson(state, token, target.chat, record));
  },

  deletemessage: ({ state, params }) => {
    const known = knownChat(state, params.chat_id);
    if (known.error) return known.error;
    if (!state.server.deleteMessage(Number(known.chat.id), Number(params.message_id))) {
      return fail(400, 'Bad Request: message to delete not found');
    }
    return ok(true);
  },

  answercallbackquery: ({ params }) => (params.callback_query_id
    ? ok(true) : fail(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid')),

  sendchataction: ({ state, token, params }) => {
    const target = writableChat(state, token, params.chat_id);
    if (target.error) return target.error;
    if (!CHAT_ACTIONS.has(params.action)) return fail(400, 'Bad Request: wrong parameter action in request');
    return ok(true);
  },

  getchat: ({ state, params }) => {
    const known = knownChat(state, params.chat_id);
    if (known.error) return known.error;
    return ok({
      ...PeerState.chatJson(known.chat),
      accent_color_id: 0,
      max_reaction_count: 11,
      accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false },
    });
  },

  getchatmember: ({ state, params }) => {
    const known = knownChat(state, params.chat_id);
    if (known.error) return known.error;
    if (!state.users.has(String(params.user_id))) return fail(400, 'Bad Request: user not found');
    return ok(state.memberJson(known.chat, params.user_id));
  },

  getchatadministrators: ({ state, params }) => {
    const known = knownChat(state, params.chat_id);
    if (known.error) return known.error;
    if (known.chat.type === 'private') return fail(400, 'Bad Request: there are no administrators in the private chat');
    return ok(state.administrators(known.chat));
  },

  getchatmembercount: ({ state, params }) => {
    const known = knownChat(state, params.chat_id);
    return known.error || ok(state.memberCount(known.chat));
  },

  leavechat: ({ state, token, params }) => {
    const known = knownChat(state, params.chat_id);
    if (known.error) return known.error;
    if (known.chat.type === 'private') return fail(400, "Bad Request: chat member status can't be changed in private chats");
    state.setMember(known.chat.id, state.bots.get(token).id, 'left');
    return ok(true);
  },

  setmycommands: ({ state, token, params }) => {
    const key = commandKey(state, token, params);
    if (key.error) return key.error;
    const commands = params.commands;
    if (!Array.isArray(commands)) return fail(400, "Bad Request: can't parse commands JSON object");
    if (commands.length > 100) return fail(400, 'Bad Request: BOT_COMMANDS_TOO_MUCH');
    for (const item of commands) {
      if (!item || typeof item.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(item.command)) {
        return fail(400, 'Bad Request: BOT_COMMAND_INVALID');
      }
      if (typeof item.description !== 'string' || item.description.length < 1 || item.description.length > 256) {
        return fail(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
      }
    }
    if (commands.length) state.commands.set(key.key, commands.map((c) => ({ command: c.command, description: c.description })));
    else state.commands.delete(key.key);
    return ok(true);
  },
  getmycommands: ({ state, token, params }) => {
    const key = commandKey(state, token, params);
    return key.error || ok(state.commands.get(key.key) || []);
  },
  deletemycommands: ({ state, token, params }) => {
    const key = commandKey(state, token, params);
    if (key.error) return key.error;
    state.commands.delete(key.key);
    return ok(true);
  },

  setmydescription: (ctx) => setText(ctx, 'description', 512),
  getmydescription: (ctx) => ok({ description: getText(ctx, 'description') }),
  setmyshortdescription: (ctx) => setText(ctx, 'short_description', 120),
  getmyshortdescription: (ctx) => ok({ short_description: getText(ctx, 'short_description') }),
  setmyname: (ctx) => setText(ctx, 'name', 64),
  getmyname: (ctx) => ok({ name: getText(ctx, 'name') || ctx.state.bots.get(ctx.token).first_name }),
};

/** Where a command list is kept: per bot, per scope (chat-specific scopes by resolved chat), per language. */
function commandKey(state, token, params) {
  const scope = params.scope && typeof params.scope === 'object' ? params.scope : { type: 'default' };
  const types = ['default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member'];
  if (!types.includes(scope.type)) return { error: fail(400, "Bad Request: can't parse BotCommandScope JSON object") };
  let chatId = '';
  if (scope.type.startsWith('chat')) {
    const chat = state.findChat(scope.chat_id);
    if (!chat) return { error: fail(400, 'Bad Request: chat not found') };
    chatId = chat.id;
  }
  const userId = scope.type === 'chat_member' ? scope.user_id : '';
  return { key: `${token}|${scope.type}|${chatId}|${userId}|${params.language_code || ''}` };
}

function setText({ state, token, params }, field, max) {
  const value = params[field] === undefined ? '' : String(params[field]);
  if (value.length > max) return fail(400, `Bad Request: ${field} is too long`);
  state.texts.set(`${token}|${field}|${params.language_code || ''}`, value);
  return ok(true);
}

function getText({ state, token, params }, field) {
  return state.texts.get(`${token}|${field}|${params.language_code || ''}`) || '';
}

/** Waits for a new update for this bot, a reset, a superseding call or the deadline. */
function waitForUpdate(state, token, ms, poller) {
  return new Promise((resolve) => {
    let timer = null;
    const done = () => {
      clearTimeout(timer);
      state.off('update', onUpdate);
      state.off('reset', done);
      poller.wake = null;
      resolve();
    };
    const onUpdate = (updatedToken) => { if (updatedToken === token) done(); };
    timer = setTimeout(done, Math.max(0, ms));
    state.on('update', onUpdate);
    state.on('reset', done);
    poller.wake = done;
  });
}

/** The answer an injected fault gives, in the Bot API's error shape. */
function faultAnswer(fault) {
  switch (fault.kind) {
    case 'retry_after': {
      const seconds = Number(fault.retry_after === undefined ? 1 : fault.retry_after);
      return fail(429, fault.description || `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });
    }
    case 'forbidden': return fail(403, fault.description || 'Forbidden: bot was blocked by the user');
    case 'bad_request': return fail(400, fault.description || 'Bad Request: chat not found');
    case 'server_error': return fail(Number(fault.error_code) || 500, fault.description || 'Internal Server Error');
    case 'migrate': return fail(400, fault.description || 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: Number(fault.migrate_to_chat_id) });
    case 'unauthorized': return fail(401, 'Unauthorized');
    case 'conflict': return fail(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
    case 'error': return fail(Number(fault.error_code) || 400, fault.description || 'Bad Request', fault.parameters);
    case 'page': { // a server in front of the Bot API (a proxy, a front server) answering with its own HTML page
      const code = Number(fault.error_code) || 502;
      const title = `${code} ${fault.description || 'Bad Gateway'}`;
      return { ...fail(code, title), page: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n` };
    }
    default: throw new Error(`unknown fault kind ${fault.kind}`);
  }
}

const FAULT_KINDS = ['retry_after', 'forbidden', 'bad_request', 'server_error', 'migrate', 'unauthorized', 'conflict', 'error', 'page', 'delay', 'disconnect'];

/** One Bot API call, start to finish: token, latency, fault or handler, answer, log. */
async function dispatch(state, req, res) {
  const started = Date.now();
  const epoch = state.epoch;
  const seq = state.nextCallSeq();
  const { token } = req.params;
  const method = req.params.method;
  const params = readParams(req);
  const ctx = { state, token, params, closed: false, onClose: null };
  res.on('close', () => { ctx.closed = true; if (ctx.onClose) ctx.onClose(); });
  let answer;
  let fault = null;
  if (!/^\d+:[A-Za-z0-9_-]+$/.test(token)) {
    answer = fail(404, 'Not Found');
  } else if (!state.bots.has(token)) {
    answer = fail(401, 'Unauthorized');
  } else {
    const chat = params.chat_id === undefined ? undefined : state.findChat(params.chat_id);
    const delay = state.latencyFor(method);
    if (delay) await sleep(delay);
    fault = state.takeFault(method, params.chat_id, chat && chat.id);
    if (fault && fault.kind === 'delay') await sleep(Number(fault.delay_ms) || 0);
    if (state.epoch !== epoch) { // held across a reset: the test that made it is over; nothing of it is kept
      res.socket.destroy();
      return;
    }
    if (fault && !['delay', 'disconnect'].includes(fault.kind)) answer = faultAnswer(fault);
    else if (fault && fault.kind === 'disconnect') answer = null;
    else {
      const handler = handlers[method.toLowerCase()];
      answer = handler ? await handler(ctx)
        : fail(404, `Not Found: method ${method} is not emulated by the Communiqué Telegram test peer`);
    }
  }
  if (answer === null) {
    res.socket.destroy();
  } else if (!res.writableEnded && !ctx.closed) {
    if (answer.page) res.status(answer.status).type('html').send(answer.page);
    else res.status(answer.status).json(answer.body);
  }
  state.logCall({
    seq,
    time: started / 1000,
    duration_ms: Date.now() - started,
    method,
    chat_id: params.chat_id === undefined ? null : params.chat_id,
    params,
    status: answer ? answer.status : 0,
    ok: Boolean(answer && answer.body.ok),
    error_code: answer && !answer.body.ok ? answer.body.error_code : null,
    description: answer && !answer.body.ok ? answer.body.description : null,
    fault: fault ? fault.kind : null,
    answered: Boolean(answer) && !ctx.closed,
  });
}

/** Mounts `/bot<TOKEN>/<method>` (GET and POST, as Telegram accepts both). */
function mountBotApi(app, state) {
  app.all('/bot:token/:method', (req, res, next) => {
    if (!['GET', 'POST'].includes(req.method)) { next(); return; }
    dispatch(state, req, res).catch(next);
  });
}

module.exports = { mountBotApi, FAULT_KINDS, messageJson, findSent };
