"""The test peer's rules (`tests/peers/discord_rules.py`): each of Discord's limits refused one past the boundary and
accepted at it, in Discord's own error wording, since the peer and every test of what Communiqué posts rely on them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.peers.discord_rules import embed_characters, problems


def codes(payload: dict[str, Any], **options: Any) -> list[tuple[str, str]]:
    """The (path, code) of each violation."""
    return [(".".join(map(str, v.path)), v.code) for v in problems(payload, **options)]


@pytest.mark.parametrize(
    ("key", "limit"),
    [("title", 256), ("description", 4096)],
)
def test_embed_text_limits(key: str, limit: int) -> None:
    assert codes({"embeds": [{key: "x" * limit}]}) == []
    assert codes({"embeds": [{key: "x" * (limit + 1)}]}) == [(f"embeds.0.{key}", "BASE_TYPE_MAX_LENGTH")]


def test_content_limit_counts_code_points() -> None:
    assert codes({"content": "🕊" * 2000}) == []  # 2000 code points (4000 UTF-16 units) are fine, as on Discord
    assert codes({"content": "x" * 2001}) == [("content", "BASE_TYPE_MAX_LENGTH")]


def test_field_limits() -> None:
    field = {"name": "n" * 256, "value": "v" * 1024}
    assert codes({"embeds": [{"fields": [field] * 4}]}) == []  # 4 x 1280 stays under 6000
    assert codes({"embeds": [{"fields": [{"name": "n" * 257, "value": "v" * 1025}]}]}) == [
        ("embeds.0.fields.0.name", "BASE_TYPE_MAX_LENGTH"),
        ("embeds.0.fields.0.value", "BASE_TYPE_MAX_LENGTH"),
    ]
    small = {"name": "n", "value": "v"}
    assert codes({"embeds": [{"fields": [small] * 25}]}) == []
    assert codes({"embeds": [{"fields": [small] * 26}]}) == [("embeds.0.fields", "BASE_TYPE_MAX_LENGTH")]


def test_a_field_needs_a_name_and_a_value() -> None:
    assert codes({"embeds": [{"fields": [{"name": "", "value": " "}]}]}) == [
        ("embeds.0.fields.0.name", "BASE_TYPE_REQUIRED"),
        ("embeds.0.fields.0.value", "BASE_TYPE_REQUIRED"),
    ]


def test_footer_and_author_limits() -> None:
    assert codes({"embeds": [{"footer": {"text": "f" * 2048}, "author": {"name": "a" * 256}}]}) == []
    assert codes({"embeds": [{"footer": {"text": "f" * 2049}, "author": {"name": "a" * 257}}]}) == [
        ("embeds.0.footer.text", "BASE_TYPE_MAX_LENGTH"),
        ("embeds.0.author.name", "BASE_TYPE_MAX_LENGTH"),
    ]


def test_ten_embeds_at_most() -> None:
    assert codes({"embeds": [{"title": "t"}] * 10}) == []
    assert codes({"embeds": [{"title": "t"}] * 11}) == [("embeds", "BASE_TYPE_MAX_LENGTH")]


def test_six_thousand_across_all_embeds_of_a_message() -> None:
    full: list[dict[str, Any]] = [
        {"description": "d" * 3000},
        {"title": "t" * 200, "description": "d" * 2700, "footer": {"text": "f" * 100}},
    ]
    assert sum(embed_characters(e) for e in full) == 6000
    assert codes({"embeds": full}) == []
    full[1]["fields"] = [{"name": "n", "value": "v"}]
    assert codes({"embeds": full}) == [("embeds", "MAX_EMBED_SIZE_EXCEEDED")]


def test_urls_timestamps_and_colours_must_be_well_formed() -> None:
    good = {"url": "https://example.org/x", "timestamp": "2025-01-01T00:00:00+00:00", "color": 0xFFFFFF, "title": "t"}
    assert codes({"embeds": [good]}) == []
    bad = {"url": "javascript:alert(1)", "timestamp": "yesterday", "color": 0x1000000, "title": "t"}
    assert codes({"embeds": [bad]}) == [
        ("embeds.0.url", "URL_TYPE_INVALID_URL"),
        ("embeds.0.timestamp", "DATE_TYPE_PARSE"),
        ("embeds.0.color", "NUMBER_TYPE_MAX"),
    ]


def test_an_empty_message_is_refused_but_an_empty_edit_is_not() -> None:
    assert codes({"content": "   ", "embeds": []}) == [("", "EMPTY_MESSAGE")]
    assert codes({"embeds": [{"type": "rich"}]}) == [("", "EMPTY_MESSAGE")]
    assert codes({}, require_body=False) == []


def test_allowed_mentions_shape() -> None:
    assert codes({"content": "x", "allowed_mentions": {"parse": []}}) == []
    assert codes({"content": "x", "allowed_mentions": {"parse": ["all"]}}) == [
        ("allowed_mentions.parse.0", "ENUM_TYPE_COERCE")
    ]
    assert codes({"content": "x", "allowed_mentions": {"parse": ["users"], "users": ["1"]}}) == [
        ("allowed_mentions.parse", "SET_TYPE_ALREADY_CONTAINS_VALUE")
    ]


def test_violations_read_like_discords_errors() -> None:
    [violation] = problems({"embeds": [{"title": "t" * 300}]})
    assert str(violation) == "embeds.0.title: Must be 256 or fewer in length."
