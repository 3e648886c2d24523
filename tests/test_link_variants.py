"""One story listed by two feeds at two spellings of one address (http:// and https://, with and without "www."):
a chat gets it once, the second outlet named under it. Real feeds on 127.0.0.1, the real CLI, a real database.
All story text is invented for these tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.factories import Item, rss, story
from tests.feedserver import FeedServer
from tests.test_cli import communique


@pytest.mark.parametrize("first_link, second_link", [
    ("http://wire.example/news/tarnic-crossing", "https://wire.example/news/tarnic-crossing"),
    ("https://wire.example/news/tarnic-crossing", "https://www.wire.example/news/tarnic-crossing"),
    ("http://www.wire.example/news/tarnic-crossing", "https://wire.example/news/tarnic-crossing"),
])
def test_one_story_at_two_spellings_of_its_address_is_shown_once(
    feed_server: FeedServer, tmp_path: Path, first_link: str, second_link: str
) -> None:
    """The second feed carries its teaser and its own headline, so the words alone do not tell it is the same
    story: the address does. Before, the digest listed it twice, one after the other."""
    when = datetime.now(UTC) - timedelta(hours=1)
    feed_server.route("/first.xml", body=rss([Item("Velmora to reopen the Tarnic crossing", first_link, story(3),
                                                   published=when)], title="First Wire"))
    feed_server.route("/second.xml", body=rss([Item("Tarnic crossing to reopen, Velmora says", second_link,
                                                    teaser="Velmora says the crossing reopens soon.",
                                                    published=when)], title="Second Wire"))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "c.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "First Wire"\nurl = "{feed_server.url("/first.xml")}"\n'
        f'[[sources]]\nname = "Second Wire"\nurl = "{feed_server.url("/second.xml")}"\n'
    )
    fetched = communique("fetch", cwd=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    assert "First Wire: 1 new" in fetched.stdout and "Second Wire: 1 new" in fetched.stdout, fetched.stdout
    shown = communique("latest", "5", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Latest 1 story" in shown.stdout, shown.stdout
    assert "Also reported by: Second Wire" in shown.stdout, shown.stdout


def test_two_stories_at_one_path_of_two_sites_stay_two(feed_server: FeedServer, tmp_path: Path) -> None:
    """Only the scheme and a leading "www." are taken for one address: another site's page at the same path is
    another story."""
    when = datetime.now(UTC) - timedelta(hours=1)
    feed_server.route("/first.xml", body=rss([Item("Velmora to reopen the Tarnic crossing",
                                                   "https://wire.example/news/crossing", story(3), published=when)],
                                             title="First Wire"))
    feed_server.route("/second.xml", body=rss([Item("Kestria closes the Oskel bridge",
                                                    "https://www.courier.example/news/crossing",
                                                    teaser="Kestria shuts the bridge for repairs.", published=when)],
                                              title="Second Wire"))
    (tmp_path / "config.toml").write_text(
        '[storage]\npath = "c.db"\n[fetch]\nfetch_full_text = false\nallow_private_addresses = true\n'
        f'[[sources]]\nname = "First Wire"\nurl = "{feed_server.url("/first.xml")}"\n'
        f'[[sources]]\nname = "Second Wire"\nurl = "{feed_server.url("/second.xml")}"\n'
    )
    assert communique("fetch", cwd=tmp_path).returncode == 0
    shown = communique("latest", "5", cwd=tmp_path)
    assert "Latest 2 stories" in shown.stdout and "Also reported by" not in shown.stdout, shown.stdout
