"""Only operators and chat administrators can change what a chat receives: every refusal, for every command that
changes a chat (taken from the command registry, so a new such command is covered the day it is added).

A refusal must be a clear message and must change nothing: the subscriptions and the ledger are compared whole.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator

import pytest

from bot.commands.registry import COMMANDS
from bot.core.commands import ChannelRef, Invocation
from bot.runtime import Runtime
from storage import subscriptions as sub_store
from tests.helpers import RecordingPlatform, add_articles
from tests.reliability.conftest import Figures

OPERATOR = "42"
GROUP = "-200"
ARGS = {"subscribe": ["nato"], "unsubscribe": [], "settings": ["time", "09:30"], "follow": ["Russia"],
        "unfollow": ["Russia"]}
CHANGING = sorted(name for name, spec in COMMANDS.items() if spec.changes_chat)


@pytest.fixture
def runtime(make_config) -> Iterator[Runtime]:
    config = make_config(telegram={"operators": [int(OPERATOR)]}, discord={"operators": ["9001"]})
    rt = Runtime(config, {"telegram": RecordingPlatform(name="telegram"), "discord": RecordingPlatform(name="discord")})
    add_articles(rt.db, 3)
    yield rt
    rt.db.conn.close()


def snapshot(runtime: Runtime) -> tuple:
    """Everything a refused command could have changed."""
    subs = runtime.db.execute("SELECT * FROM subscriptions ORDER BY id").fetchall()
    ledger = runtime.db.execute("SELECT * FROM deliveries ORDER BY id").fetchall()
    follows = runtime.db.execute("SELECT * FROM follows ORDER BY id").fetchall()
    return subs, ledger, follows


def admin_check(answer: bool | Exception | None) -> Callable[[], Awaitable[bool]] | None:
    if answer is None:
        return None

    async def check() -> bool:
        if isinstance(answer, Exception):
            raise answer
        return answer

    return check


def group_invocation(command: str, user: str, admin: bool | Exception | None, platform: str = "telegram") -> Invocation:
    return Invocation(platform=platform, chat_id=GROUP, chat_kind="group", user_id=user, command=command,
                      args=list(ARGS.get(command, [])), chat_title="Embassy staff", is_chat_admin=admin_check(admin))


async def subscribed_group(runtime: Runtime, platform: str = "telegram") -> None:
    """The group is subscribed (by an admin), so that unsubscribe and settings have something to change."""
    reply = await runtime.run_command(group_invocation("subscribe", "1", True, platform))
    assert "now subscribed" in reply.text


async def following_group(runtime: Runtime) -> None:
    """The group follows an actor (by an admin's choice), so that unfollow has something to change."""
    reply = await runtime.run_command(group_invocation("follow", "1", True))
    assert "now follows" in reply.text


@pytest.mark.parametrize("command", CHANGING)
@pytest.mark.parametrize(
    "who",
    ["member", "admin status unknown", "admin check failed", "operator of another platform", "anonymous"],
)
async def test_a_group_member_cannot_change_the_group(runtime: Runtime, command: str, who: str, figures: Figures) -> None:
    await subscribed_group(runtime)
    if command == "unfollow":
        await following_group(runtime)
    before = snapshot(runtime)
    user, admin = {
        "member": ("7", False),
        "admin status unknown": ("7", None),
        "admin check failed": ("7", TimeoutError("getChatMember timed out")),
        "operator of another platform": ("9001", False),  # an operator on Discord only
        "anonymous": (None, False),
    }[who]
    invocation = group_invocation(command, user or "", admin)
    if user is None:
        invocation.user_id = None
    reply = await runtime.run_command(invocation)
    if who == "admin check failed":  # the user may well be an admin: not refused as a member, asked to try again
        assert reply.error and "could not check" in reply.text and "try again" in reply.text, reply.text
    else:
        assert reply.error and "administrators" in reply.text, reply.text
    assert snapshot(runtime) == before, "a refused command changed nothing"
    figures.tried("permission refusals", 1)


@pytest.mark.parametrize("command", CHANGING)
@pytest.mark.parametrize(("user", "admin"), [("8", True), (OPERATOR, False)], ids=["admin", "operator"])
async def test_admins_and_operators_can(runtime: Runtime, command: str, user: str, admin: bool) -> None:
    """The refusals above are the check at work: the same commands succeed for an admin or an operator."""
    if command != "subscribe":
        await subscribed_group(runtime)
    if command == "unfollow":
        await following_group(runtime)
    before = snapshot(runtime)
    reply = await runtime.run_command(group_invocation(command, user, admin))
    assert not reply.error, reply.text
    assert snapshot(runtime) != before, f"/{command} by the {'admin' if admin else 'operator'} changed the chat"


async def test_only_operators_name_a_channel_from_a_private_chat(runtime: Runtime) -> None:
    channels = {"@orlenbrief": ChannelRef("-1009", "Orlen Brief")}

    async def resolve(ref: str) -> ChannelRef | None:
        return channels.get(ref)

    before = snapshot(runtime)
    for command in ("subscribe", "unsubscribe"):
        reply = await runtime.run_command(Invocation(
            platform="telegram", chat_id="7", chat_kind="private", user_id="7", command=command,
            args=["@orlenbrief"], resolve_channel=resolve))
        assert reply.error and "operators" in reply.text
    assert snapshot(runtime) == before
    assert sub_store.get(runtime.db, "telegram", "-1009") is None


@pytest.mark.parametrize("user", ["7", None, "042", " 42", "42\u200b"])
async def test_status_refuses_anyone_but_an_operator(runtime: Runtime, user: str | None) -> None:
    reply = await runtime.run_command(Invocation(platform="telegram", chat_id="7", chat_kind="private",
                                                 user_id=user, command="status"))
    assert reply.error and "operators" in reply.text and not reply.sections


async def test_a_member_may_still_read(runtime: Runtime) -> None:
    await subscribed_group(runtime)
    before = snapshot(runtime)
    for command, args in (("latest", ["2"]), ("settings", []), ("sources", []), ("topics", []), ("help", [])):
        reply = await runtime.run_command(Invocation(platform="telegram", chat_id=GROUP, chat_kind="group",
                                                     user_id="7", command=command, args=args,
                                                     is_chat_admin=admin_check(False)))
        assert not reply.error, (command, reply.text)
    assert snapshot(runtime) == before
