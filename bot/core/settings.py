"""The config declared once: every key of every section is a dataclass field made with `setting(...)`.

A key's `setting` holds, in one place, its default, how a value from the file is checked and converted, what an
error says is allowed, and the comment `config.example.toml` shows. `bot.config` reads, validates, reports and
writes the example from these fields alone; each platform package declares its own section the same way.
Adding a key is one `setting(...)` line in its section's dataclass.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.core.text import word_letters

Convert = Callable[[Any], Any]


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()  # the default of a key the file must give


@dataclass(frozen=True)
class Setting:
    """How one key is read and documented (kept in its dataclass field's metadata)."""

    convert: Convert  # raises ValueError or TypeError for a value that is not allowed
    allowed: str  # what an error says is allowed, e.g. "a whole number from 1 to 20"
    comment: str  # the line config.example.toml shows beside or above the key
    example: Any  # the value the example file shows (the default unless given)
    missing: str | None  # for a required key: what it is, said when the file leaves it out
    secret: bool = False  # a wrong value may be a secret pasted in the wrong place: an error never repeats it


def setting(
    default: Any,
    convert: Convert,
    allowed: str,
    comment: str = "",
    *,
    example: Any = None,
    missing: str | None = None,
    secret: bool = False,
) -> Any:
    """A dataclass field for one config key; `default` is written here and nowhere else (REQUIRED: no default).

    `secret`: a value this key refuses is never shown in the error (the name of a token's variable, where the
    token itself is sometimes pasted)."""
    if isinstance(default, list | dict | set):
        raise TypeError("config defaults are immutable: use a tuple")
    meta = {"setting": Setting(convert, allowed, comment, default if example is None else example, missing, secret)}
    if default is REQUIRED:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def keys_of(section: type) -> Iterator[tuple[str, Any, Setting]]:
    """(key, default or REQUIRED, setting) for every declared key of a section class, in order."""
    for item in dataclasses.fields(section):
        declared = item.metadata.get("setting")
        if declared is not None:
            default = REQUIRED if item.default is dataclasses.MISSING else item.default
            yield item.name, default, declared


class TokenInEnvironment:
    """A platform section whose token is read from the environment variable its `token_env` key names: the token
    itself never goes in the file (a token there ends up in backups and screenshots)."""

    token_env: str

    def token(self) -> str | None:
        """The variable's value without the spaces and line ends around it: no token has any, and an env file
        saved with Windows line endings leaves a carriage return at the end of each value, which every call to
        the platform then carried (refused before it left, and said as the platform unreachable, for ever)."""
        return os.environ.get(self.token_env, "").strip() or None


def token_env_setting(default: str) -> Any:
    """The `token_env` key of a platform's section (`TokenInEnvironment`), `default` the variable it names unless
    set: a refused value is not shown, in case it is the token itself written where its variable's name goes."""
    return setting(
        default, env_name,
        f"the NAME of an environment variable, such as {default}, never the token itself: put the token "
        "in that variable (the value is not shown here, in case it is the token)",
        "the NAME of the variable holding the token", secret=True,
    )


# --- converters: each takes a value as TOML gives it and returns the typed value, or raises ValueError --------

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
# "1h30m", "1d 12h", "2m30s": parts from the largest unit down, each once (as Go, systemd and schedulers write them)
_DURATION_PARTS = re.compile(
    r"^\s*(?:(\d+)\s*d\s*)?(?:(\d+)\s*(?:h|hr)\s*)?(?:(\d+)\s*(?:m|min)\s*)?(?:(\d+)\s*(?:s|sec)\s*)?$", re.IGNORECASE
)
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_valid_time(value: str) -> bool:
    return bool(_HHMM.match(value))


# A time of day as people type it: "08:30", "8:30", "8.30", "8h30", "20h", "8", "8pm", "8:30 am" written together.
_TYPED_TIME = re.compile(
    r"(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d\d)?)?(?P<half>am|pm|a\.m\.|p\.m\.)?", re.IGNORECASE
)
# The space before the half of the day ("8 pm", "8:00 PM"), kept by a command option that holds a value whole.
_SPACE_BEFORE_HALF = re.compile(r"(?<=\d)\s+(?=(?:am|pm|a\.m\.|p\.m\.)$)", re.IGNORECASE)


# Times said in words ("/settings time midnight"); 12:00 and 00:00 as clocks show them.
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}


def read_time(typed: str) -> str | None:
    """The 24-hour HH:MM a typed time means ("8pm" is 20:00, "7:30" 07:30, "20:00h" 20:00, "12am" and "24:00"
    00:00, "noon" 12:00), or None. One reader for `/settings time` and the config's `time`: a [[subscriptions]]
    block refused "7:30", which a chat's /settings took."""
    named = _NAMED_TIMES.get(typed.strip().lower())
    if named is not None:
        return named
    # "20:00h", as clocks are written in much of Europe: the h after the minutes says only that it is a time. "8 pm"
    # is 8pm: an option typed whole holds the space before the half of the day (words typed after a command part
    # there, and the half joins the hour).
    typed = _SPACE_BEFORE_HALF.sub("", typed.strip())
    match = _TYPED_TIME.fullmatch(re.sub(r"(?<=[:.]\d\d)h$", "", typed, flags=re.IGNORECASE))
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = (match["half"] or "").lower().replace(".", "")
    if half and not 1 <= hour <= 12:
        return None  # "13pm", "0am": no such time
    if half:
        hour = hour % 12 + (12 if half == "pm" else 0)
    if (hour, minute) == (24, 0):
        hour = 0  # "24:00", the day's end, as timetables write midnight: refused as "not a time of day as HH:MM"
    value = f"{hour:02d}:{minute:02d}"
    return value if is_valid_time(value) else None


def is_valid_timezone(value: str) -> bool:
    if not value or len(value) > 64 or ".." in value or value.startswith("/"):
        return False
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


# Zone names that keep one offset all year while the place people mostly mean by them keeps summer time: its
# offset, that place, and the zone of that place's clock. (HST is Hawaii's clock, which has no summer time.)
NO_SUMMER_TIME = {
    "EST": ("UTC-5", "New York", "America/New_York"),
    "MST": ("UTC-7", "Denver", "America/Denver"),
}


@dataclass(frozen=True)
class ClockZone:
    """A zone a clock's abbreviation is said of, with the place that tells it from the others when the abbreviation
    names several clocks ("IST": India, Ireland, Israel); `place` is empty when it names one."""

    zone: str
    place: str = ""

    def shown(self, quote: str = "") -> str:
        """'America/Chicago (US Central)', its zone in `quote` marks when asked ('"America/Chicago" (US Central)')."""
        named = f"{quote}{self.zone}{quote}"
        return f"{named} ({self.place})" if self.place else named


# Clocks' abbreviations that are no zone's name, and the zones of the places they are said of (a name shared by
# several clocks names each): 'PST' was offered PST8PDT, 'IST' Asia/Istanbul.
_ONE_CLOCK = {
    "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "MDT": "America/Denver", "CDT": "America/Chicago",
    "EDT": "America/New_York", "AKST": "America/Anchorage", "BST": "Europe/London", "CEST": "Europe/Berlin",
    "EEST": "Europe/Athens", "WEST": "Europe/Lisbon", "MSK": "Europe/Moscow", "JST": "Asia/Tokyo", "KST": "Asia/Seoul",
    "HKT": "Asia/Hong_Kong", "SGT": "Asia/Singapore", "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney",
    "NZST": "Pacific/Auckland", "NZDT": "Pacific/Auckland", "SAST": "Africa/Johannesburg",
}
CLOCK_ABBREVIATIONS: dict[str, tuple[ClockZone, ...]] = {
    **{name: (ClockZone(zone),) for name, zone in _ONE_CLOCK.items()},
    "CST": (ClockZone("America/Chicago", "US Central"), ClockZone("Asia/Shanghai", "China")),
    "IST": (ClockZone("Asia/Kolkata", "India"), ClockZone("Europe/Dublin", "Ireland"),
            ClockZone("Asia/Jerusalem", "Israel")),
}


def clock_zones(typed: str) -> tuple[ClockZone, ...]:
    """The zones a clock's abbreviation typed as a zone ("pst", " IST") is said of; empty for any other text."""
    return CLOCK_ABBREVIATIONS.get(typed.strip().upper(), ())


def either_of(choices: list[str]) -> str:
    """Choices as a sentence offers them: "A", "A or B", "A, B or C"."""
    return f"{', '.join(choices[:-1])} or {choices[-1]}" if len(choices) > 1 else choices[0]


def summer_time_note(zone: str, time: str) -> str | None:
    """What to tell of a zone that keeps no summer time though the place it is mostly taken for does ('EST': New
    York's clock is UTC-4 from March to November, so a digest at `time` EST comes an hour later there); None for
    any other zone. Such a zone is taken, not refused: it is some places' clock (Panama's, Arizona's)."""
    if zone not in NO_SUMMER_TIME:
        return None
    offset, place, name = NO_SUMMER_TIME[zone]
    hour, minute = (int(part) for part in time.split(":")[:2])
    later = f"{(hour + 1) % 24:02d}:{minute:02d}"
    return (f"{zone} is {offset} all year, with no summer time: from March to November a digest at {time} comes "
            f"at {later} in {place}. For {place}'s clock write {name}")


def duration(value: object) -> int:
    """Seconds from an int or a string such as "90s", "15m", "2h", "1d", or units together: "1h30m"."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        unit = (m.group(2) or "s").lower()[0]
        seconds = float(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    elif isinstance(value, str) and (m := _DURATION_PARTS.match(value)) and any(m.groups()):
        seconds = sum(int(part or 0) * unit for part, unit in zip(m.groups(), (86400, 3600, 60, 1), strict=True))
    else:
        raise ValueError
    return int(seconds)


def duration_at_least(low: int) -> Convert:
    """A duration (as `duration` reads it) of at least `low` seconds. A shorter one was taken and then changed where
    it was used ([fetch] default_interval = 10 read each source every 30 s while check-config showed 10), or made
    no sense at all (a negative `retry_max`)."""

    def convert(value: object) -> int:
        seconds = duration(value)
        if seconds < low:
            raise ValueError
        return seconds

    return convert


def whole(low: int, high: int | None = None, *, clamp: bool = False) -> Convert:
    """A whole number from `low` (to `high`: refused above it, or brought down to it with `clamp`)."""

    def convert(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError
        if high is not None and value > high:
            if not clamp:
                raise ValueError
            return high
        return value

    return convert


def number(low: float, *, above: bool = False) -> Convert:
    """A number at least `low` (or above it)."""

    def convert(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < low or (above and value == low):
            raise ValueError
        return float(value)

    return convert


def boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError
    return value


def text(value: object) -> str:
    """A non-empty text: one with a character that shows (a name of zero-width spaces alone showed as nothing)."""
    if not isinstance(value, str) or not value.strip() or len(value) > 500 or not any(
            not unicodedata.category(ch).startswith(("C", "Z")) for ch in value):
        raise ValueError
    return value.strip()


def name_key(name: str) -> str:
    """What tells two names apart as a reader sees them: not case, width ('Ｗire'), spacing or invisible
    characters ('Wire\u200b', copied from a web page), which each made a second source a chat saw as the first."""
    folded = unicodedata.normalize("NFKC", name)
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return " ".join(visible.casefold().split())


def path(value: object) -> Path:
    return Path(text(value))


def chat_id(value: object) -> str:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return str(value)
    # A number, an @name, a platform's own form, or one topic of a group ("-1001234567890/77").
    if isinstance(value, str) and re.fullmatch(
        r"-?\d{1,25}|-\d{1,25}/\d{1,12}|@[A-Za-z0-9_]{3,64}|[A-Za-z0-9_.:-]{1,64}", value
    ):
        return value
    raise ValueError


def chat_ids(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError
    return tuple(chat_id(v) for v in value)


def user_id(value: object) -> str:
    """A platform's user or server id: a number, written bare or in quotes. A name ("@ilse", "Norland desk") was
    taken as an id no one has, and an operator so named was refused as a stranger, with nothing saying why."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int) and value > 0:
        return str(value)
    if isinstance(value, str) and re.fullmatch(r"\d{1,25}", value.strip()):
        return value.strip()
    raise ValueError


def user_ids(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError
    return tuple(user_id(v) for v in value)


def tags(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError
    found = tuple(dict.fromkeys(v.strip().lower() for v in value if v.strip()))
    # A tag in a script whose letters carry marks ('वार्ता') or joiners ('گفت‌وگو') is words too: it was refused.
    letters = [" ".join(map(word_letters, t.split(" "))) for t in found]
    if any(len(t) > 40 or not re.fullmatch(r"[\w][\w .&/-]*", words) for t, words in zip(found, letters, strict=True)):
        raise ValueError
    return found


def time_of_day(value: object) -> str:
    """A time of day as the config may give it, in any form /settings time takes ("7:30", "8pm"), as HH:MM."""
    read = read_time(value) if isinstance(value, str) else None
    if read is None:
        raise ValueError
    return read


def timezone(value: object) -> str:
    """A zone as the config may give it: its IANA name in any case, or an offset from UTC ('UTC+3'), as
    /settings tz takes them."""
    if not isinstance(value, str):
        raise ValueError
    zone = read_timezone(value)
    if zone is None:
        raise ValueError
    return zone


_UTC_OFFSET = re.compile(r"^(?:utc|gmt)?(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d\d))?$", re.IGNORECASE)


class OffsetWithMinutes(ValueError):
    """An offset of hours and minutes ('UTC+5:30'): no fixed zone is named so; a place's zone is. `minutes`: the
    offset east of UTC, in minutes (-210 for UTC-3:30)."""

    def __init__(self, typed: str, minutes: int) -> None:
        super().__init__(typed)
        self.minutes = minutes


def offset_text(minutes: int) -> str:
    """An offset from UTC as a reader writes it: 'UTC+5:45', 'UTC-3:30', 'UTC+2'."""
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def offset_with_minutes_hint(minutes: int, now: datetime) -> str:
    """What to write for an offset of hours and minutes: the zones of the places that keep it now. Every such offset
    was offered Asia/Kolkata (UTC+5:30): a reader in Nepal (UTC+5:45) or Newfoundland (UTC-3:30) who took it got
    digests at another hour."""
    keeping = zones_at_offset(minutes, now)
    if not keeping:
        return (f"has no zone of its own, and no place keeps {offset_text(minutes)} now: use your city's zone, e.g. "
                "Asia/Kolkata (UTC+5:30), which also follows its summer time, if it has one")
    return (f"has no zone of its own: use a place's zone such as {either_of(keeping[:3])} ({offset_text(minutes)} "
            "now), which also follows its summer time, if it has one")


def _tz_table(name: str) -> list[list[str]]:
    """The rows of one of the time zone database's tables (zone.tab, iso3166.tab), from the tzdata package, else
    the system's copy; none when neither is there (suggestions are then only the names' spellings)."""
    try:
        text = (resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    except (ImportError, OSError):
        try:
            text = Path("/usr/share/zoneinfo", name).read_text(encoding="utf-8")
        except OSError:
            return []
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    """Each country's zones, keyed by the ways its name is typed (lower case): 'india', 'britain', 'south korea'
    ('Korea (South)' in the table), in the table's order, which is the country's own."""
    zones: dict[str, list[str]] = {}
    for row in _tz_table("zone.tab"):
        if len(row) >= 3 and is_valid_timezone(row[2]):
            zones.setdefault(row[0], []).append(row[2])
    names: dict[str, tuple[str, ...]] = {}
    for row in _tz_table("iso3166.tab"):
        if len(row) < 2 or row[0] not in zones:
            continue
        found = tuple(zones[row[0]])
        name = row[1].strip().lower().replace("&", "and")  # 'Bosnia & Herzegovina', typed with "and"
        base, _, inside = name.partition(" (")
        inside = inside.rstrip(")")
        for said in (name, base, f"{inside} {base}" if inside.isalpha() else ""):  # 'Korea (South)': south korea
            if said:
                names.setdefault(said, found)
    for said, code in _COUNTRY_NAMES.items():
        if code in zones:
            names.setdefault(said, tuple(zones[code]))
    return names


# Names people give their country that the table spells otherwise ('Britain (UK)', 'United States').
_COUNTRY_NAMES = {"us": "US", "usa": "US", "united states of america": "US", "uk": "GB", "united kingdom": "GB",
                  "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "holland": "NL",
                  "czechia": "CZ"}


# A flag's name where the table's is no name a reader types ('Britain (UK)', 'Korea (South)'), and the two flags of
# bodies, not countries, that the news names most.
_FLAG_NAMES = {"GB": "United Kingdom", "KP": "North Korea", "KR": "South Korea", "CD": "DR Congo",
               "AS": "American Samoa", "VG": "British Virgin Islands", "VI": "US Virgin Islands",
               "EU": "European Union", "UN": "United Nations"}
_REGIONAL_A = 0x1F1E6


def flag_country(word: str) -> str | None:
    """The name of the country a flag emoji stands for ('🇺🇦': 'Ukraine', '🇰🇷': 'South Korea'; '🇪🇺', '🇺🇳' too),
    read from its two regional letters and the time zone database's list of countries; None for any other word,
    two letters that make no flag among them."""
    letters = word.rstrip("\ufe0f")
    if len(letters) != 2 or not all(_REGIONAL_A <= ord(ch) < _REGIONAL_A + 26 for ch in letters):
        return None
    code = "".join(chr(ord(ch) - _REGIONAL_A + ord("A")) for ch in letters)
    return _FLAG_NAMES.get(code) or _countries().get(code)


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Each country's name by its two-letter code, as the table writes it without its note ('Myanmar (Burma)')."""
    return {row[0]: row[1].partition(" (")[0].strip() for row in _tz_table("iso3166.tab") if len(row) >= 2}


def country_zones(typed: str) -> tuple[str, ...]:
    """The zones of the country `typed` names ('India': Asia/Kolkata; 'Brazil': its sixteen), in the order the time
    zone database lists them; empty for any other text."""
    return _zones_by_country().get(" ".join(typed.replace("_", " ").split()).lower(), ())


def one_clock(zones: tuple[str, ...], now: datetime) -> bool:
    """Whether zones keep one clock, now and half a year on (Germany's Berlin and Busingen): any of them will do."""
    later = now + timedelta(days=182)
    return len({(ZoneInfo(z).utcoffset(now), ZoneInfo(z).utcoffset(later)) for z in zones}) == 1


def zones_at_offset(minutes: int, now: datetime) -> list[str]:
    """The places' zones whose clocks are `minutes` east of UTC now, in the database's order."""
    wanted = timedelta(minutes=minutes)
    seen = [row[2] for row in _tz_table("zone.tab") if len(row) >= 3 and is_valid_timezone(row[2])]
    return [zone for zone in dict.fromkeys(seen) if ZoneInfo(zone).utcoffset(now) == wanted]


def offset_zone(typed: str) -> str | None:
    """The fixed zone an offset from UTC means ('UTC+2', '+02:00', 'GMT-5'): Etc/GMT-2, Etc/GMT+5, whose signs
    POSIX reverses (shown again as UTC+2 by `zone_label`); None when `typed` is no offset. An offset of hours and
    minutes raises OffsetWithMinutes."""
    match = _UTC_OFFSET.match(typed.strip().replace(" ", ""))
    if match is None:
        return None
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    if hours > (14 if match["sign"] == "+" else 12) or minutes >= 60:
        return None
    if minutes:
        raise OffsetWithMinutes(typed, (1 if match["sign"] == "+" else -1) * (hours * 60 + minutes))
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{'-' if match['sign'] == '+' else '+'}{hours}"


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name, sorted (reading them costs a directory walk: done once)."""
    return tuple(sorted(available_timezones()))


def read_timezone(typed: str) -> str | None:
    """The zone `typed` names: an IANA name in any case ('europe/berlin'), or the fixed zone an offset from UTC
    means ('UTC+3'); None if none. An offset with minutes raises OffsetWithMinutes."""
    if is_valid_timezone(typed):
        return typed
    offset = offset_zone(typed)
    if offset is not None:
        return offset
    wanted = typed.strip().lower().replace(" ", "_")
    return next((name for name in zone_names() if name.lower() == wanted), None)


def close_zone(typed: str) -> str | None:
    """The zone a slip most likely means ('Europe/Berln': Europe/Berlin), or None."""
    names = {name.lower(): name for name in zone_names()}
    close = difflib.get_close_matches(typed.strip().lower(), list(names), n=1, cutoff=0.85)
    return names[close[0]] if close else None


_ETC_ZONE = re.compile(r"^Etc/GMT(?P<sign>[+-])(?P<hours>\d{1,2})$")


def zone_label(zone: str) -> str:
    """A zone as a reader takes it: 'Etc/GMT-2' (the fixed offset UTC+2, its sign reversed by POSIX) as UTC+2."""
    match = _ETC_ZONE.match(zone)
    if match is None:
        return zone
    return f"UTC{'-' if match['sign'] == '+' else '+'}{int(match['hours'])}"


def looks_like_a_token(value: str) -> bool:
    """Whether a value is more likely a bot token than the name of a variable: a long mix of upper and lower case
    letters and digits (names are words: CHAT_BOT_TOKEN, my_bot_token)."""
    return (len(value) >= 24 and any(c.islower() for c in value) and any(c.isupper() for c in value)
            and sum(c.isdigit() for c in value) >= 2)


def header_text(value: object) -> str:
    """A text sent as an HTTP header's value (the User-Agent): printable ASCII alone. An accented letter
    ("Communiqué") stopped every fetch before it began (httpx cannot encode it), and a line break failed each."""
    text_value = text(value)
    if not all(" " <= ch <= "~" for ch in text_value) or len(text_value) > 200:
        raise ValueError
    return text_value


def env_name(value: object) -> str:
    """The name of an environment variable; never a token pasted in its place."""
    if not isinstance(value, str) or not _ENV_NAME.match(value) or looks_like_a_token(value):
        raise ValueError
    return value


def http_url(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError
    return value.rstrip("/")


def source_url(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 2000:
        raise ValueError
    value = value.strip()
    scheme = urlsplit(value).scheme
    if scheme in ("http", "https"):
        # A host and a port a request can go to: a port out of range or a space in the host failed each fetch as
        # an internal error, with a traceback, every time.
        if source_url_fault(value):
            raise ValueError
        return scheme + value[len(scheme):]  # "HTTPS://..." was read as a local file everywhere after
    if scheme in ("", "file") or (len(scheme) == 1 and os.name == "nt"):
        return value
    raise ValueError


def source_url_fault(value: object) -> str:
    """What in an http(s) address `source_url` refuses is wrong, for the message ("" when it is not such an address):
    the release before took a port out of range or a host with a space, and its refusal at an upgrade saying "an
    http:// or https:// URL" of an https:// URL did not tell the operator what to change."""
    if not isinstance(value, str) or len(value) > 2000:
        return ""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https"):
        return ""
    host = parts.hostname or ""
    if not host:
        return "it names no host"
    if any(ch.isspace() or not ch.isprintable() for ch in host):
        return f"its host {host!r} has a space or an unprintable character"
    try:
        _ = parts.port
    except ValueError:
        written = parts.netloc.rpartition(":")[2]
        return f"its port {written} is not a port (0 to 65535)"
    return ""


def choice(*options: str) -> Convert:
    def convert(value: object) -> str:
        if value not in options:
            raise ValueError
        return str(value)

    return convert
