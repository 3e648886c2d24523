"""Two outlets with one story, where the later one carries news the first did not: a wire story a chat was sent,
then run by a second outlet with a paragraph added (a new pledge). The second copy joins the first's story group,
and a chat that got the first was covered the copy in silence: the pledge never reached it.

The stories are invented for this test (tests/telegram/world.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from bot.ops.why import explain
from storage import articles as article_store
from storage import subscriptions as sub_store
from tests.factories import BASE_TIME, Item, rss
from tests.telegram.conftest import WorldRunner
from tests.telegram.world import MINISTRY_STORIES, harbour_items, ministry_items

USER = 612
WIRE_TITLE, WIRE_PARAGRAPHS = MINISTRY_STORIES[0]
LATER_TITLE = "Orlen crossing deal: Kestria now pulls its guards back too"
NEW_PLEDGE = ("Kestria pledged on Thursday to withdraw its border guards from the Orlen bridge by Sunday, the "
              "defence ministry said in a statement.")


def harbour_with_a_plain_copy() -> bytes:
    """Harbour Post running the ministry's crossing story as it stood, under its own headline, its lede naming the
    government where the wire named the country: the same pledge, read with another actor, is nothing new."""
    lede = WIRE_PARAGRAPHS[0].replace("Velmora pledged", "The Velmoran government pledged")
    copy = Item(title="Orlen crossing to reopen within ten days", link="https://harbour.example/news/orlen",
                paragraphs=[lede, *WIRE_PARAGRAPHS[1:]], published=BASE_TIME + timedelta(hours=3))
    return rss([copy, *harbour_items()], title="Harbour Post")


def harbour_with_the_update() -> bytes:
    """Harbour Post's feed, now also running the ministry's crossing story, with one paragraph of news added."""
    update = Item(title=LATER_TITLE, link="https://harbour.example/news/orlen-update",
                  paragraphs=[*WIRE_PARAGRAPHS, NEW_PLEDGE], published=BASE_TIME + timedelta(hours=6))
    return rss([update, *harbour_items()], title="Harbour Post")


def harbour_with_an_older_copy() -> bytes:
    """Harbour Post running, an hour before the wire, a copy that already carries the new pledge: a digest shows
    the wire's newer copy and covers this one beside it unseen."""
    older = Item(title="Orlen crossing deal: Kestria to pull guards back", link="https://harbour.example/news/early",
                 paragraphs=[*WIRE_PARAGRAPHS, NEW_PLEDGE], published=BASE_TIME - timedelta(hours=1))
    return rss([older, *harbour_items()], title="Harbour Post")


def ministry_with_the_pledge() -> bytes:
    """The wire's own feed, its crossing story edited to add the paragraph of news."""
    edited = [replace(item, paragraphs=[*item.paragraphs, NEW_PLEDGE]) if n == 0 else item
              for n, item in enumerate(ministry_items())]
    return rss(edited, title="Ministry Wire")


async def publish(w: WorldRunner, feed: str, body: bytes) -> None:
    """The outlet's feed now reads `body`, and the bot reads every source at once (as if each were due)."""
    (w.feeds / f"{feed}.xml").write_bytes(body)
    w.db.execute("UPDATE sources SET next_due = '2000-01-01T00:00:00Z'")
    await w.runtime.ingest_tick()


async def test_a_second_outlets_copy_with_a_new_pledge_is_told_as_an_update(world: WorldRunner) -> None:
    async with world() as w:
        await w.command(USER, "/subscribe")
        [_, first] = await w.command(USER, "/digest", count=2)
        assert WIRE_TITLE.split(" & ")[0] in first.plain_text, first.plain_text

        await publish(w, "harbour", harbour_with_a_plain_copy())
        [plain] = await w.command(USER, "/digest")
        assert "Nothing new since the last digest" in plain.plain_text, plain.plain_text

        await publish(w, "harbour", harbour_with_the_update())
        copies = w.db.execute("SELECT COUNT(DISTINCT group_id), COUNT(*) FROM articles WHERE url IN "
                              "('https://ministry.example/press/0', 'https://harbour.example/news/orlen', "
                              "'https://harbour.example/news/orlen-update')").fetchone()
        assert copies == (1, 3), "both copies are stored as the same story's"

        # The operator asking `communique why` of the copy before its digest is told it waits, as an update.
        sub = sub_store.get(w.db, "telegram", str(USER))
        (update_id,) = w.db.execute("SELECT id FROM articles WHERE url = 'https://harbour.example/news/orlen-update'"
                                    ).fetchone()
        update = article_store.get_article(w.db, update_id)
        assert sub is not None and update is not None
        said = " ".join(explain(w.db, sub, update, now=w.runtime.now()).verdict)
        assert "went to the chat instead" not in said, said
        assert "Not sent yet" in said and f"“Updated: {LATER_TITLE}”" in said and "withdraw its border" in said, said

        [sending, second] = await w.command(USER, "/digest", count=2)
        assert "1 updated story" in sending.plain_text, sending.plain_text
        assert LATER_TITLE in second.plain_text, second.plain_text
        assert "New pledge: Kestria" in second.plain_text and "withdraw its border guards" in second.plain_text, \
            second.plain_text
        [again] = await w.command(USER, "/digest")
        assert "Nothing new since the last digest" in again.plain_text, "told once"
        told = " ".join(explain(w.db, sub, update, now=w.runtime.now()).verdict)
        assert told.startswith("Sent in message #") and "went to the chat instead" not in told, told


async def test_the_sent_copy_edited_to_carry_news_a_later_copy_told_is_not_told_again(world: WorldRunner) -> None:
    """The wire's own page gains the paragraph the second outlet ran first: the chat was told the pledge by that
    copy, and the edit of the copy it got first brings nothing it does not hold."""
    async with world() as w:
        await w.command(USER, "/subscribe")
        await w.command(USER, "/digest", count=2)
        await publish(w, "harbour", harbour_with_the_update())
        [_, told] = await w.command(USER, "/digest", count=2)
        assert "New pledge: Kestria" in told.plain_text, told.plain_text

        await publish(w, "ministry", ministry_with_the_pledge())
        assert w.db.execute("SELECT COUNT(*) FROM story_edits").fetchone()[0] == 1, "the wire's edit is read"
        [again] = await w.command(USER, "/digest")
        assert "Nothing new since the last digest" in again.plain_text, again.plain_text


async def test_an_edit_brings_a_pledge_only_a_copy_covered_beside_the_story_held(world: WorldRunner) -> None:
    """An older copy carrying the pledge was covered in silence in the digest that showed the wire's copy (one copy
    a story): the chat never saw the pledge, and the wire's edit adding it is news."""
    async with world() as w:
        await publish(w, "harbour", harbour_with_an_older_copy())
        await w.command(USER, "/subscribe")
        [_, first] = await w.command(USER, "/digest", count=2)
        assert WIRE_TITLE in first.plain_text and "withdraw its border guards" not in first.plain_text, \
            first.plain_text

        await publish(w, "ministry", ministry_with_the_pledge())
        [_, told] = await w.command(USER, "/digest", count=2)
        assert "New pledge: Kestria" in told.plain_text, told.plain_text


async def test_a_later_copy_brings_a_pledge_only_a_copy_covered_beside_the_story_held(world: WorldRunner) -> None:
    """As above, the pledge held only by a copy covered unseen beside the wire's: a later outlet's copy carrying it
    is news."""
    async with world() as w:
        await publish(w, "harbour", harbour_with_an_older_copy())
        await w.command(USER, "/subscribe")
        [_, first] = await w.command(USER, "/digest", count=2)
        assert "withdraw its border guards" not in first.plain_text, first.plain_text

        await publish(w, "harbour", harbour_with_the_update())
        [_, told] = await w.command(USER, "/digest", count=2)
        assert LATER_TITLE in told.plain_text and "New pledge: Kestria" in told.plain_text, told.plain_text


def harbour_running_three_with_news() -> bytes:
    """Harbour Post running three of the wire's stories the chat was sent, each with a paragraph of news."""
    news = ["Kestria pledged to withdraw its border guards from the Orlen bridge by Sunday.",
            "The northern militias promised to release twelve detainees to the Red Cross by Monday.",
            "The southern delegation committed to sharing its catch records with Tarnic before March."]
    copies = [Item(title=f"{title.split(' ')[0]} update from Harbour Post", link=f"https://harbour.example/news/r{n}",
                   paragraphs=[*paragraphs, news[n]], published=BASE_TIME + timedelta(hours=6 + n))
              for n, (title, paragraphs) in enumerate(MINISTRY_STORIES[:3])]
    return rss([*copies, *harbour_items()], title="Harbour Post")


async def test_later_copies_with_news_are_told_no_more_than_a_digest_holds(world: WorldRunner) -> None:
    """A chat that takes two stories a digest was told three "Updated" entries in one: the outlet's copies with news
    filled it past the size the chat chose. The third waits for the next digest, as a third story would."""
    async with world() as w:
        await w.command(USER, "/subscribe")
        await w.command(USER, "/digest", count=2)
        await w.command(USER, "/settings max 2")
        await publish(w, "harbour", harbour_running_three_with_news())
        [sending, *digest] = await w.command(USER, "/digest", count=2)
        shown = "\n".join(m.plain_text for m in digest)
        assert shown.count("Updated:") == 2, shown
        [_, later] = await w.command(USER, "/digest", count=2)
        assert later.plain_text.count("Updated:") == 1, later.plain_text
        told = shown + later.plain_text
        assert all(words in told for words in ("withdraw its border guards", "release twelve detainees",
                                               "sharing its catch records")), told


async def test_a_later_copy_with_two_new_pledges_tells_both(world: WorldRunner) -> None:
    """A second outlet's copy adding two pledges was told as "New pledge:" with the first alone; the chat then held
    that copy, so the second was counted as read and no later copy or edit could bring it."""
    second = "Velmora committed to reopening the Dravin rail link to freight before the end of January."
    async with world() as w:
        await w.command(USER, "/subscribe")
        await w.command(USER, "/digest", count=2)
        update = Item(title=LATER_TITLE, link="https://harbour.example/news/orlen-update",
                      paragraphs=[*WIRE_PARAGRAPHS, NEW_PLEDGE, second], published=BASE_TIME + timedelta(hours=6))
        await publish(w, "harbour", rss([update, *harbour_items()], title="Harbour Post"))
        [_, told] = await w.command(USER, "/digest", count=2)
        assert "withdraw its border guards" in told.plain_text, told.plain_text
        assert "reopen" in told.plain_text.split(LATER_TITLE, 1)[1] and "Dravin rail link" in told.plain_text, \
            told.plain_text


async def test_two_edits_each_adding_a_pledge_before_a_digest_tell_both(world: WorldRunner) -> None:
    """The wire edited its story twice between two digests, a pledge added each time: the "Updated" entry told the
    latest edit's pledge alone, and the first pledge never reached the chat."""
    second = "Velmora committed to reopening the Dravin rail link to freight before the end of January."
    async with world() as w:
        await w.command(USER, "/subscribe")
        await w.command(USER, "/digest", count=2)
        await publish(w, "ministry", ministry_with_the_pledge())
        edited = [replace(item, paragraphs=[*item.paragraphs, NEW_PLEDGE, second]) if n == 0 else item
                  for n, item in enumerate(ministry_items())]
        await publish(w, "ministry", rss(edited, title="Ministry Wire"))
        assert w.db.execute("SELECT COUNT(*) FROM story_edits").fetchone()[0] == 2, "both edits are read"
        [_, told] = await w.command(USER, "/digest", count=2)
        assert "withdraw its border guards" in told.plain_text, told.plain_text
        assert "Dravin rail link" in told.plain_text, told.plain_text


async def test_a_long_new_quote_is_cut_at_a_word(world: WorldRunner) -> None:
    """A later copy's new quote longer than a change line holds was cut at its 299th character, in the middle of a
    word ("…the people of the co…"); it now ends at the last whole word."""
    said = ("\"We have argued about this crossing for thirty years, and the trucks have not waited for us, so today "
            "we agreed to stop arguing about whether there is a problem and to start arguing about how fast we fix "
            "it, which is progress, and I will take it, because the alternative is another summit with nothing to "
            "show, and the people of the coast have had enough of those,\" Kestrian envoy Mila Dorn said.")
    async with world() as w:
        await w.command(USER, "/subscribe")
        await w.command(USER, "/digest", count=2)
        update = Item(title=LATER_TITLE, link="https://harbour.example/news/orlen-update",
                      paragraphs=[*WIRE_PARAGRAPHS, said],
                      published=BASE_TIME + timedelta(hours=6))
        await publish(w, "harbour", rss([update, *harbour_items()], title="Harbour Post"))
        [_, told] = await w.command(USER, "/digest", count=2)
        [line] = [line for line in told.plain_text.splitlines() if line.startswith("New quote:")]
        assert line.startswith("New quote: “We have argued about this crossing"), told.plain_text
        cut = line.split("…", 1)[0].rsplit(" ", 1)[-1]
        assert cut in said.split(), f"the quote ends in a cut word, {cut!r}: {line}"


async def test_a_new_pledges_deadline_in_an_update_gives_its_date(world: WorldRunner) -> None:
    """A story's pledge line gives the date its deadline's words resolve to ("by Sunday · 13 Dec 2026"); the same
    pledge told in an "Updated" entry said "(by Sunday)" alone, which read days later points to another Sunday."""
    async with world() as w:
        await w.command(USER, "/subscribe")
        await w.command(USER, "/digest", count=2)
        await publish(w, "harbour", harbour_with_the_update())
        [_, told] = await w.command(USER, "/digest", count=2)
        [line] = [line for line in told.plain_text.splitlines() if line.startswith("New pledge:")]
        assert re.search(r"\(by Sunday · \d{1,2} [A-Z][a-z]{2} \d{4}\)$", line), line


async def test_updated_entries_past_the_digests_size_are_said_to_wait(world: WorldRunner) -> None:
    """A chat that takes two stories a digest, owed three stories' news: the digest told two "Updated" entries and
    nothing of the third (the cut was silent), and /subscribe said "2 updated stories are waiting" for three."""
    async with world() as w:
        await w.command(USER, "/subscribe")
        await w.command(USER, "/digest", count=2)
        await w.command(USER, "/settings max 2")
        await publish(w, "harbour", harbour_running_three_with_news())
        [answer] = await w.command(USER, "/subscribe")
        assert "3 updated stories are waiting" in answer.plain_text, answer.plain_text
        [_, *digest] = await w.command(USER, "/digest", count=2)
        shown = " ".join(" ".join(m.plain_text for m in digest).split())
        assert shown.count("Updated:") == 2, shown
        assert "1 more updated story is waiting for a later digest" in shown, shown
