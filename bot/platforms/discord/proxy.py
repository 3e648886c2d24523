"""Which proxy Discord's connection goes through: the one the environment names, as for sources and Telegram.

Why: an operator behind a proxy sets `HTTPS_PROXY` (with `NO_PROXY` for the hosts reached directly), and sources
and Telegram follow it; discord.py reads no environment variable, so Discord alone went directly and, where only
the proxy leads out, never connected. discord.py takes one proxy for REST and the gateway alike; aiohttp, under
it, speaks to HTTP proxies only, so a SOCKS proxy is said and not used.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.core.proxy import proxy_for as environment_proxy

DISCORD_API = "https://discord.com/api"


@dataclass(frozen=True)
class ProxyChoice:
    """The proxy to use (None: directly), and what to tell the operator of it (None: nothing to say)."""

    url: str | None
    note: str | None


def proxy_for(api: str | None) -> ProxyChoice:
    """The proxy for Discord's API at `api` (discord.com unless the config names another), as the environment
    names it for every connection (`bot.core.proxy`), and whether discord.py can use it."""
    chosen = environment_proxy(api or DISCORD_API)
    if chosen is None:
        return ProxyChoice(None, None)
    proxy = urlsplit(chosen)
    where = f"{proxy.hostname}:{proxy.port}" if proxy.port else str(proxy.hostname)  # never its user or password
    if proxy.scheme not in ("http", "https"):
        return ProxyChoice(None, f"Discord cannot go through the {proxy.scheme} proxy at {where} (an HTTP proxy "
                                 "only): it connects directly")
    return ProxyChoice(chosen, f"Discord connects through the proxy at {where}")
