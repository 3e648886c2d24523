"""Shared fixtures: a real HTTP feed server on 127.0.0.1, configs and databases in temporary folders."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Config, parse_config
from storage import connect
from tests.feedserver import FeedServer

REPO = Path(__file__).resolve().parents[1]


def _find_eval_dev() -> Path:
    """`../shared/eval-dev` beside the checkout; from a git worktree nested deeper, the nearest such folder above."""
    for folder in REPO.parents:
        if (folder / "shared" / "eval-dev").is_dir():
            return folder / "shared" / "eval-dev"
    return REPO.parent / "shared" / "eval-dev"


EVAL_DEV = _find_eval_dev()


@pytest.fixture(autouse=True)
def restore_root_logging() -> Iterator[None]:
    """Each test leaves the logging set-up as it found it. `communique`'s own set-up (`setup_logging`, as the CLI
    calls it) replaces the root handlers with one writing to the sys.stderr of that moment, which under pytest is
    the test's capture stream, closed when the test ends: left in place, every later log record failed with an
    "I/O operation on closed file" traceback, and a failing test printed thousands of lines of them."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer().start()
    yield server
    server.stop()


@pytest.fixture
def make_config(tmp_path: Path):
    """Build a validated Config from a dict (the TOML document's shape), storing under tmp_path."""

    def build(data: dict[str, Any] | None = None, **sections: Any) -> Config:
        doc: dict[str, Any] = {"storage": {"path": str(tmp_path / "communique.db")}}
        doc["fetch"] = {"allow_private_addresses": True, "timeout": 3}
        doc.update(data or {})
        doc.update(sections)
        return parse_config(doc, tmp_path / "config.toml")

    return build


@pytest.fixture
def db(tmp_path: Path):
    database = connect(tmp_path / "communique.db")
    yield database
    database.conn.close()
