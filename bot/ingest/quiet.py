"""Quiet sources: a feed that answers (304 Not Modified, or the same items each time) yet has brought no new story
for far longer than it ever paused before.

Such a source looked healthy everywhere: its fetches succeed, so `status`, /status and /healthz said "ok", and
only the "newest story" column showed its age, for the operator who thought to compare it with the source's
habit. A dead press page behind a feed that still answers is the commonest way a source is lost without a word.

The habit is the source's own: the longest pause between its newest stories (a weekly bulletin pauses a week, a
wire an hour or two), so a weekly bulletin five days after its last issue is not quiet, and a wire five hours
silent may be. A source is quiet once its silence is more than twice that longest pause, and never before a day
(nights and weekends) nor before two of its fetch intervals. With fewer than MIN_STORIES stories there is no habit
to read, and two weeks of silence are asked; so too when they came at fewer than MIN_STORIES times (TOGETHER): a
feed that dates no story has its catalogue stored at one fetch, milliseconds apart, which read as a habit of a story
every few milliseconds made a weekly bulletin quiet a day after it was added. A failing source is not quiet: it is
reported as failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from bot.core.text import duration_text
from storage import articles
from storage.db import from_iso, to_iso
from storage.records import Source

HISTORY = 20  # the pauses read: between a source's 21 newest stories
MIN_STORIES = 5  # fewer stories, or times they came at (TOGETHER), than this show no habit
FLOOR = timedelta(days=1)  # no source is quiet before a day without news: a night, a weekend's first day
NO_HABIT = timedelta(days=14)  # the silence asked of a source with too few stories to read a habit from
# Stories each within this of the one before came in together (a feed that dates none, its catalogue stored at one
# fetch milliseconds apart; a batch published at once): one time of the habit, not pauses of milliseconds.
TOGETHER = timedelta(minutes=1)


@dataclass(frozen=True)
class Quiet:
    """A source silent past its habit: `silence` since its newest story (`newest`), `longest` its longest pause
    before among `stories` stories (None: too few to tell), `limit` the silence that makes it quiet."""

    source_id: int  # a source renamed in the config is the same source
    name: str
    silence: timedelta
    newest: datetime
    longest: timedelta | None
    stories: int
    limit: timedelta
    last_read: datetime
    times: int = 0  # the times its stories came at (`TOGETHER`): fewer than MIN_STORIES show no habit

    @property
    def note(self) -> str:
        """The line `communique status`, /status, /healthz and the log give it: what is wrong and what to do."""
        habit = (f"its longest pause between its last {self.stories} stories was "
                 f"{duration_text(self.longest.total_seconds())}" if self.longest is not None else
                 f"it has too few stories ({self.stories}) to know its habit, and two weeks are asked"
                 if self.stories < MIN_STORIES else
                 f"its {self.stories} stories came at too few times ({self.times}) to know its habit, and two weeks "
                 "are asked")
        return (f"{self.name}: no new story for {duration_text(self.silence.total_seconds())} (its newest dated "
                f"{self.newest:%Y-%m-%d %H:%M} UTC), though its feed answers (last read {self.last_read:%Y-%m-%d %H:%M}"
                f" UTC); {habit}: open its url to see whether it still publishes there, or moved its news elsewhere")

    @property
    def alert(self) -> str:
        """The operators' alert when a source falls quiet while the bot runs."""
        habit = (f"its longest pause before was {duration_text(self.longest.total_seconds())}"
                 if self.longest is not None else "it has too few stories to know its habit")
        return (f"Communiqué: the source “{self.name}” has brought no new story for "
                f"{duration_text(self.silence.total_seconds())}, though its feed answers ({habit}). Open its url to "
                "see whether it still publishes there; /status shows it.")


def quiet_source(source: Source, times: list[str], now: datetime) -> Quiet | None:
    """Whether `source` is quiet at `now`, given its newest stories' times (newest first, at most HISTORY + 1)."""
    if not source.active or source.failures or not times:
        return None
    last_read = from_iso(source.last_success)
    moments = sorted((moment for moment in (from_iso(t) for t in times) if moment is not None), reverse=True)
    if last_read is None or not moments:
        return None
    newest = max(moments)
    silence = now - newest
    # A run of stories each within TOGETHER of the one before came in together: one time of the habit.
    arrivals = [moment for moment, after in zip(moments, [*moments[1:], None], strict=True)
                if after is None or moment - after > TOGETHER]
    pauses = [a - b for a, b in zip(arrivals, arrivals[1:], strict=False)]
    longest = max(pauses, default=timedelta(0)) if len(arrivals) >= MIN_STORIES else None
    limit = max(2 * longest if longest is not None else NO_HABIT, FLOOR, timedelta(seconds=2 * source.interval))
    if silence <= limit or last_read <= newest:
        return None
    return Quiet(source.id, source.name, silence, newest, longest, len(moments), limit, last_read, len(arrivals))


def quiet_sources(db: sqlite_utils.Database, sources: list[Source], now: datetime) -> list[Quiet]:
    """The quiet ones of `sources`, longest silent first. Only a source with no story in the last FLOOR (read on
    the stories' time index) has its pauses read, story by story: reading every source's took seconds on a big
    database, on the bot's event loop."""
    recent = articles.sources_with_stories_since(db, to_iso(now - FLOOR))
    found = []
    for source in sources:
        if source.id in recent or not source.active or source.failures:
            continue
        quiet = quiet_source(source, articles.story_times(db, source.id, HISTORY + 1), now)
        if quiet is not None:
            found.append(quiet)
    return sorted(found, key=lambda q: q.silence, reverse=True)
