"""A member on the Discord peer, in their direct messages with the bot, is told "Did you mean Europe/Berlin?" by
`/settings` and answers as people do, "yes", in the DM. Telegram's private chats and the console ran the command
offered; Discord's DMs answered the "yes" with the hint for any message ("Communiqué answers slash commands ..."),
the question unheard. The same reading of the answer (`answer_to_offer`) now runs there too.
"""

from __future__ import annotations

from bot.platforms.discord.platform import DiscordPlatform
from bot.runtime import Runtime
from tests.discord.conftest import MEMBER, discord_config
from tests.peers.fake_discord import FakeDiscord, drive_slash

POST = "POST /channels/{channel_id}/messages"


async def said_in_dm(fake: FakeDiscord, member: str, text: str) -> tuple[str, str]:
    """The member writes `text` in their DM with the bot; the DM's id and the bot's answer there."""
    before = len(fake.calls_to(POST))
    dm = await fake.send_direct_message(member, text)
    await fake.wait_for(lambda c: c.route == POST and len(fake.calls_to(POST)) > before, timeout=5)
    return dm, fake.messages(dm)[-1]["content"]


async def test_yes_in_a_dm_runs_the_command_the_bot_offered_there(fake_discord: FakeDiscord, make_config) -> None:
    config = discord_config(make_config, fake_discord, test_guild=None)
    platform = DiscordPlatform(config.discord, fake_discord.token)
    runtime = Runtime(config, {"discord": platform}, tick_seconds=3600)
    await runtime.start()
    try:
        await fake_discord.wait_for_gateway(timeout=5)
        dm, hint = await said_in_dm(fake_discord, MEMBER, "hi")
        assert "slash commands" in hint, hint
        assert platform.client is not None
        await drive_slash(fake_discord, platform.client, "subscribe", channel_id=dm, user_id=MEMBER, dm=True)
        offer = await drive_slash(fake_discord, platform.client, "settings", {"timezone": "Europe/Berln"},
                                  channel_id=dm, user_id=MEMBER, dm=True)
        assert "Did you mean Europe/Berlin?" in offer.content, offer.content

        _, answer = await said_in_dm(fake_discord, MEMBER, "yes")
        assert answer.startswith("Saved.") and "Europe/Berlin" in answer, answer
        subscription = runtime.db.execute(
            "SELECT timezone FROM subscriptions WHERE platform = 'discord' AND chat_id = ?", [dm]).fetchone()
        assert subscription == ("Europe/Berlin",), subscription

        _, again = await said_in_dm(fake_discord, MEMBER, "yes")
        assert "slash commands" in again, f"an offer is taken once: {again}"

        await drive_slash(fake_discord, platform.client, "settings", {"timezone": "Europe/Berln"},
                          channel_id=dm, user_id=MEMBER, dm=True)
        _, declined = await said_in_dm(fake_discord, MEMBER, "okay, never mind")
        assert declined == "Nothing done.", declined
    finally:
        await runtime.stop()
        runtime.db.conn.close()
