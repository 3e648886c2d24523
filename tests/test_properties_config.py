"""Property tests (hypothesis): any config document, however wrong, is either accepted or refused with a clear
list of problems (a `ConfigError`), never another exception; and the command line shows no traceback for it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.config import SECTIONS, Config, ConfigError, load_config, parse_config
from tests.reliability.conftest import FIGURES
from tests.reliability.harness import REPO, to_toml
from tests.reliability.hostile import hostile_text

EXAMPLE_CONFIG = REPO / "config.example.toml"
KEYS = [
    "path", "timeout", "max_bytes", "max_redirects", "concurrency", "user_agent", "fetch_full_text",
    "allow_private_addresses", "max_entries", "default_interval", "time", "timezone", "max_items",
    "summary_sentences", "after_failures", "name", "url", "tags", "interval", "token_env", "api_base_url",
    "operators", "link_previews", "poll_interval", "test_guild", "platform", "chat_id", "topics", "mode", "token",
    "timezon", "urls", "",
]
ODD_VALUES = [
    "08:00", "25:61", "8am", "Europe/Berlin", "Mars/Olympus", "../../etc/passwd", "UTC\x00", "15m", "-5m", "1e9",
    "http://localhost/feed", "gopher://x", "file:///etc/shadow", "javascript:alert(1)", "", " ", "telegram",
    "discord", "console", "fax", "daily", "hourly", "@chan", "-1001234567890", "TELEGRAM_BOT_TOKEN", "1:ABC",
]

scalars = st.one_of(
    st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.floats(allow_nan=False),
    st.sampled_from(ODD_VALUES), hostile_text,
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=4),
    max_leaves=10,
)
tables = st.dictionaries(st.sampled_from(KEYS), values, max_size=6)
documents = st.dictionaries(
    st.sampled_from([*SECTIONS, "source", "Telegram", "extra"]),
    st.one_of(tables, st.lists(tables, max_size=3), scalars),
    max_size=7,
)


def outcome(document: dict) -> Config | ConfigError:
    try:
        return parse_config(document, Path("/nonexistent/config.toml"))
    except ConfigError as exc:
        return exc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
@example({"sources": "not a list"})
@example({"sources": [{"name": 5, "url": ["x"], "interval": True}]})
@example({"telegram": {"token": "1:SECRET"}})
@example({"subscriptions": [{"platform": "telegram", "chat_id": "-100"}]})
@example({"digest": {"max_items": 10**30, "time": "24:00", "timezone": "Etc/../../etc"}})
def test_any_document_is_accepted_or_refused_with_reasons(document: dict) -> None:
    result = outcome(document)
    if isinstance(result, ConfigError):
        assert result.problems and all(isinstance(p, str) and p for p in result.problems)
        report = result.report()
        assert report.startswith("Config ") and "Traceback" not in report
        assert len(report) < 200 * (len(result.problems) + 1), "each problem is told briefly"
    else:
        assert isinstance(result, Config)
    FIGURES.tried("config documents (hypothesis)")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_edit_of_the_example_config_is_accepted_or_refused(tmp_path: Path, data: st.DataObject) -> None:
    """Delete, duplicate or garble lines of the real example config, as a hurried operator might."""
    lines = EXAMPLE_CONFIG.read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "garble", "truncate"]))
        if action == "delete":
            del lines[at]
        elif action == "duplicate":
            lines.insert(at, lines[at])
        elif action == "garble":
            lines[at] = lines[at][: len(lines[at]) // 2] + data.draw(hostile_text) + lines[at][len(lines[at]) // 2:]
        else:
            lines = lines[:at]
        if not lines:
            break
    path = tmp_path / "config.toml"  # overwritten by each example
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    try:
        load_config(path)
    except ConfigError as exc:
        assert exc.problems and "Traceback" not in exc.report()
    FIGURES.tried("edits of the example config (hypothesis)")


CLI_CASES = {
    "wrong types": to_toml({"fetch": {"timeout": "soon", "concurrency": -1}, "digest": {"max_items": "many"}}),
    "unknown keys and sections": "[fetch]\ntimout = 5\n[digests]\ntime = \"08:00\"\n",
    "sources not an array": "sources = 5\n",
    "subscription without its platform section": "[[subscriptions]]\nplatform = \"telegram\"\nchat_id = \"1\"\n",
    "a token in the file": "[telegram]\ntoken = \"123456:SECRETSECRET\"\n",
    "not TOML": "[storage\npath = \n",
    "binary": "\x00\x01\x02\xff",
    "empty": "",
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_the_command_line_refuses_a_bad_config_without_a_traceback(case: str, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    if case == "binary":
        path.write_bytes(b"\x00\x01\x02\xff\xfe")
    else:
        path.write_text(CLI_CASES[case], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if case == "empty":
        # An empty file loads (every default), but a bot with no source has nothing to do: check-config says so.
        result = subprocess.run([sys.executable, "-m", "bot", "check-config", str(path)], capture_output=True,
                                text=True, timeout=60, cwd=tmp_path, env=env)
        assert result.returncode == 2 and "no [[sources]]" in result.stderr and "Traceback" not in result.stderr
    # `run` refuses what check-config refuses: an empty file started a bot with nothing to fetch, for ever, on a
    # new database, while check-config, fetch and a reload all refused it.
    result = subprocess.run([sys.executable, "-m", "bot", "run", "--config", str(path)], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path, env=env, stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result.stderr
    if case == "empty":
        assert "no [[sources]]" in result.stderr and "add a [[sources]] block" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and f"Config {path}" in result.stderr
    assert "SECRETSECRET" not in result.stderr
    assert not (tmp_path / "var").exists(), "nothing was created for a refused config"
    FIGURES.tried("bad config files through the command line")


def test_every_key_of_the_example_config_is_known() -> None:
    """The example config itself is valid: what an operator copies works."""
    document = tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    assert isinstance(parse_config(document, EXAMPLE_CONFIG), Config)
