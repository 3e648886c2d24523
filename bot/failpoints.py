"""Failpoints: named places in Communiqué where a test can kill or slow the running process, for real.

Why: the promises "no story lost, at most the one message in flight repeated, the database intact" are only
worth something if a test kills `communique run` at the worst moments and looks at what happened. A failpoint
does nothing unless the environment variable `COMMUNIQUE_FAILPOINTS` names it, and the variable is read once, at
import; with it unset, `hit()` is one dictionary truth test.

Spec: a comma-separated list of `NAME=ACTION`:
- `NAME=N` (N >= 1): send SIGKILL to this process the N-th time NAME is reached (no cleanup, no flush: a crash);
- `NAME=delay:S`: wait S seconds every time NAME is reached (a slow platform or a slow source).
Example: `COMMUNIQUE_FAILPOINTS="sender.after_send=3,ingest.after_fetch=delay:0.2"`.

The sites (each a one-line call in the module named):
- `backup.copied` (storage/backup.py `backup`): the copy is written beside its final name, not yet checked or
  renamed into place;
- `db.migration` (storage/db.py `migrate`): inside a migration's transaction, after its statements ran and before
  the version is recorded and committed;
- `ingest.after_fetch` (bot/ingest/pipeline.py): a feed's body has been read, nothing parsed or stored yet;
- `ingest.before_store` (bot/ingest/pipeline.py): an article has been analysed, not yet stored;
- `runtime.platform_start` (bot/runtime.py): the start is about to start the platforms (log in), the scheduler
  and the reload signal's handler not yet (a slow login: Telegram or Discord on a poor network);
- `runtime.before_plan` (bot/runtime.py): an ingest tick stored its new articles, the instant digests are not
  planned yet;
- `sender.before_send` (bot/delivery/sender.py): a message is marked "sending", the platform not called yet;
- `sender.after_send` (bot/delivery/sender.py): the platform took the message, it is not marked "sent" yet (the
  one message in flight that a crash may repeat).

Unknown names or malformed actions are refused at import with a clear message, so a typo in a test cannot
silently test nothing.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from dataclasses import dataclass

ENV_VAR = "COMMUNIQUE_FAILPOINTS"

SITES = (
    "backup.copied",
    "db.migration",
    "ingest.after_fetch",
    "ingest.before_store",
    "runtime.platform_start",
    "runtime.before_plan",
    "sender.before_send",
    "sender.after_send",
)


class FailpointSpecError(ValueError):
    """The failpoint variable names an unknown site or an action that is not `N` or `delay:S`."""


@dataclass
class Armed:
    """One armed failpoint: kill on the `kill_at`-th hit, or sleep `delay` seconds at every hit."""

    kill_at: int | None = None
    delay: float = 0.0
    hits: int = 0


def parse(spec: str) -> dict[str, Armed]:
    """`"a=3,b=delay:0.5"` as armed failpoints; raises `FailpointSpecError` naming the bad part."""
    armed: dict[str, Armed] = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        name, _, action = part.partition("=")
        name, action = name.strip(), action.strip()
        if name not in SITES:
            raise FailpointSpecError(f"{ENV_VAR}: unknown failpoint {name!r}; known: {', '.join(SITES)}")
        armed[name] = _action(name, action)
    return armed


def _action(name: str, action: str) -> Armed:
    if action.isdigit() and int(action) >= 1:
        return Armed(kill_at=int(action))
    if action.startswith("delay:"):
        try:
            seconds = float(action.removeprefix("delay:"))
        except ValueError:
            seconds = -1.0
        if 0 <= seconds <= 600:
            return Armed(delay=seconds)
    raise FailpointSpecError(f"{ENV_VAR}: {name}={action!r}: use a hit count (e.g. 3) or delay:SECONDS")


_ARMED: dict[str, Armed] = parse(os.environ.get(ENV_VAR, ""))


def _reach(name: str) -> float:
    """Count a hit; kill the process when its count comes; return the delay to apply (0 for none)."""
    point = _ARMED.get(name)
    if point is None:
        return 0.0
    point.hits += 1
    if point.kill_at is not None and point.hits >= point.kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(60)  # SIGKILL is delivered asynchronously; never run past the failpoint meanwhile
    return point.delay


def hit(name: str) -> None:
    """A failpoint in synchronous code: nothing unless armed (then kill, or block for the delay)."""
    if _ARMED:
        delay = _reach(name)
        if delay:
            time.sleep(delay)


async def ahit(name: str) -> None:
    """A failpoint in asynchronous code: a delay here waits without blocking the event loop."""
    if _ARMED:
        delay = _reach(name)
        if delay:
            await asyncio.sleep(delay)
