"""Following and the pledge tracker on the console: `communique run` with no token reads the commands typed on
standard input, as on Telegram and Discord, on the bundled sample sources."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.conftest import REPO


def tracked_velmora(db_path: Path) -> bool:
    """Velmora's aid pledge is stored and the tracker has read every stored story: waiting for any Velmora pledge
    was not enough on a loaded machine, where the tracker had read the other Velmora stories but not this one."""
    if not db_path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5) as conn:
            (aid,) = conn.execute(
                "SELECT COUNT(*) FROM pledges WHERE commitment LIKE '%25 million to the United Nations flash appeal%'"
            ).fetchone()
            (waiting,) = conn.execute("SELECT COUNT(*) FROM articles WHERE tracked = 0").fetchone()
        conn.close()
    except sqlite3.OperationalError:  # not migrated yet
        return False
    return bool(aid) and not waiting


def test_follow_following_pledges_and_unfollow_typed_on_the_console(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}  # each answer readable as it comes
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--stdin", "--tick", "1"],
        cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while not tracked_velmora(tmp_path / "var" / "demo.db"):  # with no config, the bundled demo's
            assert proc.poll() is None, proc.communicate()[1][-3000:]
            assert time.monotonic() < deadline, "the samples stored and read by the tracker"
            time.sleep(0.2)
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("/follow Velmorra\n/follow velmora\n/following\n/pledges Velmora\n/pledges Velmora kept\n"
                         "/unfollow velmora\n/following\n/?\n/following.\n")
        proc.stdin.flush()
        lines: list[str] = []
        stdout = proc.stdout

        def read() -> None:
            for line in stdout:
                lines.append(line)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        deadline = time.monotonic() + 60
        while sum("follows no one yet" in line for line in lines) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)  # the last command answered: every one before it was too
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        reader.join(timeout=10)  # it reads to the end of the output
        out = "".join(lines)
        err = proc.stderr.read() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-3000:]
    assert "Did you mean: Velmora?" in out, "a typo gets the name stories use"
    assert "This chat now follows Velmora" in out
    assert "This chat follows 1:" in out
    assert "Pledges by Velmora, newest first" in out
    assert any("provide €25 million to the United Nations flash appeal" in line and "— open —" in line
               for line in out.splitlines()), "the sample's pledge, with its status today"
    assert "No kept pledges by Velmora found" in out
    assert "no longer follows Velmora" in out
    assert out.count("This chat follows no one yet") == 2, "/following. ends a sentence: it is /following"
    # A command of punctuation alone is not stripped to nothing: "Unknown command /." named no command typed.
    assert "Unknown command /?." in out and "Unknown command /." not in out.replace("/?.", "")
