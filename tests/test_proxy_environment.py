"""The one reading of the proxy variables (`bot.core.proxy`) that sources and Discord's connection both use.

The connections themselves are tested through real forward proxies on 127.0.0.1 (tests/test_ingest_tls_proxy.py,
tests/discord/test_discord_proxy.py); these are the cases of the variables that those do not each walk through.
"""

from __future__ import annotations

import pytest

from bot.core.proxy import bypassed, proxy_for

VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
             "no_proxy", "REQUEST_METHOD")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    return monkeypatch


def test_each_scheme_takes_its_own_variable_then_all_proxy(env: pytest.MonkeyPatch) -> None:
    env.setenv("HTTP_PROXY", "http://plain.norland.example:3128")
    env.setenv("HTTPS_PROXY", "http://secure.norland.example:3129")
    assert proxy_for("http://news.estavia.example/feed") == "http://plain.norland.example:3128"
    assert proxy_for("https://news.estavia.example/feed") == "http://secure.norland.example:3129"
    env.delenv("HTTPS_PROXY")
    assert proxy_for("https://news.estavia.example/feed") is None, "HTTP_PROXY is not for https:// addresses"
    env.setenv("ALL_PROXY", "socks5://any.norland.example:1080")
    assert proxy_for("https://news.estavia.example/feed") == "socks5://any.norland.example:1080"
    assert proxy_for("http://news.estavia.example/feed") == "http://plain.norland.example:3128"


def test_lower_case_is_read_and_wins_over_upper_case(env: pytest.MonkeyPatch) -> None:
    env.setenv("https_proxy", "lower.norland.example:3128")
    assert proxy_for("https://news.estavia.example/") == "http://lower.norland.example:3128", "no scheme: HTTP"
    env.setenv("HTTPS_PROXY", "http://upper.norland.example:3128")
    assert proxy_for("https://news.estavia.example/") == "http://lower.norland.example:3128"
    env.setenv("NO_PROXY", "other.example")
    env.setenv("no_proxy", "estavia.example")
    assert proxy_for("https://news.estavia.example/") is None


def test_the_user_and_password_of_a_proxy_are_kept_for_the_connection(env: pytest.MonkeyPatch) -> None:
    env.setenv("HTTPS_PROXY", "http://ops:Qx7-pass@gate.norland.example:3128")
    assert proxy_for("https://news.estavia.example/") == "http://ops:Qx7-pass@gate.norland.example:3128"


@pytest.mark.parametrize(("host", "no_proxy", "direct"), [
    ("news.estavia.example", "*", True),
    ("news.estavia.example", "news.estavia.example", True),
    ("news.estavia.example", "estavia.example", True),
    ("estavia.example", ".estavia.example", True),  # a leading dot takes the domain itself too, as curl does
    ("newsestavia.example", "estavia.example", False),  # not a domain it is under
    ("NEWS.Estavia.example.", " estavia.example:8443 ", True),  # case, a final dot, spaces, a port
    ("10.4.2.9", "10.0.0.0/8", True),
    ("10.4.2.9", "192.168.0.0/16,10.4.2.8", False),
    ("::1", "::1", True),
    ("fd00::5", "fd00::/8", True),
    ("news.estavia.example", "", False),
])
def test_no_proxy_entries(host: str, no_proxy: str, direct: bool) -> None:
    assert bypassed(host, no_proxy) is direct


def test_no_proxy_keeps_an_address_direct_whatever_its_scheme(env: pytest.MonkeyPatch) -> None:
    env.setenv("ALL_PROXY", "http://gate.norland.example:3128")
    env.setenv("NO_PROXY", "localhost,10.0.0.0/8")
    assert proxy_for("http://10.1.1.1:8080/feed") is None
    assert proxy_for("https://localhost/feed") is None
    assert proxy_for("https://[fd00::5]/feed") == "http://gate.norland.example:3128"


def test_an_address_only_a_no_proxy_network_lets_through_is_told_apart(env: pytest.MonkeyPatch) -> None:
    """What the Telegram platform warns of (its library reads no network in NO_PROXY): an address a network alone
    keeps direct. Listed by itself too, or no proxy set for its scheme, there is nothing to warn of."""
    from bot.core.proxy import bypassed_by_a_network_only

    env.setenv("HTTPS_PROXY", "http://secure.norland.example:3129")
    env.setenv("NO_PROXY", "localhost,10.0.0.0/8")
    assert bypassed_by_a_network_only("https://10.20.0.5:8081/bot") == "10.0.0.0/8"
    assert bypassed_by_a_network_only("https://api.estavia.example/bot") is None, "not bypassed at all"
    assert bypassed_by_a_network_only("http://10.20.0.5:8081/bot") is None, "no proxy for http://"
    env.setenv("NO_PROXY", "10.0.0.0/8,10.20.0.5")
    assert bypassed_by_a_network_only("https://10.20.0.5:8081/bot") is None, "the address is listed itself"
