"""Run `communique run` as an operator would, in its own folder, and look at what it did.

A `Deployment` is a folder with a config.toml (sources on the local feed server, subscriptions, platforms) and the
database the bot creates there. `start()` launches `python -m bot run` as a subprocess, optionally with
failpoints armed (bot/failpoints.py), its output going to files so a SIGKILL loses nothing already written.
The test reads the database with its own SQLite connection (WAL lets it read while the bot writes).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def to_toml(doc: dict[str, Any]) -> str:
    """A small TOML writer for config documents: tables of scalars and arrays of such tables."""
    lines: list[str] = []
    for name, value in doc.items():
        if isinstance(value, dict):
            lines.append(f"[{name}]")
            lines += [f"{k} = {_toml_value(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for table in value:
                lines.append(f"[[{name}]]")
                lines += [f"{k} = {_toml_value(v)}" for k, v in table.items()]
        else:
            lines.append(f"{name} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


@dataclass
class BotRun:
    """One `communique run` process and the files its output goes to."""

    proc: subprocess.Popen
    out_path: Path
    err_path: Path
    started: float = field(default_factory=time.monotonic)

    @property
    def stdout(self) -> str:
        return self.out_path.read_text(encoding="utf-8", errors="replace")

    @property
    def stderr(self) -> str:
        return self.err_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def wait(self, timeout: float) -> int:
        """The exit code (negative: killed by that signal); fails the test with the log if it does not end."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"communique run did not exit within {timeout} s; its log:\n{self.stderr[-3000:]}")

    def handles_sigterm(self) -> bool:
        """Whether the bot has installed its SIGTERM handler yet (Linux: the SigCgt mask in /proc)."""
        try:
            status = Path(f"/proc/{self.proc.pid}/status").read_text()
        except OSError:
            return False
        caught = next((line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:")), "0")
        return bool(int(caught, 16) & (1 << (signal.SIGTERM - 1)))

    def terminate(self, timeout: float = 20.0) -> tuple[int, float]:
        """SIGTERM (once the bot listens for it, as an operator's would arrive), then wait: the exit code and
        how many seconds the stop took."""
        deadline = time.monotonic() + 30
        while self.alive() and not self.handles_sigterm() and time.monotonic() < deadline:
            time.sleep(0.02)
        began = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        code = self.wait(timeout)
        return code, time.monotonic() - began

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


class Deployment:
    """A Communiqué installation in a folder: its config, its database, and the runs of the bot."""

    def __init__(self, folder: Path, config: dict[str, Any], env: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.db_path = folder / "var" / "communique.db"
        self.config = {"storage": {"path": str(self.db_path)}, **config}
        self.env = env or {}
        self.runs: list[BotRun] = []
        self.write_config()

    @property
    def config_path(self) -> Path:
        return self.folder / "config.toml"

    def write_config(self) -> None:
        self.config_path.write_text(to_toml(self.config), encoding="utf-8")

    def environment(self, failpoints: str = "", extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.endswith("_BOT_TOKEN")}
        env.update({"PYTHONPATH": str(REPO), "COLUMNS": "200", "PYTHONUNBUFFERED": "1", **self.env, **(extra or {})})
        if failpoints:
            env["COMMUNIQUE_FAILPOINTS"] = failpoints
        else:
            env.pop("COMMUNIQUE_FAILPOINTS", None)
        return env

    def start(self, *, failpoints: str = "", tick: float = 0.3, env: dict[str, str] | None = None,
              args: Iterable[str] = (), preexec_fn: Callable[[], None] | None = None) -> BotRun:
        """Launch `python -m bot run` here (stdin closed: no console commands); `preexec_fn` runs in the child
        before the bot starts (a resource limit, as an operator's `ulimit` sets it)."""
        number = len(self.runs) + 1
        out_path, err_path = self.folder / f"run-{number}.out", self.folder / f"run-{number}.err"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "--config", str(self.config_path), "run", "--tick", str(tick), *args],
                cwd=self.folder, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                env=self.environment(failpoints, env), preexec_fn=preexec_fn,
            )
        run = BotRun(proc, out_path, err_path)
        self.runs.append(run)
        return run

    def cli(self, *args: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        """Another `communique` command against this deployment (e.g. `status`)."""
        return subprocess.run(
            [sys.executable, "-m", "bot", "--config", str(self.config_path), *args],
            cwd=self.folder, capture_output=True, text=True, timeout=timeout, env=self.environment("", env),
        )

    # --- reading the database --------------------------------------------------------------------------------

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        """Rows from the bot's database through a separate connection (empty when it does not exist yet)."""
        if not self.db_path.exists():
            return []
        conn = sqlite3.connect(self.db_path, timeout=30)
        try:
            return conn.execute(sql, list(params)).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return []
            raise
        finally:
            conn.close()

    def execute(self, sql: str, params: Iterable[Any] = ()) -> None:
        """A change to the bot's database from outside (a test moving a schedule), committed at once."""
        conn = sqlite3.connect(self.db_path, timeout=30)
        try:
            with conn:
                conn.execute(sql, list(params))
        finally:
            conn.close()

    def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def integrity(self) -> str:
        return str(self.scalar("PRAGMA integrity_check"))

    def ledger(self) -> dict[str, int]:
        counts = {"due": 0, "sending": 0, "sent": 0, "failed": 0}
        counts.update(dict(self.query("SELECT state, COUNT(*) FROM deliveries GROUP BY state")))
        return counts

    def drained(self, articles: int, subscriptions: int) -> bool:
        """Every expected article stored, each recorded as delivered to every subscription, nothing left to send."""
        stored = self.scalar("SELECT COUNT(*) FROM articles") or 0
        covered = self.scalar("SELECT COUNT(*) FROM delivered") or 0
        ledger = self.ledger()
        return stored == articles and covered == articles * subscriptions and ledger["due"] + ledger["sending"] == 0

    def delivered_to(self, chats: Iterable[str | int], articles: int) -> bool:
        """These chats have each been sent (or owed in a planned digest) every article, with nothing left due."""
        covered = dict(self.query(
            "SELECT s.chat_id, COUNT(*) FROM delivered d JOIN subscriptions s ON s.id = d.subscription_id "
            "GROUP BY s.chat_id"))
        waiting = dict(self.query(
            "SELECT s.chat_id, SUM(d.state IN ('due', 'sending')) FROM deliveries d "
            "JOIN subscriptions s ON s.id = d.subscription_id GROUP BY s.chat_id"))
        return all(covered.get(str(c)) == articles and waiting.get(str(c)) == 0 for c in chats)

    def wait_for(self, condition: Callable[[], bool], timeout: float, run: BotRun | None = None,
                 what: str = "the condition") -> None:
        """Poll until `condition()`; fail with the bot's log if it dies or time runs out."""
        deadline = time.monotonic() + timeout
        while not condition():
            if run is not None and not run.alive():
                raise AssertionError(
                    f"communique run exited ({run.proc.returncode}) before {what}; its log:\n{run.stderr[-3000:]}"
                )
            if time.monotonic() > deadline:
                log = run.stderr[-3000:] if run else ""
                raise AssertionError(f"{what} not reached within {timeout} s; ledger {self.ledger()}\n{log}")
            time.sleep(0.05)

    def stop_all(self) -> None:
        for run in self.runs:
            run.kill()
