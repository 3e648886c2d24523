"""Riding out a platform outage longer than the old retry ladder (6 tries), the same way on every platform: the
test makes the platform fail and starts the bot; this waits until every subscription's first message was tried
more often than the ladder allowed and the outage lasted at least OUTAGE_AT_LEAST, checks that nothing was sent
or given up and that `communique status` shows the messages waiting, ends the outage and waits for every digest.

The retry pauses are shortened through the config (`[delivery] retry_first`, `retry_max`: RETRY_FIRST, RETRY_MAX)
so the outage outlasts the ladder in seconds of wall time; nothing in the bot is replaced.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from tests.reliability.harness import BotRun, Deployment

OLD_LADDER_TRIES = 6  # what a message was tried before it was marked failed for good
RETRY_FIRST = 0.2
RETRY_MAX = 1
OUTAGE_AT_LEAST = 10.0  # seconds: longer than six tries at this pace (0.2+0.4+0.8+1+1 s...), whatever the load


@dataclass(frozen=True)
class Outage:
    down_for: float  # seconds from the start of the outage to its end
    tries_during: int  # the fewest tries of any subscription's first message when it ended
    recovered_in: float  # seconds from its end to the last digest delivered

    def note(self, what: str, repeated: int, lost: int) -> str:
        """The figures line for the reliability report, `what` saying which platform was down and how."""
        return (f"{what} for {self.down_for:.1f} s (each first message tried {self.tries_during}+ times): every "
                f"digest delivered {self.recovered_in:.1f} s after it came back, {repeated} repeated, {lost} lost")


def least_tries(deployment: Deployment, subscriptions: int) -> int:
    """The fewest tries of any subscription's first message (each digest starts with it); 0 until all have one."""
    rows = deployment.query("SELECT MIN(attempts) FROM deliveries WHERE part = 0 GROUP BY subscription_id")
    return min((r[0] for r in rows), default=0) if len(rows) == subscriptions else 0


def ride_out(deployment: Deployment, run: BotRun, *, stories: int, subscriptions: int,
             end_outage: Callable[[], None]) -> Outage:
    """The outage from now on, as the module docstring says; returns what it measured."""
    down_since = time.monotonic()
    deployment.wait_for(lambda: least_tries(deployment, subscriptions) > OLD_LADDER_TRIES, 90, run,
                        f"every first message tried more than {OLD_LADDER_TRIES} times")
    while time.monotonic() - down_since < OUTAGE_AT_LEAST:
        time.sleep(0.2)
    status = deployment.cli("status")
    ledger = deployment.ledger()
    assert ledger["sent"] == 0 and ledger["failed"] == 0, f"nothing sent, nothing given up during the outage: {ledger}"
    assert status.returncode == 0 and "waiting to be tried again after a failure" in status.stdout, status.stdout
    tries_during = least_tries(deployment, subscriptions)
    end_outage()
    down_for = time.monotonic() - down_since
    back = time.monotonic()
    deployment.wait_for(lambda: deployment.drained(stories, subscriptions), 90, run, "every digest after the outage")
    return Outage(down_for, tries_during, time.monotonic() - back)
