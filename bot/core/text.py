"""Small text helpers every layer shares: cleaning text from elsewhere, telling a web address, counting nouns."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bot.analysis.lexicon import NAME_PARTICLES

# Characters no message should carry from an article: controls other than newline and tab (C0, DEL, C1), and the
# bidirectional overrides and isolates that could make the rest of a line (our own layout) read backwards.
_CONTROLS = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]")
# Zero-width spaces and joiners, and the invisible direction marks: nothing to print on a terminal.
# A zero-width space and the bidi marks: they show nothing and join nothing. The joiners (U+200C, U+200D) are not
# among them: they hold emoji sequences together (a family, a rainbow flag) and spell words (Persian "می‌گوید").
_ZERO_WIDTH = re.compile("[\u200b\u200e\u200f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_controls(text: str | None, *, zero_width: bool = False) -> str:
    """Text from elsewhere fit to show: controls (but newline and tab) and bidi overrides removed, lone surrogates
    (from broken JSON escapes; no encoder takes them) replaced by U+FFFD; a zero-width space and bidi marks removed
    too when asked (a terminal shows nothing for them). The joiners stay everywhere: without them the console showed
    a family emoji as four faces and wrote Persian words misspelt."""
    if not text:
        return ""
    cleaned = _CONTROLS.sub("", _SURROGATES.sub("\ufffd", text))
    return _ZERO_WIDTH.sub("", cleaned) if zero_width else cleaned


LEFT_TO_RIGHT_MARK = "\u200e"


def line_opening(words: str) -> str:
    """Words that open a line (a pledge's actor: "both governments: repair the viaduct") with a capital when their
    first word is a common word in lower case: opened in lower case, the line read as a fragment cut from a
    sentence. A name keeps its own spelling: a first word with a capital or a hyphen ("iPhone", "al-Sisi"), or a
    particle of a surname ("de Gaulle", "van Rijn"), from the analysis' word list, which reads the same particles
    inside a name (one list: a copy here had drifted from it)."""
    first = words.split(" ", 1)[0]
    if (first[:1].islower() and not any(ch.isupper() for ch in first) and "-" not in first
            and first not in NAME_PARTICLES):
        return first[0].upper() + words[1:]
    return words


def set_apart(name: str) -> str:
    """A name from elsewhere (an outlet, a person) set inside a line of ours, between left-to-right marks when it
    holds right-to-left letters. Chat apps lay out each line by Unicode's bidirectional rules: a line that began
    with an Arabic outlet's name was set right to left, and the number after it joined the name, so "وكالة · 6 Dec
    2026, 14:05 UTC" read "Dec 2026, 14:05 UTC 6 · وكالة". The marks are invisible; other names are left as they
    are."""
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in name):
        return f"{LEFT_TO_RIGHT_MARK}{name}{LEFT_TO_RIGHT_MARK}"
    return name


def glyph_cut(text: str, cut: int) -> int:
    """`cut` moved back, where needed, so that `text[:cut]` ends on a whole glyph: never after a joiner or before
    one, never before a combining mark, a variation selector or a skin tone, never between a flag's two letters.
    Text without spaces (Chinese, Japanese) is cut at a character, and a cut there split a family emoji or a flag."""
    while 0 < cut < len(text) and (text[cut - 1] == "\u200d" or _drawn_with_the_one_before(text[cut])
                                   or _splits_flag(text, cut)):
        cut -= 1
    return cut


def _drawn_with_the_one_before(ch: str) -> bool:
    """A joiner, a combining or variation mark, a skin tone or an emoji tag: part of the glyph before it."""
    code = ord(ch)
    return (ch == "\u200d" or bool(unicodedata.combining(ch)) or 0xFE00 <= code <= 0xFE0F
            or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F)


def _splits_flag(text: str, cut: int) -> bool:
    """True when `cut` falls between the two regional indicators of a flag (an odd run of them before it)."""
    run = 0
    while cut - run - 1 >= 0 and _is_regional(text[cut - run - 1]):
        run += 1
    return run % 2 == 1 and _is_regional(text[cut])


def _is_regional(ch: str) -> bool:
    """A regional indicator letter: two of them make a flag."""
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


# The joiners a spelling puts inside a word: Persian's zero-width non-joiner (گفت‌وگو, talks), the joiner.
JOINERS = frozenset("\u200c\u200d")


def is_mark(ch: str) -> bool:
    """Whether a character is a mark drawn on the letter before it: a vowel sign of Devanagari, Tamil or Bengali, an
    accent a keyboard typed apart from its letter (e and U+0301 for é). Part of the word, as a letter is."""
    return unicodedata.category(ch).startswith("M")


def in_a_word(ch: str) -> bool:
    """Whether a character that is no letter belongs to the word it is in: a mark on a letter, or a joiner."""
    return ch in JOINERS or is_mark(ch)


def word_letters(word: str) -> str:
    """A word without the marks and joiners inside it, for checks that ask for letters: 'वार्ता' (talks, in Hindi)
    failed `\\w+`, its vowel signs being marks, and 'گفت‌وگو' for its non-joiner. Empty when the word starts with
    one (no word does)."""
    if not word or in_a_word(word[0]):
        return ""
    return "".join(ch for ch in word if not in_a_word(ch))


def name_words(name: str) -> str:
    """A name's words as a reader types them: letters and digits (with the marks drawn on them), casefolded, one
    space apart; emoji, their variation selectors, symbols and punctuation are no part of them."""
    kept: list[str] = []
    for ch in name.casefold():
        category = unicodedata.category(ch)
        if category[0] in "LN" or (category[0] == "M" and kept and kept[-1] != " " and not 0xFE00 <= ord(ch) <= 0xFE0F):
            kept.append(ch)
        elif kept and kept[-1] != " ":
            kept.append(" ")
    return "".join(kept).strip()


def slash_as_typed(text: str) -> str:
    """A line opening with the full-width slash a Chinese, Japanese or Korean keyboard types ("／latest 3", or all
    full-width: "／ｌａｔｅｓｔ　３"), with its first word in the half-width letters commands are read in: it was
    free text ("Communiqué answers commands: ...") to a reader who had typed the command. Any other line as it is."""
    if not text.startswith("\uff0f"):
        return text
    first, *rest = text.split(maxsplit=1)
    return " ".join([unicodedata.normalize("NFKC", first), *rest])


def printable(text: str, limit: int) -> str:
    """`text` without unprintable characters, cut to `limit` with an ellipsis (for echoing what a user typed)."""
    cleaned = "".join(ch for ch in text if ch.isprintable())
    return cleaned[:limit] + ("…" if len(cleaned) > limit else "")


def is_web_url(value: Any, max_length: int | None = None) -> bool:
    """An absolute http(s) address with a host, without whitespace or controls (and within `max_length`): one a
    message may link to."""
    if not isinstance(value, str) or not value or (max_length is not None and len(value) > max_length):
        return False
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def days_back(moment: datetime, now: datetime) -> int:
    """Whole days from `moment` to `now`, rounded up (1 to 30, what `/subscribe since Nd` takes): the backlog
    that reaches back to it."""
    return min(30, max(1, -(-int((now - moment).total_seconds()) // 86400)))


def reaches_back(moment: datetime, now: datetime) -> bool:
    """Whether `/subscribe since {days_back}d` reaches back to `moment`: not past its 30 days (a backup restored
    weeks after it was made), where "brings them" promised stories it leaves out."""
    return days_back(moment, now) * 86400 >= (now - moment).total_seconds()


def count_of(count: int, noun: str, many: str | None = None) -> str:
    """"1 source", "3 sources", "0 stories" (`many` for a plural that is not noun + s)."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def refusal_detail(reason: str, platform: str) -> str:
    """A platform's refusal without its own name in front ('Chatnet: Not enough rights ...' -> 'Not enough rights
    ...'; 'Chatnet 403 Missing Access' -> '403 Missing Access'), for a sentence that names the platform already."""
    return re.sub(rf"^{re.escape(platform)}:?\s*", "", reason, flags=re.IGNORECASE)


def duration_text(seconds: float) -> str:
    """A delay as an operator reads it in a log line: '0.5 s', '47 s', '31 min', '3 h 45 min', '2 d 4 h'."""
    if seconds < 120:
        return f"{seconds:.3g} s" if seconds < 10 else f"{seconds:.0f} s"
    minutes = int(seconds // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h" + (f" {minutes % 60} min" if minutes % 60 else "")
    return f"{hours // 24} d" + (f" {hours % 24} h" if hours % 24 else "")
