"""SIGHUP (`systemctl reload communique`, the unit's ExecReload) re-reads the config, whenever it arrives."""

from __future__ import annotations

import signal
from collections.abc import Callable

from tests.feedserver import FeedServer
from tests.reliability.harness import Deployment
from tests.reliability.test_crash_console import console_config


def test_a_reload_signal_sent_while_the_bot_starts_is_applied_once_it_has_started(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    """Python ends a process on SIGHUP until a handler is set, and the bot set its own at the end of its start,
    after the platforms logged in (seconds on a poor network): `systemctl reload` just after a restart ended the
    bot with nothing in its log, and systemd, which takes a death by SIGHUP for a clean exit, left it stopped.
    The signal is now noted from the start of `run` and the config read again once the bot has started."""
    deployment = deploy(console_config(feed_server))
    run = deployment.start(failpoints="runtime.platform_start=delay:3", args=["-v"])  # a slow login
    deployment.wait_for(lambda: "running on console" in run.stderr, 30, run, "the start")
    feed_server.route("/later.xml", body=b"<rss version='2.0'><channel><title>x</title></channel></rss>")
    deployment.config["sources"].append({"name": "Later desk", "url": feed_server.url("/later.xml")})
    deployment.write_config()
    run.proc.send_signal(signal.SIGHUP)
    deployment.wait_for(lambda: "(added: Later desk)" in run.stderr, 30, run, "the edit read")
    assert run.alive()
    assert run.stderr.count("config reloaded") == 1, run.stderr
    code, _ = run.terminate()
    assert code == 0
