"""Plain-text and terminal renderers for digests and command replies (the console platform and the CLI).

Article text is untrusted: control characters (terminal escape sequences included) are removed before printing,
and the rich renderer builds `Text` objects, never markup strings, so brackets in a title are just brackets.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from bot.analysis.model import Pledge
from bot.core.commands import Reply
from bot.core.digest import (
    NO_SUMMARY_NOTE,
    PLEDGES_SHOWN,
    UPDATED_MARK,
    Digest,
    PledgeLine,
    Story,
    StoryUpdate,
    day_text,
    deadline_note,
    deadline_parts,
    deadlines_title,
    due_day,
    in_language,
    is_a_day,
    more_pledges,
    outcome_note,
    pledges_not_shown,
    summary_note,
)
from bot.core.text import clean_controls
from bot.platforms.console.spec import CONSOLE

WIDTH = 88


def safe(text: str) -> str:
    """Text with control and bidi-override characters, zero-width spaces and bidi marks removed (they could rewrite a
    terminal or a line); joiners kept (emoji sequences and Persian spelling need them)."""
    return clean_controls(text, zero_width=True)


def local_time(moment: datetime | None, timezone: str) -> str:
    """"3 Mar 2025, 14:05 CET" in the chat's zone, named as Telegram names it: a bare "14:05" read as the reader's own
    clock, whatever the config's zone. A naive midnight (a story dated by day alone) is that day."""
    if moment is None:
        return ""
    if is_a_day(moment):
        return day_text(moment.date())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # a naive time is UTC, as storage keeps times
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local.day} {local:%b %Y, %H:%M} {local.tzname()}"


def deadline_text(pledge: Pledge, day: date | None = None) -> str:
    """" (deadline: by January 2027, 31 Jan 2027)": the date as `/pledges` and every chat platform write it; one
    before `day` (the digest's) said to be past ("was due 5 Dec 2026")."""
    parts = deadline_parts(pledge, due=day_text, today=day)
    return f" (deadline: {', '.join(safe(part) for part in parts)})" if parts else ""


def story_lines(story: Story, number: int, timezone: str, day: date | None = None) -> list[str]:
    """A story as plain lines: title, source and time, summary (or why there is none), key quote, pledges (the
    first PLEDGES_SHOWN, the rest counted, as on every platform), other outlets, link."""
    indent = "   "
    lines = [f"{number}. {safe(story.title)}"]
    meta = " · ".join(p for p in (safe(story.source), local_time(story.published, timezone), in_language(story)) if p)
    if meta:
        lines.append(indent + meta)
    if story.followed:
        lines.append(indent + safe(story.followed))
    if story.summary:
        lines += textwrap.wrap(safe(" ".join(story.summary)), WIDTH, initial_indent=indent, subsequent_indent=indent)
        if summary_note(story):
            lines += textwrap.wrap(summary_note(story), WIDTH, initial_indent=indent, subsequent_indent=indent)
    else:
        lines += textwrap.wrap(NO_SUMMARY_NOTE, WIDTH, initial_indent=indent, subsequent_indent=indent)
    quote = story.key_quote
    if quote:
        said = f"“{safe(quote.text)}”" + (f" (said {safe(quote.speaker)})" if quote.speaker else "")
        lines += textwrap.wrap(said, WIDTH, initial_indent=indent + "Quote: ", subsequent_indent=indent + "  ")
    for pledge in story.pledges[:PLEDGES_SHOWN]:
        text = f"{safe(pledge.actor)}: {safe(pledge.commitment)}{deadline_text(pledge, day)}"
        lines += textwrap.wrap(text, WIDTH, initial_indent=indent + "Pledge: ", subsequent_indent=indent + "  ")
    if len(story.pledges) > PLEDGES_SHOWN:
        lines.append(indent + more_pledges(len(story.pledges) - PLEDGES_SHOWN))
    if story.also_reported_by:
        lines.append(indent + "Also reported by: " + ", ".join(safe(a.source) for a in story.also_reported_by))
    if story.url and not story.url.startswith("urn:"):
        lines.append(indent + safe(story.url))
    return lines


_OUTCOME = {"kept": "Kept", "broken": "Broken", "superseded": "Superseded", "delayed": "Delayed"}


def pledge_line_text(line: PledgeLine, today: date | None = None) -> str:
    """A pledge line as plain text: "Kept: Velmora: reopen the crossing (reported by Ministry Wire) <url>"; one
    falling due on `today` (the digest's day) says "(deadline: due today, 6 Dec 2026)", one due the day after
    "(deadline: due tomorrow, 7 Dec 2026)"."""
    what = f"{safe(line.actor)}: {safe(line.commitment)}"
    if line.status in _OUTCOME:
        by = f" (reported by {safe(line.report_source)})" if line.report_source else ""
        link = f" {safe(line.report_url)}" if line.report_url and not line.report_url.startswith("urn:") else ""
        evidence = f" “{safe(line.evidence)}”" if line.evidence else ""
        note = f" ({outcome_note(line)})" if outcome_note(line) else ""
        return f"{_OUTCOME[line.status]}: {what}{note}{by}{evidence}{link}"
    link = f" {safe(line.url)}" if line.url and not line.url.startswith("urn:") else ""
    deadline = deadline_text(Pledge(line.actor, line.commitment, "", line.when, line.due))
    if due_day(line.due, today) in ("today", "tomorrow") and line.status != "overdue":
        # "due today, 6 Dec 2026" or "due tomorrow, ...": its words ("within two days") count from its story's day
        deadline = f" (deadline: {deadline_note(line, '', today)[1]})"
    if line.status == "overdue":
        return f"Overdue: {what}{deadline}, nothing reported since{link}"
    return f"Due: {what}{deadline}{link}"


def pledge_sections(digest: Digest) -> list[tuple[str, list[str], str | None]]:
    """The digest's pledge blocks as (title, lines, the closing line counting those left out, if any)."""
    sections: list[tuple[str, list[str], str | None]] = []
    hidden = digest.pledge_lines_not_shown
    if digest.pledges_due:
        due = [pledge_line_text(line, digest.day) for line in digest.pledges_due]
        sections.append((deadlines_title(digest.pledges_due), due,
                         pledges_not_shown(hidden, True, CONSOLE.pledges)))
    if digest.pledge_reports:
        sections.append(("Pledges reported on", [pledge_line_text(line) for line in digest.pledge_reports],
                         pledges_not_shown(hidden, False, CONSOLE.pledges)))
    return sections


def update_line(update: StoryUpdate) -> str:
    """A story sent before and changed since: "Updated: <headline> (<source>) — <what changed> <url>"."""
    source = f" ({safe(update.source)})" if update.source else ""
    link = f" {safe(update.url)}" if update.url and not update.url.startswith("urn:") else ""
    return f"{UPDATED_MARK} {safe(update.title)}{source} — {safe(update.change)}{link}"


def render_digest_plain(digest: Digest) -> str:
    """The whole digest as plain text, for pipes, logs and tests."""
    lines = [safe(digest.heading), "=" * min(len(digest.heading), WIDTH), ""]
    if digest.empty:
        lines.append(safe(digest.empty_note))
    for number, story in enumerate(digest.stories, start=1):
        lines += story_lines(story, number, digest.timezone, digest.day)
        lines.append("")
    for update in digest.updates:
        lines += textwrap.wrap(update_line(update), WIDTH, subsequent_indent="    ")
        lines.append("")
    for title, section, more in pledge_sections(digest):
        lines.append(title)
        for line in section:
            lines += textwrap.wrap(line, WIDTH, initial_indent="  • ", subsequent_indent="    ")
        if more:
            lines += textwrap.wrap(more, WIDTH, initial_indent="  ", subsequent_indent="  ")
        lines.append("")
    if digest.note:
        lines.append(safe(digest.note))
    return "\n".join(lines).rstrip() + "\n"


def render_reply_plain(reply: Reply) -> str:
    """A command's reply as plain text."""
    parts: list[str] = []
    if reply.text:
        parts.append(safe(reply.text))
    for section in reply.sections:
        block = [safe(section.title)] if section.title else []
        block += [f"  • {safe(line)}" for line in section.lines]
        parts.append("\n".join(block))
    if reply.digest is not None:
        parts.append(render_digest_plain(reply.digest).rstrip())
    return "\n\n".join(parts).rstrip() + "\n"


def _story_panel(story: Story, number: int, timezone: str, day: date | None = None) -> Panel:
    """A story in a frame numbered in its border. The headline opens the frame, wrapped as the text is: in the
    border, which holds one line, a long headline was cut at the terminal's width with no sign."""
    body = Text()
    body.append(safe(story.title) + "\n", style="bold")
    meta = " · ".join(p for p in (safe(story.source), local_time(story.published, timezone), in_language(story)) if p)
    if meta:
        body.append(meta + "\n", style="dim")
    if story.followed:
        body.append(safe(story.followed) + "\n", style="magenta")
    if story.summary:
        body.append(safe(" ".join(story.summary)) + "\n")
        if summary_note(story):
            body.append(summary_note(story) + "\n", style="dim")
    else:
        body.append(NO_SUMMARY_NOTE + "\n", style="dim")
    quote = story.key_quote
    if quote:
        body.append("\n“" + safe(quote.text) + "”", style="italic")
        if quote.speaker:
            body.append(" — " + safe(quote.speaker), style="bold")
        body.append("\n")
    for pledge in story.pledges[:PLEDGES_SHOWN]:
        body.append("\nPledge: ", style="bold green")
        body.append(f"{safe(pledge.actor)}: {safe(pledge.commitment)}")
        body.append(deadline_text(pledge, day), style="yellow")
    if len(story.pledges) > PLEDGES_SHOWN:
        body.append("\n" + more_pledges(len(story.pledges) - PLEDGES_SHOWN), style="italic")
    if story.pledges:
        body.append("\n")
    if story.also_reported_by:
        body.append("\nAlso reported by: " + ", ".join(safe(a.source) for a in story.also_reported_by), style="dim")
        body.append("\n")
    if story.url and not story.url.startswith("urn:"):
        body.append(safe(story.url), style="blue underline")
    return Panel(body, title=Text(f"{number}.", style="bold"), title_align="left", expand=True)


def render_digest_rich(digest: Digest) -> RenderableType:
    """The digest as rich renderables, for a terminal."""
    items: list[RenderableType] = [Text(safe(digest.heading), style="bold underline")]
    if digest.empty:
        items.append(Text(safe(digest.empty_note)))
    items += [_story_panel(s, n, digest.timezone, digest.day) for n, s in enumerate(digest.stories, start=1)]
    items += [Text(update_line(update), style="cyan") for update in digest.updates]
    for title, lines, more in pledge_sections(digest):
        block = Text(title + "\n", style="bold")
        for line in lines:
            block.append(f"  • {line}\n")
        if more:
            block.append(f"  {more}\n", style="italic")
        items.append(block)
    if digest.note:
        items.append(Text(safe(digest.note), style="dim"))
    return Group(*items)


def render_reply_rich(reply: Reply) -> RenderableType:
    items: list[RenderableType] = []
    if reply.text:
        items.append(Text(safe(reply.text), style="red" if reply.error else ""))
    for section in reply.sections:
        block = Text()
        if section.title:
            block.append(safe(section.title) + "\n", style="bold")
        for line in section.lines:
            block.append(f"  • {safe(line)}\n")
        items.append(block)
    if reply.digest is not None:
        items.append(render_digest_rich(reply.digest))
    return Group(*items)
