"""The proxy the environment names for an address, read once for every connection Communiqué makes itself.

Why one reader: sources (ingest's client) and a platform whose library reads no variable each read the variables
their own way, and they disagreed: a `NO_PROXY` network ("10.0.0.0/8") sent the platform directly and sources
through the proxy. The variables are read as curl reads them: the scheme's own (`HTTPS_PROXY`, `HTTP_PROXY`, in either
case, lower case first), else `ALL_PROXY`; none for a host `NO_PROXY` lists. A value without a scheme
("proxy.intranet:3128") is an HTTP proxy, as curl takes it.
"""

from __future__ import annotations

import ipaddress
import os
import urllib.request
from urllib.parse import urlsplit


def proxy_for(url: str) -> str | None:
    """The proxy `url` goes through, as the environment names it now (with its scheme, and any user and password
    it holds), or None for a direct connection."""
    parts = urlsplit(url)
    proxies = urllib.request.getproxies_environment()
    chosen = proxies.get(parts.scheme) or proxies.get("all")
    if not chosen or bypassed(parts.hostname or "", proxies.get("no", "")):
        return None
    return chosen if "://" in chosen else f"http://{chosen}"


def proxy_named(url: str) -> tuple[str, str] | None:
    """The variable naming the proxy `url` goes through (`HTTPS_PROXY`) and that proxy's host and port, never its
    user or password; None for a direct connection. For an error that is the proxy's, not the site's: a proxy down
    read as every site refusing the connection, and the operator looked at the sites."""
    chosen = proxy_for(url)
    if chosen is None:
        return None
    scheme = urlsplit(url).scheme.lower()
    names = (f"{scheme}_proxy", f"{scheme.upper()}_PROXY", "all_proxy", "ALL_PROXY")
    variable = next((name for name in names if os.environ.get(name, "").strip()), names[1])
    proxy = urlsplit(chosen)
    try:
        port = proxy.port
    except ValueError:
        port = None
    return variable, f"{proxy.hostname}:{port}" if port else str(proxy.hostname)


def bypassed_by_a_network_only(url: str) -> str | None:
    """The `NO_PROXY` network ("10.0.0.0/8") that alone lets `url` through directly while a proxy is set for it, or
    None. A library that reads the variables itself may not read networks there (httpx takes "10.0.0.0/8" for a
    host's name): it sends such an address through the proxy, and the operator who listed the network should be
    told to list the address itself."""
    parts = urlsplit(url)
    proxies = urllib.request.getproxies_environment()
    host = parts.hostname or ""
    if not (proxies.get(parts.scheme) or proxies.get("all")) or not bypassed(host, proxies.get("no", "")):
        return None
    entries = [e.strip() for e in proxies.get("no", "").split(",") if e.strip()]
    networks = [e for e in entries if "/" in e and _network(e) is not None]
    if bypassed(host, ",".join(e for e in entries if e not in networks)):
        return None
    return next((e for e in networks if bypassed(host, e)), None)


def _network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return None


def bypassed(host: str, no_proxy: str) -> bool:
    """Whether `NO_PROXY` lets `host` through directly: "*", the host itself, a domain it is under (".example.org"
    or "example.org"), or a network it is in ("10.0.0.0/8"); a port after an entry is not compared."""
    host = host.lower().rstrip(".")
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*":
            return True
        try:
            if ipaddress.ip_address(host) in ipaddress.ip_network(entry, strict=False):
                return True
            continue
        except ValueError:
            pass
        name = entry.split(":")[0].lstrip(".").rstrip(".") if entry.count(":") == 1 else entry.lstrip(".")
        if host == name or host.endswith(f".{name}"):
            return True
    return False
