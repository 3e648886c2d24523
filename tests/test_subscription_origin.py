"""Who owns a subscription: a chat's own command wins over the config file, and removing a [[subscriptions]] block
ends only what the file made. Every change a reload makes to a subscription is logged at INFO.

Driven the way an operator and a chat drive it: a real config file edited and reloaded, commands run through the
command service, a real SQLite file.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.config import load_config
from bot.core.commands import Invocation
from bot.runtime import Runtime
from storage import subscriptions as sub_store
from tests.helpers import RecordingPlatform

BLOCK = '[[subscriptions]]\nplatform = "console"\nchat_id = "terminal"\ntime = "07:15"\n'
RUNTIME_LOG = "bot.runtime"


def write(path: Path, body: str) -> None:
    path.write_text(f'[storage]\npath = "{path.parent / "communique.db"}"\n{body}')


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Runtime, Path]:
    path = tmp_path / "config.toml"
    write(path, BLOCK)
    runtime = Runtime(load_config(path), {"console": RecordingPlatform(name="console")}, tick_seconds=3600)
    runtime.sync_config()
    return runtime, path


async def say(runtime: Runtime, command: str, *args: str) -> str:
    reply = await runtime.run_command(
        Invocation(platform="console", chat_id="terminal", chat_kind="private", user_id="console",
                   command=command, args=list(args))
    )
    return reply.text


def terminal(runtime: Runtime):
    return sub_store.get(runtime.db, "console", "terminal")


async def test_a_chat_that_subscribes_by_command_keeps_it_when_the_file_is_touched(setup, caplog) -> None:
    runtime, path = setup
    caplog.set_level(logging.INFO, logger=RUNTIME_LOG)
    write(path, "")  # the operator removes the demo's block: the file's subscription ends
    assert runtime.reload_config()
    assert not terminal(runtime).active
    assert "console terminal" in caplog.text and "ended" in caplog.text
    assert "now subscribed" in await say(runtime, "subscribe")
    assert "Saved" in await say(runtime, "settings", "time", "06:45")
    caplog.clear()
    write(path, "# touched\n")
    assert runtime.reload_config()
    sub = terminal(runtime)
    assert sub.active and sub.time == "06:45", "the chat's own subscription survives a reload"
    assert sub.origin == "command"
    assert "This chat gets" in await say(runtime, "settings")


async def test_the_file_ends_its_own_subscription_and_logs_every_change(setup, caplog) -> None:
    runtime, path = setup
    caplog.set_level(logging.INFO, logger=RUNTIME_LOG)
    assert terminal(runtime).active and terminal(runtime).origin == "config"
    write(path, BLOCK.replace("07:15", "09:30") + 'topics = ["un"]\n')
    assert runtime.reload_config()
    sub = terminal(runtime)
    assert sub.time == "09:30" and sub.topics == ["un"]
    changed = [r.getMessage() for r in caplog.records if "console terminal" in r.getMessage()]
    assert changed and all(r.levelno == logging.INFO for r in caplog.records if "console terminal" in r.getMessage())
    assert any("07:15" in m and "09:30" in m for m in changed), changed
    assert any("un" in m for m in changed), changed
    caplog.clear()
    write(path, "")
    assert runtime.reload_config()
    assert not terminal(runtime).active, "a subscription only the file made ends with its block"
    assert any("ended" in r.getMessage() and r.levelno == logging.INFO for r in caplog.records)
    caplog.clear()
    write(path, BLOCK)
    assert runtime.reload_config()
    assert terminal(runtime).active, "putting the block back brings it back"
    assert "subscription console terminal reactivated by the config: its block is back" in caplog.text, \
        caplog.text  # it said 'it was: its block was removed from the config'


async def test_a_command_takes_a_file_made_subscription_over_and_the_file_then_leaves_it_alone(setup, caplog) -> None:
    runtime, path = setup
    caplog.set_level(logging.INFO, logger=RUNTIME_LOG)
    answer = await say(runtime, "settings", "time", "06:45")
    assert "Saved" in answer and "config" in answer, "the chat is told the file no longer manages it"
    assert terminal(runtime).origin == "command"
    write(path, BLOCK.replace("07:15", "10:00"))
    assert runtime.reload_config()
    assert terminal(runtime).time == "06:45", "the chat's own setting wins over the file"
    assert any("left alone" in r.getMessage() and "console terminal" in r.getMessage() for r in caplog.records)
    caplog.clear()
    write(path, "")
    assert runtime.reload_config()
    assert terminal(runtime).active, "removing the block does not end what the chat now owns"
    assert any("left alone" in r.getMessage() for r in caplog.records), caplog.text


async def test_a_chat_that_unsubscribed_by_command_is_not_resubscribed_by_its_block(setup) -> None:
    runtime, path = setup
    assert "Unsubscribed" in await say(runtime, "unsubscribe")
    write(path, BLOCK + "# touched\n")
    assert runtime.reload_config()
    runtime.sync_config()  # and at the next start
    assert not terminal(runtime).active


async def test_a_chat_the_platform_ended_is_not_started_again_by_an_unrelated_reload(setup, caplog) -> None:
    """A channel declared in the file that refused the bot at every try (removed, demoted) is ended, and its
    operators told how to start it again once the bot may post there. A reload for anything else (a source
    renamed), or the next start, brought it back: its backlog owed again, refused again, the operators alerted
    again, at every edit. Its block does not start it again; the log says what does."""
    runtime, path = setup
    sub_store.deactivate(runtime.db, terminal(runtime).id, "Forbidden: bot was kicked from the channel chat",
                         refusals=3)
    caplog.set_level(logging.INFO, logger=RUNTIME_LOG)
    write(path, BLOCK + "# a source renamed elsewhere in the file\n")
    assert runtime.reload_config()
    runtime.sync_config()  # and at the next start
    sub = terminal(runtime)
    assert not sub.active and sub.deactivated_reason == "Forbidden: bot was kicked from the channel chat"
    said = [r.getMessage() for r in caplog.records if "console terminal" in r.getMessage()]
    assert said and all("left alone" in m for m in said), said
    assert "bot was kicked" in said[0] and "/subscribe" in said[0], said[0]

    assert "now subscribed" in await say(runtime, "subscribe"), "the chat's own /subscribe starts it again"
    assert terminal(runtime).active


async def status_of(runtime: Runtime) -> str:
    """/status as the operator reads it: its text and each section's title and lines."""
    reply = await runtime.run_command(
        Invocation(platform="console", chat_id="terminal", chat_kind="private", user_id="console", command="status",
                   args=[]))
    return "\n".join([reply.text] + [f"{s.title}: " + " | ".join(s.lines) for s in reply.sections])


async def test_status_says_the_last_edit_of_the_file_was_refused_until_a_good_one_is_read(setup) -> None:
    """An edit the reload refused was said in the log alone: an operator who saved, then asked /status, read 'all
    sources OK' while the bot ran on the config before the edit, and went away thinking it applied."""
    runtime, path = setup
    assert "Config" not in await status_of(runtime)
    write(path, BLOCK.replace('"07:15"', "07:15"))
    assert not runtime.reload_config()
    status = await status_of(runtime)
    assert status.startswith("Communiqué status:") and "The config file's last edit was refused: see Config." in status
    assert (f"the edit of {path} was refused at " in status and "UTC: line 6, time = 07:15: not valid TOML" in status
            and "still running with the config read before it" in status), status
    write(path, BLOCK.replace("07:15", "07:45"))
    assert runtime.reload_config()
    assert "Config" not in await status_of(runtime) and terminal(runtime).time == "07:45"


async def test_a_block_naming_a_chat_by_its_other_name_is_the_subscription_the_chat_made(tmp_path: Path,
                                                                                         caplog) -> None:
    """A chat the platform also names "@desk" subscribes by command (kept under its id); a block naming it
    "@desk" is that subscription, not a second one that gets every story again; a second block naming the chat
    by its id is left alone, and the log says to remove one."""
    path = tmp_path / "config.toml"
    write(path, "")
    runtime = Runtime(load_config(path), {"console": RecordingPlatform(name="console")}, tick_seconds=3600)
    runtime.sync_config()
    reply = await runtime.run_command(Invocation(
        platform="console", chat_id="room-7", chat_kind="channel", user_id="console", command="subscribe",
        args=["trade"], chat_aliases=("@desk",)))
    assert "now subscribed" in reply.text
    caplog.set_level(logging.INFO, logger=RUNTIME_LOG)
    by_name = '[[subscriptions]]\nplatform = "console"\nchat_id = "@desk"\ntopics = ["trade"]\n'
    write(path, by_name)
    assert runtime.reload_config()
    assert [s.chat_id for s in sub_store.list_subscriptions(runtime.db)] == ["room-7"]
    write(path, by_name + by_name.replace('"@desk"', '"room-7"'))
    assert runtime.reload_config()
    assert [s.chat_id for s in sub_store.list_subscriptions(runtime.db)] == ["room-7"]
    assert "another block names the same chat (room-7)" in caplog.text, caplog.text


async def test_a_chat_subscribed_twice_under_its_two_names_is_one_subscription_at_the_next_reload(
        tmp_path: Path, caplog) -> None:
    """A database an older Communiqué left with the same chat subscribed twice (a block's "@desk" and the chat's
    own id, each story sent there twice): once the chat's other name is known, the block's copy ends, saying why."""
    path = tmp_path / "config.toml"
    by_name = '[[subscriptions]]\nplatform = "console"\nchat_id = "@desk"\n'
    write(path, by_name)
    runtime = Runtime(load_config(path), {"console": RecordingPlatform(name="console")}, tick_seconds=3600)
    runtime.sync_config()
    sub_store.subscribe(runtime.db, platform="console", chat_id="room-7", chat_kind="channel",
                        defaults=runtime.config.digest.subscription_defaults(), chat_alias="@desk")
    caplog.set_level(logging.INFO, logger=RUNTIME_LOG)
    write(path, by_name + "# touched\n")
    assert runtime.reload_config()
    assert [s.chat_id for s in sub_store.list_subscriptions(runtime.db)] == ["room-7"]
    assert "its block names the chat room-7, which is @desk: one subscription" in caplog.text, caplog.text


async def test_a_block_naming_a_chat_that_only_set_its_zone_makes_the_subscription(tmp_path: Path, caplog) -> None:
    """A chat that never subscribed and set its zone with /settings holds an inactive row: a block naming it later
    subscribes it as the file's own (a later edit of the block applies), not "unsubscribed by command"."""
    path = tmp_path / "config.toml"
    write(path, "")
    runtime = Runtime(load_config(path), {"console": RecordingPlatform(name="console")}, tick_seconds=3600)
    runtime.sync_config()
    assert "Saved." in await say(runtime, "settings", "tz", "Pacific/Apia")
    assert not terminal(runtime).active
    caplog.set_level(logging.INFO, logger=RUNTIME_LOG)
    write(path, BLOCK)
    assert runtime.reload_config()
    sub = terminal(runtime)
    assert sub.active and sub.origin == "config" and sub.time == "07:15", sub
    assert sub.timezone == "Pacific/Apia", "the block names no zone: the chat's own stays, not the config's default"
    assert "unsubscribed by command" not in caplog.text and "created" in caplog.text, caplog.text
    assert "Pacific/Apia" in caplog.text, "the log says the chat's own zone was kept"
    write(path, BLOCK.replace("07:15", "09:30"))
    assert runtime.reload_config()
    assert terminal(runtime).time == "09:30", "the file's own: its edits apply"
