"""Sources added at run time (a config edit applied by reload) and links inside feeds may not point Communiqué at
loopback, private, link-local or otherwise non-public addresses unless the config allows it.

No traffic may leave the machine: a Python audit hook sees every `socket.connect` of this process, records it,
and refuses any to a non-loopback address before it happens; a listener on 127.0.0.1 counts what reaches it.
The refusals must come from Communiqué's own check, before any connection: the tests assert none was attempted.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import load_config
from bot.ingest.pipeline import Ingestor
from bot.runtime import Runtime
from storage import articles as article_store
from storage import sources as source_store
from tests.factories import Item, rss
from tests.feedserver import FeedServer
from tests.helpers import RecordingPlatform
from tests.reliability.conftest import Figures
from tests.reliability.faultservers import HangingServer, running
from tests.reliability.harness import to_toml

_CONNECTS: list[object] | None = None


def _audit(event: str, args: tuple) -> None:
    if event != "socket.connect" or _CONNECTS is None:
        return
    address = args[1]
    _CONNECTS.append(address)
    host = address[0] if isinstance(address, tuple) else str(address)
    try:
        loopback = ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise PermissionError(f"test guard: no connection may leave this machine ({host})")


sys.addaudithook(_audit)


@pytest.fixture
def connects() -> Iterator[list[object]]:
    """Every socket.connect this process attempts during the test (non-loopback ones are also refused)."""
    global _CONNECTS
    _CONNECTS = []
    try:
        yield _CONNECTS
    finally:
        _CONNECTS = None


def private_urls(port: int) -> list[str]:
    """Addresses an operator's edit (or a hostile feed) might name, all resolving to non-public networks."""
    return [
        f"http://localhost:{port}/feed.xml",
        f"http://127.0.0.1:{port}/feed.xml",
        f"http://[::1]:{port}/feed.xml",
        f"http://[::ffff:127.0.0.1]:{port}/feed.xml",  # IPv4-mapped IPv6
        f"http://[64:ff9b::7f00:1]:{port}/feed.xml",  # 127.0.0.1 through NAT64
        "http://[64:ff9b::a14:1e28]/feed.xml",  # 10.20.30.40 through NAT64
        f"http://2130706433:{port}/feed.xml",  # 127.0.0.1 written as one number
        f"http://0x7f.0.0.1:{port}/feed.xml",  # and in hexadecimal
        f"http://0.0.0.0:{port}/feed.xml",  # "this host"
        "http://10.20.30.40/feed.xml",
        "http://172.16.5.4/feed.xml",
        "http://192.168.1.1/feed.xml",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://[fe80::1]/feed.xml",
        "http://[fd00::7]/feed.xml",
        "http://100.64.0.1/feed.xml",  # shared address space (carrier-grade NAT)
    ]


def write_config(tmp_path: Path, sources: list[dict], allow: bool) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(to_toml({
        "storage": {"path": str(tmp_path / "communique.db")},
        "fetch": {"allow_private_addresses": allow, "timeout": 2},
        "sources": sources,
    }))
    return path


async def test_sources_added_by_a_config_reload_cannot_reach_private_addresses(
    tmp_path: Path, connects: list[object], figures: Figures
) -> None:
    local_feed = tmp_path / "ministry.xml"
    local_feed.write_bytes(rss([Item("Aldmark opens a consulate", "https://ministry.example/1", ["Text " * 20])]))
    path = write_config(tmp_path, [{"name": "Ministry", "url": str(local_feed)}], allow=False)
    with running(HangingServer()) as listener:
        runtime = Runtime(load_config(path), {"test": RecordingPlatform()}, tick_seconds=3600)
        await runtime.start()
        try:
            urls = private_urls(listener.port)
            added = [{"name": f"Added {n}", "url": url} for n, url in enumerate(urls)]
            write_config(tmp_path, [{"name": "Ministry", "url": str(local_feed)}, *added], allow=False)
            assert runtime.reload_config()  # what saving the file or SIGHUP does
            reports = {r.name: r for r in await runtime.ingest_tick()}
        finally:
            await runtime.stop()
        assert listener.connections == 0
    assert connects == [], f"connections were attempted: {connects}"
    rows = {r.name: r for r in source_store.list_sources(runtime.db)}
    for n, url in enumerate(urls):
        name = f"Added {n}"
        assert not reports[name].ok, url
        assert "private or local address" in rows[name].last_error, (url, rows[name].last_error)
        assert "allow_private_addresses" in rows[name].last_error
    figures.tried("SSRF: private/loopback/link-local source URLs added by reload", len(urls))


async def test_links_inside_a_feed_cannot_make_the_bot_fetch_private_addresses(
    tmp_path: Path, connects: list[object], figures: Figures
) -> None:
    with running(HangingServer()) as listener:
        urls = private_urls(listener.port)
        teasers = [Item(f"Teaser {n} about the Orlen summit", url, teaser=f"Short teaser {n} on the summit.")
                   for n, url in enumerate(urls)]
        feed = tmp_path / "wire.xml"
        feed.write_bytes(rss(teasers))
        config = load_config(write_config(tmp_path, [{"name": "Wire", "url": str(feed)}], allow=False))
        from storage import connect

        ingestor = Ingestor(connect(config.storage.path), config)
        ingestor.sync_sources()
        [report] = await ingestor.run()
        assert listener.connections == 0
    assert connects == [], f"connections were attempted: {connects}"
    assert report.ok and report.new == len(urls), "each story is kept with its teaser"
    texts = [r.summary for r in article_store.latest(ingestor.db, 20)]
    assert len(texts) == len(urls)
    figures.tried("SSRF: private/loopback/link-local links inside a feed", len(urls))


async def test_allowing_private_addresses_is_an_explicit_choice(tmp_path: Path, connects: list[object]) -> None:
    """With the switch on, the same loopback source is fetched (so the refusal above is the check, not luck)."""
    with running(HangingServer()) as listener:
        path = write_config(tmp_path, [{"name": "Lab", "url": f"http://127.0.0.1:{listener.port}/feed.xml"}],
                            allow=True)
        config = load_config(path)
        from storage import connect

        ingestor = Ingestor(connect(config.storage.path), config)
        ingestor.sync_sources()
        [report] = await ingestor.run()
        assert listener.connections == 1 and "timed out" in (report.error or "")
    assert len(connects) == 1


async def test_a_name_that_resolves_public_then_private_cannot_reach_the_private_address(
    tmp_path: Path, connects: list[object], feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch,
    figures: Figures,
) -> None:
    """DNS rebinding: the source's name server answers a public address to the check and 127.0.0.1 right after
    (a TTL of 0), when the connection looks the name up again. The connection must go to the address that was
    checked, never to one looked up after the check. (The resolver is the one thing played here: no name server
    of the machine's can be pointed at from a test; every connection is real and watched by the audit hook.)"""
    feed_server.route("/feed.xml", body=rss([Item("Velmora opens its border crossings", "https://press.example/1",
                                                  teaser="Velmora said it would open the crossings.")]))
    real = socket.getaddrinfo
    answers: list[str] = []

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if (host.decode() if isinstance(host, bytes) else host) != "press.rebind.test":  # anyio asks in bytes
            return real(host, port, *args, **kwargs)
        address = "93.184.215.14" if len(answers) % 2 == 0 else "127.0.0.1"  # public first, then loopback
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0)))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    path = write_config(tmp_path, [{"name": "Rebinding", "url": f"http://press.rebind.test:{feed_server.port}"
                                                                  "/feed.xml"}], allow=False)
    config = load_config(path)
    from storage import connect

    ingestor = Ingestor(connect(config.storage.path), config)
    ingestor.sync_sources()
    [report] = await ingestor.run()
    assert len(answers) >= 1, "the name was looked up"
    assert feed_server.hits("/feed.xml") == 0, "the feed server on 127.0.0.1 was reached through a rebound name"
    assert not report.ok and report.new == 0
    assert all(address[0] != "127.0.0.1" for address in connects if isinstance(address, tuple)), connects
    figures.tried("SSRF: a name rebound from a public to a private address between the check and the connection")


def test_a_public_ipv4_address_through_nat64_is_public() -> None:
    """On an IPv6-only network, DNS64 answers an IPv4-only site's name with 64:ff9b::<its IPv4 address>: every
    such answer was refused as not public, so no site without IPv6 of its own could be read. It is judged by the
    IPv4 address it reaches (a private one stays refused: private_urls)."""
    from bot.ingest.fetch import _is_public

    assert _is_public("64:ff9b::5db8:d70e")  # 93.184.215.14
    assert not _is_public("64:ff9b::7f00:1") and not _is_public("64:ff9b::a9fe:a9fe")  # loopback, cloud metadata
