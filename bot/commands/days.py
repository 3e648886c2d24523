"""The days `/latest` takes as people type them, read in the chat's zone: `today`, `yesterday`, a weekday
(`monday`, `on friday`, `last monday`), `this week`, `last week`, `past week` (`past 3 days`, `last 10 days`),
`this month`, `last month`, a date (`2026-12-01`, `1 Dec`, `December 1 2025`), and `since` one of them;
`tomorrow` is refused as still to come.

Each was searched as a keyword ("No stories on last, week"; "/latest since monday" was told since goes with
/subscribe). A weekday alone is a day only where nothing else could make it a keyword: the only word, or after
"since", "on" or "last"; "/latest Monday talks" still searches its words. A date-like word that is no date
("2026-13-01", "since lunch") is refused with the forms that work, not searched.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.commands.context import UsageError
from bot.core.text import printable
from bot.digest.compose import Days

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY = {**{name: n for n, name in enumerate(WEEKDAYS)}, **_SHORT}
_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH = {**{name: n + 1 for n, name in enumerate(MONTHS)}, **{name[:3]: n + 1 for n, name in enumerate(MONTHS)},
          "sept": 9}
_DAY_OF_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?,?")
_YEAR = re.compile(r"(\d{4}),?")
# Words that say how many, not which stories: left aside when asking whether a weekday stands alone.
_COUNT_WORDS = re.compile(r"\d{1,2}|stories|story")
# What /latest takes, as its usage and its refusals list them (tests/test_help_agrees.py holds them to what it reads).
DAY_FORMS = ("today", "yesterday", "monday", "this week", "last week", "past week", "2026-12-01", "1 Dec",
             "since monday")
FORMS_TEXT = ("today, yesterday, a weekday (monday), this week, last week, past week, a date (2026-12-01, 1 Dec), or "
              "since one of them")


# "past 3 days", "last 10 days": the days up to today, today counted ("past week" is 7 of them).
_RECENT_DAYS = re.compile(r"(?:past|last) (\d{1,3}) days?")
MAX_RECENT_DAYS = 366


# How many, as people ask for it: "/latest last 5", "/latest top 3", "/latest five" were searched as the keywords
# "last", "top", "five" ("No stories on last yet").
_COUNT_LEADS = ("last", "top", "latest", "newest", "recent")
_NUMBER_WORDS = {word: n for n, word in enumerate(
    ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
     "eighteen nineteen twenty").split(), start=1)}


def count_as_said(args: list[str]) -> list[str]:
    """The words with a count said in words or after "last"/"top" at their head written as the number:
    ['last', '5', 'trade'] -> ['5', 'trade'], ['five'] -> ['5']. A lead word with no number after it stays a word.
    Read here, beside the days, since a count so said leaves a weekday after it alone, as '/latest 2 friday' does."""
    words = list(args)
    if len(words) > 1 and words[0].lower() in _COUNT_LEADS and (
            words[1].isdigit() or words[1].lower() in _NUMBER_WORDS):
        words = words[1:]
    if words and words[0].lower() in _NUMBER_WORDS:
        words = [str(_NUMBER_WORDS[words[0].lower()]), *words[1:]]
    return words


class StillToCome(UsageError):
    """A day or date after today ('/latest 2026-12-25'): refused by /latest, and by /subscribe, where it was a
    keyword no story holds."""

    def __init__(self, message: str, said: str) -> None:
        super().__init__(message)
        self.said = said


def read_days(words: list[str], today: date) -> tuple[list[str], Days | None]:
    """The words left once the days they name are taken out, and those days (None when they name none).

    Raises UsageError for a since that names no day, a date that is none, a day still to come, or two days."""
    lowered = [word.lower() for word in words]
    # "/latest 3 friday", "/latest top 3 friday", "/latest three friday"
    alone = len([word for word in count_as_said(lowered) if not _COUNT_WORDS.fullmatch(word)]) == 1
    found: list[tuple[int, int, Days]] = []  # (first word, words used, days)
    i = 0
    while i < len(lowered):
        if lowered[i] == "since":
            used, days = _day_at(lowered, i + 1, today, named=True)
            if days is None:
                _not_a_day_after_since(words[i + 1:i + 3])
            assert days is not None
            found.append((i, 1 + used, Days(days.first, today, days.said, since=True)))
            i += 1 + used
            continue
        used, days = _day_at(lowered, i, today, named=False, alone=alone)
        if days is not None:
            found.append((i, used, days))
            i += used
            continue
        i += 1
    if not found:
        return words, None
    if len(found) > 1:
        raise UsageError("One day or span at a time: e.g. /latest yesterday, /latest last week or /latest since "
                         "monday.")
    start, used, days = found[0]
    if days.first > today:
        raise StillToCome(f"{days.said} is still to come: /latest shows stories already published ({FORMS_TEXT}).",
                          days.said)
    return words[:start] + words[start + used:], days


def _day_at(words: list[str], i: int, today: date, *, named: bool, alone: bool = False) -> tuple[int, Days | None]:
    """The day (or span) the words from `i` name, and how many words name it; (0, None) if they name none. A
    weekday with nothing before it counts when `named` (after since: "since fri" too) or, written whole, when
    `alone` (the only word: "/latest friday", where "/latest Friday talks" searches)."""
    word = words[i] if i < len(words) else ""
    pair = " ".join(words[i:i + 2])
    if word == "today":
        return 1, Days(today, today, "today")
    if word == "yesterday":
        return 1, Days(today - timedelta(days=1), today - timedelta(days=1), "yesterday")
    if word == "tomorrow":  # refused as still to come, rather than searched
        return 1, Days(today + timedelta(days=1), today + timedelta(days=1), "tomorrow")
    if pair == "this week":
        monday = today - timedelta(days=today.weekday())
        return 2, Days(monday, today, "this week")
    if pair == "last week":
        monday = today - timedelta(days=today.weekday() + 7)
        return 2, Days(monday, monday + timedelta(days=6), "last week")
    if pair == "past week":  # searched as the keywords "past" and "week"
        return 2, Days(today - timedelta(days=6), today, "the past 7 days")
    if (recent := _RECENT_DAYS.fullmatch(" ".join(words[i:i + 3]))) and 1 <= int(recent.group(1)) <= MAX_RECENT_DAYS:
        back = int(recent.group(1))
        return 3, Days(today - timedelta(days=back - 1), today, f"the past {back} days" if back > 1 else "today")
    if pair == "this month":
        return 2, Days(today.replace(day=1), today, "this month")
    if pair == "last month":
        last = today.replace(day=1) - timedelta(days=1)
        return 2, Days(last.replace(day=1), last, "last month")
    if word in ("on", "last") and i + 1 < len(words) and words[i + 1] in _WEEKDAY:
        return 2, _weekday(words[i + 1], today, before_today=word == "last")
    if word in _WEEKDAY and (named or (alone and word in WEEKDAYS)):
        return 1, _weekday(word, today, before_today=False)
    if _ISO.fullmatch(word):
        try:
            day = date.fromisoformat("-".join(part.zfill(2) for part in word.split("-")))
        except ValueError:
            raise UsageError(f"“{printable(word, 20)}” is no date: a date is year-month-day, e.g. "
                             "2026-12-01.") from None
        return 1, Days(day, day, f"{day.day} {day:%b %Y}")
    return _written_date(words, i, today)


def _written_date(words: list[str], i: int, today: date) -> tuple[int, Days | None]:
    """A date written with its month's name: "1 Dec", "December 1st", "1 December 2025", "Dec 1, 2025". Without a
    year, the latest such day on or before today ("25 Dec" typed in early December is last Christmas)."""
    if i + 1 >= len(words):
        return 0, None
    first, second = words[i], words[i + 1]
    after = words[i + 2] if i + 2 < len(words) else ""
    if ((day_of := _DAY_OF_MONTH.fullmatch(first)) and second.rstrip(",.") in _MONTH
            and not re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", after)):  # "/latest 3 November 20": 3 is the count
        month = _MONTH[second.rstrip(",.")]
    elif first in _MONTH and (day_of := _DAY_OF_MONTH.fullmatch(second)):
        month = _MONTH[first]
    else:
        return 0, None
    year_of = _YEAR.fullmatch(words[i + 2]) if i + 2 < len(words) else None
    year = int(year_of.group(1)) if year_of else today.year
    typed = " ".join(words[i:i + (3 if year_of else 2)])
    try:
        day = date(year, month, int(day_of.group(1)))
        if year_of is None and day > today:
            day = date(year - 1, month, day.day)
    except ValueError:
        raise UsageError(f"“{printable(typed, 30)}” is no date: e.g. 1 Dec, 1 December 2025 or 2025-12-01.") from None
    return (3 if year_of else 2), Days(day, day, f"{day.day} {day:%b %Y}")


def _weekday(word: str, today: date, *, before_today: bool) -> Days:
    """The latest such weekday on or before today ("monday" typed on a Monday is today); before today for "last"."""
    back = (today.weekday() - _WEEKDAY[word]) % 7 or (7 if before_today else 0)
    day = today - timedelta(days=back)
    return Days(day, day, WEEKDAYS[_WEEKDAY[word]].capitalize())


def _not_a_day_after_since(after: list[str]) -> None:
    """'/latest since lunch': refused with the forms since takes."""
    typed = " ".join(after)
    shown = f"“since {printable(typed, 30)}” is no day /latest knows" if typed else "since needs a day"
    raise UsageError(f"{shown}: use {FORMS_TEXT}.")
