"""Load and validate the TOML config file: the one place that knows its shape.

Every value is checked on load and turned into frozen, typed objects. An error names the key, the value and
what is allowed; an unknown key gets a "did you mean". All problems are reported together, so an operator fixes
a file in one pass.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.errors import ConfigError
from bot.platforms.console.config import ConsoleConfig
from bot.platforms.discord.config import DiscordConfig
from bot.platforms.telegram.config import PUBLIC_TELEGRAM_API, TelegramConfig
from storage.records import SubscriptionSettings

BUNDLED_DEMO_CONFIG = Path(__file__).resolve().parent / "samples" / "demo.toml"
DEFAULT_CONFIG_NAME = "config.toml"
PLATFORMS = ("telegram", "discord", "console")
MODES = ("daily", "instant")


@dataclass(frozen=True)
class SourceConfig:
    """One news or government source: a feed at an http(s) URL or a local file."""

    name: str
    url: str
    tags: tuple[str, ...] = ()
    interval: int = 900

    @property
    def is_local(self) -> bool:
        return not self.url.startswith(("http://", "https://"))


@dataclass(frozen=True)
class StorageConfig:
    """Where the database lives and how long articles are kept (0 keeps them for ever)."""

    path: Path = Path("var/communique.db")
    keep_days: int = 180


@dataclass(frozen=True)
class FetchConfig:
    """Limits for fetching: one slow or huge source must not hold up the others."""

    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    concurrency: int = 8
    user_agent: str = "Communique/0.1 (diplomatic news digest bot)"
    fetch_full_text: bool = True
    allow_private_addresses: bool = False
    max_entries: int = 50


@dataclass(frozen=True)
class DigestConfig:
    """Defaults for a new subscription."""

    time: str = "08:00"
    timezone: str = "UTC"
    max_items: int = 8
    summary_sentences: int = 3

    def subscription_defaults(self) -> SubscriptionSettings:
        """The settings a new subscription starts with."""
        return SubscriptionSettings(mode="daily", time=self.time, timezone=self.timezone, max_items=self.max_items)


@dataclass(frozen=True)
class AlertsConfig:
    """When operators hear about a failing source: once, after this many failures in a row."""

    after_failures: int = 5


@dataclass(frozen=True)
class MetricsConfig:
    """The optional /healthz and /metrics endpoint: off unless `listen` is set; a port alone means loopback."""

    listen: str | None = None


@dataclass(frozen=True)
class SubscriptionConfig:
    """A chat or channel subscribed by the operator in the config (e.g. a Telegram channel)."""

    platform: str
    chat_id: str
    topics: tuple[str, ...] = ()
    mode: str = "daily"
    time: str | None = None
    timezone: str | None = None
    max_items: int | None = None


@dataclass(frozen=True)
class Config:
    """The whole validated config. `path` is the file it came from (None for a config built in code)."""

    path: Path | None
    sources: tuple[SourceConfig, ...] = ()
    storage: StorageConfig = field(default_factory=StorageConfig)
    fetch: FetchConfig = field(default_factory=FetchConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    telegram: TelegramConfig | None = None
    discord: DiscordConfig | None = None
    console: ConsoleConfig = field(default_factory=ConsoleConfig)
    subscriptions: tuple[SubscriptionConfig, ...] = ()

    @property
    def base_dir(self) -> Path:
        """Local source paths are relative to the config file's folder."""
        return self.path.parent if self.path else Path.cwd()

    def resolve_source(self, source: SourceConfig) -> str:
        """A source's URL, or its local path made absolute against the config's folder."""
        if not source.is_local:
            return source.url
        path = Path(source.url.removeprefix("file://")).expanduser()
        return str(path if path.is_absolute() else (self.base_dir / path).resolve())

    def operators(self, platform: str) -> tuple[str, ...]:
        section = {"telegram": self.telegram, "discord": self.discord, "console": self.console}.get(platform)
        return section.operators if section else ()


# --- validation ---------------------------------------------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_duration(value: object) -> int:
    """Seconds from an int or a string such as "90s", "15m", "2h", "1d"."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        unit = (m.group(2) or "s").lower()[0]
        seconds = float(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    else:
        raise ValueError
    return int(seconds)


def is_valid_time(value: str) -> bool:
    return bool(_HHMM.match(value))


def is_valid_timezone(value: str) -> bool:
    if not value or len(value) > 64 or ".." in value or value.startswith("/"):
        return False
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


class _Checker:
    """Collects problems while reading a TOML table, so every one is reported at once."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, key: str, value: object, allowed: str) -> None:
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        self.problems.append(f"{where} '{key}' = {shown}: {allowed}")

    def unknown_keys(self, where: str, table: dict[str, Any], known: list[str]) -> None:
        for key in table:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(known)}"
                self.problems.append(f"{where}: unknown key '{key}'{hint}")

    def table(self, where: str, value: object) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problems.append(f"{where} must be a table (a [section]), not {type(value).__name__}")
            return {}
        return value

    def get(
        self,
        where: str,
        table: dict[str, Any],
        key: str,
        default: Any,
        convert: Callable[[Any], Any],
        allowed: str,
    ) -> Any:
        if key not in table:
            return default
        value = table[key]
        try:
            return convert(value)
        except (ValueError, TypeError):
            self.problem(where, key, value, allowed)
            return default


def _positive_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError
    return value


def _non_negative_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError
    return value


def _non_negative_number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValueError
    return float(value)


def _positive_number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError
    return float(value)


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 500:
        raise ValueError
    return value.strip()


def _id(value: object) -> str:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,25}|@[A-Za-z0-9_]{3,64}|[A-Za-z0-9_.:-]{1,64}", value):
        return value
    raise ValueError


def _ids(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError
    return tuple(_id(v) for v in value)


def _tags(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError
    tags = tuple(dict.fromkeys(v.strip().lower() for v in value if v.strip()))
    if any(len(t) > 40 or not re.fullmatch(r"[\w][\w .&/-]*", t) for t in tags):
        raise ValueError
    return tags


def _time(value: object) -> str:
    if not isinstance(value, str) or not is_valid_time(value):
        raise ValueError
    return value


def _timezone(value: object) -> str:
    if not isinstance(value, str) or not is_valid_timezone(value):
        raise ValueError
    return value


def _env_name(value: object) -> str:
    if not isinstance(value, str) or not _ENV_NAME.match(value):
        raise ValueError
    return value


def _http_url(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError
    return value.rstrip("/")


def _source_url(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 2000:
        raise ValueError
    value = value.strip()
    scheme = urlsplit(value).scheme
    if scheme in ("http", "https"):
        if not urlsplit(value).netloc:
            raise ValueError
        return value
    if scheme in ("", "file") or (len(scheme) == 1 and os.name == "nt"):
        return value
    raise ValueError


def _listen(value: object) -> str:
    from bot.listen import ListenError, parse_listen

    if not isinstance(value, str):
        raise ValueError
    try:
        parse_listen(value)
    except ListenError:
        raise ValueError from None
    return value.strip()


def _choice(options: tuple[str, ...]) -> Callable[[object], str]:
    def convert(value: object) -> str:
        if value not in options:
            raise ValueError
        return str(value)

    return convert


SECTIONS = [
    "storage", "fetch", "digest", "alerts", "metrics", "sources", "telegram", "discord", "console", "subscriptions"
]


def _read_sources(check: _Checker, raw: object, default_interval: int) -> tuple[SourceConfig, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.problems.append("'sources' must be an array of tables ([[sources]] blocks)")
        return ()
    sources: list[SourceConfig] = []
    seen: set[str] = set()
    for index, item in enumerate(raw, start=1):
        where = f"[[sources]] #{index}"
        table = check.table(where, item)
        if not table:
            continue
        check.unknown_keys(where, table, ["name", "url", "tags", "interval"])
        name = check.get(where, table, "name", None, _text, "a non-empty name of at most 500 characters")
        url = check.get(
            where, table, "url", None, _source_url, "an http:// or https:// URL, or a local file path"
        )
        if "name" not in table:
            check.problems.append(f"{where}: missing 'name' (a display name for the source)")
        if "url" not in table:
            check.problems.append(f"{where}: missing 'url' (an http(s) URL or a local file path)")
        tags = check.get(where, table, "tags", (), _tags, "a list of short words, e.g. [\"ukraine\", \"un\"]")
        interval = check.get(
            where, table, "interval", default_interval, parse_duration, "a duration such as 900, \"15m\" or \"2h\""
        )
        if interval < 30 and "interval" in table:
            check.problem(where, "interval", table["interval"], "at least 30 seconds (be kind to the source)")
        if name and name.lower() in seen:
            check.problem(where, "name", name, "a name not used by another source")
        if name and url:
            seen.add(name.lower())
            sources.append(SourceConfig(name=name, url=url, tags=tags, interval=max(interval, 30)))
    return tuple(sources)


def _read_subscriptions(check: _Checker, raw: object) -> tuple[SubscriptionConfig, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.problems.append("'subscriptions' must be an array of tables ([[subscriptions]] blocks)")
        return ()
    subs: list[SubscriptionConfig] = []
    for index, item in enumerate(raw, start=1):
        where = f"[[subscriptions]] #{index}"
        table = check.table(where, item)
        if not table:
            continue
        check.unknown_keys(where, table, ["platform", "chat_id", "topics", "mode", "time", "timezone", "max_items"])
        platform = check.get(where, table, "platform", None, _choice(PLATFORMS), f"one of {', '.join(PLATFORMS)}")
        chat_id = check.get(where, table, "chat_id", None, _id, "a chat or channel id, e.g. -1001234567890")
        for key in ("platform", "chat_id"):
            if key not in table:
                check.problems.append(f"{where}: missing '{key}'")
        topics = check.get(where, table, "topics", (), _tags, "a list of topic words")
        mode = check.get(where, table, "mode", "daily", _choice(MODES), "\"daily\" or \"instant\"")
        time = check.get(where, table, "time", None, _time, "a time of day as HH:MM, e.g. \"08:30\"")
        tz = check.get(where, table, "timezone", None, _timezone, "an IANA time zone such as \"Europe/Berlin\"")
        max_items = check.get(where, table, "max_items", None, _positive_int, "a whole number from 1 to 20")
        if max_items is not None and max_items > 20:
            check.problem(where, "max_items", max_items, "a whole number from 1 to 20")
            max_items = 20
        if platform and chat_id:
            subs.append(SubscriptionConfig(platform, chat_id, topics, mode, time, tz, max_items))
    return tuple(subs)


def _refuse_inline_token(check: _Checker, where: str, table: dict[str, Any]) -> None:
    """A token pasted into the file would end up in backups and screenshots: only its variable's name belongs here."""
    if "token" in table:
        check.problems.append(
            f"{where}: put the token in an environment variable and name it with 'token_env', "
            "never the token itself in the file"
        )


def parse_config(data: dict[str, Any], path: Path | None = None) -> Config:
    """Validate a parsed TOML document into a `Config`, or raise `ConfigError` listing every problem."""
    check = _Checker()
    check.unknown_keys("top level", data, SECTIONS)

    storage_t = check.table("[storage]", data.get("storage"))
    check.unknown_keys("[storage]", storage_t, ["path", "keep_days"])
    storage = StorageConfig(
        path=Path(check.get("[storage]", storage_t, "path", "var/communique.db", _text, "a file path")),
        keep_days=check.get(
            "[storage]", storage_t, "keep_days", 180, _non_negative_int, "a number of days (0 keeps everything)"
        ),
    )

    fetch_t = check.table("[fetch]", data.get("fetch"))
    fetch_keys = [
        "timeout", "max_bytes", "max_redirects", "concurrency", "user_agent", "fetch_full_text",
        "allow_private_addresses", "max_entries", "default_interval",
    ]
    check.unknown_keys("[fetch]", fetch_t, fetch_keys)
    w = "[fetch]"
    fetch = FetchConfig(
        timeout=check.get(w, fetch_t, "timeout", 20.0, _positive_number, "seconds, a number above 0"),
        max_bytes=check.get(w, fetch_t, "max_bytes", 5_000_000, _positive_int, "a byte count above 0"),
        max_redirects=check.get(w, fetch_t, "max_redirects", 5, lambda v: min(_positive_int(v), 20), "1 to 20"),
        concurrency=check.get(w, fetch_t, "concurrency", 8, lambda v: min(_positive_int(v), 64), "1 to 64"),
        user_agent=check.get(w, fetch_t, "user_agent", FetchConfig.user_agent, _text, "a short text"),
        fetch_full_text=check.get(w, fetch_t, "fetch_full_text", True, _boolean, "true or false"),
        allow_private_addresses=check.get(w, fetch_t, "allow_private_addresses", False, _boolean, "true or false"),
        max_entries=check.get(w, fetch_t, "max_entries", 50, lambda v: min(_positive_int(v), 500), "1 to 500"),
    )
    default_interval = check.get(w, fetch_t, "default_interval", 900, parse_duration, "a duration such as \"15m\"")

    digest_t = check.table("[digest]", data.get("digest"))
    check.unknown_keys("[digest]", digest_t, ["time", "timezone", "max_items", "summary_sentences"])
    w = "[digest]"
    max_items = check.get(w, digest_t, "max_items", 8, _positive_int, "a whole number from 1 to 20")
    sentences = check.get(w, digest_t, "summary_sentences", 3, _positive_int, "a whole number from 1 to 5")
    if max_items > 20:
        check.problem(w, "max_items", max_items, "a whole number from 1 to 20")
    if sentences > 5:
        check.problem(w, "summary_sentences", sentences, "a whole number from 1 to 5")
    digest = DigestConfig(
        time=check.get(w, digest_t, "time", "08:00", _time, "a time of day as HH:MM, e.g. \"08:30\""),
        timezone=check.get(w, digest_t, "timezone", "UTC", _timezone, "an IANA time zone such as \"Europe/Berlin\""),
        max_items=min(max_items, 20),
        summary_sentences=min(sentences, 5),
    )

    alerts_t = check.table("[alerts]", data.get("alerts"))
    check.unknown_keys("[alerts]", alerts_t, ["after_failures"])
    alerts = AlertsConfig(
        after_failures=check.get("[alerts]", alerts_t, "after_failures", 5, _positive_int, "a whole number above 0")
    )

    metrics_t = check.table("[metrics]", data.get("metrics"))
    check.unknown_keys("[metrics]", metrics_t, ["listen"])
    metrics = MetricsConfig(
        listen=check.get(
            "[metrics]", metrics_t, "listen", None, _listen,
            "an address and port such as \"127.0.0.1:9464\" (a port alone listens on loopback only)",
        )
    )

    telegram = None
    if "telegram" in data:
        t = check.table("[telegram]", data["telegram"])
        w = "[telegram]"
        check.unknown_keys(w, t, ["token_env", "api_base_url", "operators", "link_previews", "poll_interval"])
        _refuse_inline_token(check, w, t)
        telegram = TelegramConfig(
            token_env=check.get(w, t, "token_env", "TELEGRAM_BOT_TOKEN", _env_name, "an environment variable name"),
            api_base_url=check.get(w, t, "api_base_url", PUBLIC_TELEGRAM_API, _http_url, "an http(s) URL"),
            operators=check.get(w, t, "operators", (), _ids, "a list of Telegram user ids, e.g. [123456789]"),
            link_previews=check.get(w, t, "link_previews", False, _boolean, "true or false"),
            poll_interval=check.get(w, t, "poll_interval", 0.0, _non_negative_number, "seconds, 0 or more"),
        )

    discord = None
    if "discord" in data:
        t = check.table("[discord]", data["discord"])
        w = "[discord]"
        check.unknown_keys(w, t, ["token_env", "operators", "test_guild", "api_base_url"])
        _refuse_inline_token(check, w, t)
        discord = DiscordConfig(
            token_env=check.get(w, t, "token_env", "DISCORD_BOT_TOKEN", _env_name, "an environment variable name"),
            operators=check.get(w, t, "operators", (), _ids, "a list of Discord user ids"),
            test_guild=check.get(w, t, "test_guild", None, _id, "a guild (server) id"),
            api_base_url=check.get(w, t, "api_base_url", None, _http_url, "an http(s) URL"),
        )

    console_t = check.table("[console]", data.get("console"))
    check.unknown_keys("[console]", console_t, ["operators"])
    console = ConsoleConfig(
        operators=check.get("[console]", console_t, "operators", ("console",), _ids, "a list of names")
    )

    sources = _read_sources(check, data.get("sources"), default_interval)
    subscriptions = _read_subscriptions(check, data.get("subscriptions"))
    for sub in subscriptions:
        if sub.platform == "telegram" and telegram is None or sub.platform == "discord" and discord is None:
            check.problems.append(
                f"[[subscriptions]] for {sub.platform} chat {sub.chat_id}: add a [{sub.platform}] section first"
            )

    if check.problems:
        raise ConfigError(path or "<config>", check.problems)
    return Config(
        path=path,
        sources=sources,
        storage=storage,
        fetch=fetch,
        digest=digest,
        alerts=alerts,
        metrics=metrics,
        telegram=telegram,
        discord=discord,
        console=console,
        subscriptions=subscriptions,
    )


def load_config(path: Path | str) -> Config:
    """Read and validate a config file; `ConfigError` explains anything wrong, including TOML syntax."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, ["file not found"]) from None
    except OSError as exc:
        raise ConfigError(path, [f"cannot read the file ({exc.strerror or exc})"]) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(path, ["the file is not UTF-8 text"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [f"not valid TOML: {exc}"]) from None
    return parse_config(data, path.resolve())


def default_config_path(explicit: str | None) -> Path:
    """`--config PATH` if given, else ./config.toml if it exists, else the bundled demo config."""
    if explicit:
        return Path(explicit)
    local = Path(DEFAULT_CONFIG_NAME)
    return local if local.exists() else BUNDLED_DEMO_CONFIG
