"""/topics lists the topics the operator set up (source tags), not the categories feeds stamp on their entries."""

from __future__ import annotations

import pytest

from bot.core.commands import Invocation
from bot.runtime import Runtime
from storage import articles as article_store
from storage import sources as source_store
from storage.records import NewArticle
from tests.helpers import RecordingPlatform


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


async def test_topic_suggestions_are_the_operators_tags(runtime: Runtime) -> None:
    assert sorted(await runtime.suggest("topic", "")) == ["borders", "un", "wire"]
