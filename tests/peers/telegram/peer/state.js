'use strict';
/**
 * What the peer knows beyond the emulator: bots, chats, users and their membership, command lists, faults,
 * latency, the call log, and each bot's queue of updates.
 *
 * Messages themselves stay in the emulator's storage (user updates and the bot's sent messages); this class
 * adds what Telegram knows and the emulator does not, so the Bot API answers depend on it the way Telegram's do
 * (a kicked bot gets 403, a migrated group answers migrate_to_chat_id, `@name` resolves to a channel).
 */

const EventEmitter = require('events');

const MEMBER_STATUSES = new Set(['creator', 'administrator', 'member', 'restricted', 'left', 'kicked']);
const CALL_LOG_LIMIT = 20000;

/** Seconds since the epoch, as Telegram dates are. */
function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/** Telegram's numeric bot id is the part of the token before the colon. */
function botIdFromToken(token) {
  const id = Number(String(token).split(':')[0]);
  return Number.isSafeInteger(id) && id > 0 ? id : 0;
}

class PeerState extends EventEmitter {
  constructor(server) {
    super();
    this.server = server;
    this.bots = new Map(); // token -> {id, username, first_name}
    this.reset();
  }

  /** Forgets everything but the registered bots: chats, users, members, commands, faults, log, messages. */
  reset() {
    // A call still held (latency, a delay fault) when a test ends belongs to that test: its hold ending after this
    // reset must not play it into the next test's chats (same ids, same token). `dispatch` compares epochs.
    this.epoch = (this.epoch || 0) + 1;
    this.chats = new Map(); // String(chat id) -> chat
    this.users = new Map(); // String(user id) -> user
    this.members = new Map(); // `${chat}|${user}` -> {status, custom_title}
    this.commands = new Map(); // `${token}|${scope key}|${lang}` -> [{command, description}]
    this.texts = new Map(); // `${token}|${field}|${lang}` -> description / short description / name
    this.faults = [];
    this.latency = [];
    this.calls = [];
    this.callSeq = 0;
    this.faultSeq = 0;
    this.queues = new Map(); // token -> updates fetched from the emulator or made here, not yet confirmed
    this.parsed = new Map(); // `${chat}|${message id}` -> {text, entities, edit_date}
    this.pollers = new Map(); // token -> the waiting getUpdates call, so a newer one can supersede it
    this.server.storage.userMessages = [];
    this.server.storage.botMessages = [];
    for (const bot of this.bots.values()) {
      this.users.set(String(bot.id), { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username });
    }
    this.emit('reset');
  }

  // ---- bots, users, chats ----

  addBot(token, { username = 'communique_test_bot', first_name: firstName = 'Communiqué (test)' } = {}) {
    const id = botIdFromToken(token);
    if (!id) throw new Error('a bot token looks like "<numeric id>:<secret>"');
    const bot = { id, username, first_name: firstName };
    this.bots.set(token, bot);
    this.users.set(String(id), { id, is_bot: true, first_name: firstName, username });
    return bot;
  }

  botUser(token) {
    const bot = this.bots.get(token);
    return { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username };
  }

  tokenForBotId(id) {
    for (const [token, bot] of this.bots) if (String(bot.id) === String(id)) return token;
    return null;
  }

  addUser({ id, first_name: firstName, last_name: lastName, username, is_bot: isBot = false, language_code: lang }) {
    const user = { id: Number(id), is_bot: Boolean(isBot), first_name: firstName || `User ${id}` };
    if (lastName) user.last_name = lastName;
    if (username) user.username = username;
    if (lang) user.language_code = lang;
    this.users.set(String(id), user);
    return user;
  }

  userFor(id) {
    return this.users.get(String(id)) || this.addUser({ id });
  }

  addChat({ id, type = 'private', title, username, first_name: firstName, last_name: lastName, bot_status: botStatus, is_forum: isForum, linked_chat_id: linkedChatId }) {
    if (!['private', 'group', 'supergroup', 'channel'].includes(type)) {
      throw new Error(`chat type must be private, group, supergroup or channel, not ${JSON.stringify(type)}`);
    }
    const chat = { id: Number(id), type };
    if (type === 'private') {
      const user = this.userFor(id);
      chat.first_name = firstName || user.first_name;
      if (lastName || user.last_name) chat.last_name = lastName || user.last_name;
      if (username || user.username) chat.username = username || user.username;
    } else {
      chat.title = title || `Chat ${id}`;
      if (username) chat.username = String(username).replace(/^@/, '');
      if (isForum) {
        if (type !== 'supergroup') throw new Error('only a supergroup can be a forum (topics on)');
        chat.is_forum = true;
      }
    }
    if (linkedChatId !== undefined && linkedChatId !== null) {
      // A channel's discussion group (or the group's channel): Telegram forwards each channel post into the group.
      const linked = this.findChat(linkedChatId);
      if (!linked) throw new Error(`unknown chat ${linkedChatId} to link: add it first`);
      const channel = type === 'channel' ? chat : linked;
      const group = type === 'channel' ? linked : chat;
      if (channel.type !== 'channel' || group.type !== 'supergroup') throw new Error('only a channel and a supergroup can be linked (a discussion group)');
      chat.linked_chat_id = linked.id;
      linked.linked_chat_id = chat.id;
    }
    this.chats.set(String(chat.id), chat);
    if (botStatus) for (const bot of this.bots.values()) this.setMember(chat.id, bot.id, botStatus, { notify: false });
    return chat;
  }

  /** A chat by numeric id or `@username`, or undefined. */
  findChat(ref) {
    if (typeof ref === 'string' && ref.startsWith('@')) {
      const name = ref.slice(1).toLowerCase();
      for (const chat of this.chats.values()) if (chat.username && chat.username.toLowerCase() === name) return chat;
      return undefined;
    }
    return this.chats.get(String(Number(ref)));
  }

  /** The chat as it appears inside a Message (no full info). */
  static chatJson(chat) {
    const out = { id: chat.id, type: chat.type };
    for (const key of ['title', 'username', 'first_name', 'last_name', 'is_forum']) if (chat[key]) out[key] = chat[key];
    return out;
  }

  // ---- membership ----

  /** The bot's default standing in a chat: a channel only lets bots post as administrators. */
  defaultStatus(chat, userId) {
    if (chat.type === 'channel' && this.tokenForBotId(userId)) return 'administrator';
    if (chat.type === 'private') return String(chat.id) === String(userId) || this.tokenForBotId(userId) ? 'member' : 'left';
    return this.tokenForBotId(userId) ? 'member' : 'left';
  }

  memberStatus(chat, userId) {
    const entry = this.members.get(`${chat.id}|${userId}`);
    return entry ? entry.status : this.defaultStatus(chat, userId);
  }

  /** Whether a channel's administrator kept the "Post messages" right (every other standing: not asked here). */
  mayPost(chat, userId) {
    const entry = this.members.get(`${chat.id}|${userId}`);
    return !entry || entry.can_post_messages !== false;
  }

  /** Sets a member's status; for a bot, queues the my_chat_member update Telegram would send it. */
  setMember(chatId, userId, status, {
    notify = true, custom_title: customTitle, by_user_id: byUserId, can_post_messages: canPost,
  } = {}) {
    if (!MEMBER_STATUSES.has(status)) {
      throw new Error(`status must be one of ${[...MEMBER_STATUSES].join(', ')}, not ${JSON.stringify(status)}`);
    }
    const chat = this.findChat(chatId);
    if (!chat) throw new Error(`unknown chat ${chatId}: add it first`);
    this.userFor(userId);
    const old = this.memberStatus(chat, userId);
    const oldEntry = this.members.get(`${chat.id}|${userId}`) || {};
    // A channel's administrator may be kept from posting (Telegram's "Post messages" right taken away).
    const entry = { status, custom_title: customTitle };
    if (canPost === false) entry.can_post_messages = false;
    this.members.set(`${chat.id}|${userId}`, entry);
    const token = this.tokenForBotId(userId);
    const rightsChanged = (oldEntry.can_post_messages !== false) !== (entry.can_post_messages !== false);
    if (token && notify && (old !== status || rightsChanged)) {
      const from = byUserId !== undefined ? this.userFor(byUserId) : this.anyHuman(chat);
      this.queueUpdate(token, {
        my_chat_member: {
          chat: PeerState.chatJson(chat),
          from,
          date: nowSeconds(),
          old_chat_member: this.memberJson(chat, userId, old, oldEntry),
          new_chat_member: this.memberJson(chat, userId, status),
        },
      });
    }
  }

  anyHuman(chat) {
    for (const [key, entry] of this.members) {
      const [chatKey, userKey] = key.split('|');
      if (chatKey === String(chat.id) && entry.status === 'creator') return this.userFor(userKey);
    }
    return chat.type === 'private' ? this.userFor(chat.id) : this.userFor(1);
  }

  /** A ChatMember object as the Bot API returns it for this status (every field PTB requires). */
  memberJson(chat, userId, status = this.memberStatus(chat, userId), entry = this.members.get(`${chat.id}|${userId}`) || {}) {
    const user = this.userFor(userId);
    if (status === 'creator') {
      const out = { status, user, is_anonymous: false };
      if (entry.custom_title) out.custom_title = entry.custom_title;
      return out;
    }
    if (status === 'administrator') {
      const out = {
        status, user, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
        can_manage_video_chats: true, can_restrict_members: true, can_promote_members: false, can_change_info: true,
        can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false,
      };
      if (chat.type === 'channel') {
        const canPost = entry.can_post_messages !== false;
        Object.assign(out, { can_post_messages: canPost, can_edit_messages: canPost });
      }
      else out.can_pin_messages = true;
      if (entry.custom_title) out.custom_title = entry.custom_title;
      return out;
    }
    if (status === 'restricted') {
      const no = {};
      for (const key of ['can_change_info', 'can_invite_users', 'can_pin_messages', 'can_send_messages',
        'can_send_polls', 'can_send_other_messages', 'can_add_web_page_previews', 'can_manage_topics',
        'can_send_audios', 'can_send_documents', 'can_send_photos', 'can_send_videos', 'can_send_video_notes',
        'can_send_voice_notes', 'can_edit_tag', 'can_react_to_messages']) no[key] = false;
      return { status, user, is_member: true, until_date: 0, ...no };
    }
    if (status === 'kicked') return { status, user, until_date: 0 };
    return { status, user };
  }

  /** Everyone the peer knows in this chat: explicit members plus the bots (present by default). */
  knownMemberIds(chat) {
    const ids = new Set();
    for (const key of this.members.keys()) {
      const [chatKey, userKey] = key.split('|');
      if (chatKey === String(chat.id)) ids.add(userKey);
    }
    for (const bot of this.bots.values()) ids.add(String(bot.id));
    if (chat.type === 'private') ids.add(String(chat.id));
    return [...ids];
  }

  administrators(chat) {
    return this.knownMemberIds(chat)
      .filter((id) => ['creator', 'administrator'].includes(this.memberStatus(chat, id)))
      .map((id) => this.memberJson(chat, id));
  }

  memberCount(chat) {
    return this.knownMemberIds(chat)
      .filter((id) => ['creator', 'administrator', 'member', 'restricted'].includes(this.memberStatus(chat, id)))
      .length;
  }

  /** Turns a group into a supergroup with a new id, as Telegram does, with the two service messages. */
  migrate(chatId, newChatId) {
    const chat = this.findChat(chatId);
    if (!chat || chat.type !== 'group') throw new Error(`only a known group can be migrated (got ${chatId})`);
    const fresh = this.addChat({ id: newChatId, type: 'supergroup', title: chat.title, username: chat.username });
    for (const [key, entry] of [...this.members]) {
      const [chatKey, userKey] = key.split('|');
      if (chatKey === String(chat.id)) this.members.set(`${fresh.id}|${userKey}`, { ...entry });
    }
    chat.migrated_to = fresh.id;
    const from = this.anyHuman(chat);
    for (const [token, bot] of this.bots) {
      if (!['member', 'administrator', 'creator'].includes(this.memberStatus(chat, bot.id))) continue;
      this.queueUpdate(token, { message: { message_id: this.nextMessageId(), from, date: nowSeconds(), chat: PeerState.chatJson(chat), migrate_to_chat_id: fresh.id } });
      this.queueUpdate(token, { message: { message_id: this.nextMessageId(), from, sender_chat: PeerState.chatJson(chat), date: nowSeconds(), chat: PeerState.chatJson(fresh), migrate_from_chat_id: chat.id } });
    }
    return fresh;
  }

  // ---- updates ----

  nextMessageId() {
    const id = this.server.messageId;
    this.server.messageId += 1;
    return id;
  }

  queue(token) {
    if (!this.queues.has(token)) this.queues.set(token, []);
    return this.queues.get(token);
  }

  /** Adds an update made by the peer itself (membership, migration), numbered in the emulator's sequence. */
  queueUpdate(token, body) {
    const update = { update_id: this.server.updateId, ...body };
    this.server.updateId += 1;
    this.queue(token).push(update);
    this.emit('update', token);
    return update;
  }

  /** Moves the emulator's unread user updates for this bot into its queue, corrected to Bot API shape. */
  pull(token) {
    const fresh = this.server.getUpdates(token).map((u) => this.correctUpdate(u));
    const queue = this.queue(token);
    if (fresh.length) {
      queue.push(...fresh);
      queue.sort((a, b) => a.update_id - b.update_id);
    }
    return queue;
  }

  /** The emulator's update as Telegram would send it: dates in seconds, channel posts, chat_instance. */
  correctUpdate(update) {
    if (update.callback_query) {
      const query = { ...update.callback_query };
      query.chat_instance = String(Math.abs(Number(query.message && query.message.chat && query.message.chat.id) || 0) * 7919 + 13);
      return { update_id: update.update_id, callback_query: query };
    }
    const message = { ...update.message };
    delete message.botToken;
    if (message.date > 1e11) message.date = Math.floor(message.date / 1000);
    const key = message.chat && message.chat.type === 'channel' ? 'channel_post' : 'message';
    return { update_id: update.update_id, [key]: message };
  }

  /**
   * Telegram's offset rule: updates below `offset` are confirmed and forgotten; a negative offset keeps
   * only the last -offset updates.
   */
  confirm(token, offset) {
    const queue = this.queue(token);
    if (offset === undefined || offset === null || offset === '' || Number.isNaN(Number(offset))) return queue;
    const value = Number(offset);
    let kept;
    if (value < 0) kept = queue.slice(Math.max(0, queue.length + value));
    else kept = queue.filter((u) => u.update_id >= value);
    this.queues.set(token, kept);
    return kept;
  }

  dropPending(token) {
    this.pull(token);
    this.queues.set(token, []);
  }

  // ---- faults, latency, call log ----

  addFault(spec) {
    const fault = { id: ++this.faultSeq, times: 1, ...spec };
    fault.method = String(fault.method || '*').toLowerCase();
    fault.remaining = Math.max(1, Number(fault.times) || 1);
    if (fault.chat_id !== undefined && fault.chat_id !== null) fault.chat_id = String(fault.chat_id);
    this.faults.push(fault);
    return fault;
  }

  /** Takes (and counts down) the first fault that matches this call. */
  takeFault(method, chatRef, resolvedChatId) {
    const lower = method.toLowerCase();
    const index = this.faults.findIndex((f) => (f.method === '*' || f.method === lower)
      && (f.chat_id === undefined || f.chat_id === null || f.chat_id === String(chatRef) || f.chat_id === String(resolvedChatId)));
    if (index < 0) return null;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  setLatency(ms, method) {
    const key = String(method || '*').toLowerCase();
    this.latency = this.latency.filter((rule) => rule.method !== key);
    if (Number(ms) > 0) this.latency.push({ method: key, ms: Number(ms) });
  }

  /** The latency for a method: its own rule, else the '*' rule (which spares getUpdates, to keep polling live). */
  latencyFor(method) {
    const lower = method.toLowerCase();
    const own = this.latency.find((rule) => rule.method === lower);
    if (own) return own.ms;
    const any = this.latency.find((rule) => rule.method === '*');
    return any && lower !== 'getupdates' ? any.ms : 0;
  }

  /** A number for a call as it starts, so the log reads in the order calls were made. */
  nextCallSeq() {
    this.callSeq += 1;
    return this.callSeq;
  }

  logCall(entry) {
    this.calls.push(entry);
    this.calls.sort((a, b) => a.seq - b.seq);
    if (this.calls.length > CALL_LOG_LIMIT) this.calls.splice(0, this.calls.length - CALL_LOG_LIMIT);
  }
}

module.exports = { PeerState, nowSeconds, botIdFromToken };
