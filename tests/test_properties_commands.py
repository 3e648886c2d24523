"""Property tests (hypothesis): any command with any arguments gets a short, clear answer that renders validly on
every platform, and loses or changes nothing it should not.

The arguments are hostile on purpose (see tests/reliability/hostile.py): huge, control characters, RTL and
bidi overrides, HTML and Markdown injection, `@everyone`, SQL and format strings.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.commands.registry import COMMANDS
from bot.config import parse_config
from bot.core.commands import Invocation, Reply
from bot.runtime import Runtime
from storage import subscriptions as sub_store
from tests.helpers import DEFAULTS, RecordingPlatform, add_articles
from tests.reliability.conftest import FIGURES
from tests.reliability.hostile import PIECES, check_reply_renders, hostile_text, huge_text

EXAMPLES = 150
BYSTANDER = "-555"


def make_runtime() -> Runtime:
    """One database for all examples: a bystander group and a few stories that no example may disturb."""
    folder = Path(tempfile.mkdtemp(prefix="communique-props-"))
    config = parse_config(
        {"storage": {"path": str(folder / "c.db")}, "telegram": {"operators": [42]}},
        folder / "config.toml",
    )
    runtime = Runtime(config, {"telegram": RecordingPlatform(name="telegram")})
    add_articles(runtime.db, 4)
    sub_store.subscribe(runtime.db, platform="telegram", chat_id=BYSTANDER, chat_kind="group",
                        defaults=replace(DEFAULTS, time="07:00", max_items=5),
                        topics=["un"])
    return runtime


RUNTIME = make_runtime()


def bystander() -> tuple:
    return RUNTIME.db.execute("SELECT * FROM subscriptions WHERE chat_id = ?", [BYSTANDER]).fetchone()


BEFORE = bystander()

commands = st.one_of(st.sampled_from(sorted(COMMANDS)), hostile_text)
arguments = st.lists(st.one_of(hostile_text, st.sampled_from(PIECES), huge_text), max_size=16)
kinds = st.sampled_from(["private", "group", "channel"])
users = st.one_of(st.none(), st.sampled_from(["7", "42", "0", "-1", "42\u200b"]), hostile_text)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=commands, args=arguments, kind=kinds, user=users, chat=hostile_text, title=hostile_text,
       admin=st.booleans())
@example(command="latest", args=["x" * 100_000], kind="private", user="7", chat="1", title="", admin=False)
@example(command="subscribe", args=["<script>alert(1)</script>", "@everyone"], kind="group", user="7",
         chat="-1", title="\u202e", admin=True)
@example(command="pledges", args=["%", "_", "\\"], kind="private", user="7", chat="1", title="", admin=False)
@example(command="settings", args=["tz", "../../etc/passwd"], kind="private", user="7", chat="1", title="", admin=False)
def test_any_command_gets_a_short_valid_answer_and_disturbs_nothing_else(
    command: str, args: list[str], kind: str, user: str | None, chat: str, title: str, admin: bool
) -> None:
    async def is_admin() -> bool:
        return admin

    chat_id = chat or "1"
    if chat_id == BYSTANDER:
        chat_id += "0"
    invocation = Invocation(platform="telegram", chat_id=chat_id, chat_kind=kind, user_id=user, command=command,
                            args=args, chat_title=title, is_chat_admin=is_admin)
    articles = RUNTIME.db.execute("SELECT COUNT(*), MAX(id) FROM articles").fetchone()
    reply = asyncio.run(RUNTIME.run_command(invocation))
    assert isinstance(reply, Reply)
    check_reply_renders(reply)
    shown = reply.text + "".join(line for s in reply.sections for line in s.lines)
    assert len(shown) < 12_000, "a reply never echoes huge input back"
    assert "Traceback" not in shown and "our side" not in shown, f"an internal error for {command!r}: {shown}"
    assert RUNTIME.db.execute("SELECT COUNT(*), MAX(id) FROM articles").fetchone() == articles
    assert bystander() == BEFORE, "another chat's subscription is untouched"
    FIGURES.tried("command arguments (hypothesis)")
