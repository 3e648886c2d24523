"""Whether an outlet's edit of a story a chat was sent is one its reader would want to be told of.

A MATERIAL edit changes the headline in its words, or gives the story a pledge or a key quote it did not hold.
Case, punctuation, white space and quote marks are not words; a typo fixed in a word ("parliamnet") is not a new
word. A body that changes alone, a new timestamp, a summary that reads a little differently: none is material.
A digest shows under the story's new headline what changed: the headline the chat was shown, when its words
differ, and the latest new pledge or quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from bot.analysis.model import Pledge, Quote
from bot.core.digest import Story, day_text, deadline_parts
from bot.core.text import glyph_cut

_WORD = re.compile(r"[^\W_]+")  # letters and digits; apostrophes, hyphens and quote marks part words

_NEW_PLEDGE = "New pledge"
_DEADLINE_MOVED = "Deadline moved"
PLEDGES_TOLD = 3  # the new pledges one change line names; more are counted ("; and 2 more")
LINE_CAP = 300  # the change line quotes at most this much of a headline, commitment or quotation


@dataclass(frozen=True)
class Edition:
    """A story as stored at one moment: what a chat was shown of it (headline, and what the analysis found)."""

    title: str
    summary: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)


def words(text: str | None) -> list[str]:
    """The words of a text, case folded: what is left when case, punctuation and quote marks are set aside."""
    return _WORD.findall((text or "").casefold())


def _typo(a: str, b: str) -> bool:
    """Two words one slip of the keyboard apart (a letter added, dropped, changed, or two swapped), long enough
    that the slip is not a different word ("vote" and "veto" are not), with no figures (4 and 5 embassies are not
    a typo)."""
    if min(len(a), len(b)) < 5 or any(ch.isdigit() for ch in a + b) or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def same_words(a: str | None, b: str | None) -> bool:
    """Whether two texts say the same words: they differ at most in case, punctuation, white space, quote marks,
    hyphens ("cease-fire", "ceasefire") and typos fixed word for word."""
    left, right = words(a), words(b)
    if "".join(left) == "".join(right):
        return True
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, left, right, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return False
        if not all(_typo(x, y) for x, y in zip(left[i1:i2], right[j1:j2], strict=True)):
            return False
    return True


def same_deadline(a: Pledge, b: Pledge) -> bool:
    """Whether two pledges give one deadline: in the same words, or in words that resolve to the same day ("by the
    end of March" and "by March 31"). Judged on the words alone, a deadline reworded to its own day was told as
    "Deadline moved (now by March 31 · 31 Mar 2027, was by the end of March · 31 Mar 2027)"."""
    return same_words(a.when, b.when) or (a.due is not None and a.due == b.due)


def _pledge_held(pledge: Pledge, held: Sequence[Pledge]) -> bool:
    """Whether an earlier edition held this pledge: the same actor and commitment, in the same words, and the same
    deadline (`same_deadline`)."""
    return any(same_words(pledge.actor, old.actor) and same_words(pledge.commitment, old.commitment)
               and same_deadline(pledge, old) for old in held)


def _moved_from(pledge: Pledge, held: Sequence[Pledge]) -> Pledge | None:
    """This pledge as an earlier edition held it (the same actor and commitment), when it gave another deadline."""
    if not pledge.when:
        return None
    return next((old for old in held if old.when and not same_deadline(pledge, old)
                 and same_words(pledge.actor, old.actor) and same_words(pledge.commitment, old.commitment)), None)


def _cut(text: str) -> str:
    """The text within LINE_CAP, cut at a word when one ends in its last two fifths (else at a whole glyph, as in
    text without spaces): cut at a character, a long new quote ended "…another summit with nothin…"."""
    text = " ".join(text.split())
    if len(text) <= LINE_CAP:
        return text
    end = LINE_CAP - 1
    space = text.rfind(" ", 0, end + 1)
    cut = space if space >= LINE_CAP * 0.6 else glyph_cut(text, end)
    return text[:cut].rstrip(" ,;:") + "…"


def key_quote(edition: Edition) -> Quote | None:
    """The quote a digest shows of this edition (`Story.key_quote`, the same choice)."""
    story = Story(article_id=0, title=edition.title, url="", source="", published=None,
                  summary=list(edition.summary), quotes=list(edition.quotes))
    return story.key_quote


_WAS = "Was: "


def was_line(title: str) -> str:
    """The change line of a changed headline: the headline the chat was shown."""
    return f"{_WAS}“{_cut(title)}”"


def tells_headline(change: str) -> bool:
    """Whether a recorded change line is a headline's (`was_line`): across several edits a digest words that one
    afresh, from the first headline the chat saw, and takes the other lines as recorded."""
    return change.startswith(_WAS)


def _when(pledge: Pledge) -> str:
    """"by Sunday · 13 Dec 2026": the deadline's words and the date they resolve to, as a story's pledge line
    gives them; the line is recorded once and read days later, when "by Sunday" alone points to another Sunday."""
    return " · ".join(_cut(part) for part in deadline_parts(pledge, due=day_text))


def _deadline(pledge: Pledge) -> str:
    """" (by Sunday · 13 Dec 2026)", a new pledge's deadline (`_when`), or nothing when it has none."""
    when = _when(pledge)
    return f" ({when})" if when else ""


def _listed(told: list[str]) -> str:
    """The first PLEDGES_TOLD of a change line's pledges, the rest counted ("...; and 2 more")."""
    more = f"; and {len(told) - PLEDGES_TOLD} more" if len(told) > PLEDGES_TOLD else ""
    return "; ".join(told[:PLEDGES_TOLD]) + more


def tells_pledges(change: str) -> bool:
    """Whether a recorded change line tells new pledges or deadlines ("New pledge: …", "New pledges: …", "Deadline
    moved: …"): across several edits a digest tells each edit's, as the chat is told every pledge once; of the
    other lines, the latest."""
    return change.startswith((_NEW_PLEDGE, _DEADLINE_MOVED))


def material_change(old: Edition, new: Edition) -> str | None:
    """The line recorded for an edit that changed something a reader would care about, or None when nothing did.

    A pledge the story did not hold ("New pledge: Norland: close four embassies (by March)"; several, each of
    them, up to PLEDGES_TOLD: "New pledges: Norland: ...; Estavia: ...", as the chat holds the copy or edit
    afterwards and a pledge left untold would never be told; one it held, given only another deadline: "Deadline
    moved: ... (now by May, was by March)", each with the date it means) or a key quote it did not hold ("New
    quote: “…” — Ada Brun") comes first, even when the headline changed too: the headline the chat was shown is
    kept with every edit, so a digest can say "Was: “…”" from it, and a pledge recorded only as a changed headline
    would be lost when the outlet changes the headline back. Only a headline changed in its words, with nothing new
    beside it, is recorded as its own line ("Was: “…”"). Pure, so that ingest decides it once per edit and tests
    can ask it directly.
    """
    added = [pledge for pledge in new.pledges if not _pledge_held(pledge, old.pledges)]
    moves = [(pledge, was) for pledge in added if (was := _moved_from(pledge, old.pledges)) is not None]
    if added and len(moves) == len(added):
        # Promises the chat knew, given new dates: "New pledge" told each as a second promise beside the first.
        return f"{_DEADLINE_MOVED}: " + _listed(
            [f"{_cut(p.actor)}: {_cut(p.commitment)} (now {_when(p)}, was {_when(was)})" for p, was in moves])
    if added:
        return f"{_NEW_PLEDGE}{'s' if len(added) > 1 else ''}: " + _listed(
            [f"{_cut(p.actor)}: {_cut(p.commitment)}" + _deadline(p) for p in added])
    quote = key_quote(new)
    if quote is not None and not any(same_words(quote.text, held.text) for held in old.quotes):
        speaker = f" — {_cut(quote.speaker)}" if quote.speaker else ""
        return f"New quote: “{_cut(quote.text)}”{speaker}"
    if not same_words(old.title, new.title):
        return was_line(old.title)
    return None
