"""`/help latest`, on Communiqué running on the Telegram peer: a reader asking how one command works got the whole
list, some 2,000 characters of every command and three paragraphs of notes, to find the one line they asked for.
They now get that command's usage and what it does, and /help alone still lists them all."""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3294


async def test_help_for_one_command_answers_with_that_command(world: WorldRunner) -> None:
    async with world() as w:
        [everything] = await w.command(READER, "/help")
        for typed in ("/help latest", "/help /latest", "/help Latest"):
            [one] = await w.command(READER, typed)
            said = one.plain_text
            assert said.startswith("/latest [N] [topic|source] [day]"), f"{typed}: {said}"
            assert "The newest stories" in said and "/help lists every command" in said, said
            assert "/subscribe" not in said and len(said) < len(everything.plain_text) // 4, said
        # A word that names no command gets the list, as before: the reader finds what they meant there.
        [unknown] = await w.command(READER, "/help me please")
        assert unknown.plain_text == everything.plain_text


async def test_help_for_two_commands_or_a_slip_of_one_answers_with_those(world: WorldRunner) -> None:
    """`/help follow unfollow` and `/help lates` got the whole list, as a word naming no command does."""
    async with world() as w:
        [everything] = await w.command(READER, "/help")
        [two] = await w.command(READER, "/help follow unfollow")
        said = two.plain_text
        assert said.startswith("/follow NAME") and "\n/unfollow NAME" in said, said
        assert "/subscribe" not in said and "/help lists every command" in said, said
        [slip] = await w.command(READER, "/help lates")
        assert slip.plain_text.startswith("/latest [N] [topic|source] [day]"), slip.plain_text
        [unknown] = await w.command(READER, "/help follow weather")  # one word names none: the list
        assert unknown.plain_text == everything.plain_text
