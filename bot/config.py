"""The TOML config file: its sections, read and checked into frozen, typed objects, and its example.

Every key is declared once, as a field of its section's dataclass made with `setting(...)` (`bot.core.settings`):
its default, its check, what an error says is allowed, and its comment in `config.example.toml`. Platform
sections are declared in their platform packages and listed by `bot.platforms.PLATFORMS`. An error names the
key, the value and what is allowed; an unknown key gets a "did you mean". All problems are reported together,
so an operator fixes a file in one pass.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.core import settings as s
from bot.core.errors import ConfigError
from bot.core.settings import (
    REQUIRED,
    duration,
    is_valid_time,
    is_valid_timezone,
    keys_of,
    read_time,
    setting,
    summer_time_note,
)
from bot.platforms import PLATFORMS
from bot.redact import TOKEN_LIKE, redact
from storage.records import SubscriptionSettings

ZONE_ALLOWED = 'an IANA time zone such as "Europe/Berlin", or an offset such as "UTC+3"'
SOURCE_URL_ALLOWED = "an http:// or https:// URL, or a local file path"

__all__ = [
    "BUNDLED_DEMO_CONFIG",
    "AlertsConfig",
    "Config",
    "ConfigError",
    "DeliveryConfig",
    "DigestConfig",
    "FetchConfig",
    "MetricsConfig",
    "SourceConfig",
    "StorageConfig",
    "SubscriptionConfig",
    "default_config_path",
    "example_toml",
    "is_valid_time",
    "is_valid_timezone",
    "load_config",
    "parse_config",
]

BUNDLED_DEMO_CONFIG = Path(__file__).resolve().parent / "samples" / "demo.toml"
DEFAULT_CONFIG_NAME = "config.toml"
MODES = ("daily", "instant")
DEFAULT_MODE = "daily"
MAX_ITEMS = 20


@dataclass(frozen=True)
class StorageConfig:
    """The SQLite database (created with owner-only permissions; relative to the directory you run from)."""

    path: Path = setting(Path("var/communique.db"), s.path, "a file path")
    keep_days: int = setting(
        180, s.whole(0), "a number of days (0 keeps everything)",
        "articles older than this are deleted (0 keeps everything); open pledges stay",
    )


@dataclass(frozen=True)
class FetchConfig:
    """Limits for fetching: one slow or huge source must not hold up the others."""

    timeout: float = setting(20.0, s.number(0, above=True), "seconds, a number above 0",
                             "seconds allowed for one whole request, body included")
    max_bytes: int = setting(5_000_000, s.whole(1), "a byte count above 0",
                             "a feed or page larger than this (after decompression) is refused")
    max_redirects: int = setting(5, s.whole(1, 20, clamp=True), "a whole number from 1 to 20",
                                "redirects followed per request, 1 to 20 (more is read as 20, with a warning)")
    concurrency: int = setting(8, s.whole(1, 64, clamp=True), "a whole number from 1 to 64",
                              "sources fetched at the same time, 1 to 64 (more is read as 64, with a warning)")
    default_interval: int = setting(900, s.duration_at_least(30),
                                    'a duration of at least 30 seconds, such as "15m" (be kind to the sources)',
                                    "how often a source is fetched when it sets no interval of its own, 30s at least",
                                    example="15m")
    max_entries: int = setting(50, s.whole(1, 500, clamp=True), "a whole number from 1 to 500",
                              "entries read per feed and fetch, up to 500: the newest (the log says what is left)")
    fetch_full_text: bool = setting(True, s.boolean, "true or false",
                                    "when a feed carries only a teaser, fetch the article page for its text")
    allow_private_addresses: bool = setting(
        False, s.boolean, "true or false",
        "refuse sources and links on loopback/private networks (keep false in production)",
    )
    user_agent: str = setting("Communique/0.1 (diplomatic news digest bot)", s.header_text,
                              "a short text in printable ASCII, at most 200 characters (an HTTP header: no accented "
                              "letter, no line break), e.g. \"Communique/1.0 (+https://example.org/bot)\"",
                              "how Communiqué introduces itself to the sources")


@dataclass(frozen=True)
class DigestConfig:
    """Defaults for a chat that subscribes; each chat can change its own with /settings."""

    time: str = setting("08:00", s.time_of_day, 'a time of day as HH:MM, e.g. "08:30"',
                        "when the daily digest goes out")
    timezone: str = setting("UTC", s.timezone, ZONE_ALLOWED, "the time zone of `time`")
    max_items: int = setting(8, s.whole(1, MAX_ITEMS), f"a whole number from 1 to {MAX_ITEMS}",
                             f"stories per digest, 1 to {MAX_ITEMS}; the rest wait for the next one, none dropped")
    summary_sentences: int = setting(3, s.whole(1, 5), "a whole number from 1 to 5",
                                     "sentences in each story's summary, 1 to 5")

    def subscription_defaults(self) -> SubscriptionSettings:
        """The settings a new subscription starts with."""
        return SubscriptionSettings(mode=DEFAULT_MODE, time=self.time, timezone=self.timezone,
                                    max_items=self.max_items)


@dataclass(frozen=True)
class AlertsConfig:
    """When operators hear about a failing source: once per failure streak."""

    after_failures: int = setting(5, s.whole(1), "a whole number above 0",
                                  "tell the operators once when a source has failed this many times in a row")


@dataclass(frozen=True)
class DeliveryConfig:
    """When a platform fails (down, unreachable, 5xx, timeouts), messages wait in the database and are tried again,
    the pause doubling from `retry_first` up to `retry_max`, for as long as it takes: an outage delays a digest,
    never ends it."""

    retry_first: float = setting(2.0, s.number(0, above=True), "seconds, a number above 0",
                                 "seconds before the first retry of a message a platform failed to take")
    retry_max: int = setting(300, s.duration_at_least(1), 'a duration of at least 1 second, such as "5m"',
                             "the longest pause between two tries of one message, 1s at least", example="5m")


def _listen(value: object) -> str:
    from bot.listen import ListenError, parse_listen

    if not isinstance(value, str):
        raise ValueError
    try:
        parse_listen(value)
    except ListenError:
        raise ValueError from None
    return value.strip()


@dataclass(frozen=True)
class MetricsConfig:
    """GET /healthz and GET /metrics (Prometheus) for `communique run`; off unless set. A port alone ("9464") listens
    on loopback only; name another interface ("0.0.0.0:9464") only when the endpoint must be reached from elsewhere."""

    listen: str | None = setting(
        None, _listen, 'an address and port such as "127.0.0.1:9464" (a port alone listens on loopback only)',
        example="127.0.0.1:9464",
    )


@dataclass(frozen=True)
class SourceConfig:
    """One news or government source: a feed at an http(s) URL or a local file."""

    name: str = setting(REQUIRED, s.text, "a non-empty name of at most 500 characters", "a display name",
                        missing="a display name for the source")
    url: str = setting(REQUIRED, s.source_url, SOURCE_URL_ALLOWED,
                       "the feed (RSS 0.9x/1.0/2.0, Atom, JSON Feed or a news sitemap): http(s), or a file path "
                       "relative to this file",
                       missing="an http(s) URL or a local file path")
    # Without one, [fetch] default_interval (the reader fills it in).
    interval: int = setting(REQUIRED, s.duration, 'a duration such as 900, "15m", "2h" or "1h30m"',
                            "how often to fetch it (overrides [fetch] default_interval)")
    tags: tuple[str, ...] = setting((), s.tags, 'a list of short words, e.g. ["ukraine", "un"]',
                                    "topics chats can subscribe to")
    # Its [[sources]] block's number in the file (0 for a source made in code): a later check names the block the
    # operator wrote, which a block in error before it (left out of `Config.sources`) would otherwise shift.
    block: int = field(default=0, compare=False)

    @property
    def is_local(self) -> bool:
        return not self.url.startswith(("http://", "https://"))


@dataclass(frozen=True)
class SubscriptionConfig:
    """A chat or channel subscribed by the operator in the file rather than by a command. Settings left out use the
    [digest] defaults. A chat's own command wins over the file: once the chat itself sends /subscribe, /settings or
    /unsubscribe, its block no longer changes it. Removing a block ends only a subscription the file made (one the
    chat has taken over stays until /unsubscribe there); every change a reload makes is logged."""

    platform: str = setting(REQUIRED, s.choice(*PLATFORMS), f"one of {', '.join(PLATFORMS)}", " or ".join(PLATFORMS),
                            example=next(iter(PLATFORMS)))
    chat_id: str = setting(REQUIRED, s.chat_id, "a chat or channel id, e.g. -1001234567890",
                           "the chat's or channel's id (or @channelname on Telegram)", example="-1001234567890")
    topics: tuple[str, ...] = setting((), s.tags, 'a list of topic words, e.g. ["ukraine", "un"]', "none: everything",
                                      example=("ukraine", "un"))
    mode: str = setting(DEFAULT_MODE, s.choice(*MODES), '"daily" or "instant"', " or ".join(MODES))
    time: str | None = setting(None, s.time_of_day, 'a time of day as HH:MM, e.g. "08:30"', example="07:30")
    timezone: str | None = setting(None, s.timezone, ZONE_ALLOWED,
                                   example="Europe/Kyiv")
    max_items: int | None = setting(None, s.whole(1, MAX_ITEMS), f"a whole number from 1 to {MAX_ITEMS}", example=10)


def _quoted(tags: list[str]) -> str:
    """Tags as a warning names them: “a”, “b”."""
    return ", ".join(f"“{tag}”" for tag in tags)


@dataclass(frozen=True)
class Config:
    """The whole validated config. `path` is the file it came from (None for a config built in code).

    Platform sections are in `platforms` by name, and reachable as attributes (`config.telegram`): None when the
    file has no such section (the fallback platform's section is always there).
    """

    path: Path | None
    sources: tuple[SourceConfig, ...] = ()
    storage: StorageConfig = field(default_factory=StorageConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    delivery: DeliveryConfig = field(default_factory=DeliveryConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    platforms: Mapping[str, Any] = field(default_factory=dict)
    subscriptions: tuple[SubscriptionConfig, ...] = ()
    # The file as it was read ((modification time in ns, size), taken before reading): a running bot's watch
    # compares the file with it, so an edit saved while the bot started is read too.
    read_as: tuple[int, int, int] | None = field(default=None, compare=False)
    # Each section's table as the file wrote it: check-config shows a list as written (`operators = [900]` was
    # shown `["900"]`, the ids as the bot keeps them, in quotes the file does not have).
    written: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False)
    # The file as the operator named it, made absolute with its symbolic links kept (`path` has them resolved, so
    # that local sources are relative to the real file's folder): what a running bot watches and reads again. A link
    # moved to a new version of the file (a Kubernetes ConfigMap, a `current -> releases/42` deploy) was never read:
    # the bot went on watching the file the link pointed to at its start.
    named: Path | None = field(default=None, compare=False)

    @property
    def file(self) -> Path | None:
        """The config file to watch and read again: as named, else `path`."""
        return self.named or self.path

    def __getattr__(self, name: str) -> Any:
        if name in PLATFORMS:
            return self.__dict__.get("platforms", {}).get(name)
        raise AttributeError(name)

    @property
    def base_dir(self) -> Path:
        """Local source paths are relative to the config file's folder."""
        return self.path.parent if self.path else Path.cwd()

    def resolve_source(self, source: SourceConfig) -> str:
        """A source's URL, or its local path made absolute against the config's folder."""
        if not source.is_local:
            return source.url
        local = Path(source.url.removeprefix("file://")).expanduser()
        return str(local if local.is_absolute() else (self.base_dir / local).resolve())

    def operators(self, platform: str) -> tuple[str, ...]:
        section = self.platforms.get(platform)
        return tuple(getattr(section, "operators", ())) if section is not None else ()

    def tokens(self) -> list[str]:
        """Every platform token the sections name and the environment holds (so logs can redact them)."""
        return [token for section in self.platforms.values() if (token := _token(section))]

    def shared_feeds(self) -> list[str]:
        """A warning for each source whose feed an earlier source already has (a block copied and renamed, its
        url left as it was; scheme and host in any case, a trailing slash: `same_feed_key`).

        Warned, not refused: nothing is sent twice or lost (a story is stored once, by its link, under whichever
        block read it first, and carries the tags of both), but the feed is fetched twice, and a story is shown
        under one block's name; when the two blocks' tags differ the warning names those tags, and says that a chat
        following either gets the story once. Refusing would stop a bot at its next start over that.
        `check-config`, `run` and a reload all say it in these words.
        """
        warnings: list[str] = []
        first: dict[str, tuple[int, SourceConfig]] = {}  # the feed -> the first block that has it
        for index, source in enumerate(self.sources, start=1):
            key = source.url if source.is_local else same_feed_key(source.url)
            if key in first:
                was, earlier = first[key]
                warning = (f"[[sources]] #{index} “{source.name}” has the feed of #{was} “{earlier.name}” "
                           f"({redact(source.url)}): it is fetched twice, and each story is stored under whichever "
                           "of the two names read it first")
                own = [tag for tag in earlier.tags if tag not in source.tags]
                theirs = [tag for tag in source.tags if tag not in earlier.tags]
                if own or theirs:
                    split = "; ".join(part for part in (
                        f"{_quoted(own)} {'is' if len(own) == 1 else 'are'} #{was}'s alone" if own else "",
                        f"{_quoted(theirs)} #{index}'s" if theirs else "") if part)
                    warning += (f"; their tags differ ({split.replace('; ', ', ')}): each story carries the tags of "
                                "both blocks, so a chat following any of those gets it, once")
                warnings.append(warning + "; remove one block, or give it its own url")
            first.setdefault(key, (index, source))
        return warnings

    def topic_slips(self) -> list[str]:
        """A warning for each [[subscriptions]] topic that is no source's tag but one letter or so off one ("gama"
        for "gamma"): taken as a keyword no story says, the chat stopped getting the tag's stories without a word,
        where /subscribe typed so asks "did you mean". Warned, not refused: any word is a keyword a chat may follow.
        The closeness is the command's (cutoff 0.8)."""
        tags = sorted({tag for source in self.sources for tag in source.tags})
        warnings: list[str] = []
        for index, sub in enumerate(self.subscriptions, start=1):
            for topic in sub.topics:
                close = difflib.get_close_matches(topic, tags, n=1, cutoff=0.8) if topic not in tags else []
                if close:
                    warnings.append(
                        f"[[subscriptions]] #{index} ({sub.platform} {sub.chat_id}): the topic “{topic}” is no "
                        f"source's tag (did you mean “{close[0]}”?): as a keyword it brings only the stories whose "
                        f"title, text or feed category says “{topic}”")
        return warnings

    def zones_without_summer_time(self) -> list[str]:
        """A warning for each zone the file gives that keeps no summer time though the place it is mostly taken
        for does ('EST' for New York's clock: its digests came an hour late from March to November, without a
        word). Warned, not refused: it is some places' clock (Panama keeps EST all year). A chat sent its stories as
        they come (mode "instant") has no digest time to warn of."""
        warnings: list[str] = []
        note = summer_time_note(self.digest.timezone, self.digest.time)
        if note:
            warnings.append(f"[digest] timezone = “{note.replace(' is ', '” is ', 1)}")
        for index, sub in enumerate(self.subscriptions, start=1):
            daily = sub.mode == "daily"
            note = summer_time_note(sub.timezone, sub.time or self.digest.time) if sub.timezone and daily else None
            if note:
                warnings.append(f"[[subscriptions]] #{index} ({sub.platform} {sub.chat_id}): timezone = "
                                f"“{note.replace(' is ', '” is ', 1)}")
        return warnings

    def warnings(self) -> list[str]:
        """What `check-config`, the start and a reload warn of (and run on): the feeds two sources share, the
        topics that are slips of a tag, and zones that keep no summer time where their place does."""
        return self.shared_feeds() + self.topic_slips() + self.zones_without_summer_time() + self.capped_numbers()

    def capped_numbers(self) -> list[str]:
        """A whole number above the most its key takes ([fetch] max_entries, concurrency, max_redirects) is brought
        down to that most, not refused; said, as the file and the bot then disagree: `max_entries = 1000` was read
        as 500 without a word, and check-config listed 500 as if the file said so."""
        found = []
        for name, section in self._sections():
            for key, value in self.written.get(name, {}).items():
                used = getattr(section, key, None)
                if (type(value) is int and type(used) is int  # noqa: E721 (bool is an int: not these)
                        and value > used):
                    found.append(f"[{name}] {key} = {value} is more than the most it takes, {used}: {used} are used")
        return found

    def changed_settings(self) -> list[str]:
        """`[section] key = value` for every setting the file changed from its default (for `check-config`)."""
        found = []
        for name, section in self._sections():
            for key, default, _ in keys_of(type(section)):
                value = getattr(section, key)
                if value != default and default is not REQUIRED:  # a token is refused on load; never shown
                    shown = s.zone_label(value) if key == "timezone" else value  # Etc/GMT-3 as UTC+3, as written
                    as_written = self.written.get(name, {}).get(key)
                    if isinstance(value, tuple) and isinstance(as_written, list):
                        shown = as_written  # ids as numbers or strings, as the file has them
                    found.append(redact(f"[{name}] {key} = {_toml(shown)}"))
        return found

    def _sections(self) -> list[tuple[str, Any]]:
        named = [(name, getattr(self, name)) for name in SECTIONS]
        return named + [(name, section) for name, section in self.platforms.items() if section is not None]


def _token(section: Any) -> str | None:
    token = getattr(section, "token", None)
    return token() if callable(token) else None


# --- reading ----------------------------------------------------------------------------------------------------

# The sections of Communiqué itself, in the file's order; each platform's section follows them.
SECTIONS: dict[str, type] = {"storage": StorageConfig, "fetch": FetchConfig, "digest": DigestConfig,
                             "alerts": AlertsConfig, "delivery": DeliveryConfig, "metrics": MetricsConfig}


class _Reader:
    """Collects problems while reading tables, so every one is reported at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, key: str, value: object, allowed: str, *, secret: bool = False) -> None:
        if secret:  # the value may be a token: the error (printed, logged at a reload) must not repeat it
            self.problems.append(f"{where} '{key}': {allowed}")
            return
        # A TOML date or time (written without quotes) as the file has it, not as Python's repr.
        written = value.isoformat() if isinstance(value, (dt.date, dt.time)) else repr(value)
        shown = redact(written)  # a token pasted into any other key is not repeated either
        if len(shown) > 80:
            shown = shown[:77] + "..."
        self.problems.append(f"{where} '{key}' = {shown}: {allowed}{_quoted_hint(value, allowed)}"
                             f"{_zone_hint(value) if allowed == ZONE_ALLOWED else ''}"
                             f"{_url_hint(value) if allowed == SOURCE_URL_ALLOWED else ''}")

    def unknown_keys(self, where: str, table: Mapping[str, Any], known: list[str]) -> None:
        for key in table:
            if key not in known:
                # `URL`, `MAX_BYTES`, `token-env`: the key meant, written in capitals or with a dash, is further from
                # it by letters than the cut-off allows, and the hint listed every key instead of naming it.
                spelled = [name for name in known if name == key.lower().replace("-", "_")]
                close = spelled or difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(known)}"
                self.problems.append(f"{where}: unknown key '{key}'{hint}")

    def tokens_in(self, where: str, table: Mapping[str, Any], secret_keys: set[str]) -> None:
        """A platform's section with a bot token in another key: Telegram's documentation writes its addresses
        with the token in them (`https://api.telegram.org/bot<token>/getMe`), which pasted as `api_base_url` was
        accepted, printed by check-config and sent inside a wrong address; a token among the operators' ids, or
        under a key of the operator's own naming, is the same secret in the file."""
        for key, value in table.items():
            if key in secret_keys:  # said by their own check
                continue
            texts = value if isinstance(value, list) else [value]
            if any(isinstance(text, str) and TOKEN_LIKE.search(text) for text in texts):
                self.problems.append(
                    f"{where} '{key}': holds a bot token (not shown here); a token never goes in this file: put it "
                    "in the environment variable 'token_env' names (an address ends before the token, e.g. "
                    "https://api.telegram.org/bot)")

    def table(self, where: str, value: object) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(f"{where} must be a table (a [section]), not {type(value).__name__}")
            return {}
        return value

    def section(self, cls: type, where: str, table: Mapping[str, Any], inherited: Mapping[str, Any] | None = None
                ) -> dict[str, Any]:
        """The values of one table by its class's declared keys; problems noted. Keys left out take their default
        (or `inherited`); a required key left out is a problem, and its value is None."""
        declared = list(keys_of(cls))
        self.unknown_keys(where, table, [key for key, _, _ in declared])
        if "token_env" in (key for key, _, _ in declared):
            if "token" in table:
                self.problems.append(  # a token in the file ends up in backups and screenshots
                    f"{where}: put the token in an environment variable and name it with 'token_env', "
                    "never the token itself in the file"
                )
            self.tokens_in(where, table, secret_keys={key for key, _, d in declared if d.secret} | {"token"})
        values: dict[str, Any] = {}
        for key, default, declared_key in declared:
            if key not in table:
                if inherited and key in inherited:
                    values[key] = inherited[key]
                elif default is REQUIRED:
                    hint = f" ({declared_key.missing})" if declared_key.missing else ""
                    self.problems.append(f"{where}: missing '{key}'{hint}")
                    values[key] = None
                else:
                    values[key] = default
                continue
            try:
                values[key] = declared_key.convert(table[key])
            except (ValueError, TypeError):
                self.problem(where, key, table[key], declared_key.allowed, secret=declared_key.secret)
                values[key] = None if default is REQUIRED else default
        return values

    def blocks(self, name: str, raw: object) -> list[tuple[str, dict[str, Any]]]:
        """The tables of an array of tables (`[[name]]` blocks), each with where it is."""
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problems.append(f"'{name}' must be an array of tables ([[{name}]] blocks)")
            return []
        found = []
        for index, item in enumerate(raw, start=1):
            where = f"[[{name}]] #{index}"
            table = self.table(where, item)
            if table:
                found.append((where, table))
        return found


def _zone_hint(value: object) -> str:
    """For a zone refused: the zone a slip most likely means ('Europe/Berln'), or for an offset with minutes
    ('UTC+5:30'), that a place's zone is the way to say it."""
    if not isinstance(value, str) or len(value) > 64:
        return ""
    try:
        s.offset_zone(value)
    except s.OffsetWithMinutes as offset:
        return f"; “{value}” {s.offset_with_minutes_hint(offset.minutes, dt.datetime.now(dt.UTC))}"
    said_of = s.clock_zones(value)
    if said_of:  # "PST", "CEST": the places' zones, as /settings tz says (a slip's nearest name was "EST" for CEST)
        return "; did you mean " + s.either_of([clock.shown(quote='"') for clock in said_of]) + "?"
    close = s.close_zone(value)
    return f'; did you mean "{close}"?' if close else ""


def _url_hint(value: object) -> str:
    """For a source's address refused: what in it is wrong (its port, its host), when it is an http(s) one."""
    fault = s.source_url_fault(value)
    if fault:
        return f"; {fault}"
    return _scheme_hint(value) if isinstance(value, str) else ""


def _scheme_hint(value: str) -> str:
    """A browser's "subscribe" link (`feed://host/rss`, `feed:https://...`) or a calendar's (`webcal://`) pasted
    as a source: what to write instead. A feed link does not say whether the site is http or https; https is
    what sites serve now, and a site on http alone answers at its http address."""
    scheme, _, rest = value.strip().partition(":")
    if scheme.lower() == "feed":
        target = rest if rest.lower().startswith(("http://", "https://")) else "https:" + rest
        return f' (a feed reader\'s link: write "{target}")'
    if scheme.lower() == "webcal":
        return " (webcal: is a calendar to subscribe to, not a feed)"
    return ""


def _quoted_hint(value: object, allowed: str) -> str:
    """A number or true/false written in quotes is text in TOML: say so, since the value looks right. A time
    written without them is TOML's own time, which no key takes: say that too."""
    if isinstance(value, dt.time):
        return f' (write it in quotes: "{value.strftime("%H:%M")}")'
    if not isinstance(value, str) or not any(word in allowed for word in ("number", "true or false", "seconds")):
        return ""
    try:
        float(value.replace("_", ""))
    except ValueError:
        if value.strip().lower() not in ("true", "false"):
            return ""
    return " (write it without quotes: in quotes it is text)"


def same_feed_key(url: str) -> str:
    """Addresses that name the same feed: scheme and host in any case, with or without a trailing slash."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}{parts.path.rstrip('/')}" + (
        f"?{parts.query}" if parts.query else ""
    )


def _read_sources(reader: _Reader, raw: object, default_interval: int) -> tuple[SourceConfig, ...]:
    sources: list[SourceConfig] = []
    seen: dict[str, str] = {}  # a name in lower case -> '#1 “Name”', the block that has it
    for where, table in reader.blocks("sources", raw):
        values = reader.section(SourceConfig, where, table, inherited={"interval": default_interval})
        if values["interval"] is not None and values["interval"] < 30 and "interval" in table:
            reader.problem(where, "interval", table["interval"], "at least 30 seconds (be kind to the source)")
        name = values["name"]
        if name and s.name_key(name) in seen:
            reader.problem(where, "name", name, f"a name no other source has ({seen[s.name_key(name)]}; names are "
                           "told apart without regard to case, width, spacing or invisible characters)")
        if name and values["url"]:
            seen.setdefault(s.name_key(name), f"{where.split()[-1]} is “{name}”")
            values["interval"] = max(values["interval"] or default_interval, 30)
            sources.append(SourceConfig(**values, block=int(where.rsplit("#", 1)[1])))
    return tuple(sources)


def _read_subscriptions(reader: _Reader, raw: object) -> tuple[SubscriptionConfig, ...]:
    """The [[subscriptions]] blocks. Two blocks for one chat are refused, naming the first: one of them was
    applied and the other dropped without a word."""
    subscriptions = []
    declared: dict[tuple[str, str], str] = {}  # (platform, chat id) -> the block's number
    for where, table in reader.blocks("subscriptions", raw):
        values = reader.section(SubscriptionConfig, where, table)
        form = PLATFORMS[values["platform"]].chat_form if values["platform"] else None
        if values["chat_id"] and form is not None and not form.fullmatch(values["chat_id"]):
            reader.problem(where, "chat_id", table["chat_id"], PLATFORMS[values["platform"]].chat_form_text)
            continue
        if values["platform"] and values["chat_id"]:
            chat = (values["platform"], values["chat_id"])
            if chat in declared:
                reader.problem(where, "chat_id", table["chat_id"], "a chat no other [[subscriptions]] block declares "
                               f"({declared[chat]} declares {chat[0]} {chat[1]})")
                continue
            declared[chat] = where.split()[-1]
            subscriptions.append(SubscriptionConfig(**values))
    return tuple(subscriptions)


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    """Validate a parsed TOML document into a `Config`, or raise `ConfigError` listing every problem."""
    reader = _Reader()
    reader.unknown_keys("top level", data, [*SECTIONS, "sources", *PLATFORMS, "subscriptions"])
    parts: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        parts[name] = cls(**reader.section(cls, f"[{name}]", reader.table(f"[{name}]", data.get(name))))
    platforms: dict[str, Any] = {}
    for name, spec in PLATFORMS.items():
        if spec.section is None:
            continue
        if name in data:
            where = f"[{name}]"
            platforms[name] = spec.section(**reader.section(spec.section, where, reader.table(where, data[name])))
        elif spec.fallback:
            platforms[name] = spec.section()
    sources = _read_sources(reader, data.get("sources"), parts["fetch"].default_interval)
    subscriptions = _read_subscriptions(reader, data.get("subscriptions"))
    for sub in subscriptions:
        if platforms.get(sub.platform) is None and not PLATFORMS[sub.platform].fallback:
            reader.problems.append(
                f"[[subscriptions]] for {sub.platform} chat {sub.chat_id}: add a [{sub.platform}] section first"
            )
    written = {name: table for name in [*SECTIONS, *platforms] if isinstance(table := data.get(name), dict)}
    config = Config(path=path, sources=sources, platforms=platforms, subscriptions=subscriptions, written=written,
                    **parts)
    if reader.problems:
        raise ConfigError(path or "<config>", reader.problems, partial=config)
    return config


# Where a problem is (`_Reader`'s words: "[digest] 'time' = ...", "[[sources]] #2: missing 'url'", "top level:
# unknown key 'x'"), and the lines of the file that say where each table and key is.
_PROBLEM_AT = re.compile(r"^(top level|\[\[[\w-]+\]\] #\d+|\[[\w-]+\]):? ?(?:unknown key |missing )?(?:'([^']+)')?")
_HEADER_LINE = re.compile(r"^\s*(\[\[?)\s*([\w-]+)\s*(?:\.\s*([\w-]+)\s*)?(?:\.[^\]]*)?\]")
_KEY_LINE = re.compile(r"""^\s*["']?([\w-]+)["']?\s*=""")


def problem_lines(text: str, problems: Sequence[str]) -> list[str]:
    """Each problem with the line of the file it is about ("line 6: [digest] 'time' = ..."): the key's line, else
    its table's; as it was where the file cannot tell. With every problem reported in one run, the operator mends
    them all in one edit without hunting for the third [[sources]] block."""
    headers: dict[str, int] = {}
    keys: dict[tuple[str, str], int] = {}
    blocks: dict[str, int] = {}
    where = "top level"
    for number, written in enumerate(text.splitlines(), start=1):
        header = _HEADER_LINE.match(written)
        if header:
            name = header.group(2)
            if header.group(3):  # a table in a table: `[fetch.limits]` is the key 'limits' of [fetch], here
                if header.group(1) == "[":
                    keys.setdefault((f"[{name}]", header.group(3)), number)
                where = f"{header.group(1)}{name}.{header.group(3)}"  # its keys are none of [fetch]'s
                continue
            if header.group(1) == "[[":
                blocks[name] = blocks.get(name, 0) + 1
                where = f"[[{name}]] #{blocks[name]}"
            else:
                where = f"[{name}]"
            headers.setdefault(where, number)
            continue
        assignment = _KEY_LINE.match(written)
        if assignment:
            keys.setdefault((where, assignment.group(1)), number)
    found = []
    for problem in problems:
        at = _PROBLEM_AT.match(problem)
        line = None
        if at:
            table, key = at.group(1), at.group(2)
            line = (keys.get((table, key)) if key else None) or headers.get(table)
            if line is None and key and table == "top level":  # an unknown table: "[telgram]"
                line = headers.get(f"[{key}]") or headers.get(f"[[{key}]] #1")
        found.append(f"line {line}: {problem}" if line else problem)
    return found


def utf8_text(raw: bytes) -> str:
    """A config file's text: UTF-8, without the byte-order mark Windows Notepad writes (invisible in an editor, and
    TOML refuses it). The mark is cut here rather than by the "utf-8-sig" codec, whose module Python imports on first
    use: a process that has dropped to a user who cannot read the interpreter's files would fail on it."""
    return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")


def file_state(stat: os.stat_result) -> tuple[int, int, int]:
    """What tells a config file saved since it was read: its modification time, its size, and its change time,
    which `chmod` and `chown` move alone (an edit refused as unreadable, then given the right mode or owner, was
    not read again: neither of the others had changed)."""
    return stat.st_mtime_ns, stat.st_size, stat.st_ctime_ns


def load_config(path: Path | str) -> Config:
    """Read and validate a config file; `ConfigError` explains anything wrong, including TOML syntax."""
    path = Path(path)
    try:
        stat = path.stat()
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, ["file not found"]) from None
    except OSError as exc:
        raise ConfigError(path, [f"cannot read the file ({exc.strerror or exc})"]) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ConfigError(path, ["the file is UTF-16 text: save it as UTF-8"])
    try:
        text = utf8_text(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(path, [f"the file is not UTF-8 text (line {line} holds a byte UTF-8 has not: save the "
                                 "file as UTF-8)"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [toml_problem(text, exc)]) from None
    try:
        config = parse_config(data, path.resolve())
    except ConfigError as error:
        raise ConfigError(error.path, problem_lines(text, error.problems), partial=error.partial) from None
    return replace(config, read_as=file_state(stat), named=path.absolute())


# A key given a time or a duration without quotes ("time = 08:00", "interval = 15m"): TOML reads neither.
_BARE_VALUE = re.compile(r"""^\s*([A-Za-z_][\w-]*)\s*=\s*(\d[\w:.]*)\s*(?:#.*)?$""")
# One bracket around a key the file repeats in blocks ("[sources]" for "[[sources]]").
_SINGLE_BRACKETS = re.compile(r"^\s*\[\s*(sources|subscriptions)\s*\]\s*(?:#.*)?$")


def toml_problem(text: str, exc: tomllib.TOMLDecodeError) -> str:
    """The TOML reader's complaint with the line it is about and, for the slips operators make, the fix: its own
    words ('Expected newline or end of document after a statement (at line 5, column 9)', 'Cannot overwrite a
    value') named neither."""
    lines = text.splitlines()
    clash = "Cannot overwrite a value" in str(exc) or "Cannot declare" in str(exc)
    for number, line in enumerate(lines if clash else [], start=1):  # said where the blocks clash, not at the slip
        single = _SINGLE_BRACKETS.match(line)
        if single:
            return (f"not valid TOML ({exc}): line {number} reads [{single.group(1)}]: each "
                    f"{'source' if single.group(1) == 'sources' else 'subscription'} is a [[{single.group(1)}]] "
                    "block, in double brackets")
    at = re.search(r"\(at line (\d+), column \d+\)", str(exc))
    number = int(at.group(1)) if at else 0
    if not 0 < number <= len(lines):
        return f"not valid TOML: {exc}"
    line = lines[number - 1].strip()
    if TOKEN_LIKE.search(line):  # a token pasted as shell writes it (NAME=value): the line is not repeated
        return (f"line {number}: not valid TOML ({exc}); it holds a bot token (not shown here): a token never goes "
                "in this file: put it in the environment variable 'token_env' names")
    shown = redact(line if len(line) <= 60 else line[:57] + "...")
    bare = _BARE_VALUE.match(line)
    hint = ""
    if bare and not re.fullmatch(r"[\d_]+(\.[\d_]+)?", bare.group(2)):
        hint = (f'; a time of day or a duration is text, in quotes: {bare.group(1)} = "{bare.group(2)}"'
                if _reads_as_time_or_duration(bare.group(2)) else
                # "36OO" (letters O for zeros): quoting it would only be refused next as no duration
                f"; {bare.group(1)} takes a number in digits (3600) or a time or duration in quotes (\"08:00\", "
                "\"15m\")")
    return f"line {number}, {shown}: not valid TOML ({exc}){redact(hint)}"


def _reads_as_time_or_duration(text: str) -> bool:
    """Whether a value written bare, which TOML refuses, would be read once quoted ("15m", "08:00", "8pm")."""
    if read_time(text) is not None:
        return True
    try:
        duration(text)
    except ValueError:
        return False
    return True


def default_config_path(explicit: str | None) -> Path:
    """`--config PATH` if given, else ./config.toml if it exists, else the bundled demo config."""
    if explicit:
        return Path(explicit)
    local = Path(DEFAULT_CONFIG_NAME)
    return local if local.exists() else BUNDLED_DEMO_CONFIG


# --- the example file -------------------------------------------------------------------------------------------

EXAMPLE_HEADER = """\
# Communiqué configuration. Copy this file to config.toml and edit it; `communique check-config config.toml`
# tells you whether it is valid. While `communique run` is running, saving this file (or sending the process
# SIGHUP) applies the change without a restart; an invalid edit is refused, logged, and the old config stays.
#
# Durations accept seconds (900) or "90s", "15m", "2h", "1d", "1h30m". Times of day are "HH:MM", 24-hour clock
# ("7:30", "8pm" and "noon" are read too, as /settings time reads them).
# Time zones are IANA names such as "UTC", "Europe/Berlin", "America/New_York" (a place's clock, summer time
# included), or a fixed offset such as "UTC+3".
#
# This file is written from the declarations in bot/config.py and the platforms' config.py (a test checks it).
"""

EXAMPLE_SOURCES: tuple[dict[str, Any], ...] = (
    {"name": "UN News: Peace and Security",
     "url": "https://news.un.org/feed/subscribe/en/news/topic/peace-and-security/feed/rss.xml",
     "tags": ("un", "security"), "interval": "30m"},
    {"name": "EU External Action Service",
     "url": "https://www.eeas.europa.eu/eeas/press-material_en?f%5B0%5D=pm_category%3AStatement/Declaration"
            "&format=rss",
     "tags": ("eu",), "interval": "1h"},
    {"name": "US State Department press releases", "url": "https://www.state.gov/rss-feed/press-releases/feed/",
     "tags": ("us",)},
)
COMMENT_COLUMN = 34
WIDTH = 116


def _toml(value: Any) -> str:
    """A value as TOML writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 100_000 and value % 1000 == 0:  # round numbers: 5_000_000
        return f"{value:_}"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _wrapped(text: str, prefix: str = "# ") -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(prefix) + len(line) + 1 + len(word) > WIDTH:
            lines.append(prefix + line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, prefix + line] if line else lines


def _key_lines(key: str, value: Any, comment: str, *, commented: bool = False) -> list[str]:
    line = f"{'# ' if commented else ''}{key} = {_toml(value)}"
    if not comment:
        return [line]
    beside = f"{line.ljust(max(COMMENT_COLUMN, len(line) + 1))}# {comment}"
    return [beside] if len(beside) <= WIDTH + 2 else [*_wrapped(comment), line]


def _section_lines(cls: type, *, commented: bool = False) -> list[str]:
    """Every key of a section: set to its default (or example); a key without a default is shown commented out."""
    lines = []
    for key, default, declared in keys_of(cls):
        shown = declared.example
        off = commented or default is None
        if shown is None:
            continue
        lines += _key_lines(key, shown, declared.comment, commented=off)
    return lines


def example_toml() -> str:
    """config.example.toml: every option of every section, with its default and a comment."""
    out = EXAMPLE_HEADER.splitlines()
    for name, cls in SECTIONS.items():
        out += ["", f"[{name}]", *_wrapped(cls.__doc__ or ""), *_section_lines(cls)]
    out += ["", *_wrapped("One [[sources]] block per feed. " + "; ".join(
        f"`{key}`: {declared.comment}" for key, _, declared in keys_of(SourceConfig)) + ".")]
    for example in EXAMPLE_SOURCES:
        out += ["[[sources]]", *(f"{key} = {_toml(value)}" for key, value in example.items()), ""]
    out.pop()
    for name, spec in PLATFORMS.items():
        if spec.section is None:
            continue
        out += ["", f"[{name}]", *_wrapped(spec.section.__doc__ or ""), *_section_lines(spec.section)]
    out += ["", *_wrapped(SubscriptionConfig.__doc__ or ""), "# [[subscriptions]]",
            *_section_lines(SubscriptionConfig, commented=True)]
    return "\n".join(out) + "\n"
