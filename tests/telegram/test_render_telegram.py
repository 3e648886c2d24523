"""Digests and replies as Telegram HTML: what a reader sees, hostile article text kept harmless, the 4096 limit
held by splitting between stories, long stories shortened without losing their title and link."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from telegram import Bot
from telegram.constants import ParseMode

from bot.analysis.model import Pledge, Quote
from bot.core.commands import Reply, Section
from bot.core.digest import AlsoReported, Digest, PledgeLine, Story
from bot.platforms.telegram.html import check, parse, utf16_len
from bot.platforms.telegram.render import MIN_LIMIT, TITLE_CAP, inert, render_digest, render_reply
from tests.conftest import EVAL_DEV as EVAL_DEV_ROOT
from tests.peers.telegram_peer import TelegramPeer

EVAL_DEV = EVAL_DEV_ROOT
USER = 6060


def story(n: int = 1, **fields: object) -> Story:
    """An invented story; fields override the defaults."""
    base: dict[str, object] = dict(
        article_id=n,
        title=f"Envoys agree on talks timetable {n}",
        url=f"https://news.example/world/{n}",
        source="Example Wire",
        published=datetime(2025, 3, 3, 14, 5, tzinfo=timezone.utc),
        summary=["Envoys from both sides met in Oslo on Monday.", "They set a timetable for three rounds."],
        quotes=[Quote("Ana Ruiz", "We have a calendar, and we will keep it.")],
        pledges=[Pledge("Norway", "host the second round", "Norway pledged to host it.", "next month",
                        date(2025, 4, 1))],
        also_reported_by=[AlsoReported("Daily Example", f"https://daily.example/{n}")],
    )
    base.update(fields)
    return Story(**base)  # type: ignore[arg-type]


def all_valid(messages: list[str], limit: int = 4096) -> None:
    for message in messages:
        assert utf16_len(message) <= limit
        assert check(message, limit=limit) == [], (message[:200], [str(p) for p in check(message, limit=limit)])


# ---- what a reader sees ----

def test_a_story_block_shows_everything_a_reader_needs() -> None:
    [message] = render_digest(Digest("Morning digest", [story()]))
    all_valid([message])
    parsed = parse(message)
    lines = parsed.text.split("\n")
    assert lines[0] == "📰 Morning digest"
    assert lines[2] == "Envoys agree on talks timetable 1"
    assert lines[3] == "Example Wire · 3 Mar 2025, 14:05 UTC"
    assert lines[4] == "Envoys from both sides met in Oslo on Monday. They set a timetable for three rounds."
    assert "“We have a calendar, and we will keep it.”\n— Ana Ruiz" in parsed.text
    assert "🤝 Norway: host the second round (next month · 1 Apr 2025)" in parsed.text
    assert parsed.text.endswith("Also reported by Daily Example")
    assert parsed.links() == [("Envoys agree on talks timetable 1", "https://news.example/world/1"),
                     ("Daily Example", "https://daily.example/1")]
    quote = next(e for e in parsed.entities if e.type == "blockquote")
    assert parsed.entity_text(quote).startswith("“We have a calendar")


def test_times_are_shown_in_the_chats_zone() -> None:
    [message] = render_digest(Digest("D", [story()], timezone="Asia/Tokyo"))
    assert "Example Wire · 3 Mar 2025, 23:05 JST" in parse(message).text


def test_bare_dates_show_no_time_and_an_unknown_zone_falls_back_to_utc() -> None:
    [message] = render_digest(Digest("D", [story(1, published=datetime(2025, 3, 3)),
                                           story(2, published=datetime(2025, 3, 3, 9, 30))], timezone="Mars/Base"))
    text = parse(message).text
    assert "Example Wire · 3 Mar 2025\n" in text and "Example Wire · 3 Mar 2025, 09:30 UTC" in text


def test_the_closing_note_comes_last() -> None:
    messages = render_digest(Digest("D", [story(n) for n in range(30)], note="12 more stories matched <europe>."))
    assert parse(messages[-1]).text.endswith("\n\n12 more stories matched <europe>.")
    assert messages[-1].endswith("<i>12 more stories matched &lt;europe&gt;.</i>")


def test_a_story_without_quote_pledges_or_date_is_just_shorter() -> None:
    [message] = render_digest(Digest("D", [story(quotes=[], pledges=[], also_reported_by=[], published=None)]))
    text = parse(message).text
    assert "“" not in text and "🤝" not in text and "Also reported" not in text
    assert "\nExample Wire\n" in text


def test_the_key_quote_is_the_first_attributed_one() -> None:
    [message] = render_digest(Digest("D", [story(quotes=[Quote(None, "unattributed words"),
                                                         Quote("Li Wei", "attributed words")])]))
    assert "attributed words”\n— Li Wei" in parse(message).text and "unattributed" not in message


def test_an_empty_digest_says_so() -> None:
    [message] = render_digest(Digest("Evening digest", []))
    assert parse(message).text == "📰 Evening digest\n\nNothing new since the last digest."


# ---- hostile article text ----

@pytest.mark.parametrize("title", [
    "<script>alert('x')</script>",
    "Fish & chips &amp; more",
    "Unclosed <b>bold and <i>italic",
    "Ends a link early </a> then more",
    'Quotes "double" and \'single\'',
    "Flags 🇺🇦🇪🇺 and faces 😀👩‍👩‍👧",
    "עסקה בין ישראל לירדן — اتفاق",
    "Zero\u200bwidth\u200djoiners\u2060here",
])
def test_hostile_titles_are_shown_verbatim_and_harmless(title: str) -> None:
    [message] = render_digest(Digest("D", [story(title=title)]))
    all_valid([message])
    assert parse(message).links()[0][0] == title


def test_hostile_urls_are_escaped_or_not_linked() -> None:
    quoted = 'https://news.example/a?q="x"&y=<b>'
    [message] = render_digest(Digest("D", [
        story(1, url=quoted),
        story(2, url="javascript:alert(document.cookie)"),
        story(3, url="ftp://files.example/x"),
        story(4, url="https://news.example/with space"),
        story(5, url=""),
    ]))
    all_valid([message])
    parsed = parse(message)
    urls = [e.url for e in parsed.entities if e.type == "text_link" and "daily.example" not in (e.url or "")]
    assert urls == [quoted]
    for n in range(1, 6):
        assert f"Envoys agree on talks timetable {n}" in parsed.text  # unlinked titles are still shown
    assert "javascript" not in message


def test_control_characters_and_lone_surrogates_cannot_break_a_message() -> None:
    [message] = render_digest(Digest("D", [story(title="Bell\x07 NUL\x00 esc\x1b ok \ud800 \u202eend\u2066",
                                                 summary=["Line\x0bfeed and \ud83d half emoji."])]))
    all_valid([message])
    message.encode("utf-8")  # sendable: no lone surrogates left
    assert "Bell NUL esc ok \ufffd end\n" in parse(message).text  # bidi overrides cannot reorder the line


def test_a_megabyte_title_is_shortened_and_keeps_its_link() -> None:
    title = "Summit " + "very " * 210_000 + "long"
    [message] = render_digest(Digest("D", [story(title=title)]))
    all_valid([message])
    shown, url = parse(message).links()[0]
    assert url == "https://news.example/world/1" and shown.startswith("Summit very") and shown.endswith("…")
    assert len(shown) <= TITLE_CAP


# ---- limits: splitting and shortening ----

def test_three_hundred_stories_each_appear_once_in_order_within_the_limit() -> None:
    stories = [story(n) for n in range(300)]
    messages = render_digest(Digest("Weekly digest", stories))
    all_valid(messages)
    assert len(messages) > 1
    found = [int(m) for text in messages for m in re.findall(r"Envoys agree on talks timetable (\d+)\n",
                                                             parse(text).text)]
    assert found == list(range(300))


def test_messages_split_only_between_stories() -> None:
    messages = render_digest(Digest("D", [story(n) for n in range(6)]), limit=900)
    assert len(messages) > 2
    for message in messages:
        text = parse(message).text
        blocks = [b for b in text.split("\n\n") if not b.startswith("📰")]
        for block in blocks:  # every block is a whole story: title first, other outlets last
            assert block.startswith("Envoys agree") and block.endswith(("Daily Example",)), block


def test_a_long_story_loses_summary_before_quote_and_pledges() -> None:
    long_summary = [f"Sentence {i} adds detail about the negotiation rounds in Oslo." for i in range(200)]
    [message] = render_digest(Digest("D", [story(summary=long_summary)]))
    all_valid([message])
    text = parse(message).text
    assert "Sentence 0 adds" in text and "Sentence 199" not in text
    assert "— Ana Ruiz" in text and "🤝 Norway" in text and "Daily Example" in text


def test_many_pledges_show_five_and_count_the_rest_as_on_discord() -> None:
    pledges = [Pledge(f"State {i}", f"send aid convoy {i}", "", "next week") for i in range(9)]
    [message] = render_digest(Digest("D", [story(pledges=pledges)]))
    all_valid([message])
    text = parse(message).text
    assert [f"🤝 State {i}:" in text for i in range(9)] == [True] * 5 + [False] * 4
    assert "…and 4 more pledges" in text


def test_what_a_shortened_story_leaves_out_is_counted() -> None:
    """A story too long for one message loses other outlets and pledges; the reader is told how many."""
    crowded = story(summary=["word " * 300], pledges=[Pledge(f"Actor {i}", "do " * 120, "evidence") for i in range(5)],
                    also_reported_by=[AlsoReported(f"Outlet {i}", f"https://o{i}.example/{'x' * 60}")
                                      for i in range(60)])
    [message] = render_digest(Digest("D", [crowded]))
    all_valid([message])
    text = parse(message).text
    outlets = sum(f"Outlet {i}" in text for i in range(60))
    assert 0 < outlets < 60 and f"and {60 - outlets} more" in text, text[-300:]
    shown = sum(f"🤝 Actor {i}:" in text for i in range(5))
    if shown < 5:
        assert f"…and {5 - shown} more pledge" in text


def test_a_widely_reported_story_keeps_its_summary_before_a_long_list_of_outlets() -> None:
    """A story ninety outlets carried, in a message too small for all of them: the reader wants what happened
    before who else reported it. The list of outlets was kept whole and the summary dropped."""
    summary = ["Norland and Estavia agreed on Monday to reopen the Karsk crossing within ten days.",
               "The first lorries are to cross on Friday, customs officials on both sides said."]
    widely = story(summary=summary, also_reported_by=[
        AlsoReported(f"Outlet number {i}", f"https://outlet{i}.example/world/2025/03/03/karsk-{'x' * 40}")
        for i in range(90)])
    messages = render_digest(Digest("D", [widely]), limit=3000)
    all_valid(messages, 3000)
    text = "\n".join(parse(m).text for m in messages)
    assert summary[0] in text and summary[1] in text
    outlets = len(re.findall(r"Outlet number \d+\b", text))
    assert 0 < outlets < 90 and f"and {90 - outlets} more" in text, text[-300:]


def test_when_even_the_extras_do_not_fit_the_title_and_link_survive() -> None:
    crowded = story(summary=["word " * 3000], quotes=[Quote("A. Speaker", "said " * 3000)],
                    pledges=[Pledge(f"Actor {i}", "do " * 100, "evidence") for i in range(40)],
                    also_reported_by=[AlsoReported(f"Outlet {i}", f"https://o{i}.example/") for i in range(200)])
    for limit in (4096, 1000, 300, MIN_LIMIT):
        messages = render_digest(Digest("D", [crowded]), limit=limit)
        all_valid(messages, limit)
        links = [link for m in messages for link in parse(m).links()]
        if limit >= 300:
            assert ("Envoys agree on talks timetable 1", "https://news.example/world/1") in links
        else:  # 64: title and link cannot both fit; the words win over the link
            assert "Envoys agree on talks timetable 1" in parse(messages[-1]).text


def test_a_limit_outside_telegrams_range_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="limit must be between"):
        render_digest(Digest("D", [story()]), limit=5000)
    with pytest.raises(ValueError, match="limit must be between"):
        render_reply(Reply(text="x"), limit=10)


# ---- replies ----

def test_reply_text_is_escaped_and_errors_are_marked() -> None:
    assert render_reply(Reply(text="Unknown topic <europe> & co")) == ["Unknown topic &lt;europe&gt; &amp; co"]
    [message] = render_reply(Reply(text="Usage: /latest [n]", error=True))
    assert parse(message).text == "⚠️ Usage: /latest [n]"


def test_reply_sections_are_titled_lists() -> None:
    [message] = render_reply(Reply(text="Your settings", sections=[
        Section("Topics", ["europe", "middle-east"]), Section(None, ["Daily at 08:00 Europe/Paris"])]))
    assert parse(message).text == "Your settings\n\nTopics\neurope\nmiddle-east\n\nDaily at 08:00 Europe/Paris"
    assert "<b>Topics</b>" in message


def test_a_long_section_continues_under_its_title() -> None:
    lines = [f"source-{i}: https://feeds.example/{i}.xml (every 30 min)" for i in range(300)]
    messages = render_reply(Reply(sections=[Section("Sources", lines)]))
    all_valid(messages)
    assert len(messages) > 1
    texts = [parse(m).text for m in messages]
    assert texts[0].startswith("Sources\n") and all(t.startswith("Sources (continued)\n") for t in texts[1:])
    shown = [line for t in texts for line in t.split("\n")[1:]]
    assert shown == lines


def test_a_reply_with_a_digest_renders_both_and_an_empty_reply_nothing() -> None:
    messages = render_reply(Reply(text="Latest 2 stories", digest=Digest("Latest", [story(1), story(2)])))
    text = parse("\n\n".join(messages)).text
    assert text.startswith("Latest 2 stories\n\n📰 Latest") and text.count("Envoys agree") == 2
    assert render_reply(Reply()) == []


def test_an_overlong_reply_text_is_split_without_losing_a_word() -> None:
    words = [f"w{i}&" for i in range(3000)]
    messages = render_reply(Reply(text=" ".join(words)))
    all_valid(messages)
    assert " ".join(parse(m).text for m in messages).split() == words


# ---- properties over hostile digests ----

HOSTILE = ["<script>", "</a>", "&", "&amp;", "<b>", '"', "'", "javascript:", "\u202e", "\u200b", "😀", "🇺🇦",
           "\x00", "\n", "  ", "ü", "ش", "\ud800", ">", "&#128512;", "<a href=\"x\">"]
pieces = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(blacklist_characters="⟦⟧"), max_size=30))
hostile_text = st.lists(pieces, max_size=8).map("".join)
urls = st.one_of(st.just("javascript:alert(1)"), st.just(""), hostile_text.map(lambda t: "https://x.example/?q=" + t),
                 st.builds(lambda n: f"https://news.example/{n}", st.integers(0, 10**9)))


ZONES = ["UTC", "Europe/Paris", "Asia/Kolkata", "America/St_Johns", "Not/AZone", ""]
quotes = st.lists(st.builds(Quote, st.none() | hostile_text, hostile_text), max_size=3)
pledges = st.lists(st.builds(Pledge, hostile_text, hostile_text, hostile_text, st.none() | hostile_text), max_size=3)
others = st.lists(st.builds(AlsoReported, hostile_text, urls), max_size=3)
published = st.none() | st.datetimes(timezones=st.just(timezone.utc))


@st.composite
def digests(draw: st.DrawFn) -> Digest:
    """Digests of hostile stories; each title starts with a unique ⟦n⟧ marker (no other text contains ⟦)."""
    stories = [
        Story(article_id=n, title=f"⟦{n}⟧ " + draw(hostile_text), url=draw(urls), source=draw(hostile_text),
              published=draw(published), summary=draw(st.lists(hostile_text, max_size=6)), quotes=draw(quotes),
              pledges=draw(pledges), also_reported_by=draw(others))
        for n in range(draw(st.integers(0, 12)))
    ]
    note = draw(st.none() | hostile_text)
    return Digest(draw(hostile_text), stories, note=note, timezone=draw(st.sampled_from(ZONES)))


@settings(max_examples=100, deadline=None)
@given(digests(), st.one_of(st.integers(MIN_LIMIT, 400), st.integers(400, 4096)))
def test_every_message_is_valid_and_every_story_appears_exactly_once(digest: Digest, limit: int) -> None:
    messages = render_digest(digest, limit=limit)
    all_valid(messages, limit)
    texts = [parse(m).text for m in messages]
    markers = [int(m) for text in texts for m in re.findall(r"⟦(\d+)⟧", text)]
    assert markers == list(range(len(digest.stories)))


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # removed by design, as elsewhere


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=["Cs", "Cc", "Zs", "Zl", "Zp"],
                                      blacklist_characters=BIDI_CONTROLS), min_size=1,
                        max_size=TITLE_CAP), min_size=1, max_size=40, unique=True))
def test_whole_titles_survive_in_exactly_one_message(titles: list[str]) -> None:
    digest = Digest("D", [story(n, title=t) for n, t in enumerate(titles)])
    messages = render_digest(digest)
    all_valid(messages)
    for n, title in enumerate(titles):
        holders = [m for m in messages if f'<a href="https://news.example/world/{n}">' in m]
        assert len(holders) == 1
        # Whole, with a word joiner after an "@" or "/" opening a word, which Telegram would make live (render.inert)
        assert (inert(title), f"https://news.example/world/{n}") in parse(holders[0]).links()


# ---- real articles, and through the peer ----

def _date_or_none(text: str) -> datetime | None:
    """The publication time when the record gives one in ISO form (some records add a note after the date)."""
    try:
        return datetime.fromisoformat(text.split(" (")[0].strip())
    except ValueError:
        return None


def _eval_stories() -> list[Story]:
    """Stories built from the real articles in ../shared/eval-dev (their annotations as the analysis)."""
    stories: list[Story] = []
    for path in sorted((EVAL_DEV / "articles").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        published = _date_or_none(str(data.get("published") or ""))
        stories.append(Story(
            article_id=len(stories), title=data["title"], url=data.get("url") or "", source=data.get("source") or "",
            published=published, summary=data.get("key_sentences") or [],
            quotes=[Quote(q.get("speaker"), q["text"]) for q in data.get("quotes") or []],
            pledges=[Pledge(p["actor"], p["commitment"], p.get("evidence") or "", p.get("when"))
                     for p in data.get("pledges") or []],
        ))
    return stories


@pytest.mark.eval
def test_real_articles_render_valid_messages_with_every_title() -> None:
    if not (EVAL_DEV / "articles").is_dir():
        pytest.skip("../shared/eval-dev is absent")
    stories = _eval_stories()
    messages = render_digest(Digest("Real articles", stories, timezone="Europe/Berlin"))
    all_valid(messages)
    text = "\n".join(parse(m).text for m in messages)
    for s in stories:
        assert " ".join(s.title.split())[:60] in text


async def test_rendered_messages_are_accepted_by_the_peer(telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    telegram_peer.send_message(USER, "/start")
    stories = [story(n, title=t) for n, t in enumerate(
        ["<script>alert(1)</script>", "Fish &amp; chips & more", "Unclosed <b> tag", "🇺🇦 talks — שלום",
         "Summit " + "long " * 2000])] + [story(9, summary=["word " * 1500, "more " * 1500])]
    if (EVAL_DEV / "articles").is_dir():
        stories += _eval_stories()
    messages = render_digest(Digest("Digest <for> you & me", stories))
    for html in messages:
        sent = await tg_bot.send_message(USER, html, parse_mode=ParseMode.HTML,
                                         disable_web_page_preview=True)
        assert sent.text == parse(html).text  # the peer's own parser reads it as the checker does
    delivered = telegram_peer.bot_messages(USER)
    assert [m.text for m in delivered] == messages
    assert all(len(m.plain_text) <= 4096 for m in delivered)
    links = [url for m in delivered for url in m.links()]
    assert "https://news.example/world/0" in links and not any(u.startswith("javascript") for u in links)


async def test_a_headline_or_quote_cut_without_a_space_never_splits_an_emoji(
        telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    """Text without spaces (Chinese, Japanese) is cut at a character: the cut fell inside a family emoji (a man
    and a joiner left, then '…') or between a flag's two letters (a lone 'E' box shown)."""
    family, flag = "👨\u200d👩\u200d👧\u200d👦", "🇪🇺"
    title = "边" * (TITLE_CAP - 3) + family + "边" * 50
    quote = "国" * 698 + flag + "国" * 20
    telegram_peer.send_message(USER, "/start")
    [html] = render_digest(Digest("d", [story(title=title, quotes=[Quote("Li Wei", quote)], pledges=[],
                                              also_reported_by=[])]))
    await tg_bot.send_message(USER, html, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    shown = telegram_peer.bot_messages(USER)[-1].plain_text
    assert "边" * (TITLE_CAP - 3) + "…" in shown and "👨" not in shown
    assert "“" + "国" * 698 + "…”" in shown and "🇪" not in shown


def test_a_deadline_whose_words_name_the_day_does_not_repeat_it() -> None:
    """'by 15 January 2027 · 15 Jan 2027' said one day twice; the date stays where the words leave it open
    (a month, a span, a day without its year)."""
    pledges = [Pledge("Norway", "open the crossing", "", "by 15 January 2027", date(2027, 1, 15)),
               Pledge("Sweden", "fund the ferry", "", "before March 3rd, 2027", date(2027, 3, 3)),
               Pledge("Finland", "staff the office", "", "by 15 January", date(2027, 1, 15)),
               Pledge("Denmark", "clear the road", "", "by March 2027", date(2027, 3, 31))]
    text = parse(render_digest(Digest("d", [story(pledges=pledges)]))[0]).text
    assert "🤝 Norway: open the crossing (by 15 January 2027)" in text
    assert "🤝 Sweden: fund the ferry (before March 3rd, 2027)" in text
    assert "🤝 Finland: staff the office (by 15 January · 15 Jan 2027)" in text
    assert "🤝 Denmark: clear the road (by March 2027 · 31 Mar 2027)" in text


async def test_every_link_of_a_dense_digest_survives_telegrams_hundred_entities(
        telegram_peer: TelegramPeer, tg_bot: Bot) -> None:
    """Telegram keeps 100 formatting entities a message and drops the rest without an error: short stories with
    pledges (bold, italics and a link each) packed up to 4096 characters made 127, and the last stories' titles
    came without their links; a block of short pledge lines lost its sources' links likewise."""
    pledges = [Pledge("Velmora", f"open border post {n}", "", "by May", date(2027, 5, 31)) for n in range(5)]
    stories = [story(n, summary=["Short."], quotes=[Quote("Ana", "Yes.")], pledges=pledges) for n in range(20)]
    lines = [PledgeLine("due soon", "Velmora", f"open post {n}", "by May", date(2027, 5, 31),
                        f"https://news.example/pledge/{n}", "Wire") for n in range(60)]
    telegram_peer.send_message(USER, "/start")
    messages = render_digest(Digest("d", stories, pledges_due=lines))
    for html in messages:
        await tg_bot.send_message(USER, html, parse_mode=ParseMode.HTML, disable_web_page_preview=True)
    delivered = telegram_peer.bot_messages(USER)[-len(messages):]
    links = [url for message in delivered for url in message.links()]
    assert all(f"https://news.example/world/{n}" in links for n in range(20))
    assert all(f"https://news.example/pledge/{n}" in links for n in range(60))
    assert all(len(m.entities) <= 100 for m in delivered)
    all_valid(messages)


def test_a_pledge_past_its_deadline_says_so_beside_one_falling_due() -> None:
    from bot.core.digest import PledgeLine

    lines = [
        PledgeLine("due soon", "Norway", "host the second round", "next month", date(2025, 4, 1),
                   "https://news.example/world/1", "Example Wire"),
        PledgeLine("overdue", "Kestria <Ministry>", "free the crew", "by March 20", date(2025, 3, 20),
                   "https://news.example/world/2", "Harbour Post"),
    ]
    [message] = render_digest(Digest("Morning digest", pledges_due=lines))
    assert check(message) == []
    text = parse(message).text
    assert "Pledges falling due or past their deadline" in text
    assert "⏳ <b>Norway</b>: host the second round <i>(due next month · 1 Apr 2025)</i>" in message
    assert "⌛ Overdue: <b>Kestria &lt;Ministry&gt;</b>: free the crew" in message
    assert "(was due by March 20 · 20 Mar 2025; nothing reported since)" in text


def test_a_pledge_block_says_how_many_lines_it_leaves_out() -> None:
    """A summit's pledges falling due on one day: the block shows ten and counts the rest, with the command that
    lists them; the block of reports likewise. It said nothing of them."""
    from bot.core.digest import PledgeLine

    due = [PledgeLine("due soon", "Norland", f"open a field clinic in town {n}", "by November 20",
                      date(2026, 11, 20), f"https://news.example/{n}", "Wire") for n in range(10)]
    kept = [PledgeLine("kept", "Norland", "open a field clinic in Arvik", None, None, "https://news.example/a",
                       "Wire", "https://news.example/b", "Post", "Norland opened the clinic in Arvik.")]
    messages = render_digest(Digest("Evening digest", pledges_due=due, pledge_reports=kept,
                                    pledge_lines_not_shown={"due soon": 3, "overdue": 1, "broken": 2}))
    text = "\n".join(parse(m).text for m in messages)
    assert "…and 4 more falling due or past their deadline: /pledges due and /pledges overdue list them." in text
    assert "…and 2 more reported on: /pledges broken lists them." in text
    assert text.index("…and 4 more") < text.index("Pledges reported on") < text.index("…and 2 more"), text
    assert all(check(m) == [] for m in messages)


def test_a_pledge_put_back_is_reported_with_its_new_date() -> None:
    from bot.core.digest import PledgeLine

    line = PledgeLine("delayed", "Velmora", "free the Halvik ferry crew", None, date(2026, 4, 10),
                      "https://news.example/1", "Wire", "https://news.example/6", "Harbour Post",
                      "Velmora postponed the release until April 10.")
    [message] = render_digest(Digest("Evening digest", pledge_reports=[line]))
    assert check(message) == []
    text = parse(message).text
    assert "🕒 Delayed: Velmora: free the Halvik ferry crew (now due 10 Apr 2026) — Harbour Post" in text, text
    assert "“Velmora postponed the release until April 10.”" in text
