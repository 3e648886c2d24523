"""`bot.redact.redact`: every form in which a configured token can come back, and nothing else."""

from __future__ import annotations

import logging
from urllib.parse import quote

from bot.redact import REDACTED, RedactSecrets, redact, register

TELEGRAM = "6120457788:AAGx-RedactFormsTelegram_k3Pq9Zt"
DISCORD = "MTA5ODc2NTQzMjEwOTg3NjU0.Gh7Qw2.RedactFormsDiscordHmac_0123456789ab"


def forms(token: str) -> list[str]:
    secret = token.split(":", 1)[1] if ":" in token else token.rsplit(".", 1)[1]
    encoded = quote(token, safe="")
    return [token, secret, encoded, encoded.replace("%3A", "%3a"), quote(encoded, safe=""), quote(secret, safe=""),
            token.lower(), token.capitalize()]


def test_every_form_of_a_registered_token_is_replaced() -> None:
    register([TELEGRAM, DISCORD])
    for token in (TELEGRAM, DISCORD):
        for form in forms(token):
            text = f"error from https://api.example/x/{form}/sendMessage: bad"
            cleaned = redact(text)
            assert form not in cleaned and REDACTED in cleaned, (form, cleaned)
            assert cleaned == f"error from https://api.example/x/{REDACTED}/sendMessage: bad", cleaned


def test_ordinary_text_is_left_alone() -> None:
    register([TELEGRAM])
    for text in ("Telegram: Forbidden: bot was blocked by the user", "HTTP 502 at 10:30:00 for chat -1001234567890",
                 "bot id 6120457788 is ours", "https://press.example/press/12?page=2"):
        assert redact(text) == text


def test_an_unregistered_token_is_still_blanked_by_its_shape() -> None:
    other = "5550001112:AAFf-SomeOtherBotsSecretValue12"
    assert other not in redact(f"token {other} refused")
    discordish = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GcQmXy.AnotherDiscordHmacValue_x"
    assert discordish not in redact(f"login with {discordish}")


def test_the_log_filter_uses_the_same_function() -> None:
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "echo %s", (quote(TELEGRAM, safe=""),), None)
    RedactSecrets([TELEGRAM]).filter(record)
    assert quote(TELEGRAM, safe="") not in record.getMessage() and REDACTED in record.getMessage()


def test_the_password_of_an_address_is_replaced_and_the_rest_of_it_kept() -> None:
    assert redact("redirect loop at http://alice:hunter2@127.0.0.1:8717/loop.") == (
        f"redirect loop at http://alice:{REDACTED}@127.0.0.1:8717/loop.")
    # A password with an unencoded "@" in it: the host is after the last one, as urlsplit reads it.
    assert redact("feeds: https://a:p@ss@h.example/f?q=1, x") == f"feeds: https://a:{REDACTED}@h.example/f?q=1, x"
    assert redact("HTTP://A:B@H") == f"HTTP://A:{REDACTED}@H"
    for kept in ("http://h.example/a:b@c", "https://user@h.example/x", "mailto:a:b@c", "at 10:30 @desk"):
        assert redact(kept) == kept


def test_a_query_parameter_named_as_a_secret_is_replaced_and_the_others_kept() -> None:
    assert redact("loop at https://feeds.example/p?token=Kq7x93&page=2#top") == (
        f"loop at https://feeds.example/p?token={REDACTED}&page=2#top")
    assert redact("https://h.example/rss?a=1&API_KEY=s3cr3t x") == f"https://h.example/rss?a=1&API_KEY={REDACTED} x"
    assert redact("https://h.example/rss?auth=abc&sig=def") == f"https://h.example/rss?auth={REDACTED}&sig={REDACTED}"
    for kept in ("https://h.example/rss?author=smith&monkey=1", "https://h.example/?keyword=talks", "key=value"):
        assert redact(kept) == kept


def test_a_secret_query_parameter_named_with_a_prefix_or_in_camel_case_is_replaced() -> None:
    """GitLab's feed key is `private_token`, others write `api_token`, `feed_key` or `apiToken`: each was shown
    whole, as `&amp;token=` was in a page's HTML."""
    for name in ("api_token", "private_token", "apiToken", "feed_key", "oauth_consumer_key", "X-Amz-Signature",
                 "refresh_token", "clientSecret"):
        assert redact(f"https://h.example/rss?lang=en&{name}=Kq7x93") == f"https://h.example/rss?lang=en&{name}={REDACTED}"
    assert redact("href=\"https://h.example/rss?a=1&amp;token=Kq7x93\"") == (
        f"href=\"https://h.example/rss?a=1&amp;token={REDACTED}\"")
    for kept in ("https://h.example/rss?token_type=bearer&hotkey=1&bypass=2", "https://h.example/?tokens_left=3"):
        assert redact(kept) == kept
