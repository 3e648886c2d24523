"""Config loading: valid files become typed objects; every mistake is named with its key, value and what is allowed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config import BUNDLED_DEMO_CONFIG, ConfigError, load_config, parse_config
from tests.conftest import REPO


def problems(data: dict) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(data)
    return info.value.problems


def test_example_config_is_valid_and_complete() -> None:
    config = load_config(REPO / "config.example.toml")
    assert config.sources, "the example lists sources"
    assert config.telegram is not None and config.telegram.token_env == "TELEGRAM_BOT_TOKEN"
    assert config.discord is not None and config.discord.token_env == "DISCORD_BOT_TOKEN"


def test_bundled_demo_config_points_at_existing_sample_files() -> None:
    config = load_config(BUNDLED_DEMO_CONFIG)
    assert len(config.sources) == 3
    for source in config.sources:
        assert Path(config.resolve_source(source)).is_file()


def test_durations_tags_and_defaults() -> None:
    config = parse_config(
        {"sources": [{"name": "A", "url": "https://a.example/feed", "interval": "15m", "tags": ["UN", "un", " Nato "]}]}
    )
    source = config.sources[0]
    assert source.interval == 900
    assert source.tags == ("un", "nato")
    assert config.digest.max_items == 8 and config.digest.timezone == "UTC"
    assert config.telegram is None


def test_unknown_key_gets_did_you_mean() -> None:
    found = problems({"sources": [{"name": "A", "url": "https://a.example/f", "intervall": 60}]})
    assert any("unknown key 'intervall'" in p and "did you mean 'interval'" in p for p in found)
    found = problems({"digest": {"timezon": "UTC"}})
    assert any("did you mean 'timezone'" in p for p in found)
    found = problems({"telgram": {}})
    assert any("did you mean 'telegram'" in p for p in found)


def test_a_key_written_in_capitals_or_with_a_dash_is_offered_as_it_is_spelled() -> None:
    """`URL = "..."` (a key in capitals, as HTTP and many tools write it) or `token-env` (a dash for the underscore)
    got "allowed keys: name, url, interval, tags" beside "missing 'url'": the one key meant was never named, as a
    slip of one letter's is ("did you mean 'name'?")."""
    found = problems({"sources": [{"Name": "A", "URL": "https://a.example/f", "Tags": ["x"]}]})
    assert any("unknown key 'URL'; did you mean 'url'?" in p for p in found), found
    assert any("unknown key 'Tags'; did you mean 'tags'?" in p for p in found), found
    found = problems({"sources": [{"name": "A", "url": "https://a.example/f"}],
                      "telegram": {"token-env": "TELEGRAM_BOT_TOKEN"}, "fetch": {"MAX_BYTES": 1000}})
    assert any("unknown key 'token-env'; did you mean 'token_env'?" in p for p in found), found
    assert any("unknown key 'MAX_BYTES'; did you mean 'max_bytes'?" in p for p in found), found


def test_errors_name_key_value_and_what_is_allowed() -> None:
    found = problems(
        {
            "digest": {"time": "25:99", "timezone": "Mars/Olympus", "max_items": 0},
            "sources": [{"name": "A", "url": "ftp://files.example/feed"}, {"url": "https://b.example"}],
        }
    )
    text = "\n".join(found)
    assert "'time' = '25:99'" in text and "HH:MM" in text
    assert "'timezone' = 'Mars/Olympus'" in text and "IANA" in text
    assert "'max_items' = 0" in text
    assert "'url' = 'ftp://files.example/feed'" in text and "http" in text
    assert "missing 'name'" in text
    assert len(found) >= 5  # every problem reported at once


def test_wrong_types_are_explained() -> None:
    found = problems({"sources": "not a list", "fetch": {"timeout": "soon"}, "storage": []})
    text = "\n".join(found)
    assert "[[sources]]" in text
    assert "'timeout' = 'soon'" in text
    assert "[storage] must be a table" in text


def test_a_block_s_topics_written_as_one_word_is_shown_how_a_list_is_written() -> None:
    """`topics = "un"` in a [[subscriptions]] block (the README's example is a list, `["un"]`) was told "a list of
    topic words", which says what is wrong but not how to write it; a source's `tags` already showed a list."""
    found = problems({"telegram": {}, "subscriptions": [{"platform": "telegram", "chat_id": "@desk", "topics": "un"}]})
    assert found == ["""[[subscriptions]] #1 'topics' = 'un': a list of topic words, e.g. ["ukraine", "un"]"""], found


def test_token_in_the_file_is_refused() -> None:
    found = problems({"telegram": {"token": "123:abc"}})
    assert any("environment variable" in p for p in found)


def test_duplicate_source_names_are_refused() -> None:
    found = problems({"sources": [{"name": "A", "url": "https://a.example"}, {"name": "a", "url": "https://b.example"}]})
    assert any("a name no other source has (#1 is “A”" in p for p in found), found


def test_toml_syntax_error_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[digest\ntime = 8")
    with pytest.raises(ConfigError) as info:
        load_config(bad)
    assert "not valid TOML" in info.value.report()
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "missing.toml")
    assert "file not found" in info.value.report()


def test_token_comes_from_the_named_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    config = parse_config({"telegram": {"token_env": "MY_TG_TOKEN"}})
    monkeypatch.delenv("MY_TG_TOKEN", raising=False)
    assert config.telegram is not None and config.telegram.token() is None
    monkeypatch.setenv("MY_TG_TOKEN", "42:secret")
    assert config.telegram.token() == "42:secret"


def test_local_source_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "a.xml").write_text("<rss/>")
    file = tmp_path / "config.toml"
    file.write_text('[[sources]]\nname = "A"\nurl = "feeds/a.xml"\n')
    other = tmp_path / "elsewhere"
    other.mkdir()
    cwd = os.getcwd()
    os.chdir(other)
    try:
        config = load_config(file)
    finally:
        os.chdir(cwd)
    assert config.resolve_source(config.sources[0]) == str(tmp_path / "feeds" / "a.xml")


def test_the_example_file_is_written_from_the_declarations() -> None:
    """config.example.toml is what the declarations say: every key with its default and comment, no other.

    After adding or changing a key, write it again with
    `.venv/bin/python -c "from bot.config import example_toml; print(example_toml(), end='')" > config.example.toml`.
    """
    from bot.config import example_toml

    assert (REPO / "config.example.toml").read_text(encoding="utf-8") == example_toml()


def test_every_declared_key_is_in_the_example_with_its_default() -> None:
    import tomllib

    from bot.config import SECTIONS
    from bot.core.settings import keys_of
    from bot.platforms import PLATFORMS

    example = (REPO / "config.example.toml").read_text(encoding="utf-8")
    document = tomllib.loads(example)
    sections = {**SECTIONS, **{name: spec.section for name, spec in PLATFORMS.items() if spec.section}}
    for name, cls in sections.items():
        for key, default, declared in keys_of(cls):
            shown = document.get(name, {}).get(key)
            if shown is None:  # a key without a default is shown commented out, with an example
                assert f"# {key} = " in example, (name, key)
            elif key != "default_interval":  # shown as "15m", read as seconds
                assert declared.convert(shown) == default, (name, key, shown, default)


def test_a_default_is_written_once_and_used_everywhere() -> None:
    from bot.config import DigestConfig

    config = parse_config({})
    assert config.digest == DigestConfig()
    defaults = config.digest.subscription_defaults()
    assert (defaults.time, defaults.timezone, defaults.max_items) == (DigestConfig.time, DigestConfig.timezone,
                                                                      DigestConfig.max_items)
    changed = parse_config({"digest": {"time": "07:15"}})
    assert changed.changed_settings() == ['[digest] time = "07:15"']
    assert changed.digest.subscription_defaults().time == "07:15"


TIMES_AS_TYPED = [("7:30", "07:30"), ("07:30", "07:30"), ("8.30", "08:30"), ("20h", "20:00"), ("8pm", "20:00"),
                  ("8:30am", "08:30"), ("12am", "00:00"), ("9", "09:00"), ("midnight", "00:00"),
                  ("24:00", "00:00")]


@pytest.mark.parametrize(("typed", "meant"), TIMES_AS_TYPED)
def test_a_time_of_day_is_read_in_the_config_as_in_a_chat(typed: str, meant: str, tmp_path: Path) -> None:
    """`/settings time 7:30` was taken in a chat while `time = "7:30"` in a [[subscriptions]] block was refused
    ("a time of day as HH:MM"): one reader for both, in a file read from disk as the bot reads it."""
    from bot.commands.handlers import parse_settings
    from storage.records import SettingsChange

    assert parse_settings(["time", typed]) == SettingsChange(time=meant)
    path = tmp_path / "config.toml"
    path.write_text(f'[digest]\ntime = "{typed}"\n[[subscriptions]]\nplatform = "console"\nchat_id = "desk"\n'
                    f'time = "{typed}"\n')
    config = load_config(path)
    assert config.digest.time == meant and config.subscriptions[0].time == meant


@pytest.mark.parametrize("typed", ["25:00", "13pm", "7:3", "soon", "7:60"])
def test_a_time_no_one_could_mean_is_refused_in_the_config_as_in_a_chat(typed: str) -> None:
    from bot.commands.context import UsageError
    from bot.commands.handlers import parse_settings

    with pytest.raises(UsageError):
        parse_settings(["time", typed])
    found = problems({"subscriptions": [{"platform": "console", "chat_id": "desk", "time": typed}]})
    assert any(f"'time' = '{typed}'" in p for p in found), found


def test_a_config_not_in_utf8_says_which_line_or_that_it_is_utf16(tmp_path: Path) -> None:
    """"the file is not UTF-8 text" named no line: a config saved as Latin-1 with one "Norländ" in it is found."""
    text = '[[sources]]\nname = "Norländ desk"\nurl = "https://news.example.org/rss"\n'
    latin = tmp_path / "latin.toml"
    latin.write_bytes(text.encode("latin-1"))
    with pytest.raises(ConfigError, match=r"line 2 holds a byte UTF-8 has not: save the file as UTF-8"):
        load_config(latin)
    wide = tmp_path / "wide.toml"
    wide.write_bytes(text.encode("utf-16"))
    with pytest.raises(ConfigError, match="UTF-16 text: save it as UTF-8"):
        load_config(wide)


@pytest.mark.parametrize("section, line, key", [
    ("fetch", "default_interval = 10", "default_interval"),
    ("fetch", "default_interval = 0", "default_interval"),
    ("fetch", 'default_interval = "-5m"', "default_interval"),
    ("delivery", "retry_max = -1", "retry_max"),
    ("delivery", "retry_max = 0", "retry_max"),
])
def test_a_duration_the_bot_would_not_keep_is_refused_not_changed_silently(
        section: str, line: str, key: str, tmp_path: Path) -> None:
    """`[fetch] default_interval = 10` was shown as 10 by check-config while every source was read each 30 s (a
    source's own `interval = 10` is refused); `retry_max = -1` was taken as is. Each is refused, naming the key."""
    path = tmp_path / "config.toml"
    path.write_text(f'[{section}]\n{line}\n\n[[sources]]\nname = "Norland desk"\nurl = "https://norland.example/feed"\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = "\n".join(info.value.problems)
    assert f"[{section}] '{key}'" in text, text


def test_the_shortest_durations_allowed_are_taken(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[fetch]\ndefault_interval = "30s"\n[delivery]\nretry_max = "1s"\nretry_first = 0.5\n\n'
                    '[[sources]]\nname = "Norland desk"\nurl = "https://norland.example/feed"\n', encoding="utf-8")
    config = load_config(path)
    assert config.fetch.default_interval == 30 and config.sources[0].interval == 30
    assert config.delivery.retry_max == 1


def test_a_number_above_its_most_is_warned_of_with_the_value_used(tmp_path: Path) -> None:
    """`[fetch] max_entries = 1000` was brought down to 500 without a word (check-config listed `max_entries = 500`
    as if the file said so): the operator who wrote 1000 to read a long feed whole never learnt it was not."""
    path = tmp_path / "config.toml"
    path.write_text('[fetch]\nmax_entries = 1000\nconcurrency = 500\nmax_redirects = 3\n\n'
                    '[[sources]]\nname = "Norland desk"\nurl = "https://norland.example/feed"\n', encoding="utf-8")
    config = load_config(path)
    assert config.fetch.max_entries == 500 and config.fetch.concurrency == 64
    warned = "\n".join(config.warnings())
    assert "[fetch] max_entries = 1000 is more than the most it takes, 500: 500 are used" in warned, warned
    assert "[fetch] concurrency = 500 is more than the most it takes, 64: 64 are used" in warned, warned
    assert "max_redirects" not in warned


@pytest.mark.parametrize(("platform", "typed"), [("telegram", "-100777x"), ("telegram", "norland_news"),
                                                  ("discord", "press-room"), ("discord", "2345678901234567o9")])
def test_a_chat_id_the_platform_cannot_have_is_refused_on_load(platform: str, typed: str, tmp_path: Path) -> None:
    """`chat_id = "-100777x"` (a slip of the keyboard) was taken for Telegram: the subscription was made, and its
    first digest, hours later, was the first anyone heard of it (a channel's name without its @ likewise). A Telegram
    chat is a number, a topic of one or an @name; a Discord channel is a number: anything else is named on load, as
    check-config, the start and a reload read it."""
    path = tmp_path / "config.toml"
    path.write_text(f'[[sources]]\nname = "Norland desk"\nurl = "https://news.norland.example/rss"\n'
                    f'[{platform}]\n[[subscriptions]]\nplatform = "{platform}"\nchat_id = "{typed}"\n'
                    '[[subscriptions]]\nplatform = "console"\nchat_id = "desk"\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    found = [p for p in info.value.problems if "chat_id" in p]
    assert found and typed in found[0] and platform.title() in found[0], info.value.problems


@pytest.mark.parametrize(("platform", "typed"), [("telegram", "-1001234567890"), ("telegram", "@norland_news"),
                                                  ("telegram", "-1001234567890/77"), ("telegram", "123456789"),
                                                  ("discord", "234567890123456789"), ("console", "desk")])
def test_a_chat_id_of_the_platforms_form_is_taken(platform: str, typed: str) -> None:
    section = {} if platform == "console" else {platform: {}}
    config = parse_config({**section, "subscriptions": [{"platform": platform, "chat_id": typed}]})
    assert config.subscriptions[0].chat_id == typed


def test_a_feed_reader_link_or_a_calendar_given_as_a_source_says_what_to_write() -> None:
    """A browser's "subscribe" button gives `feed://host/rss` (or `feed:https://...`), a calendar `webcal://`:
    refused as "an http:// or https:// URL, or a local file path", nothing said what to write instead."""
    found = problems({"sources": [{"name": "Norland", "url": "feed://norland.example/rss"},
                                  {"name": "Orsania", "url": "feed:https://orsania.example/news.xml"},
                                  {"name": "Estavia", "url": "webcal://estavia.example/events.ics"}]})
    text = "\n".join(found)
    assert 'write "https://norland.example/rss"' in text, text
    assert 'write "https://orsania.example/news.xml"' in text, text
    assert "a calendar" in text and "not a feed" in text, text
