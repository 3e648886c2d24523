"""The failpoints themselves: a typo is refused, a count kills at exactly that hit, a delay waits, unset is inert."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.failpoints import SITES, FailpointSpecError, parse
from tests.reliability.harness import REPO

PROBE = """
import sys
from bot import failpoints
for i in range(1, 6):
    print(i, flush=True)
    failpoints.hit("sender.after_send")
print("survived", flush=True)
"""


def run_probe(spec: str | None, code: str = PROBE) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("COMMUNIQUE_FAILPOINTS", None)
    if spec is not None:
        env["COMMUNIQUE_FAILPOINTS"] = spec
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)


def test_the_spec_is_parsed_and_typos_are_refused() -> None:
    armed = parse("sender.after_send=3, ingest.after_fetch=delay:0.25")
    assert armed["sender.after_send"].kill_at == 3 and armed["ingest.after_fetch"].delay == 0.25
    assert parse("") == {}
    for bad in ("sender.aftr_send=3", "sender.after_send=0", "sender.after_send=soon", "db.migration=delay:x"):
        with pytest.raises(FailpointSpecError, match="COMMUNIQUE_FAILPOINTS"):
            parse(bad)
    assert len(SITES) == 8


def test_a_count_kills_the_process_at_exactly_that_hit() -> None:
    result = run_probe("sender.after_send=3")
    assert result.returncode == -9
    assert result.stdout.split() == ["1", "2", "3"], "killed at the third hit, not before, not after"


def test_unset_or_other_failpoints_change_nothing() -> None:
    for spec in (None, "", "db.migration=1"):
        result = run_probe(spec)
        assert result.returncode == 0 and result.stdout.split()[-1] == "survived"


def test_a_bad_spec_stops_the_process_with_a_clear_message() -> None:
    result = run_probe("sender.after_sent=1")
    assert result.returncode == 1 and "unknown failpoint 'sender.after_sent'" in result.stderr


def test_a_delay_waits_at_every_hit() -> None:
    code = (
        "import asyncio, time\nfrom bot import failpoints\n"
        "t = time.monotonic()\nfor _ in range(3): asyncio.run(failpoints.ahit('ingest.after_fetch'))\n"
        "print(round(time.monotonic() - t, 2))"
    )
    result = run_probe("ingest.after_fetch=delay:0.2", code)
    assert result.returncode == 0 and float(result.stdout) >= 0.6
