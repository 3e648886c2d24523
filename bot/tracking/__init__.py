"""Following actors and tracking pledges: pure functions on analysed stories. No I/O, storage or platform here.

- `actors`: the alias table (shipped as `actors.toml`): fold a name to an actor, find actors in text, resolve
  what a user types to follow, with suggestions.
- `about`: which actors a story involves, and why (quoted, pledges, subject).

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
    unknown_actor,
)
__all__ = [
    "Actor",
    "ActorKind",
    "ActorTable",
    "ActorTableError",
    "FollowMatch",
    "Involvement",
    "Mention",
    "Reason",
    "default_table",
    "follow_marker",
    "followed_in",
    "story_actors",
    "unknown_actor",
]
