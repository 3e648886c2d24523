"""Following actors and the pledge tracker on Discord, through the local Discord peer: the slash commands with
their typed options and actor autocomplete, Manage Channels for changing follows, and a digest whose embeds say why
a story came and which pledges were reported kept, within Discord's limits."""

from __future__ import annotations

from storage import tracking as tracking_store
from storage.db import to_iso
from tests.discord.conftest import CHANNEL, DiscordBot
from tests.helpers import wait_until
from tests.peers.discord_rules import problems as discord_problems
from tests.peers.fake_discord import FLAG_SUPPRESS_EMBEDS
from tests.tracker_stories import KEPT_TEXT, KEPT_TITLE, PLEDGE_TEXT, PLEDGE_TITLE, PLEDGED, days, store


async def stories(bot: DiscordBot) -> None:
    """The invented pledge story and its later report, stored and read by the tracker as ingest would."""
    store(bot.db, 101, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED, source_id=bot.add_source("Border Wire", ["borders"]))
    await bot.runtime.ingestor.tracker.run()


async def test_follow_needs_manage_channels_and_answers_with_suggestions(discord_bot: DiscordBot) -> None:
    await stories(discord_bot)
    refused = await discord_bot.slash("follow", {"name": "Velmora"})
    assert refused.ephemeral and "Only members with the Manage Channels permission" in refused.content
    done = await discord_bot.as_manager("follow", {"name": "velmora"})
    assert done.content.startswith("This channel now follows Velmora:") and not done.ephemeral
    typo = await discord_bot.as_manager("follow", {"name": "Velmorra"})
    assert typo.ephemeral and "Did you mean: Velmora?" in typo.content
    hostile = await discord_bot.as_manager("follow", {"name": "@everyone"})
    assert hostile.ephemeral and hostile.messages[0]["mention_everyone"] is False
    moscow = await discord_bot.as_manager("follow", {"name": "Moscow"})
    assert "now follows Russia" in moscow.content and "the Kremlin" in moscow.content

    listed = await discord_bot.slash("following")
    assert listed.ephemeral and "**This channel follows 2:**" in listed.content and "• Velmora" in listed.content
    gone = await discord_bot.as_manager("unfollow", {"name": "Russia"})
    assert "no longer follows Russia" in gone.content
    assert [f.actor_key for f in tracking_store.follows(discord_bot.db, "discord", CHANNEL)] == ["velmora"]


async def test_actor_autocomplete_offers_actors_stories_name_and_the_alias_table(discord_bot: DiscordBot) -> None:
    await stories(discord_bot)
    seen = await discord_bot.complete("follow", {"name": "velm"}, "name")
    assert [c["value"] for c in seen][0] == "Velmora"
    listed = await discord_bot.complete("follow", {"name": "kreml"}, "name")
    assert "the Kremlin" in [c["value"] for c in listed]
    everything = await discord_bot.complete("pledges", {"actor": ""}, "actor")
    assert 0 < len(everything) <= 25


async def test_pledges_takes_an_actor_and_a_status(discord_bot: DiscordBot) -> None:
    await stories(discord_bot)
    result = await discord_bot.slash("pledges", {"actor": "Velmora", "status": "overdue"})  # due 20 Mar 2026
    assert result.deferred and not result.ephemeral
    assert "**Overdue pledges by Velmora, newest first:**" in result.content
    assert "Velmora: free the nineteen crew members of the Halvik ferry" in result.content
    none = await discord_bot.slash("pledges", {"actor": "Velmora", "status": "kept"})
    assert "No kept pledges by Velmora found" in none.content


async def test_a_digest_marks_followed_stories_and_reports_kept_pledges_in_embeds(discord_bot: DiscordBot) -> None:
    await stories(discord_bot)
    await discord_bot.as_manager("subscribe")
    sub = discord_bot.subscription()
    assert sub is not None
    discord_bot.db.execute("UPDATE subscriptions SET since = '2026-03-01T00:00:00Z' WHERE id = ?", [sub.id])
    await discord_bot.as_manager("follow", {"name": "Velmora"})
    await discord_bot.slash("digest")
    await wait_until(lambda: len(discord_bot.channel_posts()) == 1, "the first digest")

    store(discord_bot.db, 102, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16),
          source_id=discord_bot.add_source("Harbour Post", ["trade"]))
    await discord_bot.runtime.ingestor.tracker.run()
    result = await discord_bot.slash("digest")
    assert "1 new story and 1 pledge update" in result.content
    await wait_until(lambda: len(discord_bot.channel_posts()) == 2, "the second digest")
    post = discord_bot.channel_posts()[1]
    assert discord_problems(post) == [], "within Discord's limits, by the peer's own rules"
    story, pledges = post["embeds"]
    assert story["title"] == KEPT_TITLE and story["author"]["name"] == "follows: Velmora (subject)"
    assert pledges["title"] == "Pledges reported on"
    assert pledges["description"].startswith("✅ Kept: **Velmora**: free the nineteen crew members")
    assert "(https://news.example/102)" in pledges["description"], "a link to the story that reported it"


# A pledge story, invented for this test, whose deadline ("within ten days") passes two days before the test runs.
LAPSED_TITLE = "Velmora to open the Orlen archive within ten days"
LAPSED_TEXT = (
    "Velmora pledged on Monday to open the Orlen border archive to Kestrian historians within ten days, its culture "
    "minister told reporters in Hesk.\n\n"
    "Historians on both sides have asked for the files for two decades."
)


async def test_a_deadline_that_passed_with_nothing_reported_is_an_embed_of_its_own(discord_bot: DiscordBot) -> None:
    from datetime import UTC, datetime

    published = datetime.now(UTC) - days(12)
    store(discord_bot.db, 103, LAPSED_TITLE, LAPSED_TEXT, published, fetched=published,
          source_id=discord_bot.add_source("Border Wire", ["borders"]))
    await discord_bot.runtime.ingestor.tracker.run()
    await discord_bot.as_manager("subscribe")
    sub = discord_bot.subscription()
    assert sub is not None
    # The channel subscribed before the deadline: one that subscribes after it never heard the pledge falling due.
    discord_bot.db.execute("UPDATE subscriptions SET since = '2026-01-01T00:00:00Z', created = ? WHERE id = ?",
                           [to_iso(published), sub.id])
    await discord_bot.as_manager("follow", {"name": "Velmora"})
    await discord_bot.slash("digest")
    await wait_until(lambda: len(discord_bot.channel_posts()) == 1, "the digest with the pledge's story")

    result = await discord_bot.slash("digest")
    assert "1 pledge update" in result.content
    await wait_until(lambda: len(discord_bot.channel_posts()) == 2, "the digest that says the deadline passed")
    post = discord_bot.channel_posts()[1]
    assert discord_problems(post) == [], "within Discord's limits, by the peer's own rules"
    [lapsed] = post["embeds"]
    assert lapsed["title"] == "Pledges past their deadline"
    assert lapsed["description"].startswith("⌛ Overdue: **Velmora**: open the Orlen border archive")
    assert "nothing reported since" in lapsed["description"]
    due = (published + days(10)).date()
    assert f"(was due within ten days · {due.day} {due:%b %Y}; nothing reported since)" in lapsed["description"], \
        "the date as Telegram writes it, no parentheses inside parentheses"
    again = await discord_bot.slash("digest")
    assert "1 pledge update" not in again.content, "told once"


async def test_pledges_link_a_story_whose_address_has_underscores_and_parentheses(discord_bot: DiscordBot) -> None:
    """A story's address in a reply is written as it is: Markdown escapes inside it ('a\\_b') made Discord link
    'https://news.example/a\\_b/...', which browsers read as another path, so the pledge's story did not open."""
    await stories(discord_bot)
    address = "https://news.example/world_news/velmora_(halvik)?id=101&ref=wire_feed"
    discord_bot.db.execute("UPDATE articles SET url = ? WHERE url = ?", [address, "https://news.example/101"])
    result = await discord_bot.slash("pledges", {"actor": "Velmora"})
    assert "Velmora: free the nineteen crew members" in result.content
    assert f" {address}" in result.content, result.content
    assert not discord_problems(result.messages[0])


async def test_a_reply_that_names_stories_by_their_addresses_brings_no_link_previews(discord_bot: DiscordBot) -> None:
    """Discord previews the web addresses a message's text holds: /pledges (an address a line) came followed by a
    card of each story's page, the list lost among them. Telegram's replies show none either."""
    await stories(discord_bot)
    listed = await discord_bot.slash("pledges", {"actor": "Velmora"})
    assert "https://news.example/101" in listed.content
    assert all(m["flags"] & FLAG_SUPPRESS_EMBEDS for m in listed.messages), [m["flags"] for m in listed.messages]
    plain = await discord_bot.slash("topics")
    assert not any(m["flags"] & FLAG_SUPPRESS_EMBEDS for m in plain.messages), "a reply without an address is as before"
