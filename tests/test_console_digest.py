"""A digest as the console shows it (`communique latest`, and a console chat of `communique run`), read from a
feed served on 127.0.0.1. All story text is invented for these tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.test_cli import communique

PROMISES = [("open the Tarnic crossing", "January"), ("release forty detainees", "February"),
            ("publish the customs annex", "March"), ("fund two field hospitals", "April"),
            ("withdraw its artillery from the ridge", "May"), ("restore the power line to Oskel", "June"),
            ("return the seized trawlers", "July"), ("reopen the consulate in Dolna", "August")]


def summit_latest(feed_server: FeedServer, tmp_path: Path) -> str:
    """`communique latest 1` once the summit story is fetched from the feed server: what the console prints."""
    paragraphs = [f"Velmora's foreign minister Ana Kovač pledged on Monday that her government would {what} by "
                  f"{month} 2027." for what, month in PROMISES]
    feed_server.route("/summit.xml", body=rss([Item(
        title="Velmora makes eight promises at the Geneva summit", link="https://summitwire.example/news/eight",
        paragraphs=paragraphs, published=datetime.now(UTC) - timedelta(hours=1))], title="Summit Wire"))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Summit Wire"\nurl = "{feed_server.url("/summit.xml")}"\n'
    )
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    latest = communique("latest", "1", cwd=tmp_path)
    assert latest.returncode == 0, latest.stderr
    return latest.stdout


def test_a_story_with_eight_pledges_shows_five_and_counts_the_rest_as_other_platforms_do(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A summit story's eight commitments filled the console's digest line after line, while Telegram and Discord
    show five and count the rest ("…and 3 more pledges"): a story shows at most five on every platform.

    Its deadlines give the date as `/pledges` and the other platforms write it ("31 Jan 2027"): the console's
    digest alone wrote 2027-01-31."""
    shown = summit_latest(feed_server, tmp_path)
    pledges = [line for line in shown.splitlines() if line.strip().startswith("Pledge:")]
    assert len(pledges) == 5, shown
    assert all(what in pledge for (what, _), pledge in zip(PROMISES, pledges, strict=False)), shown
    assert "…and 3 more pledges" in shown, shown
    assert "(deadline: by January 2027, 31 Jan 2027)" in " ".join(shown.split()), shown


def test_a_terminal_shows_five_pledges_of_a_story_and_counts_the_rest() -> None:
    """The coloured digest a terminal shows (`communique run` at a console) caps a story's pledges as the plain one
    does."""
    from io import StringIO

    from rich.console import Console

    from bot.analysis.model import Pledge
    from bot.core.digest import Digest, Story
    from bot.platforms.console.render import render_digest_rich

    pledges = [Pledge("Velmora", what, "", f"by {month} 2027") for what, month in PROMISES]
    digest = Digest("Latest 1 story", [Story(1, "Velmora makes eight promises", "https://summitwire.example/8",
                                             "Summit Wire", None, pledges=pledges)])
    screen = Console(file=StringIO(), width=100, color_system=None)
    screen.print(render_digest_rich(digest))
    shown = screen.file.getvalue()  # type: ignore[attr-defined]
    assert shown.count("Pledge:") == 5 and "…and 3 more pledges" in shown, shown


def test_a_story_whose_page_could_not_be_read_says_why_it_has_no_summary(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A feed entry with its headline alone, whose page answers 404: `communique latest` printed the headline,
    the outlet's line and the link, nothing saying why there was no summary. It says only the headline could be
    read."""
    link = feed_server.url("/news/tarnic")
    feed_server.route("/bare.xml", body=rss([Item(
        title="Tarnic council sits in closed session on the river charter", link=link, teaser="",
        published=datetime.now(UTC) - timedelta(hours=1))], title="River Wire"))
    feed_server.route("/news/tarnic", status=404, body=b"<html><body>Not found</body></html>",
                      content_type="text/html; charset=utf-8")
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = true\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "River Wire"\nurl = "{feed_server.url("/bare.xml")}"\n'
    )
    assert communique("fetch", cwd=tmp_path).returncode == 0
    latest = communique("latest", "1", cwd=tmp_path)
    assert latest.returncode == 0, latest.stderr
    story = latest.stdout.split("\n\n")[1]
    assert story.startswith("1. Tarnic council sits"), latest.stdout
    assert ("(No summary: only its headline could be read. The link leads to the story.)"
            in " ".join(story.split())), latest.stdout


def test_a_pledge_whose_deadline_passed_before_the_story_is_read_says_it_was_due(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A story from three days ago promising a reopening "within two days", read today with `communique latest`:
    "(deadline: within two days, 5 Dec 2026)" pointed, read today, two days ahead of a date already past."""
    published = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=3)
    feed_server.route("/orlen.xml", body=rss([Item(
        title="Velmora promises to reopen the Orlen crossing", link="https://orlenwire.example/news/crossing",
        paragraphs=["Velmora pledged to reopen the Orlen crossing to trucks within two days, after talks with "
                    "Kestria ended in Aldmark."], published=published)], title="Orlen Wire"))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Orlen Wire"\nurl = "{feed_server.url("/orlen.xml")}"\n'
    )
    assert communique("fetch", cwd=tmp_path).returncode == 0
    latest = communique("latest", "1", cwd=tmp_path)
    assert latest.returncode == 0, latest.stderr
    due = (published + timedelta(days=2)).date()
    assert f"(deadline: within two days, was due {due.day} {due:%b %Y})" in " ".join(latest.stdout.split()), \
        latest.stdout


def test_a_terminal_shows_the_whole_of_a_long_headline() -> None:
    """A story's headline stood in its frame's top border, which holds one line: in a terminal 90 columns wide a
    headline of 230 characters ended after "as many weeks at", the rest cut with no sign. The whole headline is
    shown, wrapped within the frame."""
    from io import StringIO

    from rich.console import Console

    from bot.core.digest import Digest, Story
    from bot.platforms.console.render import render_digest_rich

    headline = ("Velmoran and Kestrian negotiators, meeting for the ninth time in as many weeks at the lakeside "
                "hall in Aldmark, agree in principle to reopen the Orlen crossing to freight and to publish the "
                "customs annex before the winter session")
    digest = Digest("Latest 1 story", [Story(1, headline, "https://orlenwire.example/9", "Orlen Wire", None,
                                             summary=["Velmora agreed to reopen the crossing."])])
    screen = Console(file=StringIO(), width=90, color_system=None)
    screen.print(render_digest_rich(digest))
    shown = screen.file.getvalue()  # type: ignore[attr-defined]
    words = " ".join(word for word in shown.split() if word.strip("│╭╮╰╯─"))
    assert headline in words, shown


def test_a_headline_keeps_its_joiners_on_the_console(feed_server: FeedServer, tmp_path: Path) -> None:
    """Stored whole, a headline's joiners were dropped by the console alone: `communique latest` showed a family
    emoji as four faces and a rainbow flag as a flag and a rainbow, and wrote a Persian word that the non-joiner
    spells 'می‌گوید' as 'میگوید', misspelt. Only the zero-width characters that show nothing and join nothing go."""
    family, flag = "👨\u200d👩\u200d👧\u200d👦", "🏳️\u200d🌈"
    persian = "وزیر خارجه می\u200cگوید مذاکرات ادامه دارد"
    titles = [f"Families reunited at the Orlen crossing {family}", f"Marchers fill Halvik's old town {flag}",
              persian]
    now = datetime.now(UTC)
    feed_server.route("/joined.xml", body=rss([
        Item(title=title, link=f"https://joinedwire.example/news/{n}",
             paragraphs=[f"Delegates met in Halvik on day {n + 1} of the talks on the Orlen crossing."],
             published=now - timedelta(hours=n + 1)) for n, title in enumerate(titles)], title="Joined Wire"))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "var/communique.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "Joined Wire"\nurl = "{feed_server.url("/joined.xml")}"\n'
    )
    assert communique("fetch", cwd=tmp_path).returncode == 0
    latest = communique("latest", "3", cwd=tmp_path)
    assert latest.returncode == 0, latest.stderr
    for n, title in enumerate(titles, start=1):
        assert f"{n}. {title}\n" in latest.stdout, latest.stdout


def test_a_story_time_on_the_console_names_its_zone(feed_server: FeedServer, tmp_path: Path) -> None:
    """`communique latest` wrote a story's time as "7 Dec 2026, 09:40", in the config's zone and naming none: an
    operator in Berlin reading a UTC config took it for their own clock's. It names the zone, as Telegram does."""
    published = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=2)
    feed_server.route("/quay.xml", body=rss([Item(
        title="Maren and Halvik agree to share the quay inspection rota", link="https://quaywire.example/news/rota",
        paragraphs=["The port authorities of Maren and Halvik agreed on Monday to share one inspection rota at the "
                    "northern quay."], published=published)], title="Quay Wire"))
    config = ('[storage]\npath = "var/communique.db"\n'
              '[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
              f'[[sources]]\nname = "Quay Wire"\nurl = "{feed_server.url("/quay.xml")}"\n')
    (tmp_path / "config.toml").write_text(config)
    assert communique("fetch", cwd=tmp_path).returncode == 0
    latest = communique("latest", "1", cwd=tmp_path)
    assert latest.returncode == 0, latest.stderr
    assert f"Quay Wire · {published.day} {published:%b %Y, %H:%M} UTC" in latest.stdout, latest.stdout
    (tmp_path / "config.toml").write_text(config + '[digest]\ntimezone = "Asia/Tokyo"\n')
    tokyo = published.astimezone(ZoneInfo("Asia/Tokyo"))
    latest = communique("latest", "1", cwd=tmp_path)
    assert f"Quay Wire · {tokyo.day} {tokyo:%b %Y, %H:%M} JST" in latest.stdout, latest.stdout


def test_every_row_of_a_story_card_is_the_terminals_width() -> None:
    """A card's right border was reported a column out on one row of the demo's visa story at 80 columns
    ("... Aliens Act in  │"); measured in terminal cells, not bytes (an "č" or a "’" is two bytes, a border three),
    every row of a card is the terminal's width, with accented, curly-quoted, wide (CJK) and emoji text in it."""
    from io import StringIO

    from rich.cells import cell_len
    from rich.console import Console

    from bot.analysis.model import Pledge, Quote
    from bot.core.digest import Digest, Story
    from bot.platforms.console.render import render_digest_rich

    summary = ("Delegates met at an intergovernmental conference in Aldmark. Foreign Minister Ana Kovač, who led the "
               "Velmoran delegation, said the government would table amendments to the Aliens Act in parliament "
               "before the end of January, and that the country’s readiness would be assessed. 外交部长 said "
               "the talks went well 🇰🇷 and the families 👨\u200d👩\u200d👧 crossed at dawn.")
    story = Story(1, "Velmora’s visa talks move forward in Aldmark", "https://visawire.example/news/talks",
                  "Visa Wire", datetime(2026, 12, 1, 9, 0, tzinfo=UTC), summary=[summary],
                  quotes=[Quote(speaker="Ana Kovač", text="We will table the amendments before the end of January.")],
                  pledges=[Pledge("The government", "table amendments to the Aliens Act in parliament", "",
                                  "before the end of January")])
    for width in (60, 80, 88, 120):
        screen = Console(file=StringIO(), width=width, color_system=None)
        screen.print(render_digest_rich(Digest("Latest 1 story", [story])))
        rows = [row for row in screen.file.getvalue().splitlines() if row[:1] in "╭│╰"]  # type: ignore[attr-defined]
        assert len(rows) > 8 and all(cell_len(row) == width for row in rows), [
            (cell_len(row), row) for row in rows if cell_len(row) != width]
