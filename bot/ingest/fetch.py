"""Fetch feeds and pages over HTTP (httpx, async) or from local files, within limits.

Every fetch has a deadline for the whole body (a server that trickles bytes cannot hold a source forever), a cap
on the decoded size (a gzip bomb stops at the cap), a limited number of redirects (each hop checked), and
conditional-GET validators. Addresses on loopback, private or link-local networks are refused unless the config
allows them, so a feed cannot point the bot at the operator's own network: checked before each request, for a
reason a person can read, and again at each connection, which goes to an address that was checked (a name that
answers a public address to the check and a private one a moment later, DNS rebinding, reaches nothing).
Failures come back as `FetchError` with a reason a person can read.
"""

from __future__ import annotations

import asyncio
import ipaddress
import itertools
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urljoin, urlsplit

import anyio
import anyio.abc
import httpcore
import httpx

from bot import __version__
from bot.config import FetchConfig
from bot.core.proxy import proxy_for, proxy_named
from bot.ingest.decode import DecodeError, decode_body, encodings_of
from bot.ingest.urls import is_http

_E = TypeVar("_E", bound=BaseException)
REDIRECT_CODES = {301, 302, 303, 307, 308}
_STATUS_REASONS = {
    400: "bad request",
    401: "needs authentication",
    403: "access forbidden",
    404: "not found",
    410: "gone (removed for good)",
    429: "too many requests",
    500: "server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}


@dataclass(frozen=True)
class FetchResult:
    """A fetched document, or `not_modified` when the server answered 304 to our validators."""

    url: str
    status: int
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    # Where the feed has moved for good: the target of the permanent redirects (301, 308) the fetch met first,
    # with the first one's status; None when it met none, or a temporary one first.
    moved_to: str | None = None
    moved_status: int | None = None
    # The plain http:// address an https:// one was redirected to, when a hop went so (the body came unencrypted).
    downgraded_to: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A fetch that failed, with a readable reason; `retry_after` (seconds) when the server asked for a pause."""

    def __init__(self, reason: str, *, retry_after: float | None = None, permanent: bool = False,
                 status: int | None = None, timed_out: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent
        self.status = status  # the HTTP status that refused it, when one did
        self.timed_out = timed_out  # the site was slow to answer: a failure for now, not a wrong address


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


# NAT64's well-known prefix (RFC 6052): on an IPv6-only network, DNS64 answers an IPv4-only site's name with its
# IPv4 address inside it, and the gateway connects to that IPv4 address.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _is_public(address: str) -> bool:
    """Whether an address is on the public internet; one standing for an IPv4 address (IPv4-mapped, NAT64's) is
    judged by the IPv4 address it reaches. NAT64's were all refused, so on an IPv6-only network with DNS64 no site
    without IPv6 of its own could be read, and its embedded 10.0.0.1 is the operator's network all the same."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    elif isinstance(ip, ipaddress.IPv6Address) and ip in _NAT64:
        ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    # is_global also excludes what is neither private nor public, e.g. 100.64.0.0/10 (carrier-grade NAT).
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
        or ip.is_unspecified
    )


def _kind_of(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private-network address"
    return "an address that is not public"


def refused_without_lookup(url: str) -> str | None:
    """Why fetching `url` would be refused by its address alone, with no DNS lookup: an IP literal that is not
    public, or a name that always means this machine (localhost). None when nothing can be told without resolving
    it (`check_address` resolves it at fetch time). For checking a config before it runs."""
    host = urlsplit(url).hostname
    if not host:
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return f"{host} is a loopback name"
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return None if _is_public(str(ip)) else f"{host} is {_kind_of(ip)}"


async def check_address(url: str, allow_private: bool) -> None:
    """Refuse URLs whose host resolves to a non-public address (unless allowed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url[:200]}", permanent=True)
    if allow_private:
        return
    host = parts.hostname
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise FetchError(f"cannot resolve host {host}") from None
    for info in infos:
        if not _is_public(str(info[4][0])):
            raise FetchError(
                f"refused: {host} resolves to a private or local address ({info[4][0]}); "
                "set [fetch] allow_private_addresses = true to allow it",
                permanent=True,
            )


CONNECT_STAGGER = 0.25  # seconds between the starts of two addresses' connections (RFC 8305's 250 ms)


def _families_alternating(addresses: list[str]) -> list[str]:
    """The answers of a lookup, IPv6 and IPv4 taking turns from the first one's family on (RFC 8305): an address of
    the other family is tried second, not after every one of the first."""
    first = [address for address in addresses if (":" in address) == (":" in addresses[0])]
    other = [address for address in addresses if (":" in address) != (":" in addresses[0])]
    return [address for pair in itertools.zip_longest(first, other) for address in pair if address is not None]


class PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to public addresses: it looks the host up once, refuses it if
    any answer is not public, and connects to an address it checked (TLS still names the host).

    `check_address` alone looked the name up before the request, and the connection looked it up again: a
    source's name server answering a public address first and 127.0.0.1 next (a TTL of 0) had the bot read the
    operator's own network while the check saw the public one."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None, socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve host {host}: {exc.strerror or exc}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        refused = [address for address in addresses if not _is_public(address)]
        if refused or not addresses:
            raise httpcore.ConnectError(f"refused: {host} resolves to a private or local address "
                                        f"({', '.join(refused) or 'none'}) at the connection")
        return await self._first_to_connect(_families_alternating(addresses), port, timeout=timeout,
                                            local_address=local_address, socket_options=socket_options)

    async def _first_to_connect(self, addresses: list[str], port: int, **options: Any) -> httpcore.AsyncNetworkStream:
        """The first of `addresses` to connect, each tried CONNECT_STAGGER seconds after the one before (or as soon
        as it fails), the others then given up: Happy Eyeballs (RFC 8305), as a connection by name makes it. Tried
        one after the other, a network that drops IPv6 silently (many offices) had each IPv6 address wait out the
        whole connect timeout before IPv4 was tried, and a source with two of them failed every fetch."""
        if len(addresses) == 1:
            return await self._inner.connect_tcp(addresses[0], port, **options)
        won: list[httpcore.AsyncNetworkStream] = []
        errors: list[Exception] = []

        async def attempt(address: str, before: tuple[anyio.Event, anyio.Event] | None, started: anyio.Event,
                          failed: anyio.Event, group: anyio.abc.TaskGroup) -> None:
            if before is not None:
                await before[0].wait()
                with anyio.move_on_after(CONNECT_STAGGER):
                    await before[1].wait()
            started.set()
            try:
                stream = await self._inner.connect_tcp(address, port, **options)
            except Exception as exc:  # kept, not raised out of the group as an ExceptionGroup: the last is raised
                errors.append(exc)  # below, as a connection to one address raises it
                failed.set()
                return
            if won:  # another address connected first
                with anyio.CancelScope(shield=True):
                    await stream.aclose()
                return
            won.append(stream)
            group.cancel_scope.cancel()

        try:
            async with anyio.create_task_group() as group:
                before: tuple[anyio.Event, anyio.Event] | None = None
                for address in addresses:
                    started, failed = anyio.Event(), anyio.Event()
                    group.start_soon(attempt, address, before, started, failed, group)
                    before = (started, failed)
        except BaseException:  # the fetch itself cancelled (its deadline): a connection made meanwhile is closed
            for stream in won:
                with anyio.CancelScope(shield=True):
                    await stream.aclose()
            raise
        if won:
            return won[0]
        raise errors[-1]

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Any = None) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("a Unix socket is no source")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def make_client(limits: FetchConfig) -> httpx.AsyncClient:
    """The client one ingest pass shares across its sources (connection pooling); redirects are followed by hand,
    to check each hop's address, and each connection goes to a checked address (`PublicOnlyBackend`) unless
    private addresses are allowed.

    The environment is read as curl reads it: `SSL_CERT_FILE` / `SSL_CERT_DIR` name the
    certificate authorities trusted (a private CA added to the system's bundle), and `HTTPS_PROXY`, `HTTP_PROXY`,
    `ALL_PROXY` with `NO_PROXY` the proxy sources are fetched through. Both were ignored, so a source behind a
    private CA failed at every fetch whatever was set, and a bot behind a proxy reached Telegram through it but no
    source."""
    pool = httpx.Limits(max_connections=max(limits.concurrency * 2, 4))
    transport = httpx.AsyncHTTPTransport(limits=pool, trust_env=True)
    if not limits.allow_private_addresses:
        # httpx gives no public way to pass httpcore a network backend; its pool reads this attribute at each
        # new connection.
        transport._pool._network_backend = PublicOnlyBackend()
    # A proxy's own address is the operator's choice (often on the private network): its connection is not
    # checked; each source's address still is, by `check_address`, before each request.
    routed = ProxyRouting(transport, lambda proxy: httpx.AsyncHTTPTransport(limits=pool, trust_env=True, proxy=proxy))
    return httpx.AsyncClient(
        transport=routed,
        follow_redirects=False,
        timeout=httpx.Timeout(limits.timeout, connect=min(limits.timeout, 10.0)),
        headers={"User-Agent": limits.user_agent or f"Communique/{__version__}"},
        trust_env=False,
    )


class ProxyRouting(httpx.AsyncBaseTransport):
    """Sends each request directly, or through the proxy the environment names for its address (`bot.core.proxy`,
    the reading a platform whose library reads none uses too): one transport per proxy, made at its first request.
    httpx's own reading of the variables (its `mounts`, through a private function) knew no `NO_PROXY` network
    ("10.0.0.0/8")."""

    def __init__(self, direct: httpx.AsyncBaseTransport,
                 through: Callable[[str], httpx.AsyncBaseTransport]) -> None:
        self._direct = direct
        self._through = through
        self._proxied: dict[str, httpx.AsyncBaseTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        proxy = proxy_for(str(request.url))
        if proxy is None:
            return await self._direct.handle_async_request(request)
        if proxy not in self._proxied:
            self._proxied[proxy] = self._through(proxy)
        return await self._proxied[proxy].handle_async_request(request)

    async def aclose(self) -> None:
        for transport in [self._direct, *self._proxied.values()]:
            await transport.aclose()


def _cause(exc: BaseException, kind: type[_E]) -> _E | None:
    """The first exception of `kind` in the chain that made `exc` (httpx wraps httpcore's, which wraps the OS's)."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, kind):
        cause = cause.__cause__ or cause.__context__
    return cause if isinstance(cause, kind) else None


def _request_url(exc: BaseException) -> httpx.URL | None:
    """The url the failed request went to (a redirect's target, not always the source's own); None when the error
    carries no request."""
    try:
        return exc.request.url if isinstance(exc, httpx.RequestError) else None
    except RuntimeError:  # no request attached
        return None


def _host_of(exc: BaseException, url: str) -> str:
    """The host the failed request went to."""
    where = _request_url(exc)
    return where.host if where is not None else urlsplit(url).hostname or url


# What OpenSSL says when the server answers its TLS greeting with plain HTTP ("HTTP/1.1 400 ..."): a url written
# with https:// for a site, or a port, that serves none. OpenSSL 3.2 and later say "record layer failure".
_PLAIN_HTTP_REPLIES = frozenset({"WRONG_VERSION_NUMBER", "HTTP_REQUEST", "RECORD_LAYER_FAILURE"})


def _plain_http_reason(exc: BaseException, url: str) -> str | None:
    """What a TLS handshake answered in plain HTTP means, and what to write; None for any other failure. Said as
    `network error: ConnectError: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)`, it read as a
    fault of the network or of this machine's TLS."""
    cause = _cause(exc, ssl.SSLError)
    if cause is None or cause.reason not in _PLAIN_HTTP_REPLIES:
        return None
    return (f"the server at {_address_of(exc, url)} answered in plain HTTP, not HTTPS: if the site serves no HTTPS "
            "there, write its url with http://")


def _address_of(exc: BaseException, url: str) -> str:
    """The host and port the failed request went to ('127.0.0.1:8443'), the host alone at its scheme's own port."""
    where = _request_url(exc) or httpx.URL(url)
    return f"{where.host}:{where.port}" if where.port else where.host


def _proxy_reason(exc: BaseException, url: str) -> str | None:
    """The proxy's own failure, when the request went through one and could not reach it (nothing at its port, its
    name unknown), else None. Said of the site ("the server at feeds.example refused the connection: its web server
    down"), every source failed so while the proxy was down, and the operator looked at the sites."""
    target = _request_url(exc) or httpx.URL(url)
    named = proxy_named(str(target))
    if named is None:
        return None
    variable, where = named
    if _cause(exc, socket.gaierror) is not None:
        what = f"cannot be resolved: no host has that name (a slip in {variable}?)"
    elif _cause(exc, ConnectionRefusedError) is not None:
        what = ("refused the connection: nothing takes connections there (the proxy down, or a wrong port in "
                f"{variable})")
    else:
        return None
    return f"the proxy at {where} ({variable}) {what}; {target.host} was not reached"


def _tls_reason(exc: BaseException, url: str) -> str | None:
    """What a certificate the fetch refused means to the operator, and what to do; None when `exc` came from no
    certificate check. Said as `network error: ConnectError: [SSL: CERTIFICATE_VERIFY_FAILED] ... (_ssl.c:1006)`,
    nobody could tell a private CA (trust it with SSL_CERT_FILE) from an expired certificate (the site's to renew)."""
    cause = _cause(exc, ssl.SSLCertVerificationError)
    if cause is None:
        return None
    host = _host_of(exc, url)
    detail = cause.verify_message or str(cause)
    if cause.verify_code == 10:  # X509_V_ERR_CERT_HAS_EXPIRED
        what = "it has expired, and the site must renew it"
    elif cause.verify_code == 62 or "mismatch" in detail:  # X509_V_ERR_HOSTNAME_MISMATCH, IP_ADDRESS_MISMATCH
        what = f"it is not valid for {host} (it was made for another name): use the name the certificate is for"
    else:
        what = ("it is signed by an authority this machine does not trust (self-signed, or a private CA): to "
                "trust a private CA, set SSL_CERT_FILE in the bot's environment to a bundle of the usual "
                "authorities with it added")
    return f"the certificate of {host} is not trusted ({detail}): {what}"


def _cut_short(received: int, declared: str | None) -> str:
    """Why a body the site stopped sending before its end failed: said in bytes, as an operator reads it in
    `communique status`, not as the HTTP library's `RemoteProtocolError: peer closed connection without sending
    complete message body`."""
    if declared and declared.isdigit():
        sent = f"after {received:,} of the {int(declared):,} bytes it announced"
    else:
        sent = f"after {received:,} bytes, before the end of its answer"
    return f"the site closed the connection {sent}: the answer came cut short (a fault of the site or of a proxy)"


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    """The body as bytes, at most `max_bytes` on the wire and at most `max_bytes` once decoded.

    The body is read undecoded and inflated by `decode_body` in a worker thread, a bounded step at a time, so
    a compression bomb (stacked codings included) stops at the cap instead of filling memory or the event loop.
    """
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response too large: {int(declared):,} bytes declared, the cap is {max_bytes:,} "
                         "([fetch] max_bytes)")
    chunks: list[bytes] = []
    total = 0
    encodings = encodings_of(response.headers.get("content-encoding"))
    try:
        async for chunk in response.aiter_raw():
            total += len(chunk)
            if total > max_bytes:
                raise FetchError(f"response too large: over the cap of {max_bytes:,} bytes ([fetch] max_bytes)")
            chunks.append(chunk)
    except httpx.RemoteProtocolError:
        # The connection closed before the Content-Length was reached. A compressed body that still ends whole
        # (its last member closed and checked) was sent under the length of the page before compression, a
        # proxy's slip: it is read. Else the body was cut short, and fails as it did.
        if not encodings or not chunks:
            raise FetchError(_cut_short(total, declared)) from None
    raw = b"".join(chunks)
    if not encodings:
        return raw
    try:
        return await asyncio.to_thread(decode_body, raw, encodings, max_bytes)
    except DecodeError as exc:
        raise FetchError(exc.reason) from None


async def fetch_http(
    client: httpx.AsyncClient,
    url: str,
    limits: FetchConfig,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET `url` with conditional headers, following up to `max_redirects` redirects, within the deadline."""
    try:
        async with asyncio.timeout(limits.timeout):
            return await _fetch_http(client, url, limits, etag, last_modified)
    except (TimeoutError, httpx.TimeoutException):
        raise FetchError(f"timed out after {limits.timeout:g} s", timed_out=True) from None
    except httpx.HTTPError as exc:
        tls = _tls_reason(exc, url) or _plain_http_reason(exc, url)
        if tls is not None:
            raise FetchError(tls) from None
        proxied = _proxy_reason(exc, url)
        if proxied is not None:
            raise FetchError(proxied) from None
        if _cause(exc, socket.gaierror) is not None:  # said so by check_address, unless private addresses are allowed
            raise FetchError(f"cannot resolve host {_host_of(exc, url)}") from None
        if _cause(exc, ConnectionRefusedError) is not None:
            # Said as `ConnectError: All connection attempts failed`, alike for a refused port, an unreachable
            # network and a firewall: a refusal means the host is up and nothing listens at that port.
            raise FetchError(f"the server at {_address_of(exc, url)} refused the connection: nothing takes "
                             "connections there (its web server down, or a wrong port in the url)") from None
        raise FetchError(f"network error: {type(exc).__name__}: {str(exc)[:200] or 'connection failed'}") from None


async def _fetch_http(
    client: httpx.AsyncClient, url: str, limits: FetchConfig, etag: str | None, last_modified: str | None
) -> FetchResult:
    headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/xml, text/xml, text/html, */*",
        "Accept-Encoding": "gzip, deflate",  # the codings decode_body undoes within the cap
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen: set[str] = set()
    current = url
    moved_to, moved_status = None, None  # set while every hop so far was permanent (301, 308)
    permanent = True
    downgraded_to: str | None = None
    for _ in range(limits.max_redirects + 1):
        await check_address(current, limits.allow_private_addresses)
        async with client.stream("GET", current, headers=headers) as response:
            status = response.status_code
            if status in REDIRECT_CODES:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"redirect ({status}) without a Location")
                nxt = urljoin(current, location)
                if urlsplit(nxt).scheme.lower() not in ("http", "https"):
                    # Said as the redirect it is: "not an http(s) URL: ftp://..." named an address the operator
                    # never wrote in the config.
                    raise FetchError(f"redirected (HTTP {status}) to {nxt[:200]}, which is not an http(s) URL: "
                                     "only http and https are followed", permanent=True)
                if nxt in seen or nxt == current:
                    raise FetchError(f"redirect loop at {nxt[:200]}")
                seen.add(current)
                downgrade = urlsplit(current).scheme.lower() == "https" and urlsplit(nxt).scheme.lower() == "http"
                if downgrade and downgraded_to is None:
                    downgraded_to = nxt
                current = nxt
                # A permanent hop down to plain http is never offered as the address to write in the config: the
                # operator wrote https://, and the warning about the downgrade says what happened instead.
                permanent = permanent and status in (301, 308) and not downgrade
                if permanent:
                    moved_to, moved_status = nxt, moved_status or status
                continue
            if status == 304 and not (etag or last_modified):
                # Nothing was read, and nothing named a copy to keep: a 304 here left the source "not modified"
                # at every fetch, without a story and without a word.
                raise FetchError("answered 304 Not Modified to a request that named no earlier copy (no ETag or "
                                 "Last-Modified): nothing was read; the server (or a cache in front of it) is at "
                                 "fault")
            if status == 304:
                return FetchResult(current, 304, etag=etag, last_modified=last_modified, moved_to=moved_to,
                                   moved_status=moved_status, downgraded_to=downgraded_to)
            if status >= 400:
                reason = _STATUS_REASONS.get(status, "error")
                raise FetchError(
                    f"HTTP {status} {reason}",
                    retry_after=parse_retry_after(response.headers.get("retry-after")),
                    permanent=status == 410,
                    status=status,
                )
            body = await _read_capped(response, limits.max_bytes)
            return FetchResult(
                url=current,
                status=status,
                body=body,
                content_type=response.headers.get("content-type"),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                moved_to=moved_to,
                moved_status=moved_status,
                downgraded_to=downgraded_to,
            )
    # Where the chain had got to, and what allows a longer one: "more than 5" alone left the operator to guess
    # whether the feed had moved or the site misbehaved.
    raise FetchError(f"too many redirects (more than {limits.max_redirects}, the last to {current[:200]}): open the "
                     "url to see where it leads; [fetch] max_redirects allows up to 20")


def fetch_file(path: str, limits: FetchConfig) -> FetchResult:
    """Read a local source (the bundled samples, or a file an operator drops in)."""
    file = Path(path.removeprefix("file://"))
    try:
        size = file.stat().st_size
        if size > limits.max_bytes:
            raise FetchError(f"file too large: {size:,} bytes, the cap is {limits.max_bytes:,} ([fetch] max_bytes)")
        body = file.read_bytes()
    except FileNotFoundError:
        raise FetchError(f"file not found: {file}") from None
    except IsADirectoryError:
        raise FetchError(f"is a folder, not a file: {file}") from None
    except OSError as exc:
        raise FetchError(f"cannot read {file}: {exc.strerror or exc}") from None
    return FetchResult(url=file.resolve().as_uri(), status=200, body=body)


async def fetch_any(
    client: httpx.AsyncClient,
    url: str,
    limits: FetchConfig,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """Fetch an http(s) URL or a local file path / file: URL."""
    if is_http(url):
        return await fetch_http(client, url, limits, etag=etag, last_modified=last_modified)
    if url[:5].lower() == "file:":
        return fetch_file(unquote(urlsplit(url).path), limits)
    return fetch_file(url, limits)
