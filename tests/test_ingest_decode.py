"""Compressed bodies are inflated within the size cap, layer by layer, off the event loop.

A real HTTP server on 127.0.0.1 sends the bodies; the ingest pass reads them as `communique run` would.
"""

from __future__ import annotations

import asyncio
import codecs
import functools
import gzip
import logging
import socket
import threading
import time
import tracemalloc
import zlib

import pytest

from bot.ingest.decode import DecodeError, decode_body, encodings_of, html_text
from storage import articles as article_store
from tests.factories import Item, items, page, rss, story
from tests.feedserver import FeedServer
from tests.helpers import ingestor_for

ZEROS_MIB = 256  # what one layer inflates to: far past any cap, and far more memory than a feed deserves


@functools.cache
def gzipped_zeros() -> bytes:
    """256 MiB of zeros in one gzip member (about 250 KB), built a mebibyte at a time."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    return b"".join(packer.compress(block) for _ in range(ZEROS_MIB)) + packer.flush()


def stacked_bomb() -> bytes:
    """The zeros gzipped twice: well under a kilobyte on the wire."""
    return gzip.compress(gzipped_zeros(), 9)


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


def test_every_supported_coding_round_trips() -> None:
    doc = rss(items(2))
    assert decode_body(gzip.compress(doc), ["gzip"], 1_000_000) == doc
    assert decode_body(gzip.compress(doc), ["x-gzip"], 1_000_000) == doc
    assert decode_body(zlib.compress(doc), ["deflate"], 1_000_000) == doc
    assert decode_body(raw_deflate(doc), ["deflate"], 1_000_000) == doc
    assert decode_body(zlib.compress(gzip.compress(doc)), ["gzip", "deflate"], 1_000_000) == doc
    assert decode_body(gzip.compress(doc) + gzip.compress(doc), ["gzip"], 1_000_000) == doc + doc  # two members
    assert encodings_of("gzip, identity ,GZIP") == ["gzip", "gzip"]


def test_unknown_or_corrupt_codings_are_refused_with_a_reason() -> None:
    with pytest.raises(DecodeError, match="unsupported Content-Encoding: br"):
        decode_body(b"...", ["br"], 1_000)
    with pytest.raises(DecodeError, match="cannot decode the gzip body"):
        decode_body(b"not gzip at all", ["gzip"], 1_000)


def test_a_stacked_bomb_stops_at_the_cap_without_filling_memory() -> None:
    bomb = stacked_bomb()
    tracemalloc.start()
    try:
        with pytest.raises(DecodeError, match="too large") as caught:
            decode_body(bomb, ["gzip", "gzip"], 2_000_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.too_large
    assert peak < 64 * 1024 * 1024, f"inflating held {peak / 1e6:.0f} MB at its peak"


async def test_a_stacked_bomb_fails_its_source_and_the_others_go_on(feed_server: FeedServer, make_config) -> None:
    bomb = stacked_bomb()
    feed_server.route("/bomb.xml", body=bomb, headers={"Content-Encoding": "gzip, gzip"})
    feed_server.route("/deflate-bomb.xml", body=zlib.compress(gzipped_zeros(), 9),
                      headers={"Content-Encoding": "gzip, deflate"})
    feed_server.route("/fine.xml", body=gzip.compress(rss(items(2))), headers={"Content-Encoding": "gzip"})
    ingestor = ingestor_for(
        make_config,
        [
            {"name": "Bomb", "url": feed_server.url("/bomb.xml")},
            {"name": "Deflate bomb", "url": feed_server.url("/deflate-bomb.xml")},
            {"name": "Fine", "url": feed_server.url("/fine.xml")},
        ],
        max_bytes=2_000_000,
        timeout=30,
    )
    gaps: list[float] = []

    async def heartbeat() -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    beat = asyncio.create_task(heartbeat())
    try:
        reports = {r.name: r for r in await ingestor.run()}
    finally:
        beat.cancel()
    assert "too large" in (reports["Bomb"].error or ""), reports["Bomb"]
    assert "too large" in (reports["Deflate bomb"].error or ""), reports["Deflate bomb"]
    assert reports["Fine"].ok and reports["Fine"].new == 2
    assert len(article_store.latest(ingestor.db, 10)) == 2
    # The event loop kept answering while the bombs were opened (a loaded 2-core machine still ticks within 2 s).
    assert max(gaps) < 2.0, f"the event loop stalled for {max(gaps):.1f} s"


async def test_a_page_fetched_for_full_text_is_capped_the_same_way(feed_server: FeedServer, make_config) -> None:
    from bot.ingest.fetch import FetchError, fetch_any, make_client

    feed_server.route("/page.html", body=stacked_bomb(), headers={"Content-Encoding": "gzip, gzip"},
                      content_type="text/html")
    config = make_config(fetch={"allow_private_addresses": True, "max_bytes": 2_000_000})
    async with make_client(config.fetch) as client:
        with pytest.raises(FetchError, match="too large"):
            await fetch_any(client, feed_server.url("/page.html"), config.fetch)


@pytest.mark.parametrize(
    ("body", "content_type", "text"),
    [
        ("<p>Переход</p>".encode("cp1251"), "text/html; charset=windows-1251", "Переход"),
        ("<p>Переход</p>".encode("koi8-r"), 'text/html; charset="KOI8-R"', "Переход"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Переход</p>'.encode("cp1251"),
         "text/html", "Переход"),
        ("<meta charset='iso-8859-1'><p>déclaré – “oui”</p>".encode("cp1252"), None, "déclaré – “oui”"),
        ("<p>déclaré</p>".encode("utf-8"), "text/html", "déclaré"),
        (codecs.BOM_UTF8 + "<p>déclaré</p>".encode("utf-8"), "text/html; charset=iso-8859-1", "déclaré"),
        ("<p>déclaré</p>".encode("cp1252"), "text/html; charset=no-such-thing", "déclaré"),
        # Undeclared, a few accented letters: a detector takes them for Baltic ('Cittā pių'); windows-1252 stands.
        ("<p>Città più bella.</p>".encode("cp1252"), "text/html", "Città più bella."),
        ("<p>Консульство откроют в марте.</p>".encode("cp1251"), "text/html", "Консульство откроют в марте."),
    ],
)
def test_a_page_is_read_in_the_encoding_it_declares(body: bytes, content_type: str | None, text: str) -> None:
    assert text in html_text(body, content_type)


class _WrongLengthServer:
    """A page server on 127.0.0.1 that sends each page gzip-compressed under a Content-Length that is not the
    compressed body's, then closes, as aiohttp (the feed server) cannot: the length of the page before compression
    (a proxy that compresses after the application measured), or one that stops short of the compressed body."""

    def __init__(self, pages: dict[str, tuple[bytes, int]], *, coding: bytes = b"gzip",
                 content_type: bytes = b"text/html; charset=utf-8") -> None:
        self.pages = pages  # path -> (body as sent, Content-Length to declare)
        self.head = b"Content-Type: " + content_type + (b"\r\nContent-Encoding: " + coding if coding else b"")
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True, name="wrong-length-server")
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    request += chunk
                path = request.split(b" ", 2)[1].decode() if request.count(b" ") >= 2 else ""
                body, length = self.pages.get(path, (b"", 0))
                conn.sendall(b"HTTP/1.1 200 OK\r\n" + self.head + b"\r\nContent-Length: %d\r\nConnection: close"
                             b"\r\n\r\n" % length + body[:length])

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


async def test_a_gzip_page_under_a_wrong_content_length_is_read_whole_or_said_cut_short(
    feed_server: FeedServer, make_config, caplog: pytest.LogCaptureFixture
) -> None:
    """A story's page sent gzip-compressed under the length of the page before compression: its compressed body
    came whole and ended, yet the page was refused ('peer closed connection without sending complete message
    body') and the story kept its feed's teaser. Under a length that stops short of the compressed body, the page's
    first part was stored and sent as the story, with nothing said: it is refused as cut short, and the log says so."""
    longer, shorter = story(1), story(2)
    whole = page("Crossing to reopen", longer)
    cut = gzip.compress(page("Second crossing", shorter))
    server = _WrongLengthServer({"/longer": (gzip.compress(whole), len(whole)), "/shorter": (cut, len(cut) - 40)})
    try:
        feed_server.route("/feed.xml", body=rss([Item("Crossing to reopen", server.url("/longer"), teaser="Brief."),
                                                 Item("Second crossing", server.url("/shorter"), teaser="Brief.")]))
        ingestor = ingestor_for(make_config, [{"name": "Wire", "url": feed_server.url("/feed.xml")}])
        with caplog.at_level(logging.INFO, logger="bot.ingest"):
            [report] = await ingestor.run()
    finally:
        server.stop()
    assert report.new == 2
    texts = dict(ingestor.db.execute("SELECT title, text FROM articles").fetchall())
    assert longer[-1] in texts["Crossing to reopen"], texts["Crossing to reopen"][:300]
    assert shorter[0] not in texts["Second crossing"], "a page cut short was stored as the story"
    said = [r.getMessage() for r in caplog.records if server.url("/shorter") in r.getMessage()]
    assert any("cut short" in line for line in said), said


async def test_a_feed_whose_server_closes_mid_body_fails_saying_so(feed_server: FeedServer, make_config) -> None:
    """A feed whose server closes the connection before the end of the body it announced (a proxy timing out, a
    server restarted mid-answer) failed as `network error: RemoteProtocolError: peer closed connection without
    sending complete message body (received 1355 bytes, expected 2710)`, a library's words in `communique status`
    and `/sources`. It says what happened, in bytes, and that the answer came cut short."""
    whole = rss(items(3))
    server = _WrongLengthServer({"/feed.xml": (whole[:len(whole) // 2], len(whole))}, coding=b"",
                                content_type=b"application/rss+xml")
    try:
        ingestor = ingestor_for(make_config, [{"name": "Wire", "url": server.url("/feed.xml")},
                                              {"name": "Herald", "url": feed_server.url("/herald.xml")}])
        feed_server.route("/herald.xml", body=rss(items(2, host="https://herald.example")))
        reports = {r.name: r for r in await ingestor.run()}
    finally:
        server.stop()
    assert reports["Herald"].ok and reports["Herald"].new == 2
    error = reports["Wire"].error or ""
    assert not reports["Wire"].ok and reports["Wire"].new == 0
    assert "RemoteProtocolError" not in error, error
    assert (f"the site closed the connection after {len(whole) // 2:,} of the {len(whole):,} bytes it announced: "
            "the answer came cut short") in error, error
    stored = ingestor.db.execute("SELECT last_error FROM sources WHERE name = 'Wire'").fetchone()[0]
    assert "came cut short" in stored, stored
