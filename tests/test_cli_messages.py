"""What the command line tells an operator, run as they run it (a subprocess in a fresh folder): which config and
database it uses, exit codes a cron job can act on, and each failure said once."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.test_cli import SAMPLES, communique

DEMO_NOTICE = "bundled demo config"


def test_without_a_config_file_commands_say_they_use_the_demo_config_and_its_own_database(tmp_path: Path) -> None:
    fetch = communique("fetch", cwd=tmp_path)
    assert fetch.returncode == 0, fetch.stderr
    assert DEMO_NOTICE in fetch.stderr and "config.example.toml" in fetch.stderr
    assert (tmp_path / "var" / "demo.db").is_file()
    assert not (tmp_path / "var" / "communique.db").exists(), "the real bot's database is left alone"
    for command in (("status",), ("check-config",)):
        result = communique(*command, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert DEMO_NOTICE in result.stderr, command
    demo = communique("demo", cwd=tmp_path)
    assert demo.returncode == 0 and "var/demo.db" in demo.stdout + demo.stderr

    (tmp_path / "config.toml").write_text('[storage]\npath = "var/communique.db"\n[[sources]]\nname = "One"\n'
                                          f'url = "{SAMPLES / "feeds" / "world-wire.atom"}"\n')
    real = communique("fetch", cwd=tmp_path)
    assert real.returncode == 0, real.stderr
    assert DEMO_NOTICE not in real.stderr
    status = communique("status", cwd=tmp_path)
    assert "Foreign Ministry" not in status.stdout, "the demo's sources do not show up in the real bot"


def sources_config(folder: Path, *sources: tuple[str, str]) -> None:
    shutil.copy(SAMPLES / "feeds" / "world-wire.atom", folder / "ok.atom")
    blocks = "".join(f'[[sources]]\nname = "{name}"\nurl = "{url}"\n' for name, url in sources)
    (folder / "config.toml").write_text(
        f'[storage]\npath = "var/communique.db"\n[fetch]\nallow_private_addresses = true\ntimeout = 5\n{blocks}'
    )


def test_fetch_exits_non_zero_when_a_source_fails_and_names_each_failure_once(tmp_path: Path) -> None:
    sources_config(tmp_path, ("Good", "ok.atom"), ("Missing", "nothere.xml"), ("Closed", "http://127.0.0.1:9/feed"))
    some = communique("fetch", cwd=tmp_path)
    assert some.returncode == 3, (some.returncode, some.stdout, some.stderr)
    assert "Good: 3 new" in some.stdout
    for name in ("Missing", "Closed"):
        assert some.stdout.count(f"{name}:") == 1, some.stdout
        assert some.stderr.count(f"source {name} failed") == 1, "logged once"
        assert name not in some.stderr.replace(f"source {name} failed", ""), some.stderr
    assert "2 of 3 sources failed" in some.stdout

    sources_config(tmp_path, ("Missing", "nothere.xml"), ("Closed", "http://127.0.0.1:9/feed"))
    every = communique("fetch", cwd=tmp_path)
    assert every.returncode == 4, (every.returncode, every.stdout, every.stderr)
    assert "all 2 sources failed" in every.stdout

    sources_config(tmp_path, ("Good", "ok.atom"))
    fine = communique("fetch", cwd=tmp_path)
    assert fine.returncode == 0, fine.stderr
    assert "1 source fetched" in fine.stdout and "1 sources" not in fine.stdout


def test_fetch_help_documents_its_exit_codes(tmp_path: Path) -> None:
    shown = communique("fetch", "--help", cwd=tmp_path)
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    assert "exit status" in text.lower() or "exit code" in text.lower()
    for code in ("0", "3", "4"):
        assert f" {code} " in text or f" {code}:" in text or f" {code}," in text, code
