"""Quotes in Chinese and Japanese copy, which the English quote reader cannot read.

The English reader finds a speaker among capitalised words around a quote; Chinese and Japanese have no capitals
and no spaces, and quote with 「」, 『』 or “”. So a story written mostly in Han and kana is read here instead: every
quote is found, and it gets a speaker only where the sentence names one the plain way — a subject right before a
speech verb and a colon ("林海说：“……”"), the verb right after the quote ("“……”高明说"), or the Japanese "……は「……」と
述べた". Anything else (a pronoun, a clause between) keeps the quote without a speaker: a wrong name is worse.
No pledges are read here; those are for English copy only (`bot.analysis.language`).
"""

from __future__ import annotations

import re

from bot.analysis.model import Quote
from bot.analysis.rules import rule

CJK_QUOTES = rule(
    "quotes.cjk-marks",
    "a Chinese or Japanese story's quotes are read in 「」『』“” as they are set there, not by the English reader; a "
    "short one with no speaker ('“一路一带”', a term set in quotes) is no quote",
)
CHINESE_SPEAKER = rule(
    "quotes.chinese-speech-verb",
    "in Chinese a quote's speaker is the subject right before 表示/称/说/指出 and a colon (“林海说：“……”) or right "
    "after the quote (“……”高明说); a pronoun there names nobody",
)
JAPANESE_SPEAKER = rule(
    "quotes.japanese-to-nobeta",
    "in Japanese a quote's speaker is the topic right before は when the quote follows it and と述べた/と語った "
    "closes it (山田外相は「……」と述べた); a title after the name (氏, 外相) is left off",
)

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々"
_KANA = "\u3040-\u30ff"
_SCRIPT = re.compile(f"[{_HAN}{_KANA}]")
_LETTERS = re.compile(r"[^\W\d_]")
_QUOTE = re.compile(r"「([^「」]+)」|『([^『』]+)』|“([^“”]+)”")
# Fewer characters than this, and no speaker: a term or a name set in quotes, not somebody's words.
_MIN_UNSPOKEN = 8
_CHINESE_VERBS = "(?:表示|称|说|指出|强调|补充说)"
_CHINESE_TIME = "(?:周[一二三四五六日]|星期[一二三四五六日天]|今天|昨天|日前|近日|当天|随后)?"
# The subject of the clause the quote opens after: from the sentence's (or the clause's) start to the verb.
_CHINESE_BEFORE = re.compile(
    f"(?:^|[。！？；，、\\s])([{_HAN}·]{{2,12}}?){_CHINESE_TIME}{_CHINESE_VERBS}\\s*[：:，,]?\\s*$"
)
_CHINESE_AFTER = re.compile(f"^\\s*[，,]?\\s*([{_HAN}·]{{2,12}}?){_CHINESE_TIME}{_CHINESE_VERBS}[。！？，,]")
# A speech verb right after the quote: short or not, somebody said it.
_SAID_AFTER = re.compile(
    "\\s*[，,]?\\s*(?:と(?:述べ|語っ|話し|強調し|説明し)|[^。！？「」“”]{0,6}?(?:说|表示|称|指出))"
)
_PRONOUNS = frozenset("对方 有人 外界 官员 消息人士".split())
_PRONOUN_OPENERS = frozenset("他她它我你")  # "他说", "她们表示", "他还指出": who, the sentence does not say
_JAPANESE_TITLES = "(?:氏|さん|首相|大臣|外相|長官|報道官|大統領|議員|代表|知事|市長)"
# "山田外相は記者会見で「……」": the topic, a short phrase of place or time at most, then the quote.
_JAPANESE_BEFORE = re.compile(
    f"(?:^|[。！？、\\s]|の)([{_HAN}\u30a0-\u30ff]{{1,12}}?){_JAPANESE_TITLES}?は、?[^。！？、「」『』]{{0,15}}$"
)
_JAPANESE_AFTER = re.compile(r"^と(?:述べ|語っ|話し|強調し|説明し|明らかにし)")


def is_cjk(text: str) -> bool:
    """Most of the text's letters are Han or kana: a Chinese or Japanese story."""
    if _SCRIPT.search(text) is None:
        return False  # English copy pays one scan
    letters = len(_LETTERS.findall(text))
    return letters > 0 and len(_SCRIPT.findall(text)) * 2 > letters


def _speaker(paragraph: str, start: int, end: int, mark: str) -> str | None:
    """Who says the quote at paragraph[start:end] (its marks included), where the sentence names them plainly."""
    before = paragraph[:start]
    after = paragraph[end : end + 30]
    if JAPANESE_SPEAKER and mark in "「『" and _JAPANESE_AFTER.match(after):
        found = _JAPANESE_BEFORE.search(before)
        if found:
            return found.group(1)
    if CHINESE_SPEAKER:
        for found in (_CHINESE_BEFORE.search(before), _CHINESE_AFTER.match(after)):
            if found and found.group(1) not in _PRONOUNS and found.group(1)[0] not in _PRONOUN_OPENERS:
                return found.group(1)
    return None


def cjk_quotes(paragraphs: list[str]) -> list[Quote]:
    """The quotes of a Chinese or Japanese story, in order, each with its speaker or none."""
    found: list[Quote] = []
    for paragraph in paragraphs:
        for match in _QUOTE.finditer(paragraph):
            text = next(g for g in match.groups() if g is not None).strip()
            speaker = _speaker(paragraph, match.start(), match.end(), match.group(0)[0])
            said = _SAID_AFTER.match(paragraph, match.end()) is not None
            if speaker is None and len(text) < _MIN_UNSPOKEN and not said:
                continue  # '“一路一带”': a term in quotes ('「協力は続く」と話した' is speech, however short)
            found.append(Quote(speaker, text))
    return found
