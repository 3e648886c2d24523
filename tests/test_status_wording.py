"""/status and /sources count sources in plain words ("the source is OK", "1 source", never "1 sources")."""

from __future__ import annotations

from bot.core.commands import Invocation
from bot.runtime import Runtime
from tests.helpers import RecordingPlatform


def status_for(make_config, sources: list[dict]) -> tuple[str, str]:
    config = make_config(sources=sources, telegram={"operators": [42]})
    runtime = Runtime(config, {"telegram": RecordingPlatform(name="telegram")})
    runtime.ingestor.sync_sources()

    async def run(command: str) -> str:
        reply = await runtime.run_command(Invocation(platform="telegram", chat_id="42", chat_kind="private",
                                                     user_id="42", command=command))
        return " | ".join([reply.text] + [f"{s.title}: {'; '.join(s.lines)}" for s in reply.sections])

    import asyncio

    try:
        return asyncio.run(run("status")), asyncio.run(run("sources"))
    finally:
        runtime.db.conn.close()


def sources_section_after_a_fetch(config) -> str:
    """/status's "Sources" lines, as an operator reads them in a chat, once every source was read."""
    import asyncio

    runtime = Runtime(config, {"telegram": RecordingPlatform(name="telegram")})
    runtime.ingestor.sync_sources()

    async def status() -> str:
        await runtime.ingestor.run(only_due=False)
        reply = await runtime.run_command(Invocation(platform="telegram", chat_id="42", chat_kind="private",
                                                     user_id="42", command="status"))
        return "\n".join(line for s in reply.sections if s.title == "Sources" for line in s.lines)

    try:
        return asyncio.run(status())
    finally:
        runtime.db.conn.close()


def test_one_source_is_counted_in_words(make_config) -> None:
    status, sources = status_for(make_config, [{"name": "Ministry", "url": "https://ministry.example/feed"}])
    assert "the source is OK" in status and "1 sources" not in status
    assert "follows 1 source:" in sources


def test_several_sources_are_counted(make_config) -> None:
    status, sources = status_for(make_config, [{"name": "A", "url": "https://a.example/feed"},
                                               {"name": "B", "url": "https://b.example/feed"}])
    assert "all 2 sources OK" in status and "follows 2 sources:" in sources


def test_status_in_a_chat_shows_a_feed_that_moved_for_good(make_config, feed_server) -> None:
    """/status said "all 2 sources OK" of a feed that had moved for good (a 308): the operator who reads it, not the
    log, never learnt to set the new address as its url before the old one stops redirecting."""
    from tests.factories import items, rss

    feed_server.route("/old.xml", redirect="/new.xml", redirect_status=308)
    from datetime import UTC, datetime

    fresh = items(1)
    fresh[0].published = datetime.now(UTC)  # a story of today: the source is not quiet either
    feed_server.route("/new.xml", body=rss(fresh))
    config = make_config(sources=[{"name": "Ministry", "url": feed_server.url("/old.xml")},
                                  {"name": "Harbour desk", "url": feed_server.url("/new.xml")}],
                         fetch={"allow_private_addresses": True, "fetch_full_text": False},
                         telegram={"operators": [42]})
    sources = sources_section_after_a_fetch(config)
    assert f"Ministry: its feed has moved for good (HTTP 308) to {feed_server.url('/new.xml')}: set that as its url " \
        "in the config" in sources, sources
    assert "Harbour desk" not in sources, sources


def test_status_in_a_chat_shows_a_source_that_answers_but_has_gone_quiet(make_config, feed_server) -> None:
    """/status said "all 2 sources OK" of a feed that answered and had brought nothing new for five days, after
    publishing every two hours: the operator who reads it could not tell a quiet source from a dead one."""
    from datetime import UTC, datetime, timedelta

    from tests.factories import Item, rss

    now = datetime.now(UTC)
    feed_server.route("/quiet.xml", body=rss([
        Item(title=f"Harbour notice {n}", link=f"https://harbour.example/n/{n}", paragraphs=[f"Berth {n} opens."],
             published=now - timedelta(days=5, hours=2 * n)) for n in range(8)]))
    feed_server.route("/busy.xml", body=rss([
        Item(title=f"Wire item {n}", link=f"https://wire.example/w/{n}", paragraphs=[f"Talks resume, round {n}."],
             published=now - timedelta(hours=n)) for n in range(8)]))
    config = make_config(sources=[{"name": "Harbour desk", "url": feed_server.url("/quiet.xml")},
                                  {"name": "Wire", "url": feed_server.url("/busy.xml")}],
                         fetch={"allow_private_addresses": True, "fetch_full_text": False},
                         telegram={"operators": [42]})
    sources = sources_section_after_a_fetch(config)
    assert "Harbour desk: no new story for 5 d" in sources, sources
    assert "its longest pause between its last 8 stories was 2 h" in sources, sources
    assert "Wire" not in sources, sources
    assert sources.splitlines()[0] == "all 2 sources OK", "their fetches are: the quiet one is said after"
