"""A config file reached through a symbolic link that is moved to a new version of the file: the way a Kubernetes
ConfigMap volume, and deploy tools that keep releases side by side (`current -> releases/42`), update a config.
The bot reads the file by the name the operator gave, so the new version is what it reads, by its watch and at
SIGHUP."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment, to_toml
from tests.reliability.test_crash_console import console_config

LATER = b"<rss version='2.0'><channel><title>Later desk</title></channel></rss>"


def versioned(deployment: Deployment) -> Callable[[str], None]:
    """The deployment's config.toml made `..data/config.toml`, `..data` a link to the folder `v1`; the returned
    `publish(version)` writes the deployment's config into that folder and moves `..data` to it in one rename,
    as a ConfigMap update does."""
    folder = deployment.folder

    def publish(version: str) -> None:
        (folder / version).mkdir()
        (folder / version / "config.toml").write_text(to_toml(deployment.config), encoding="utf-8")
        os.symlink(version, folder / "..data_tmp")
        os.replace(folder / "..data_tmp", folder / "..data")

    deployment.config_path.unlink()
    publish("v1")
    os.symlink("..data/config.toml", deployment.config_path)
    return publish


def test_a_config_link_moved_to_a_new_version_is_read_by_the_watch_and_by_sighup(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """The start resolved the link and watched the file it pointed to then: the new version, however long it
    waited and whatever SIGHUP asked, was never read, and the log went on naming the old file as the config."""
    deployment = deploy(console_config(feed_server))
    publish = versioned(deployment)
    feed_server.route("/later.xml", body=LATER)
    feed_server.route("/latest.xml", body=LATER)
    run = deployment.start(args=["-v"])
    deployment.wait_for(lambda: "running on console" in run.stderr, 30, run, "the start")

    deployment.config["sources"].append({"name": "Later desk", "url": feed_server.url("/later.xml")})
    publish("v2")
    deployment.wait_for(lambda: "(added: Later desk)" in run.stderr, 30, run, "the new version read by the watch")

    deployment.config["sources"].append({"name": "Latest desk", "url": feed_server.url("/latest.xml")})
    publish("v3")
    run.proc.send_signal(signal.SIGHUP)
    deployment.wait_for(lambda: "(added: Latest desk)" in run.stderr, 30, run, "the new version read at SIGHUP")
    assert str(Path("v1") / "config.toml") not in run.stderr.split("running on console", 1)[1], run.stderr
    code, _ = run.terminate()
    assert code == 0, run.stderr[-2000:]
    assert {name for (name,) in deployment.query("SELECT name FROM sources")} >= {"Later desk", "Latest desk"}
