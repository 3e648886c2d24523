"""Full text read through the product's path on pages of layouts nobody had tried (tests/pages/layouts): a feed
gives a teaser, the ingestor fetches the story's page from a server on 127.0.0.1 and stores what it extracted,
as `communique run` does. Each page's sidecar says what a reader expects of the stored story."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.helpers import ingestor_for

LAYOUTS = Path(__file__).resolve().parent / "pages" / "layouts"
PAGES = sorted(LAYOUTS.glob("*.html"))


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split())


def _side(page: Path) -> dict:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))


async def _stored(feed_server: FeedServer, make_config, pages: list[Path]) -> dict[str, dict]:
    """Each page's stored story (text, summary, quotes, paywall mark) by its headline, read through a feed."""
    entries = []
    for page in pages:
        feed_server.route(f"/{page.stem}", body=page.read_bytes(), content_type="text/html; charset=utf-8")
        entries.append(Item(_side(page)["title"], feed_server.url(f"/{page.stem}"), teaser="Brief."))
    feed_server.route("/feed.xml", body=rss(entries))
    ingestor = ingestor_for(make_config, [{"name": "Layouts", "url": feed_server.url("/feed.xml")}], timeout=10)
    [report] = await ingestor.run()
    assert report.new == len(pages), report
    rows = ingestor.db.execute("SELECT title, text, summary, quotes, paywalled FROM articles").fetchall()
    return {title: {"text": text, "summary": json.loads(summary), "quotes": json.loads(quotes),
                    "paywalled": bool(paywalled)} for title, text, summary, quotes, paywalled in rows}


def _lines(text: str) -> list[str]:
    return [_norm(line) for line in text.split("\n") if line.strip()]


def _present(expected: str, lines: list[str]) -> bool:
    """A line of the story is anywhere in a line; a short label ("Share") only as a line, or a line's start."""
    want = _norm(expected)
    if len(want.split()) <= 2 and want[:1].isupper():
        return any(line == want or line.startswith(want + " ") for line in lines)
    return any(want in line for line in lines)


async def test_every_layout_keeps_its_story_and_drops_its_furniture(feed_server: FeedServer, make_config) -> None:
    stored = await _stored(feed_server, make_config, PAGES)
    failures = []
    for page in PAGES:
        side, story = _side(page), stored[_side(page)["title"]]
        lines = _lines(story["text"])
        for line in [side["first_sentence"], *side.get("must_keep", [])]:
            if not _present(line, lines):
                failures.append(f"{page.stem}: lost {line!r}")
        if not lines or not lines[-1].endswith(_norm(side["last_sentence"])):
            failures.append(f"{page.stem}: ends {lines[-1][-80:] if lines else ''!r}")
        for line in side.get("must_drop", []):
            if _present(line, lines):
                failures.append(f"{page.stem}: kept {line!r}")
        for line in side.get("once", []):
            if _norm(story["text"]).count(_norm(line)) > 1:
                failures.append(f"{page.stem}: said twice {line!r}")
        if story["paywalled"] != side.get("paywalled", False):
            failures.append(f"{page.stem}: paywalled {story['paywalled']}")
    assert not failures, "\n".join(failures)


async def test_a_galleries_captions_are_its_story_and_their_credits_are_not(feed_server: FeedServer,
                                                                           make_config) -> None:
    """A photo gallery tells its story in its captions: read as a news page's pictures, they were all dropped, and
    the story went out as its two-sentence introduction."""
    [story] = (await _stored(feed_server, make_config, [LAYOUTS / "photo-gallery.html"])).values()
    text = _norm(story["text"])
    assert "Under the agreement signed in October, each traveller is inspected once" in text, story["text"]
    assert "The crossing will be open from six in the morning until ten at night." in text
    assert "Photograph:" not in text and "1 of 5" not in text
    assert any("inspected once" in line or "review the arrangement" in line or "cut the journey" in line
               for line in story["summary"]), story["summary"]


async def test_an_old_sites_closing_lines_stay_out_of_a_short_storys_summary(feed_server: FeedServer,
                                                                            make_config) -> None:
    """'Comments on this article are closed.' after a short story read as its last sentence, and a summary of three
    sentences gave it as one of them."""
    whole = (LAYOUTS / "br-paragraphs.html").read_text(encoding="utf-8")
    first = whole.index("the straits between them.<br><br>") + len("the straits between them.<br><br>")
    short = whole[:first] + whole[whole.index("The merger takes effect"):]  # its first and last paragraphs
    feed_server.route("/short", body=short.encode(), content_type="text/html")
    feed_server.route("/feed.xml", body=rss([Item("Coast guard merger", feed_server.url("/short"), teaser="Brief.")]))
    ingestor = ingestor_for(make_config, [{"name": "Gazette", "url": feed_server.url("/feed.xml")}], timeout=10)
    await ingestor.run()
    [(text, summary)] = ingestor.db.execute("SELECT text, summary FROM articles").fetchall()
    assert "The merger takes effect on 1 April" in text, text
    assert "Comments on this article are closed" not in summary, summary
    assert "Comments on this article are closed" not in text and "Printer friendly" not in text, text


async def test_an_embedded_posts_picture_link_is_not_part_of_its_quote(feed_server: FeedServer, make_config) -> None:
    """A post's picture, shown by its network as a link ("pic.twitter.com/…"), was quoted as the minister's words."""
    [story] = (await _stored(feed_server, make_config, [LAYOUTS / "embedded-post-video.html"])).values()
    quoted = [quote["text"] for quote in story["quotes"]]
    assert any("no diplomatic note will change our maps" in text for text in quoted), quoted
    assert not any("pic.twitter.com" in text or "t.co/" in text for text in quoted), quoted
    assert "pic.twitter.com" not in story["text"]


@pytest.mark.parametrize("furniture", ["Media contacts", "press@mfa.tarnovia.example", "PDF, 312 KB"])
async def test_a_press_releases_contacts_and_document_link_are_not_its_story(
    feed_server: FeedServer, make_config, furniture: str
) -> None:
    """A release's contacts box and its link to the statement's PDF were stored as the story's closing lines."""
    [story] = (await _stored(feed_server, make_config, [LAYOUTS / "government-release.html"])).values()
    assert furniture not in story["text"], story["text"]
    assert _lines(story["text"])[-1].endswith("which will begin work in Mirov on 8 December."), story["text"]


async def test_an_embedded_post_the_story_does_not_introduce_is_its_authors_by_its_credit(
    feed_server: FeedServer, make_config
) -> None:
    """A post set after a paragraph that does not introduce it ("... alongside a short message.") was quoted as no
    one's, and a summary gave the minister's words in quotation marks with no one saying them. Its credit line
    names its author ("— Corin Albescu (@CorinAlbescu)"): the post is read as his."""
    [story] = (await _stored(feed_server, make_config, [LAYOUTS / "embedded-post-video.html"])).values()
    post = "no diplomatic note will change our maps"
    assert [quote["speaker"] for quote in story["quotes"] if post in quote["text"]] == ["Corin Albescu"], \
        story["quotes"]
    assert all("Albescu" in sentence for sentence in story["summary"] if post in sentence), story["summary"]
    assert "(@CorinAlbescu)" not in story["text"]


@pytest.mark.parametrize("gate", [
    "To continue reading, subscribe or log in.",
    "You have reached your limit of free articles this month.",
    "Become a member to read the rest of this story.",
    "Keep reading with a subscription: your first month is free.",
    "Only subscribers can read this article.",
    "Unlock this story with a digital subscription.",
])
async def test_a_teaser_under_other_paywall_words_is_marked_as_its_free_start(
    feed_server: FeedServer, make_config, gate: str
) -> None:
    """A paywall's words in other wording than "Subscribe to continue reading": the two free paragraphs were stored
    and sent as the whole story, with nothing to say the rest is for subscribers."""
    html = (LAYOUTS / "paywall-teaser.html").read_text(encoding="utf-8")
    html = html.replace("<h2>Subscribe to continue reading</h2>", f"<h2>{gate}</h2>")
    assert gate in html
    feed_server.route("/gated", body=html.encode(), content_type="text/html")
    feed_server.route("/feed.xml", body=rss([Item("Ostmark's quiet talks", feed_server.url("/gated"),
                                                  teaser="Brief.")]))
    ingestor = ingestor_for(make_config, [{"name": "Review", "url": feed_server.url("/feed.xml")}], timeout=10)
    await ingestor.run()
    [(text, paywalled)] = ingestor.db.execute("SELECT text, paywalled FROM articles").fetchall()
    assert "three years after it walked out" in text, text
    assert paywalled, f"{gate!r} not read as a paywall"


async def test_a_slideshows_captions_in_a_list_are_its_story(feed_server: FeedServer, make_config) -> None:
    """A gallery laid out as a list of slides, each caption a paragraph ending on its credit: the extractor left the
    slides out (their class says "slide"), and a caption read with its credit was dropped whole as a caption."""
    captions = ["Rescue teams from Orsova carry supplies across the damaged bridge at Telm on Monday morning. The "
                "bridge has reopened to people on foot only.",
                "A family waits for the first convoy in the square of Brisk, where the water reached two metres. Most "
                "homes there are still without power.",
                "Engineers from the river commission inspect the dam at Kalvo, which held during the storm. They said "
                "it would be checked again next week."]
    slides = "".join(f"<li class='slide'><img src='/{n}.jpg'><p class='slide-caption'>{caption} <em "
                     f"class='photo-credit'>Photo: Ana Roe</em></p><span class='count'>{n + 1} / 3</span></li>"
                     for n, caption in enumerate(captions))
    feed_server.route("/floods", content_type="text/html", body=(
        "<html><head><title>The floods in pictures</title></head><body><main><h1>The floods in pictures</h1><p>The "
        "storm left the valley under water for three days this week.</p>"
        f"<ul class='slideshow'>{slides}</ul></main></body></html>").encode())
    feed_server.route("/feed.xml", body=rss([Item("The floods in pictures", feed_server.url("/floods"),
                                                  teaser="Brief.")]))
    ingestor = ingestor_for(make_config, [{"name": "Pictures", "url": feed_server.url("/feed.xml")}], timeout=10)
    await ingestor.run()
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert text.split("\n\n")[1:] == captions, text


async def test_a_releases_end_mark_ends_it_and_its_notes_and_contact_line_stay_out(feed_server: FeedServer,
                                                                                 make_config) -> None:
    """A press release ends with "ENDS" (or "###", "-30-"), then notes to editors and a contact line: "For more
    information, please contact the Press Office on ..." was given as a sentence of its summary."""
    body = ["Foreign Minister Ilona Rastova today announced that Tarnovia and Vellmark have agreed to open a "
            "humanitarian corridor through the Sedna valley.",
            "The corridor will open on 9 December and will remain open for at least ninety days, the ministry said "
            "in a statement."]
    after = ["ENDS", "Notes to editors", "1. The Sedna valley has been cut off since the flooding of 28 November, "
             "which destroyed the two road bridges into the valley.", "2. Photographs of the signing are available "
             "on request from the press office.", "For more information, please contact the Press Office on +99 21 "
             "555 0192.", "###"]
    for n, end in enumerate(["ENDS", "###", "- 30 -"]):
        lines = [*body, *[end if line == "ENDS" else line for line in after]]
        feed_server.route(f"/release/{n}", content_type="text/html", body=(
            f"<html><head><title>Corridor agreed {n}</title></head><body><main><h1>Corridor agreed {n}</h1>"
            + "".join(f"<p>{line}</p>" for line in lines) + "</main></body></html>").encode())
    # the contact line alone, with no end mark before it
    feed_server.route("/release/3", content_type="text/html", body=(
        "<html><head><title>Corridor agreed 3</title></head><body><main><h1>Corridor agreed 3</h1>"
        + "".join(f"<p>{line}</p>" for line in [*body, after[4]]) + "</main></body></html>").encode())
    feed_server.route("/feed.xml", body=rss([Item(f"Corridor agreed {n}", feed_server.url(f"/release/{n}"),
                                                  teaser="Brief.") for n in range(4)]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}], timeout=10)
    await ingestor.run()
    stored = ingestor.db.execute("SELECT title, text, summary FROM articles ORDER BY title").fetchall()
    assert len(stored) == 4
    for title, text, summary in stored:
        assert text.split("\n\n") == body, (title, text)
        assert "Press Office" not in summary, (title, summary)


async def test_a_government_pages_further_information_list_is_not_its_story(feed_server: FeedServer,
                                                                           make_config) -> None:
    """A government release closing on a "Further information" list (its office's account, "Media enquiries:
    email ...") was stored ending on those bullets."""
    body = ["The Foreign Secretary today announced new funding of 4 million to help clear mines from farmland in the "
            "Orl valley.",
            "The money will pay for three demining teams for two years, working with the valley authorities to "
            "return fields to farmers."]
    feed_server.route("/mines", content_type="text/html", body=(
        "<html><head><title>Funding to clear mines - GOV.EX</title></head><body><main id='content'>"
        "<h1>Funding to clear mines</h1><div class='govspeak'>" + "".join(f"<p>{line}</p>" for line in body)
        + "<h2>Further information</h2><ul><li>Follow the Foreign Office on X <a href='#'>@ForeignOfficeEx</a>"
        "</li><li>Media enquiries: email newsdesk@fo.example</li></ul></div><div class='feedback'><h2>Is this page "
        "useful?</h2><button>Yes</button><button>No</button></div></main></body></html>").encode())
    feed_server.route("/feed.xml", body=rss([Item("Funding to clear mines", feed_server.url("/mines"),
                                                  teaser="Brief.")]))
    ingestor = ingestor_for(make_config, [{"name": "Ministry", "url": feed_server.url("/feed.xml")}], timeout=10)
    await ingestor.run()
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert text.split("\n\n") == body, text


@pytest.mark.parametrize("box", [
    "<figure class='wp-block-embed is-provider-twitter wp-block-embed-twitter'><div class='wp-block-embed__wrapper'>"
    "{}</div></figure>",
    "<div class='embed-wrapper'>{}</div>",
])
async def test_an_embedded_post_in_a_box_of_its_own_keeps_its_words(feed_server: FeedServer, make_config,
                                                                     box: str) -> None:
    """A post set in an embed box of its own (a WordPress embed block: a <figure> and a wrapper) was left out whole
    with its box: the leader's words were lost from the story, and no quote of them was found."""
    post = "Congratulations to the people of Kalvia on a free and peaceful election, and to its new government."
    quote = (f"<blockquote class='twitter-tweet'><p lang='en' dir='ltr'>{post}</p>&mdash; Teo Brandt (@TeoBrandtPM) "
             "<a href='https://social.example/TeoBrandtPM/status/1'>March 3, 2026</a></blockquote>")
    feed_server.route("/visit", content_type="text/html", body=(
        "<html><head><title>Brandt offers to visit Kalvia</title></head><body><article><h1>Brandt offers to visit "
        "Kalvia</h1><p>Velmora's prime minister, Teo Brandt, congratulated Kalvia's new government on Tuesday and "
        "offered to visit its capital before the summer.</p><p>In a post on his account after the results, Brandt "
        f"wrote:</p>{box.format(quote)}<p>Kalvia's incoming prime minister, Sofi Harne, replied that she would "
        "welcome the visit and that trade would be first on the agenda.</p></article></body></html>").encode())
    feed_server.route("/feed.xml", body=rss([Item("Brandt offers to visit Kalvia", feed_server.url("/visit"),
                                                  teaser="Brief.")]))
    ingestor = ingestor_for(make_config, [{"name": "Observer", "url": feed_server.url("/feed.xml")}], timeout=10)
    await ingestor.run()
    [(text, quotes)] = ingestor.db.execute("SELECT text, quotes FROM articles").fetchall()
    assert f"“{post}”" in text.split("\n\n"), text
    assert any(q["speaker"] == "Teo Brandt" and "free and peaceful election" in q["text"] for q in json.loads(quotes)), \
        quotes


async def test_a_galleries_captions_with_their_credit_in_their_words_are_its_story(feed_server: FeedServer,
                                                                                make_config) -> None:
    """A gallery whose captions end on their credit in their own words ("... passes. (Photo: Ana Roe)"): read as
    no sentence, the captions were not taken for the story, and every one went."""
    captions = ["Children from the school in Brenna wave flags of both countries as the first bus passes on Saturday.",
                "Customs officers from both countries check papers at the shared booth that replaces the two old posts.",
                "The first lorry through the crossing carries apples from the orchards at Dorn to the Ostrand markets."]
    figures = "".join(f"<figure><img src='/{n}.jpg'><figcaption>{caption} (Photo: Ana Roe)</figcaption></figure>"
                      for n, caption in enumerate(captions))
    feed_server.route("/crossing", content_type="text/html", body=(
        "<html><head><title>The crossing in pictures</title></head><body><article><h1>The crossing in pictures</h1>"
        f"<p>The Brenna crossing reopened on Saturday after eleven years.</p>{figures}</article></body></html>"
    ).encode())
    feed_server.route("/feed.xml", body=rss([Item("The crossing in pictures", feed_server.url("/crossing"),
                                                  teaser="Brief.")]))
    ingestor = ingestor_for(make_config, [{"name": "Pictures", "url": feed_server.url("/feed.xml")}], timeout=10)
    await ingestor.run()
    [text] = ingestor.db.execute("SELECT text FROM articles").fetchone()
    assert text.split("\n\n")[1:] == captions, text
