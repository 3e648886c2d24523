"""Feeds over HTTPS with certificates the machine does not trust, and behind an HTTP proxy: real servers on
127.0.0.1 (TLS with certificates made by `openssl`, a forward proxy), the bot's real ingest."""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import sources as source_store
from tests.factories import items, rss
from tests.feedserver import FeedServer
from tests.helpers import ingestor_for

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy",
                   "all_proxy", "no_proxy")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_certificates(folder: Path, name: str = "127.0.0.1", days: int = 30) -> Path:
    """A private certificate authority (ca.pem) and a server certificate it signed for `name` (srv.pem)."""
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
             "-subj", "/CN=Norland Ministry Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=keyCertSign", cwd=folder)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=feeds",
             cwd=folder)
    kind = "IP" if name[0].isdigit() else "DNS"
    (folder / "ext").write_text(f"subjectAltName={kind}:{name}\n")
    _openssl("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "srv.pem", "-days", str(days), "-extfile", "ext", cwd=folder)
    return folder


class _Feed(http.server.BaseHTTPRequestHandler):
    body = rss(items(2))

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(server: http.server.HTTPServer) -> Iterator[http.server.HTTPServer]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def certificates(tmp_path: Path) -> Path:
    return make_certificates(tmp_path)


@pytest.fixture
def https_feed(certificates: Path) -> Iterator[str]:
    """An HTTPS feed on 127.0.0.1 whose certificate a private CA signed."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / "srv.pem", certificates / "srv.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    for running in _serve(server):
        yield f"https://127.0.0.1:{running.server_address[1]}/feed.xml"


@pytest.fixture
def no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for variable in PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


async def test_a_feed_whose_certificate_is_not_trusted_says_so_and_what_to_do(
    https_feed: str, make_config, no_proxy_environment: pytest.MonkeyPatch
) -> None:
    no_proxy_environment.delenv("SSL_CERT_FILE", raising=False)
    no_proxy_environment.delenv("SSL_CERT_DIR", raising=False)
    ingestor = ingestor_for(make_config, [{"name": "Norland MFA", "url": https_feed}])
    (report,) = await ingestor.run()
    assert not report.ok
    error = report.error or ""
    assert "certificate of 127.0.0.1 is not trusted" in error, error
    assert "SSL_CERT_FILE" in error and "ConnectError" not in error and "_ssl.c" not in error, error
    (row,) = source_store.list_sources(ingestor.db)
    assert row.last_error == error


async def test_ssl_cert_file_makes_a_private_authority_trusted(
    https_feed: str, certificates: Path, make_config, no_proxy_environment: pytest.MonkeyPatch
) -> None:
    no_proxy_environment.delenv("SSL_CERT_DIR", raising=False)
    no_proxy_environment.setenv("SSL_CERT_FILE", str(certificates / "ca.pem"))
    ingestor = ingestor_for(make_config, [{"name": "Norland MFA", "url": https_feed}])
    (report,) = await ingestor.run()
    assert report.ok and report.new == 2, report.error


async def test_a_certificate_for_another_name_is_said_as_such(
    tmp_path: Path, make_config, no_proxy_environment: pytest.MonkeyPatch
) -> None:
    folder = make_certificates(tmp_path, name="feeds.norland.example")
    no_proxy_environment.setenv("SSL_CERT_FILE", str(folder / "ca.pem"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "srv.pem", folder / "srv.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    for running in _serve(server):
        url = f"https://127.0.0.1:{running.server_address[1]}/feed.xml"
        (report,) = await ingestor_for(make_config, [{"name": "Norland MFA", "url": url}]).run()
    assert not report.ok
    assert "is not valid for 127.0.0.1" in (report.error or ""), report.error


async def test_an_https_url_at_a_plain_http_server_is_said_as_such(
    feed_server: FeedServer, make_config, no_proxy_environment: pytest.MonkeyPatch
) -> None:
    """A source's url written with https:// for a site (or a port) that speaks plain HTTP failed as `network error:
    ConnectError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)`, which tells an operator nothing.
    It says the server answered in plain HTTP, and what to write; the other sources are read."""
    feed_server.route("/feed.xml", body=rss(items(2)))
    plain = feed_server.url("/feed.xml").replace("http://", "https://", 1)
    ingestor = ingestor_for(make_config, [{"name": "Norland MFA", "url": plain},
                                          {"name": "Estavia", "url": feed_server.url("/feed.xml")}])
    reports = {r.name: r for r in await ingestor.run()}
    assert reports["Estavia"].ok and reports["Estavia"].new == 2
    error = reports["Norland MFA"].error or ""
    assert not reports["Norland MFA"].ok
    assert "_ssl.c" not in error and "ConnectError" not in error, error
    assert f"the server at 127.0.0.1:{feed_server.port} answered in plain HTTP, not HTTPS" in error, error
    assert "write its url with http://" in error, error


class _ForwardProxy(http.server.BaseHTTPRequestHandler):
    """A forward proxy for http:// addresses: it records each request line and fetches the address itself."""

    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        self.seen.append(self.path)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(self.path, timeout=5) as answer:
            body = answer.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Proxy", (_ForwardProxy,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    for running in _serve(server):
        yield f"http://127.0.0.1:{running.server_address[1]}", seen


async def test_feeds_are_fetched_through_the_proxy_the_environment_names(
    feed_server: FeedServer, proxy: tuple[str, list[str]], make_config, no_proxy_environment: pytest.MonkeyPatch
) -> None:
    address, seen = proxy
    no_proxy_environment.setenv("HTTP_PROXY", address)
    feed_server.route("/feed.xml", body=rss(items(2)))
    (report,) = await ingestor_for(make_config, [{"name": "Estavia", "url": feed_server.url("/feed.xml")}]).run()
    assert report.ok and report.new == 2, report.error
    assert seen == [feed_server.url("/feed.xml")]


async def test_no_proxy_lets_a_feed_be_fetched_directly(
    feed_server: FeedServer, proxy: tuple[str, list[str]], make_config, no_proxy_environment: pytest.MonkeyPatch
) -> None:
    address, seen = proxy
    no_proxy_environment.setenv("HTTP_PROXY", address)
    no_proxy_environment.setenv("NO_PROXY", "localhost,127.0.0.1")
    feed_server.route("/feed.xml", body=rss(items(2)))
    (report,) = await ingestor_for(make_config, [{"name": "Estavia", "url": feed_server.url("/feed.xml")}]).run()
    assert report.ok and report.new == 2, report.error
    assert seen == [] and len(feed_server.requests) == 1


async def test_a_no_proxy_network_lets_a_feed_be_fetched_directly(
    feed_server: FeedServer, proxy: tuple[str, list[str]], make_config, no_proxy_environment: pytest.MonkeyPatch
) -> None:
    """`NO_PROXY=10.0.0.0/8`-style networks, as Discord's connection already read them: the feed on a listed
    network was fetched through the proxy, which on a network where the proxy cannot reach the intranet failed."""
    address, seen = proxy
    no_proxy_environment.setenv("http_proxy", address)
    no_proxy_environment.setenv("no_proxy", "intranet.norland.example, 127.0.0.0/8")
    feed_server.route("/feed.xml", body=rss(items(2)))
    (report,) = await ingestor_for(make_config, [{"name": "Estavia", "url": feed_server.url("/feed.xml")}]).run()
    assert report.ok and report.new == 2, report.error
    assert seen == [] and len(feed_server.requests) == 1


async def test_a_name_that_does_not_resolve_is_said_so_when_private_addresses_are_allowed(
    make_config, no_proxy_environment: pytest.MonkeyPatch
) -> None:
    """With [fetch] allow_private_addresses (an intranet's feeds) the bot's own lookup is skipped, and a name
    mistyped read "network error: ConnectError: [Errno -2] Name or service not known", naming no host."""
    url = "https://feeds.norland.invalid/rss.xml"
    (report,) = await ingestor_for(make_config, [{"name": "Norland", "url": url}]).run()
    assert not report.ok
    assert (report.error or "").startswith("cannot resolve host feeds.norland.invalid"), report.error


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then let go)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("proxy_host", ["127.0.0.1", "proxy.norland.invalid"])
async def test_a_proxy_that_cannot_be_reached_is_named_not_the_site(
    feed_server: FeedServer, make_config, no_proxy_environment: pytest.MonkeyPatch, proxy_host: str
) -> None:
    """The proxy down (nothing at its port) or its name mistyped in HTTPS_PROXY: every source failed as "the server at
    feeds.norland.example refused the connection: ... its web server down", or "cannot resolve host" of the site,
    and the operator went looking at the sites, all well, while the fault was the proxy's. The error names the
    proxy and its variable, never its user or password."""
    port = _closed_port()
    no_proxy_environment.setenv("HTTPS_PROXY", f"http://desk:pr0xy-pass@{proxy_host}:{port}")
    feed_server.route("/feed.xml", body=rss(items(2)))
    (report,) = await ingestor_for(make_config, [
        {"name": "Norland", "url": "https://feeds.norland.example/rss.xml"}]).run()
    error = report.error or ""
    assert not report.ok
    assert error.startswith(f"the proxy at {proxy_host}:{port} (HTTPS_PROXY)"), error
    assert ("refused the connection" if proxy_host[0].isdigit() else "cannot be resolved") in error, error
    assert "feeds.norland.example was not reached" in error, error
    assert "pr0xy-pass" not in error and "desk" not in error, error


@pytest.mark.parametrize("status", [301, 302])
async def test_an_https_feed_sent_on_to_plain_http_is_read_and_said(
    certificates: Path, feed_server: FeedServer, make_config, no_proxy_environment: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, status: int
) -> None:
    """An https:// feed whose site redirects it to plain http:// (a CDN's rule, a site that dropped HTTPS): read
    with no word, so the operator who wrote https:// believed the stories came encrypted and unaltered, when
    anyone on the way could change them. It is still read (the stories are not lost), and the log says it, once."""
    import logging

    caplog.set_level(logging.WARNING, logger="bot.ingest.pipeline")
    no_proxy_environment.setenv("SSL_CERT_FILE", str(certificates / "ca.pem"))
    plain = feed_server.url("/feed.xml")
    feed_server.route("/feed.xml", body=rss(items(2)))

    class _SendOn(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            self.send_response(status)
            self.send_header("Location", plain)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SendOn)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates / "srv.pem", certificates / "srv.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    for running in _serve(server):
        ingestor = ingestor_for(make_config, [{"name": "Norland MFA",
                                               "url": f"https://127.0.0.1:{running.server_address[1]}/feed.xml"}])
        (report,) = await ingestor.run()
        assert report.ok and report.new == 2, report.error
        await ingestor.run(only_due=False)
    said = [m for m in caplog.messages if "Norland MFA" in m and "plain http" in m]
    assert len(said) == 1, caplog.messages
    assert "not encrypted" in said[0] and plain in said[0], said
    moved = [m for m in caplog.messages if "moved for good" in m]
    assert not moved, f"the operator was advised to write the plain http:// address in the config: {moved}"
