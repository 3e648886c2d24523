"""Commands as a phone types them, to `communique run` in its own process on the Telegram peer, reading a feed from
a local HTTP server: a phone keyboard writes the typographic apostrophe (’) where a desktop writes ', and a
person who follows two negotiators types both names in one /follow. Each reply must say what happened and what to
type next.

The stories are invented for this test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.peers.telegram_peer import BotMessage, TelegramPeer
from tests.reliability.harness import Deployment
from tests.telegram.running import chat_with, one_feed_deployment

USER = 612
NOW = datetime.now(UTC).replace(microsecond=0)


def mission_story() -> Item:
    return Item(
        title="O'Neill-Brandt mission reaches Lirenne to watch the truce",
        link="https://varnwire.example/news/mission",
        paragraphs=[
            "A monitoring mission led by the Orsanian diplomat Cara O'Neill-Brandt reached Lirenne on Friday, a day "
            "after Norland and Estavia agreed to silence their guns along the Varn river.",
            "“We will write down every shell, and who fired it,” O'Neill-Brandt told reporters at the station.",
            "Norland's negotiator Ilse Marant and Estavia's Tomas Orvik met the mission before dusk.",
        ],
        published=NOW - timedelta(hours=3),
    )


@contextmanager
def bot_on_one_story(feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path, story: Item, *,
                     table: str = "articles") -> Iterator[tuple[Deployment, Callable[..., list[BotMessage]]]]:
    """`communique run` reading a feed of `story`, the user's private chat with it once the story's row is in
    `table` (the bot and what the user says to it), and the bot stopped cleanly at the end."""
    feed_server.route("/varn.xml", body=rss([story], title="Varn Wire"))
    telegram_peer.add_chat(USER, "private")
    deployment = one_feed_deployment(tmp_path / "bot", feed_server, telegram_peer, source="Varn Wire",
                                     path="/varn.xml")
    run = deployment.start()
    try:
        deployment.wait_for(lambda: deployment.scalar(f"SELECT COUNT(*) FROM {table}") == 1, 90, run,
                            f"the story read and its row in {table}")
        yield deployment, chat_with(telegram_peer, USER)
    finally:
        code, _ = run.terminate()
    assert code == 0, run.stderr[-3000:]


def test_a_phone_apostrophe_a_quoted_topic_and_two_names_in_one_follow_get_what_was_meant(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    with bot_on_one_story(feed_server, telegram_peer, tmp_path, mission_story()) as (deployment, say):
        [straight] = say("/latest O'Neill")
        assert "O'Neill-Brandt mission reaches Lirenne" in straight.plain_text
        # The keyboard of a phone types ’: the same topic, not "not a topic: use letters, digits and - only".
        [curly] = say("/latest O’Neill")
        assert "O'Neill-Brandt mission reaches Lirenne" in curly.plain_text, curly.plain_text
        [subscribed] = say("/subscribe O’Neill-Brandt")
        assert "now subscribed" in subscribed.plain_text and "on o'neill-brandt" in subscribed.plain_text, \
            subscribed.plain_text
        # A topic in quote marks, as search boxes ask, is the topic.
        [quoted] = say("/latest «O'Neill»")
        assert "O'Neill-Brandt mission reaches Lirenne" in quoted.plain_text, quoted.plain_text
        # "/latest 3 stories", as one says it: three stories, not the keyword "stories" ("No stories on stories").
        [said] = say("/latest 3 stories")
        assert "Latest 1 story" in said.plain_text and "O'Neill-Brandt mission" in said.plain_text, said.plain_text
        [marks] = say("/subscribe «»")
        assert "is not a topic" in marks.plain_text, "quote marks alone are no topic, and not every story either"
        # A word that is no topic is told what a topic may hold: ' . & / are taken, so say so.
        [refused] = say("/latest truce+")
        assert "“truce+” is not a topic" in refused.plain_text
        assert "letters, digits and - only" not in refused.plain_text, refused.plain_text
        assert "' . & / -" in refused.plain_text or "- ' . & /" in refused.plain_text, refused.plain_text

        # Two negotiators in one /follow: told to send one name at a time, with the command for each.
        [both] = say("/follow Ilse Marant, Tomas Orvik")
        assert "One name at a time" in both.plain_text, both.plain_text
        assert "/follow Ilse Marant" in both.plain_text and "/follow Tomas Orvik" in both.plain_text
        assert "not ," not in both.plain_text
        [none] = say("/following")
        assert "follows no one" in none.plain_text, "nothing followed by the refused command"

        # A right-to-left keyboard puts invisible direction marks around what it types: the marks are no part of
        # the topic or the name (the topic was refused as "“ceasefire” is not a topic", the mark unseen).
        [marked] = say("/latest 2 \u200fO'Neill")
        assert "O'Neill-Brandt mission reaches Lirenne" in marked.plain_text, marked.plain_text
        [followed] = say("/follow \u200fTomas Orvik\u200e")
        assert "now follows Tomas Orvik:" in followed.plain_text, followed.plain_text


def test_pledges_on_a_topic_finds_none_and_says_what_pledges_takes_with_an_actor_that_pledged(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """A journalist tracking the ceasefire pledge sends /pledges ceasefire (a topic, not who pledged). "No pledges
    by ceasefire found." read as "the ceasefire pledge is gone", and said nothing of what to send instead."""
    pledge = Item(
        title="Estavia vows to silence its guns on the Varn",
        link="https://varnwire.example/news/vow",
        paragraphs=["Estavia pledged on Tuesday to halt all artillery fire along the Varn river by 20 December, "
                    "its delegation said in Lirenne after the second round of ceasefire talks."],
        published=NOW - timedelta(hours=5),
    )
    with bot_on_one_story(feed_server, telegram_peer, tmp_path, pledge, table="pledges") as (deployment, say):
        [listed] = say("/pledges Estavia")
        assert "halt all artillery fire along the Varn river" in listed.plain_text
        [topic] = say("/pledges ceasefire")
        assert "No pledges by ceasefire found." in topic.plain_text
        assert "/pledges Estavia" in topic.plain_text, topic.plain_text
        assert "/pledges alone lists the 1 pledge." in topic.plain_text, topic.plain_text


def test_subscribe_everything_is_told_that_subscribe_alone_gets_every_story(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """'/subscribe everything' subscribed the chat to the keyword "everything", and the reply said "on everything",
    the very words of a chat that gets every story: the chat then got only the stories with that word in them."""
    with bot_on_one_story(feed_server, telegram_peer, tmp_path, mission_story()) as (deployment, say):
        # In quote marks too, which a topic sheds ('/subscribe «everything»' was the keyword "everything" again).
        for typed in ("/subscribe everything", "/subscribe all", "/subscribe All", "/subscribe «everything»",
                      "/subscribe “all”"):
            [reply] = say(typed)
            assert "is no topic" in reply.plain_text and "/subscribe alone gets every story" in reply.plain_text, \
                (typed, reply.plain_text)
            assert deployment.scalar("SELECT COUNT(*) FROM subscriptions") == 0, typed
        [subscribed] = say("/subscribe")
        assert "now subscribed" in subscribed.plain_text and "on everything" in subscribed.plain_text
        assert deployment.scalar("SELECT topics FROM subscriptions") in ("[]", None, "")


def test_a_command_ending_a_sentence_and_a_time_written_with_h_do_what_was_meant(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """A phone's keyboard (or habit) ends '/latest' with a full stop: the private chat was told "Communiqué answers
    commands: /latest for the newest stories..." as though nothing had been asked, and a group heard nothing. And
    '20:00h', as clocks are written in much of Europe, was "not a time", though '20h' was taken."""
    with bot_on_one_story(feed_server, telegram_peer, tmp_path, mission_story()) as (deployment, say):
        for typed in ("/latest.", "/Latest!", "/latest. 1"):
            [reply] = say(typed)
            assert "O'Neill-Brandt mission reaches Lirenne" in reply.plain_text, (typed, reply.plain_text)
        say("/subscribe")
        for typed, meant in (("20:00h", "20:00"), ("7.30h", "07:30"), ("8:15H", "08:15")):
            [saved] = say(f"/settings time {typed}")
            assert f"Saved. This chat now gets a daily digest at {meant}" in saved.plain_text, (typed, saved.plain_text)
        [odd] = say("/latestly")
        assert "O'Neill-Brandt" not in odd.plain_text, "another word is not /latest"

        # In a group, where a command that is not ours is left alone, ours with a full stop is still ours.
        group = -4401
        telegram_peer.add_chat(group, "group", title="Varn watchers")
        telegram_peer.set_member(group, USER, "member", notify=False)
        telegram_peer.send_command(group, "/latest.", user_id=USER)
        [answered] = telegram_peer.wait_for_bot_messages(group, count=1, timeout=30)
        assert "O'Neill-Brandt mission reaches Lirenne" in answered.plain_text, answered.plain_text


def test_a_name_with_a_stroked_letter_is_the_same_person_written_without_it(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """A Polish reader follows "Łukasz Wiśniewski"; the wire writes him "Lukasz Wisniewski", as English copy often
    does. Accents were taken off for comparing (ś is s), but Ł has no accent to take off: the follow was told "No
    story so far names Łukasz Wiśniewski", his story never came, and '/unfollow lukasz wisniewski', typed on a
    keyboard without Ł, was "does not follow"."""
    envoy = Item(
        title="Lukasz Wisniewski to lead Orsania's delegation to the Varn talks",
        link="https://varnwire.example/news/envoy",
        paragraphs=["Orsania named Lukasz Wisniewski on Thursday to lead its delegation to the Varn river talks, "
                    "where Norland and Estavia are to meet next week.",
                    "“We will bring both sides to one table before the thaw,” Wisniewski told reporters in Lirenne."],
        published=NOW - timedelta(hours=2),
    )
    with bot_on_one_story(feed_server, telegram_peer, tmp_path, envoy) as (deployment, say):
        [followed] = say("/follow Łukasz Wiśniewski")
        assert "now follows" in followed.plain_text, followed.plain_text
        assert "No story so far names" not in followed.plain_text, followed.plain_text
        say("/subscribe")
        [_, digest] = say("/digest", 2)
        assert "Lukasz Wisniewski to lead Orsania's delegation" in digest.plain_text, digest.plain_text
        assert "follows:" in digest.plain_text, digest.plain_text
        [gone] = say("/unfollow lukasz wisniewski")
        assert "no longer follows" in gone.plain_text, gone.plain_text


def test_words_in_scripts_whose_letters_carry_marks_are_topics_and_names(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """A reader in Hindi types '/latest वार्ता' (talks): the vowel signs of Devanagari (as of Tamil, Bengali and
    others) are marks, not letters, and the topic was refused as "not a topic: use letters, digits and - ' . & /
    only", though it is all letters; '/follow अनिता राव' was told "a name is letters ... only (not ि)". A keyboard
    that writes é as e and an accent (two characters) was refused the same way, and so was a Persian word with the
    zero-width non-joiner its spelling puts inside it."""
    summit = Item(
        title="Varn river talks resume in Orléans-sur-Varn — वार्ता फिर शुरू — گفت\u200cوگو از سر گرفته شد",
        link="https://varnwire.example/news/resume",
        paragraphs=["Negotiators from Norland and Estavia returned to the table in Orléans-sur-Varn on Monday, the "
                    "mediator Anita Rao said, after a pause of three weeks.",
                    "“Nobody left the room angry, which is a start,” Rao told reporters outside the town hall."],
        published=NOW - timedelta(hours=2),
    )
    with bot_on_one_story(feed_server, telegram_peer, tmp_path, summit) as (deployment, say):
        [talks] = say("/latest वार्ता")
        assert "Varn river talks resume" in talks.plain_text, talks.plain_text
        [decomposed] = say("/latest Orle\u0301ans-sur-Varn")
        assert "Varn river talks resume" in decomposed.plain_text, decomposed.plain_text
        [subscribed] = say("/subscribe वार्ता")
        assert "now subscribed" in subscribed.plain_text and "on वार्ता" in subscribed.plain_text, \
            subscribed.plain_text
        [followed] = say("/follow अनिता राव")
        assert "now follows अनिता राव" in followed.plain_text, followed.plain_text
        [listed] = say("/following")
        assert "अनिता राव" in listed.plain_text, listed.plain_text
        # An emoji keyboard's keycap digit (3️⃣: a 3, then marks that draw the key) is the digit: with marks taken
        # as part of a word, '/latest 3️⃣' searched the keyword "3️⃣".
        [three] = say("/latest 1️⃣")
        assert "Latest 1 story" in three.plain_text, three.plain_text
        # Persian writes some words with a zero-width non-joiner inside (گفت‌وگو, talks): part of the word, as a
        # keyboard types it; it was refused as "not a topic", and a name so written as "letters ... only".
        [persian] = say("/latest گفت\u200cوگو")
        assert "Varn river talks resume" in persian.plain_text, persian.plain_text
        [named] = say("/follow مهرداد علی\u200cزاده")
        assert "now follows" in named.plain_text, named.plain_text


def test_a_full_stop_ending_a_command_sentence_is_no_part_of_its_last_word(
    feed_server: FeedServer, telegram_peer: TelegramPeer, tmp_path: Path
) -> None:
    """People end a typed line with a full stop, after the command's last word as after its name (`/latest.`):
    `/latest 2.` searched the keyword "2." ("No stories on 2. yet"), `/subscribe truce.` subscribed the chat to
    the keyword "truce." ("on truce.", "keywords: truce.."), `/settings time 07:30.` was "not a time" and
    `tz Europe/Berlin.` "not a time zone"; so does a question mark or an exclamation mark. An abbreviation keeps
    its dots (`U.S.`)."""
    with bot_on_one_story(feed_server, telegram_peer, tmp_path, mission_story()) as (deployment, say):
        [latest] = say("/latest 2.")
        assert "O'Neill-Brandt mission reaches Lirenne" in latest.plain_text, latest.plain_text
        assert "No stories on" not in latest.plain_text
        [subscribed] = say("/subscribe truce.")
        assert "now subscribed" in subscribed.plain_text and "on truce " in subscribed.plain_text, \
            subscribed.plain_text
        assert "truce.." not in subscribed.plain_text, subscribed.plain_text
        assert deployment.scalar("SELECT topics FROM subscriptions WHERE chat_id = ?", [str(USER)]) == '["truce"]'
        [time] = say("/settings time 07:30.")
        assert "not a time" not in time.plain_text and "07:30" in time.plain_text, time.plain_text
        [zone] = say("/settings tz Europe/Berlin.")
        assert "not a time zone" not in zone.plain_text and "Europe/Berlin" in zone.plain_text, zone.plain_text
        assert deployment.scalar("SELECT time || ' ' || timezone FROM subscriptions WHERE chat_id = ?",
                                 [str(USER)]) == "07:30 Europe/Berlin"
        [abbreviation] = say("/latest U.S.")
        assert "on u.s." in abbreviation.plain_text, abbreviation.plain_text
        # A question ends a sentence too, as it does after a command's name ("/help?").
        [asked] = say("/latest truce?")
        assert "O'Neill-Brandt mission reaches Lirenne" in asked.plain_text, asked.plain_text
        [asked_of_us] = say("/latest U.S.?")
        assert "on u.s." in asked_of_us.plain_text and "u.s.?" not in asked_of_us.plain_text, asked_of_us.plain_text
