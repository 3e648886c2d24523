"""Commands other Telegram bots have, typed to Communiqué on the Telegram peer by a reader who wants what they do
elsewhere: /stop (which many bots take to end their messages), /pause, /mute, /news. Each was answered "Unknown
command /stop. Send /help for the list.", leaving a reader who wanted the digests to end to find /unsubscribe in a
list of fourteen, and one who wanted them paused to wonder whether their settings would survive /unsubscribe.
"""

from __future__ import annotations

from tests.telegram.conftest import WorldRunner

READER = 3201


async def test_stop_pause_and_news_name_the_command_that_does_it(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(READER, "/subscribe trade")
        await w.command(READER, "/settings time 06:30")
        for typed in ("/stop", "/pause", "/mute"):
            [answer] = await w.command(READER, typed)
            said = answer.plain_text
            assert f"Unknown command {typed}." in said and "/unsubscribe" in said, said
            assert "settings are kept" in said and "/subscribe" in said, f"what bringing them back keeps: {said}"
        [still] = await w.command(READER, "/settings")
        assert "gets a daily digest at 06:30" in still.plain_text, "none of them changed the subscription"

        [news] = await w.command(READER, "/news")
        assert "/latest" in news.plain_text, news.plain_text
        [resume] = await w.command(READER, "/resume")
        assert "/subscribe" in resume.plain_text, resume.plain_text
        [weather] = await w.command(READER, "/weather")
        assert weather.plain_text.endswith("Unknown command /weather. Send /help for the list."), \
            weather.plain_text


async def test_one_of_our_commands_addressed_to_another_bot_in_a_private_chat_says_whose_it_was(
        world: WorldRunner) -> None:
    """`/latest@other_news_bot 2`, typed (or pasted from a group) in a private chat with Communiqué: the reply was
    "Communiqué answers commands: ...", to a reader who had sent one. It now says whom the command named, and the
    command to send here."""
    async with world() as w:
        [answer] = await w.command(READER, "/latest@other_news_bot 2")
        assert answer.plain_text == ("That command is addressed to @other_news_bot, another bot, so Communiqué did "
                                     "not run it. Here: /latest 2"), answer.plain_text
        [latest] = await w.command(READER, "/latest 2")  # the command as offered works
        assert "Latest 2 stories" in latest.plain_text, latest.plain_text
        [other] = await w.command(READER, "/weather@other_news_bot")  # none of ours: the usual hint
        assert other.plain_text.startswith("Communiqué answers commands"), other.plain_text


async def test_a_question_in_reply_to_a_story_is_told_where_the_story_is_read(world: WorldRunner) -> None:
    """"What does this mean?" sent in reply to a story of /latest, in a private chat: the reply was the hint for
    free text, "Communiqué answers commands", which did not say that the bot reads no question, nor where the whole
    story is."""
    async with world() as w:
        [story] = await w.command(READER, "/latest 1")
        before = len(w.peer.bot_messages(READER))
        w.peer.send_message(READER, "what does this mean?", user_id=READER, reply_to_message_id=story.message_id)
        [answer] = (await w.messages(READER, before + 1))[before:]
        assert answer.plain_text == ("Communiqué does not read questions or replies: a story's title links to the "
                                     "whole story. /latest shows the newest stories, /help every command."), \
            answer.plain_text
        w.peer.send_message(READER, "what does this mean?", user_id=READER)  # not a reply: the usual hint
        [plain] = (await w.messages(READER, before + 2))[before + 1:]
        assert plain.plain_text.startswith("Communiqué answers commands"), plain.plain_text
