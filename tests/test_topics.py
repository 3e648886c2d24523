"""Topics: /topics lists the topics the operator set up (source tags), not the categories feeds stamp on their
entries; a keyword that names a country or an organisation matches it however a story writes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.commands import Invocation
from bot.digest.compose import pending_digest
from bot.runtime import Runtime
from storage import articles as article_store
from storage import sources as source_store
from storage import subscriptions as sub_store
from storage.records import NewArticle
from tests.helpers import RecordingPlatform
from tests.tracker_stories import store


@pytest.fixture
def runtime(make_config):
    config = make_config(
        sources=[
            {"name": "Ministry", "url": "https://ministry.example/feed", "tags": ["borders", "un"]},
            {"name": "Wire", "url": "https://wire.example/feed", "tags": ["wire"]},
        ],
    )
    rt = Runtime(config, {"telegram": RecordingPlatform(name="telegram")})
    rt.ingestor.sync_sources()
    ids = {s.name: s.id for s in source_store.list_sources(rt.db)}
    # What ingest stores: the source's tags and whatever categories the feed put on the entry.
    for n, (source, categories) in enumerate([
        ("Ministry", ["раздел новости/", "in"]),
        ("Ministry", ["in", "press release"]),
        ("Wire", ["in", "world/europe"]),
    ]):
        tags = [*next(s.tags for s in config.sources if s.name == source), *categories]
        article_store.insert_article(rt.db, NewArticle(
            url=f"https://x.example/{n}", source_id=ids[source], guid=None, title=f"Talks {n}", text="Talks went on.",
            text_hash=f"t{n}", tags=tags,
        ))
    yield rt
    rt.db.conn.close()


def inv(command: str, *args: str) -> Invocation:
    return Invocation(platform="telegram", chat_id="100", chat_kind="private", user_id="7", command=command,
                      args=list(args))


async def test_topics_lists_the_operators_tags_with_their_story_counts_and_no_feed_categories(runtime: Runtime) -> None:
    reply = await runtime.run_command(inv("topics"))
    lines = [line for section in reply.sections for line in section.lines]
    shown = " ".join(lines)
    assert "borders (2 stories)" in lines and "un (2 stories)" in lines and "wire (1 story)" in lines
    for noise in ("раздел", "press release", "world/europe"):
        assert noise not in shown
    assert not any(line.startswith("in ") for line in lines), lines
    everything = reply.text + " ".join(s.title or "" for s in reply.sections)
    assert "keyword" in everything, "a chat is told it can follow any keyword too"


async def test_a_tag_of_a_removed_source_is_not_offered(runtime: Runtime, make_config) -> None:
    runtime.config = make_config(sources=[{"name": "Wire", "url": "https://wire.example/feed", "tags": ["wire"]}])
    runtime.ingestor.config = runtime.config
    runtime.ingestor.sync_sources()
    lines = [line for s in (await runtime.run_command(inv("topics"))).sections for line in s.lines]
    assert lines == ["wire (1 story)"]


async def test_subscribing_to_a_feed_category_says_it_is_matched_as_a_keyword(runtime: Runtime) -> None:
    reply = await runtime.run_command(inv("subscribe", "in", "un"))
    assert "matched as keywords" in reply.text and "in" in reply.text.split("keywords")[1]
    assert "un" not in reply.text.split("keywords")[1].replace("titles", "")


async def test_a_topic_typed_as_a_hashtag_is_the_topic(runtime: Runtime) -> None:
    """Channels mark their posts' topics with hashtags, and readers type them so: "/subscribe #borders" was refused
    as "“#borders” is not a topic", though the word after the mark is the very tag /topics lists."""
    latest = await runtime.run_command(inv("latest", "#borders"))
    assert latest.digest is not None and len(latest.digest.stories) == 2, latest.text
    reply = await runtime.run_command(inv("subscribe", "#Borders", "#wire"))
    assert not reply.error and "on borders, wire" in reply.text, reply.text
    assert sub_store.get(runtime.db, "telegram", "100").topics == ["borders", "wire"]
    alone = await runtime.run_command(inv("subscribe", "#"))
    assert alone.error and "“#” is not a topic" in alone.text, alone.text


async def test_a_mistyped_topic_is_told_the_source_tag_it_is_near(runtime: Runtime) -> None:
    """'/subscribe boarders' was taken as a keyword no story has, said only as 'Not source tags, matched as
    keywords': the chat got nothing, day after day, for a letter."""
    reply = await runtime.run_command(inv("subscribe", "boarders", "ceasefire"))
    assert "boarders (did you mean the topic borders? /subscribe borders ceasefire)" in reply.text, reply.text
    assert "ceasefire (did you mean" not in reply.text, "a keyword near no tag is only a keyword"
    # The command offered keeps the other topics: '/subscribe borders' alone dropped ceasefire, as /subscribe
    # replaces a chat's topics.
    mended = await runtime.run_command(inv("subscribe", "borders", "ceasefire"))
    assert "did you mean" not in mended.text and "on borders, ceasefire" in mended.text, mended.text


async def test_topic_suggestions_are_the_operators_tags(runtime: Runtime) -> None:
    assert sorted(await runtime.suggest("topic", "")) == ["borders", "un", "wire"]


# A country written three ways, and "us" as the word it also is: invented stories, analysed and read by the tracker.
COUNTRY_STORIES = [
    ("U.S. pledges aid to Velmora", "The U.S. said on Monday it would send aid to Velmora within ten days."),
    ("United States and Estavia sign a pact", "The United States and Estavia signed a trade pact on Tuesday."),
    ("US envoy visits Norland", "The US envoy arrived in Norland on Wednesday for two days of talks on fisheries."),
    ("Norland farmers protest", "“They told us nothing,” one farmer said of the Norland ministry's subsidy plan."),
    ("Kestria opens a border post", "Who crosses first was left to the customs officers of Kestria and Norland."),
    ("Member states back the Velmora appeal", "Member states of the United Nations backed the appeal on Friday."),
]


@pytest.fixture
async def country_runtime(make_config):
    rt = Runtime(make_config(), {"telegram": RecordingPlatform(name="telegram")})
    now = datetime.now(UTC)
    for n, (title, text) in enumerate(COUNTRY_STORIES):
        moment = now - timedelta(hours=len(COUNTRY_STORIES) - n)
        store(rt.db, n, title, text, moment, fetched=moment)
    await rt.ingestor.tracker.run()
    yield rt
    rt.db.conn.close()


US_TITLES = {"U.S. pledges aid to Velmora", "United States and Estavia sign a pact", "US envoy visits Norland"}


@pytest.mark.parametrize("typed", ["us", "US", "u.s.", "usa"])
async def test_a_keyword_naming_a_country_matches_it_however_stories_write_it_and_not_the_word_us(
    country_runtime: Runtime, typed: str
) -> None:
    latest = await country_runtime.run_command(inv("latest", typed))
    assert latest.digest is not None
    assert {s.title for s in latest.digest.stories} == US_TITLES, "all three forms, and not “told us”"

    reply = await country_runtime.run_command(inv("subscribe", typed))
    assert "3 stories are waiting" in reply.text, reply.text
    assert f"matched as keywords in titles and text: {typed.lower()} (as United States, however a story writes it)." \
        in reply.text, reply.text
    sub = sub_store.get(country_runtime.db, "telegram", "100")
    assert sub is not None
    pending = pending_digest(country_runtime.db, sub, now=datetime.now(UTC))
    assert {s.title for s in pending.digest.stories} == US_TITLES


async def test_who_as_a_keyword_is_the_organisation_not_every_story_with_the_word(country_runtime: Runtime) -> None:
    latest = await country_runtime.run_command(inv("latest", "who"))
    assert latest.digest is not None and latest.digest.stories == []
    fisheries = await country_runtime.run_command(inv("latest", "fisheries"))
    assert fisheries.digest is not None
    assert [s.title for s in fisheries.digest.stories] == ["US envoy visits Norland"], "other keywords as before"


async def test_words_that_together_name_a_country_are_one_topic(country_runtime: Runtime) -> None:
    """"/subscribe united states" was two keywords, "united" and "states": every story with either word (the
    member states of the United Nations) and none of those writing "U.S."."""
    latest = await country_runtime.run_command(inv("latest", "united", "states"))
    assert latest.digest is not None and {s.title for s in latest.digest.stories} == US_TITLES
    reply = await country_runtime.run_command(inv("subscribe", "south", "korea,", "united", "states", "borders"))
    sub = sub_store.get(country_runtime.db, "telegram", "100")
    assert sub is not None and sub.topics == ["south korea", "united states", "borders"], sub.topics
    assert "on south korea, united states, borders" in reply.text
    apart = await country_runtime.run_command(inv("subscribe", "south,", "korea"))
    assert sub_store.get(country_runtime.db, "telegram", "100").topics == ["south", "korea"], "a comma parts them"
    assert "on south, korea" in apart.text


async def test_and_or_between_topics_joins_them_and_is_no_topic_itself(country_runtime: Runtime) -> None:
    """People list topics as they say them: "/subscribe velmora and estavia" subscribed the chat to three keywords,
    "velmora", "and" and "estavia", told "on velmora, and, estavia", and its digests brought every story with the
    word "and" (a Kestria border post here; in a real feed, nearly all)."""
    reply = await country_runtime.run_command(inv("subscribe", "Velmora", "and", "Estavia"))
    sub = sub_store.get(country_runtime.db, "telegram", "100")
    assert sub is not None and sub.topics == ["velmora", "estavia"], sub.topics
    assert "on velmora, estavia " in reply.text and "and," not in reply.text, reply.text
    pending = pending_digest(country_runtime.db, sub, now=datetime.now(UTC))
    assert {s.title for s in pending.digest.stories} == {
        "U.S. pledges aid to Velmora", "United States and Estavia sign a pact", "Member states back the Velmora appeal"}
    either = await country_runtime.run_command(inv("latest", "estavia", "or", "kestria"))
    assert either.digest is not None
    assert {s.title for s in either.digest.stories} == {"United States and Estavia sign a pact",
                                                      "Kestria opens a border post"}
    alone = await country_runtime.run_command(inv("subscribe", "and"))
    assert alone.error and "“and”" in alone.text, alone.text
    assert sub_store.get(country_runtime.db, "telegram", "100").topics == ["velmora", "estavia"], "nothing changed"


async def test_a_source_tag_of_several_words_is_one_topic(make_config) -> None:
    """The config takes a tag with spaces (an OPML folder "Foreign policy" becomes one) and /topics lists it, but
    "/subscribe foreign policy" was two keywords, "foreign" and "policy": the tag's stories, which need not say
    either word, never came."""
    config = make_config(sources=[{"name": "Desk", "url": "https://desk.example/feed",
                                   "tags": ["Foreign Policy", "wires & agencies"]}])
    rt = Runtime(config, {"telegram": RecordingPlatform(name="telegram")})
    try:
        rt.ingestor.sync_sources()
        [desk] = source_store.list_sources(rt.db)
        article_store.insert_article(rt.db, NewArticle(
            url="https://desk.example/1", source_id=desk.id, guid=None, title="Envoys meet in Velmora",
            text="The envoys met for two hours.", text_hash="d1", tags=["foreign policy"],
        ))
        listed = await rt.run_command(inv("topics"))
        assert "foreign policy (1 story)" in [line for section in listed.sections for line in section.lines]
        latest = await rt.run_command(inv("latest", "Foreign", "policy"))
        assert latest.digest is not None and [s.title for s in latest.digest.stories] == ["Envoys meet in Velmora"]
        reply = await rt.run_command(inv("subscribe", "foreign", "policy", "borders"))
        assert sub_store.get(rt.db, "telegram", "100").topics == ["foreign policy", "borders"]
        assert "Not source tags, matched as keywords in titles and text: borders." in reply.text
        ampersand = await rt.run_command(inv("subscribe", "Wires", "&", "agencies"))
        assert sub_store.get(rt.db, "telegram", "100").topics == ["wires & agencies"], ampersand.text
        alone = await rt.run_command(inv("subscribe", "wires", "&"))
        assert alone.error and "“&” is not a topic" in alone.text
        apart = await rt.run_command(inv("subscribe", "foreign,", "policy"))
        assert sub_store.get(rt.db, "telegram", "100").topics == ["foreign", "policy"], "a comma parts them"
        assert apart.text
    finally:
        rt.db.conn.close()
