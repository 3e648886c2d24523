"""`communique sources import FILE.opml` and `communique sources export`, run as an operator runs them, on OPML
files written here in the shapes feed readers produce (folders, categories, titles only, duplicates)."""

from __future__ import annotations

import grp
import os
import stat
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import load_config
from bot.opml import Feed, read_opml, write_opml
from bot.ops.sources import import_into_config, insert_sources
from tests.factories import rss
from tests.feedserver import FeedServer
from tests.reliability.harness import REPO, Deployment
from tests.reliability.stories import story_items
from tests.reliability.test_crash_console import CHATS, STORIES, console_config

READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Subscriptions of a desk editor</title></head>
  <body>
    <outline text="Ministries" title="Ministries">
      <outline type="rss" text="Karvassa foreign ministry" xmlUrl="https://mfa.karvassa.example/press/rss.xml"
               htmlUrl="https://mfa.karvassa.example/"/>
      <outline type="rss" text="Velmora   government
               press office" xmlUrl="https://gov.velmora.example/feed" category="/Europe/Islands,Aid"/>
    </outline>
    <outline text="Wires &amp; agencies">
      <outline type="rss" title="Regional wire" xmlUrl="http://wire.example/world.atom"/>
      <outline type="rss" xmlUrl="https://nameless.example/rss"/>
    </outline>
    <outline text="Ministries again">
      <outline type="rss" text="Karvassa foreign ministry (copy)" xmlUrl="https://mfa.karvassa.example/press/rss.xml"/>
    </outline>
  </body>
</opml>
"""

CONFIG = """# Our newsroom's Communiqué.
[storage]
path = "var/communique.db"   # keep this on the data volume

[[sources]]
name = "Regional wire"
url = "https://wire.example/other.xml"
tags = ["wire"]

# Platforms below: edited by hand, keep the comments.
[telegram]
token_env = "TELEGRAM_BOT_TOKEN"
"""


def communique(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, input=stdin, capture_output=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "HOME": str(cwd)},
    )


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "reader.opml").write_bytes(READER_EXPORT)
    return tmp_path


def test_import_adds_each_new_feed_after_the_last_source_block_keeping_everything_else(desk: Path) -> None:
    result = communique("sources", "import", "reader.opml", cwd=desk)
    assert result.returncode == 0, result.stderr
    err = result.stderr.decode()
    assert "4 of 4 feeds added" in err and "renamed: “Regional wire” is “Regional wire (wire.example)”" in err
    text = (desk / "config.toml").read_text(encoding="utf-8")
    assert text.startswith(CONFIG.split("# Platforms below")[0].rstrip("\n")), "what was there stays, in place"
    assert text.index("Karvassa foreign ministry") < text.index("# Platforms below: edited by hand")
    assert text.rstrip().endswith('token_env = "TELEGRAM_BOT_TOKEN"'), "the platform section stays last"
    config = load_config(desk / "config.toml")
    assert [(s.name, s.url, s.tags) for s in config.sources] == [
        ("Regional wire", "https://wire.example/other.xml", ("wire",)),
        ("Karvassa foreign ministry", "https://mfa.karvassa.example/press/rss.xml", ("ministries",
                                                                                     "ministries again")),
        ("Velmora government press office", "https://gov.velmora.example/feed", ("ministries", "europe", "islands",
                                                                                 "aid")),
        ("Regional wire (wire.example)", "http://wire.example/world.atom", ("wires & agencies",)),
        ("nameless.example", "https://nameless.example/rss", ("wires & agencies",)),
    ]
    assert communique("check-config", cwd=desk).returncode == 0

    again = communique("sources", "import", "reader.opml", cwd=desk)
    assert again.returncode == 0 and "0 of 4 feeds added" in again.stderr.decode()
    assert "4 already followed" in again.stderr.decode()
    assert (desk / "config.toml").read_text(encoding="utf-8") == text, "importing twice adds nothing"


def test_an_import_keeps_the_config_files_owner_group_and_mode(desk: Path) -> None:
    # The systemd layout: /etc/communique/config.toml is root's, group communique, mode 0640, so the bot's user reads
    # it and only root writes it. An import run as root wrote the file anew as root:root: the running bot could no
    # longer read its config ("cannot be read; still running with the config last read") and its next start failed.
    if os.geteuid() != 0:
        pytest.skip("giving a file to another group needs root")
    config = desk / "config.toml"
    group = grp.getgrnam("nogroup").gr_gid if "nogroup" in {g.gr_name for g in grp.getgrall()} else 65534
    os.chown(config, 0, group)
    config.chmod(0o640)
    result = communique("sources", "import", "reader.opml", cwd=desk)
    assert result.returncode == 0, result.stderr
    info = config.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (0, group, 0o640)


def test_an_edit_saved_while_the_import_runs_is_kept(desk: Path) -> None:
    # Two operators at once: one saves a source of their own in the config while the other's import is between
    # reading the config and writing it. The import was refused as "would not stay a valid config with these
    # sources" (the file no longer matched what it had read), naming no cause.
    config_path = desk / "config.toml"
    read_before = load_config(config_path)
    config_path.write_text(config_path.read_text().replace(
        "# Platforms below", '[[sources]]\nname = "Desk"\nurl = "https://desk.example/feed"\n\n# Platforms below'))
    feeds = [Feed(name="Velmora press office", url="https://gov.velmora.example/feed", tags=("aid",))]
    plan = import_into_config(read_before, feeds)
    assert [f.name for f in plan.added] == ["Velmora press office"]
    assert [s.name for s in load_config(config_path).sources] == ["Regional wire", "Desk", "Velmora press office"]


def test_dry_run_prints_blocks_to_paste_and_changes_nothing(desk: Path) -> None:
    before = (desk / "config.toml").read_bytes()
    result = communique("sources", "import", "-", "--dry-run", cwd=desk, stdin=READER_EXPORT)
    assert result.returncode == 0
    assert (desk / "config.toml").read_bytes() == before
    pasted = tomllib.loads(result.stdout.decode())["sources"]
    assert [s["name"] for s in pasted] == ["Karvassa foreign ministry", "Velmora government press office",
                                           "Regional wire (wire.example)", "nameless.example"]


BAD = {
    "not XML": (b"name,url\nWire,https://wire.example/rss\n", "not well-formed XML"),
    "an empty file": (b"", "not well-formed XML"),
    "an RSS feed instead": (b"<rss version='2.0'><channel><title>x</title></channel></rss>", "not <opml>"),
    "an HTML page": (b"<html><body><p>Sign in</p></body></html>", "not <opml>"),
    "no body": (b"<opml version='2.0'><head/></opml>", "has no <body>"),
    "only folders": (b"<opml version='2.0'><body><outline text='Empty folder'/></body></opml>", "no feeds in it"),
    "entity expansion": (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b"<opml version='2.0'><body><outline text='&b;' xmlUrl='https://x.example/rss'/></body></opml>",
        "declares a DTD or entities",
    ),
    "a feed that is not on the web": (
        b"<opml version='2.0'><body><outline text='Good' xmlUrl='https://good.example/rss'/>"
        b"<outline text='Local' xmlUrl='file:///etc/passwd'/><outline text='Gopher' xmlUrl='gopher://x/1'/>"
        b"</body></opml>",
        "outline “Local”: xmlUrl 'file:///etc/passwd' is not an http:// or https:// address",
    ),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_opml_gets_a_clear_error_and_changes_nothing(desk: Path, kind: str) -> None:
    data, message = BAD[kind]
    (desk / "bad.opml").write_bytes(data)
    config = desk / "config.toml"
    before, mtime = config.read_bytes(), config.stat().st_mtime_ns
    result = communique("sources", "import", "bad.opml", cwd=desk)
    err = result.stderr.decode()
    assert result.returncode == 2
    assert "bad.opml cannot be imported (nothing was changed)" in err and message in err, err
    assert "Traceback" not in err and result.stdout == b""
    assert config.read_bytes() == before and config.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in desk.iterdir()) == ["bad.opml", "config.toml", "reader.opml"]


def test_every_bad_outline_is_named_at_once() -> None:
    with pytest.raises(Exception) as error:
        read_opml(BAD["a feed that is not on the web"][0])
    problems = error.value.problems  # type: ignore[attr-defined]
    assert len(problems) == 2 and "Gopher" in problems[1]


def test_without_a_config_file_of_its_own_the_import_refuses_and_points_to_one(tmp_path: Path) -> None:
    (tmp_path / "reader.opml").write_bytes(READER_EXPORT)
    result = communique("sources", "import", "reader.opml", cwd=tmp_path)  # the bundled demo config is in use
    assert result.returncode == 1
    assert "cp config.example.toml config.toml" in result.stderr.decode()
    demo = REPO / "bot" / "samples" / "demo.toml"
    assert "wire.example" not in demo.read_text(encoding="utf-8")


def test_export_then_import_elsewhere_gives_the_same_sources(
    desk: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert communique("sources", "import", "reader.opml", cwd=desk).returncode == 0
    exported = communique("sources", "export", cwd=desk)
    assert exported.returncode == 0
    assert exported.stdout.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    other = tmp_path_factory.mktemp("other")
    (other / "config.toml").write_text('[storage]\npath = "var/c.db"\n', encoding="utf-8")
    (other / "ours.opml").write_bytes(exported.stdout)
    assert communique("sources", "import", "ours.opml", cwd=other).returncode == 0
    mine = load_config(desk / "config.toml").sources
    theirs = load_config(other / "config.toml").sources
    assert [(s.name, s.url, s.tags) for s in theirs] == [(s.name, s.url, s.tags) for s in mine]


def test_export_of_the_demo_says_local_file_sources_are_left_out(tmp_path: Path) -> None:
    result = communique("sources", "export", "-o", "out.opml", cwd=tmp_path)
    assert result.returncode == 0
    assert "not exported: 3 local-file sources" in result.stderr.decode()
    assert read_opml_or_empty(tmp_path / "out.opml") == []


def read_opml_or_empty(path: Path) -> list[Feed]:
    try:
        return read_opml(path.read_bytes())
    except Exception as exc:
        assert "no feeds in it" in str(exc)
        return []


def test_written_opml_escapes_what_names_and_addresses_hold() -> None:
    feeds = [Feed("Press & <Briefings> “quoted”", "https://x.example/rss?a=1&b=2", ("eu", "aid & relief"))]
    assert read_opml(write_opml(feeds).encode()) == feeds


def test_blocks_go_after_the_last_source_and_before_the_comments_of_what_follows() -> None:
    text = '[[sources]]\nname = "A"\nurl = "https://a.example/"\n\n# about telegram\n[telegram]\n'
    out = insert_sources(text, '[[sources]]\nname = "B"\nurl = "https://b.example/"\n')
    assert out == ('[[sources]]\nname = "A"\nurl = "https://a.example/"\n\n[[sources]]\nname = "B"\n'
                   'url = "https://b.example/"\n\n# about telegram\n[telegram]\n')
    assert insert_sources("[storage]\nkeep_days = 3", "[[sources]]\n").endswith("keep_days = 3\n\n[[sources]]\n")


def test_a_running_bot_follows_an_imported_feed_without_a_restart(
    deploy: Callable[..., Deployment], feed_server: FeedServer
) -> None:
    deployment = deploy(console_config(feed_server))
    run = deployment.start()
    deployment.wait_for(lambda: deployment.drained(STORIES, CHATS), 60, run, "the first stories delivered")
    # The new feed: three stories of the last hour, and two of weeks ago (its back catalogue, stored but not sent).
    host = "https://newdesk.example"
    fresh = story_items(range(100, 103), host, newest=datetime.now(UTC) + timedelta(minutes=90))
    feed_server.route("/new-desk.xml", body=rss(fresh + story_items(range(103, 105), host), title="New desk"))
    opml = deployment.folder / "reader.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="New desk" xmlUrl="{feed_server.url("/new-desk.xml")}"/></body>'
        "</opml>", encoding="utf-8",
    )
    time.sleep(1.1)  # a new modification time for the config file, whatever the file system's resolution
    result = deployment.cli("sources", "import", str(opml))
    assert result.returncode == 0, result.stderr
    def new_stories_sent() -> bool:
        stored = deployment.scalar("SELECT COUNT(*) FROM articles") == STORIES + 5
        covered = deployment.scalar("SELECT COUNT(*) FROM delivered") == (STORIES + 3) * CHATS
        ledger = deployment.ledger()
        return stored and covered and ledger["due"] + ledger["sending"] == 0

    deployment.wait_for(new_stories_sent, 60, run, "the imported feed's new stories")
    assert deployment.scalar("SELECT COUNT(*) FROM sources WHERE name = 'New desk'") == 1
    assert deployment.scalar(
        "SELECT COUNT(*) FROM delivered d JOIN articles a ON a.id = d.article_id WHERE a.archive = 1") == 0
    assert "New desk: joining the bot; 2 of its entries are dated before" in run.stderr
    code, _ = run.terminate()
    assert code == 0


ON_LOOPBACK = b"""<?xml version="1.0"?>
<opml version="1.0"><body>
  <outline type="rss" text="Estavia wire" xmlUrl="https://wire.estavia.example/rss"/>
  <outline type="rss" text="Our intranet desk" xmlUrl="http://127.0.0.1:8080/desk.rss"/>
</body></opml>
"""


def test_a_feed_on_an_address_fetch_refuses_is_named_and_left_out(desk: Path) -> None:
    # It was written into the config, which check-config then refused, and the bot failed it at every fetch.
    (desk / "mixed.opml").write_bytes(ON_LOOPBACK)
    result = communique("sources", "import", "mixed.opml", cwd=desk)
    assert result.returncode == 0, result.stderr
    err = result.stderr.decode()
    assert ("not added: Our intranet desk (http://127.0.0.1:8080/desk.rss): 127.0.0.1 is a loopback address, "
            "which fetch refuses; set [fetch] allow_private_addresses = true to allow it") in err
    assert "1 of 2 feeds added" in err and "1 not added" in err
    assert [s.name for s in load_config(desk / "config.toml").sources] == ["Regional wire", "Estavia wire"]
    assert communique("check-config", cwd=desk).returncode == 0

    # Where the operator allows private addresses, it is added.
    text = (desk / "config.toml").read_text(encoding="utf-8")
    (desk / "config.toml").write_text("[fetch]\nallow_private_addresses = true\n\n" + text, encoding="utf-8")
    again = communique("sources", "import", "mixed.opml", cwd=desk)
    assert again.returncode == 0 and "1 of 2 feeds added" in again.stderr.decode(), again.stderr
    assert "Our intranet desk" in [s.name for s in load_config(desk / "config.toml").sources]
    assert communique("check-config", cwd=desk).returncode == 0


def test_a_feed_scheme_address_is_read_as_the_web_address_it_stands_for() -> None:
    # Readers and browsers write "feed://host/rss" (and "feed:https://host/rss"); they were refused as not http.
    document = (b'<opml version="2.0"><body><outline text="Norland desk" xmlUrl="feed://desk.norland.example/rss"/>'
                b'<outline text="Estavia desk" xmlUrl="feed:https://desk.estavia.example/rss"/></body></opml>')
    feeds = read_opml(document, "reader.opml")
    assert [(f.name, f.url) for f in feeds] == [("Norland desk", "http://desk.norland.example/rss"),
                                                ("Estavia desk", "https://desk.estavia.example/rss")]


def test_an_imported_feed_whose_name_reads_as_a_followed_ones_is_renamed(desk: Path) -> None:
    """A feed named as a followed source but for a zero-width space copied from a web page, or full-width letters:
    the config tells such names apart as one name (and refuses the second), but the import compared them by case
    alone, wrote the second as it was, and then refused its own config: nothing was added. It is renamed, as a name
    that differs by case is."""
    config = load_config(desk / "config.toml")
    plan = import_into_config(config, [Feed("Regional wire\u200b", "http://wire.example/world.atom"),
                                       Feed("Ｒegional wire", "https://wire.example/europe.atom")])
    assert [f.name for f in plan.added] == ["Regional wire\u200b (wire.example)", "Ｒegional wire (wire.example) 2"]
    assert [s.name for s in load_config(desk / "config.toml").sources][1:] == [f.name for f in plan.added]


KEYED_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><body>
  <outline type="rss" text="Members-only briefings" xmlUrl="https://desk:hunter2pass@briefs.example/feed?token=k3y-0f-the-desk"/>
  <outline type="rss" text="Regional wire again" xmlUrl="https://wire.example/other.xml?api_key=wire-secret-77"/>
  <outline type="rss" text="Inside" xmlUrl="http://10.1.2.3/feed?key=lan-secret-55"/>
  <outline type="rss" text="Old protocol" xmlUrl="gopher://briefs.example/feed?token=gopher-secret-99"/>
</body></opml>
"""


def test_what_an_import_says_about_a_feed_never_shows_its_password_or_key(desk: Path) -> None:
    """A reader's export can hold feeds behind a password or a key (a members-only feed's address). What the import
    tells the operator on the terminal (a feed already followed, one refused, an address it cannot take) is shown,
    pasted into tickets and kept in logs: the secret parts are blanked there, as everywhere else the bot speaks.
    The TOML a dry run prints for pasting is the config itself, and keeps the address whole."""
    config = desk / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "https://wire.example/other.xml", "https://wire.example/other.xml?api_key=wire-secret-77"), encoding="utf-8")
    (desk / "keyed.opml").write_bytes(KEYED_EXPORT.replace(b'  <outline type="rss" text="Old protocol"', b"<!--")
                                      .replace(b"99\"/>\n", b"99 -->\n"))
    dry = communique("sources", "import", "--dry-run", "keyed.opml", cwd=desk)
    done = communique("sources", "import", "keyed.opml", cwd=desk)
    for result in (dry, done):
        err = result.stderr.decode()
        assert result.returncode == 0, err
        assert "already followed: Regional wire again" in err and "not added: Inside" in err, err
        for secret in ("hunter2pass", "wire-secret-77", "lan-secret-55"):
            assert secret not in err, err
    assert "hunter2pass" in dry.stdout.decode() and "k3y-0f-the-desk" in dry.stdout.decode()
    assert "k3y-0f-the-desk" in config.read_text(encoding="utf-8")  # the config keeps what it needs to fetch

    (desk / "bad.opml").write_bytes(KEYED_EXPORT)
    bad = communique("sources", "import", "bad.opml", cwd=desk)
    assert bad.returncode == 2 and "Old protocol" in bad.stderr.decode()
    assert "gopher-secret-99" not in bad.stderr.decode(), bad.stderr.decode()


def test_a_config_saved_with_a_byte_order_mark_and_windows_line_ends_is_read_and_imported_into(desk: Path) -> None:
    """A config saved by Windows Notepad starts with a UTF-8 byte-order mark (and ends its lines with CR LF). The
    mark is invisible in an editor, and every command refused the file with `line 1, [storage]: not valid TOML
    (Invalid statement (at line 1, column 1))`: nothing there to fix that anyone could see."""
    path = desk / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + CONFIG.replace("\n", "\r\n").encode("utf-8"))
    checked = communique("check-config", cwd=desk)
    assert checked.returncode == 0, checked.stderr.decode()
    result = communique("sources", "import", "reader.opml", cwd=desk)
    assert result.returncode == 0, result.stderr.decode()
    assert "4 of 4 feeds added" in result.stderr.decode()
    assert "Karvassa foreign ministry" in [s.name for s in load_config(path).sources]


def test_a_folder_named_in_a_script_whose_letters_carry_marks_is_its_tag_whole(desk: Path) -> None:
    """A reader's folder 'वार्ता' (talks, in Hindi) was imported as the tag "व र त": each vowel sign, a mark and no
    letter, became a space; 'گفت‌وگو' (Persian) lost its non-joiner the same way."""
    export = ('<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><body>'
              '<outline text="वार्ता"><outline type="rss" text="Ganga wire" xmlUrl="https://ganga.example/rss"/>'
              '</outline><outline text="گفت\u200cوگو"><outline type="rss" text="Alborz wire" '
              'xmlUrl="https://alborz.example/rss"/></outline></body></opml>').encode()
    result = communique("sources", "import", "-", "--dry-run", cwd=desk, stdin=export)
    assert result.returncode == 0, result.stderr.decode()
    pasted = tomllib.loads(result.stdout.decode())["sources"]
    assert [s["tags"] for s in pasted] == [["वार्ता"], ["گفت\u200cوگو"]], pasted
