"""Render digests and command replies as Discord message payloads (content + embeds), within Discord's limits.

Each payload is JSON-serialisable data in Discord's own form (`content`, `embeds`, `allowed_mentions`, `flags`),
so the delivery ledger can store it and the Discord adapter can post it unchanged.

Why this shape:
- one embed per story: Discord shows an embed as a card with a linked title, text, fields and a footer, which is
  what a story of a digest is; a message carries at most 10 embeds and 6000 characters across them, so a digest
  is split between messages at story boundaries;
- article text is not ours: every piece of it is escaped for Discord's Markdown and its mentions are broken with
  a zero-width space, and every payload says `allowed_mentions: {"parse": []}`, so no article can format our
  messages or ping anyone;
- lengths are counted as Discord counts them: in code points (Python's `len`), as Discord's API is written in
  Python and counts `len(str)`.

The limits themselves, and the checker the renderer's tests use, are in `limits.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from bot.analysis.model import Pledge, Quote
from bot.core.commands import Reply, Section
from bot.core.digest import (
    NO_SUMMARY_NOTE,
    PLEDGES_SHOWN,
    UPDATED_MARK,
    AlsoReported,
    Digest,
    PledgeLine,
    Story,
    StoryUpdate,
    day_text,
    deadline_note,
    deadline_parts,
    deadlines_title,
    in_language,
    is_a_day,
    more_pledges,
    outcome_note,
    pledges_not_shown,
    summary_note,
)
from bot.core.text import clean_controls, glyph_cut, is_web_url, set_apart
from bot.platforms.discord.limits import (
    AUTHOR_MAX,
    CONTENT_MAX,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    EMBEDS_MAX,
    FIELD_VALUE_MAX,
    TITLE_MAX,
    URL_MAX,
    embed_size,
)
from bot.platforms.discord.spec import DISCORD

EPHEMERAL_FLAG = 64
# No link previews on this message: Discord previews the web addresses of a message's text, and a reply that names
# stories by their addresses (/pledges) came buried under a card for each (Telegram's replies show none either).
SUPPRESS_EMBEDS_FLAG = 4
NO_MENTIONS: dict[str, list[str]] = {"parse": []}

# What our own layout spends, kept small so the article's words get the room.
EMBED_COLOUR = 0x2B6CB0
SOURCE_MAX = 200
QUOTE_SPEAKER_MAX = 120
QUOTE_TEXT_MAX = 700
PLEDGE_ACTOR_MAX = 120
PLEDGE_VALUE_MAX = 400
ALSO_REPORTED_MAX = FIELD_VALUE_MAX
PLEDGE_LINE_MAX = 600  # one line of the "Pledges falling due" / "Pledges reported on" embeds
EVIDENCE_MAX = 300
LINK_IN_FIELD_MAX = 400  # a longer URL is shown as the outlet's name alone, so one link cannot fill the field
ELLIPSIS = "…"
ZWSP = "\u200b"


# --------------------------------------------------------------------------------------------------------------
# Making article text safe
# --------------------------------------------------------------------------------------------------------------

# Characters with a Markdown meaning anywhere in a line (the backslash too: it would escape what follows);
# `>`, `#`, `-`, `+` and `1.` mean something only at the start of a line, handled by `_LINE_START`.
_ALWAYS_ESCAPE = "\\*_~`|[]"
_WHITESPACE = re.compile(r"\s+")
# Mentions Discord renders (and may ping): @everyone/@here, <@id>, <@!id>, <@&id>, <#id>, </cmd:id>, <:e:id>...
_AT_MASS = re.compile(r"@(everyone|here)", re.IGNORECASE)
_ANGLE = re.compile(r"<(?=[@#/:!&a-zA-Z])")
# Markdown that only means something at the start of a line: headings, subtext, quotes, lists.
_LINE_START = re.compile(r"^(\s*)(?:(\d+)([.)]\s)|(#{1,3}\s|-#\s|>{1,3}\s?|[-+]\s))")
# A web address as Discord's client links it (the form discord.py's escape_markdown leaves alone): Discord reads
# Markdown nowhere inside it, and shows a backslash there as part of the link ('a\\_b' opened as 'a/_b').
_WEB_ADDRESS = re.compile(r"https?://[^\s<]+[^<.,:;\"')\]\s]", re.IGNORECASE)


def clean_text(text: str) -> str:
    """Article text as one line of plain words: controls and bidi overrides dropped, whitespace collapsed."""
    return _WHITESPACE.sub(" ", clean_controls(text)).strip()


def neutralise_mentions(text: str) -> str:
    """Break every mention Discord would render, so neither content nor embeds can ping or look like a ping."""
    text = _AT_MASS.sub(lambda m: "@" + ZWSP + m.group(1), text)
    return _ANGLE.sub("<" + ZWSP, text)


def escape_markdown(text: str, *, links: bool = True) -> str:
    """Escape Discord Markdown so article text shows literally: emphasis, code, spoilers, masked links, quotes,
    headings and lists all lose their meaning (the backslash is hidden by Discord, the character shown). Web
    addresses are left as they are where Discord links them (`links`: a message's text, an embed's description and
    field values): it reads no Markdown inside one, so an escape there would only change the address the link
    opens. A title, a field's name and a masked link's words link nothing: an address there is escaped as text."""
    if not links or "://" not in text:
        return _LINE_START.sub(_escape_line_start, _escape_characters(text))
    pieces: list[str] = []
    done = 0
    for address in _WEB_ADDRESS.finditer(text):
        pieces.append(_escape_characters(text[done:address.start()]))
        pieces.append(address.group())
        done = address.end()
    pieces.append(_escape_characters(text[done:]))
    return _LINE_START.sub(_escape_line_start, "".join(pieces))


def _escape_characters(text: str) -> str:
    """A backslash before each character with a Markdown meaning anywhere in a line."""
    for ch in _ALWAYS_ESCAPE:  # the backslash first; str.replace is far faster than translate on non-ASCII text
        if ch in text:
            text = text.replace(ch, "\\" + ch)
    return text


def _escape_line_start(match: re.Match[str]) -> str:
    """`1. ` becomes `1\\. ` (the dot carries the meaning); `# `, `-# `, `> `, `- ` get a backslash in front."""
    indent, number, dot, marker = match.groups()
    if number is not None:
        return f"{indent}{number}\\{dot}"
    return f"{indent}\\{marker}"


def safe_text(text: str) -> str:
    """Article text ready for a Markdown-rendered embed part: cleaned, mentions broken, Markdown escaped."""
    return _markdown_safe(clean_text(text))


def plain_text(text: str) -> str:
    """Article text for a part Discord shows without Markdown (footer, author): cleaned, mentions broken."""
    return neutralise_mentions(clean_text(text))


def _markdown_safe(cleaned: str, links: bool = True) -> str:
    """Already-cleaned text with mentions broken and Markdown escaped (web addresses left whole with `links`)."""
    return escape_markdown(neutralise_mentions(cleaned), links=links)


def _markdown_safe_unlinked(cleaned: str) -> str:
    """`_markdown_safe` for a part where Discord links nothing (a title, a field's name, a masked link's words)."""
    return _markdown_safe(cleaned, links=False)


def fit(text: str, limit: int, *, markdown: bool = True, links: bool = True) -> str:
    """Article text made safe (`safe_text`, or `plain_text` with `markdown=False`) within `limit` characters:
    whole when it fits, else cut at a word and ended with "…".

    The cut is made in the cleaned text and the prefix made safe again, so an escape sequence or a broken
    mention is never split in half; a cut prefers a space in the last fifth, else falls on a character (never
    inside an emoji's joiner sequence, a flag, or before a combining mark).
    """
    if limit <= 0:
        return ""
    render: Callable[[str], str] = (
        (_markdown_safe if links else _markdown_safe_unlinked) if markdown else neutralise_mentions)
    cleaned = clean_text(text)
    if len(cleaned) <= limit:  # making text safe only adds characters: longer text can never fit whole
        whole = render(cleaned)
        if len(whole) <= limit:
            return whole
    raw = cleaned[:limit]
    cut = _word_boundary(raw, _longest_prefix(raw, limit - len(ELLIPSIS), render))
    return (render(raw[:cut].rstrip()) + ELLIPSIS) if cut > 0 else ELLIPSIS[:limit]


def _longest_prefix(raw: str, budget: int, render: Callable[[str], str]) -> int:
    """The longest prefix of `raw` whose rendering fits `budget`, by bisection.

    Rendering at most doubles a text, plus one escape at its start, so half the budget always fits.
    """
    low, high = min(len(raw), max(0, (budget - 1) // 2)), min(len(raw), budget)
    while low < high:
        mid = (low + high + 1) // 2
        if len(render(raw[:mid].rstrip())) <= budget:
            low = mid
        else:
            high = mid - 1
    return low


def _word_boundary(raw: str, cut: int) -> int:
    """Move a cut back to a space when one is near, or off a joiner/combining mark so a glyph stays whole."""
    space = raw.rfind(" ", 0, cut + 1)
    if space > 0 and space >= cut * 0.8:
        return space
    return glyph_cut(raw, cut)


def link_target(url: str) -> str | None:
    """A URL fit for an embed link or a masked link, or None: http(s) only; `(`, `)`, `<`, `>`, spaces encoded so
    the link cannot end early or carry Markdown. A host in another script is written as DNS has it
    ('мид.рф' is 'xn--d1ahl.xn--p1ai'; in percent escapes it was no host a browser opens), and a host without a
    dot ('http://intranet/...') is not linked: Discord refuses the whole message for it."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not is_web_url(url, URL_MAX):
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host.isascii():
        try:
            host, port = host.encode("idna").decode("ascii"), parts.port
        except (UnicodeError, ValueError):
            return None
        user = parts.netloc.rpartition("@")[0]
        netloc = (f"{user}@" if user else "") + host + (f":{port}" if port else "")
        url = urlunsplit(parts._replace(netloc=netloc))
    if "." not in host.strip("."):
        return None
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


# --------------------------------------------------------------------------------------------------------------
# Stories as embeds
# --------------------------------------------------------------------------------------------------------------


def story_embed(story: Story, day: date | None = None) -> dict[str, Any]:
    """One story as one embed, at most 6000 counted characters, so it always fits a message of its own.

    Title and link come first and are never dropped; fields have fixed caps (together at most about 5000
    characters, so the summary keeps at least about 1000); the summary gets what is left, up to 4096.
    """
    embed: dict[str, Any] = {"type": "rich", "title": _title(story), "color": EMBED_COLOUR}
    target = link_target(story.url)
    if target:
        embed["url"] = target
    followed = fit(story.followed, AUTHOR_MAX, markdown=False)
    if followed:  # why a chat following actors got it, above the title: "follows: Sergey Lavrov (quoted)"
        embed["author"] = {"name": followed}
    fields = _fields(story, day)
    footer = fit(story.source, SOURCE_MAX, markdown=False) or "Unknown source"
    if is_a_day(story.published):
        # A day alone (its feed gave no time): written out, as a timestamp is shown at an hour in each reader's
        # zone, the day before west of Greenwich.
        footer = f"{set_apart(footer)} · {day_text(story.published.date())}"
    elif story.published is not None:
        embed["timestamp"] = _iso(story.published)
    if story.language:  # beside the source, as the other platforms say it
        footer = f"{set_apart(footer)} · {in_language(story)}"
    embed["footer"] = {"text": footer}
    used = len(embed["title"]) + len(footer) + len(followed) + sum(len(f["name"]) + len(f["value"]) for f in fields)
    room = min(DESCRIPTION_MAX, EMBED_TOTAL_MAX - used)
    note = f"\n*{summary_note(story)}*" if summary_note(story) else ""  # with the summary it qualifies, never cut
    description = fit(" ".join(story.summary), room - len(note))
    if description:
        description += note
    elif not any(clean_text(sentence) for sentence in story.summary):  # a bare headline says why it is bare
        description = f"*{NO_SUMMARY_NOTE}*"
    if description:
        embed["description"] = description
    if fields:
        embed["fields"] = fields
    return embed


def _title(story: Story) -> str:
    """The story's title, escaped and within 256; an untitled story still gets a title to carry its link."""
    title = fit(story.title, TITLE_MAX, links=False)
    return title or fit(story.source, TITLE_MAX, links=False) or "Untitled story"


def _fields(story: Story, day: date | None = None) -> list[dict[str, Any]]:
    """The key quote, the pledges (a deadline before `day`, the reader's, said to be past) and the other outlets,
    each as a field within its cap."""
    fields: list[dict[str, Any]] = []
    quote_field = _quote_field(story.key_quote)
    if quote_field:
        fields.append(quote_field)
    fields.extend(_pledge_fields(story.pledges, day))
    also = _also_field(story.also_reported_by)
    if also:
        fields.append(also)
    return fields


def _quote_field(quote: Quote | None) -> dict[str, Any] | None:
    """The key quote, its speaker as the field's name."""
    if quote is None or not clean_text(quote.text):
        return None
    speaker = clean_text(quote.speaker or "")
    name = "💬 " + (fit(speaker, QUOTE_SPEAKER_MAX, links=False) if speaker else "Quoted")
    value = "“" + fit(quote.text, QUOTE_TEXT_MAX) + "”"
    return {"name": name, "value": value, "inline": False}


def _pledge_fields(pledges: Sequence[Pledge], day: date | None = None) -> list[dict[str, Any]]:
    """Up to five pledges, actor as name, commitment and deadline as value; a note counts the rest."""
    fields: list[dict[str, Any]] = []
    real = [p for p in pledges if clean_text(p.commitment)]
    shown = real[:PLEDGES_SHOWN]
    for pledge in shown:
        actor = fit(pledge.actor, PLEDGE_ACTOR_MAX, links=False) or "Someone"
        deadline = _deadline(pledge, day)
        tail = f"\n⏰ {deadline}" if deadline else ""
        value = fit(pledge.commitment, PLEDGE_VALUE_MAX - len(tail)) + tail
        fields.append({"name": f"🤝 {actor} pledged", "value": value, "inline": False})
    hidden = len(real) - len(shown)
    if hidden > 0 and fields:
        more = "\n" + more_pledges(hidden)
        fields[-1]["value"] += more
    return fields


def _deadline(pledge: Pledge, day: date | None = None) -> str:
    """The deadline as the article put it, then the date it resolved to, as Telegram writes them ("by April 30 ·
    30 Apr 2027"): an ISO date in parentheses read "(was due by April 30 (2027-04-30); ...)" in a pledge line."""
    return " · ".join(part for part in (fit(p, 80) for p in deadline_parts(pledge, due=day_text, today=day)) if part)


def _also_field(others: Sequence[AlsoReported]) -> dict[str, Any] | None:
    """Other outlets as masked links (plain names where the URL is not http/https), as many as fit."""
    parts: list[str] = []
    used = 0
    for index, other in enumerate(others):
        name = set_apart(fit(other.source, 80, links=False)) or "another outlet"
        target = link_target(other.url)
        part = f"[{name}]({target})" if target and len(target) <= LINK_IN_FIELD_MAX else name
        rest = len(others) - index - 1
        reserve = len(f", and {rest} more") if rest else 0
        if used + len(part) + 2 + reserve > ALSO_REPORTED_MAX:
            parts.append(f"and {len(others) - index} more")
            break
        parts.append(part)
        used += len(part) + 2
    if not parts:
        return None
    return {"name": "📰 Also reported by", "value": ", ".join(parts), "inline": False}


def _iso(moment: datetime) -> str:
    """A time as Discord's embed timestamp wants it (ISO 8601, UTC; naive times are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


# --------------------------------------------------------------------------------------------------------------
# Pledge lines as embeds
# --------------------------------------------------------------------------------------------------------------

_OUTCOME_MARK = {"kept": "✅ Kept", "broken": "❌ Broken", "superseded": "🔁 Superseded", "delayed": "🕒 Delayed"}
PLEDGE_EMBED_COLOUR = 0xB7791F


def _masked(name: str, url: str | None) -> str:
    """An outlet's (already safe) name as a masked link when its URL may be linked."""
    target = link_target(url or "")
    return f"[{name}]({target})" if target and len(target) <= LINK_IN_FIELD_MAX else name


def pledge_line_text(line: PledgeLine, today: date | None = None) -> str:
    """One pledge line as Markdown-safe text within PLEDGE_LINE_MAX: actor, commitment, deadline or outcome, and
    the story to read; `today` is the digest's day (a deadline on it is said to be today)."""
    actor = fit(line.actor, PLEDGE_ACTOR_MAX) or "Someone"
    if line.status in _OUTCOME_MARK:
        source = _masked(fit(line.report_source or "", 80, links=False) or "a later story", line.report_url)
        head = f"{_OUTCOME_MARK[line.status]}: **{actor}**: "
        evidence = fit(line.evidence or "", EVIDENCE_MAX)
        note = f" ({outcome_note(line)})" if outcome_note(line) else ""
        tail = f"{note} — {source}" + (f"\n> “{evidence}”" if evidence else "")
    else:
        deadline = _deadline(Pledge(line.actor, line.commitment, "", line.when, line.due))
        source = _masked(fit(line.source, 80, links=False) or "the story", line.url)
        mark, said = deadline_note(line, deadline, today)
        head = f"{mark} **{actor}**: "
        tail = (f" ({said})" if said else "") + f" — {source}"
    room = PLEDGE_LINE_MAX - len(head) - len(tail)
    return head + fit(line.commitment, max(room, 20)) + tail


def pledge_embeds(title: str, lines: Sequence[PledgeLine], more: str | None = None,
                  today: date | None = None) -> list[dict[str, Any]]:
    """A titled embed of pledge lines (a second one if they do not fit one description), and `more` (those left
    out, counted) last."""
    embeds: list[dict[str, Any]] = []
    current: list[str] = []
    texts = [pledge_line_text(line, today) for line in lines]
    if lines and more:
        texts.append(f"*{more}*")
    for text in texts:
        if current and len("\n".join([*current, text])) > DESCRIPTION_MAX:
            embeds.append(_pledge_embed(title, current))
            current = []
        current.append(text)
    if current:
        embeds.append(_pledge_embed(title, current))
    return embeds


def _pledge_embed(title: str, lines: list[str]) -> dict[str, Any]:
    return {"type": "rich", "title": title, "color": PLEDGE_EMBED_COLOUR, "description": "\n".join(lines)}


# --------------------------------------------------------------------------------------------------------------
# Updated stories
# --------------------------------------------------------------------------------------------------------------

UPDATE_EMBED_COLOUR = 0x718096


def update_embed(update: StoryUpdate) -> dict[str, Any]:
    """A story sent before and changed since: "🔄 Updated: <headline>" linked to the story, what changed as its
    description, the source in its footer."""
    embed: dict[str, Any] = {
        "type": "rich",
        "title": fit(f"🔄 {UPDATED_MARK} {update.title}", TITLE_MAX, links=False),
        "color": UPDATE_EMBED_COLOUR,
        "description": fit(update.change, DESCRIPTION_MAX),
    }
    target = link_target(update.url)
    if target:
        embed["url"] = target
    source = fit(update.source, SOURCE_MAX, markdown=False)
    if source:
        embed["footer"] = {"text": source}
    return embed


# --------------------------------------------------------------------------------------------------------------
# Messages
# --------------------------------------------------------------------------------------------------------------


def render_digest(digest: Digest) -> list[dict[str, Any]]:
    """The digest as Discord messages: the heading as content, one embed per story, then the pledge lines, split
    at embed boundaries so each message has at most 10 embeds and 6000 characters across them. An empty digest is
    one message."""
    heading = fit(digest.heading, 1500) or "Communiqué digest"
    if digest.empty:
        note = fit(digest.empty_note, CONTENT_MAX - len(heading) - 10)
        return [_payload(f"**{heading}**\n{note}", [])]
    embeds = [story_embed(story, digest.day) for story in digest.stories]
    embeds.extend(update_embed(update) for update in digest.updates)
    hidden = digest.pledge_lines_not_shown
    embeds.extend(pledge_embeds(deadlines_title(digest.pledges_due), digest.pledges_due,
                                pledges_not_shown(hidden, True, DISCORD.pledges), digest.day))
    embeds.extend(pledge_embeds("Pledges reported on", digest.pledge_reports,
                                pledges_not_shown(hidden, False, DISCORD.pledges)))
    batches = pack_embeds(embeds)
    total = len(batches)
    messages = []
    for number, batch in enumerate(batches, start=1):
        suffix = f" ({number}/{total})" if total > 1 else ""  # after a heading set apart: it may end in Arabic
        messages.append(_payload(f"**{set_apart(heading) if suffix else heading}**{suffix}", batch))
    if digest.note:  # e.g. how many more stories matched than fit: said in the last message's text
        last = messages[-1]
        last["content"] += "\n" + fit(digest.note, CONTENT_MAX - len(last["content"]) - 1)
    return messages


def pack_embeds(embeds: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group embeds, in order, into messages of at most 10 embeds and 6000 counted characters each."""
    batches: list[list[dict[str, Any]]] = []
    current: list[dict[str, Any]] = []
    size = 0
    for embed in embeds:
        this = embed_size(embed)
        if current and (len(current) >= EMBEDS_MAX or size + this > EMBED_TOTAL_MAX):
            batches.append(current)
            current, size = [], 0
        current.append(embed)
        size += this
    if current:
        batches.append(current)
    return batches


def render_reply(reply: Reply) -> list[dict[str, Any]]:
    """A command's reply as Discord messages: its text and sections as content (split at lines to stay within
    2000), then its digest, if any. An ephemeral reply carries Discord's ephemeral flag (64) on every message."""
    blocks = [safe_multiline(reply.text)] if clean_text(reply.text) else []
    blocks.extend(_section_block(section) for section in reply.sections)
    messages = [_payload(chunk, []) for chunk in split_content("\n\n".join(b for b in blocks if b))]
    if reply.digest is not None:
        messages.extend(render_digest(reply.digest))
    if not messages:
        messages = [_payload("Done.", [])]
    for message in messages:
        if not message["embeds"] and _WEB_ADDRESS.search(message["content"] or ""):
            message["flags"] = message.get("flags", 0) | SUPPRESS_EMBEDS_FLAG
        if reply.ephemeral:
            message["flags"] = message.get("flags", 0) | EPHEMERAL_FLAG
    return messages


def safe_multiline(text: str) -> str:
    """Plain text that may span lines (a reply), each line made safe on its own."""
    lines = [safe_text(line) for line in (text or "").splitlines()]
    return "\n".join(lines).strip("\n")


def _section_block(section: Section) -> str:
    """A section as a bold title over its lines as a bulleted list."""
    lines = [f"**{safe_text(section.title)}**"] if section.title and clean_text(section.title) else []
    lines.extend(f"• {safe_text(line)}" for line in section.lines if clean_text(line))
    return "\n".join(lines)


def split_content(text: str, limit: int = CONTENT_MAX) -> list[str]:
    """Text in pieces of at most `limit`, cut at line ends (a line too long alone is cut at a word)."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            head, line = _split_long_line(line, limit)
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return [p.strip("\n") for p in pieces if p.strip()]


def _split_long_line(line: str, limit: int) -> tuple[str, str]:
    """The head of an over-long line at a space (or at `limit`, moved off a backslash escape) and the rest."""
    cut = line.rfind(" ", 0, limit + 1)
    if cut < limit * 0.5:
        cut = limit
        while cut > 0 and _inside_escape(line, cut):
            cut -= 1
    return line[:cut].rstrip(), line[cut:].lstrip()


def _inside_escape(line: str, cut: int) -> bool:
    """True when cutting before `cut` would separate a backslash from the character it escapes."""
    slashes = 0
    index = cut - 1
    while index >= 0 and line[index] == "\\":
        slashes += 1
        index -= 1
    return slashes % 2 == 1


def _payload(content: str | None, embeds: list[dict[str, Any]]) -> dict[str, Any]:
    """One message's payload; mentions are never parsed, whatever the text holds."""
    return {"content": content, "embeds": embeds, "allowed_mentions": dict(NO_MENTIONS)}


CARDS_NOT_SHOWN = ("(Communiqué may not show story cards in this channel: give it the Embed Links permission "
                   "(channel settings > Permissions). The stories, as text:)")


_ESCAPE = re.compile(r"\\([\\*_~`|\[\]])")


def _addresses_unescaped(text: str) -> str:
    """An embed's title (where Discord links nothing, so an address was escaped as text) made fit for a message's
    text, where Discord links an address and reads no Markdown inside it: the escapes inside each address removed.
    A headline that is a web address ('…/treaty_texts') opened '…/treaty\\_texts'."""
    return _WEB_ADDRESS.sub(lambda address: _ESCAPE.sub(r"\1", address.group()), text)


def cards_as_text(embeds: list[dict[str, Any]]) -> list[str]:
    """Story cards written out as messages of text, for a channel where Discord drops them: a message with content
    and embeds, sent without Embed Links, keeps its content and loses every embed without an error, so a digest
    reached its readers as a heading alone. Each card keeps its title, link, summary, fields and source line; the
    messages keep the cards in order, each within 2000 characters, cut between cards (`_whole_cards`). A card's
    time is written as Discord's timestamp markup: without it a story as text said no time at all."""
    pieces = [CARDS_NOT_SHOWN]
    for embed in embeds:
        # an embed's author and footer show no Markdown, so they were not escaped; a message's text does
        lines = [escape_markdown(embed["author"]["name"])] if embed.get("author") else []
        title = _addresses_unescaped(str(embed.get("title") or ""))
        lines.append(f"**{title}**" if title else "")
        if embed.get("url"):
            lines.append(f"<{embed['url']}>")  # no preview: Discord would show it as the card it may not show
        if embed.get("description"):
            lines.append(str(embed["description"]))
        lines.extend(f"{field['name']}: {field['value']}" for field in embed.get("fields") or [])
        if embed.get("footer"):
            lines.append(escape_markdown(str(embed["footer"]["text"])) + _time_markup(embed.get("timestamp")))
        pieces.append("\n".join(line for line in lines if line))
    return _whole_cards(pieces)


def _time_markup(timestamp: object) -> str:
    """" · <t:1765000800:f>" for a card's timestamp, which Discord's client shows as a date and time in each
    reader's zone, as it shows the card's; nothing for a card without one (a story dated by day alone says its day
    in the source line already)."""
    if not isinstance(timestamp, str):
        return ""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return ""
    return f" · <t:{int(moment.timestamp())}:f>"


def _whole_cards(cards: list[str], limit: int = CONTENT_MAX) -> list[str]:
    """Cards written out, joined into messages of at most `limit` without cutting one (a card longer than a message
    alone is split at its lines): a cut inside a card left its summary opening the next message, under no
    headline."""
    messages: list[str] = []
    current = ""
    for card in cards:
        joined = f"{current}\n\n{card}" if current else card
        if len(joined) <= limit:
            current = joined
            continue
        if current:
            messages.append(current)
        current = card
        if len(card) > limit:
            *whole, current = split_content(card, limit)
            messages.extend(whole)
    if current:
        messages.append(current)
    return messages
