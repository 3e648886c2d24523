"""URL normalization: the many addresses of one article (tracking tags, anchors, AMP and mobile variants,
trailing slashes) become one, so the article is stored and sent once. A fragment that routes a one-page site
('#/press/12') is part of the address and kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote_plus, urlencode, urljoin, urlsplit, urlunsplit

from bot.redact import REDACTED
from storage.records import Source

# Query parameters that only say where a click came from.
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "_gl", "ocid", "cmpid",
    "cmp", "ref", "ref_src", "ref_url", "referrer", "src", "smid", "smtyp", "at_medium", "at_campaign",
    "at_custom1", "at_custom2", "at_custom3", "at_custom4", "ns_mchannel", "ns_source", "ns_campaign",
    "ns_linkname", "ns_fee", "rss", "feed", "share", "s_cid", "wt.mc_id", "icid", "spm", "guccounter",
    "outputtype", "amp", "__twitter_impression", "ito", "cid", "xtor",
}
TRACKING_PREFIXES = ("utm_", "utm-", "mkt_", "pk_", "hsa_", "oly_", "vero_", "__hs")
_AMP_PATH = re.compile(r"(/amp/?$)|(/amp(?=/))|(\.amp(?=\.html?$))|(/amp\.html?$)", re.IGNORECASE)
_MOBILE_HOST = re.compile(r"^(m|mobile|amp)\.", re.IGNORECASE)


def moved_note(source: Source) -> str | None:
    """What `communique status` and /status say of a source whose feed said at its last read that it has moved
    for good (None when it did not): the log says it once, and the operator who reads status, not the log, must
    learn to set the new address in the config before the old one stops redirecting. The address is stored with
    its password or key redacted: the note says to put it back, or "[redacted]" would be pasted into the config."""
    if not source.moved_to:
        return None
    key = f" (with your password or key where it says {REDACTED})" if REDACTED in source.moved_to else ""
    return (f"{source.name}: its feed has moved for good (HTTP {source.moved_status}) to {source.moved_to}{key}: "
            "set that as its url in the config")


def is_http(url: str) -> bool:
    """Whether `url` is a web address (scheme compared as RFC 3986 says: case-insensitively)."""
    return url[:8].lower().startswith(("http://", "https://"))


def normalize_url(url: str) -> str:
    """The canonical form of an article URL; non-http(s) URLs (files, tags) only lose their fragment."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    host = (parts.hostname or "").lower().rstrip(".")
    while _MOBILE_HOST.match(host) and host.count(".") >= 2:
        host = _MOBILE_HOST.sub("", host, count=1)
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = _AMP_PATH.sub(lambda m: "/" if m.group(1) or m.group(4) else "", parts.path) or "/"
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted((_pair(piece), _piece(piece)) for piece in without_trackers(parts.query).split("&") if piece)
    return urlunsplit((scheme, netloc, path, "&".join(text for _, text in query), _route(parts.fragment)))


def without_trackers(query: str) -> str:
    """A query with the pieces that only say where a click came from left out ('utm_source=rss&page=2': 'page=2')."""
    return "&".join(piece for piece in query.split("&") if piece and not _tracking(piece))


def _tracking(piece: str) -> bool:
    """Whether one `key=value` of a query only says where a click came from. A tracker's name with a number for
    value ('cid=5512', 'src=123') is the story's id on some sites, and kept: dropped, every story there had one
    address."""
    key, _, value = piece.partition("=")
    key = unquote_plus(key).lower()
    if key.startswith(TRACKING_PREFIXES) or key == "amp":  # WordPress's AMP view, `?amp=1`: a flag, never an id
        return True
    return key in TRACKING_PARAMS and not unquote_plus(value).strip().isdigit()


def _pair(piece: str) -> tuple[str, str]:
    """A piece's key and value, read (the order queries are put in, so that variants of one address agree)."""
    key, _, value = piece.partition("=")
    return unquote_plus(key), unquote_plus(value)


def _piece(piece: str) -> str:
    """One `key=value` in one encoding (as stored addresses have it); a bare id stays bare ('press.asp?12345' was
    linked as 'press.asp?12345=')."""
    if "=" not in piece:
        return piece
    return urlencode(parse_qsl(piece, keep_blank_values=True))


def _route(fragment: str) -> str:
    """The fragment when it is a one-page site's route to the story ('#/press/12', '#!/news/4'), else nothing:
    an anchor ('#comments', '#top') points into a page that has its own address; a route is the address."""
    return fragment if fragment.startswith(("/", "!/")) else ""


def resolve_link(base: str, link: str) -> str:
    """An entry's link made absolute against its feed's URL or local file path."""
    link = link.strip()
    if is_http(link) or link[:5].lower().startswith(("file:", "tag:", "urn:")):
        return link
    if is_http(base):
        return urljoin(base, link)
    base_path = Path(base.removeprefix("file://"))
    return (base_path.parent / link).resolve().as_uri()


def site_host(url: str) -> str:
    """The host an address is on, as links are compared for whose site they are: lower case, without its port, a
    leading "www." or a mobile prefix ('https://www.norland.example:8443/x': 'norland.example'); '' for anything
    but a web address. No public-suffix list: hosts are compared whole, so a subdomain is a site of its own."""
    if not is_http(url):
        return ""
    try:
        host = urlsplit(normalize_url(url)).hostname or ""
    except ValueError:  # a malformed address is no one's site
        return ""
    return host.removeprefix("www.")


def ownership(link: str, feed_url: str, site: str | None) -> int:
    """How plainly `link` is the story of a source fetched from `feed_url` whose feed names `site` as its own: 2 when
    the link is on the host the feed is fetched from, 1 when on the site the feed names (anyone's feed can name any
    site, so this counts for less), 0 when on neither (an aggregator or a copy pointing at another site)."""
    host = site_host(link)
    if not host:
        return 0
    if host == site_host(feed_url):
        return 2
    return 1 if site and host == site_host(site) else 0
