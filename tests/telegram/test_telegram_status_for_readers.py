"""/status sent by a reader who is no operator, on Communiqué running on the Telegram peer: the refusal names what
answers their question. A reader who had just sent /mute (told /unsubscribe does that) and /unsubscribe asked
/status to see whether their digests had stopped, and was told only "Only the bot's operators can use /status.",
which left them guessing where this chat's own state is shown.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3701


async def test_a_reader_asking_status_is_pointed_at_this_chat_s_settings_and_the_sources(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(READER, "/subscribe")
        await w.command(READER, "/unsubscribe")
        [refused] = await w.command(READER, "/status")
        said = refused.plain_text
        assert "Only the bot's operators can use /status" in said, said
        assert "/settings shows whether this chat is subscribed" in said, f"where this chat's state is: {said}"
        assert "/sources" in said, f"where the sources' state is: {said}"
        [settings] = await w.command(READER, "/settings")
        assert "not subscribed" in settings.plain_text, "and /settings does answer it"
