"""A command typed on a Chinese, Japanese or Korean keyboard, whose slash is the full-width "／" (and, in full-width
mode, its letters and digits too: "／ｌａｔｅｓｔ　２"), on Communiqué running on the Telegram peer. Telegram marks no
command in it, and the bot answered a private chat's "／latest 2" with its hint for free text ("Communiqué answers
commands: /latest for the newest stories, ..."), to a reader who had typed /latest; a group got nothing. It is
read as the command now.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner
from tests.telegram.world import MINISTRY_TITLES, TelegramWorld

READER = 3403
GROUP = -4034


async def plain(w: TelegramWorld, chat: int, text: str) -> str:
    """A user writes `text` as a plain message (no command entity, as Telegram sends "／latest"); the bot's answer."""
    before = len(w.peer.bot_messages(chat))
    w.peer.send_message(chat, text, user_id=READER)
    return (await w.peer.await_bot_messages(chat, count=before + 1))[before].plain_text


async def test_a_full_width_slash_runs_the_command(world: WorldRunner) -> None:
    async with world() as w:
        said = await plain(w, READER, "／latest 2")
        assert said.startswith("📰 Latest 2 stories\n") and MINISTRY_TITLES[0] in said, said

        said = await plain(w, READER, "／ｌａｔｅｓｔ　１")
        assert said.startswith("📰 Latest 1 story\n"), said

        said = await plain(w, READER, "／lates 1")
        assert "Unknown command /lates. Did you mean /latest?" in said, said

        w.peer.add_chat(GROUP, "supergroup", title="Desk")
        said = await plain(w, GROUP, "／latest 1")
        assert said.startswith("📰 Latest 1 story\n"), said

        said = await plain(w, READER, "hello ／latest")
        assert said.startswith("Communiqué answers commands"), f"a slash inside a line is no command: {said}"
