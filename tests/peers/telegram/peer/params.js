'use strict';
/**
 * Bot API parameters as Telegram reads them: from the query string, a form, or a JSON body.
 *
 * python-telegram-bot posts forms where every non-string value is JSON text (`chat_id=123`,
 * `reply_markup={"inline_keyboard":...}`), so the fields below are JSON-decoded; free text (`text`,
 * `description`, `parse_mode`...) is never touched, so a message that happens to look like JSON stays text.
 */

const JSON_FIELDS = new Set([
  'allow_sending_without_reply', 'allowed_updates', 'cache_time', 'caption_entities', 'chat_id', 'commands',
  'disable_notification', 'disable_web_page_preview', 'drop_pending_updates', 'entities', 'from_chat_id',
  'limit', 'link_preview_options', 'message_id', 'message_thread_id', 'offset', 'only_if_banned',
  'protect_content', 'reply_markup', 'reply_parameters', 'reply_to_message_id', 'revoke_messages', 'scope',
  'show_alert', 'timeout', 'until_date', 'user_id',
]);

/** Decodes one field: JSON for the structured fields, unchanged otherwise (and unchanged if not JSON). */
function decodeField(name, value) {
  if (typeof value !== 'string' || !JSON_FIELDS.has(name)) return value;
  if (name === 'chat_id' && value.startsWith('@')) return value;
  try {
    return JSON.parse(value);
  } catch (_err) {
    return value;
  }
}

/** All parameters of one Bot API request, query and body merged, structured fields decoded. */
function readParams(req) {
  const merged = { ...(req.query || {}), ...(req.body && typeof req.body === 'object' ? req.body : {}) };
  const params = {};
  for (const [name, value] of Object.entries(merged)) params[name] = decodeField(name, value);
  return params;
}

module.exports = { readParams };
