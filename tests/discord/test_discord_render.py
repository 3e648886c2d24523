"""The Discord renderer: what a reader sees (linked titles, summaries, quotes, pledges, sources), that hostile
article text can neither format nor ping, that every message stays within Discord's limits, and that the test
Discord peer, playing Discord's own validation, accepts every rendered payload sent with discord.py."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import discord
import pytest

from bot.analysis.model import Pledge, Quote
from bot.core.commands import Reply, Section
from bot.core.digest import AlsoReported, Digest, Story
from bot.platforms.discord.limits import CONTENT_MAX, EMBED_TOTAL_MAX, embed_size
from bot.platforms.discord.render import EPHEMERAL_FLAG, render_digest, render_reply, story_embed
from tests.conftest import EVAL_DEV as EVAL_DEV_ROOT
from tests.peers.discord_rules import problems as discord_problems
from tests.peers.fake_discord import FakeDiscord, drive_slash

PUBLISHED = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
CHANNEL = 710000000000000001


def story(index: int = 0, **changes: Any) -> Story:
    """An invented story; fields can be overridden."""
    values: dict[str, Any] = dict(
        article_id=index,
        title=f"Foreign ministers agree a ceasefire roadmap at the Valletta talks ({index})",
        url=f"https://news.example.org/valletta-{index}",
        source="The Example Herald",
        published=PUBLISHED,
        summary=[
            "Foreign ministers of six states agreed on Tuesday to a phased ceasefire roadmap.",
            "Monitors will be deployed along the line of contact within a month.",
        ],
        quotes=[Quote(None, "We are not there yet"), Quote("Ines Aalto", "This is the first real step in two years")],
        pledges=[
            Pledge(
                "Finland",
                "send forty ceasefire monitors",
                "Finland pledged to send forty monitors.",
                "by April 30",
                date(2025, 4, 30),
            ),
            Pledge("The European Union", "fund reconstruction of the border crossings", "The EU promised funds.", None),
        ],
        also_reported_by=[
            AlsoReported("Daily Courier", "https://courier.example.com/a"),
            AlsoReported("Wire Service", "https://wire.example.net/b"),
        ],
    )
    values.update(changes)
    return Story(**values)


def all_embeds(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every embed of a rendered digest, in order."""
    return [embed for message in messages for embed in message["embeds"]]


def embed_texts(embed: dict[str, Any]) -> list[str]:
    """The Markdown-rendered texts of an embed: title, description, field names and values."""
    texts = [embed.get("title", ""), embed.get("description", "")]
    for item in embed.get("fields", []):
        texts.extend([item["name"], item["value"]])
    return texts


def unescaped(text: str, chars: str = "*_~`|[]") -> list[str]:
    """The Markdown characters in `text` not preceded by an odd run of backslashes (i.e. still meaningful)."""
    found = []
    for index, ch in enumerate(text):
        if ch in chars:
            slashes = len(text[:index]) - len(text[:index].rstrip("\\"))
            if slashes % 2 == 0:
                found.append(ch)
    return found


def assert_within_limits(messages: list[dict[str, Any]]) -> None:
    """Each message passes the checker and survives JSON."""
    for message in messages:
        assert discord_problems(message) == [], [str(v) for v in discord_problems(message)]
        json.dumps(message)
        assert message["allowed_mentions"] == {"parse": []}


# -- what a reader sees -----------------------------------------------------------------------------------------


def test_a_story_becomes_one_embed_with_everything_a_reader_needs() -> None:
    [message] = render_digest(Digest("Diplomacy today", [story()]))
    assert message["content"] == "**Diplomacy today**"
    [embed] = message["embeds"]
    assert embed["title"] == "Foreign ministers agree a ceasefire roadmap at the Valletta talks (0)"
    assert embed["url"] == "https://news.example.org/valletta-0"
    assert embed["description"].startswith("Foreign ministers of six states agreed")
    assert "within a month." in embed["description"]
    assert embed["footer"]["text"] == "The Example Herald"
    assert embed["timestamp"] == "2025-03-14T09:30:00+00:00"
    names = [f["name"] for f in embed["fields"]]
    values = [f["value"] for f in embed["fields"]]
    assert names[0] == "💬 Ines Aalto" and values[0] == "“This is the first real step in two years”"
    assert names[1] == "🤝 Finland pledged"
    assert values[1] == "send forty ceasefire monitors\n⏰ by April 30 · 30 Apr 2025"  # as Telegram writes it
    assert names[2] == "🤝 The European Union pledged" and "⏰" not in values[2]
    assert names[3] == "📰 Also reported by"
    assert values[3] == "[Daily Courier](https://courier.example.com/a), [Wire Service](https://wire.example.net/b)"
    assert_within_limits([message])


def test_an_empty_digest_says_so() -> None:
    [message] = render_digest(Digest("Morning digest", [], empty_note="Nothing new since 08:00."))
    assert message["content"] == "**Morning digest**\nNothing new since 08:00."
    assert message["embeds"] == []
    assert_within_limits([message])


def test_only_web_links_are_linked() -> None:
    embeds = all_embeds(
        render_digest(
            Digest(
                "d",
                [
                    story(1, url="javascript:alert(1)", also_reported_by=[AlsoReported("Evil", "javascript:alert(2)")]),
                    story(2, url="ftp://files.example.org/x"),
                    story(3, url="https://example.org/a (b)"),
                    story(4, url="https://example.org/path_(with)_parens"),
                ],
            )
        )
    )
    assert "url" not in embeds[0] and "url" not in embeds[1] and "url" not in embeds[2]
    assert embeds[0]["title"] and embeds[1]["title"]  # the title stays even without a link
    assert embeds[0]["fields"][-1]["value"] == "Evil"  # named, not linked
    assert embeds[3]["url"] == "https://example.org/path_%28with%29_parens"


def test_untitled_and_sourceless_stories_still_render() -> None:
    [message] = render_digest(
        Digest("d", [story(title="   ", source="", summary=[], quotes=[], pledges=[], also_reported_by=[])])
    )
    [embed] = message["embeds"]
    assert embed["title"] == "Untitled story" and embed["footer"]["text"] == "Unknown source"
    assert "fields" not in embed
    # A bare headline says why it is bare (the feed gave it alone, its page was not read): it read as lost words.
    assert embed["description"] == "*(No summary: only its headline could be read. The link leads to the story.)*"
    assert_within_limits([message])


def test_a_story_without_publication_time_has_no_timestamp() -> None:
    [embed] = all_embeds(render_digest(Digest("d", [story(published=None)])))
    assert "timestamp" not in embed


def test_naive_and_offset_times_are_written_in_utc() -> None:
    naive = all_embeds(render_digest(Digest("d", [story(published=datetime(2025, 1, 1, 12, 0))])))[0]
    offset = all_embeds(
        render_digest(Digest("d", [story(published=datetime(2025, 1, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))))]))
    )[0]
    assert naive["timestamp"] == offset["timestamp"] == "2025-01-01T12:00:00+00:00"


def test_many_pledges_show_five_and_count_the_rest() -> None:
    pledges = [Pledge(f"State {i}", f"send aid convoy {i}", "", "next week") for i in range(9)]
    [embed] = all_embeds(render_digest(Digest("d", [story(pledges=pledges)])))
    pledge_fields = [f for f in embed["fields"] if f["name"].startswith("🤝")]
    assert len(pledge_fields) == 5
    assert pledge_fields[-1]["value"].endswith("…and 4 more pledges")


def test_a_deadline_before_the_digest_s_day_is_said_to_be_past() -> None:
    """A story's pledge "by April 30" read in a digest of 3 May said "⏰ by April 30 · 30 Apr 2025", a deadline the
    reader had to hold against the calendar; a deadline whose words name the day says it passed."""
    named = Pledge("Finland", "open the consulate", "", "by 30 April 2025", date(2025, 4, 30))
    digest = Digest("d", [story(pledges=[story().pledges[0], named])], day=date(2025, 5, 3))
    [embed] = all_embeds(render_digest(digest))
    values = [f["value"] for f in embed["fields"] if f["name"].startswith("🤝")]
    assert values[0].endswith("⏰ by April 30 · was due 30 Apr 2025"), values
    assert values[1].endswith("⏰ by 30 April 2025 · deadline passed"), values


def test_many_other_outlets_fit_one_field_and_are_counted() -> None:
    others = [AlsoReported(f"Outlet number {i}", f"https://outlet{i}.example.com/story/{'x' * 40}") for i in range(60)]
    [embed] = all_embeds(render_digest(Digest("d", [story(also_reported_by=others)])))
    value = embed["fields"][-1]["value"]
    assert len(value) <= 1024
    shown = value.count("](https://")
    assert 0 < shown < 60 and value.endswith(f"and {60 - shown} more")


# -- hostile text -----------------------------------------------------------------------------------------------

HOSTILE = "@everyone @here <@123456789012345678> <@!123456789012345678> <@&223456789012345678> <#323456789012345678>"
INJECTION = (
    "**bold** __under__ ~~strike~~ `code` ```block``` ||spoiler|| [click](http://evil.example) > quote # Heading"
)


def test_mentions_are_neutralised_everywhere() -> None:
    hostile = story(
        title=HOSTILE,
        source=HOSTILE,
        summary=[HOSTILE],
        quotes=[Quote(HOSTILE, HOSTILE)],
        pledges=[Pledge(HOSTILE, HOSTILE, "", HOSTILE)],
        also_reported_by=[AlsoReported(HOSTILE, "https://example.org")],
    )
    messages = render_digest(Digest(HOSTILE, [hostile]))
    text = json.dumps(messages, ensure_ascii=False)
    assert not re.search(r"@(everyone|here)", text)
    assert not re.search(r"<[@#]", text)
    assert "everyone" in text and "123456789012345678" in text  # shown, just inert
    assert_within_limits(messages)


def test_markdown_in_article_text_is_shown_literally() -> None:
    hostile = story(
        title=INJECTION,
        summary=[INJECTION, "1. a list item", "- another"],
        quotes=[Quote("*Speaker*", INJECTION)],
        pledges=[Pledge("_Actor_", INJECTION, "", "`soon`")],
        also_reported_by=[AlsoReported("[Fake](http://evil.example)", "https://real.example.org")],
    )
    [message] = render_digest(Digest("**Not bold**", [hostile]))
    [embed] = message["embeds"]
    for text in embed_texts(embed)[:-1]:  # all but the also-reported value, which holds our own links
        assert unescaped(text) == [], text
    assert r"\[click\](http://evil.example)" in embed["description"]  # shown as text, not a masked link
    also = embed["fields"][-1]["value"]
    assert also == r"[\[Fake\](http://evil.example)](https://real.example.org)"
    assert unescaped(message["content"].strip("*")) == []


def test_a_web_address_in_article_text_is_left_whole_and_the_words_around_it_escaped() -> None:
    """Discord links an address whole and reads no Markdown inside it: an escape there ('press\\_release')
    would be part of the link, which then opened another page."""
    address = "https://gov.example/press_release_(final)?ids=1_2&lang=en"
    [embed] = all_embeds(render_digest(Digest("d", [story(
        summary=[f"The *full* text is at {address}, in_full."], quotes=[], pledges=[], also_reported_by=[])])))
    assert embed["description"] == rf"The \*full\* text is at {address}, in\_full."


def test_a_web_address_where_discord_links_none_is_escaped_like_any_text() -> None:
    """A title, a field's name and a masked link's words are never linked by Discord, so Markdown inside an
    address there would format: it stays escaped."""
    address = "https://gov.example/*draft*/~~v2~~/||x||"
    [embed] = all_embeds(render_digest(Digest("d", [story(
        title=f"Read {address}", quotes=[Quote(address, "We will publish it.")], pledges=[],
        also_reported_by=[AlsoReported(address, "https://real.example.org/a")])])))
    for text in (embed["title"], embed["fields"][0]["name"], embed["fields"][-1]["value"].split("](")[0]):
        assert unescaped(text, "*~|") == [], text


async def test_a_story_on_a_host_in_another_script_links_to_it_and_one_on_a_bare_host_is_not_linked(
        fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    """'https://мид.рф/...' was linked with its host in percent escapes, which no browser opens; a host without a
    dot ('http://intranet/...', an operator's own feed server) made Discord refuse the whole digest."""
    stories = [story(1, url="https://мид.рф/ru/news/1?x=ä"), story(2, url="http://intranet/news/2")]
    [message] = render_digest(Digest("d", stories))
    idn, bare = message["embeds"]
    assert idn["url"] == "https://xn--d1ahl.xn--p1ai/ru/news/1?x=%C3%A4"
    assert "url" not in bare and bare["title"].startswith("Foreign ministers")
    sent = await send_rendered(discord_client, CHANNEL, message)
    assert [e.url for e in sent.embeds] == [idn["url"], None]


def test_markdown_that_starts_a_line_is_escaped() -> None:
    for text, expected in [
        ("# Heading", r"\# Heading"),
        ("> quoted", r"\> quoted"),
        ("- item", r"\- item"),
        ("1. item", r"1\. item"),
        ("-# small", r"\-# small"),
    ]:
        [embed] = all_embeds(
            render_digest(Digest("d", [story(summary=[text], quotes=[], pledges=[], also_reported_by=[])]))
        )
        assert embed["description"] == expected


async def test_rendered_text_never_pings_even_without_allowed_mentions(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    # Sent without allowed_mentions, Discord parses every mention in content; the rendered text must hold none.
    [message] = render_reply(Reply(text=HOSTILE))
    channel = discord_client.get_partial_messageable(CHANNEL)
    await channel.send(message["content"])
    await channel.send(HOSTILE)  # the same text unrendered does ping: the check is not vacuous
    rendered, raw = fake_discord.messages(CHANNEL)
    assert not rendered["mention_everyone"] and rendered["mentions"] == [] and rendered["mention_roles"] == []
    assert raw["mention_everyone"] and raw["mentions"] and raw["mention_roles"]


def test_control_and_bidi_override_characters_are_dropped_but_rtl_text_kept() -> None:
    arabic = "محادثات السلام في الدوحة"
    hebrew = "שיחות שלום"
    [embed] = all_embeds(
        render_digest(Digest("d", [story(title=f"{arabic} \u202e{hebrew}\x00\x07", summary=[arabic])]))
    )
    assert embed["title"] == f"{arabic} {hebrew}"
    assert embed["description"] == arabic


def test_emoji_are_kept_and_never_cut_in_half() -> None:
    judge = "👩🏽\u200d⚖\ufe0f"
    flag = "🇺🇳"
    for unit in (judge, flag, "e\u0301"):
        [embed] = all_embeds(render_digest(Digest("d", [story(title=unit * 300)])))
        title = embed["title"]
        assert len(title) <= 256 and title.endswith("…")
        body = title[:-1]
        assert body == unit * (len(body) // len(unit)), "a grapheme was cut"


def test_a_huge_title_is_shortened_and_keeps_its_link() -> None:
    [embed] = all_embeds(render_digest(Digest("d", [story(title="Summit " * 1000)])))
    assert len(embed["title"]) <= 256 and embed["title"].endswith("…")
    assert embed["title"].startswith("Summit Summit")
    assert embed["url"] == "https://news.example.org/valletta-0"


def test_a_megabyte_summary_is_shortened_into_one_embed() -> None:
    huge = ("The delegations met again and again. " * 30000)[:1_000_000]
    messages = render_digest(Digest("d", [story(summary=[huge], quotes=[Quote("X", "q" * 5000)])]))
    assert_within_limits(messages)
    [embed] = all_embeds(messages)
    assert embed["description"].endswith("…")
    assert embed_size(embed) <= EMBED_TOTAL_MAX
    assert len(embed["description"]) > 1000  # the summary still gets most of the room


def test_a_story_at_every_cap_still_fits_one_message() -> None:
    giant = story(
        title="T" * 5000,
        source="S" * 5000,
        summary=["D" * 10000],
        quotes=[Quote("Q" * 5000, "q" * 5000)],
        pledges=[Pledge("A" * 5000, "c" * 5000, "", "w" * 5000) for _ in range(30)],
        also_reported_by=[AlsoReported("N" * 500, "https://e.example/" + "p" * 3000) for _ in range(50)],
    )
    messages = render_digest(Digest("H" * 5000, [giant, giant]))
    assert_within_limits(messages)
    assert len(messages) == 2  # each giant alone in its message
    embed = messages[0]["embeds"][0]
    assert embed["title"].startswith("TTT") and embed["url"].startswith("https://news.example.org/")
    assert len(embed["description"]) >= 900  # the summary keeps room even when every other part is at its cap
    assert all(len(m["content"]) <= CONTENT_MAX for m in messages)


def test_three_hundred_stories_are_split_within_limits_in_order() -> None:
    stories = [story(i) for i in range(300)]
    messages = render_digest(Digest("Weekly digest", stories))
    assert_within_limits(messages)
    assert all(len(m["embeds"]) <= 10 for m in messages)
    titles = [e["title"] for e in all_embeds(messages)]
    assert titles == [f"Foreign ministers agree a ceasefire roadmap at the Valletta talks ({i})" for i in range(300)]
    total = len(messages)
    assert [m["content"] for m in messages] == [f"**Weekly digest** ({n}/{total})" for n in range(1, total + 1)]


def sized_story(index: int, size: int) -> Story:
    """A story whose embed counts exactly `size` characters towards the 6000 of a message."""
    bare = story(index, summary=["x"], quotes=[], pledges=[], also_reported_by=[])
    overhead = embed_size(story_embed(bare)) - 1
    return story(index, summary=["x" * (size - overhead)], quotes=[], pledges=[], also_reported_by=[])


def test_messages_split_by_size_exactly_at_six_thousand() -> None:
    fits_two = [sized_story(i, 3000) for i in range(6)]
    assert all(embed_size(story_embed(s)) == 3000 for s in fits_two)
    assert [len(m["embeds"]) for m in render_digest(Digest("d", fits_two))] == [2, 2, 2]
    one_over = [sized_story(i, 3001) for i in range(3)]
    assert [len(m["embeds"]) for m in render_digest(Digest("d", one_over))] == [1, 1, 1]


# -- replies ----------------------------------------------------------------------------------------------------


def test_a_reply_with_sections() -> None:
    reply = Reply(
        text="Your subscription:",
        sections=[Section("Topics", ["un", "nato_summit"]), Section(None, ["Daily at 08:00 Europe/Paris"])],
    )
    [message] = render_reply(reply)
    assert (
        message["content"] == "Your subscription:\n\n**Topics**\n• un\n• nato\\_summit\n\n• Daily at 08:00 Europe/Paris"
    )
    assert "flags" not in message
    assert_within_limits([message])


def test_an_ephemeral_reply_and_its_digest_carry_flag_64() -> None:
    messages = render_reply(Reply(text="Latest:", digest=Digest("Latest", [story(1)]), ephemeral=True))
    assert len(messages) == 2
    assert all(m["flags"] == EPHEMERAL_FLAG for m in messages)
    assert messages[1]["embeds"][0]["title"].endswith("(1)")


def test_a_long_reply_is_split_at_line_ends() -> None:
    lines = [f"Source {i}: https://feeds.example.org/{i} every 30 min" for i in range(200)]
    messages = render_reply(Reply(text="Sources:", sections=[Section("Feeds", lines)]))
    assert len(messages) > 1
    assert_within_limits(messages)
    joined = "\n".join(m["content"] for m in messages)
    for i in range(200):
        assert f"• Source {i}: https://feeds.example.org/{i} every 30 min" in joined.split("\n")


def test_a_single_overlong_line_is_cut_without_breaking_an_escape() -> None:
    messages = render_reply(Reply(text="*" * 5000))
    assert_within_limits(messages)
    assert all(unescaped(m["content"]) == [] for m in messages)
    assert sum(m["content"].count("*") for m in messages) == 5000


def test_an_empty_reply_still_sends_something() -> None:
    [message] = render_reply(Reply())
    assert message["content"] == "Done."
    assert_within_limits([message])


# -- through the peer, with discord.py --------------------------------------------------------------------------


async def send_rendered(client: discord.Client, channel_id: int, payload: dict[str, Any]) -> discord.Message:
    """Send one rendered payload the way the Discord adapter will."""
    embeds = [discord.Embed.from_dict(e) for e in payload["embeds"]]
    return await client.get_partial_messageable(channel_id).send(
        content=payload["content"], embeds=embeds, allowed_mentions=discord.AllowedMentions.none()
    )


async def test_a_hostile_digest_is_accepted_by_discord_and_pings_nobody(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    stories = [
        story(0, title=HOSTILE + " " + INJECTION, summary=[HOSTILE, INJECTION]),
        story(1, title="Summit " * 200, summary=["x" * 1_000_000]),
        story(2, title="🇺🇳 محادثات 👩🏽\u200d⚖\ufe0f", summary=["שיחות 🕊️"]),
    ] + [story(i) for i in range(3, 40)]
    messages = render_digest(Digest(HOSTILE, stories))
    for payload in messages:
        await send_rendered(discord_client, CHANNEL, payload)

    stored = fake_discord.messages(CHANNEL)
    assert len(stored) == len(messages)
    assert all(not m["mention_everyone"] and m["mentions"] == [] and m["mention_roles"] == [] for m in stored)
    assert sum(len(m["embeds"]) for m in stored) == 40
    sent_titles = [e["title"] for m in stored for e in m["embeds"]]
    assert sent_titles == [e["title"] for e in all_embeds(messages)]


async def test_embeds_survive_discord_py_unchanged(fake_discord: FakeDiscord, discord_client: discord.Client) -> None:
    [payload] = render_digest(Digest("d", [story()]))
    await send_rendered(discord_client, CHANNEL, payload)
    [sent] = fake_discord.calls_to("POST /channels/{channel_id}/messages")
    [embed] = sent.json["embeds"]
    embed.pop("flags", None)
    assert embed == payload["embeds"][0]


async def test_a_digest_as_an_interaction_reply_and_follow_ups(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    tree: discord.app_commands.CommandTree[discord.Client] = discord.app_commands.CommandTree(discord_client)
    payloads = render_reply(
        Reply(text="Here is the latest:", digest=Digest("Latest", [story(i) for i in range(25)]), ephemeral=True)
    )

    @tree.command(name="latest", description="The latest stories")
    async def latest(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        for payload in payloads:
            await interaction.followup.send(
                content=payload["content"],
                embeds=[discord.Embed.from_dict(e) for e in payload["embeds"]],
                ephemeral=bool(payload.get("flags", 0) & EPHEMERAL_FLAG),
                allowed_mentions=discord.AllowedMentions.none(),
            )

    result = await drive_slash(fake_discord, discord_client, "latest", channel_id=CHANNEL)
    assert result.deferred and result.errors == []
    assert len(result.messages) == len(payloads) >= 3
    assert all(m["flags"] & EPHEMERAL_FLAG for m in result.messages)
    assert sum(len(m["embeds"]) for m in result.messages) == 25


# -- real articles ----------------------------------------------------------------------------------------------

EVAL_DEV = EVAL_DEV_ROOT / "articles"


def _published(value: str | None) -> datetime | None:
    """The article's date where it starts with one (annotators sometimes add a note after it)."""
    match = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
    return datetime.fromisoformat(match.group(0)).replace(tzinfo=UTC) if match else None


@pytest.mark.eval
async def test_real_articles_render_within_limits_and_are_accepted(
    fake_discord: FakeDiscord, discord_client: discord.Client
) -> None:
    if not EVAL_DEV.is_dir():
        pytest.skip("../shared/eval-dev is absent")
    stories = []
    for path in sorted(EVAL_DEV.glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        stories.append(
            Story(
                article_id=int(article["id"]),
                title=article["title"],
                url=article.get("url") or "",
                source=article["source"],
                published=_published(article.get("published")),
                summary=article["key_sentences"],
                quotes=[Quote(q["speaker"], q["text"]) for q in article["quotes"]],
                pledges=[Pledge(p["actor"], p["commitment"], p["evidence"], p["when"]) for p in article["pledges"]],
            )
        )
    assert stories
    messages = render_digest(Digest("Real articles", stories))
    assert_within_limits(messages)
    for payload in messages:
        await send_rendered(discord_client, CHANNEL, payload)
    embeds = [e for m in fake_discord.messages(CHANNEL) for e in m["embeds"]]
    assert len(embeds) == len(stories)
    for embed, item in zip(embeds, stories, strict=True):
        assert embed["footer"]["text"] == item.source
        assert (item.key_quote is None) or embed["fields"][0]["name"].startswith("💬")


def test_a_pledge_block_says_how_many_lines_it_leaves_out_with_the_slash_command_that_lists_them() -> None:
    """As on Telegram, the block counts the lines past its ten, with /pledges typed as Discord's slash command
    takes it; "superseded", which its status option does not offer, is /pledges alone."""
    from bot.core.digest import PledgeLine

    due = [PledgeLine("due soon", "Norland", "open a field clinic in Arvik", "by November 20", date(2026, 11, 20),
                      "https://news.example/1", "Wire")]
    kept = [PledgeLine("kept", "Norland", "open a field clinic in Belsa", None, None, "https://news.example/2",
                       "Wire", "https://news.example/3", "Post", "Norland opened the clinic in Belsa.")]
    messages = render_digest(Digest("d", pledges_due=due, pledge_reports=kept,
                                    pledge_lines_not_shown={"due soon": 5, "kept": 1, "superseded": 2}))
    deadlines, reports = all_embeds(messages)
    assert deadlines["description"].endswith("*…and 5 more falling due: /pledges status: due lists them.*")
    assert reports["description"].endswith(
        "*…and 3 more reported on: /pledges status: kept and /pledges list them.*"), reports["description"]
    assert_within_limits(messages)


def test_a_pledge_put_back_is_reported_with_its_new_date() -> None:
    from bot.core.digest import PledgeLine

    line = PledgeLine("delayed", "Velmora", "free the Halvik ferry crew", None, None, "https://news.example/1",
                      "Wire", "https://news.example/6", "Harbour Post", "Velmora put off the release.")
    [embed] = all_embeds(render_digest(Digest("d", pledge_reports=[line])))
    assert embed["description"].startswith("🕒 Delayed: **Velmora**: free the Halvik ferry crew (no new date) — "
                                           "[Harbour Post](https://news.example/6)"), embed["description"]
