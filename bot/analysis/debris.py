"""Page furniture that is not story: captions, credits, bylines, time stamps, counters, link prompts, headings.

Both the extractor (lines of a scraped page) and the summarizer (sentences of any text, feeds included) ask the
same question, "would a reader call this part of the story?", so the answer lives here, once. Each recogniser
is a small pattern with a reason; none looks at more than one line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.analysis.lexicon import WordList
from bot.analysis.rules import cached, rule

# Lines that open with a prompt or a credit ("Read more: ...", "Reporting by ..."), and words that label furniture
# when they stand alone or before a colon ("Photo: ...", "Related"): data, wordlists/debris_*.txt.
PROMPTS = WordList("debris_prompts")
LABELS = WordList("debris_labels")
_CONTRIBUTED = re.compile(r"^[^.!?]{0,120}\bcontributed (?:to )?(?:this|the) (?:report|story|article)\.?$", re.IGNORECASE)
_LABEL_END = re.compile(r"\s*(?:$|[:|–—-])")

SCRAP = rule("debris.scrap", "a line of under five words is a label, not a sentence of the story")
CONTRIBUTED = rule("debris.contributed", "'X contributed to this report' is a credit")
BYLINE = rule("debris.byline", "'By Jane Roe', 'Par Jeanne Roux' and 'Jane Roe, diplomatic correspondent' are bylines")
TIMESTAMP = rule("debris.timestamp", "'Updated 14 March 09:12 GMT' and '4 min read' are page stamps")
CREDIT = rule("debris.credit", "an agency's or photographer's credit ('REUTERS/Jane Roe', '(AP Photo/...)') marks a caption")
CAPTION = rule("debris.caption", "a present-tense scene ending on its full date is a picture's caption")
PICTURE_MARK = rule("debris.picture-mark", "'(L)', '(second right)' or '(File)' in a line marks a picture's caption")
SCENE_CAPTION = rule("debris.scene-caption", "a lone line showing someone in the present tense is a caption")
COUNTER = rule("debris.counter", "a line of more digits than words is a live counter or a table row")
HEADING = rule("debris.heading", "a lone line with no closing stop is a heading or a standfirst")
NUMBERED_HEADING = rule(
    "debris.numbered-heading",
    "\"3. Tarsk names a new envoy\": a line opened by an item's number and with no closing stop is a newsletter's "
    "or a list's heading, as an unnumbered one is",
)
QUESTION_HEADING = rule("debris.question-heading", "a short lone question without quotes is a subheading")
CAPITALS = rule("debris.capitals", "a line mostly in capitals is a banner, not a sentence")
DATELINE = rule(
    "debris.dateline",
    "a place in capitals, a date and the outlet ('VELM, 9 May. /Norland Today/.') on a line of its own is a dateline",
)

# A photographer's or agency's credit anywhere in the line: "REUTERS/Jane Roe", "(AP Photo/John Doe)",
# "Photo: Jane Roe", "FILE PHOTO", "Getty Images".
_CREDIT = re.compile(
    r"\b(?:REUTERS|Reuters|AP|AFP|EPA|EPA-EFE|Xinhua|Bloomberg|Sputnik|ANI|PTI|IANS|TASS|Anadolu)\s*/\s*[A-Z]|"
    r"\((?:AP|AFP|Reuters|EPA)?\s*(?:Photo|Image|Picture)s?\b[^)]*\)|"
    r"\b(?i:photo|photograph|image|picture|illustration|credit)s?(?i: credit)?\s*:\s|"
    r"\bFILE PHOTO\b|\bGetty Images\b|\bShutterstock\b|\bvia Getty\b|"
    r"\((?:Reuters|REUTERS|AP|AFP|EPA|Getty|Xinhua|Anadolu|dpa|Bloomberg|PTI|ANI|IANS)\)\.?\s*$"
)
# A caption describes a picture in the present tense and ends on the full date it was taken: "The minister speaks
# to reporters in Oslo, Norway, March 3, 2027." News copy narrates in the past, and a full date it gives sits
# inside the sentence.
_CAPTION_VERB = re.compile(
    r"\b(?:speaks|talks|arrives|attends|listens|looks on|looks|waves|gestures|walks|shakes hands|poses|sits|stands|"
    r"holds|delivers|addresses|greets|leaves|departs|reacts|gathers|gather|march|marches|is seen|are seen|"
    r"attend|pose|wave|walk|take part|takes part|chant|chants|hold|sit)\b"
)
_FULL_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d\b|"
    r"\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_AFTER_CAPTION_DATE = re.compile(r"\s*[.)]?\s*(?:\([^)]*\)|[A-Z][\w -]*/[\w .-]*)?\s*$")
# When a page was published or updated, and how long it takes to read.
_STAMP_START = re.compile(r"(?:updated|published|posted|last updated|first published|modified)\b", re.IGNORECASE)
_STAMP_AFTER_BAR = re.compile(r"\|\s*(?:updated|published|posted)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:ist|gmt|et|est|edt|bst|utc|cet|msk)\b", re.IGNORECASE)
_READ_TIME = re.compile(r"\b\d+\s+min(?:ute)?s?\s+read\b", re.IGNORECASE)
# A byline: "By Jane Roe", "By Jane Roe and John Doe, Reuters", "Jane Roe, diplomatic correspondent"; a French
# page's "Par Jeanne Roux".
_NAME = r"(?-i:[A-Z])[\w.'’-]+(?:\s+(?-i:[A-Z])[\w.'’-]+){0,3}"
_OUTLET = (
    r"(?:reuters|ap|afp|associated press|agence france-presse|bloomberg|xinhua|tass|ria novosti|pti|ians|ani|"
    r"[\w .'’-]{0,30}\b(?:news|times|post|press|agency|service|wire|network|desk|bureau|tribune|herald|daily))"
)
_BYLINE = re.compile(
    rf"^(?:by|par)\s+{_NAME}(?:\s*(?:,|and|&|\|)\s*{_NAME})*\s*(?:[,|]\s*[\w .'’-]{{0,40}})?$|"
    rf"^{_NAME},\s+[^.!?]{{0,80}}\b(?:correspondent|editor|reporter|writer|analyst|in (?-i:[A-Z])\w+)$|"
    rf"^{_NAME}(?:\s+and\s+{_NAME})?\s*[,|]\s*{_OUTLET}\.?$",
    re.IGNORECASE,
)
_REPORTED_SPEECH = re.compile(r"[\"“”]|\b(?:said|says|told|according to)\b")
_DIGIT = re.compile(r"\d")
_CAPITAL = re.compile(r"[A-ZÀ-ÞА-Я]")
_LOWER = re.compile(r"[a-zß-ÿа-я]")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A credit needs one of these; a line without any is read no further (most lines of a story).
_CREDIT_HINTS = ("/", "(", ":", "Getty", "FILE PHOTO", "Shutterstock")
# Captions place people in the picture ("(L)", "(second right)") or say it is an old one ("(File)").
_PICTURE_MARK = re.compile(
    r"\((?:L|R|C|(?i:left|right|centre|center|front|back|top|bottom|(?:2nd|second|3rd|third) (?:from )?"
    r"(?:left|right|l|r)|l to r|from left|file|file photo|file image|file picture|representational(?: image| photo)?|"
    r"representative image))\)"
)
# A lone line that shows someone doing something in the present tense ("President Tomas Brek speaks during a
# news conference in Talberg.") is a caption: news copy narrates in the past, and a caption stands alone.
_SCENE_CAPTION = re.compile(
    r"^(?:[A-Z][\w.'’-]*,?\s+|(?:of|the|and|de|al|bin)\s+){1,10}(?:\([^)]{1,30}\)\s+)?"
    r"(?:speaks|gestures|waves|looks on|look on|attends|shakes hands|poses|listens|greets|walks|sits|stands|reacts|"
    r"is seen|are seen|pose|wave|walk|attend|shake hands|stand|sit|listen|chats|embraces|hugs|salutes|inspects)\b"
)
_ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?…。！？｡][\"'”’»)」』]*$")
CJK_WORDS = rule(
    "debris.cjk-words-by-characters",
    "Chinese and Japanese write no spaces, so every sentence was 'a scrap of one word' and no summary was made: "
    "there two characters count as a word, and 。！？ close a sentence",
)
_CJK_CHARS = re.compile("[\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]")


def _word_count(text: str, words: list[str]) -> int:
    """Words as spaces cut them, with a script written without spaces counted at two characters a word."""
    if not CJK_WORDS or _CJK_CHARS.search(text) is None:
        return len(words)
    cjk = len(_CJK_CHARS.findall(text))
    return len(words) + cjk // 2 if cjk else len(words)
# A wire or state agency's dateline the splitter left as a sentence of its own: the place in capitals, the date,
# the outlet between slashes or brackets ("VELM, 9 May. /Norland Today/.", "VELM, May 9 (Tidewire).").
_DATELINE = re.compile(
    r"^[A-ZÀ-Þ][A-ZÀ-Þ'’ -]+,(?:\s+[\w.]+){1,3}\.?\s*(?:/[^/]{1,40}/|\([^)]{1,40}\))\s*[.:—–-]*$"
)


CAPTION_LINE = rule(
    "debris.caption-line",
    "'Pictured: ...', a line closed by an agency's name after its stop ('... visits the quay. Reuters'), and a "
    "caption's words reported ('A photo caption read: \"...\"') are a picture's caption, not the story",
)
_CAPTION_LINE = re.compile(
    r"^(?:pictured|above|below|top|main picture|main image)\s*:\s|"
    r"[.!?]\s+(?:Reuters|REUTERS|AFP|AP|EPA|EPA-EFE|Xinhua|Anadolu|dpa)\.?\s*$|"
    r"^(?:an?|the)\s+(?:[\w-]+\s+){0,2}captions?\b[^\"“]{0,80}\b(?:read|reads|said|says|ran|runs)\s*:?\s*[\"“]",
    re.IGNORECASE,
)


def is_caption(line: str) -> bool:
    """A picture's caption or credit: an agency credit, a mark of where people stand or that the picture is old,
    a caption line ("Pictured: ..."), or a present-tense scene dated to the year."""
    if CREDIT and any(hint in line for hint in _CREDIT_HINTS) and _CREDIT.search(line):
        return True
    if CAPTION_LINE and _CAPTION_LINE.search(line):
        return True
    if PICTURE_MARK and "(" in line and _PICTURE_MARK.search(line):
        return True
    if not CAPTION or not _YEAR.search(line):
        return False
    verb = _CAPTION_VERB.search(line)
    if verb is None:
        return False
    date = next((d for d in _FULL_DATE.finditer(line, verb.end())), None)
    return date is not None and _AFTER_CAPTION_DATE.fullmatch(line, date.end()) is not None


def is_counter(line: str) -> bool:
    """A live counter or a table row: more digits than a sentence carries ("Cases 1,204,331 Deaths 20,114")."""
    digits = len(_DIGIT.findall(line))
    return COUNTER.on and digits >= 6 and digits > 0.4 * (len(_CAPITAL.findall(line)) + len(_LOWER.findall(line)))


@lru_cache(maxsize=1)
def _prompt_starts() -> tuple[str, ...]:
    """Every prompt and label, to rule most lines out with one C-speed test (rebuilt when a switch moves)."""
    return tuple(PROMPTS) + tuple(LABELS)


cached(_prompt_starts.cache_clear)


def is_prompt(line: str) -> bool:
    """A link prompt, share call or credit line ("Read more: ...", "Photo: Jane Roe", "Related")."""
    low = " ".join(line.lower().split())
    if not low.startswith(_prompt_starts()):
        return False
    for entry in PROMPTS:
        if low.startswith(entry) and (len(low) == len(entry) or not low[len(entry)].isalpha() or entry[-1] in ":/"):
            return True
    return any(low.startswith(entry) and _LABEL_END.match(low, len(entry)) for entry in LABELS)


def _is_stamp(line: str) -> bool:
    """'Updated: 14 March 2027 09:12 GMT', 'Reuters | Updated ...', '4 min read'."""
    return bool(
        _STAMP_START.match(line)
        or "|" in line and _STAMP_AFTER_BAR.search(line)
        or ":" in line and _CLOCK.search(line)
        or "min" in line and _READ_TIME.search(line)
    )


def is_furniture(line: str) -> bool:
    """A prompt, credit, byline, caption, time stamp or counter: page furniture, whatever its length."""
    text = line.strip()
    return (
        is_prompt(text)
        or BYLINE.on and _BYLINE.match(text) is not None
        or CONTRIBUTED.on and "contributed" in text and _CONTRIBUTED.match(text) is not None
        or TIMESTAMP.on and _is_stamp(text)
        or is_caption(text)
        or is_counter(text)
    )


def is_debris(sentence: str, paragraph: list[str]) -> bool:
    """Not a sentence of the story: furniture, a heading (a lone line with no closing stop), a question used as a
    subheading, a shout in capitals, or a scrap of under five words."""
    text = sentence.strip()
    words = text.split()
    count = _word_count(text, words)
    if SCRAP and count < 5 or is_furniture(text):
        return True
    if CAPTION_LINE and 1 < len(paragraph) <= 3 and _CAPTION_LINE.search(" ".join(paragraph)):
        return True  # "... visits the quay in Velm. Reuters": the credit closes the caption as a sentence of its own
    if DATELINE and count < 9 and _DATELINE.match(text):
        return True
    if HEADING and len(paragraph) == 1 and not _ENDS_LIKE_A_SENTENCE.search(text):
        return True  # a heading or standfirst: no closing punctuation
    numbered = len(paragraph) == 2 and re.fullmatch(r"\(?\d{1,2}[.)]", paragraph[0].strip()) is not None
    if NUMBERED_HEADING and numbered and text == paragraph[1].strip() and not _ENDS_LIKE_A_SENTENCE.search(text):
        return True  # "2. Ceasefire holds in the north": a newsletter's numbered heading
    if SCENE_CAPTION and len(paragraph) == 1 and _SCENE_CAPTION.match(text) and not _REPORTED_SPEECH.search(text):
        return True  # "Foreign Minister Ana Holm speaks to reporters in Talberg."
    lone_question = len(paragraph) == 1 and text.endswith(("?", "？")) and count < 14
    if QUESTION_HEADING and lone_question and not re.search(r"[\"“”]", text):
        return True  # "What are the details of the accord?"
    capitals = len(_CAPITAL.findall(text))
    if not CAPITALS.on or capitals < 4:
        return False
    return capitals > 1.5 * len(_LOWER.findall(text))  # over 60% of the letters
