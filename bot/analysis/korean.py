"""Who speaks in Korean copy: the subject marked by 은/는/이/가 around a quote closed by 라고/고 and a speech verb.

Korean has no capital letters, so the readers that find names by their capitals find no one in it. Korean news
sets the quote in “ ” and closes it with the quoting particle and a speech verb: "김민준 장관은 “...”라고 말했다",
"“...”고 이지훈 총리는 강조했다". The speaker is the word marked as the sentence's subject (은/는/이/가) between the
quote's particle and the verb, or else the last such word before the quote. It is a ministry or agency when it ends
in 부/청/처 ("국방부는"), a person when it looks like a Korean name (three syllables opening with a common surname,
two to four beside a role), or a role after such a name ("이지훈 총리는" -> 이지훈); "그는"/"그녀는" are he and she. A role alone ("한 관계자는") or any other word names nobody: the quote is kept
without a speaker rather than given a guess. Pledges stay English-only (`bot.analysis.language`).
"""

from __future__ import annotations

import re

from bot.analysis.arabic import ArabicSpeaker
from bot.analysis.lexicon import KOREAN_ROLES, KOREAN_SPEECH_VERBS
from bot.analysis.rules import rule

KOREAN_SUBJECT = rule(
    "speakers.korean-subject-particle",
    "\"김민준 장관은 “...”라고 말했다\", \"“...”고 이지훈 총리는 강조했다\": in Korean copy a quote closed by 라고/고 and a "
    "speech verb is said by the name marked with 은/는/이/가 (before the verb, else before the quote); a role after "
    "the name is left off, a role alone (\"한 관계자는\") or a word that is no name gives no speaker",
)
KOREAN_PRONOUN = rule(
    "speakers.korean-pronoun",
    "\"“...”이라고 그는 덧붙였다\": 그는/그가 is \"he\" and 그녀는/그녀가 \"she\", the person named before",
)
_HANGUL = re.compile("[\uac00-\ud7a3]")
# The quoting particle right after the closing mark: (이)라고, 고, 며 ("“...”라며").
_QUOTING = re.compile(r"^\s*(?:이?라고|고|이?라며|며)(?=\s|$)")
_PARTICLE = re.compile("^(?P<stem>[\uac00-\ud7a3]+?)(?:은|는|이|가)$")
# Common Korean surnames: a name of two to four syllables opening with one of these.
_SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 우 구 민 진 나 "
    "지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용".split()
)
_PRONOUNS = {"그": "he", "그녀": "she"}
_MINISTRY_ENDINGS = frozenset("부청처")  # 국방부 (ministry), 경찰청 (agency), 대통령실 is not one
_OFFICE_ENDINGS = frozenset("부청처단회당측실국원관")
_NOT_NAMES = frozenset("이번 이날 그동안 정부 우리 저희 이들 그들".split())


def is_korean(text: str) -> bool:
    """Whether the text holds Hangul."""
    return _HANGUL.search(text) is not None


def _looks_like_name(word: str, beside_role: bool = False) -> bool:
    """Three syllables opening with a common surname (two to four beside a role: "이진 대사는"), not ending as an
    office does (국방부, 조사단)."""
    size_ok = len(word) == 3 or (beside_role and 2 <= len(word) <= 4)
    return (
        size_ok and word[0] in _SURNAMES and word[-1] not in _OFFICE_ENDINGS and word not in _NOT_NAMES
        and word not in KOREAN_ROLES and all("\uac00" <= c <= "\ud7a3" for c in word)
    )


def _subject(words: list[str]) -> tuple[bool, ArabicSpeaker | str | None]:
    """Whether the words hold a subject marked by 은/는/이/가 (the last one), and who it names: a person, a pronoun
    ("he"/"she") or None."""
    for i in range(len(words) - 1, -1, -1):
        marked = _PARTICLE.match(words[i])
        if marked is None:
            continue
        stem = marked.group("stem")
        if 2 <= len(stem) <= 5 and stem[-1] in _MINISTRY_ENDINGS and stem not in _NOT_NAMES:
            return True, ArabicSpeaker(stem, "institution")  # "국방부는 “...”라고 밝혔다": the ministry speaks
        if stem in _PRONOUNS or stem in KOREAN_ROLES or _looks_like_name(stem):
            if stem in _PRONOUNS:
                return True, _PRONOUNS[stem] if KOREAN_PRONOUN else None
            if stem in KOREAN_ROLES:
                before = words[i - 1] if i > 0 else ""
                if _looks_like_name(before, beside_role=True):
                    return True, ArabicSpeaker(before, "person", stem)  # "이지훈 총리는"
                return True, None  # "한 관계자는", "외교부 대변인은": nobody named
            return True, ArabicSpeaker(stem, "person", words[i - 1] if i > 0 and words[i - 1] in KOREAN_ROLES else "")
    return False, None


def speaker(before: str, after: str) -> tuple[bool, ArabicSpeaker | str | None]:
    """Whether the quote between `before` (its sentence up to the opening mark) and `after` (the text after the
    closing mark) is closed by a quoting particle and a speech verb, and who says it, or None when nobody is named."""
    if not KOREAN_SUBJECT:
        return False, None
    quoting = _QUOTING.match(after)
    if quoting is None:
        return False, None
    words = re.split(r"[\s,.]+", after[quoting.end() :].strip())
    verb = next((i for i, w in enumerate(words[:6]) if any(w.startswith(v) for v in KOREAN_SPEECH_VERBS)), None)
    if verb is None:
        return False, None
    found, who = _subject(words[:verb])
    if found:
        return True, who  # "“...”고 이지훈 총리는 강조했다"
    sentence = re.split(r"[.!?]\s", before)[-1]
    return True, _subject(sentence.split())[1]  # "김민준 장관은 기자회견에서 “...”라고 말했다"
