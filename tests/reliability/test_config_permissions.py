"""A config file the bot's user may not read for a while: saved with the wrong owner or mode (`install -m 0600`
as root, an editor that keeps root's umask), then given the right ones. The edit is refused while it cannot be
read, and read once it can: the fix of the mode or owner is what the operator does, and it changes no content."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.feedserver import FeedServer
from tests.reliability.harness import REPO, BotRun, Deployment, to_toml
from tests.reliability.stories import feed
from tests.reliability.test_database_permissions import AS_USER as AS_USER_COMMAND
from tests.reliability.test_database_permissions import shared_folder  # noqa: F401 (a fixture)

HOST = "https://press.example"
# `run` as another user, once root has loaded what the bot reads from files only root may read (the interpreter's
# own, in this checkout): the local zone and the codecs the run uses.
PRELOAD = "import encodings.ascii, encodings.latin_1, tzlocal, xml.sax.expatreader\ntzlocal.get_localzone()\n"
AS_USER = AS_USER_COMMAND.replace("user = int", PRELOAD + "user = int", 1)


def test_an_edit_saved_unreadable_then_given_the_right_mode_is_read(
    deploy: Callable[..., Deployment], feed_server: FeedServer, shared_folder: Path  # noqa: F811
) -> None:
    """The watch compared the file's modification time and size: `chmod` and `chown` change neither, so the
    edit refused for "Permission denied" stayed refused, /status saying so, until some later edit or SIGHUP."""
    if os.geteuid() != 0:
        pytest.skip("running the bot as another user needs root")
    nobody = pwd.getpwnam("nobody")
    feed_server.route("/press.xml", body=feed(range(0, 2), HOST))
    feed_server.route("/later.xml", body=feed(range(10, 12), HOST))
    deployment = deploy({
        "fetch": {"allow_private_addresses": True, "fetch_full_text": False},
        "sources": [{"name": "Press office", "url": feed_server.url("/press.xml"), "interval": 3600}],
    })
    data = shared_folder / "var"
    data.mkdir()
    os.chown(data, nobody.pw_uid, nobody.pw_gid)
    deployment.config["storage"] = {"path": str(data / "communique.db")}
    config = shared_folder / "config.toml"
    config.write_text(to_toml(deployment.config), encoding="utf-8")
    config.chmod(0o644)
    err = shared_folder / "run.err"
    with err.open("wb") as stderr, (shared_folder / "run.out").open("wb") as stdout:
        proc = subprocess.Popen(
            [sys.executable, "-c", AS_USER, str(nobody.pw_uid), "--config", str(config), "run", "--tick", "0.3", "-v"],
            cwd=shared_folder, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
            env={**deployment.environment(), "PYTHONPATH": str(REPO)})
    run = BotRun(proc, shared_folder / "run.out", err)
    try:
        deployment.wait_for(lambda: "running on console" in run.stderr, 30, run, "the start")
        deployment.config["sources"].append({"name": "Later desk", "url": feed_server.url("/later.xml")})
        config.write_text(to_toml(deployment.config), encoding="utf-8")
        config.chmod(0o600)  # root's alone: the bot, as nobody, may not read it
        deployment.wait_for(lambda: "Permission denied" in run.stderr, 30, run, "the unreadable edit refused")
        assert "(added: Later desk)" not in run.stderr
        config.chmod(0o644)
        deployment.wait_for(lambda: "(added: Later desk)" in run.stderr, 30, run, "the edit read once readable")
        code, _ = run.terminate()
        assert code == 0, run.stderr[-2000:]
    finally:
        run.kill()
