"""The platform-neutral commands, run as a chat would run them (through the runtime, with a real database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.commands import ChannelRef, Invocation
from bot.runtime import Runtime
from storage import deliveries as ledger
from storage import sources as source_store
from storage import subscriptions as sub_store
from storage.db import to_iso
from tests.helpers import RecordingPlatform, add_articles, sqlite_steps


@pytest.fixture
def runtime(make_config):
    config = make_config(
        sources=[{"name": "Ministry", "url": "https://ministry.example/feed", "tags": ["borders", "un"]}],
        telegram={"operators": [42]},
    )
    platform = RecordingPlatform(name="telegram")
    rt = Runtime(config, {"telegram": platform})
    rt.ingestor.sync_sources()
    yield rt
    rt.db.conn.close()


def inv(command: str, *args: str, chat: str = "100", kind: str = "private", user: str = "7", admin: bool | None = None,
        channels: dict | None = None) -> Invocation:
    async def is_admin() -> bool:
        return bool(admin)

    async def resolve(ref: str) -> ChannelRef | None:
        return (channels or {}).get(ref)

    return Invocation(
        platform="telegram", chat_id=chat, chat_kind=kind, user_id=user, command=command, args=list(args),
        is_chat_admin=is_admin if admin is not None else None, resolve_channel=resolve,
    )


async def test_start_and_help_explain_the_bot(runtime: Runtime) -> None:
    start = await runtime.run_command(inv("start"))
    assert "/subscribe" in start.text and "/latest" in start.text
    help_reply = await runtime.run_command(inv("help"))
    lines = "\n".join(help_reply.sections[0].lines)
    for name in ("subscribe", "unsubscribe", "latest", "digest", "sources", "topics", "settings", "pledges"):
        assert f"/{name}" in lines
    assert "/status" not in lines, "operator commands are shown to operators only"
    assert "/status" in "\n".join((await runtime.run_command(inv("help", user="42"))).sections[0].lines)


async def test_start_in_a_group_says_who_subscribes_it(runtime: Runtime) -> None:
    """In a group /start said 'Send /subscribe to get a daily digest here' (it is also what the bot says when it
    is added to one): a member who did was refused. It says who may, in the platform's words; anyone reads."""
    group = await runtime.run_command(inv("start", chat="-100900", kind="group"))
    assert "An administrator of this group sends /subscribe to get a daily digest here" in group.text, group.text
    assert "anyone can ask /latest for the newest stories" in group.text
    server = await runtime.run_command(Invocation(platform="discord", chat_id="1180", chat_kind="group",
                                                  user_id="7", command="start", args=[]))
    assert "A member with the Manage Channels permission sends /subscribe" in server.text, server.text
    private = await runtime.run_command(inv("start"))
    assert "Send /subscribe to get a daily digest here" in private.text


async def test_subscribe_settings_and_unsubscribe_in_a_private_chat(runtime: Runtime) -> None:
    reply = await runtime.run_command(inv("subscribe", "Ukraine", "borders"))
    assert "now subscribed" in reply.text and "ukraine, borders" in reply.text
    sub = sub_store.get(runtime.db, "telegram", "100")
    assert sub.topics == ["ukraine", "borders"] and sub.time == "08:00"
    assert "matched as keywords" in reply.text and "ukraine" in reply.text.split("keywords")[1]

    shown = await runtime.run_command(inv("settings"))
    assert "08:00 (UTC)" in shown.text
    changed = await runtime.run_command(inv("settings", "time", "7:30", "tz", "Europe/Berlin", "max", "5"))
    assert "07:30 (Europe/Berlin)" in changed.text and "up to 5 stories" in changed.text
    instant = await runtime.run_command(inv("settings", "mode", "instant"))
    assert "each new story as it arrives" in instant.text

    bye = await runtime.run_command(inv("unsubscribe"))
    assert "Unsubscribed" in bye.text
    assert not sub_store.get(runtime.db, "telegram", "100").active
    again = await runtime.run_command(inv("subscribe"))
    assert "now subscribed" in again.text and "each new story as it arrives" in again.text, "settings are kept"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("time", "25:00"), "is not a time"),
        (("tz", "Mars/Base"), "is not a time zone"),
        (("max", "0"), "from 1 to 20"),
        (("max", "999999999999"), "from 1 to 20"),
        (("mode", "hourly"), "daily or instant"),
        (("colour", "blue"), "is not a setting"),
        (("time",), "needs a value"),
    ],
)
async def test_bad_settings_get_a_usage_line_and_change_nothing(runtime: Runtime, args: tuple, message: str) -> None:
    await runtime.run_command(inv("subscribe"))
    before = sub_store.get(runtime.db, "telegram", "100")
    reply = await runtime.run_command(inv("settings", *args))
    assert reply.error and message in reply.text and "Usage: /settings" in reply.text
    assert sub_store.get(runtime.db, "telegram", "100") == before


async def test_a_time_zone_typed_in_lower_case_is_taken_and_a_city_gets_its_zone_suggested(runtime: Runtime) -> None:
    """"tz europe/berlin" was refused ("is not a time zone: use a name such as Europe/Berlin"), and "tz Berlin"
    got no hint of the name it meant."""
    await runtime.run_command(inv("subscribe"))
    lower = await runtime.run_command(inv("settings", "tz", "europe/berlin"))
    assert not lower.error and "(Europe/Berlin)" in lower.text
    assert sub_store.get(runtime.db, "telegram", "100").timezone == "Europe/Berlin"
    city = await runtime.run_command(inv("settings", "tz", "new_york"))
    assert city.error and "“new_york” is not a time zone. Did you mean America/New_York?" in city.text
    assert sub_store.get(runtime.db, "telegram", "100").timezone == "Europe/Berlin"
    far = await runtime.run_command(inv("settings", "tz", "Mars/Base"))
    assert far.error and "use a name such as Europe/Berlin or UTC" in far.text


async def test_a_misspelt_zone_name_gets_the_zone_it_most_likely_means(runtime: Runtime) -> None:
    """'/settings tz Europe/Berln' was answered "use a name such as Europe/Berlin or UTC", whatever zone was meant
    ('America/New_Yrok' too), while the config's `timezone = "Europe/Berln"` is told the zone it means: /settings
    reads zones as the config does, and a slip gets the name it is a slip of."""
    await runtime.run_command(inv("subscribe"))
    for typed, meant in (("Europe/Berln", "Europe/Berlin"), ("America/New_Yrok", "America/New_York"),
                         ("asia/tokio", "Asia/Tokyo")):
        slip = await runtime.run_command(inv("settings", "tz", typed))
        assert slip.error and f"“{typed}” is not a time zone. Did you mean {meant}?" in slip.text, slip.text
    assert sub_store.get(runtime.db, "telegram", "100").timezone == "UTC", "nothing changed"


async def test_a_zone_typed_in_two_words_is_read_as_one(runtime: Runtime) -> None:
    """'/settings tz New York' was answered "“York” is not a setting", and 'tz UTC +2' "“+2” needs the setting's
    name before it: /settings timezone Etc/GMT-2", a POSIX name that reads as two hours behind UTC, not ahead."""
    await runtime.run_command(inv("subscribe"))
    city = await runtime.run_command(inv("settings", "tz", "New", "York"))
    assert city.error and "“New York” is not a time zone. Did you mean America/New_York?" in city.text, city.text
    for words in (("UTC", "+2"), ("UTC", "+", "2"), ("utc+", "2")):
        offset = await runtime.run_command(inv("settings", "tz", *words, "time", "07:00"))
        assert not offset.error and "at 07:00 (UTC+2)" in offset.text, (words, offset.text)
        assert sub_store.get(runtime.db, "telegram", "100").timezone == "Etc/GMT-2"
    loose = await runtime.run_command(inv("settings", "+3"))
    assert loose.error and "/settings timezone UTC+3" in loose.text and "Etc/GMT" not in loose.text, loose.text
    after = await runtime.run_command(inv("settings", "tz", "Europe/Berlin", "08:30"))
    assert after.error and "/settings time 08:30" in after.text, "a time after the zone is still its own setting"


async def test_a_clock_abbreviation_that_names_no_zone_gets_the_zones_it_is_said_of(runtime: Runtime) -> None:
    """'tz PST' was offered PST8PDT, a name few people know, and 'tz IST' (India's, Ireland's or Israel's clock)
    "Did you mean Asia/Istanbul?", a fourth place."""
    await runtime.run_command(inv("subscribe"))
    pacific = await runtime.run_command(inv("settings", "tz", "PST"))
    assert pacific.error and "Did you mean America/Los_Angeles?" in pacific.text, pacific.text
    india = await runtime.run_command(inv("settings", "tz", "ist"))
    assert india.error and "Istanbul" not in india.text, india.text
    assert "Asia/Kolkata (India), Europe/Dublin (Ireland) or Asia/Jerusalem (Israel)?" in india.text, india.text
    assert sub_store.get(runtime.db, "telegram", "100").timezone == "UTC", "nothing changed"


async def test_noon_and_midnight_are_times(runtime: Runtime) -> None:
    """'/settings time midnight' and 'time noon' were refused ('use HH:MM'): words a reader types for a time."""
    await runtime.run_command(inv("subscribe"))
    for word, time in (("noon", "12:00"), ("Midnight", "00:00"), ("midday", "12:00")):
        reply = await runtime.run_command(inv("settings", "time", word))
        assert not reply.error and f"daily digest at {time}" in reply.text, (word, reply.text)


async def test_a_setting_written_with_an_equals_sign_or_a_colon_is_taken(runtime: Runtime) -> None:
    """'/settings time=09:00' was answered '“time=09:00” needs a value', and 'time: 09:00' (as the Discord
    commands are written) 'is not a setting'."""
    await runtime.run_command(inv("subscribe"))
    for words, time in ((("time=09:00",), "09:00"), (("time:", "09:30"), "09:30"), (("Time:10:00", "tz=UTC"), "10:00")):
        reply = await runtime.run_command(inv("settings", *words))
        assert not reply.error and f"daily digest at {time}" in reply.text, (words, reply.text)
    zone = await runtime.run_command(inv("settings", "timezone:", "Europe/Berlin"))
    assert not zone.error and "(Europe/Berlin)" in zone.text


async def test_a_time_typed_as_people_say_it_is_taken_on_the_24_hour_clock(runtime: Runtime) -> None:
    """'/settings time 8pm' and 'time 8.30' were refused ('use HH:MM'), one form of the many people type."""
    await runtime.run_command(inv("subscribe"))
    for words, time in ((("8pm",), "20:00"), (("8", "pm"), "20:00"), (("8.30",), "08:30"), (("20h",), "20:00"),
                        (("12am",), "00:00"), (("7:45", "p.m."), "19:45"), (("9",), "09:00")):
        reply = await runtime.run_command(inv("settings", "time", *words))
        assert not reply.error and f"daily digest at {time}" in reply.text, (words, reply.text)
        assert sub_store.get(runtime.db, "telegram", "100").time == time
    for wrong in ("13pm", "8:75", "2030", "soon"):
        refused = await runtime.run_command(inv("settings", "time", wrong))
        assert refused.error and "use HH:MM on a 24-hour clock, e.g. 08:30 or 20:00 (8pm)" in refused.text, wrong
    assert sub_store.get(runtime.db, "telegram", "100").time == "09:00", "a refused time changes nothing"


async def test_a_time_zone_given_as_an_offset_from_utc_is_taken_and_shown_as_typed(runtime: Runtime) -> None:
    """'tz UTC+2' and '+02:00' were refused ('use a name such as Europe/Berlin'); the zone that means it is
    Etc/GMT-2, whose sign is the reverse of what it says, so it is shown as UTC+2."""
    await runtime.run_command(inv("subscribe"))
    for typed, zone, shown in (("UTC+2", "Etc/GMT-2", "UTC+2"), ("+02:00", "Etc/GMT-2", "UTC+2"),
                               ("gmt-5", "Etc/GMT+5", "UTC-5"), ("UTC+0", "UTC", "UTC")):
        reply = await runtime.run_command(inv("settings", "tz", typed))
        assert not reply.error and f"at 08:00 ({shown})" in reply.text, (typed, reply.text)
        assert sub_store.get(runtime.db, "telegram", "100").timezone == zone
    half = await runtime.run_command(inv("settings", "tz", "UTC+5:30"))
    assert half.error and "a place's zone such as Asia/Kolkata" in half.text, half.text
    beyond = await runtime.run_command(inv("settings", "tz", "UTC+15"))
    assert beyond.error and "not a time zone" in beyond.text


async def test_settings_in_instant_mode_confirm_the_size_of_a_message(runtime: Runtime) -> None:
    """In instant mode `max` is how many stories one message holds (the rest follow at once): "/settings max 5"
    answered "Saved. This chat now gets each new story as it arrives", nothing of the 5."""
    await runtime.run_command(inv("subscribe"))
    await runtime.run_command(inv("settings", "mode", "instant"))
    saved = await runtime.run_command(inv("settings", "max", "5"))
    assert "each new story as it arrives (up to 5 a message)" in saved.text
    assert "up to 5 a message" in (await runtime.run_command(inv("settings"))).text


async def test_subscribe_in_instant_mode_says_when_stories_come_not_the_next_digest(runtime: Runtime) -> None:
    """A chat in instant mode has no "next digest": what waits goes with the next story that arrives."""
    await runtime.run_command(inv("subscribe"))
    await runtime.run_command(inv("settings", "mode", "instant"))
    nothing = await runtime.run_command(inv("subscribe", "since", "none"))
    assert "Nothing is waiting: new stories come as they arrive." in nothing.text
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z'")
    add_articles(runtime.db, 2)
    waiting = await runtime.run_command(inv("subscribe"))
    assert "2 stories are waiting: /digest sends them now, else they come with the next new story." in waiting.text
    assert "next digest" not in waiting.text

    # One story is "it": "1 story is waiting: /digest sends it now, else they come with the next new story."
    runtime.db.execute("DELETE FROM articles WHERE id = (SELECT MAX(id) FROM articles)")
    one = await runtime.run_command(inv("subscribe"))
    assert "1 story is waiting: /digest sends it now, else it comes with the next new story." in one.text, one.text


async def test_unsubscribing_says_how_to_come_back_on_the_same_topics(runtime: Runtime) -> None:
    """"/subscribe brings them back, with the same settings" after a chat on two topics: /subscribe alone is every
    story, so the chat that did as told came back on everything."""
    await runtime.run_command(inv("subscribe", "borders", "ceasefire"))
    bye = await runtime.run_command(inv("unsubscribe"))
    assert ("/subscribe borders ceasefire brings them back as they were (/subscribe alone: every story)"
            in bye.text), bye.text
    back = await runtime.run_command(inv("subscribe", "borders", "ceasefire"))
    assert "on borders, ceasefire" in back.text
    assert sub_store.get(runtime.db, "telegram", "100").time == "08:00"
    await runtime.run_command(inv("subscribe"))
    plain = await runtime.run_command(inv("unsubscribe"))
    assert "/subscribe brings them back as they were." in plain.text, plain.text


async def test_a_chat_subscribing_again_is_told_where_its_backlog_starts(runtime: Runtime) -> None:
    """A chat back after a week away gets the last day's stories, not the week's: the reply says so, and how to
    reach further back."""
    await runtime.run_command(inv("subscribe"))
    await runtime.run_command(inv("unsubscribe"))
    week_ago = to_iso(datetime.now(UTC) - timedelta(days=8))  # subscribed long ago (a moment ago: as it was)
    runtime.db.execute("UPDATE subscriptions SET created = ?, since = ?", [week_ago, week_ago])
    back = await runtime.run_command(inv("subscribe"))
    assert ("Backlog: stories published in the last 24 hours (at least a digest's worth), none it was sent "
            "before; /subscribe since 7d reaches back a week.") in back.text, back.text
    again = await runtime.run_command(inv("subscribe"))
    assert "Backlog" not in again.text, "said once, when the chat comes back"


async def test_stories_of_a_digest_dropped_at_unsubscribe_are_owed_again_on_return(runtime: Runtime) -> None:
    """A digest still waiting to go (Telegram down, or just planned) when the chat unsubscribed is dropped; its
    stories were counted as sent, so the chat that came back was told "Nothing is waiting" and never got them."""
    add_articles(runtime.db, 3)
    await runtime.run_command(inv("subscribe"))
    assert "3 new stories" in (await runtime.run_command(inv("digest"))).text  # planned; nothing sends here
    await runtime.run_command(inv("unsubscribe"))
    back = await runtime.run_command(inv("subscribe"))
    assert "3 stories are waiting" in back.text, back.text
    assert "3 new stories" in (await runtime.run_command(inv("digest"))).text
    assert ledger.counts(runtime.db).failed == 0, "the dropped messages give way to the new digest: no resend twice"


async def test_one_waiting_story_is_one(runtime: Runtime) -> None:
    add_articles(runtime.db, 1)
    reply = await runtime.run_command(inv("subscribe"))
    assert "1 story is waiting: /digest sends it now, else the next digest." in reply.text, reply.text


async def test_subscribe_names_digest_once(runtime: Runtime) -> None:
    """With stories waiting, the answer said "/digest sends them now" and, two lines on, "/digest sends what is new
    right away": one thing told twice. /digest is named where the waiting stories are; with none waiting, the
    closing line names it."""
    add_articles(runtime.db, 2)
    waiting = await runtime.run_command(inv("subscribe"))
    assert waiting.text.count("/digest") == 1, waiting.text
    assert "2 stories are waiting: /digest sends them now" in waiting.text
    assert "Change the time, zone or size with /settings." in waiting.text, waiting.text
    none = await runtime.run_command(inv("subscribe", "since", "none"))
    assert none.text.count("/digest") == 1 and "/digest sends what is new right away" in none.text, none.text


async def test_subscribe_since_alone_restarts_the_backlog_and_keeps_the_topics(runtime: Runtime) -> None:
    """"/subscribe since 7d" on a subscribed chat restarts its backlog (as the README says); it also dropped the
    chat's topics, so a chat on two topics found itself on everything."""
    await runtime.run_command(inv("subscribe", "borders", "un"))
    again = await runtime.run_command(inv("subscribe", "since", "7d"))
    assert "on borders, un" in again.text and "last 7 days" in again.text
    assert sub_store.get(runtime.db, "telegram", "100").topics == ["borders", "un"]
    everything = await runtime.run_command(inv("subscribe"))
    assert "on everything" in everything.text, "/subscribe alone is still every topic"


async def test_in_groups_only_admins_change_things_but_anyone_reads(runtime: Runtime) -> None:
    add_articles(runtime.db, 3)
    refused = await runtime.run_command(inv("subscribe", chat="-200", kind="group", admin=False))
    assert refused.error and "administrators" in refused.text
    assert sub_store.get(runtime.db, "telegram", "-200") is None
    ok = await runtime.run_command(inv("subscribe", chat="-200", kind="group", admin=True))
    assert "now subscribed" in ok.text
    for command, args in (("settings", ("time", "09:00")), ("unsubscribe", ())):
        reply = await runtime.run_command(inv(command, *args, chat="-200", kind="group", admin=False))
        assert reply.error and "administrators" in reply.text
    assert sub_store.get(runtime.db, "telegram", "-200").active
    latest = await runtime.run_command(inv("latest", "2", chat="-200", kind="group", admin=False))
    assert latest.digest is not None and len(latest.digest.stories) == 2
    shown = await runtime.run_command(inv("settings", chat="-200", kind="group", admin=False))
    assert not shown.error and "gets" in shown.text, "anyone may read the group's settings"
    assert "admin" in (shown.sections[0].title or ""), "a member is told who can change them, not told to change them"
    ok_private = await runtime.run_command(inv("subscribe", chat="100", kind="private"))
    private = await runtime.run_command(inv("settings", chat="100", kind="private"))
    assert ok_private and "admin" not in (private.sections[0].title or ""), "a private chat changes its own"
    by_operator = await runtime.run_command(inv("unsubscribe", chat="-200", kind="group", user="42", admin=False))
    assert "Unsubscribed" in by_operator.text


async def test_unknown_admin_status_refuses(runtime: Runtime) -> None:
    reply = await runtime.run_command(inv("subscribe", chat="-300", kind="group"))
    assert reply.error and "administrators" in reply.text


async def test_latest_counts_topics_and_limits(runtime: Runtime) -> None:
    add_articles(runtime.db, 25)
    assert len((await runtime.run_command(inv("latest"))).digest.stories) == 5
    assert len((await runtime.run_command(inv("latest", "20"))).digest.stories) == 20
    for bad in ("0", "21", "-3", "100000000000000000000"):
        reply = await runtime.run_command(inv("latest", bad))
        assert reply.error and "from 1 to 20" in reply.text
    topic = await runtime.run_command(inv("latest", "3", "story"))
    assert topic.digest and topic.digest.stories
    none = await runtime.run_command(inv("latest", "nothingmatches"))
    assert none.digest is not None and not none.digest.stories and "No stories on nothingmatches" in none.digest.empty_note


async def test_latest_with_nothing_to_show_has_no_count_of_zero_in_its_heading(runtime: Runtime) -> None:
    """"📰 Latest 0 stories on zzz" read as a broken count above "No stories on zzz yet."."""
    none = await runtime.run_command(inv("latest", "3", "zzz"))
    assert none.digest is not None and none.digest.heading == "Latest stories on zzz"
    assert none.digest.empty_note == "No stories on zzz yet."
    empty = await runtime.run_command(inv("latest"))
    assert empty.digest is not None and empty.digest.heading == "Latest stories"
    add_articles(runtime.db, 2)
    assert (await runtime.run_command(inv("latest", "5"))).digest.heading == "Latest 2 stories"


async def test_latest_takes_its_count_after_the_topic_too(runtime: Runtime) -> None:
    """"/latest un 3" read "3" as a second topic: "No stories on un, 3 yet."."""
    add_articles(runtime.db, 5)
    after = await runtime.run_command(inv("latest", "story", "2"))
    assert after.digest is not None and after.digest.heading == "Latest 2 stories on story"
    year = await runtime.run_command(inv("latest", "story", "2024"))
    assert year.digest is not None and year.digest.heading.endswith("on story, 2024"), "not a count: a keyword"


async def test_latest_with_a_count_and_stories_after_the_topic_and_latest_everything(runtime: Runtime) -> None:
    """"/latest story 2 stories" searched "2" and "stories" as keywords; "/latest everything" (or «all») searched
    the word "everything": "No stories on everything yet." above a store full of stories."""
    add_articles(runtime.db, 6)
    after = await runtime.run_command(inv("latest", "story", "2", "stories"))
    assert after.digest is not None and after.digest.heading == "Latest 2 stories on story", after.digest.heading
    for word in ("everything", "all", "«all»"):
        every = await runtime.run_command(inv("latest", word))
        assert every.digest is not None and len(every.digest.stories) == 5, word
        assert every.digest.heading == "Latest 5 stories", every.digest.heading
    counted = await runtime.run_command(inv("latest", "3", "everything"))
    assert counted.digest is not None and len(counted.digest.stories) == 3


async def test_hostile_arguments_get_a_short_answer(runtime: Runtime) -> None:
    huge = await runtime.run_command(inv("latest", "x" * 10_000))
    assert huge.error and "too long" in huge.text
    many = await runtime.run_command(inv("subscribe", *[f"t{i}" for i in range(50)]))
    assert many.error
    html = await runtime.run_command(inv("subscribe", "<b>bold</b>"))
    assert html.error and "is not a topic" in html.text
    unknown = await runtime.run_command(inv("destroy\u202e\x00everything"))
    assert unknown.error and "Unknown command" in unknown.text and "\x00" not in unknown.text


async def test_a_mistyped_command_is_told_the_command_it_is_near(runtime: Runtime) -> None:
    """'/lates 3' and '/subscibe ukraine' were answered 'Unknown command ... Send /help for the list': the list
    of thirteen, to find the letter missing."""
    for typed, meant in (("lates", "latest"), ("subscibe", "subscribe"), ("setting", "settings"),
                         ("unfolow", "unfollow"), ("pledge", "pledges"), ("sourses", "sources")):
        answer = await runtime.run_command(inv(typed, "3"))
        assert answer.error and f"Unknown command /{typed}. Did you mean /{meant}?" in answer.text, answer.text
    other = await runtime.run_command(inv("weather"))
    assert other.error and "Did you mean" not in other.text and "Send /help for the list" in other.text


async def test_too_long_or_too_many_arguments_are_told_apart_with_their_limit(runtime: Runtime) -> None:
    """One reply said "Too many or too long arguments (12 of 64 characters at most)" for both: which was it, and
    what are 12 of 64 characters? (On Discord a user types one option and never saw "arguments".)"""
    long_word = await runtime.run_command(inv("follow", "Velmora" * 12))
    assert long_word.error and "“VelmoraVelmoraVelmor…” is too long: a word has 64 characters at most." in long_word.text
    many = await runtime.run_command(inv("subscribe", *["nato"] * 30))
    assert many.error and "Too many words (30): 12 at most." in many.text
    for reply in (long_word, many):
        assert "12 of 64" not in reply.text and "Usage: /" in reply.text


async def test_digest_now_plans_what_the_chat_has_not_had(runtime: Runtime) -> None:
    not_subscribed = await runtime.run_command(inv("digest"))
    assert "not subscribed" in not_subscribed.text
    await runtime.run_command(inv("subscribe"))
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z'")
    add_articles(runtime.db, 3)
    reply = await runtime.run_command(inv("digest"))
    assert "3 new stories" in reply.text
    await runtime.sender.drain()
    assert len(runtime.platforms["telegram"].sends) == 2
    again = await runtime.run_command(inv("digest"))
    assert "Nothing new" in again.text


async def test_sources_topics_and_pledges(runtime: Runtime) -> None:
    from storage import articles as article_store
    from storage.records import ArticlePledge, NewArticle

    article_store.insert_article(
        runtime.db,
        NewArticle(
            url="https://ministry.example/p", title="Pledge story", text="t", text_hash="p", source_id=1, guid=None,
            tags=["borders"],
            pledges=[ArticlePledge("Washington", "respond in writing", "e", "next week", "2026-11-27")],
        ),
    )
    sources = await runtime.run_command(inv("sources"))
    assert "Ministry [borders, un]" in sources.sections[0].lines
    topics = await runtime.run_command(inv("topics"))
    assert any(line.startswith("borders") for line in topics.sections[0].lines)
    pledges = await runtime.run_command(inv("pledges", "washing"))
    line = pledges.sections[0].lines[0]
    assert "Washington: respond in writing" in line and "next week" in line and "Ministry" in line
    assert ("overdue" in line) == (runtime.now().date().isoformat() > "2026-11-27")
    wildcard = await runtime.run_command(inv("pledges", "%_%"))
    assert wildcard.error and "A name is letters" in wildcard.text, "a wildcard is refused, not matched as all"
    nobody = await runtime.run_command(inv("pledges", "Atlantis"))
    assert "No pledges by Atlantis found" in nobody.text


async def test_topics_says_what_the_list_is_for_before_it_not_what_works_too(runtime: Runtime) -> None:
    """The reply's text comes before its list on every platform: it opened with "Any other word works too", a
    "too" about topics not yet shown."""
    add_articles(runtime.db, 2)
    listed = await runtime.run_command(inv("topics"))
    assert listed.sections[0].title == "Topics the sources are tagged with:"
    assert listed.text == ("Subscribe to these topics, or to any other word as a keyword matched in titles and text "
                           "(e.g. /subscribe ceasefire).")
    runtime.db.execute("UPDATE sources SET tags = '[]'")
    bare = await runtime.run_command(inv("topics"))
    assert bare.text == ("The sources carry no topics yet. Any word works as a keyword matched in titles and text "
                         "(e.g. /subscribe ceasefire).") and not bare.sections


async def test_sources_and_topics_stay_one_short_reply_however_many_the_operator_follows(make_config) -> None:
    """An instance carries thousands of sources, and anyone in a group may send /sources: it listed every one (a
    thousand lines, a dozen messages); /topics cut its list at 40 without a word of the rest."""
    sources = [{"name": f"Desk {n:03d}", "url": f"https://desk{n}.example/feed", "tags": [f"tag{n:03d}"]}
               for n in range(120)]
    rt = Runtime(make_config(sources=sources), {"telegram": RecordingPlatform(name="telegram")})
    try:
        rt.ingestor.sync_sources()
        broken = next(s for s in source_store.list_sources(rt.db) if s.name == "Desk 117")
        source_store.record_failure(rt.db, broken.id, error="HTTP 500 server error", next_due="2999-01-01T00:00:00Z",
                                    url=broken.url)
        listed = await rt.run_command(inv("sources"))
        lines = listed.sections[0].lines
        assert len(lines) <= 41 and lines[0] == "Desk 117 [tag117] (failing: no stories from it yet)", lines[:2]
        assert lines[-1] == "… and 80 more, none failing."
        assert listed.sections[0].title == "Communiqué follows 120 sources:"
        topics = await rt.run_command(inv("topics"))
        assert topics.sections[0].lines[-1] == "… and 80 more (any tag or word works with /subscribe)."
    finally:
        rt.db.conn.close()


async def test_status_in_an_outage_of_every_source_stays_one_short_reply(make_config) -> None:
    """When the bot's own network fails, every source fails: /status listed each one, hundreds of messages to the
    operator who asked."""
    sources = [{"name": f"Desk {n:03d}", "url": f"https://desk{n}.example/feed"} for n in range(120)]
    rt = Runtime(make_config(sources=sources, telegram={"operators": [42]}),
                 {"telegram": RecordingPlatform(name="telegram")})
    try:
        for row in rt.ingestor.sync_sources().sources:
            source_store.record_failure(rt.db, row.id, error="network error: ConnectError",
                                        next_due="2999-01-01T00:00:00Z", url=row.url)
        status = await rt.run_command(inv("status", user="42"))
        lines = next(section.lines for section in status.sections if section.title == "Sources")
        assert len(lines) == 41 and lines[0].startswith("Desk 000: 1 failure")
        assert lines[-1] == "… and 80 more failing: `communique status` lists them all."
    finally:
        rt.db.conn.close()


async def test_status_is_for_operators(runtime: Runtime) -> None:
    refused = await runtime.run_command(inv("status"))
    assert refused.error and "operators" in refused.text
    status = await runtime.run_command(inv("status", user="42"))
    titles = [s.title for s in status.sections]
    assert titles == ["Sources", "Deliveries", "Subscriptions"]


async def test_operator_subscribes_a_channel_from_a_private_chat(runtime: Runtime) -> None:
    channels = {"@velmoranews": ChannelRef("-1001234", "Velmora News"), "@noadmin": ChannelRef("-1005", "X", bot_is_admin=False)}
    refused = await runtime.run_command(inv("subscribe", "@velmoranews", channels=channels))
    assert refused.error and "operators" in refused.text
    ok = await runtime.run_command(inv("subscribe", "@velmoranews", "un", user="42", channels=channels))
    assert "Velmora News is now subscribed" in ok.text
    sub = sub_store.get(runtime.db, "telegram", "-1001234")
    assert sub.chat_kind == "channel" and sub.topics == ["un"]
    missing = await runtime.run_command(inv("subscribe", "@nobody", user="42", channels=channels))
    assert missing.error and "cannot find the channel" in missing.text
    not_admin = await runtime.run_command(inv("subscribe", "@noadmin", user="42", channels=channels))
    assert not_admin.error and "not an administrator" in not_admin.text
    gone = await runtime.run_command(inv("unsubscribe", "@velmoranews", user="42", channels=channels))
    assert "Unsubscribed" in gone.text and not sub_store.get(runtime.db, "telegram", "-1001234").active


async def test_a_channel_unsubscribed_from_a_private_chat_is_named_in_the_command_to_bring_it_back(
    runtime: Runtime
) -> None:
    """`/unsubscribe @channel` sent from a private chat for a channel whose digests the platform had stopped was told
    "Digests here stopped ...: /subscribe borders starts them again": following it subscribed the private chat. So
    too for a channel never subscribed ("/subscribe starts digests here"). The command names the channel."""
    channels = {"@velmoranews": ChannelRef("-1001234", "Velmora News")}
    never = await runtime.run_command(inv("unsubscribe", "@velmoranews", user="42", channels=channels))
    assert "/subscribe @velmoranews starts digests there" in never.text, never.text
    assert " here" not in never.text, never.text
    await runtime.run_command(inv("subscribe", "@velmoranews", "borders", user="42", channels=channels))
    sub = sub_store.get(runtime.db, "telegram", "-1001234")
    sub_store.deactivate(runtime.db, sub.id, "Telegram: Forbidden: bot is not a member of the channel chat")
    told = await runtime.run_command(inv("unsubscribe", "@velmoranews", user="42", channels=channels))
    assert "Digests in Velmora News stopped" in told.text, told.text
    assert "/subscribe @velmoranews borders starts them again" in told.text, told.text
    assert sub_store.get(runtime.db, "telegram", "100") is None, "the private chat is left as it was"


async def test_usage_lines_match_the_platform(runtime: Runtime) -> None:
    from dataclasses import replace

    telegram = await runtime.run_command(inv("settings", "time", "99:99"))
    assert "Usage: /settings [time HH:MM]" in telegram.text
    on_discord = replace(inv("latest", "0"), platform="discord")
    reply = await runtime.run_command(on_discord)
    assert "Usage: /latest [count:…] [topic:…]" in reply.text
    help_lines = "\n".join((await runtime.run_command(replace(inv("help"), platform="discord"))).sections[0].lines)
    assert "/settings [time:…] [timezone:…] [max:…] [mode:…]" in help_lines


async def test_a_zone_that_keeps_no_summer_time_though_its_place_does_is_taken_and_said(runtime: Runtime) -> None:
    """'/settings tz EST' was saved without a word, and New York's 08:00 digest came at 09:00 there from March to
    November: EST is UTC-5 all year. Taken (it is a zone, Panama's clock), with the zone that keeps summer time."""
    await runtime.run_command(inv("subscribe"))
    reply = await runtime.run_command(inv("settings", "tz", "EST"))
    assert not reply.error and "(EST)" in reply.text
    assert ("EST is UTC-5 all year, with no summer time: from March to November a digest at 08:00 comes at 09:00 "
            "in New York. For New York's clock write America/New_York") in reply.text, reply.text
    assert sub_store.get(runtime.db, "telegram", "100").timezone == "EST"
    plain = await runtime.run_command(inv("settings", "tz", "America/New_York"))
    assert "summer time" not in plain.text


async def test_a_chat_in_a_zone_without_summer_time_turned_daily_is_told_again(runtime: Runtime) -> None:
    """A chat on 'EST' in instant mode gets no digest, so '/settings tz EST' rightly said nothing of the hour; once
    '/settings mode daily' gives it one at 08:00 EST, that digest comes at 09:00 in New York from March to
    November, and the reply said nothing of it."""
    await runtime.run_command(inv("subscribe"))
    await runtime.run_command(inv("settings", "mode", "instant"))
    quiet = await runtime.run_command(inv("settings", "tz", "EST"))
    assert "summer time" not in quiet.text, quiet.text
    reply = await runtime.run_command(inv("settings", "mode", "daily"))
    assert not reply.error
    assert ("EST is UTC-5 all year, with no summer time: from March to November a digest at 08:00 comes at 09:00 "
            "in New York. For New York's clock write America/New_York") in reply.text, reply.text
    again = await runtime.run_command(inv("settings", "max", "5"))
    assert "summer time" not in again.text, again.text


async def test_more_waiting_than_max_says_how_many_digest_sends(runtime: Runtime) -> None:
    """"5 stories are waiting: /digest sends them now" to a chat of max 3: /digest sent 3. Said as it is."""
    await runtime.run_command(inv("subscribe"))
    await runtime.run_command(inv("settings", "max", "3"))
    runtime.db.execute("UPDATE subscriptions SET since = '2000-01-01T00:00:00Z'")
    add_articles(runtime.db, 5)
    reply = await runtime.run_command(inv("subscribe"))
    assert ("5 stories are waiting, 3 a digest: /digest sends 3 now, else the next digest; digests bring the "
            "newest first, so the rest may wait behind new stories: /digest again sends the next ones."
            ) in reply.text, reply.text
    fits = await runtime.run_command(inv("settings", "max", "5"))
    assert "waiting" not in fits.text
    whole = await runtime.run_command(inv("subscribe"))
    assert "5 stories are waiting: /digest sends them now, else the next digest." in whole.text, whole.text
    await runtime.run_command(inv("settings", "max", "3"))
    instant = await runtime.run_command(inv("settings", "mode", "instant"))
    assert ("5 stories are waiting: all come with the next new story, or /digest sends 3 now (3 a message) and the "
            "rest come then.") in instant.text, instant.text


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        ("subscribe", ("-2001",), "“-2001” is a chat's id, not a topic: send the command in that chat itself"),
        ("subscribe", ("since",), "since needs a value: 24h, 7d or none, e.g. /subscribe since 7d."),
        ("subscribe", ("borders", "since"), "since needs a value: 24h, 7d or none, e.g. /subscribe since 7d."),
        ("subscribe", ("since", "7d", "since", "24h"), "since is given twice: give it once, e.g. /subscribe since 7d."),
        ("subscribe", ("borders", "7d"), "“7d” goes after since: /subscribe since 7d."),
        ("subscribe", ("none",), "“none” is no topic: /subscribe alone gets every story, /subscribe since none only"),
        ("subscribe", ("tomorrow",), "“tomorrow” is still to come, and no topic: /subscribe alone gets every story"),
        ("subscribe", ("borders", "Tomorrow"), "“Tomorrow” is still to come, and no topic:"),
        ("settings", ("time",), "time needs a value, e.g. /settings time 08:30."),
        ("settings", ("max", "5", "tz"), "tz needs a value, e.g. /settings timezone Europe/Berlin."),
        ("settings", ("mode",), "mode needs a value, e.g. /settings mode daily."),
        ("settings", ("08:30",), "“08:30” needs the setting's name before it: /settings time 08:30."),
        ("settings", ("5",), "“5” needs the setting's name before it: /settings max 5."),
        ("settings", ("instant",), "“instant” needs the setting's name before it: /settings mode instant."),
        ("settings", ("europe/berlin",), "needs the setting's name before it: /settings timezone Europe/Berlin."),
    ],
)
async def test_odd_arguments_are_answered_with_what_was_wrong_and_what_to_type(
    runtime: Runtime, command: str, args: tuple, message: str
) -> None:
    """'/subscribe -2001' was told "not a topic: use letters, digits and - only" (it is all digits and -);
    '/subscribe since' "..., not nothing"; '/settings 08:30' "“08:30” needs a value". Each says what was wrong and
    what to type, and changes nothing."""
    await runtime.run_command(inv("subscribe", "borders"))
    before = sub_store.get(runtime.db, "telegram", "100")
    reply = await runtime.run_command(inv(command, *args))
    assert reply.error and message in reply.text, reply.text
    assert sub_store.get(runtime.db, "telegram", "100") == before


async def test_a_daily_chat_is_told_that_a_day_with_nothing_new_brings_no_digest(runtime: Runtime) -> None:
    """No empty digest is sent on a quiet day (the planner sends nothing when nothing is new), and nothing said so:
    a chat whose 08:00 digest did not come could not tell a quiet day from a broken bot. /subscribe and /settings
    say it where they say when the digest comes; an instant chat gets stories as they come and needs no such line."""
    subscribed = await runtime.run_command(inv("subscribe"))
    assert "a daily digest at 08:00 (UTC) with up to 8 stories" in subscribed.text
    assert "no digest on a day with nothing new" in subscribed.text, subscribed.text
    shown = await runtime.run_command(inv("settings"))
    assert "no digest on a day with nothing new" in shown.text, shown.text
    instant = await runtime.run_command(inv("settings", "mode", "instant"))
    assert "nothing new" not in instant.text, instant.text


async def test_a_topic_word_over_the_word_cap_is_told_the_topic_limit_not_a_larger_one(runtime: Runtime) -> None:
    """A 70-letter topic was told 'a word has 64 characters at most'; the user who cut it to 60 was then told '40
    characters at most'. A command that takes topics names the topic limit however long the word."""
    for command in ("latest", "subscribe"):
        answer = await runtime.run_command(inv(command, "Transcontinental" * 5))
        assert answer.error and "is too long for a topic: 40 characters at most" in answer.text, answer.text
        assert "64" not in answer.text, answer.text
    name = await runtime.run_command(inv("follow", "Velmora" * 12))
    assert "a word has 64 characters at most" in name.text, "a name is no topic: the word cap stands"


@pytest.mark.parametrize("platform", ["telegram", "discord", "console"])
def test_a_reply_names_only_options_its_command_has(platform: str) -> None:
    """'count must be a number' on Discord sends the user to the slash option `count`; an option the command does not
    register would be refused by Discord's client, so naming one fails on every platform, not only on Discord."""
    from bot.commands.registry import COMMANDS
    from bot.platforms import PLATFORMS

    spec = PLATFORMS[platform]
    latest = COMMANDS["latest"]
    shown = spec.argument(latest, "count", "N")
    assert shown == ("count" if spec.named_options else "N")
    assert spec.typed(COMMANDS["follow"], "name", "NAME") in ("/follow name:…", "/follow NAME")
    with pytest.raises(ValueError, match="/latest has no option 'cuont'"):
        spec.argument(latest, "cuont", "N")
    with pytest.raises(ValueError, match="/follow has no option 'person'"):
        spec.typed(COMMANDS["follow"], "person", "NAME")


async def test_digest_in_a_chat_that_never_had_one_does_not_speak_of_the_last_digest(runtime: Runtime) -> None:
    """A chat that had just subscribed, with nothing waiting, asked /digest and read "Nothing new since the last
    digest": it never had one. It is told since when; once it has had a digest, since that one."""
    await runtime.run_command(inv("subscribe", "since", "none"))
    first = await runtime.run_command(inv("digest"))
    assert first.text == "Nothing new since this chat subscribed. /latest shows the newest stories.", first.text
    add_articles(runtime.db, 2)
    assert "2 new stories" in (await runtime.run_command(inv("digest"))).text
    waiting = await runtime.run_command(inv("digest"))
    assert waiting.text.startswith("This chat's last digest is still on its way (1 message to send)"), waiting.text
    await runtime.sender.drain()
    again = await runtime.run_command(inv("digest"))
    assert again.text == "Nothing new since the last digest. /latest shows the newest stories.", again.text


async def test_digest_after_retention_still_knows_the_chat_had_digests(runtime: Runtime) -> None:
    """Retention deleted every sent message older than keep_days, and with them the only sign a chat ever had a
    digest: a chat quiet for a month asked /digest and was told "Nothing new since this chat subscribed", which
    was untrue. Each chat's newest sent message is kept, so the answer stays "since the last digest"."""
    from storage import articles as article_store

    add_articles(runtime.db, 2)
    await runtime.run_command(inv("subscribe"))
    assert "2 new stories" in (await runtime.run_command(inv("digest"))).text
    runtime.db.execute("UPDATE deliveries SET state = 'sent', created = '2020-01-01T00:00:00Z'")
    runtime.db.conn.commit()
    article_store.prune(runtime.db, "2021-01-01T00:00:00Z", "2026-11-27")
    quiet = await runtime.run_command(inv("digest"))
    assert "Nothing new since the last digest" in quiet.text, quiet.text


def test_a_chat_let_post_again_restarts_its_topics_without_reading_every_subscription(make_config) -> None:
    """A group whose right to post comes back brings back its forum topics' subscriptions too. They were found by
    reading every subscription of the platform, at each such notice, and a Discord server the bot is added back
    to sends one a channel: counted in SQLite's own steps (its progress handler), not by a clock."""
    from datetime import UTC, datetime

    from bot.commands.context import CommandContext
    from bot.commands.service import Commands
    from bot.platforms import PLATFORMS
    from storage import connect

    config = make_config()
    db = connect(config.storage.path)
    defaults = config.digest.subscription_defaults()
    db.conn.executemany(
        "INSERT INTO subscriptions (platform, chat_id, chat_kind, mode, time, timezone, max_items, created, since) "
        "VALUES ('telegram', ?, 'group', 'daily', '08:00', 'UTC', 8, '2026-01-01', '2026-01-01')",
        [(f"-100{n}",) for n in range(100_000, 105_000)])
    db.conn.commit()
    for chat_id in ("-100777", "-100777/5"):
        sub, _ = sub_store.subscribe(db, platform="telegram", chat_id=chat_id, chat_kind="group", defaults=defaults)
        sub_store.deactivate(db, sub.id, "Telegram: Forbidden: bot is not a member of the supergroup chat")
    commands = Commands(CommandContext(db=db, config=lambda: config, now=lambda: datetime.now(UTC),
                                       platform_spec=lambda name: PLATFORMS[name]))

    with sqlite_steps(db.conn) as steps:
        assert commands.may_post_again("telegram", "-100777")
    assert [s.active for s in (sub_store.get(db, "telegram", c) for c in ("-100777", "-100777/5")) if s] == [True, True]
    assert steps() < 40, f"{steps() * 1000} SQLite steps to restart one group among 5,000 subscriptions"
