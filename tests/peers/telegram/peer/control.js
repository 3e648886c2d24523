'use strict';
/**
 * Control routes for the tests, under `/_control/`: the simulated users (messages, commands, channel posts,
 * button presses), the world around the bot (chats, members, migrations), faults and latency, and reading back
 * what the bot did (messages sent, calls made, command lists).
 *
 * Every route answers JSON; a bad request answers 400 with {error: "..."} saying what to fix.
 */

const { FAULT_KINDS, messageJson, findSent } = require('./botApi');
const { PeerState, nowSeconds } = require('./state');

const GROUP_ANONYMOUS_BOT = 1087968824; // the user id Telegram puts on anonymous administrators' messages
const TELEGRAM_SERVICE = { id: 777000, is_bot: false, first_name: 'Telegram' }; // "from" of automatic forwards

/** Wraps a handler so a thrown Error becomes a 400 with its message (a test's mistake, not a crash). */
function route(handler) {
  return async (req, res) => {
    try {
      const result = await handler(req.body || {}, req);
      res.status(200).json(result === undefined ? { ok: true } : result);
    } catch (error) {
      res.status(400).json({ error: error.message });
    }
  };
}

function tokenOf(state, body) {
  if (body.token) {
    if (!state.bots.has(body.token)) throw new Error('unknown bot token: register it with /_control/bots first');
    return body.token;
  }
  if (state.bots.size !== 1) throw new Error('several bots are registered: say which with "token"');
  return [...state.bots.keys()][0];
}

/** The bot_command entity Telegram attaches to "/cmd@bot args" (UTF-16 offsets). */
function commandEntities(text) {
  const match = /^\/[^\s]+/.exec(text);
  return match ? [{ offset: 0, length: match[0].length, type: 'bot_command' }] : [];
}

/**
 * A message from a simulated user (or a channel post) into the emulator's update queue. The chat must be
 * known, except a private chat whose id is the user's: that one is created on first contact, as in Telegram.
 */
async function userMessage(state, body) {
  const token = tokenOf(state, body);
  if (typeof body.text !== 'string' || !body.text) throw new Error('"text" must be a non-empty string');
  let chat = state.findChat(body.chat_id);
  const userId = body.user_id === undefined ? body.chat_id : body.user_id;
  if (!chat) {
    if (String(body.chat_id) !== String(userId)) throw new Error(`unknown chat ${body.chat_id}: add it with /_control/chats first`);
    chat = state.addChat({ id: body.chat_id, type: 'private' });
  }
  if (chat.migrated_to) throw new Error(`chat ${chat.id} was migrated to ${chat.migrated_to}; users write there now`);
  const message = { botToken: token, date: nowSeconds(), chat: PeerState.chatJson(chat), text: body.text };
  if (chat.type === 'channel') {
    message.sender_chat = PeerState.chatJson(chat);
  } else if (body.anonymous_admin) {
    // An administrator posting anonymously: Telegram sends it "from" GroupAnonymousBot, as the group itself.
    if (chat.type === 'private') throw new Error('only group administrators can post anonymously');
    message.sender_chat = PeerState.chatJson(chat);
    message.from = { id: GROUP_ANONYMOUS_BOT, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' };
  } else {
    message.from = state.userFor(userId);
    if (!state.members.has(`${chat.id}|${userId}`) && chat.type !== 'private') state.setMember(chat.id, userId, 'member', { notify: false });
  }
  if (body.message_thread_id !== undefined) {
    // A message in a forum topic: Telegram marks it and names the topic (the id of the topic's first message).
    if (!chat.is_forum) throw new Error(`chat ${chat.id} is not a forum: add it with is_forum to write in a topic`);
    if (!Number.isInteger(body.message_thread_id)) throw new Error('"message_thread_id" must be a topic\'s id');
    message.message_thread_id = body.message_thread_id;
    message.is_topic_message = true;
  }
  if (body.forward_from !== undefined) {
    // A message forwarded from someone else's (Bot API 7: `forward_origin`), its words and entities kept: a
    // command in it stays marked as one, as Telegram keeps it.
    if (!Number.isInteger(body.forward_from)) throw new Error('"forward_from" must be the id of the user who wrote it');
    message.forward_origin = { type: 'user', date: nowSeconds() - 3600, sender_user: state.userFor(body.forward_from) };
  }
  if (body.reply_to_message_id) {
    const record = findSent(state, token, chat, body.reply_to_message_id);
    if (record) message.reply_to_message = messageJson(state, token, chat, record);
  }
  const entities = body.command === false ? [] : commandEntities(body.text);
  if (body.command === true && !entities.length) throw new Error('a command starts with "/"');
  if (body.sticker) {
    // A sticker: no text and no caption, only the sticker (its emoji is the text given here).
    delete message.text;
    message.sticker = { file_id: `sticker-${state.server.messageId}`, file_unique_id: `s${state.server.messageId}`, type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: body.text };
    message.message_id = state.nextMessageId();
    delete message.botToken;
    const update = state.queueUpdate(token, { [chat.type === 'channel' ? 'channel_post' : 'message']: message });
    return { update_id: update.update_id, message_id: message.message_id, chat_id: chat.id };
  }
  if (body.photo) {
    // A photo sent with the text as its caption: Telegram puts the words (and a command's bot_command entity) in
    // `caption` and `caption_entities`, and the message has no `text`.
    message.caption = message.text;
    delete message.text;
    message.photo = [{ file_id: `photo-${state.server.messageId}`, file_unique_id: `u${state.server.messageId}`, width: 320, height: 240, file_size: 9000 }];
    if (entities.length) message.caption_entities = entities;
    message.message_id = state.nextMessageId();
    delete message.botToken;
    const update = state.queueUpdate(token, { [chat.type === 'channel' ? 'channel_post' : 'message']: message });
    return { update_id: update.update_id, message_id: message.message_id, chat_id: chat.id };
  }
  if (entities.length) message.entities = entities;
  const ids = { update_id: state.server.updateId, message_id: state.server.messageId, chat_id: chat.id };
  if (entities.length) await state.server.addUserCommand(message);
  else await state.server.addUserMessage(message);
  state.emit('update', token);
  if (chat.type === 'channel' && chat.linked_chat_id) automaticForward(state, token, chat, message, ids.message_id);
  return ids;
}

/**
 * A channel post copied by Telegram into the channel's discussion group (Bot API: `is_automatic_forward`, the
 * channel as `sender_chat`, from the service user 777000), seen by a bot that is a member of that group.
 */
function automaticForward(state, token, channel, post, postId) {
  const group = state.findChat(channel.linked_chat_id);
  const bot = state.bots.get(token);
  if (!group || !bot || ['left', 'kicked'].includes(state.memberStatus(group, bot.id))) return;
  const message = {
    message_id: state.nextMessageId(),
    from: TELEGRAM_SERVICE,
    sender_chat: PeerState.chatJson(channel),
    date: post.date,
    chat: PeerState.chatJson(group),
    is_automatic_forward: true,
    forward_origin: { type: 'channel', chat: PeerState.chatJson(channel), message_id: postId, date: post.date },
    text: post.text,
  };
  if (post.entities) message.entities = post.entities;
  state.queueUpdate(token, { message });
}

/** A press on an inline button of a message the bot sent. */
async function pressButton(state, body) {
  const token = tokenOf(state, body);
  const chat = state.findChat(body.chat_id);
  if (!chat) throw new Error(`unknown chat ${body.chat_id}`);
  const record = findSent(state, token, chat, body.message_id);
  if (!record) throw new Error(`the bot sent no message ${body.message_id} in chat ${body.chat_id}`);
  const userId = body.user_id === undefined ? chat.id : body.user_id;
  const ids = { update_id: state.server.updateId, callback_query_id: String(state.server.callbackId) };
  await state.server.addUserCallback({
    botToken: token, from: state.userFor(userId), message: messageJson(state, token, chat, record), data: String(body.data || ''),
  });
  state.emit('update', token);
  return ids;
}

/** The bot's messages (optionally in one chat), as sent and as Telegram parsed them, oldest first. */
function sentMessages(state, body) {
  const token = body.token || null;
  return state.server.storage.botMessages
    .filter((u) => (!token || u.botToken === token)
      && (body.chat_id === undefined || body.chat_id === null || String(u.message.chat_id) === String(body.chat_id)))
    .map((u) => {
      const parsed = state.parsed.get(`${u.message.chat_id}|${u.messageId}`) || { text: u.message.text, entities: [] };
      return {
        message_id: u.messageId,
        chat_id: Number(u.message.chat_id),
        text: u.message.text,
        parse_mode: u.message.parse_mode || null,
        entities_sent: u.message.entities || null,
        plain_text: parsed.text,
        entities: parsed.entities,
        reply_markup: u.message.reply_markup || null,
        link_preview_options: u.message.link_preview_options || null,
        disable_web_page_preview: u.message.disable_web_page_preview === undefined ? null : u.message.disable_web_page_preview,
        disable_notification: u.message.disable_notification === undefined ? null : u.message.disable_notification,
        message_thread_id: u.message.message_thread_id === undefined ? null : u.message.message_thread_id,
        time: u.time / 1000,
        edit_date: parsed.edit_date || null,
      };
    });
}

/** Resolves when the emulator stores a bot message, or after `ms` (edits and deletions do not signal). */
function nextBotMessage(state, ms) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      state.server.off('AddedBotMessage', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    state.server.on('AddedBotMessage', done);
  });
}

/** Waits until the bot has sent at least `count` messages (to a chat), or answers 408 with what there is. */
async function waitSent(state, req, res) {
  const body = req.body || {};
  const count = Number(body.count || 1);
  const deadline = Date.now() + Number(body.timeout_ms || 5000);
  for (;;) {
    const messages = sentMessages(state, body);
    if (messages.length >= count) { res.json({ messages }); return; }
    if (Date.now() >= deadline) { res.status(408).json({ error: `the bot sent ${messages.length} of ${count} messages in time`, messages }); return; }
    await nextBotMessage(state, 50);
  }
}

function callLog(state, query) {
  const method = query.method ? String(query.method).toLowerCase() : null;
  const since = Number(query.since_seq || 0);
  const polling = query.include_polling === 'true' || query.include_polling === true;
  return state.calls.filter((c) => c.seq > since
    && (!method || c.method.toLowerCase() === method)
    && (polling || method === 'getupdates' || c.method.toLowerCase() !== 'getupdates')
    && (query.chat_id === undefined || String(c.chat_id) === String(query.chat_id)));
}

function addFault(state, body) {
  if (!FAULT_KINDS.includes(body.kind)) throw new Error(`fault "kind" must be one of ${FAULT_KINDS.join(', ')}`);
  if (!body.method) throw new Error('a fault needs the Bot API "method" it applies to (or "*")');
  if (body.kind === 'migrate' && !body.migrate_to_chat_id) throw new Error('a migrate fault needs "migrate_to_chat_id"');
  const fault = state.addFault(body);
  return { id: fault.id };
}

/**
 * A user's edit of a message they sent earlier (its `message_id`, as /_control/user_message answered it):
 * Telegram sends the message anew, with its new text and an `edit_date`, as an `edited_message` update
 * (`edited_channel_post` in a channel), and only to a bot that asked for those updates.
 */
function editUserMessage(state, body) {
  const token = tokenOf(state, body);
  if (typeof body.text !== 'string' || !body.text) throw new Error('"text" must be a non-empty string');
  if (!Number.isInteger(body.message_id)) throw new Error('"message_id" must be the id of the message edited');
  const chat = state.findChat(body.chat_id);
  if (!chat) throw new Error(`unknown chat ${body.chat_id}: add it with /_control/chats first`);
  const now = nowSeconds();
  const message = {
    message_id: body.message_id, date: now - 1, edit_date: now, chat: PeerState.chatJson(chat), text: body.text,
  };
  if (chat.type === 'channel') message.sender_chat = PeerState.chatJson(chat);
  else message.from = state.userFor(body.user_id === undefined ? body.chat_id : body.user_id);
  if (body.message_thread_id !== undefined) {
    // An edit of a message in a forum topic: Telegram's edited message names the topic, as the message did.
    if (!chat.is_forum) throw new Error(`chat ${chat.id} is not a forum: add it with is_forum to write in a topic`);
    if (!Number.isInteger(body.message_thread_id)) throw new Error('"message_thread_id" must be a topic\'s id');
    message.message_thread_id = body.message_thread_id;
    message.is_topic_message = true;
  }
  const entities = commandEntities(body.text);
  if (entities.length) message.entities = entities;
  const update = state.queueUpdate(token, { [chat.type === 'channel' ? 'edited_channel_post' : 'edited_message']: message });
  return { update_id: update.update_id, message_id: body.message_id, chat_id: chat.id };
}

/** Mounts every control route on the front app. */
function mountControl(app, state) {
  app.get('/_control/health', (_req, res) => res.json({ ok: true }));
  app.post('/_control/reset', route(() => { state.reset(); }));
  app.post('/_control/bots', route((b) => state.addBot(b.token, b)));
  app.post('/_control/users', route((b) => state.addUser(b)));
  app.post('/_control/chats', route((b) => state.addChat(b)));
  app.post('/_control/members', route((b) => { state.setMember(b.chat_id, b.user_id, b.status, b); }));
  app.post('/_control/migrate', route((b) => state.migrate(b.chat_id, b.new_chat_id)));
  app.post('/_control/user_message', route((b) => userMessage(state, b)));
  app.post('/_control/edit_user_message', route((b) => editUserMessage(state, b)));
  app.post('/_control/callback', route((b) => pressButton(state, b)));
  app.post('/_control/sent', route((b) => ({ messages: sentMessages(state, b) })));
  app.post('/_control/wait_sent', (req, res, next) => { waitSent(state, req, res).catch(next); });
  app.get('/_control/calls', route((_b, req) => ({ calls: callLog(state, req.query) })));
  app.post('/_control/faults', route((b) => addFault(state, b)));
  app.get('/_control/faults', route(() => ({ faults: state.faults })));
  app.delete('/_control/faults', route(() => { state.faults = []; }));
  app.post('/_control/latency', route((b) => { state.setLatency(b.ms, b.method); }));
  app.post('/_control/commands', route((b) => {
    const token = tokenOf(state, b);
    const scope = b.scope || { type: 'default' };
    let chatId = '';
    if (String(scope.type).startsWith('chat')) {
      const chat = state.findChat(scope.chat_id);
      chatId = chat ? chat.id : scope.chat_id;
    }
    const userId = scope.type === 'chat_member' ? scope.user_id : '';
    return { commands: state.commands.get(`${token}|${scope.type}|${chatId}|${userId}|${b.language_code || ''}`) || [] };
  }));
  app.post('/_control/pending', route((b) => ({ updates: state.pull(tokenOf(state, b)) })));
}

module.exports = { mountControl };
