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
CHINESE_CLAUSE_TRIMMED = rule(
    "quotes.chinese-subject-ends-at-the-clause",
    "\"林海周二在记者会上说：“……”\": the speaker is the name before a time, place or adverb word (林海), never the "
    "whole clause; a role before the name stays with it (\"外交部发言人林海\")",
)
CHINESE_PRONOUN = rule(
    "quotes.chinese-pronoun-after-a-named-person",
    "\"北岸总理高明周三抵达首都。他说：“……”\": 他/她 before the speech verb is the one person the sentence before names "
    "after a role word (总理高明); with nobody, or two people, named there, the quote keeps no speaker",
)
CHINESE_PRONOUN_GENDER = rule(
    "quotes.chinese-pronoun-keeps-its-gender",
    "\"北岸女外长林芳周三抵达首都。他说：“……”\": a woman the sentence before marks as one (女外长, 林芳女士) is never the "
    "他 who speaks, nor a man marked 先生 the 她; the quote keeps no speaker",
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
    f"(?:^|[。！？；，、\\s])([{_HAN}·]{{2,12}}?|[他她]){_CHINESE_TIME}{_CHINESE_VERBS}\\s*[：:，,]?\\s*$"
)
_CHINESE_AFTER = re.compile(f"^\\s*[，,]?\\s*([{_HAN}·]{{2,12}}?){_CHINESE_TIME}{_CHINESE_VERBS}[。！？，,]")
# A speech verb right after the quote: short or not, somebody said it.
_SAID_AFTER = re.compile(
    "\\s*[，,]?\\s*(?:と(?:述べ|語っ|話し|強調し|説明し)|[^。！？「」“”]{0,6}?(?:说|表示|称|指出))"
)
# Where a subject run turns into a clause: a place, a time, an adverb after the name ("林海周二在记者会上说").
_CHINESE_CLAUSE = re.compile(
    "在|于|对|向|周[一二三四五六日]|星期|今天|昨天|日前|近日|当天|随后|会后|都|也|还|则|曾|将|再次|同时|进一步"
)
# Role words a name follows ("总理高明", "外长林海峰"): the people a later 他说 may be.
_CHINESE_ROLE_NAME = re.compile(
    f"(?:总理|总统|主席|部长|外长|发言人|大使|首相|特使|议员|市长|省长|司令|代表|外交官)([{_HAN}]{{2,3}}?)"
    "(?=周|星期|今天|昨天|日前|近日|当天|随后|在|于|将|也|还|对|向|与|和|是|表示|说|称|指出|强调|抵达|访问|会见|会|已|曾|并|女士|先生|"
    "[，。、：；！？]|$)"
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
            if found is None:
                continue
            subject = found.group(1)
            clause = _CHINESE_CLAUSE.search(subject, 2) if CHINESE_CLAUSE_TRIMMED else None
            if clause:
                subject = subject[: clause.start()]  # "林海周二在记者会上说": 林海, not the clause
            if subject[:1] in "他她" and subject[1:2] != "们" and CHINESE_PRONOUN:
                return _named_before(before, subject[:1])  # "高明周三抵达首都。他说：“……”"
            if subject not in _PRONOUNS and subject[0] not in _PRONOUN_OPENERS:
                return subject
    return None


def _named_before(before: str, pronoun: str = "他") -> str | None:
    """The one person named after a role word in the sentence before this one ("北岸总理高明周三抵达首都。"), or None
    when it names nobody or several, or one the copy marks as of the other gender than the pronoun."""
    sentences = re.split("(?<=[。！？])", before)
    previous = sentences[-2] if len(sentences) > 1 else ""
    found = list(_CHINESE_ROLE_NAME.finditer(previous))
    names = {match.group(1) for match in found}
    if len(names) != 1:
        return None
    match = found[0]
    if CHINESE_PRONOUN_GENDER:
        woman = previous[match.start() - 1 : match.start()] == "女" or previous.startswith("女士", match.end())
        man = previous.startswith("先生", match.end())
        if (pronoun == "他" and woman) or (pronoun == "她" and man):
            return None  # "女外长林芳 ... 他说": she is not the 他
    return match.group(1)


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
