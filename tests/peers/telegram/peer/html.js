'use strict';
/**
 * Telegram's parse_mode=HTML, as the Bot API applies it to a message before storing it.
 *
 * Why it lives in the peer: the emulator stores whatever text it is given, so a bot that sends broken HTML
 * would pass every test and fail against Telegram. The peer parses like Telegram does (same tags, same
 * entities, same kinds of error), answers 400 "can't parse entities" where Telegram would, and returns the
 * plain text and entities a real sendMessage result carries. It is written independently of the Python
 * checker (bot/digest/telegram_html.py) so the two can check each other.
 *
 * Offsets and lengths are UTF-16 code units, as in Telegram's entities; JS strings are UTF-16 already.
 */

const SIMPLE_TAGS = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
};
const OTHER_TAGS = new Set(['a', 'span', 'tg-emoji']);
const MAX_ENTITIES = 100;
const NAMED_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' };
const LINK_SCHEMES = /^(https?|tg|mailto|ftp):/i;

class HtmlParseError extends Error {
  /** A Telegram-style "can't parse entities" description; the peer answers it with 400. */
}

/** Byte offset of `index` in `html`, as Telegram reports positions (UTF-8 bytes). */
function byteOffset(html, index) {
  return Buffer.byteLength(html.slice(0, index), 'utf8');
}

/** Decodes one `&...;` at `i`; returns [text, nextIndex] or null when it is not an entity Telegram knows. */
function decodeEntity(html, i) {
  const end = html.indexOf(';', i + 1);
  if (end < 0 || end - i > 12) return null;
  const body = html.slice(i + 1, end);
  if (Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, body)) return [NAMED_ENTITIES[body], end + 1];
  let code = null;
  if (/^#[0-9]{1,7}$/.test(body)) code = parseInt(body.slice(1), 10);
  else if (/^#[xX][0-9a-fA-F]{1,6}$/.test(body)) code = parseInt(body.slice(2), 16);
  if (code === null || code > 0x10ffff || code === 0 || (code >= 0xd800 && code <= 0xdfff)) return null;
  return [String.fromCodePoint(code), end + 1];
}

/** Reads the attributes of a start tag from `i` to its `>`; returns [attrs, indexAfterTag]. */
function readAttributes(html, i, tagStart) {
  const attrs = {};
  for (;;) {
    while (i < html.length && /\s/.test(html[i])) i += 1;
    if (i >= html.length) throw new HtmlParseError(`Unclosed start tag at byte offset ${byteOffset(html, tagStart)}`);
    if (html[i] === '>') return [attrs, i + 1];
    if (html[i] === '/' && html[i + 1] === '>') return [attrs, i + 2];
    const nameMatch = /^[A-Za-z0-9_-]+/.exec(html.slice(i, i + 64));
    if (!nameMatch) {
      throw new HtmlParseError(`Expected equal sign in declaration of an attribute of the tag at byte offset ${byteOffset(html, tagStart)}`);
    }
    const name = nameMatch[0].toLowerCase();
    i += nameMatch[0].length;
    while (i < html.length && /\s/.test(html[i])) i += 1;
    if (html[i] !== '=') { attrs[name] = ''; continue; }
    i += 1;
    while (i < html.length && /\s/.test(html[i])) i += 1;
    let raw;
    if (html[i] === '"' || html[i] === "'") {
      const close = html.indexOf(html[i], i + 1);
      if (close < 0) throw new HtmlParseError(`Unclosed end of attribute value at byte offset ${byteOffset(html, i)}`);
      raw = html.slice(i + 1, close);
      i = close + 1;
    } else {
      const m = /^[^\s>]*/.exec(html.slice(i));
      raw = m[0];
      i += raw.length;
    }
    attrs[name] = decodeText(raw);
  }
}

/** Decodes entities inside an attribute value (an unknown `&` stays literal, as Telegram keeps it). */
function decodeText(raw) {
  let out = '';
  for (let i = 0; i < raw.length;) {
    if (raw[i] === '&') {
      const decoded = decodeEntity(raw, i);
      if (decoded) { out += decoded[0]; i = decoded[1]; continue; }
    }
    out += raw[i];
    i += 1;
  }
  return out;
}

/** Turns a start tag into the entity it opens (type plus extra fields), or throws as Telegram does. */
function entityForTag(name, attrs, html, tagStart) {
  if (SIMPLE_TAGS[name]) {
    const entity = { type: SIMPLE_TAGS[name] };
    if (name === 'blockquote' && 'expandable' in attrs) entity.type = 'expandable_blockquote';
    if (name === 'code' && attrs.class && attrs.class.startsWith('language-')) entity.language = attrs.class.slice(9);
    return entity;
  }
  if (name === 'a') return { type: 'text_link', url: attrs.href || '' };
  if (name === 'span') {
    if (attrs.class !== 'tg-spoiler') throw new HtmlParseError('Tag "span" must have class "tg-spoiler"');
    return { type: 'spoiler' };
  }
  if (name === 'tg-emoji') {
    if (!attrs['emoji-id']) throw new HtmlParseError(`Custom emoji entity must contain a valid custom emoji identifier at byte offset ${byteOffset(html, tagStart)}`);
    return { type: 'custom_emoji', custom_emoji_id: attrs['emoji-id'] };
  }
  throw new HtmlParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(html, tagStart)}`);
}

/** Finishes an entity when its end tag closes; drops empty ones and links Telegram would not accept. */
function closeEntity(open, text, entities) {
  const length = text.length - open.offset;
  if (length <= 0) return;
  const entity = { ...open.entity, offset: open.offset, length };
  if (entity.type === 'text_link' && !LINK_SCHEMES.test(entity.url)) return;
  if (entity.type === 'pre' && open.codeLanguage) entity.language = open.codeLanguage;
  if (entity.type === 'code' && open.insidePre) return; // <pre><code class=...> is one pre entity
  entities.push(entity);
}

/**
 * Parses Telegram HTML into {text, entities}. Throws HtmlParseError with Telegram's wording for what Telegram
 * rejects: unknown tags, bad nesting, unclosed tags, a lone `<`. A bare `>` or an unknown `&name;` stays text,
 * as Telegram keeps them.
 */
function parseTelegramHtml(html) {
  let text = '';
  const entities = [];
  const stack = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '&') {
      const decoded = decodeEntity(html, i);
      if (decoded) { text += decoded[0]; i = decoded[1]; } else { text += ch; i += 1; }
      continue;
    }
    if (ch !== '<') { text += ch; i += 1; continue; }
    const tagStart = i;
    if (html[i + 1] === '/') {
      const m = /^<\/([A-Za-z0-9-]*)\s*>/.exec(html.slice(i, i + 80));
      if (!m) throw new HtmlParseError(`Unclosed end tag at byte offset ${byteOffset(html, tagStart)}`);
      const name = m[1].toLowerCase();
      if (stack.length === 0) throw new HtmlParseError(`Unexpected end tag at byte offset ${byteOffset(html, tagStart)}`);
      const top = stack[stack.length - 1];
      if (top.name !== name) {
        throw new HtmlParseError(`Unmatched end tag at byte offset ${byteOffset(html, tagStart)}, expected "</${top.name}>", found "</${name}>"`);
      }
      stack.pop();
      closeEntity(top, text, entities);
      i += m[0].length;
      continue;
    }
    const m = /^<([A-Za-z][A-Za-z0-9-]*)/.exec(html.slice(i, i + 80));
    if (!m) throw new HtmlParseError(`Unclosed start tag at byte offset ${byteOffset(html, tagStart)}`);
    const name = m[1].toLowerCase();
    if (!SIMPLE_TAGS[name] && !OTHER_TAGS.has(name)) {
      throw new HtmlParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(html, tagStart)}`);
    }
    const [attrs, next] = readAttributes(html, i + m[0].length, tagStart);
    const entity = entityForTag(name, attrs, html, tagStart);
    const parent = stack[stack.length - 1];
    const open = { name, entity, offset: text.length, insidePre: Boolean(parent && parent.name === 'pre') };
    if (open.insidePre && name === 'code' && entity.language) parent.codeLanguage = entity.language;
    stack.push(open);
    i = next;
  }
  if (stack.length) {
    throw new HtmlParseError(`Can't find end tag corresponding to start tag "${stack[stack.length - 1].name}"`);
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  // Telegram keeps at most 100 entities of a message: it sends the message, and formatting past the 100th,
  // links included, is dropped without an error (tdlib/telegram-bot-api#820, rubenlagus/TelegramBots#854).
  return { text, entities: entities.slice(0, MAX_ENTITIES) };
}

module.exports = { parseTelegramHtml, HtmlParseError };
