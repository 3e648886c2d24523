"""Digests and command replies as Telegram HTML messages, each within Telegram's limit.

A digest reads as one block per story: the linked title, the source and time, the summary, the key quote in a
blockquote with its speaker, up to five pledges with actor and deadline (the rest counted, as on every
platform), and "also reported by" links. Messages are cut only between blocks, so a story is never split across
messages; a story too long for one message on its own is shortened (summary first, then the other outlets,
pledges and the quote), keeping its title and link, and the outlets and pledges it leaves out are counted.

Length: Telegram's limit (4096) applies to the text after entity parsing. The renderer holds the raw HTML,
markup included, to the limit instead, counted in UTF-16 code units: the parsed text is never longer than its
HTML, so the rule is simple, safe, and costs at most the few characters of markup per message.

Every piece of article text is cleaned (control characters and lone surrogates removed) and escaped; links
are made only to http and https URLs. Each rendered message is checked against Telegram's rules
(`bot.platforms.telegram.html`) before it is returned, so a renderer bug is a clear `RenderError` here rather
than a lost message at send time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
from bot.platforms.telegram.html import check, escape_attr, escape_text, utf16_len
from bot.platforms.telegram.limits import ENTITIES_MAX, MESSAGE_MAX
from bot.platforms.telegram.spec import TELEGRAM

MIN_LIMIT = 64  # below this not even a shortened title fits in a useful way
BLOCK_SEPARATOR = "\n\n"
ELLIPSIS = "…"

# Caps on single fields, whatever room is left: a headline longer than this is not a headline.
TITLE_CAP = 400
NAME_CAP = 120  # sources, speakers, actors
QUOTE_CAP = 700
COMMITMENT_CAP = 400
WHEN_CAP = 80
FOLLOWED_CAP = 200  # the "follows: ..." marker
EVIDENCE_CAP = 300  # the sentence a "Kept"/"Broken" line quotes
URL_CAP = 2000  # an href longer than this once escaped is not linked (its words stay): with the title cap, a
# linked title always fits a 4096 message
MIN_LINKED_TITLE = 20  # in a tiny limit, a link is kept only if at least this much of the title fits inside it
MIN_USEFUL_TEXT = 40  # shortening a summary or quote below this many characters drops it instead

_WHITESPACE = re.compile(r"\s+")
# Controls (Unicode Cc) but newline and tab, and the bidi overrides and isolates that could reorder a line
# (as the other renderers strip them); zero-width joiners stay, emoji sequences need them.


class RenderError(RuntimeError):
    """The renderer produced a message Telegram would refuse: a bug, reported with the problems found."""


# ---- cleaning article text ----

def clean_text(text: str | None) -> str:
    """Article text fit to send: lone surrogates replaced; controls (but newline, tab) and bidi overrides removed."""
    return clean_controls(text)


def clean_inline(text: str | None) -> str:
    """A one-line field (title, source, name): cleaned, whitespace runs folded to one space, trimmed."""
    return _WHITESPACE.sub(" ", clean_text(text)).strip()


# An "@name" or "/name" opening a word of a story's text: Telegram makes the first a link to whichever Telegram
# account holds that name (a story quoting "@velmora_mfa", a handle on another network, sent readers to a stranger's
# profile) and the second a command a tap sends to the chat's bots ("the /start of talks" sent /start).
# Only at a word's start (the line's, or after a space, an opening bracket or quote): "</a>", "and/or" and
# "press@mfa.example" are no such word, and are left as written.
_LIVE_WORD = re.compile(r"(?<![^\s(\[“‘\"'«])([@/])(?=\w)")
WORD_JOINER = "\u2060"


def inert(text: str) -> str:
    """A story's words with an invisible word joiner after the "@" or "/" that opens a word, so that Telegram makes
    neither a mention nor a command of it; the words read and copy as they were written."""
    return _LIVE_WORD.sub(rf"\1{WORD_JOINER}", text)


def shorten(text: str, cap: int) -> str:
    """The text cut to at most `cap` characters, at a word boundary where one is near, with an ellipsis."""
    if len(text) <= cap:
        return text
    end = max(0, cap - 1)
    space = text.rfind(" ", 0, end)
    cut = text[:space] if space >= cap * 0.6 else text[: glyph_cut(text, end)]
    return cut.rstrip() + ELLIPSIS


def link_target(url: str | None) -> str | None:
    """The URL if the digest may link to it (absolute http or https, no whitespace, not absurdly long)."""
    url = (url or "").strip()
    if not is_web_url(url) or len(escape_attr(url)) > URL_CAP:
        return None
    return url


def _link(url: str | None, text_html: str) -> str:
    target = link_target(url)
    return f'<a href="{escape_attr(target)}">{text_html}</a>' if target else text_html


def zone_of(name: str | None) -> tzinfo:
    """The chat's zone from its IANA name; UTC when the name is unknown (the time still shows, labelled)."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def format_time(moment: datetime | None, tz: tzinfo = UTC) -> str:
    """"3 Mar 2025, 14:05 CET" in the chat's zone. A naive time is taken as UTC (as storage keeps times), and
    a naive midnight as a bare date (many feeds give no time): no invented "00:00"."""
    if moment is None:
        return ""
    if is_a_day(moment):
        return day_text(moment.date())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b %Y, %H:%M} {local.tzname()}"


# ---- one story ----

@dataclass(frozen=True)
class _StoryView:
    """What one story block shows, cleaned and capped; shortening makes smaller copies of it."""

    title: str
    url: str | None
    meta: str
    followed: str
    summary: tuple[str, ...]
    quote: Quote | None
    pledges: tuple[str, ...]  # each pledge's line, already HTML (rendered once, not on every shrink step)
    also: tuple[str, ...]  # each other outlet, already HTML
    pledges_total: int = 0  # how many the story has: those not shown are counted ("…and 3 more pledges")
    also_total: int = 0
    summary_note: str = ""  # what its summary is of when not the whole story (core.digest.summary_note): after it
    unsummarized: bool = False  # the story has no summary (only its headline was read): said in its place

    @classmethod
    def of(cls, story: Story, tz: tzinfo, day: date | None = None) -> "_StoryView":
        """The story as shown: its first PLEDGES_SHOWN pledges (as on every platform), the rest counted; a deadline
        before `day` (the chat's, the digest's) said to be past."""
        quote = story.key_quote
        if quote is not None:
            text = inert(shorten(clean_inline(quote.text), QUOTE_CAP))
            quote = Quote(inert(shorten(clean_inline(quote.speaker), NAME_CAP)) or None, text) if text else None
        meta = " · ".join(part for part in (set_apart(shorten(clean_inline(story.source), NAME_CAP)),
                                            format_time(story.published, tz), in_language(story)) if part)
        pledges = tuple(_pledge_html(p, day) for p in story.pledges
                        if clean_inline(p.actor) or clean_inline(p.commitment))
        also = tuple(_also_html(a) for a in story.also_reported_by if clean_inline(a.source))
        return cls(
            title=inert(shorten(clean_inline(story.title), TITLE_CAP)) or "(untitled)",
            url=link_target(story.url),
            meta=meta,
            followed=shorten(clean_inline(story.followed), FOLLOWED_CAP),
            summary=tuple(s for s in (inert(clean_inline(s)) for s in story.summary) if s),
            quote=quote,
            pledges=pledges[:PLEDGES_SHOWN],
            also=also,
            pledges_total=len(pledges),
            also_total=len(also),
            summary_note=summary_note(story),
            unsummarized=not any(clean_inline(s) for s in story.summary),
        )


def _pledge_html(pledge: Pledge, day: date | None = None) -> str:
    actor = escape_text(set_apart(inert(shorten(clean_inline(pledge.actor), NAME_CAP)) or "Someone"))
    commitment = escape_text(inert(shorten(clean_inline(pledge.commitment), COMMITMENT_CAP)))
    parts = deadline_parts(pledge, due=day_text, today=day)
    deadline = [part for part in (shorten(clean_inline(p), WHEN_CAP) for p in parts) if part]
    tail = f" <i>({escape_text(' · '.join(deadline))})</i>" if deadline else ""
    return f"🤝 <b>{actor}</b>: {commitment}{tail}"


def _quote_html(quote: Quote) -> str:
    speaker = f"\n— <i>{escape_text(quote.speaker)}</i>" if quote.speaker else ""
    return f"<blockquote>“{escape_text(quote.text)}”{speaker}</blockquote>"


def _also_html(also: AlsoReported) -> str:
    return _link(also.url, escape_text(set_apart(shorten(clean_inline(also.source), NAME_CAP))))


def _story_html(view: _StoryView) -> str:
    lines = [f"<b>{_link(view.url, escape_text(view.title))}</b>"]
    if view.meta:
        lines.append(f"<i>{escape_text(view.meta)}</i>")
    if view.followed:
        lines.append(f"👤 <i>{escape_text(view.followed)}</i>")
    if view.summary:
        lines.append(escape_text(" ".join(view.summary)))
        if view.summary_note:
            lines.append(f"<i>{escape_text(view.summary_note)}</i>")
    elif view.unsummarized:
        lines.append(f"<i>{escape_text(NO_SUMMARY_NOTE)}</i>")
    if view.quote is not None:
        lines.append(_quote_html(view.quote))
    lines.extend(view.pledges)
    if view.pledges_total > len(view.pledges):
        lines.append(f"<i>{escape_text(more_pledges(view.pledges_total - len(view.pledges)))}</i>")
    if view.also:
        left_out = view.also_total - len(view.also)
        lines.append("Also reported by " + ", ".join(view.also) + (f" and {left_out} more" if left_out > 0 else ""))
    return "\n".join(lines)


def _fits(html: str, limit: int) -> bool:
    """Within `limit` characters, and within the entities Telegram keeps (each opening tag is one: article text
    is escaped, so every `<` here opens or closes our own tag)."""
    return utf16_len(html) <= limit and html.count("<") - html.count("</") <= ENTITIES_MAX


def _longest_prefix(text: str, render: Callable[[str], str], limit: int) -> str | None:
    """The longest shortened form of `text` whose rendering fits `limit`, or None if not even a word fits.

    Binary search over the cut point: the rendering grows with the text, so the search is exact.
    """
    if _fits(render(text), limit):
        return text
    low, high, best = 1, min(len(text) - 1, limit), None  # every character costs at least one unit
    while low <= high:
        middle = (low + high) // 2
        candidate = shorten(text, middle)
        if _fits(render(candidate), limit):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _shrink_candidates(view: _StoryView, limit: int) -> Iterable[_StoryView]:
    """Ever smaller versions of a story: other outlets down to a few ("and 80 more"), fewer summary sentences, a
    cut summary, fewer outlets and pledges, a cut quote, no quote, no meta line. The caller takes the first that
    fits. What happened comes before who else reported it: a widely reported story lost its summary to a list of
    ninety outlets."""
    yield view
    for keep in range(len(view.also) - 1, ALSO_BEFORE_SUMMARY - 1, -1):
        view = replace(view, also=view.also[:keep])
        yield view
    for keep in range(len(view.summary) - 1, 0, -1):
        yield replace(view, summary=view.summary[:keep])
    if view.summary:
        first = view.summary[0]
        cut = _longest_prefix(first, lambda s: _story_html(replace(view, summary=(s,))), limit)
        if cut is not None and len(cut) >= min(MIN_USEFUL_TEXT, len(first)):
            yield replace(view, summary=(cut,))
        view = replace(view, summary=())
        yield view
    for keep in range(len(view.also) - 1, -1, -1):
        view = replace(view, also=view.also[:keep])
        yield view
    for keep in range(len(view.pledges) - 1, -1, -1):
        view = replace(view, pledges=view.pledges[:keep])
        yield view
    if view.quote is not None:
        quote = view.quote
        cut = _longest_prefix(quote.text, lambda s: _story_html(replace(view, quote=Quote(quote.speaker, s))), limit)
        if cut is not None and len(cut) >= min(MIN_USEFUL_TEXT, len(quote.text)):
            yield replace(view, quote=Quote(quote.speaker, cut))
        view = replace(view, quote=None)
        yield view
    view = replace(view, meta="", followed="")
    yield view


# How many other outlets a story keeps while its summary is shortened; the rest go first ("and 80 more").
ALSO_BEFORE_SUMMARY = 3


def _story_block(story: Story, limit: int, tz: tzinfo, day: date | None = None) -> str:
    """One story as HTML within `limit`: whole if it fits, else shortened, never without its title."""
    view = _StoryView.of(story, tz, day)
    for candidate in _shrink_candidates(view, limit):
        html = _story_html(candidate)
        if _fits(html, limit):
            return html
    bare = replace(view, meta="", followed="", summary=(), quote=None, pledges=(), also=(), pledges_total=0,
                   also_total=0, unsummarized=False)
    title = _longest_prefix(bare.title, lambda t: _story_html(replace(bare, title=t)), limit)
    if title is not None and len(title.rstrip(ELLIPSIS)) >= min(len(bare.title), MIN_LINKED_TITLE):
        return _story_html(replace(bare, title=title))
    unlinked = replace(bare, url=None)  # the link leaves no room for the words: the words matter more
    title = _longest_prefix(bare.title, lambda t: _story_html(replace(unlinked, title=t)), limit)
    return _story_html(replace(unlinked, title=title or ELLIPSIS))


# ---- text blocks (headings, replies) ----

def _text_blocks(text: str, limit: int, wrap: Callable[[str], str] = escape_text) -> list[str]:
    """Plain text as HTML blocks within `limit`, split at paragraphs, then lines, then words; nothing dropped."""
    blocks: list[str] = []
    for paragraph in (p.strip("\n") for p in clean_text(text).split("\n\n")):
        if not paragraph.strip():
            continue
        if _fits(wrap(paragraph), limit):
            blocks.append(wrap(paragraph))
            continue
        blocks.extend(_pieces(paragraph, limit, wrap))
    return blocks


def _pieces(text: str, limit: int, wrap: Callable[[str], str]) -> list[str]:
    """Splits text that does not fit into consecutive pieces that do (at a line or word break where possible)."""
    pieces: list[str] = []
    rest = text
    while rest:
        if _fits(wrap(rest), limit):
            pieces.append(wrap(rest))
            break
        low, high = 1, len(rest)
        while low < high:  # the longest prefix that fits
            middle = (low + high + 1) // 2
            if _fits(wrap(rest[:middle]), limit):
                low = middle
            else:
                high = middle - 1
        cut = low
        for breaker in ("\n", " "):
            at = rest.rfind(breaker, 0, cut + 1)
            if at >= cut * 0.5:
                cut = at + 1
                break
        if rest[:cut].strip():
            pieces.append(wrap(rest[:cut].strip()))
        rest = rest[cut:].lstrip(" ")
    return pieces


def _bold(text: str) -> str:
    return f"<b>{escape_text(text)}</b>"


def _section_blocks(section: Section, limit: int) -> list[str]:
    """A titled list as blocks: as many lines per block as fit, the title repeated on continuations."""
    title = clean_inline(section.title)
    lines = [html for line in section.lines for html in _text_blocks(line.replace("\n\n", "\n"), limit)]
    blocks: list[str] = []
    current = _bold(shorten(title, NAME_CAP)) if title else ""
    for line in lines:
        joined = f"{current}\n{line}" if current else line
        if _fits(joined, limit):
            current = joined
            continue
        if current:
            blocks.append(current)
        heading = _bold(shorten(f"{title} (continued)", NAME_CAP)) if title else ""
        current = f"{heading}\n{line}" if heading and _fits(f"{heading}\n{line}", limit) else line
    if current:
        blocks.append(current)
    return blocks


# ---- pledge lines ----

_OUTCOME_MARK = {"kept": "✅ Kept", "broken": "❌ Broken", "superseded": "🔁 Superseded", "delayed": "🕒 Delayed"}


def _deadline_text(line: PledgeLine) -> str:
    """The deadline as the story worded it, then its date, as a story's pledge shows them."""
    pledge = Pledge(line.actor, line.commitment, "", line.when, line.due)
    parts = deadline_parts(pledge, due=day_text)
    return " · ".join(part for part in (shorten(clean_inline(p), WHEN_CAP) for p in parts) if part)


def _pledge_line_html(line: PledgeLine, today: date | None = None) -> tuple[str, str]:
    """One pledge line as HTML, and as plain text (for a limit too small for the HTML); `today` is the digest's
    day (a deadline on it is said to be today)."""
    actor = set_apart(shorten(clean_inline(line.actor), NAME_CAP) or "Someone")
    commitment = shorten(clean_inline(line.commitment), COMMITMENT_CAP)
    if line.status in _OUTCOME_MARK:
        mark = _OUTCOME_MARK[line.status]
        source = shorten(clean_inline(line.report_source), NAME_CAP) or "a later story"
        evidence = shorten(clean_inline(line.evidence), EVIDENCE_CAP)
        note = f" ({outcome_note(line)})" if outcome_note(line) else ""
        html = (f"{mark}: <b>{escape_text(actor)}</b>: {escape_text(commitment)}{escape_text(note)} — "
                f"{_link(line.report_url, escape_text(source))}")
        plain = f"{mark}: {actor}: {commitment}{note} — {source}"
        if evidence:
            html += f"\n<i>“{escape_text(evidence)}”</i>"
            plain += f"\n“{evidence}”"
        return html, plain
    deadline = _deadline_text(line)
    source = shorten(clean_inline(line.source), NAME_CAP) or "the story"
    mark, said = deadline_note(line, deadline, today)
    tail = f" <i>({escape_text(said)})</i>" if said else ""
    story = _link(line.url, escape_text(source))
    html = f"{mark} <b>{escape_text(actor)}</b>: {escape_text(commitment)}{tail} — {story}"
    return html, f"{mark} {actor}: {commitment}{f' ({said})' if said else ''} — {source}"


def _pledge_blocks(title: str, lines: list[PledgeLine], limit: int, more: str | None = None,
                   today: date | None = None) -> list[str]:
    """A titled block of pledge lines, as many per block as fit, and `more` (those left out, counted) last; a line
    too long for the limit is split as text. A block that goes on in another is titled "(continued)": carried into
    the digest's next message, its lines stood under the digest's heading alone, nothing saying what they were."""
    if not lines:
        return []
    blocks: list[str] = []
    current = _bold(title)
    continued = _bold(f"{title} (continued)")
    rows = [_pledge_line_html(line, today) for line in lines]
    if more:
        rows.append((f"<i>{escape_text(more)}</i>", more))
    for html, plain in rows:
        pieces = [html] if _fits(html, limit) else _text_blocks(plain, limit)
        for piece in pieces:
            joined = f"{current}\n{piece}" if current else piece
            if _fits(joined, limit):
                current = joined
            else:
                if current:
                    blocks.append(current)
                titled = f"{continued}\n{piece}"
                current = titled if _fits(titled, limit) else piece
    if current:
        blocks.append(current)
    return blocks


# ---- updated stories ----

CHANGE_CAP = 700  # the line saying what changed: room for a headline's and a pledge's change; longer ends in "…"


def _update_block(update: StoryUpdate, limit: int) -> list[str]:
    """A story sent before and changed since: "🔄 Updated: <linked headline> · source", then what changed; as
    plain text pieces when a limit too small for the markup leaves no other way."""
    title = shorten(clean_inline(update.title), TITLE_CAP) or "(untitled)"
    source = shorten(clean_inline(update.source), NAME_CAP)
    change = shorten(clean_inline(update.change), CHANGE_CAP)
    meta = f" <i>· {escape_text(set_apart(source))}</i>" if source else ""
    html = f"🔄 <b>{escape_text(UPDATED_MARK)}</b> <b>{_link(update.url, escape_text(title))}</b>{meta}"
    if change:
        html += f"\n<i>{escape_text(change)}</i>"
    if _fits(html, limit):
        return [html]
    return _text_blocks(f"🔄 {UPDATED_MARK} {title}\n{change}", limit)


# ---- digests and replies ----

def _heading(digest: Digest) -> str:
    """The digest's heading as its messages show it (without the mark, 📰)."""
    return shorten(clean_inline(digest.heading), TITLE_CAP)


def _digest_blocks(digest: Digest, limit: int) -> list[str]:
    """Heading, then the body (`_body_blocks`), one block each."""
    heading = _heading(digest)
    return [*(_text_blocks(f"📰 {heading}", limit, _bold) if heading else []), *_body_blocks(digest, limit)]


def _body_blocks(digest: Digest, limit: int) -> list[str]:
    """Stories (or the empty note), updates, pledge lines and the closing note, one block each; times in the
    digest's zone."""
    tz = zone_of(digest.timezone)
    blocks: list[str] = []
    if digest.empty:
        blocks.extend(_text_blocks(digest.empty_note, limit, lambda t: f"<i>{escape_text(t)}</i>"))
    blocks.extend(_story_block(story, limit, tz, digest.day) for story in digest.stories)
    for update in digest.updates:
        blocks.extend(_update_block(update, limit))
    hidden = digest.pledge_lines_not_shown
    blocks.extend(_pledge_blocks(deadlines_title(digest.pledges_due), digest.pledges_due, limit,
                                 pledges_not_shown(hidden, True, TELEGRAM.pledges), digest.day))
    blocks.extend(_pledge_blocks("Pledges reported on", digest.pledge_reports, limit,
                                 pledges_not_shown(hidden, False, TELEGRAM.pledges)))
    if digest.note and clean_inline(digest.note):
        blocks.extend(_text_blocks(clean_inline(digest.note), limit, lambda t: f"<i>{escape_text(t)}</i>"))
    return blocks


def _pack(blocks: list[str], limit: int, head: str = "") -> list[str]:
    """Joins blocks into as few messages as fit, in order, never splitting a block; each message starts with
    `head` when one is given (a part's heading). A message holding a block too big to fit stays as it is: the
    caller checks (`_checked`, or a fallback)."""
    messages: list[str] = []
    current = head
    for block in blocks:
        candidate = f"{current}{BLOCK_SEPARATOR}{block}" if current else block
        if _fits(candidate, limit) or current == head:
            current = candidate
        else:
            messages.append(current)
            current = f"{head}{BLOCK_SEPARATOR}{block}" if head else block
    if current != head:
        messages.append(current)
    return [m for m in messages if m]


def _part_heading(heading: str, number: int, total: int) -> str:
    """The first line of one part of a digest sent in several: "📰 Communiqué digest: 6 Dec 2026 (2/4)"; a heading
    ending in right-to-left words (`/latest` on an Arabic topic) set apart, or the number would join them."""
    return _bold(f"📰 {set_apart(heading)} ({number}/{total})")


def _digest_messages(lead: list[str], digest: Digest, limit: int) -> list[str]:
    """`lead` (a reply's own text, if any) and the digest as messages. A digest that takes several messages starts
    each with its heading and the part's number ("(2/4)"): a part beginning with a story's headline read, in a
    phone's notification and scrolling back, as a story out of nowhere, with nothing saying more was to come.

    The parts are packed under the widest heading their count could need, then numbered. Where a limit too small
    leaves no room for a heading beside a story, the parts go as before, the heading in the first one alone."""
    whole = _pack([*lead, *_digest_blocks(digest, limit)], limit)
    heading = _heading(digest)
    if len(whole) <= 1 or not heading:
        return whole
    most = 10 ** len(str(len(whole) * 2)) - 1  # parts of a narrower body are never twice as many
    widest = _part_heading(heading, most, most)
    room = limit - utf16_len(widest) - len(BLOCK_SEPARATOR)
    if room < max(MIN_LIMIT, limit // 2):
        return whole
    # Rendered again for `room`: a story shrunk to fit a whole message leaves no place for the heading beside it.
    parts = _pack(_body_blocks(digest, room), limit, head=widest)
    if not parts or len(parts) > most or not all(_fits(part, limit) for part in parts):
        return whole  # a block of nearly ENTITIES_MAX tags: no room for the heading's one
    numbered = [_part_heading(heading, n, len(parts)) + part[len(widest):] for n, part in enumerate(parts, 1)]
    return [*_pack(lead, limit), *numbered] if lead else numbered


def _checked(messages: list[str], limit: int) -> list[str]:
    """Returns the messages after checking each against Telegram's rules (a failure is a renderer bug)."""
    for index, message in enumerate(messages):
        problems = check(message, limit=limit)
        if problems or utf16_len(message) > limit:
            listed = "; ".join(str(p) for p in problems[:5]) or f"{utf16_len(message)} > {limit} characters"
            raise RenderError(f"Telegram would refuse rendered message {index + 1}: {listed}")
    return messages


def _check_limit(limit: int) -> None:
    if not MIN_LIMIT <= limit <= MESSAGE_MAX:
        raise ValueError(f"limit must be between {MIN_LIMIT} and {MESSAGE_MAX} characters, not {limit}")


def render_digest(digest: Digest, *, limit: int = MESSAGE_MAX) -> list[str]:
    """A digest as Telegram HTML messages (each ≤ `limit`), stories in order, each in exactly one message.

    Publication times are shown in the digest's time zone (`Digest.timezone`, the chat's).
    """
    _check_limit(limit)
    return _checked(_digest_messages([], digest, limit), limit)


def render_reply(reply: Reply, *, limit: int = MESSAGE_MAX) -> list[str]:
    """A command's reply as Telegram HTML messages: its text, its sections, then its digest if it has one.

    An empty reply renders as no message. Errors are marked with a warning sign.
    """
    _check_limit(limit)
    text = clean_text(reply.text).strip()
    if text and reply.error:
        text = f"⚠️ {text}"
    blocks = _text_blocks(text, limit) if text else []
    for section in reply.sections:
        blocks.extend(_section_blocks(section, limit))
    if reply.digest is not None:
        return _checked(_digest_messages(blocks, reply.digest, limit), limit)
    return _checked(_pack(blocks, limit), limit)
