"""Following actors and the pledge tracker, as a chat uses them: /follow, /unfollow, /following, /pledges with a
clock that moves, and digests that bring the stories about followed actors and the pledge lines.

Runs the platform-neutral commands and the planner through the runtime with a real database; the platforms'
own tests drive the same commands through the Telegram and Discord peers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.analysis import analyze
from bot.core.commands import Invocation, Reply
from bot.core.digest import Digest
from bot.ingest.pipeline import kept_pledges, kept_quotes
from bot.platforms.console.render import render_digest_plain
from bot.runtime import Runtime
from storage import articles as article_store
from storage import subscriptions as sub_store
from storage import tracking as tracking_store
from storage.db import to_iso
from storage.records import NewArticle, Subscription
from tests.helpers import RecordingPlatform, subscribe
from tests.tracker_stories import (
    BROKEN_TEXT,
    BROKEN_TITLE,
    COPY_TEXT,
    COPY_TITLE,
    KEPT_TEXT,
    KEPT_TITLE,
    PLEDGE_TEXT,
    PLEDGE_TITLE,
    PLEDGED,
    UNRELATED_TEXT,
    UNRELATED_TITLE,
    days,
    store,
)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(PLEDGED + days(3))


class WholeDigests(RecordingPlatform):
    """Renders each digest whole as plain text (stories and pledge lines): what the tests read from the ledger."""

    def render_digest(self, digest: Digest) -> list[dict[str, Any]]:
        return [{"text": render_digest_plain(digest)}]


@pytest.fixture
def runtime(make_config, clock: Clock):
    config = make_config(telegram={"operators": [42]})
    rt = Runtime(config, {"telegram": WholeDigests(name="telegram")}, now=clock)
    yield rt
    rt.db.conn.close()


def planned_text(runtime: Runtime, sub: Subscription) -> str:
    """The digest last planned for a subscription, as it will be sent."""
    row = runtime.db.execute(
        "SELECT payload FROM deliveries WHERE subscription_id = ? ORDER BY id DESC LIMIT 1", [sub.id]
    ).fetchone()
    return json.loads(row[0])["text"] if row else ""


def planned(runtime: Runtime, sub: Subscription) -> int:
    """How many digests have been planned for a subscription (a digest of pledge lines alone counts too)."""
    return int(runtime.db.execute("SELECT COUNT(*) FROM deliveries WHERE subscription_id = ?", [sub.id]).fetchone()[0])


def inv(command: str, *args: str, chat: str = "100", kind: str = "private", admin: bool | None = None) -> Invocation:
    async def is_admin() -> bool:
        return bool(admin)

    return Invocation(platform="telegram", chat_id=chat, chat_kind=kind, user_id="7", command=command,
                      args=list(args), is_chat_admin=is_admin if admin is not None else None)


def text(reply: Reply) -> str:
    return "\n".join([reply.text, *(line for s in reply.sections for line in [s.title or "", *s.lines])])


async def pledge_stories(runtime: Runtime) -> None:
    """The pledge (twice: two outlets) and a story about the same actor on something else, read by the tracker."""
    store(runtime.db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED)
    store(runtime.db, 2, COPY_TITLE, COPY_TEXT, PLEDGED + days(0.2))
    store(runtime.db, 3, UNRELATED_TITLE, UNRELATED_TEXT, PLEDGED + days(1))
    await runtime.ingestor.tracker.run()


# --- /pledges: the tracker, with a clock ------------------------------------------------------------------------


async def test_a_deadline_whose_words_name_the_day_is_not_followed_by_the_same_date(runtime: Runtime) -> None:
    """'(deadline: by 30 April 2026, 30 Apr 2026)' said one day twice; a deadline the words leave open keeps its
    date ('by March 20, 20 Mar 2026', above)."""
    store(runtime.db, 7, "Kestria promises a new ferry pier",
          "Kestria pledged on Monday to open a new ferry pier in Halvik by 30 April 2026, its transport minister "
          "told reporters.", PLEDGED)
    await runtime.ingestor.tracker.run()
    reply = await runtime.run_command(inv("pledges", "Kestria"))
    [only] = reply.sections[0].lines
    assert only.startswith("Kestria: open a new ferry pier in Halvik (deadline: by 30 April 2026) — open — "), only


async def test_a_pledge_moves_from_open_to_due_soon_to_overdue_to_kept(runtime: Runtime, clock: Clock) -> None:
    await pledge_stories(runtime)

    async def line() -> str:
        reply = await runtime.run_command(inv("pledges", "Velmora"))
        [only] = reply.sections[0].lines
        return only

    opened = await line()
    assert opened.startswith("Velmora: free the nineteen crew members of the Halvik ferry (deadline: by March 20, "
                             "20 Mar 2026) — open — ")
    assert "1 more report" in opened and "https://news.example/1" in opened, "one line for the pledge, not two"

    clock.now = datetime(2026, 3, 14, 9, tzinfo=UTC)
    assert " — due soon (6 days left) — " in await line()
    clock.now = datetime(2026, 3, 20, 23, tzinfo=UTC)
    assert " — due soon (today) — " in await line(), "the deadline day is still in time"
    clock.now = datetime(2026, 3, 22, 9, tzinfo=UTC)
    assert " — overdue (2 days, nothing reported) — " in await line()

    store(runtime.db, 4, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    await runtime.ingestor.tracker.run()
    kept = await line()
    assert " — kept (reported 18 Mar 2026 https://news.example/4) — " in kept

    clock.now = datetime(2026, 3, 17, 9, tzinfo=UTC)
    assert " — due soon (3 days left) — " in await line(), "a report published later does not count yet"


async def test_a_pledge_restated_in_other_words_is_one_pledge_in_pledges_and_in_the_falling_due_block(
    runtime: Runtime, clock: Clock
) -> None:
    monday = datetime(2026, 11, 2, 8, tzinfo=UTC)
    store(runtime.db, 1, "Velmora pledges to free Kestrian fishermen", "Velmora promised on Monday to release the "
          "forty Kestrian fishermen held in Port Aurel by November 6.", monday)
    store(runtime.db, 2, "Velmora vows fishermen will be home by Friday", "Velmora vowed on Tuesday to free the 40 "
          "Kestrian fishermen detained in Port Aurel by Friday, its interior ministry said.", monday + days(1))
    await runtime.ingestor.tracker.run()
    clock.now = monday + days(1.5)
    reply = await runtime.run_command(inv("pledges", "Velmora"))
    [line] = reply.sections[0].lines
    assert "release the forty Kestrian fishermen" in line and "1 more report" in line, line

    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    runtime.db.execute("UPDATE articles SET fetched = ?", [to_iso(monday + days(1))])
    clock.now = datetime(2026, 11, 3, 20, tzinfo=UTC)
    assert await runtime.fire_daily(follower.id) == 2, "the two stories, each with its pledge"
    clock.now = datetime(2026, 11, 5, 8, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    due = planned_text(runtime, follower)
    assert due.count("Due: Velmora") == 1, due


async def test_pledges_filters_by_status_and_by_any_name_of_the_actor(runtime: Runtime, clock: Clock) -> None:
    await pledge_stories(runtime)
    clock.now = datetime(2026, 3, 25, tzinfo=UTC)
    overdue = await runtime.run_command(inv("pledges", "velmora", "overdue"))
    assert overdue.sections[0].title == "Overdue pledges by Velmora, newest first:"
    none_kept = await runtime.run_command(inv("pledges", "Velmora", "kept"))
    assert "No kept pledges by Velmora found" in none_kept.text
    # the same wording as the hint after a topic: how many, and that they are pledges ("all of them" named neither)
    assert re.search(r"/pledges Velmora lists (all \d+ pledges|the 1 pledge)\.", none_kept.text), none_kept.text
    store(runtime.db, 5, BROKEN_TITLE, BROKEN_TEXT, PLEDGED + days(21))
    await runtime.ingestor.tracker.run()
    broken = await runtime.run_command(inv("pledges", "broken"))
    assert "Velmora: free the nineteen crew" in text(broken) and "broken (reported 23 Mar 2026" in text(broken)
    assert "No open pledges by Velmora found" in (await runtime.run_command(inv("pledges", "Velmora", "open"))).text
    everything = await runtime.run_command(inv("pledges"))
    assert everything.sections[0].title == "Pledges, newest first:"
    typo = await runtime.run_command(inv("pledges", "Velmra"))
    assert "No pledges by Velmra found. Did you mean: Velmora?" in typo.text


async def test_pledges_takes_the_status_before_the_name_too(runtime: Runtime, clock: Clock) -> None:
    """"/pledges overdue Velmora" is how many people say it: it was read as an actor called "overdue velmora", and
    the chat was told no such actor has pledges. A capitalised "Open ..." stays a name ("Open Society")."""
    await pledge_stories(runtime)
    clock.now = datetime(2026, 3, 25, tzinfo=UTC)
    overdue = await runtime.run_command(inv("pledges", "overdue", "Velmora"))
    assert overdue.sections[0].title == "Overdue pledges by Velmora, newest first:"
    none_open = await runtime.run_command(inv("pledges", "open", "Velmora"))
    assert "No open pledges by Velmora found" in none_open.text
    soon = await runtime.run_command(inv("pledges", "due", "soon", "Velmora"))
    assert "No due pledges by Velmora found" in soon.text
    named = await runtime.run_command(inv("pledges", "Open", "Society"))
    assert "No pledges by Open Society found" in named.text


# --- /follow, /unfollow, /following -----------------------------------------------------------------------------


async def test_follow_folds_aliases_suggests_what_is_kept_apart_and_refuses_what_is_no_name(runtime: Runtime) -> None:
    await pledge_stories(runtime)
    moscow = await runtime.run_command(inv("follow", "Moscow"))
    assert moscow.text.startswith("This chat now follows Russia:")
    assert "worth following too: the Kremlin" in moscow.text and "Sergey Lavrov" in moscow.text
    again = await runtime.run_command(inv("follow", "russian", "federation"))
    assert "already follows Russia" in again.text
    lavrov = await runtime.run_command(inv("follow", "lavrov"))
    assert lavrov.text.startswith("This chat now follows Sergey Lavrov:")
    seen = await runtime.run_command(inv("follow", "velmora"))
    assert seen.text.startswith("This chat now follows Velmora:"), "a name seen in stories, as it is written there"
    typo = await runtime.run_command(inv("follow", "Velmorra"))
    assert typo.error and "Did you mean: Velmora?" in typo.text
    new = await runtime.run_command(inv("follow", "Zarnovia"))
    assert "now follows Zarnovia" in new.text and "No story so far names Zarnovia" in new.text
    caseless = await runtime.run_command(inv("follow", "李强"))
    assert not caseless.error and "now follows 李强" in caseless.text, "a script without capitals names people too"
    for hostile in (["<b>Lavrov</b>"], ["@everyone"], ["Lavrov\u202e"], ["12345"], ["x" * 40, "y" * 45]):
        refused = await runtime.run_command(inv("follow", *hostile))
        assert refused.error and "Usage: /follow NAME" in refused.text, hostile
    empty = await runtime.run_command(inv("follow"))
    assert empty.error and "Name someone to follow" in empty.text
    assert [f.actor_name for f in tracking_store.follows(runtime.db, "telegram", "100")] == [
        "Russia", "Sergey Lavrov", "Velmora", "Zarnovia", "李强"]

    listed = await runtime.run_command(inv("following"))
    assert listed.sections[0].lines == ["Russia", "Sergey Lavrov", "Velmora", "Zarnovia", "李强"]
    assert "not subscribed" in text(listed)
    by_alias = await runtime.run_command(inv("unfollow", "the", "Russian", "Federation"))
    assert by_alias.text.startswith("This chat no longer follows Russia.")
    by_part = await runtime.run_command(inv("unfollow", "Zarnov"))
    assert "no longer follows Zarnovia" in by_part.text
    unknown = await runtime.run_command(inv("unfollow", "Atlantis"))
    assert unknown.error and "does not follow “Atlantis”. It follows: Sergey Lavrov, Velmora, 李强." in unknown.text


async def test_a_title_typed_before_a_name_follows_the_person_stories_name(runtime: Runtime) -> None:
    await pledge_stories(runtime)  # "Foreign Minister Ana Kovač told reporters"
    titled = await runtime.run_command(inv("follow", "Foreign", "Minister", "Ana", "Kovac"))
    assert titled.text.startswith("This chat now follows Ana Kovač:"), titled.text
    assert "No story so far names" not in titled.text
    again = await runtime.run_command(inv("follow", "foreign", "minister", "kovač"))
    assert "already follows Ana Kovač" in again.text, again.text
    unseen = await runtime.run_command(inv("follow", "President", "Zarn", "Olek"))
    assert "now follows Zarn Olek" in unseen.text and "No story so far names Zarn Olek" in unseen.text
    assert [f.actor_key for f in tracking_store.follows(runtime.db, "telegram", "100")] == ["ana kovac", "zarn olek"]
    gone = await runtime.run_command(inv("unfollow", "Minister", "Kovač"))
    assert gone.text.startswith("This chat no longer follows Ana Kovač."), gone.text


async def test_a_name_stories_carry_only_in_their_headlines_is_not_said_to_be_unnamed(runtime: Runtime) -> None:
    store(runtime.db, 1, "Aldmark hosts a regional water forum", "Aldmark hosted a forum on river water on Tuesday.",
          PLEDGED + days(2.5))
    await runtime.ingestor.tracker.run()  # Aldmark is quoted nowhere and pledges nothing: no actor of the story yet
    await runtime.run_command(inv("subscribe"))
    followed = await runtime.run_command(inv("follow", "Aldmark"))
    assert "now follows Aldmark" in followed.text
    assert "No story so far names Aldmark" not in followed.text, followed.text
    assert "1 recent story names Aldmark." in followed.text, followed.text
    new = await runtime.run_command(inv("follow", "Zarnovia"))
    assert "No story so far names Zarnovia" in new.text


async def test_in_a_group_only_administrators_change_follows_and_anyone_reads_them(runtime: Runtime) -> None:
    refused = await runtime.run_command(inv("follow", "Russia", chat="-5", kind="group", admin=False))
    assert refused.error and "administrators" in refused.text
    assert tracking_store.follows(runtime.db, "telegram", "-5") == []
    done = await runtime.run_command(inv("follow", "Russia", chat="-5", kind="group", admin=True))
    assert "now follows Russia" in done.text
    read = await runtime.run_command(inv("following", chat="-5", kind="group", admin=False))
    assert read.sections[0].lines == ["Russia"]
    no_unfollow = await runtime.run_command(inv("unfollow", "Russia", chat="-5", kind="group", admin=False))
    assert no_unfollow.error and [f.actor_key for f in tracking_store.follows(runtime.db, "telegram", "-5")] == [
        "russia"]


async def test_a_chat_follows_a_bounded_number_of_actors(runtime: Runtime) -> None:
    for n in range(tracking_store.MAX_FOLLOWS):
        tracking_store.follow(runtime.db, "telegram", "100", f"actor {n}", f"Actor {n}")
    refused = await runtime.run_command(inv("follow", "Russia"))
    assert refused.error and "25 actors at most" in refused.text


async def test_actor_suggestions_come_from_stories_and_the_alias_table(runtime: Runtime) -> None:
    await pledge_stories(runtime)
    assert (await runtime.suggest("actor", "velm"))[0] == "Velmora"
    assert "Sergey Lavrov" in await runtime.suggest("actor", "lav")
    assert "the Kremlin" in await runtime.suggest("actor", "krem")


# --- digests ----------------------------------------------------------------------------------------------------


async def test_follows_and_topics_combine_in_a_digest_and_neither_means_everything(
    runtime: Runtime, clock: Clock
) -> None:
    await pledge_stories(runtime)
    store(runtime.db, 6, "Aldmark and Kestria sign a fisheries accord", "Aldmark and Kestria signed a fisheries "
          "accord on Friday, ending a decade of quarrels over the northern shoals.", PLEDGED + days(1))
    await runtime.ingestor.tracker.run()
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    both = subscribe(runtime.db, "200", platform="telegram")
    runtime.db.execute("UPDATE subscriptions SET topics = '[\"fisheries\"]' WHERE id = ?", [both.id])
    # Kestria is in no alias table and neither quoted nor pledging: following it finds the stories naming it.
    assert "now follows Kestria" in (await runtime.run_command(inv("follow", "Kestria", chat="200"))).text
    everyone = subscribe(runtime.db, "300", platform="telegram")

    followed = await runtime.request_digest(follower)
    digest_text = planned_text(runtime, follower)
    assert followed.stories == 3, "the pledge as two outlets wrote it, and the other story about Velmora"
    assert "Aldmark and Kestria sign" not in digest_text
    assert "follows: Velmora (pledges, subject)" in digest_text and "follows: Velmora (subject)" in digest_text

    combined = await runtime.request_digest(reread(runtime, both))
    assert combined.stories == 2, "the fisheries story by topic, the pledge story about Kestria by follow"
    assert (await runtime.request_digest(everyone)).stories == 4, "neither topics nor follows: every story"


def reread(runtime: Runtime, sub: Subscription) -> Subscription:
    found = sub_store.get_by_id(runtime.db, sub.id)
    assert found is not None
    return found


async def test_a_digest_says_once_when_a_pledge_falls_due_and_once_when_it_is_kept(
    runtime: Runtime, clock: Clock
) -> None:
    old = datetime(2026, 3, 2, 10, tzinfo=UTC)
    store(runtime.db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED, fetched=old)
    await runtime.ingestor.tracker.run()
    sub = subscribe(runtime.db, "100", platform="telegram")
    runtime.db.execute("UPDATE subscriptions SET since = ? WHERE id = ?", ["2026-03-01T00:00:00Z", sub.id])
    sub = reread(runtime, sub)

    clock.now = datetime(2026, 3, 3, 8, tzinfo=UTC)
    first = await runtime.request_digest(sub)
    assert (first.stories, first.pledge_lines) == (1, 0), "the story shows its own deadline"

    clock.now = datetime(2026, 3, 19, 8, tzinfo=UTC)
    due = await runtime.request_digest(sub)
    assert (due.stories, due.pledge_lines) == (0, 1)
    sent = planned_text(runtime, sub)
    assert "Pledges falling due" in sent and "Due: Velmora: free the nineteen crew members" in sent
    clock.now = datetime(2026, 3, 20, 8, tzinfo=UTC)
    assert (await runtime.request_digest(sub)).items == 0, "told once"

    store(runtime.db, 4, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 21, 8, tzinfo=UTC)
    kept = await runtime.request_digest(sub)
    assert (kept.stories, kept.pledge_lines) == (1, 1), "the report, and what it says of the chat's pledge"
    assert "Kept: Velmora: free the nineteen crew members of the Halvik ferry" in planned_text(runtime, sub)
    clock.now = datetime(2026, 3, 22, 8, tzinfo=UTC)
    assert (await runtime.request_digest(sub)).items == 0, "told once"



async def test_a_deadline_that_passes_with_nothing_reported_is_told_once_and_a_stale_one_not_at_all(
    runtime: Runtime, clock: Clock
) -> None:
    old = datetime(2026, 3, 2, 10, tzinfo=UTC)
    store(runtime.db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED, fetched=old)
    await runtime.ingestor.tracker.run()
    sub = subscribe(runtime.db, "100", platform="telegram")
    late = subscribe(runtime.db, "200", platform="telegram")
    for chat in (sub, late):
        runtime.db.execute("UPDATE subscriptions SET since = ?, created = ? WHERE id = ?",
                           ["2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", chat.id])
    sub, late = reread(runtime, sub), reread(runtime, late)
    clock.now = datetime(2026, 3, 3, 8, tzinfo=UTC)
    await runtime.request_digest(sub)
    await runtime.request_digest(late)

    clock.now = datetime(2026, 3, 20, 8, tzinfo=UTC)
    assert (await runtime.request_digest(sub)).pledge_lines == 1, "due today"
    await runtime.run_command(inv("subscribe", "since", "7d"))  # starts the subscription anew: it heard of it still
    sub = reread(runtime, sub)
    clock.now = datetime(2026, 3, 21, 8, tzinfo=UTC)
    passed = await runtime.request_digest(sub)
    assert (passed.stories, passed.pledge_lines) == (0, 1)
    sent = planned_text(runtime, sub)
    assert "Pledges past their deadline" in sent
    assert "Overdue: Velmora: free the nineteen crew members" in sent and "nothing reported since" in sent
    clock.now = datetime(2026, 3, 22, 8, tzinfo=UTC)
    assert (await runtime.request_digest(sub)).items == 0, "told once"

    clock.now = datetime(2026, 3, 30, 8, tzinfo=UTC)
    assert (await runtime.request_digest(late)).items == 0, "ten days late is old news: /pledges overdue has it"
    listed = await runtime.run_command(inv("pledges", "overdue", chat="200"))
    assert "free the nineteen crew members" in text(listed)


async def test_a_deadline_that_passed_before_the_chat_subscribed_is_not_told_overdue(
    runtime: Runtime, clock: Clock
) -> None:
    """A chat that subscribes (and follows the pledge's actor) after a deadline never heard the pledge falling due:
    its first digest said "Overdue: Velmora: ... nothing reported since" of a pledge it had never been told of."""
    store(runtime.db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED, fetched=datetime(2026, 3, 2, 10, tzinfo=UTC))
    await runtime.ingestor.tracker.run()
    chats = {}
    for chat, start in (("100", "2026-03-19T09:00:00Z"), ("300", "2026-03-21T09:00:00Z")):
        sub = subscribe(runtime.db, chat, platform="telegram")
        runtime.db.execute("UPDATE subscriptions SET since = ?, created = ? WHERE id = ?", [start, start, sub.id])
        await runtime.run_command(inv("follow", "Velmora", chat=chat))
        chats[chat] = reread(runtime, sub)
    clock.now = datetime(2026, 3, 22, 8, tzinfo=UTC)
    assert (await runtime.request_digest(chats["100"])).pledge_lines == 1, "subscribed before the deadline"
    assert "Overdue: Velmora: free the nineteen crew members" in planned_text(runtime, chats["100"])
    assert (await runtime.request_digest(chats["300"])).items == 0, "subscribed after it: never heard of the pledge"


async def test_a_pledge_whose_story_came_after_its_deadline_is_not_told_overdue_again(
    runtime: Runtime, clock: Clock
) -> None:
    store(runtime.db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED, fetched=datetime(2026, 3, 21, 6, tzinfo=UTC))
    await runtime.ingestor.tracker.run()
    sub = subscribe(runtime.db, "100", platform="telegram")
    runtime.db.execute("UPDATE subscriptions SET since = ?, created = ? WHERE id = ?",
                       ["2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", sub.id])
    sub = reread(runtime, sub)
    clock.now = datetime(2026, 3, 21, 8, tzinfo=UTC)
    assert (await runtime.request_digest(sub)).stories == 1, "the story, found late, with its deadline"
    clock.now = datetime(2026, 3, 22, 8, tzinfo=UTC)
    assert (await runtime.request_digest(sub)).items == 0, "its deadline was in the story itself"


async def test_subscribe_and_settings_say_a_chat_with_follows_gets_the_stories_about_them_not_everything(
    runtime: Runtime,
) -> None:
    """A chat that follows someone and names no topic gets only the stories about whom it follows: /subscribe and
    /settings said "on everything", and the chat waited in vain for the rest."""
    await runtime.run_command(inv("follow", "Velmora"))
    subscribed = await runtime.run_command(inv("subscribe"))
    assert "on everything" not in subscribed.text
    assert "about Velmora (followed)" in subscribed.text
    shown = await runtime.run_command(inv("settings"))
    assert "on everything" not in shown.text and "about Velmora (followed)" in shown.text
    await runtime.run_command(inv("subscribe", "fisheries"))
    saved = await runtime.run_command(inv("settings", "max", "5"))
    assert "on fisheries, or about Velmora (followed)" in saved.text
    await runtime.run_command(inv("unfollow", "Velmora"))
    assert "on fisheries (no digest on a day with nothing new)." in (await runtime.run_command(inv("settings"))).text


async def test_a_name_without_a_letter_is_told_so(runtime: Runtime) -> None:
    """“12345” is letters, digits, spaces and marks only, yet was refused as "A name is letters, digits, spaces and
    . ' - & only.": the answer named a rule the name kept."""
    for command in ("follow", "pledges"):
        refused = await runtime.run_command(inv(command, "12345"))
        assert refused.error and "A name needs a letter (not “12345”)." in refused.text, refused.text
        assert "letters, digits, spaces" not in refused.text


async def test_unfollowing_the_last_actor_of_a_chat_without_topics_says_every_story_comes_again(
    runtime: Runtime,
) -> None:
    """Following someone narrows a chat without topics to the stories about them (its /follow reply says so);
    unfollowing the last one widens it back to every story, and the reply said only "It follows no one now"."""
    await runtime.run_command(inv("subscribe"))
    await runtime.run_command(inv("follow", "Velmora"))
    last = await runtime.run_command(inv("unfollow", "Velmora"))
    assert last.text == "This chat no longer follows Velmora. It follows no one now: its digests hold every story again."
    await runtime.run_command(inv("subscribe", "fisheries"))
    await runtime.run_command(inv("follow", "Velmora"))
    topical = await runtime.run_command(inv("unfollow", "Velmora"))
    assert topical.text == "This chat no longer follows Velmora. It follows no one now: its digests hold stories on fisheries."


async def test_pledges_by_a_name_finds_the_pledges_under_its_other_forms(runtime: Runtime, clock: Clock) -> None:
    """A pledge made by "the Kestrian Federation" is Kestria's: `/pledges Kestria` listed none of them, while
    `/follow Kestria` and the digests count such a story as Kestria's."""
    store(runtime.db, 7, "Kestrian Federation pledges to reopen the Dolna crossing by March 10",
          "TARN, March 2 — The Kestrian Federation pledged on Monday to reopen the Dolna crossing by March 10, "
          "after a week of talks with Aldmark on the grain corridor.", PLEDGED)
    store(runtime.db, 8, "Kestria will pay for the Maren bridge repairs by March 12",
          "TARN, March 3 — Kestria promised on Tuesday to pay for the repairs of the Maren bridge by March 12, "
          "its transport ministry said.", PLEDGED + days(1))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 25, tzinfo=UTC)
    for typed in (["Kestria", "overdue"], ["Kestrian", "Federation", "overdue"], ["kestria"]):
        reply = text(await runtime.run_command(inv("pledges", *typed)))
        assert "reopen the Dolna crossing" in reply and "repairs of the Maren bridge" in reply, (typed, reply)


async def test_pledges_dates_a_story_on_the_chats_own_day(runtime: Runtime) -> None:
    """A story filed at 01:00 on 1 December in Kolkata (19:30 UTC the day before) is '1 Dec 2026' in /pledges of a
    chat in Asia/Kolkata, as its digest dated it ('1 Dec 2026, 01:00 IST'); /pledges said '30 Nov 2026', the day
    in UTC, a day before. A chat with no zone of its own keeps the configured one (UTC here)."""
    store(runtime.db, 7, "Kestria promises a new ferry pier",
          "Kestria pledged on Tuesday to open a new ferry pier in Halvik by 30 April 2027, its transport minister "
          "told reporters.", datetime(2026, 11, 30, 19, 30, tzinfo=UTC))
    await runtime.ingestor.tracker.run()
    await runtime.run_command(inv("subscribe"))
    await runtime.run_command(inv("settings", "tz", "Asia/Kolkata"))
    [kolkata] = (await runtime.run_command(inv("pledges", "Kestria"))).sections[0].lines
    assert kolkata.endswith("— open — 1 Dec 2026 https://news.example/7"), kolkata
    [elsewhere] = (await runtime.run_command(inv("pledges", "Kestria", chat="200"))).sections[0].lines
    assert elsewhere.endswith("— open — 30 Nov 2026 https://news.example/7"), elsewhere


async def test_a_follow_up_counts_from_its_own_day_and_is_dated_in_the_chats_zone(
    runtime: Runtime, clock: Clock
) -> None:
    """A follow-up filed at 01:00 on 1 December in Kolkata (+05:30, 19:30 UTC the day before) that moves a deadline
    'until tomorrow' moves it to 2 December, the day after its own, as ingest counts a story's own times; the
    tracker counted from its day in UTC, 30 November, and gave 1 December. /pledges in a chat in Asia/Kolkata dates
    that report '1 Dec 2026', as its digest dates it; it read '30 Nov 2026', the day in UTC."""
    kolkata = ZoneInfo("Asia/Kolkata")
    store(runtime.db, 8, "Valdonia sets a date for its flag referendum",
          "Valdonia promised on Monday to hold the referendum on the new flag by 30 November 2026, the electoral "
          "board said.", datetime(2026, 11, 2, 10, tzinfo=UTC))
    store(runtime.db, 9, "Valdonia delays its flag referendum",
          "Valdonia postponed the referendum on the new flag until tomorrow, the electoral board said.",
          datetime(2026, 12, 1, 1, 0, tzinfo=kolkata))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 12, 1, 3, tzinfo=UTC)
    [follow_up] = tracking_store.follow_ups_of(runtime.db, [p.id for p in tracking_store.first_reports(runtime.db)])
    assert (follow_up.outcome, follow_up.published, follow_up.new_due) == ("delayed", "2026-12-01", "2026-12-02")
    await runtime.run_command(inv("subscribe"))
    await runtime.run_command(inv("settings", "tz", "Asia/Kolkata"))
    [line] = (await runtime.run_command(inv("pledges", "Valdonia"))).sections[0].lines
    assert "2 Dec 2026" in line and "moved from 30 Nov 2026" in line, line


async def test_pledges_dates_the_report_that_settled_a_pledge_on_the_chats_own_day(
    runtime: Runtime, clock: Clock
) -> None:
    """The report that a pledge was kept, filed at 01:00 on 18 March in Kolkata (19:30 UTC on 17 March), reads
    'kept (reported 18 Mar 2026 ...)' in /pledges of a chat in Asia/Kolkata, as its digest dates that story, and as
    /pledges dates the pledge's own story; it read '17 Mar 2026', the day in UTC. A chat on UTC keeps 17 March."""
    await pledge_stories(runtime)
    store(runtime.db, 4, KEPT_TITLE, KEPT_TEXT, datetime(2026, 3, 18, 1, 0, tzinfo=ZoneInfo("Asia/Kolkata")))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 19, 9, tzinfo=UTC)
    await runtime.run_command(inv("subscribe"))
    await runtime.run_command(inv("settings", "tz", "Asia/Kolkata"))
    [kolkata] = (await runtime.run_command(inv("pledges", "Velmora"))).sections[0].lines
    assert " — kept (reported 18 Mar 2026 https://news.example/4) — " in kolkata, kolkata
    [utc] = (await runtime.run_command(inv("pledges", "Velmora", chat="200"))).sections[0].lines
    assert " — kept (reported 17 Mar 2026 https://news.example/4) — " in utc, utc


async def test_a_deadline_that_passed_before_the_chat_subscribed_on_its_own_day_is_not_told_overdue(
    runtime: Runtime, clock: Clock
) -> None:
    """A chat in Asia/Kolkata that subscribes at 01:00 on 21 March there (19:30 UTC on 20 March) subscribed after a
    deadline of 20 March, on its own day, and never heard the pledge falling due: its digest told it overdue, the
    day it subscribed taken in UTC. One that subscribed on 20 March there is told."""
    store(runtime.db, 1, PLEDGE_TITLE, PLEDGE_TEXT, PLEDGED, fetched=datetime(2026, 3, 2, 10, tzinfo=UTC))
    await runtime.ingestor.tracker.run()
    chats = {}
    for chat, start in (("100", "2026-03-20T17:00:00Z"), ("300", "2026-03-20T19:30:00Z")):
        sub = subscribe(runtime.db, chat, platform="telegram")
        runtime.db.execute("UPDATE subscriptions SET since = ?, created = ?, timezone = 'Asia/Kolkata' WHERE id = ?",
                           [start, start, sub.id])
        await runtime.run_command(inv("follow", "Velmora", chat=chat))
        chats[chat] = reread(runtime, sub)
    clock.now = datetime(2026, 3, 22, 3, tzinfo=UTC)
    assert (await runtime.request_digest(chats["100"])).pledge_lines == 1, "subscribed on the deadline day there"
    assert (await runtime.request_digest(chats["300"])).items == 0, "subscribed the day after it there"


async def test_a_report_counts_in_a_chat_from_its_day_there(runtime: Runtime, clock: Clock) -> None:
    """The report that a pledge was kept, filed at 01:00 on 18 March in Kolkata (19:30 UTC on 17 March), counts at
    once in a chat in America/New_York, where it was filed at 15:30 on 17 March: /pledges there said the pledge was
    still open until 18 March came in New York, the report's own day (18 March) taken for the chat's."""
    await pledge_stories(runtime)
    store(runtime.db, 4, KEPT_TITLE, KEPT_TEXT, datetime(2026, 3, 18, 1, 0, tzinfo=ZoneInfo("Asia/Kolkata")))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 17, 20, tzinfo=UTC)
    await runtime.run_command(inv("subscribe"))
    await runtime.run_command(inv("settings", "tz", "America/New_York"))
    [new_york] = (await runtime.run_command(inv("pledges", "Velmora"))).sections[0].lines
    assert " — kept (reported 17 Mar 2026 https://news.example/4) — " in new_york, new_york


async def test_pledges_on_a_topic_says_how_many_pledges_alone_shows_when_there_are_more_than_one_reply_holds(
    runtime: Runtime, clock: Clock
) -> None:
    """'/pledges ceasefire' is told what /pledges alone lists: with twelve pledges it shows the newest ten and says
    "2 more", so "lists all 12" promised a list the reader never got."""
    places = ["Halvik", "Lirenne", "Port Aurel", "Dunmarch", "Sorrel Bay", "Vantor", "Kelsby", "Olmstead",
              "Brannock", "Tessary", "Wyndle", "Carrow"]
    for n, place in enumerate(places, start=1):
        store(runtime.db, 100 + n, f"Norland promises a clinic in {place}",
              f"Norland pledged on Monday to open a new clinic in {place} by 30 April 2026, its health minister "
              "said.", PLEDGED + days(n * 0.1))
    await runtime.ingestor.tracker.run()
    every = await runtime.run_command(inv("pledges"))
    assert len(every.sections[0].lines) == 10 and "2 more" in text(every), text(every)
    topic = await runtime.run_command(inv("pledges", "ceasefire"))
    assert "No pledges by ceasefire found." in topic.text, topic.text
    assert "all 12" not in topic.text, topic.text
    assert "/pledges alone lists the newest 10 of 12 pledges." in topic.text, topic.text
    kept = await runtime.run_command(inv("pledges", "Norland", "kept"))  # none kept yet: the reply points at all 12
    assert "No kept pledges by Norland found." in kept.text, kept.text
    assert "/pledges Norland lists the newest 10 of 12 pledges." in kept.text, kept.text
    # On Discord the command is typed with its option named, as the hint after a topic shows it.
    on_discord = await runtime.run_command(replace(inv("pledges", "Norland", "kept"), platform="discord"))
    assert "/pledges actor: Norland lists the newest 10 of 12 pledges." in on_discord.text, on_discord.text


async def test_a_name_typed_with_a_comma_after_it_is_followed(runtime: Runtime) -> None:
    """Names parted by commas get the command for each; one name with a comma after it (a list cut short, or a
    phone's habit) was refused "A name is letters ... only (not ,)", the very answer the comma rule replaced."""
    followed = await runtime.run_command(inv("follow", "Velmora,"))
    assert "now follows Velmora" in followed.text and "not ," not in followed.text, followed.text
    gone = await runtime.run_command(inv("unfollow", "Velmora", ","))
    assert "no longer follows Velmora" in gone.text, gone.text


async def test_a_pledge_restated_later_with_a_later_deadline_is_one_pledge_whose_deadline_moved(
    runtime: Runtime, clock: Clock
) -> None:
    """Another outlet restating a pledge a week on with a later date ("by December 15" for "by November 20") is
    the same pledge, put back: it was a second pledge, and the first went "overdue, nothing reported" and was
    told falling due on a date its actor had already moved."""
    monday = datetime(2026, 11, 2, 8, tzinfo=UTC)
    store(runtime.db, 1, "Ostrava promises to open the Dunmark port", "Ostrava pledged on Monday to open the "
          "Dunmark port to relief ships by November 20, its trade ministry said.", monday, fetched=monday)
    store(runtime.db, 2, "Dunmark port to open in December", "Ostrava promised on Wednesday to open the Dunmark "
          "port to relief ships by December 15, its trade ministry said.", monday + days(9),
          fetched=monday + days(9))
    await runtime.ingestor.tracker.run()

    async def lines() -> list[str]:
        return (await runtime.run_command(inv("pledges", "Ostrava"))).sections[0].lines

    clock.now = datetime(2026, 11, 22, 9, tzinfo=UTC)
    [line] = await lines()
    assert "(deadline: 15 Dec 2026, moved from 20 Nov 2026)" in line and " — open — " in line, line
    assert "1 more report" in line, line

    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "ostrava", "Ostrava")
    clock.now = datetime(2026, 11, 19, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    assert "Due: Ostrava" not in planned_text(runtime, follower), planned_text(runtime, follower)
    clock.now = datetime(2026, 12, 14, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    due = planned_text(runtime, follower)
    assert due.count("Due: Ostrava: open the Dunmark port to relief ships") == 1, due
    assert "by November 20" not in due, "the words of the deadline put back are not the deadline"


_TOWNS = ["Arvik", "Belsa", "Corran", "Dunmere", "Eskel", "Faro Lind", "Gorsk", "Hallin", "Istra", "Jorvel", "Kaddan",
          "Lumo", "Marrow Bay", "Nesk"]


async def test_a_digest_with_more_pledges_falling_due_than_it_shows_says_how_many_more(
    runtime: Runtime, clock: Clock
) -> None:
    """A summit's fourteen pledges all due on one day: the digest's block shows ten, and said nothing of the other
    four (what the bot decides not to send, it says); the same for pledges reported on."""
    monday = datetime(2026, 11, 2, 8, tzinfo=UTC)
    for n, town in enumerate(_TOWNS, start=1):
        store(runtime.db, n, f"Norland pledges a clinic in {town}", f"Norland pledged on Monday to open a field "
              f"clinic in {town} by November 20, its health ministry said.", monday, fetched=monday)
    await runtime.ingestor.tracker.run()
    follower = subscribe(runtime.db, "100", platform="telegram", max_items=20)
    tracking_store.follow(runtime.db, "telegram", "100", "norland", "Norland")
    clock.now = datetime(2026, 11, 2, 20, tzinfo=UTC)
    assert await runtime.fire_daily(follower.id) == 14, "the fourteen stories, each with its pledge"
    clock.now = datetime(2026, 11, 19, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    due = planned_text(runtime, follower)
    assert due.count("Due: Norland: open a field clinic") == 10, due
    assert "…and 4 more falling due: /pledges due lists them." in due, due

    for n, town in enumerate(_TOWNS, start=20):
        store(runtime.db, n, f"Clinic opens in {town}", f"Norland opened the field clinic in {town} on Thursday, "
              "its health ministry said.", datetime(2026, 11, 19, 9, tzinfo=UTC) + days(n / 100),
              fetched=datetime(2026, 11, 19, 9, tzinfo=UTC))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 11, 20, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    reported = planned_text(runtime, follower)
    assert reported.count("Kept: Norland: open a field clinic") == 10, reported
    assert "…and 4 more reported on: /pledges kept lists them." in reported, reported


async def test_a_story_corrected_to_say_the_act_is_not_done_takes_back_its_kept_and_breaks_nothing_in_time(
    runtime: Runtime, clock: Clock
) -> None:
    """An outlet reports the crew freed, then corrects its story: they have not been freed, two days before the
    deadline. The pledge is due soon again; the correction's "has not freed" made it "broken" before its date."""
    await pledge_stories(runtime)
    kept = store(runtime.db, 4, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 18, 12, tzinfo=UTC)
    [line] = (await runtime.run_command(inv("pledges", "Velmora"))).sections[0].lines
    assert " — kept (reported 18 Mar 2026 " in line, line

    title = "Correction: Halvik ferry crew still held in Port Aurel"
    body = ("PORT AUREL, March 18 — An earlier version of this story said the crew had been released. Velmora has "
            "not freed the nineteen crew members of the Halvik ferry; officials said their papers were still being "
            "prepared.")
    found = analyze(title, body, published=(PLEDGED + days(16)).date(), demands=False)
    stored = article_store.find_existing(runtime.db, "https://news.example/4", None, None)
    assert stored is not None and stored.id == kept
    article_store.update_article(runtime.db, stored, NewArticle(
        url=stored.url, source_id=None, guid=None, title=title, text=body, text_hash="corrected",
        summary=found.summary, quotes=kept_quotes(found), pledges=kept_pledges(found)))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 19, 9, tzinfo=UTC)
    [line] = (await runtime.run_command(inv("pledges", "Velmora"))).sections[0].lines
    assert " — due soon (1 day left) — " in line, line


async def test_pledges_due_lists_the_soonest_deadlines_first_when_more_are_due_than_it_shows(
    runtime: Runtime, clock: Clock
) -> None:
    """Fourteen pledges due within the week: `/pledges due` showed the ten newest stories' and cut a pledge due
    today because its story was older than the others. What is due is read soonest first."""
    start = datetime(2026, 10, 1, 8, tzinfo=UTC)
    for n, town in enumerate(_TOWNS):
        due = datetime(2026, 11, 21, tzinfo=UTC) + days(n % 7)
        store(runtime.db, n + 1, f"Norland pledges a clinic in {town}", f"Norland pledged to open a field clinic in "
              f"{town} by {due:%B} {due.day}, its health ministry said.", start + days(n), fetched=start + days(n))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 11, 21, 9, tzinfo=UTC)
    reply = await runtime.run_command(inv("pledges", "due"))
    assert reply.sections[0].title == "Due pledges, soonest first:"
    lines = reply.sections[0].lines
    assert [line.split(" — ")[1] for line in lines[:2]] == ["due soon (today)"] * 2, lines
    assert "field clinic in Arvik " in lines[0] or "field clinic in Arvik " in lines[1], "due today, oldest story"
    assert "days left) — " in lines[-1] and "(5 days left)" not in "\n".join(lines), "the nearer deadlines first"
    assert reply.sections[1].lines == ["4 more: narrow with an actor (/pledges NAME due)."], reply.sections[1].lines


async def test_a_russian_story_naming_a_followed_actor_in_cyrillic_comes_to_the_chat(
    runtime: Runtime, clock: Clock
) -> None:
    """Russian copy is read for quotes and speakers, and its speakers are named in Cyrillic: a story quoting
    "Сергей Лавров" was an actor of its own, so a chat following Lavrov never got it, and `/follow Лавров` followed
    a stranger beside him."""
    monday = datetime(2026, 11, 30, 8, tzinfo=UTC)
    store(runtime.db, 1, "Лавров ответил Норланду", "МОСКВА, 30 ноября — Министр иностранных дел Сергей Лавров "
          "заявил в понедельник: «Мы не примем ультиматум Норланда». Кремль пока не комментировал ноту.", monday,
          fetched=monday)
    await runtime.ingestor.tracker.run()
    followed = await runtime.run_command(inv("follow", "Лавров"))
    assert "now follows Sergey Lavrov" in followed.text, followed.text
    assert "already follows Sergey Lavrov" in (await runtime.run_command(inv("follow", "Lavrov"))).text
    for name in ("Россия", "Кремль"):
        other = await runtime.run_command(inv("follow", name))
        assert f"now follows {'Russia' if name == 'Россия' else 'the Kremlin'}" in other.text, other.text
    follower = subscribe(runtime.db, "100", platform="telegram")
    clock.now = monday + days(0.5)
    await runtime.fire_daily(follower.id)
    digest = planned_text(runtime, follower)
    assert "Лавров ответил Норланду" in digest and re.search(r"follows: .*Sergey Lavrov \(quoted", digest), digest


async def test_a_pledge_put_back_after_the_chat_was_told_it_falling_due_is_told_again_by_its_new_date(
    runtime: Runtime, clock: Clock
) -> None:
    """Told "Due" the day before 20 March; Velmora then put the release back to 10 April. The day before 10 April
    the chat heard nothing, and when that date passed nothing either: each line was told once per pledge, not once
    per deadline."""
    await pledge_stories(runtime)
    runtime.db.execute("UPDATE articles SET fetched = ?", [to_iso(PLEDGED + days(1))])
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    clock.now = datetime(2026, 3, 5, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)  # the stories
    clock.now = datetime(2026, 3, 19, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    assert "Due: Velmora: free the nineteen crew" in planned_text(runtime, follower)
    store(runtime.db, 6, "Velmora puts off release of Halvik ferry crew", "Velmora postponed the release of the "
          "nineteen crew members of the Halvik ferry until April 10, its foreign ministry said on Friday.",
          datetime(2026, 3, 20, 9, tzinfo=UTC), fetched=datetime(2026, 3, 20, 9, tzinfo=UTC))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 20, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)  # the story of the delay
    clock.now = datetime(2026, 4, 9, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    due = planned_text(runtime, follower)
    assert "Due: Velmora: free the nineteen crew" in due and "10 Apr 2026" in " ".join(due.split()), due
    clock.now = datetime(2026, 4, 11, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    late = planned_text(runtime, follower)
    assert "Overdue: Velmora: free the nineteen crew" in late and "10 Apr 2026" in " ".join(late.split()), late
    clock.now = datetime(2026, 4, 12, 20, tzinfo=UTC)
    before = planned(runtime, follower)
    await runtime.fire_daily(follower.id)
    assert planned(runtime, follower) == before, "each told once for its deadline"


async def test_a_falling_due_line_told_before_notices_named_their_deadline_is_not_told_again(
    runtime: Runtime, clock: Clock
) -> None:
    """A database from before deadline notices named their date holds a bare "due": it was for the pledge's own
    deadline, and the chat is not told it a second time after an upgrade."""
    await pledge_stories(runtime)
    runtime.db.execute("UPDATE articles SET fetched = ?", [to_iso(PLEDGED + days(1))])
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    clock.now = datetime(2026, 3, 5, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    [pledge] = tracking_store.first_reports(runtime.db)
    tracking_store.mark_noticed(runtime.db, follower.id, "daily:2026-03-18", [(pledge.id, "due")])
    clock.now = datetime(2026, 3, 19, 20, tzinfo=UTC)
    before = planned(runtime, follower)
    await runtime.fire_daily(follower.id)
    assert planned(runtime, follower) == before, planned_text(runtime, follower)


async def test_a_digest_tells_a_pledge_put_back_once_with_its_new_date(runtime: Runtime, clock: Clock) -> None:
    """A later story puts the release back to 10 April: "Pledges reported on" told kept, broken and superseded but
    not a delay, so a chat sent the pledge but not that story heard nothing until its reminder named a date it had
    never been told of."""
    await pledge_stories(runtime)
    runtime.db.execute("UPDATE articles SET fetched = ?", [to_iso(PLEDGED + days(1))])
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    clock.now = datetime(2026, 3, 5, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    store(runtime.db, 6, "Velmora puts off release of Halvik ferry crew", "Velmora postponed the release of the "
          "nineteen crew members of the Halvik ferry until April 10, its foreign ministry said on Friday.",
          datetime(2026, 3, 13, 9, tzinfo=UTC), fetched=datetime(2026, 3, 13, 9, tzinfo=UTC))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 13, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    told = planned_text(runtime, follower)
    assert "Pledges reported on" in told, told
    line = " ".join(told.split("Pledges reported on", 1)[1].split())  # the block, its wrapped lines joined
    assert line.startswith("• Delayed: Velmora: free the nineteen crew members of the Halvik ferry (now due 10 Apr "
                           "2026) “Velmora postponed the release"), line
    clock.now = datetime(2026, 3, 14, 20, tzinfo=UTC)
    before = planned(runtime, follower)
    await runtime.fire_daily(follower.id)
    assert planned(runtime, follower) == before, "told once"


async def test_a_pledge_reported_broken_and_then_kept_late_is_kept(runtime: Runtime, clock: Clock) -> None:
    """Velmora refused on its deadline, then freed the crew ten days late: the later story was never read against
    a pledge already reported broken, so `/pledges` said "broken" for good and the chat never heard it was kept."""
    await pledge_stories(runtime)
    runtime.db.execute("UPDATE articles SET fetched = ?", [to_iso(PLEDGED + days(1))])
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    store(runtime.db, 5, BROKEN_TITLE, BROKEN_TEXT, PLEDGED + days(21), fetched=PLEDGED + days(21))
    await runtime.ingestor.tracker.run()
    clock.now = PLEDGED + days(21.5)
    await runtime.fire_daily(follower.id)
    assert "Broken: Velmora: free the nineteen crew" in planned_text(runtime, follower)
    late = PLEDGED + days(28)
    store(runtime.db, 6, "Halvik ferry crew home at last", "PORT AUREL, March 30 — Velmora freed the nineteen crew "
          "members of the Halvik ferry on Monday, ten days after its deadline, and they crossed into Kestria by bus.",
          late, fetched=late)
    await runtime.ingestor.tracker.run()
    clock.now = late + days(0.5)
    [line] = (await runtime.run_command(inv("pledges", "Velmora"))).sections[0].lines
    assert " — kept (reported 30 Mar 2026 https://news.example/6) — " in line, line
    await runtime.fire_daily(follower.id)
    assert "Kept: Velmora: free the nineteen crew" in planned_text(runtime, follower)


async def test_a_pledge_broken_then_put_back_is_reminded_of_and_can_be_kept(runtime: Runtime, clock: Clock) -> None:
    """Refused on its deadline, then promised for 10 April: the pledge is open again, falls due by its new date,
    and a story on 9 April reporting the crew freed keeps it (it was still counted settled by the breach)."""
    await pledge_stories(runtime)
    runtime.db.execute("UPDATE articles SET fetched = ?", [to_iso(PLEDGED + days(1))])
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    store(runtime.db, 5, BROKEN_TITLE, BROKEN_TEXT, PLEDGED + days(21), fetched=PLEDGED + days(21))
    await runtime.ingestor.tracker.run()
    put_back = datetime(2026, 3, 25, 9, tzinfo=UTC)
    store(runtime.db, 6, "Velmora sets new date for Halvik crew", "Velmora postponed the release of the nineteen "
          "crew members of the Halvik ferry until April 10, its foreign ministry said on Wednesday.", put_back,
          fetched=put_back)
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 25, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)  # the stories, and the breach and the delay told
    clock.now = datetime(2026, 4, 9, 8, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    assert "Due: Velmora: free the nineteen crew" in planned_text(runtime, follower), planned_text(runtime, follower)
    freed = datetime(2026, 4, 9, 9, tzinfo=UTC)
    store(runtime.db, 7, "Halvik ferry crew home", "Velmora freed the nineteen crew members of the Halvik ferry on "
          "Thursday, and they crossed into Kestria by bus.", freed, fetched=freed)
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 4, 9, 20, tzinfo=UTC)
    [line] = (await runtime.run_command(inv("pledges", "Velmora"))).sections[0].lines
    assert " — kept (reported 9 Apr 2026 https://news.example/7) — " in line, line


async def test_a_second_breach_after_a_new_date_is_told_too(runtime: Runtime, clock: Clock) -> None:
    """Refused on its deadline (told "Broken"), put back to 10 April (told "Delayed"), refused again on 14 April:
    the chat heard nothing of the second refusal, a "Broken" line having been told once a pledge."""
    await pledge_stories(runtime)
    runtime.db.execute("UPDATE articles SET fetched = ?", [to_iso(PLEDGED + days(1))])
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    store(runtime.db, 5, BROKEN_TITLE, BROKEN_TEXT, PLEDGED + days(21), fetched=PLEDGED + days(21))
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 23, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    assert "Broken: Velmora: free the nineteen crew" in planned_text(runtime, follower)
    put_back = datetime(2026, 3, 25, 9, tzinfo=UTC)
    store(runtime.db, 6, "Velmora sets new date for Halvik crew", "Velmora postponed the release of the nineteen "
          "crew members of the Halvik ferry until April 10, its foreign ministry said on Wednesday.", put_back,
          fetched=put_back)
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 3, 25, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    assert "Delayed: Velmora: free the nineteen crew" in planned_text(runtime, follower)
    again = datetime(2026, 4, 14, 9, tzinfo=UTC)
    store(runtime.db, 7, "Velmora again refuses to free Halvik crew", "Velmora refused on Tuesday to free the nineteen "
          "crew members of the Halvik ferry, four days after the new date it had set.", again, fetched=again)
    await runtime.ingestor.tracker.run()
    clock.now = datetime(2026, 4, 14, 20, tzinfo=UTC)
    await runtime.fire_daily(follower.id)
    second = planned_text(runtime, follower)
    assert "Broken: Velmora: free the nineteen crew" in second and "https://news.example/7" in second, second


async def test_a_report_line_told_before_notices_named_the_report_is_not_told_again(
    runtime: Runtime, clock: Clock
) -> None:
    """A database from before report notices named their report holds a bare "kept": the chat is not told it again."""
    await pledge_stories(runtime)
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    store(runtime.db, 4, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    await runtime.ingestor.tracker.run()
    [pledge] = tracking_store.first_reports(runtime.db)
    runtime.db.execute("UPDATE articles SET fetched = ?", [to_iso(PLEDGED + days(16))])
    clock.now = PLEDGED + days(16.5)
    tracking_store.mark_noticed(runtime.db, follower.id, "daily:2026-03-18", [(pledge.id, "kept")])
    await runtime.fire_daily(follower.id)
    assert "Kept: Velmora" not in planned_text(runtime, follower), planned_text(runtime, follower)


async def test_a_breach_overtaken_before_a_digest_is_not_told_nor_kept_waiting(runtime: Runtime, clock: Clock) -> None:
    """Broken on Monday and kept on Tuesday, with no digest between: the chat is told "Kept" alone, and the breach
    it never heard does not keep the pledge among those waiting to be told (fifty such pledges crowded the rest
    out of the query that reads them)."""
    await pledge_stories(runtime)
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    store(runtime.db, 5, BROKEN_TITLE, BROKEN_TEXT, PLEDGED + days(21))
    store(runtime.db, 6, "Halvik ferry crew home at last", "PORT AUREL, March 24 — Velmora freed the nineteen crew "
          "members of the Halvik ferry on Tuesday, and they crossed into Kestria by bus.", PLEDGED + days(22))
    await runtime.ingestor.tracker.run()
    clock.now = PLEDGED + days(22.5)
    await runtime.fire_daily(follower.id)
    told = planned_text(runtime, follower)
    assert "Kept: Velmora: free the nineteen crew" in told and "Broken: Velmora" not in told, told
    assert tracking_store.chat_settled(runtime.db, follower.id, ["velmora"], follower.since) == []


async def test_a_country_followed_by_its_demonym_is_the_country_stories_name(runtime: Runtime) -> None:
    """`/follow Velmoran` (or "the Velmoran government") where stories name Velmora: it was told "No story so far
    names “Velmoran”. Did you mean: Velmora?", though stories write "Velmoran" often; the one actor it is a form
    of is followed. A name no story uses still gets suggestions."""
    await pledge_stories(runtime)
    followed = await runtime.run_command(inv("follow", "Velmoran"))
    assert "now follows Velmora:" in followed.text and not followed.error, followed.text
    again = await runtime.run_command(inv("follow", "the", "Velmoran", "government"))
    assert "already follows Velmora" in again.text, again.text
    typo = await runtime.run_command(inv("follow", "Velmra"))
    assert "Did you mean: Velmora?" in typo.text, typo.text
    pledged = await runtime.run_command(inv("pledges", "Velmoran"))
    assert pledged.sections and pledged.sections[0].title == "Pledges by Velmora, newest first:", text(pledged)


OTHER_TITLE = "Kestria pledges to reopen the Dolna bridge by March 25"
OTHER_TEXT = ("TARN, March 3 — Kestria pledged on Tuesday to reopen the Dolna bridge to lorries by March 25, its "
              "transport ministry said after a week of repairs.")
OTHER_KEPT_TITLE = "Lorries cross the Dolna bridge again"
OTHER_KEPT_TEXT = ("TARN, March 18 — Kestria reopened the Dolna bridge to lorries on Wednesday, a week before the date "
                   "it had set, and the first convoy crossed at noon.")


def edit_story(runtime: Runtime, n: int, title: str, text: str) -> None:
    """Story `n` rewritten by its outlet, stored as ingest stores an edit (the tracker reads it again)."""
    found = analyze(title, text, published=(PLEDGED + days(16)).date(), demands=False)
    stored = article_store.find_existing(runtime.db, f"https://news.example/{n}", None, None)
    assert stored is not None
    article_store.update_article(runtime.db, stored, NewArticle(
        url=stored.url, source_id=None, guid=None, title=title, text=text, text_hash=f"edited-{len(text)}",
        summary=found.summary, quotes=kept_quotes(found), pledges=kept_pledges(found)))


@pytest.mark.parametrize("edit", [
    pytest.param((KEPT_TITLE, KEPT_TEXT + "\n\nThe ferry's owners said they would ask for the vessel back next."),
                 id="a paragraph added"),
    pytest.param(("Halvik ferry crew home after Velmora lets them go", KEPT_TEXT.replace(
        "two days before its own deadline", "a full two days ahead of the date it had set")), id="reworded"),
])
async def test_a_pledge_kept_is_told_once_when_the_story_that_reported_it_is_edited(
    runtime: Runtime, clock: Clock, edit: tuple[str, str]
) -> None:
    """A story reports the pledge kept and the chat is told; the outlet then edits that story (a paragraph, or the
    same report in other words) and the tracker reads it again: the report stands as it was, so the chat is not
    told "Kept" a second time."""
    await pledge_stories(runtime)
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    store(runtime.db, 4, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    await runtime.ingestor.tracker.run()
    # Another pledge kept later: the edited story's report is not the newest row (an id the edit frees is not
    # simply taken again).
    store(runtime.db, 6, OTHER_TITLE, OTHER_TEXT, PLEDGED + days(1))
    await runtime.ingestor.tracker.run()
    store(runtime.db, 7, OTHER_KEPT_TITLE, OTHER_KEPT_TEXT, PLEDGED + days(16.1))
    await runtime.ingestor.tracker.run()
    assert runtime.db.execute("SELECT COUNT(*) FROM pledge_followups").fetchone()[0] == 2
    clock.now = PLEDGED + days(16.5)
    await runtime.fire_daily(follower.id)
    assert "Kept: Velmora: free the nineteen crew" in planned_text(runtime, follower), planned_text(runtime, follower)
    told = planned(runtime, follower)

    edit_story(runtime, 4, *edit)
    assert await runtime.ingestor.tracker.run() >= 1, "the edited story is read again"
    [line] = (await runtime.run_command(inv("pledges", "Velmora"))).sections[0].lines
    assert " — kept (reported 18 Mar 2026 " in line, "the edit leaves the report as it was: " + line
    clock.now = PLEDGED + days(17.5)
    await runtime.fire_daily(follower.id)
    again = planned_text(runtime, follower) if planned(runtime, follower) > told else ""
    assert "Kept: Velmora" not in again, "told once: " + again
    assert tracking_store.chat_settled(runtime.db, follower.id, ["velmora"], follower.since) == []


async def test_a_story_edited_from_kept_to_broken_tells_the_breach(runtime: Runtime, clock: Clock) -> None:
    """The outlet rewrites its report: the crew were not freed, Velmora refused. The chat told "Kept" is told
    what the story now says, once."""
    await pledge_stories(runtime)
    follower = subscribe(runtime.db, "100", platform="telegram")
    tracking_store.follow(runtime.db, "telegram", "100", "velmora", "Velmora")
    store(runtime.db, 4, KEPT_TITLE, KEPT_TEXT, PLEDGED + days(16))
    await runtime.ingestor.tracker.run()
    clock.now = PLEDGED + days(16.5)
    await runtime.fire_daily(follower.id)
    assert "Kept: Velmora: free the nineteen crew" in planned_text(runtime, follower)

    edit_story(runtime, 4, "Velmora refuses to free Halvik ferry crew", (
        "PORT AUREL, March 18 — Velmora refused on Wednesday to free the nineteen crew members of the Halvik ferry, "
        "saying the inquiry into the ferry's course was not finished."))
    await runtime.ingestor.tracker.run()
    clock.now = PLEDGED + days(17.5)
    await runtime.fire_daily(follower.id)
    assert "Broken: Velmora: free the nineteen crew" in planned_text(runtime, follower), planned_text(
        runtime, follower)
    clock.now = PLEDGED + days(18.5)
    told = planned(runtime, follower)
    await runtime.fire_daily(follower.id)
    assert planned(runtime, follower) == told, "told once"
