"""Where a chat's backlog starts: a new subscriber gets the last day's stories (at least a digest's worth), not
everything the bot ever stored; `/subscribe since 24h|7d|none` chooses, and says what is waiting."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bot.ingest.pipeline as pipeline
from bot.config import load_config
from bot.core.commands import Invocation, Reply
from bot.digest.compose import pending_digest
from bot.runtime import Runtime
from storage import articles as article_store
from storage import sources as source_store
from storage import subscriptions as sub_store
from storage.db import to_iso
from storage.records import NewArticle
from tests.factories import Item, rss
from tests.helpers import DEFAULTS, RecordingPlatform, delivered_article_ids, ingestor_for

CHAT = "c1"


def runtime_for(tmp_path: Path) -> tuple[Runtime, RecordingPlatform]:
    path = tmp_path / "config.toml"
    path.write_text(f'[storage]\npath = "{tmp_path / "communique.db"}"\n[digest]\nmax_items = 8\n')
    platform = RecordingPlatform()
    return Runtime(load_config(path), {"test": platform}), platform


def store(runtime: Runtime, ages: list[timedelta], *, first: int = 0) -> dict[int, timedelta]:
    """Stories published `age` ago, stored now (as a first fetch of a feed with weeks of items stores them)."""
    now = datetime.now(UTC)
    found = {}
    for n, age in enumerate(ages, start=first):
        article_id = article_store.insert_article(runtime.db, NewArticle(
            url=f"https://ministry.example/{n}", source_id=None, guid=None, title=f"Talks round {n}",
            text=f"Round {n} of the talks on the border crossing.", text_hash=f"h{n}",
            summary=[f"Round {n} of the talks."], published=to_iso(now - age)))
        found[article_id] = age
    return found


def every_five_hours(count: int) -> list[timedelta]:
    return [timedelta(hours=5 * n + 1) for n in range(count)]


async def say(runtime: Runtime, text: str) -> Reply:
    command, *args = text.lstrip("/").split()
    return await runtime.run_command(Invocation(platform="test", chat_id=CHAT, chat_kind="private", user_id="7",
                                                command=command, args=args))


async def digests_until_nothing_new(runtime: Runtime) -> int:
    """/digest until the chat is owed nothing; returns how many digests that took."""
    for rounds in range(50):
        reply = await say(runtime, "/digest")
        await runtime.sender.drain()
        if "Nothing new" in reply.text:
            return rounds
    raise AssertionError("the backlog never emptied")


async def test_a_first_subscribe_on_a_full_database_gets_the_last_day_not_everything(tmp_path: Path) -> None:
    runtime, platform = runtime_for(tmp_path)
    stored = store(runtime, every_five_hours(150))  # a month of stories, five in the last day
    reply = await say(runtime, "/subscribe")
    assert "8 stories are waiting" in reply.text, reply.text
    sub = sub_store.get(runtime.db, "test", CHAT)
    first = pending_digest(runtime.db, sub, now=datetime.now(UTC))
    assert len(first.digest.stories) == 8 and first.waiting == 0 and first.digest.note is None
    assert await digests_until_nothing_new(runtime) == 1
    newest = sorted(stored, key=stored.__getitem__)[:8]
    assert sorted(delivered_article_ids(platform, CHAT)) == sorted(newest), "the newest eight, once"


async def test_since_7d_reaches_back_a_week_and_every_story_of_it_arrives_once(tmp_path: Path) -> None:
    runtime, platform = runtime_for(tmp_path)
    stored = store(runtime, every_five_hours(150))
    week = {i for i, age in stored.items() if age <= timedelta(days=7)}
    reply = await say(runtime, "/subscribe since 7d")
    assert f"{len(week)} stories are waiting" in reply.text and "last 7 days" in reply.text, reply.text
    assert await digests_until_nothing_new(runtime) == -(-len(week) // 8)
    got = Counter(delivered_article_ids(platform, CHAT))
    assert set(got) == week and set(got.values()) == {1}


async def test_since_none_owes_only_what_arrives_later_whatever_its_date(tmp_path: Path) -> None:
    runtime, platform = runtime_for(tmp_path)
    store(runtime, every_five_hours(20))
    reply = await say(runtime, "/subscribe since none")
    assert "Nothing is waiting" in reply.text, reply.text
    assert "Nothing new" in (await say(runtime, "/digest")).text
    # Published two hours before the chat subscribed, fetched after: it arrived later, so it is owed.
    late = store(runtime, [timedelta(hours=2)], first=100)
    await say(runtime, "/digest")
    await runtime.sender.drain()
    assert delivered_article_ids(platform, CHAT) == list(late)


async def test_a_subscribed_chat_sets_its_backlog_anew_and_is_told_what_it_lets_go(tmp_path: Path) -> None:
    runtime, platform = runtime_for(tmp_path)
    store(runtime, every_five_hours(150))
    await say(runtime, "/subscribe since 7d")
    await say(runtime, "/digest")
    await runtime.sender.drain()
    reply = await say(runtime, "/subscribe since none")
    assert "already subscribed" in reply.text and "26 waiting stories let go" in reply.text, reply.text
    assert "Nothing new" in (await say(runtime, "/digest")).text
    assert len(delivered_article_ids(platform, CHAT)) == 8


async def test_a_bad_since_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    runtime, _ = runtime_for(tmp_path)
    for text in ("/subscribe since yesterday", "/subscribe since", "/subscribe since 90d", "/subscribe since 0h"):
        reply = await say(runtime, text)
        assert reply.error and "24h, 7d or none" in reply.text, (text, reply.text)
    assert sub_store.get(runtime.db, "test", CHAT) is None


# --- a source added to a running bot ---------------------------------------------------------------------------


def _feed(now: datetime, name: str, ages_hours: list[int]) -> bytes:
    """A feed whose entries were published `ages_hours` before `now`, titled "<name> <n>": each a story of its own,
    in words drawn for it (so none is taken for a copy of another)."""
    pool = ("harbour railway pipeline fishery airport tunnel canal bridge dam port quota tariff visa grain cable "
            "border convoy monitor treaty ferry highway customs mine crossing lorry river bank loan school clinic "
            "census ballot levee orchard quarry beacon lighthouse").split()

    def paragraphs(n: int) -> list[str]:
        draw = random.Random(f"{name}-{n}").sample(pool, 8)
        return [
            f"Norland agreed to inspect the {draw[0]} and the {draw[1]} before the {draw[2]} reopens to traffic.",
            f"Estavia said the {draw[3]} and {draw[4]} come first, and named a {draw[5]} envoy for the {draw[6]}.",
            f"Neither side spoke of the {draw[7]}.",
        ]

    return rss([
        Item(f"{name} {n}", f"https://{name.lower()}.example/{n}", paragraphs(n), published=now - timedelta(hours=age))
        for n, age in enumerate(ages_hours)
    ])


async def _second_source_added(feed_server, make_config, now: datetime, ages_hours: list[int]):  # type: ignore[no-untyped-def]
    """A bot running with one source ("First 0", two hours old) and a chat subscribed; then the operator adds a
    second source, whose feed holds stories `ages_hours` old. Returns the database, the chat and the ingestor for
    the edited config (not yet run)."""
    feed_server.route("/first.xml", body=_feed(now, "First", [2]))
    running = ingestor_for(make_config, [{"name": "First", "url": feed_server.url("/first.xml")}])
    await running.run(only_due=False)
    chat, _ = sub_store.subscribe(running.db, platform="test", chat_id="c1", chat_kind="private", defaults=DEFAULTS)
    feed_server.route("/second.xml", body=_feed(now, "Second", ages_hours))
    edited = ingestor_for(make_config, [{"name": "First", "url": feed_server.url("/first.xml")},
                                        {"name": "Second", "url": feed_server.url("/second.xml")}])
    return running.db, chat, edited


async def test_a_source_added_to_a_running_bot_sends_its_new_stories_not_its_back_catalogue(
    feed_server, make_config, caplog
) -> None:
    # The operator adds a second source, whose feed holds one story of the last hour and a month of older ones.
    ages = [1, 24 * 10, 24 * 20, 24 * 30]
    db, chat, edited = await _second_source_added(feed_server, make_config, datetime.now(UTC), ages)
    with caplog.at_level("WARNING", logger="bot.ingest.pipeline"):
        reports = {r.name: r for r in await edited.run(only_due=False)}
    assert reports["Second"].new == 4 and reports["Second"].back_catalogue == 3
    assert "Second: joining the bot; 3 of its entries are dated before" in caplog.text, "the operator is told"

    owed = pending_digest(db, chat, now=datetime.now(UTC))
    titles = [s.title for s in owed.digest.stories]
    assert sorted(titles) == ["First 0", "Second 0"]
    assert owed.waiting == 0, "the back catalogue is not owed, so nothing waits either"
    # Stored all the same: /latest shows them, and a chat asking for a week's backlog gets the ones in its week.
    assert len(article_store.latest(db, 10)) == 5
    week, _ = sub_store.subscribe(db, platform="test", chat_id="c2", chat_kind="private",
                                  defaults=DEFAULTS, backfill=timedelta(days=14))
    reached = {s.title for s in pending_digest(db, week, now=datetime.now(UTC)).digest.stories}
    assert "Second 1" in reached and "Second 2" not in reached


async def test_a_source_added_to_a_bot_keeps_its_back_catalogue_from_a_chat_subscribed_long_before(
    feed_server, make_config
) -> None:
    """A chat subscribed two months before the source was added: its backlog starts two months back, and the new
    source's back catalogue (entries of 10, 20 and 30 days ago) fell inside it, so the whole month went to it as
    news, the flood the back catalogue exists to prevent; only chats subscribed in the last day were spared."""
    now = datetime.now(UTC)
    db, chat, edited = await _second_source_added(feed_server, make_config, now, [1, 24 * 10, 24 * 20, 24 * 30])
    long_ago = to_iso(now - timedelta(days=60))
    db.execute("UPDATE subscriptions SET since = ?, created = ? WHERE id = ?", [long_ago, long_ago, chat.id])
    chat = sub_store.get(db, "test", "c1")
    await edited.run(only_due=False)
    titles = sorted(s.title for s in pending_digest(db, chat, now=datetime.now(UTC)).digest.stories)
    assert titles == ["First 0", "Second 0"], "the source's last day is news; its month before is not"


async def test_a_source_added_to_a_running_bot_with_undated_entries_does_not_send_its_whole_feed(
    feed_server, make_config, caplog
) -> None:
    """A feed whose entries carry no date (or only the feed's own) has no "last day" to tell from its history: all
    of it was sent to every chat as new, the flood the back catalogue exists to prevent. What such a feed holds at
    its first read is its back catalogue, and the log says how many; what it lists later is news."""
    now = datetime.now(UTC)
    db, chat, edited = await _second_source_added(feed_server, make_config, now, [])
    undated = [Item(f"Second {n}", f"https://second.example/{n}", [f"Norland and Estavia agreed on the {word}."],
                    published=None) for n, word in enumerate(["harbour", "railway", "pipeline"])]
    feed_server.route("/second.xml", body=rss(undated))
    with caplog.at_level("WARNING", logger="bot.ingest.pipeline"):
        reports = {r.name: r for r in await edited.run(only_due=False)}
    assert reports["Second"].new == 3 and reports["Second"].back_catalogue == 3
    assert "Second: joining the bot; 3 of its entries carry no date of their own: stored (for /latest and search) " \
        "but not sent to chats as new stories" in caplog.text
    assert [s.title for s in pending_digest(db, chat, now=datetime.now(UTC)).digest.stories] == ["First 0"]

    later = Item("Second 3", "https://second.example/3", ["Velmora named an envoy for the canal talks."],
                 published=None)
    feed_server.route("/second.xml", body=rss([later, *undated]))
    await edited.run(only_due=False)
    titles = [s.title for s in pending_digest(db, chat, now=datetime.now(UTC)).digest.stories]
    assert sorted(titles) == ["First 0", "Second 3"], "an entry that appears later is news, dated or not"


async def test_a_source_added_whose_entries_all_carry_its_build_time_does_not_send_its_whole_feed(
    feed_server, make_config, caplog
) -> None:
    """A feed whose CMS stamps every item with the time the feed was built (one date, to the second, on all of
    them): joining a running bot, its whole back catalogue was taken for the last minutes' news and sent to every
    chat. Those dates are the feed's, not its entries': the catalogue is kept from chats as an undated one is, and
    the log says why. What it lists later is news."""
    now = datetime.now(UTC)
    db, chat, edited = await _second_source_added(feed_server, make_config, now, [])
    built = (now - timedelta(minutes=3)).replace(microsecond=0)
    stamped = [Item(f"Second {n}", f"https://second.example/{n}", [f"Norland and Estavia agreed on the {word}."],
                    published=built) for n, word in enumerate(["harbour", "railway", "pipeline", "ferry"])]
    feed_server.route("/second.xml", body=rss(stamped))
    with caplog.at_level("INFO", logger="bot.ingest.pipeline"):
        reports = {r.name: r for r in await edited.run(only_due=False)}
    assert reports["Second"].new == 4 and reports["Second"].back_catalogue == 4, reports["Second"]
    assert [s.title for s in pending_digest(db, chat, now=datetime.now(UTC)).digest.stories] == ["First 0"]
    assert (f"source Second: all 4 of its entries carry one date, {built:%Y-%m-%d %H:%M:%S} UTC: the time its "
            "feed was built, not theirs, taken as the feed's own date") in caplog.text, caplog.text

    later = Item("Second 4", "https://second.example/4", ["Velmora named an envoy for the canal talks."],
                 published=built + timedelta(minutes=2))
    feed_server.route("/second.xml", body=rss([later, *(replace(item, published=later.published)
                                                         for item in stamped)]))
    await edited.run(only_due=False)
    titles = [s.title for s in pending_digest(db, chat, now=datetime.now(UTC)).digest.stories]
    assert sorted(titles) == ["First 0", "Second 4"], "an entry that appears later is news"


async def test_on_a_fresh_database_the_first_read_of_every_source_is_owed_to_the_chats_already_subscribed(
    feed_server, make_config
) -> None:
    now = datetime.now(UTC)
    feed_server.route("/one.xml", body=_feed(now, "One", [24 * 3, 24 * 9]))
    feed_server.route("/two.xml", body=_feed(now, "Two", [24 * 5]))
    ingestor = ingestor_for(make_config, [{"name": "One", "url": feed_server.url("/one.xml")},
                                          {"name": "Two", "url": feed_server.url("/two.xml")}])
    chat, _ = sub_store.subscribe(ingestor.db, platform="test", chat_id="c1", chat_kind="private",
                                  defaults=DEFAULTS)
    reports = await ingestor.run(only_due=False)
    assert sum(r.back_catalogue for r in reports) == 0, "a bot's start is not a source added to it"
    assert len(pending_digest(ingestor.db, chat, now=datetime.now(UTC)).digest.stories) == 3


async def test_a_source_whose_address_changes_is_read_as_new(feed_server, make_config) -> None:
    now = datetime.now(UTC)
    feed_server.route("/old.xml", body=_feed(now, "Old", [3]))
    feed_server.route("/moved.xml", body=_feed(now, "Moved", [2, 24 * 12]))
    first = ingestor_for(make_config, [{"name": "Desk", "url": feed_server.url("/old.xml")}])
    await first.run(only_due=False)
    moved = ingestor_for(make_config, [{"name": "Desk", "url": feed_server.url("/moved.xml")}])
    [report] = await moved.run(only_due=False)
    assert report.new == 2 and report.back_catalogue == 1


async def test_a_source_down_when_the_bot_starts_brings_its_stories_when_it_recovers(feed_server, make_config) -> None:
    now = datetime.now(UTC)
    feed_server.route("/up.xml", body=_feed(now, "One", [2]))
    feed_server.route("/down.xml", status=503, body=b"busy")
    ingestor = ingestor_for(make_config, [{"name": "Up", "url": feed_server.url("/up.xml")},
                                          {"name": "Down", "url": feed_server.url("/down.xml")}])
    chat, _ = sub_store.subscribe(ingestor.db, platform="test", chat_id="c1", chat_kind="private",
                                  defaults=DEFAULTS)
    await ingestor.run(only_due=False)
    feed_server.route("/down.xml", body=_feed(now, "Two", [24 * 4, 24 * 6]))
    reports = {r.name: r for r in await ingestor.run(only_due=False)}
    assert reports["Down"].new == 2 and reports["Down"].back_catalogue == 0, "one of the bot's first sources"
    assert len(pending_digest(ingestor.db, chat, now=datetime.now(UTC)).digest.stories) == 3


async def test_a_back_catalogue_entry_skipped_at_the_first_read_stays_back_catalogue_when_read_later(
    feed_server, make_config, monkeypatch
) -> None:
    """The first read of an added source stored all but one entry (it could not be read then): the feed is read
    whole again, and that entry, a month old, is still back catalogue, not a new story for the chats."""
    now = datetime.now(UTC)
    db, chat, edited = await _second_source_added(feed_server, make_config, now, [1, 24 * 10, 24 * 30])
    analyse = pipeline._analyse

    def fails_on_second_1(title, *args):  # type: ignore[no-untyped-def]
        if title == "Second 1":
            raise ValueError("an entry that cannot be read this time")
        return analyse(title, *args)

    monkeypatch.setattr(pipeline, "_analyse", fails_on_second_1)
    reports = {r.name: r for r in await edited.run(only_due=False)}
    assert reports["Second"].skipped == 1 and reports["Second"].back_catalogue == 1
    monkeypatch.setattr(pipeline, "_analyse", analyse)
    reports = {r.name: r for r in await edited.run(only_due=False)}
    assert reports["Second"].new == 1 and reports["Second"].back_catalogue == 1, "still the back catalogue"
    titles = sorted(s.title for s in pending_digest(db, chat, now=datetime.now(UTC)).digest.stories)
    assert titles == ["First 0", "Second 0"]
    # Read whole once, the source is like any other: a late story it carries afterwards is news.
    feed_server.route("/second.xml", body=_feed(now, "Second", [1, 24 * 10, 24 * 30, 24 * 3]))
    reports = {r.name: r for r in await edited.run(only_due=False)}
    assert reports["Second"].new == 1 and reports["Second"].back_catalogue == 0


async def test_a_source_removed_and_added_again_does_not_send_what_its_feed_carried_meanwhile(
    feed_server, make_config
) -> None:
    """Taken out of the config for weeks and put back under the same name and address, a source joins the running
    bot again, as a renamed one does: what its feed published while it was out is its back catalogue."""
    now = datetime.now(UTC)
    feed_server.route("/first.xml", body=_feed(now, "First", [2]))
    feed_server.route("/second.xml", body=_feed(now, "Second", [3]))
    both = [{"name": "First", "url": feed_server.url("/first.xml")},
            {"name": "Second", "url": feed_server.url("/second.xml")}]
    running = ingestor_for(make_config, both)
    await running.run(only_due=False)
    chat, _ = sub_store.subscribe(running.db, platform="test", chat_id="c1", chat_kind="private",
                                  defaults=DEFAULTS)
    ingestor_for(make_config, both[:1])  # removed
    feed_server.route("/second.xml", body=_feed(now, "Second", [3, 24 * 9, 24 * 20, 1]))
    back = ingestor_for(make_config, both)  # added again
    reports = {r.name: r for r in await back.run(only_due=False)}
    assert reports["Second"].new == 3 and reports["Second"].back_catalogue == 2
    titles = sorted(s.title for s in pending_digest(running.db, chat, now=datetime.now(UTC)).digest.stories)
    assert titles == ["First 0", "Second 0", "Second 3"]


async def test_a_source_put_back_in_the_config_is_read_at_its_next_pass_not_at_its_old_schedule(
    feed_server, make_config
) -> None:
    """Put back a day after it was taken out, a source every six hours kept the schedule of its last read: the
    operator, told a source added to a running bot is read within seconds, waited hours for its stories."""
    now = datetime.now(UTC)
    feed_server.route("/slow.xml", body=_feed(now, "Slow", [2]))
    source = {"name": "Slow", "url": feed_server.url("/slow.xml"), "interval": 6 * 3600}
    first = ingestor_for(make_config, [source])
    await first.run(only_due=False)
    ingestor_for(make_config, [])  # taken out
    feed_server.route("/slow.xml", body=_feed(now, "Slow", [2, 1]))
    back = ingestor_for(make_config, [source])  # put back
    reports = {r.name: r for r in await back.run()}  # a scheduled pass: only the sources due
    assert "Slow" in reports and reports["Slow"].new == 1, "the source put back is read at once"


async def test_an_address_changed_while_the_old_one_is_being_read_still_reads_the_new_feed_as_new(
    feed_server, make_config
) -> None:
    """The config is edited (a new URL) while a pass reads the old address: that pass ending must not record the
    new address as read, or its feed's whole back catalogue would go to the chats."""
    now = datetime.now(UTC)
    feed_server.route("/old.xml", body=_feed(now, "Old", [3]))
    feed_server.route("/moved.xml", body=_feed(now, "Moved", [2, 24 * 12, 24 * 20]))
    first = ingestor_for(make_config, [{"name": "Desk", "url": feed_server.url("/old.xml")}])
    await first.run(only_due=False)
    feed_server.route("/old.xml", body=_feed(now, "Old", [3, 1]), delay=1.5)
    reading = asyncio.create_task(first.run(only_due=False))
    while feed_server.hits("/old.xml") < 2:  # the pass has read the source's row and is waiting on the old feed
        await asyncio.sleep(0.02)
    moved = ingestor_for(make_config, [{"name": "Desk", "url": feed_server.url("/moved.xml")}])
    await reading
    [report] = await moved.run(only_due=False)
    assert report.new == 3 and report.back_catalogue == 2


async def test_a_failure_of_the_old_address_after_the_url_changed_does_not_hold_back_the_new_one(
    feed_server, make_config
) -> None:
    """A pass still reading the old address fails after the config gave the source a new one: the failure is the
    old feed's, so the new address is neither backed off nor counted as failing."""
    now = datetime.now(UTC)
    feed_server.route("/old.xml", body=_feed(now, "Old", [3]))
    feed_server.route("/moved.xml", body=_feed(now, "Moved", [2]))
    first = ingestor_for(make_config, [{"name": "Desk", "url": feed_server.url("/old.xml")}])
    await first.run(only_due=False)
    feed_server.route("/old.xml", status=503, body=b"busy", delay=1.5)
    reading = asyncio.create_task(first.run(only_due=False))
    while feed_server.hits("/old.xml") < 2:
        await asyncio.sleep(0.02)
    moved = ingestor_for(make_config, [{"name": "Desk", "url": feed_server.url("/moved.xml")}])
    [failed] = await reading
    assert not failed.ok
    [row] = source_store.list_sources(moved.db)
    assert row.failures == 0, "the new address has not failed"
    [report] = await moved.run(only_due=True)  # due at once, as a changed URL is
    assert report.ok and report.new == 1


async def test_a_source_added_after_retention_pruned_every_story_still_keeps_its_back_catalogue(
    feed_server, make_config
) -> None:
    # A quiet bot: its one source's stories all aged out under retention, so no story is stored any more. The
    # operator then adds a source with a month of entries: the bot is still running, not starting.
    now = datetime.now(UTC)
    feed_server.route("/first.xml", body=_feed(now, "First", [2]))
    first = [{"name": "First", "url": feed_server.url("/first.xml")}]
    running = ingestor_for(make_config, first)
    await running.run(only_due=False)
    chat, _ = sub_store.subscribe(running.db, platform="test", chat_id="c1", chat_kind="private", defaults=DEFAULTS)
    assert article_store.prune(running.db, to_iso(now + timedelta(days=1)), now.date().isoformat()) == 1
    assert article_store.count_articles(running.db) == 0

    feed_server.route("/second.xml", body=_feed(now, "Second", [1, 24 * 10, 24 * 20]))
    edited = ingestor_for(make_config, [*first, {"name": "Second", "url": feed_server.url("/second.xml")}])
    reports = {r.name: r for r in await edited.run(only_due=False)}
    assert reports["Second"].back_catalogue == 2
    assert [s.title for s in pending_digest(edited.db, chat, now=datetime.now(UTC)).digest.stories] == ["Second 0"]
