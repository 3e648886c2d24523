"""One slow source must not hold back the others' stories: an instant subscriber gets a fast feed's new stories as
soon as that feed is stored, not once the slowest source of the same pass has answered (or timed out)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from bot.config import load_config
from bot.runtime import Runtime
from storage import subscriptions as sub_store
from tests.factories import Item, items, rss
from tests.feedserver import FeedServer
from tests.helpers import DEFAULTS, RecordingPlatform

SLOW = 8.0  # seconds the slow feed takes to answer (within [fetch] timeout)


async def test_a_slow_source_does_not_delay_the_instant_delivery_of_the_others(
        tmp_path: Path, feed_server: FeedServer) -> None:
    """RecordingPlatform stands in for a chat platform here: what is measured is when the runtime hands the story
    over, which no peer changes."""
    feed_server.route("/fast.xml", body=rss(items(2, host="https://fast.example")))
    late = Item(title="Orsania names a new envoy to the Estavian border commission", link="https://slow.example/p/1",
                paragraphs=["Orsania's foreign ministry named Delia Marvik as its envoy to the border commission it "
                            "shares with Estavia, a post left empty since the summer.",
                            "Marvik, a former ambassador to Norland, takes up the post in January, the ministry said."])
    feed_server.route("/slow.xml", body=rss([late], site="https://slow.example/"), delay=SLOW)
    path = tmp_path / "config.toml"
    path.write_text(
        f'[storage]\npath = "{tmp_path / "communique.db"}"\n'
        '[fetch]\nallow_private_addresses = true\ntimeout = 20\n'
        f'[[sources]]\nname = "Fast desk"\nurl = "{feed_server.url("/fast.xml")}"\n'
        f'[[sources]]\nname = "Slow desk"\nurl = "{feed_server.url("/slow.xml")}"\n')
    platform = RecordingPlatform()
    runtime = Runtime(load_config(path), {"test": platform}, tick_seconds=0.5)
    sub_store.subscribe(runtime.db, platform="test", chat_id="c1", chat_kind="private",
                        defaults=replace(DEFAULTS, mode="instant"))
    loop = asyncio.get_running_loop()
    began = loop.time()
    await runtime.start()
    try:
        while not platform.sends and loop.time() - began < SLOW + 5:
            await asyncio.sleep(0.05)
        took = loop.time() - began
        assert platform.sends, "nothing was sent"
        assert took < SLOW / 2, f"the fast feed's stories waited {took:.1f} s for the slow feed"
        assert len(platform.sends[0].payload["article_ids"]) == 2
        while len(platform.sends) < 2 and loop.time() - began < SLOW + 10:
            await asyncio.sleep(0.05)
        assert len(platform.sends) == 2, "the slow feed's story is sent too, once it answers"
        assert len(platform.sends[1].payload["article_ids"]) == 1
    finally:
        await runtime.stop()


async def test_a_feed_whose_story_pages_are_slow_is_not_failed_and_the_rest_wait_for_the_next_pass(
        feed_server: FeedServer, make_config, monkeypatch, caplog) -> None:
    """A feed that answers at once, listing teasers whose pages each take the whole [fetch] timeout (a ministry's
    site under load): its pages were read one after another until the source's deadline, and the source was then
    failed, 'took too long (source deadline exceeded)', its backoff doubled and, in time, the operators alerted,
    though its feed was fine; the entries not reached were not said. Pages are read while the deadline leaves time
    for one; the rest wait for the next pass, said in the log, and the source has not failed."""
    import logging

    from bot.ingest import pipeline
    from storage import sources as source_store
    from tests.helpers import ingestor_for

    monkeypatch.setattr(pipeline, "SOURCE_DEADLINE_FLOOR", 6.0)  # the floor of a minute, shortened for the test
    teasers = [Item(f"Envoy's note {n} on the border commission", feed_server.url(f"/page/{n}"),
                    teaser="A short note.") for n in range(8)]
    feed_server.route("/feed.xml", body=rss(teasers))
    for n in range(8):
        feed_server.route(f"/page/{n}", content_type="text/html", delay=1.5, body=b"<html><body>late</body></html>")
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}], timeout=1.0)
    with caplog.at_level(logging.INFO, logger="bot.ingest"):
        [report] = await ingestor.run()
    assert report.ok and report.error is None, report.error
    assert 0 < report.new < 8
    [source] = source_store.list_sources(ingestor.db)
    assert source.failures == 0
    assert "could not be stored" not in caplog.text
    said = [r.getMessage() for r in caplog.records if "next pass" in r.getMessage()]
    assert said == [f"source Ministry: {8 - report.new} entries wait for the next pass: their pages were slow to "
                    "read and this pass has no time left to read theirs"], said
    for n in range(8):
        feed_server.route(f"/page/{n}", content_type="text/html", body=b"<html><body>late</body></html>")
    [again] = await ingestor.run(only_due=False)
    assert again.new == 8 - report.new
