"""The platform-neutral digest: what a chat gets, before any platform's markup.

Each platform's renderer turns a `Digest` into its messages; they escape every piece of article text themselves,
so nothing here is markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal, TypeGuard

from bot.analysis.model import Pledge, Quote
from bot.core.text import count_of


def _squash(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())


@dataclass(frozen=True)
class AlsoReported:
    """Another outlet that carried the same story."""

    source: str
    url: str


# Said after the summary of a story whose page keeps all but its start for subscribers (Story.paywalled): the
# summary is of that start. It is no sentence of the story's, so it is not one of the summary's.
PAYWALL_NOTE = "(Only the start of this story is free on its site; the rest is for subscribers.)"
# Said after the summary of a story whose page could not be read (Story.from_teaser): the summary is of the line or
# two its feed gave, which read as the whole story.
TEASER_NOTE = "(Its page could not be read: this is its feed's short preview. The link leads to the story.)"
# Said where the summary goes when a story has none: its feed gave the headline alone and its page was not read
# (it failed, or full text is off), or held nothing to summarize. A bare headline read as a story whose words the
# bot had lost.
NO_SUMMARY_NOTE = "(No summary: only its headline could be read. The link leads to the story.)"


def in_language(story: "Story") -> str:
    """'in Russian' for a story in a language other than English, said beside its source on every platform; ''
    for English. A reader who does not read the script learnt what a story was in only by opening it."""
    return f"in {story.language}" if story.language else ""


@dataclass(frozen=True)
class Story:
    """One story of a digest: an article and what analysis found in it."""

    article_id: int
    title: str
    url: str
    source: str
    published: datetime | None  # a naive midnight is a day alone (the feed gave no time): see is_a_day
    summary: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)
    also_reported_by: list[AlsoReported] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    followed: str = ""  # why a chat that follows actors got it: "follows: Sergey Lavrov (quoted)"
    paywalled: bool = False  # its page gives only its start (the rest for subscribers): said after the summary
    from_teaser: bool = False  # its page could not be read, its summary is its feed's teaser: said after the summary
    language: str = ""  # the language it is in when not English ("Russian"), said beside its source: `in_language`

    @property
    def key_quote(self) -> Quote | None:
        """The quote a digest shows: the first attributed one the summary does not already carry word for word
        that opens a sentence (not words the reporter set in one of their own, "called the deal “the most serious
        thing...”": shown alone, a fragment in lower case), else the first such fragment, else the first
        attributed one when the summary does not name its speaker (the quote line says who spoke: the summary may
        have only "she said"), else the first one. None when the summary already gives the words
        and who said them: shown again, they would only repeat the line above."""
        summary = _squash(" ".join(self.summary))
        attributed = [q for q in self.quotes if q.speaker]
        unsaid = [q for q in attributed if _squash(q.text) not in summary]
        if unsaid:  # a sentence of the speaker's before words set inside one of the reporter's
            return next((q for q in unsaid if not _opens_mid_sentence(q.text)), unsaid[0])
        if attributed:
            first = attributed[0]
            surname = _squash(first.speaker or "").split()[-1:]
            return None if surname and f" {surname[0]} " in f" {summary} " else first
        return self.quotes[0] if self.quotes else None


def summary_note(story: Story) -> str:
    """What a story's summary is of, said after it when not the whole story: its free start (paywalled), or its
    feed's preview (its page could not be read); "" for a summary of the story."""
    return PAYWALL_NOTE if story.paywalled else TEASER_NOTE if story.from_teaser else ""


def _opens_mid_sentence(text: str) -> bool:
    """Whether a quote's words start inside a sentence: its first letter is lower case ("the most serious thing
    this sea has seen"), or it opens with an ellipsis. A script without case never does."""
    stripped = text.lstrip(" \"'“‘«(")
    if stripped.startswith(("…", "...")):
        return True
    first = next((ch for ch in stripped if ch.isalnum()), "")
    return first.islower()


def day_text(day: date) -> str:
    """A pledge's due date as a chat shows it: "30 Apr 2027" (one form on every chat platform)."""
    return f"{day.day} {day:%b %Y}"


def is_a_day(moment: datetime | None) -> TypeGuard[datetime]:
    """Whether a story's time is a day alone (a naive midnight: its feed gave no time of day), to be shown as the
    day in every zone, with no hour; a naive time of day is UTC, as storage keeps times."""
    return moment is not None and moment.tzinfo is None and moment.time() == time(0, 0)


def deadline_parts(pledge: Pledge, due: Callable[[date], str] = date.isoformat, *, today: date | None = None
                   ) -> list[str]:
    """A pledge's deadline as the article worded it, then the date it resolved to (written by `due`): whichever
    there are, for each renderer to set out in its own way. The date is left out when the words name that very
    day ("by 15 January 2027 · 15 Jan 2027" said it twice).

    A deadline before `today` (the reader's day) is said to be past: "within two days · was due 5 Dec 2026" (or
    "deadline passed" after words that name the day), and one on that day to be today: "within two days · due
    today, 6 Dec 2026". A story's words count from its own day: read days later, "within two days · 5 Dec 2026"
    pointed past the date (or to two days on, read on the day itself), and the reader had to hold it against the
    calendar."""
    named = pledge.due is not None and names_the_day(pledge.when or "", pledge.due)
    stands = due_day(pledge.due, today)
    if stands == "passed" and pledge.due is not None:
        return [part for part in (pledge.when, "deadline passed" if named else f"was due {due(pledge.due)}") if part]
    if stands == "today" and pledge.due is not None:
        return [part for part in (pledge.when, "due today" if named else f"due today, {due(pledge.due)}") if part]
    if (stands == "tomorrow" and pledge.due is not None
            and "tomorrow" not in _WORD_OR_NUMBER.findall((pledge.when or "").lower())):
        return [part for part in (pledge.when, "due tomorrow" if named else f"due tomorrow, {due(pledge.due)}")
                if part]
    shown = pledge.due if pledge.due and not named else None
    return [part for part in (pledge.when, due(shown) if shown else None) if part]


_WORD_OR_NUMBER = re.compile(r"[^\W\d_]+|\d+")


def due_day(due: date | None, today: date | None) -> Literal["passed", "today", "tomorrow"] | None:
    """Where a deadline stands on the reader's day (`today`, the digest's, in the chat's zone): "passed",
    "today", "tomorrow", or None (later, or no date to say). The one rule for a story's pledge lines, the
    "Pledges falling due" lines and the console's: each decided "due tomorrow" in its own way before."""
    if due is None or today is None:
        return None
    if due < today:
        return "passed"
    if due == today:
        return "today"
    return "tomorrow" if due == today + timedelta(days=1) else None


def names_the_day(words: str, day: date) -> bool:
    """True when `words` name `day` whole: its day of the month, its month (in full or cut short, in English)
    and its year ("by 15 January 2027", "before March 3rd, 2027"); a month, a span or a day without its year
    leave the date something to add."""
    tokens = _WORD_OR_NUMBER.findall(words.lower())
    month = f"{day:%B}".lower()
    return (str(day.day) in tokens and str(day.year) in tokens
            and any(token == month or (len(token) >= 3 and month.startswith(token)) for token in tokens))


# A story shows at most this many of its pledges on every platform; the rest are counted ("…and 3 more pledges"),
# so a summit's twenty commitments do not fill a digest on one platform and five lines on another.
PLEDGES_SHOWN = 5


def more_pledges(count: int) -> str:
    """The line that counts the pledges a story does not show (the story's link leads to them)."""
    return f"…and {count_of(count, 'more pledge')}"


def deadline_note(line: PledgeLine, deadline: str, today: date | None = None) -> tuple[str, str]:
    """The mark and the note a chat platform sets beside a deadline line, one wording for every platform: ("⏳",
    "due 20 Mar 2026") for a pledge falling due, ("⏳", "due today, 6 Dec 2026") for one due on `today` (the
    digest's day), ("⏳", "due tomorrow, 7 Dec 2026") for one due the day after, ("⌛ Overdue:", "was due
    20 Mar 2026; nothing reported since") for one past its deadline; the note is empty when there is no deadline
    to show. On its deadline's day a pledge's own words ("due within two
    days · 6 Dec 2026", counted from its story's day) pointed two days on, and the day before, to the day after
    the date they gave."""
    if line.status == "overdue":
        return "⌛ Overdue:", f"was due {deadline}; nothing reported since" if deadline else ""
    stands = due_day(line.due, today)
    if stands in ("today", "tomorrow") and line.due is not None:
        return "⏳", f"due {stands}, {day_text(line.due)}"
    return "⏳", f"due {deadline}" if deadline else ""


def deadlines_title(lines: Sequence[PledgeLine]) -> str:
    """The title of a digest's block of deadlines: pledges falling due, past their deadline, or both."""
    overdue = sum(line.status == "overdue" for line in lines)
    if not overdue:
        return "Pledges falling due"
    return "Pledges past their deadline" if overdue == len(lines) else "Pledges falling due or past their deadline"


# The `/pledges` status word that lists the pledges of a digest pledge line's status.
_PLEDGES_FILTER = {"due soon": "due", "overdue": "overdue", "kept": "kept", "broken": "broken",
                   "superseded": "superseded"}
_DEADLINE_STATUSES = frozenset({"due soon", "overdue"})
_PLEDGES_FILTER["delayed"] = "open"  # a pledge put back is open again (or due soon)


def outcome_note(line: PledgeLine) -> str:
    """What a report line says beside the commitment beyond its outcome word: a delay's new deadline ("now due
    10 Apr 2026", or "no new date"); nothing for kept, broken or superseded."""
    if line.status != "delayed":
        return ""
    return f"now due {day_text(line.due)}" if line.due else "no new date"


def pledges_not_shown(counts: dict[str, int], deadlines: bool, command: Callable[[str], str]) -> str | None:
    """The closing line of a digest's pledge block for the lines it leaves out ("…and 4 more falling due:
    /pledges due lists them."), `deadlines` choosing the block (falling due or past their deadline) or the other
    (reported on); None when the block shows them all. `command` types `/pledges` with a status word as the
    platform does. A block holds at most ten lines: a summit's pledges falling due on one day were cut to ten and
    the rest said nothing of."""
    hidden = {status: n for status, n in counts.items() if n > 0 and (status in _DEADLINE_STATUSES) == deadlines}
    if not hidden:
        return None
    if not deadlines:
        what = "reported on"
    elif "overdue" not in hidden:
        what = "falling due"
    else:
        what = "past their deadline" if len(hidden) == 1 else "falling due or past their deadline"
    commands = list(dict.fromkeys(command(_PLEDGES_FILTER.get(status, status)) for status in sorted(hidden)))
    verb = "lists" if len(commands) == 1 else "list"
    return f"…and {sum(hidden.values())} more {what}: {' and '.join(commands)} {verb} them."


@dataclass(frozen=True)
class PledgeLine:
    """One line of a digest's pledge blocks: a pledge falling due, or one a later story reported on.

    `status` is "due soon" for a pledge falling due, "overdue" for one whose deadline passed with nothing
    reported, else what a later story reported: "kept", "broken", "superseded" or "delayed" (`due` then the new
    deadline, None when the delay named none). `url` and `source` are the story
    that set the pledge; `report_url`, `report_source` and `evidence` (the sentence that says so) the story that
    reported the outcome.
    """

    status: str
    actor: str
    commitment: str
    when: str | None = None
    due: date | None = None
    url: str = ""
    source: str = ""
    report_url: str | None = None
    report_source: str | None = None
    evidence: str | None = None


@dataclass(frozen=True)
class StoryUpdate:
    """A story the chat was sent that its outlet has since changed materially (bot/core/edits.py): its headline and
    link as it reads now, and one line of what changed ("Was: “…”", "New pledge: …", "New quote: …")."""

    article_id: int
    title: str
    url: str
    source: str
    change: str


UPDATED_MARK = "Updated:"  # what every platform writes before an updated story's headline


@dataclass(frozen=True)
class Digest:
    """A heading and its stories, newest first. An empty digest renders as `empty_note`.

    `note` is a closing line (e.g. how many more stories matched than fit); `timezone` is the IANA zone in
    which renderers show times. `pledges_due` ("Pledges falling due") and `pledge_reports` ("Kept" / "Broken")
    follow the stories; a digest may hold only those. `day` is the chat's date the digest is made on (a story's
    pledge whose deadline is before it reads "was due ..."). `pledge_lines_not_shown` counts, by status, the pledge
    lines the blocks leave out (`pledges_not_shown` words them). `updates` are stories the chat was sent before
    and their outlet has since changed materially, each told once ("Updated: ..."), after the new stories.
    """

    heading: str
    stories: list[Story] = field(default_factory=list)
    empty_note: str = "Nothing new since the last digest."
    note: str | None = None
    timezone: str = "UTC"
    pledges_due: list[PledgeLine] = field(default_factory=list)
    pledge_reports: list[PledgeLine] = field(default_factory=list)
    updates: list[StoryUpdate] = field(default_factory=list)
    pledge_lines_not_shown: dict[str, int] = field(default_factory=dict)  # by status: lines past a block's ten
    day: date | None = None  # the chat's day it is read on: a story's pledge due before it is shown as past

    @property
    def empty(self) -> bool:
        """No story, no update and no pledge line: what renders as `empty_note`."""
        return not self.stories and not self.updates and not self.pledges_due and not self.pledge_reports


@dataclass(frozen=True)
class Planned:
    """What planning a digest put in the ledger: its stories, pledge lines and updates (all 0: nothing planned)."""

    stories: int = 0
    pledge_lines: int = 0
    updates: int = 0  # stories sent before, changed materially since ("Updated: ...")

    @property
    def items(self) -> int:
        return self.stories + self.pledge_lines + self.updates


def digest_to_dict(digest: Digest) -> dict:
    """A JSON-serialisable form of a digest (the console platform keeps it in the ledger and renders at send)."""
    from dataclasses import asdict

    data = asdict(digest)
    for story in data["stories"]:
        story["published"] = story["published"].isoformat() if story["published"] else None
        for pledge in story["pledges"]:
            pledge["due"] = pledge["due"].isoformat() if pledge["due"] else None
    for line in (*data["pledges_due"], *data["pledge_reports"]):
        line["due"] = line["due"].isoformat() if line["due"] else None
    data["day"] = digest.day.isoformat() if digest.day else None
    return data


def _pledge_line(data: dict) -> PledgeLine:
    return PledgeLine(
        status=data["status"],
        actor=data["actor"],
        commitment=data["commitment"],
        when=data.get("when"),
        due=date.fromisoformat(data["due"]) if data.get("due") else None,
        url=data.get("url", ""),
        source=data.get("source", ""),
        report_url=data.get("report_url"),
        report_source=data.get("report_source"),
        evidence=data.get("evidence"),
    )


def digest_from_dict(data: dict) -> Digest:
    """Inverse of `digest_to_dict`."""
    stories = []
    for s in data.get("stories", []):
        stories.append(
            Story(
                article_id=s["article_id"],
                title=s["title"],
                url=s["url"],
                source=s["source"],
                published=datetime.fromisoformat(s["published"]) if s.get("published") else None,
                summary=list(s.get("summary", [])),
                quotes=[Quote(q.get("speaker"), q["text"]) for q in s.get("quotes", [])],
                pledges=[
                    Pledge(
                        actor=p["actor"],
                        commitment=p["commitment"],
                        evidence=p["evidence"],
                        when=p.get("when"),
                        due=date.fromisoformat(p["due"]) if p.get("due") else None,
                    )
                    for p in s.get("pledges", [])
                ],
                also_reported_by=[AlsoReported(a["source"], a["url"]) for a in s.get("also_reported_by", [])],
                tags=list(s.get("tags", [])),
                followed=s.get("followed", ""),
                paywalled=bool(s.get("paywalled", False)),
                from_teaser=bool(s.get("from_teaser", False)),
                language=s.get("language", ""),
            )
        )
    return Digest(
        heading=data["heading"],
        stories=stories,
        empty_note=data.get("empty_note", ""),
        note=data.get("note"),
        timezone=data.get("timezone", "UTC"),
        pledges_due=[_pledge_line(line) for line in data.get("pledges_due", [])],
        pledge_reports=[_pledge_line(line) for line in data.get("pledge_reports", [])],
        updates=[StoryUpdate(u["article_id"], u["title"], u["url"], u["source"], u["change"])
                 for u in data.get("updates", [])],
        pledge_lines_not_shown=dict(data.get("pledge_lines_not_shown", {})),
        day=date.fromisoformat(data["day"]) if data.get("day") else None,
    )
