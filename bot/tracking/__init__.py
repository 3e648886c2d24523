"""Following actors and tracking pledges: pure functions on analysed stories. No I/O, storage or platform here.

- `actors`: the alias table (shipped as `actors.toml`): fold a name to an actor, find actors in text, resolve
  what a user types to follow, with suggestions.
- `about`: which actors a story involves, and why (quoted, pledges, subject).
- `linking`: link a later story to earlier pledges as kept, broken, delayed or superseded; one pledge reported
  by several outlets is one pledge; `commitments` gives the terms it compares, `names` the one normal form of a
  name it and `actors` compare by.
- `status`: a pledge's status on a given day, from its follow-ups.

The only file read is the alias table, once.
"""

from __future__ import annotations

from bot.tracking.about import Involvement, Reason, follow_marker, followed_in, story_actors
from bot.tracking.actors import (
    Actor,
    ActorKind,
    ActorTable,
    ActorTableError,
    FollowMatch,
    Mention,
    default_table,
    stands_for,
    unknown_actor,
)
from bot.tracking.linking import (
    FollowUp,
    Outcome,
    Story,
    TrackedPledge,
    dedupe,
    link_story,
    pledge_key,
    same_pledge,
    track,
)
from bot.tracking.status import (
    DUE_SOON_DAYS,
    PledgeStatus,
    StatusReport,
    falling_due,
    pledge_status,
    reported_since,
)

__all__ = [
    "DUE_SOON_DAYS",
    "Actor",
    "ActorKind",
    "ActorTable",
    "ActorTableError",
    "FollowMatch",
    "FollowUp",
    "Involvement",
    "Mention",
    "Outcome",
    "PledgeStatus",
    "Reason",
    "StatusReport",
    "Story",
    "TrackedPledge",
    "dedupe",
    "default_table",
    "falling_due",
    "follow_marker",
    "followed_in",
    "link_story",
    "pledge_key",
    "pledge_status",
    "reported_since",
    "same_pledge",
    "stands_for",
    "story_actors",
    "track",
    "unknown_actor",
]
