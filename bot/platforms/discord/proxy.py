"""Which proxy Discord's connection goes through: the one the environment names, as for sources and Telegram.

Why: an operator behind a proxy sets `HTTPS_PROXY` (with `NO_PROXY` for the hosts reached directly), and sources
and Telegram follow it; discord.py reads no environment variable, so Discord alone went directly and, where only
the proxy leads out, never connected. discord.py takes one proxy for REST and the gateway alike; aiohttp, under
it, speaks to HTTP proxies only, so a SOCKS proxy is said and not used.
"""

from __future__ import annotations

import ipaddress
import logging
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

DISCORD_API = "https://discord.com/api"


@dataclass(frozen=True)
class ProxyChoice:
    """The proxy to use (None: directly), and what to tell the operator of it (None: nothing to say)."""

    url: str | None
    note: str | None


def proxy_for(api: str | None) -> ProxyChoice:
    """The proxy for Discord's API at `api` (discord.com unless the config names another), read as curl reads
    the variables: the scheme's own (`HTTPS_PROXY`, `HTTP_PROXY`), else `ALL_PROXY`; none for a host `NO_PROXY`
    lists. A value without a scheme ("proxy.intranet:3128") is an HTTP proxy, as curl takes it."""
    parts = urlsplit(api or DISCORD_API)
    host = parts.hostname or ""
    proxies = urllib.request.getproxies_environment()
    chosen = proxies.get(parts.scheme) or proxies.get("all")
    if not chosen or _bypassed(host, proxies.get("no", "")):
        return ProxyChoice(None, None)
    if "://" not in chosen:
        chosen = f"http://{chosen}"
    proxy = urlsplit(chosen)
    where = f"{proxy.hostname}:{proxy.port}" if proxy.port else str(proxy.hostname)  # never its user or password
    if proxy.scheme not in ("http", "https"):
        return ProxyChoice(None, f"Discord cannot go through the {proxy.scheme} proxy at {where} (an HTTP proxy "
                                 "only): it connects directly")
    return ProxyChoice(chosen, f"Discord connects through the proxy at {where}")


def _bypassed(host: str, no_proxy: str) -> bool:
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
