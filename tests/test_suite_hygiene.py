"""The suite's own hygiene: a failing test prints a readable failure, whatever ran before it.

`communique`'s logging set-up points the root logger at the sys.stderr of the moment; under pytest that is a
capture stream closed when its test ends. A probe test that logs and fails is run after a test that sets logging
up the way the CLI does, in a pytest of its own: its report must be short, with no logging errors in it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

PROBE = "COMMUNIQUE_SUITE_PROBE"


@pytest.mark.skipif(not os.environ.get(PROBE), reason="run only by the test below, in a pytest of its own")
def test_probe_logs_and_fails() -> None:
    for n in range(20):
        logging.getLogger("bot.runtime").warning("probe line %d", n)
    assert "expected" == "actual"


def test_a_failing_test_after_one_that_set_up_logging_prints_a_readable_failure() -> None:
    earlier = "tests/reliability/test_secrets.py::test_log_lines_arguments_and_tracebacks_are_redacted"
    probe = "tests/test_suite_hygiene.py::test_probe_logs_and_fails"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", earlier, probe],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**os.environ, PROBE: "1"},
    )
    output = done.stdout + done.stderr
    assert "1 failed, 1 passed" in output, output[-3000:]
    assert "Logging error" not in output and "I/O operation on closed file" not in output, output[-3000:]
    assert "AssertionError" in output and "'expected' == 'actual'" in output
    assert len(output.splitlines()) < 150, f"{len(output.splitlines())} lines for one failing test"
