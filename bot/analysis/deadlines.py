"""Deadlines as an article words them ("next week", "by Oct. 31", "immediately"), and the date each one means.

A pledge's deadline is kept in the article's own words, because that is what a reader can check; where the
words allow it, it is also resolved to a date counted from the publication date, so that the bot can tell
when a pledge falls due. A period resolves to its last day ("next week" is the Sunday that ends it, "in
April" the 30th), since a promise made "for April" is kept if it is kept by then.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from bot.analysis.lexicon import WordList
from bot.analysis.rules import rule
from bot.analysis.sentences import strip_dateline

_MONTH_SPELLINGS = [
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
]
MONTH_NAMES = [names[0] for names in _MONTH_SPELLINGS]  # "january" ... "december", in their order
_MONTHS = {name: number for number, names in enumerate(_MONTH_SPELLINGS, start=1) for name in names}
_WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60,
    "ninety": 90, "a": 1, "an": 1,
}

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety|a|an)"
_UNIT = r"(?:hours?|days?|weeks?|months?|years?|decades?)"
_EVENT = r"(?:summit|meeting|elections?|conference|vote|talks|session|deadline|visit|referendum|inauguration|ceremony|forum)"
# The rest of a clause, for deadlines that carry one ("once the observers are in place", "within six months of
# the amendments taking effect"): up to ten words, ending before punctuation, a quote mark or a new clause.
_CLAUSE = r"(?:[\w’'%$€£-]+(?:\s+(?!and\s+to\b|and\s+(?:said|says|added)\b|but\b|while\b)[\w’'%$€£-]+){0,9})"
# A clock time ("6 pm", "18:00 GMT", "9 a.m."); the patterns that read it ignore case.
_CLOCK = r"\d{1,2}(?:[.:]\d{2})?\s?(?:a\.m\.|p\.m\.|am|pm|gmt|utc)"
_TIME_OF_DAY = _CLOCK + r"(?: local time)?(?: on " + _DAY + r")?"
_QUARTER = r"(?:the )?(?:first|second|third|fourth|last) (?:quarter|half) of (?:\d{4}|next year|this year|the year)"

_DEADLINE_FORMS = [
    r"immediately|at once|without (?:further )?delay|forthwith|expeditiously|promptly|right away|straight away|"
    r"as soon as (?:possible|practical|practicable|feasible)",
    r"(?:within|in) (?:a few |several |the next few |a matter of )?(?:hours|days|weeks|months)(?! of\b)|"
    r"(?:within|in) a (?:fortnight|week|month|year)",
    rf"as soon as {_CLAUSE}",
    r"soon|shortly|in due course|at the appropriate time|at some point(?: in the future)?",
    r"(?:in|over|during|within) the (?:coming|next) (?:few |several )?(?:hours|days|weeks|months|years)",
    r"(?:by|before|until|till|in|from|starting|beginning) (?:early |mid-?|late )?(?:the )?"
    r"(?:spring|summer|autumn|fall|winter)(?: of \d{4})?",
    r"(?:by|before|until|in) (?:early |mid-?|late )(?:\d{4}|next year|this year)|(?:early|late) next year|by year-end",
    rf"(?:starting|beginning|effective|as of) (?:on |in |from )?(?:{_DAY}|{_MONTH}(?: \d{{1,2}})?|next "
    rf"(?:week|month|year)|\d{{4}})",
    r"(?:by|before|until) (?:the )?end of (?:the |this |next |his |her |its |their )?(?:decade|term|summer|"
    r"winter|spring|autumn|session|(?:first |second |third |fourth )?quarter|talks|ceasefire|mandate)",
    r"before (?:the )?(?:christmas|new year|elections?|holidays|winter|summer)",
    r"(?:later |earlier )?this (?:week|month|year|spring|summer|autumn|fall|winter)",
    r"next (?:week|month|year|spring|summer|autumn|fall|winter)",
    r"tomorrow|tonight|(?:later )?today|this (?:morning|afternoon|evening)|(?:this|next|over the) weekend",
    r"in the near future|until further notice",
    rf"at the end of (?:the |this |next )?(?:week|month|year|{_MONTH})(?: \d{{4}})?",
    rf"(?:in|during|within) {_QUARTER}",
    rf"(?:by|before|until|till|no later than) (?:the )?end of (?:the |this |next )?(?:week|month|year|decade|\d{{4}}|{_MONTH})(?: \d{{4}})?",
    rf"within (?:a few |several )?(?:hours|days|weeks|months) of {_CLAUSE}",
    rf"(?:within|in|for|over) (?:the next |the coming |another |a further |up to |at least )?{_COUNT}[ -]{_UNIT}(?: of {_CLAUSE})?",
    rf"(?:by|before|until|till|no later than|from) {_QUARTER}",
    rf"(?:(?:by|before|until|till|on|from|no later than) )?(?:\d{{1,2}} {_MONTH}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?)(?:,? \d{{4}})?",
    rf"(?:by|before|until|till|in|from|no later than) (?:early |mid-|late )?{_MONTH}(?: \d{{4}})?",
    r"(?:by|before|until|in|from|no later than) \d{4}",
    rf"(?:(?:by|on|before|until|from|no later than|this|next) )?{_DAY}(?: (?:morning|afternoon|evening|night))?",
    rf"from {_TIME_OF_DAY}",
    rf"(?:in time for|before|ahead of|by) the (?:[\w-]+ ){{0,3}}{_EVENT}(?: in {_MONTH})?",
    r"before (?:it|they|he|she) (?:leaves|steps down|leave|step down|expires|ends)",
    # A condition in time or a period the commitment runs: "once the crossings reopen", "until a commission has
    # mapped the basin", "throughout the dispute", "during the summer months".
    rf"(?:once|until|till) (?!again\b|more\b|now\b|then\b|recently\b|the end\b){_CLAUSE}",
    rf"throughout {_CLAUSE}",
    r"during the (?:[\w-]+ ){0,2}(?:months|weeks|season|period|summer|winter|spring|autumn|year|years)",
]
# Occasions a deadline is set by: a holiday, or an event named with its time ("at next week's summit",
# "before Sunday's vote"); and open periods ahead ("in the weeks ahead", "within the year", "by midnight").
_POSSESSIVE_TIME = rf"(?:(?:this|next) (?:week|month|year)|{_DAY}|{_MONTH})['’]s?"
_OCCASION_FORMS = [
    r"(?:by|before|ahead of|in time for|until|till|over) (?:christmas|easter|ramadan|eid|thanksgiving|diwali|nowruz|"
    r"the lunar new year|the new year|new year['’]s(?: day| eve)?|"
    r"the (?:christmas|easter|new year|holiday|summer|winter) (?:holidays?|break|recess))",
    rf"(?:(?:by|before|ahead of|in time for|at|during|until) )?{_POSSESSIVE_TIME} (?:[\w-]+ ){{0,3}}?{_EVENT}",
    rf"(?:at|during) (?:the|its|their|his|her) (?:next|upcoming|coming|forthcoming) (?:[\w-]+ ){{0,3}}?{_EVENT}",
    r"in the new year",
]
_PERIOD_AHEAD_FORMS = [
    r"(?:in|over|during|within) the (?:days|weeks|months|years) (?:ahead|to come)",
    r"(?:within|in|over|during) the (?:next |coming )?decade|within a decade",
    r"within the (?:week|month|year)|(?:by|before|until) (?:the )?year['’]s end|by the (?:end of the )?weekend",
    r"(?:in|over|within) coming (?:days|weeks|months|years)|later in the (?:week|month|year)",
    rf"by (?:midnight|noon|nightfall|dawn|daybreak)(?: (?:on )?{_DAY}| tonight| tomorrow| today)?",
]
# Ways of saying "soon" and "from now on" that diplomatic copy uses ("at an early date", "henceforth").
_SOON_FORMS = [
    r"at an early date|in due time|in good time|as early as possible|at the earliest(?: possible)?(?: (?:date|opportunity|convenience))?|in a timely (?:manner|fashion)|"
    r"without (?:any )?(?:further )?delay|from now on|henceforth|for the foreseeable future|in (?:the )?future|in the (?:short|medium|long) term|"
    r"in the coming period|in the not(?:-| )too(?:-| )distant future|before long|for the time being|"
    r"at a later (?:date|stage|time)",
]
# A span given as a range ("within two to three weeks", "in 24 to 48 hours") or named by its length ("a 90-day
# truce", "the 30-day window").
_SPAN = r"(?:hours?|days?|weeks?|months?|years?)"
_RANGE_FORMS = [
    rf"(?:within|in|over|for) (?:the next |the coming |another )?{_COUNT}(?: to | or |-){_COUNT}[ -]{_SPAN}",
    rf"(?:during|throughout|for|over) the (?:first |next |last |coming )?{_COUNT}[ -]{_SPAN}",
    rf"(?:an?|the|its|their) (?:\d+|{_COUNT})-(?:hour|day|week|month|year)(?: and (?:\d+|{_COUNT})-(?:hour|day|week|month|year))? "
    r"(?:[\w-]+ ){0,2}?(?:periods?|deadlines?|window|truce|ceasefire|pause|moratorium|extension|timeline|timetable|"
    r"freeze|suspension|reprieve)",
]
# Parts of a period: "at the start of next year", "by the middle of 2026", "by mid-year".
_PART_FORMS = [
    rf"(?:by|before|at|in|from) the (?:start|beginning|middle) of (?:the |this |next |the next )?(?:week|month|year|decade|{_MONTH}|\d{{4}})"
    rf"(?: \d{{4}})?",
    r"(?:by|before|at|in|from) the (?:start|beginning|middle) of (?:the |this |next )(?:new |next |coming )?(?:school|"
    r"academic|fiscal|financial|new|parliamentary|legislative) (?:year|term|session)",
    r"(?:by|before|in) mid-?year|(?:by|before|in) the middle of the year",
    r"(?:by|before|at|from) the (?:start|beginning|onset) of the (?:[\w-]+ ){0,2}?(?:season|term|session|harvest|talks|"
    r"holidays|transition|campaign)",
    rf"(?:by|before|until|till|from|in|at) (?:end|mid)-(?:{_MONTH}|\d{{4}})",
]
# How long a commitment holds, named by a condition: "for as long as there are pupils", "pending a final
# settlement", "while the talks continue", "while the inquiry is sitting" (not "while the minister said").
_CONDITION_FORMS = [
    rf"for as long as {_CLAUSE}",
    r"for the (?:rest|remainder|balance) of (?:the |this |its |their |his |her )(?:[\w-]+ ){0,2}?(?:year|month|week|"
    r"season|term|mandate|decade|winter|summer|spring|autumn|talks|truce|ceasefire|war|crisis|session|conflict)",
    rf"pending (?:the|a|an|its|their|further|final) {_CLAUSE}",
    r"while (?:the |a |an |its |their |his |her )?(?:(?!(?:said|says|would|will|was|were|has|had|is|are)\b)[\w’'-]+ ){0,5}?"
    r"(?:continues?|last|lasts|goes on|go on|(?:remains?|is|are) (?:in force|in place|in session|under way|in progress|"
    r"open|sitting|meeting|moving|running|continuing|negotiating|talking|working|under way|going on))\b",
]
# From when a commitment runs: "starting with the spring term", "beginning from the next academic year"; and an
# occasion ahead named by what happens then: "before the last soldier leaves", "before the rainy season".
_START_FORMS = [
    r"(?:starting|beginning) (?:with|from) (?:the )?(?:next |this |coming |new )?(?:[\w-]+ ){0,2}?"
    r"(?:term|semester|year|season|month|week|quarter|session|cycle)",
]
_EVENT_AHEAD_FORMS = [
    r"(?:in time for|before|ahead of|by) (?:the|a|an) (?:[\w-]+ ){0,3}(?:review|season|harvest|handover|census|holidays?|"
    r"monsoon|festival)\b"
    r"(?: of (?:the|its|their) [\w-]+)?",
    r"before (?:the|its|their|his|her|our) (?:[\w-]+ ){0,4}?(?:leaves|arrives|ends|expires|begins|starts|opens|"
    r"closes|returns|takes office|takes effect|comes into force|sits|convenes|meets|resumes|reconvenes)",
    # a plural subject's verb: "before the talks resume", "before the leaders meet again"
    r"before (?:the|its|their|his|her|our) (?:[\w-]+ ){0,3}?(?:talks|negotiations|leaders|ministers|sides|parties|"
    r"courts|schools|troops|rains) (?:resume|reconvene|begin|start|end|open|close|meet|return|leave|arrive)",
    r"before (?:the )?(?:winter|summer|spring|autumn|rains|rainy season|monsoon|cold) (?:sets in|arrives|comes|begins|starts)",
]
HEAD_NOUN_KEPT = rule(
    "deadlines.time-phrase-keeps-its-head-noun",
    "\"through the harvest season\", \"for the rest of the winter months\": the noun a season or an event names "
    "stays in the time (not \"through the harvest\" with \"season\" left in the commitment), and \"before the season "
    "opens\" keeps its verb (not \"before the season\" with \"opens\" left)",
)
# The head noun after a season or an event used as a modifier: "the harvest season", "the winter months"; read as
# forms of their own, so the longer reading wins where both start at the same word.
_HEAD_TAIL = r" (?:season|period|months|recess|break)"
_HEAD_NOUN_FORMS = [
    r"through (?:the |this |next )(?:[\w-]+ ){0,2}?(?:winter|summer|spring|autumn|fall|harvest|holidays?|sowing|"
    r"planting|heating|rainy|dry|fishing|grazing|tourist|school)" + _HEAD_TAIL,
    r"(?:by|before|at|from) the (?:start|beginning|onset|end) of the (?:[\w-]+ ){0,2}?(?:harvest|holidays?|sowing|"
    r"planting|heating|rainy|dry|fishing|grazing|winter|summer|spring|autumn)" + _HEAD_TAIL,
    r"for the (?:rest|remainder|balance) of (?:the |this |its |their |his |her )(?:[\w-]+ ){0,2}?(?:winter|summer|"
    r"spring|autumn|harvest|holidays?|sowing|planting|heating|rainy|dry|fishing|grazing)" + _HEAD_TAIL,
    # "before the season opens (in October)": the clause, where the noun form alone would stop short, with its date
    *(form + r"(?: (?:on|in) (?-i:[A-Z][a-z]+)(?: \d{1,2}(?:st|nd|rd|th)?)?(?![\w’'-]))?" for form in _EVENT_AHEAD_FORMS[1:]),
]
# A day of the month given by its ordinal ("by the 15th", "before the fifteenth", "by the first of May").
_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth"
).split()
_ORDINAL_DAY = (
    r"(?:(?:[12]?\d|3[01])(?:st|nd|rd|th)|(?:twenty|thirty)-first|twenty-(?:second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth)|" + "|".join(_ORDINAL_WORDS) + r")"
)
_DAY_OF_MONTH_FORMS = [
    rf"(?:by|before|until|till|on|from|no later than) the {_ORDINAL_DAY}"
    rf"(?: of (?:{_MONTH}(?:,? \d{{4}})?|(?:this|next|the) month))?"
    # not an ordinal that counts something ("by the fifteenth round", "before the 20th anniversary of ...")
    r"(?! of\b| (?!(?:and|or|at|in|to|when|if|as|so|but|with|after|before|under|for|from|on)\b)[a-z])",
]
# The end of any named period or event, and a period a commitment runs through: "until the end of the heating
# season", "by the end of his visit", "through the winter", "through 2027".
_NAMED = (
    r"(?!(?:and|or|to|in|on|at|with|for|of|from|by|but|that|which|who|as|said|says|while|when|whenever|if|unless|"
    r"once|because|although|though|whereas|where|so|the|a|an)\b)[a-z][\w’'-]*"
)
_END_OF_FORMS = [
    rf"(?:by|before|until|till|through|no later than) (?:the )?end of (?:the |this |next |his |her |its |their |our )"
    rf"(?:{_NAMED} ){{0,2}}{_NAMED}",
    # a period named without its article, as copy in a second language writes it: "till the end of sowing season"
    rf"(?:by|before|until|till|no later than) (?:the )?end of (?:{_NAMED} )?(?:season|term|session|harvest|campaign)\b",
    rf"through (?:\d{{4}}|{_MONTH}(?: \d{{4}})?|(?:the |this |next )(?:[\w-]+ ){{0,2}}?(?:winter|summer|spring|autumn|"
    r"fall|year|season|harvest|holidays|month|week|decade|elections?|talks|negotiations|transition|war))",
]
# Periods counted with any number word or with "more" ("within fourteen days", "in forty-eight hours", "for six
# more months", "by another 30 days", "within the next fortnight", "in a week or two").
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_ANY_COUNT = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety|a|an|"
    rf"thirteen|fourteen|sixteen|seventeen|eighteen|nineteen|forty|fifty|seventy|eighty|"
    rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-{_UNIT_WORD}|a couple of|a hundred)"
)
_COUNTED_FORMS = [
    r"(?:within|in) an? (?:day|week|month|year) or two",
    rf"(?:within|in|for|over) (?:the next |the coming |another |a further |up to |at least )?{_ANY_COUNT}[ -]"
    rf"(?:working |business |calendar )?{_UNIT}(?:['’]s? time| of {_CLAUSE})?",
    rf"(?:within|in|for|over|by) (?:another |a further |an additional )?{_ANY_COUNT} (?:more|further|additional|extra) "
    rf"{_UNIT}",
    rf"(?:by|for) (?:another|a further|an additional) {_ANY_COUNT}[ -]{_UNIT}",
    r"(?:within|in|over|during) (?:the (?:next|coming) |a )fortnight|in a fortnight['’]s time",
]
# An event the commitment waits for, written after it as a clause: "when the security situation allows", "after
# the elections", "by the time the monitors arrive", "before parliament breaks for the summer", "upon ratification
# of the accord". The clause stops at a new clause ("and", "but", "which", "said"), so that it is the event alone.
# A condition ("if approached") is not read: it says whether, not when.
_STOP = r"(?:and|or|but|while|which|who|whose|said|says|added|because|although|though|whereas|so|than|when|if|after)"
_WAIT_CLAUSE = rf"(?:[\w’'%$€£-]+(?:\s+(?!{_STOP}\b)[\w’'%$€£-]+){{0,7}})"
RATE_CLOSES_THE_CLAUSE = rule(
    "deadlines.rate-closes-the-clause",
    "\"whenever wind speeds over the gulf exceed 120 kilometres an hour\": a rate (\"an hour\", \"a day\", \"per "
    "cent\") after the clause's last word is still the clause's, not left in the commitment (\"issue a warning an "
    "hour\")",
)
_RATE = r"\s+(?:an? (?:hour|day|week|month|year|second|minute)|per ?cent)"
_WAIT_FORMS = [
    rf"(?:when|whenever|after|by the time|as long as|so long as) (?!(?:it|that) comes\b|asked\b|questioned\b|to\b|"
    rf"[a-z]+ing\b|(?:he|she|they|it|we|i) (?:was|were|had|did|met|spoke|said)\b){_WAIT_CLAUSE}",
    r"(?:following|upon|on|after) (?:the |its |their |a )?(?:ratification|approval|signature|signing|delivery|completion|"
    rf"adoption|receipt|entry into force|conclusion|publication|verification|confirmation)(?: of (?:the |a |an |its |their )?"
    rf"[\w’'-]+(?:\s+(?!{_STOP}\b)[\w’'-]+){{0,3}})?",
    rf"before (?!(?:the |a |an )?(?:end|start|beginning|middle)\b)(?:the |a |an |its |their |his |her )?[\w’'-]+"
    rf"(?: [\w’'-]+){{0,2}}? (?:is|are|has|have|can|breaks|meets|ends|begins|starts|opens|closes|leaves|returns|"
    rf"arrives|takes|comes|goes|sits|votes|expires)\b(?:\s+(?!{_STOP}\b)[\w’'-]+){{0,5}}",
]
# A time set by another event of the story: "at the same time", "for the duration of the talks", "in the days
# after the summit".
_TIED_FORMS = [
    r"at the same time|simultaneously|in parallel",
    rf"for the (?:duration|length|life) of (?:the |its |their |this )[\w’'-]+(?:\s+(?!{_STOP}\b)[\w’'-]+){{0,3}}",
    r"in the (?:hours|days|weeks|months) (?:after|following|before|leading up to) (?:the |its |their |this |next )"
    rf"[\w’'-]+(?:\s+(?!{_STOP}\b)[\w’'-]+){{0,3}}",
]
# A visit or a meeting ahead a commitment is to be carried out at: "during his visit to Velmora", "at the summit",
# "on the sidelines of the assembly". Read only where the commitment is still to come ("will sign ... during his
# visit"): after "pledged to" it mostly says where the promise was made.
_VISIT_TIME = rf"(?: (?:next|this) (?:week|month)| on {_DAY}| in {_MONTH})?"
_VISIT_FORMS = [
    r"(?i:during|on|at the end of) (?i:the |his |her |their |its |a |an |next week['’]s |this week['’]s )"
    r"(?:[\w’'-]+ ){0,2}?(?i:visit|trip|tour|stay|stopover)(?: (?:to|in) (?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*)*)?"
    + _VISIT_TIME,
    r"(?i:on the sidelines of) (?i:the |a |an |next week['’]s |this week['’]s )(?:[\w’'-]+ ){0,3}?(?i:summit|meeting|"
    r"assembly|conference|forum|talks|session|gathering)(?: (?:in|of) (?:[A-Z][\w’'-]*)(?: [A-Z][\w’'-]*)*)?"
    + _VISIT_TIME,
    # "on his return from Velmora", "upon her return to the capital": the end of a trip ahead
    r"(?i:on|upon|after) (?i:his|her|their|its|the minister['’]s|the president['’]s) (?i:return) (?i:from|to) "
    r"(?:(?i:the) [a-z]+|[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*)" + _VISIT_TIME,
]
# Dates given as a span or with their weekday: "between March 1 and March 15", "from 1 to 15 December", "on 7-8
# December", "on December 7 and 8", "on Tuesday, November 10". Read whole, so that the commitment keeps none of it;
# a span falls due on its last day.
_DATE = rf"(?:\d{{1,2}} {_MONTH}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?)"
_SPAN_DATE_FORMS = [
    rf"(?:between|from) {_DATE} (?:and|to|until|till|through) {_DATE}(?:,? \d{{4}})?",
    rf"(?:(?:from|between|on|by|until) )?\d{{1,2}}(?:st|nd|rd|th)?(?: to | and | or |-|–)\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}"
    rf"(?:,? \d{{4}})?",
    rf"(?:(?:from|between|on|by|until) )?{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?: to | and | or |-|–)\d{{1,2}}(?:st|nd|rd|th)?"
    rf"(?![\w-]| {_MONTH})(?:,? \d{{4}})?",
    rf"(?:(?:on|by|before|until|from|no later than) )?{_DAY},? {_DATE}(?:,? \d{{4}})?",
]
# Parts of a period counted from now or of a named month: "by early next week", "late next month", "in the first
# week of December", "during the second half of March", and "from midnight".
_PART_AHEAD_FORMS = [
    r"(?:(?:by|before|until|in|from) )?(?:early|late|mid-)(?: |-)?(?:next|this) (?:week|month|year)",
    rf"(?:in|during|by|before|from|within|over) the (?:first|second|third|fourth|last|final) (?:week|fortnight|half|"
    rf"ten days) of (?:{_MONTH}(?: \d{{4}})?|(?:this|next) month)",
    rf"from (?:midnight|noon|dawn)(?: (?:on )?{_DAY}| tonight| tomorrow)?",
]
# A time given loosely or with a hedge on either side: "towards the end of the year", "around the middle of next
# month", "as early as next week", "no sooner than March", "on or before March 31", "later in the autumn", "this
# coming Tuesday", "on Tuesday next week", "in the spring of next year", "in spring 2027", "by the year-end".
_LOOSE = r"(?:towards?|around|near|close to|at|by|before|in|until)"
_APPROXIMATE_FORMS = [
    rf"{_LOOSE} the (?:end|start|beginning|middle) of (?:the |this |next )?(?:week|month|year|decade|{_MONTH}|\d{{4}})"
    rf"(?: \d{{4}})?",
    rf"(?:as early as|as soon as|no sooner than|no earlier than|not before|not until|on or (?:before|after)) "
    rf"(?:next (?:week|month|year)|this (?:week|month|year)|{_DAY}|{_MONTH}(?: \d{{1,2}}(?:st|nd|rd|th)?)?(?:,? \d{{4}})?|"
    rf"\d{{1,2}} {_MONTH}(?:,? \d{{4}})?|\d{{4}})",
    r"later in the (?:spring|summer|autumn|fall|winter)|later this (?:spring|summer|autumn|fall|winter)",
    rf"(?:on )?(?:this coming |this )?{_DAY} (?:next|this) week|this coming {_DAY}",
    r"(?:in|by|before|during|until) (?:the )?(?:spring|summer|autumn|fall|winter)(?: of)? (?:\d{4}|next year|this year)",
    r"(?:by|before|at) the year-end",
    rf"(?:sometime|some time) (?:(?:later )?(?:next|this) (?:week|month|year)|in {_MONTH}(?: \d{{4}})?|in \d{{4}})",
]
# Times a political calendar sets: a quarter, a fiscal year, a new government's first days, the run-up to a vote.
_CALENDAR_FORMS = [
    r"(?:in|by|during|before|for) (?:the )?(?:first|second|third|fourth|final|last) quarter(?! of)",
    r"(?:in|by|during|before) q[1-4](?: of)? \d{4}",
    r"(?:in|by|during|for) (?:the )?fiscal(?: year)? \d{4}(?:[-/]\d{2,4})?",
    rf"(?:within|in|during) (?:the |his |her |its |their )?first {_COUNT}[ -](?:days|weeks|months)(?: (?:of|in) "
    r"(?:his|her|its|their|the|a) (?:[\w-]+ ){0,2}?(?:term|presidency|government|mandate|office|administration))?",
    r"on (?:his|her|their|its|the) first (?:full )?day (?:in office|in power|of (?:his|her|their|its|the) (?:term|presidency|mandate))",
    r"(?:in the (?:run|lead)-up to|prior to) (?:the |a |an |its |their |next |this )?[\w’'-]+"
    r"(?:\s+(?!(?:and|or|but|while|which|who|said|says|added)\b)[\w’'-]+){0,4}",
]


def _phrases(forms: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One pattern for a family's forms: each starts at a word boundary and ends before a word character."""
    return re.compile(r"\b(?:" + "|".join(forms) + r")(?![\w])", flags)


# A relative clause tells about something else ("Varno, which it captured in June,"): no deadline in it.
_RELATIVE_CLAUSE = re.compile(r",\s(?:which|who|whom|whose|where)\b[^,;:]*")
DEADLINE = _phrases(_DEADLINE_FORMS)
OWN_ASIDE = rule(
    "deadlines.the-commitments-own-relative-clause",
    "\"the Norland Bank, which will lend $3bn by 2029, ...\": a commitment made inside a relative clause takes its "
    "time from that clause, which is an aside only to the rest of the sentence",
)
OWNED_TIME = rule(
    "deadlines.time-that-owns-a-noun",
    "a time written as the owner of a noun (\"next year's budget\", \"Monday's plan\") names that thing, not a "
    "deadline; an event so named (\"next week's summit\") is an occasion",
)
_OWNS = re.compile(r"['’]s?\s(?!time\b)", re.IGNORECASE)
OCCASION = rule(
    "deadlines.occasion",
    "a holiday or an event named with its time (\"by Christmas\", \"at next week's summit\") is a deadline",
)
PERIOD_AHEAD = rule(
    "deadlines.period-ahead",
    "an open period ahead (\"in the weeks ahead\", \"within the year\", \"over the next decade\", \"by midnight\") is a "
    "deadline",
)
SOON = rule(
    "deadlines.soon-and-from-now-on",
    "diplomatic ways of saying soon or from now on (\"at an early date\", \"in a timely manner\", \"henceforth\") "
    "are deadlines",
)
RANGES = rule(
    "deadlines.ranges-and-spans",
    "a span given as a range (\"within two to three weeks\") or named by its length (\"a 90-day truce\") is a deadline",
)
CONDITION = rule(
    "deadlines.while-a-condition-lasts",
    "a condition the commitment lasts for (\"for as long as ...\", \"pending a settlement\", \"while the talks continue\") "
    "is its deadline",
)
START = rule(
    "deadlines.starting-with",
    "the period a commitment starts with (\"starting with the spring term\") is its deadline",
)
EVENT_AHEAD = rule(
    "deadlines.before-an-event",
    "an event ahead named by what happens (\"before the last soldier leaves\", \"before a review of the accord\", "
    "\"before the rainy season\") is a deadline",
)
PARTS = rule(
    "deadlines.part-of-a-period",
    "the start or the middle of a period (\"at the start of next year\", \"by mid-year\") is a deadline",
)
DAY_OF_MONTH = rule(
    "deadlines.day-of-the-month",
    "a day of the month given by its ordinal (\"by the 15th\", \"before the fifteenth\", \"by the first of May\") is a "
    "deadline",
)
END_OF = rule(
    "deadlines.end-of-a-named-period",
    "the end of any named period or event (\"until the end of the heating season\", \"by the end of his visit\") and a "
    "period run through (\"through the winter\", \"through 2027\") are deadlines",
)
WAITS_FOR = rule(
    "deadlines.waits-for-an-event",
    "an event the commitment waits for, written after it (\"when the security situation allows\", \"after the "
    "elections\", \"by the time the monitors arrive\", \"upon ratification\") is its deadline (one in the past, "
    "\"after the talks collapsed\", is refused by deadlines.past-clause)",
)
TIED_TIME = rule(
    "deadlines.tied-to-another-event",
    "a time set by another event of the story (\"at the same time\", \"for the duration of the talks\", \"in the "
    "days after the summit\") is a deadline",
)
DATE_SPANS = rule(
    "deadlines.date-spans-and-weekday-dates",
    "a span of dates (\"between March 1 and March 15\", \"from 1 to 15 December\") falls due on its last day, and a "
    "weekday with its date (\"on Tuesday, November 10\") is one deadline",
)
PARTS_AHEAD = rule(
    "deadlines.part-of-a-period-ahead",
    "a part of a period counted from now or of a month (\"by early next week\", \"in the first week of December\", "
    "\"from midnight\") is a deadline",
)
MIDDLE_OF_A_YEAR = rule(
    "deadlines.middle-of-a-year",
    "\"by the middle of next year\", \"by the middle of 2028\" fall due on 30 June of that year, as \"by mid-2028\" "
    "does (the year's end, 31 December, was half a year late)",
)
APPROXIMATE = rule(
    "deadlines.approximate-or-hedged-time",
    "a time given loosely or hedged (\"towards the end of the year\", \"as early as next week\", \"no sooner than "
    "March\", \"on or before March 31\", \"on Tuesday next week\", \"in the spring of next year\") is read whole",
)
CALENDAR = rule(
    "deadlines.political-calendar",
    "a time a political calendar sets (\"in the fourth quarter\", \"in Q1 2027\", \"within the first 100 days of "
    "his term\", \"on her first day in office\", \"in the run-up to the vote\", \"prior to the elections\") is a "
    "deadline",
)
VISIT_AHEAD = rule(
    "deadlines.visit-ahead",
    "a visit or a meeting ahead at which a commitment still to come is carried out (\"will sign the accord during "
    "his visit to Velmora\", \"on the sidelines of the summit\") is its deadline; after \"pledged to\" it is where "
    "the promise was made",
)
INNER_TIME = rule(
    "deadlines.time-at-the-end-of-a-phrase",
    "a deadline phrase that ends with a time (\"during his trip to Velmora next week\", \"when the leaders meet "
    "next month\") falls due at that time",
)
BASE_YEAR = rule(
    "deadlines.base-year-is-no-deadline",
    "a year things are measured from (\"40 percent from 2005 levels\") is no deadline",
)
SAME_DAY = rule(
    "deadlines.weekday-of-publication-is-that-day",
    "\"will free them on Tuesday\" in a story published on a Tuesday falls due that day, not a week later: copy "
    "names the days of the coming week and says \"next Tuesday\" for the one a week on",
)
AT_A_TIME = rule(
    "deadlines.at-a-time-of-day",
    "an hour the act is set for (\"at midnight\", \"at noon on Sunday\", \"at 18:00 GMT on Tuesday\") is its deadline",
)
_AT_TIME_FORMS = [
    rf"at (?:midnight|noon|dawn)(?: (?:local time|gmt|utc))?(?: (?:on )?{_DAY}| tonight| tomorrow| today)?",
    rf"at (?:{_CLOCK}|\d{{1,2}}(?:[.:]\d{{2}})?\s?(?:hrs|hours))(?: local time)?(?: (?:on )?{_DAY}| tonight| tomorrow|"
    r" today)?",
]
HOUR_ON_A_DATE = rule(
    "deadlines.hour-on-a-date",
    "\"at midnight on March 19\", \"by noon on 2 May\", \"at 18:00 GMT on 1 June\": an hour set on a date keeps its "
    "date and falls due that day; it was cut to \"at midnight\", due the day the story was written",
)
_HOUR_ON_A_DATE_FORMS = [
    rf"(?:at|by|from) (?:midnight|noon|dawn|{_CLOCK})(?: (?:local time|gmt|utc))? on "
    rf"(?:\d{{1,2}} {_MONTH}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?)(?:,? \d{{4}})?"
]
QUARTER_OF_A_YEAR = rule(
    "deadlines.end-of-a-quarter-of-a-year",
    "\"no later than the end of the first quarter of 2027\", \"by the end of the third quarter of 2028\", \"in the "
    "fourth quarter of the current year\": the quarter or half keeps its year (it was cut off, and fell due a year "
    "early or late)",
)
_QUARTER_YEAR = r"(?:\d{4}|next year|this year|the year|the current year)"
_QUARTER_OF_A_YEAR_FORMS = [
    r"(?:by|before|until|till|no later than) (?:the )?end of (?:the )?(?:first|second|third|fourth|last) "
    r"(?:quarter|half) of " + _QUARTER_YEAR,
    r"(?:in|during|within|by|before|until|no later than) (?:the )?(?:first|second|third|fourth|last) (?:quarter|half) "
    r"of the current year",
]
NEXT_MONTH_NAMED = rule(
    "deadlines.next-named-month",
    "\"will play the match next March\", \"by next June\": a month named after \"next\" is the coming one (a year on when "
    "it is the story's own month)",
)
_NEXT_MONTH_FORMS = [rf"(?:(?:by|before|until|in) )?next {_MONTH}(?! \d)"]
SPREAD_OVER = rule(
    "deadlines.spread-over-a-period",
    "\"60 million in aid over three years\": a period with no start (not \"over the next three years\") says how long, "
    "not by when; its words stay, with no due date",
)
_SPREAD = re.compile(
    r"over (?:a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|\d+|several|many)"
    r"(?: more)? (?:years?|months?|weeks?|days?|decades?)"
)
FOR_A_PERIOD = rule(
    "deadlines.for-a-period",
    "\"suspend trawling for six months\", \"run the line for 30 years\": \"for\" a counted period says how long the act "
    "lasts, not by when it is done; its words stay, with no due date (an extension, \"for six more months\", \"for "
    "another two years\", still falls due when it runs out)",
)
_FOR_PERIOD = re.compile(
    r"for (?:the next |the coming |up to |at least |about |around |nearly |almost )?(?!another\b)[\w-]+[ -]"
    r"(?:hours?|days?|weeks?|months?|years?|decades?)"
)
CLAUSE_LASTS = rule(
    "deadlines.condition-that-lasts",
    "\"as soon as the ceasefire holds for a week\": a clause ending in a length of time is a condition that must "
    "last that long, from no date the story gives; its words stay, with no due date",
)
_LASTS = re.compile(r"\s(?:" + _FOR_PERIOD.pattern + ")$")  # the clause ends on "for" a counted period
COUNTED = rule(
    "deadlines.counted-in-words",
    "a period counted with any number or with \"more\" (\"within fourteen days\", \"for six more months\", \"within "
    "the next fortnight\", \"in a week or two\") is a deadline",
)
START_YEAR = rule(
    "deadlines.start-keeps-its-year",
    "\"starting in January 2029\", \"effective March 1, 2030\": the year written after the month a commitment starts "
    "in is part of it (without it the month fell due in the wrong year)",
)
_START_YEAR_FORMS = [rf"(?:starting|beginning|effective|as of) (?:on |in |from )?{_MONTH}(?: \d{{1,2}})?,? \d{{4}}"]
DAY_NEXT_YEAR = rule(
    "deadlines.day-and-month-next-year",
    "\"on the first of May next year\", \"by June 30 next year\": a day and month followed by \"next year\" fall due "
    "on that day of next year (the day alone was refused and \"next year\" read as the whole year)",
)
_DAY_NEXT_YEAR_FORMS = [
    rf"(?:by|before|until|till|on or before|on|from|no later than) (?:the {_ORDINAL_DAY} of {_MONTH}|{_MONTH} \d{{1,2}}"
    rf"(?:st|nd|rd|th)?|\d{{1,2}} {_MONTH}) next year"
]
BEFORE_A_MONTH = rule(
    "deadlines.before-a-month",
    "\"before July\", \"before December 2027\": a deadline before a month falls due when the month before it ends "
    "(30 June), not at the end of the month named (\"by July\", \"in July\" still run to its last day)",
)
NO_LATER_THAN_A_MONTH = rule(
    "deadlines.no-later-than-a-month",
    "\"no later than November\" runs to the month's last day, as \"by November\" does (not to the publication's "
    "day of that month)",
)
YEAR_END = rule(
    "deadlines.by-year-end",
    "\"by year-end\", \"before year-end\" (no article) falls due on 31 December of the publication's year, as "
    "\"by the year-end\" does",
)
SEASON_OF_AN_EVENT = rule(
    "deadlines.season-names-an-event",
    "\"before the autumn summit\", \"ahead of the spring session\", \"before the spring thaw\": a season before an "
    "event's noun (a meeting, a recess, the thaw or the floods, the harvest) names the event, "
    "whose date the copy does not give; the deadline is the event, not the season's start",
)
_SEASON_EVENT_FORMS = [
    r"(?:before|ahead of|by|in time for) the (?:spring|summer|autumn|fall|winter) (?:summit|session|meeting|talks|"
    r"conference|elections?|sitting|round|plenary|congress|assembly|recess|break|holidays?|term|thaw|floods?|rains|"
    r"storms|melt|frosts?|harvest|sowing|planting|offensive)\b(?: in (?-i:[A-Z])[\w-]+)?"
]
PART_OF_TOMORROW = rule(
    "deadlines.part-of-tomorrow",
    "\"will publish the rules tomorrow morning\", \"tomorrow evening\": the part of the day goes with \"tomorrow\" "
    "(falling due the next day), not left in the commitment as \"in full morning\"",
)
_PART_OF_TOMORROW_FORMS = [r"tomorrow (?:morning|afternoon|evening|night)"]
SPLIT_YEAR = rule(
    "deadlines.split-year-of-a-calendar",
    "\"by the start of the 2028-29 school year\", \"in the 2027/28 fiscal year\": a school, fiscal or farming year "
    "written as two years is read whole (it stopped at the first year and left \"-29 school year\" in the "
    "commitment); no due date, since when such a year starts is the country's own calendar",
)
_SPLIT_YEAR = r"\d{4}[-/–]\d{2}(?:\d{2})?"
_CALENDAR_NOUN = (
    r"(?:school|academic|fiscal|financial|budget|tax|marketing|crop|farming|fishing|parliamentary|legislative)"
)
_SPLIT_YEAR_FORMS = [
    rf"(?:by|before|at|in|from|until|till|no later than) the (?:start|beginning|middle|end|close) of the {_SPLIT_YEAR} "
    rf"(?:{_CALENDAR_NOUN} )?(?:year|season|term|session)",
    rf"(?:in|during|for|by|within|over|throughout|before) the {_SPLIT_YEAR} (?:{_CALENDAR_NOUN} )?(?:year|season|term|"
    r"session|budget)",
    # "beginning with the 2027/28 academic year": where the commitment starts
    rf"(?:beginning|starting) (?:with|from|in) the {_SPLIT_YEAR} (?:{_CALENDAR_NOUN} )?(?:year|season|term|session)",
]
_SPLIT_YEAR_IN = re.compile(r"\b" + _SPLIT_YEAR + r"\b")
NEXT_CALENDAR_YEAR = rule(
    "deadlines.school-or-fiscal-year-named-by-its-place",
    "\"in the next fiscal year\", \"during the coming school year\", \"by the current financial year\": a school or "
    "fiscal year named by where it stands is the deadline (it was not read); no due date, since when such a year "
    "starts is the country's own calendar (not \"next year\", which it is not)",
)
_NEXT_CALENDAR_YEAR_FORMS = [
    rf"(?:in|during|for|by|within|over|throughout|before|until|from) "
    rf"(?:the |this )?(?:next|coming|current|new|following|upcoming) {_CALENDAR_NOUN} year",
]
_NEXT_CALENDAR_YEAR = re.compile(_NEXT_CALENDAR_YEAR_FORMS[0])
SCHOOL_TERM = rule(
    "deadlines.school-term-by-its-season",
    "\"from the autumn term\", \"by the spring semester\", \"in the next school term\": a school's term is the deadline "
    "whole (\"from the autumn\" was read and \"term\" left in the commitment); no due date, since when a term starts "
    "is the country's own calendar",
)
_SCHOOL_TERM_FORMS = [
    r"(?:from|by|in|during|before|until|for) "
    r"the (?:next |coming |new )?(?:(?:autumn|fall|spring|summer|winter|school|academic) )?(?:term|semester)"
    r"(?<!\bthe term)(?<!next term)(?<!new term)(?<!coming term)",
]
_SCHOOL_TERM = re.compile(_SCHOOL_TERM_FORMS[0])
QUARTER_WITHOUT_YEAR = rule(
    "deadlines.quarter-without-its-year",
    "\"by Q3\", \"in Q2\", \"before Q4\": a quarter written short without its year is the next quarter of that "
    "number (its end), as \"in the third quarter\" is (it was not read)",
)
_QUARTER_WITHOUT_YEAR_FORMS = [r"(?:in|by|during|before|until|till|no later than|for) (?:the )?q[1-4](?! ?(?:of )?\d)"]
NUMERIC_DATE = rule(
    "deadlines.numeric-date",
    "\"by 10/20/2027\", \"on 20.10.2027\", \"before 3/4/27\": a date written in figures is the deadline; it falls "
    "due on that day only where the order is plain (a part over 12 is the day), since \"03/04/2027\" is 3 April "
    "in one country and 4 March in another",
)
_NUMERIC_DATE = r"\d{1,2}([/.])\d{1,2}\1(?:\d{4}|\d{2})"
_NUMERIC_DATE_FORMS = [rf"(?:(?:by|before|until|till|on|from|no later than|on or before) )?{_NUMERIC_DATE}"]
_NUMERIC_DATE_IN = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$")
ISO_DATE = rule(
    "deadlines.iso-date-whole",
    "\"by 2028-06-30\", \"before 2027-11-15\": a date written year-month-day is read whole and falls due that day "
    "(it was cut to \"by 2028\", due the year's last day, six months late, with \"-06-30\" left in the commitment); "
    "a year followed by a month in figures (\"resolution 2028-06\", \"by 2028-02-30\") is no year to fall due by",
)
_ISO_DATE_FORMS = [
    r"(?:by|before|until|till|on|from|no later than|on or before) \d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d-])"
]
_ISO_DATE_IN = re.compile(r"(?:(?:by|before|until|till|on|from|no later than|on or before) )?(\d{4})-(\d{2})-(\d{2})")
_YEAR_THEN_MONTH = re.compile(r"-(?:0[1-9]|1[0-2])(?!\d)")  # "2028-06", "2028-06-30": a year that goes on
NUMERIC_DAY_MONTH = rule(
    "deadlines.numeric-day-and-month",
    "\"by 31/03\", \"by 12/15\": a day and a month in figures without a year are the deadline; they fall due on the "
    "next such day only where the order is plain (a part over 12 is the day), since \"12/03\" is 12 March in one "
    "country and 3 December in another (words kept, no due date); a fraction written short (\"by 1/3\") is no date",
)
_DM_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_DM_MONTH = r"(?:0?[1-9]|1[0-2])"
# At least one part in two figures ("31/03", "12/15", "03/04"): "cut by 1/3", "by 3/4" are fractions; "24/7" is
# all the time and "9/11" an event of the past, never a deadline.
_NUMERIC_DAY_MONTH_FORMS = [
    rf"(?:by|before|until|till|on|no later than|on or before) (?!24/7(?!\d)|9/11(?!\d))(?=\d\d/|\d{{1,2}}/\d\d)"
    rf"(?:{_DM_DAY}/{_DM_MONTH}|{_DM_MONTH}/{_DM_DAY})(?![\d/%]|[.,]\d)"
]
_NUMERIC_DAY_MONTH_IN = re.compile(r"(?:(?:by|before|until|till|on|no later than|on or before) )(\d{1,2})/(\d{1,2})")
END_OF_A_SHORT_QUARTER = rule(
    "deadlines.end-of-a-short-quarter",
    "\"by the end of Q2\", \"before the end of Q4\": the end of a quarter written short, without its year, falls due "
    "on the quarter's last day in the story's year; a quarter already over when the story is written is refused (no "
    "due date: the writer may count a fiscal year, and a wrong day is worse than none); it was not read",
)
_END_OF_A_SHORT_QUARTER_FORMS = [
    r"(?:by|before|until|till|no later than|at) (?:the )?end of (?:the )?q[1-4](?! ?(?:of )?\d)(?![\w-])"
]
_END_OF_A_SHORT_QUARTER = re.compile(_END_OF_A_SHORT_QUARTER_FORMS[0] + "$")
MONTH_SPAN = rule(
    "deadlines.span-between-two-months",
    "\"between May and July\", \"between March and May 2028\": a span of months named by its ends is the deadline "
    "(it was not read, and a later clause, \"the months when farms need water\", stood in); it falls due when "
    "its last month ends",
)
_MONTH_SPAN_FORMS = [rf"between (?:early |mid-?|late )?{_MONTH} and (?:early |mid-?|late )?{_MONTH}(?:,? \d{{4}})?"]
_MONTH_SPAN = re.compile(rf"between .+ and (?:early |mid-?|late )?({_MONTH})(?:,? (\d{{4}}))?$")
EVENT_IN_A_PLACE = rule(
    "deadlines.event-keeps-its-place",
    "\"before the summit in Lindau\", \"ahead of the talks in Ostra\": the place named after an event ahead goes with "
    "the deadline (it was left in the commitment, \"withdraw its units from the valley in Lindau\")",
)
_EVENT_IN_A_PLACE_FORMS = [
    rf"(?:in time for|before|ahead of|by) the (?:[\w-]+ ){{0,3}}{_EVENT} (?:in|at) (?-i:[A-Z])[\w’'-]+"
    r"(?: (?-i:[A-Z])[\w’'-]+)*"
]
EVENT_IN_A_PLACE_AND_MONTH = rule(
    "deadlines.next-event-in-a-place-and-a-month",
    "\"at the next summit in Pelorn in May\", \"before the conference in Halden in June\": an event ahead with its "
    "place and then its month is the deadline whole, due at that month's end (it was cut to \"at the next summit\", "
    "the place and month left in the commitment, and there was no due date); \"at\" only with \"next\", \"coming\" or "
    "\"upcoming\", since \"pledged at the summit in Lisbon in June\" is where a promise was made",
)
_EVENT_IN_A_PLACE_AND_MONTH_FORMS = [
    rf"(?:(?:in time for|before|ahead of|by|until) the (?:[\w-]+ ){{0,3}}|at the (?:next|coming|upcoming) "
    rf"(?:[\w-]+ ){{0,2}}){_EVENT} (?:in|at) (?-i:[A-Z])[\w’'-]+(?: (?-i:[A-Z])[\w’'-]+)* in {_MONTH}(?![\w-])(?: \d{{4}})?"
]
COUNTED_FROM_NOW = rule(
    "deadlines.counted-from-now",
    "\"a year from now\", \"six months from now\": a period counted from the day of the story is the deadline, due "
    "that many units after publication (it was not read, and a later condition stood in for it)",
)
_COUNTED_FROM_NOW_FORMS = [rf"{_ANY_COUNT} {_UNIT} from now"]
EVENT_ON_ITS_DATE = rule(
    "deadlines.event-keeps-its-date",
    "\"before the summit on 12 May\", \"ahead of the presidential election on May 24\", \"before the national holiday "
    "on 21 June\": the date written after an event ahead goes with the deadline and gives its due date (it was left in "
    "the commitment, \"sign the agreement on 12 May\", and the event alone had no due date)",
)
_EVENT_ON_ITS_DATE_FORMS = [
    rf"(?:in time for|before|ahead of|by) the (?:[\w-]+ ){{0,3}}(?:{_EVENT}|holidays?|festival|feast) on "
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?)(?![\w-])(?:,? \d{{4}})?"
]
DURING_A_PROCESS = rule(
    "deadlines.during-a-process",
    "\"keep the broadcaster closed to all parties during the transition\", \"pay the soldiers during the "
    "demobilisation\": a process the story names (wordlists/processes_a_commitment_spans.txt) that the commitment "
    "holds for is its deadline, as \"until the elections\" is; read after the commitment only; no due date",
)
_DURING = [
    # one word, where no noun follows it ("during the ceasefire talks" is the talks)
    re.compile(
        r"\bduring the (?P<noun>[\w-]+)(?![\w-])(?! (?!(?:to|of|and|or|in|on|at|that|which|with|for|from|as|while|when|"
        r"before|after|until|is|are|was|were|has|have|will|would)\b)[a-z])",
        re.IGNORECASE,
    ),
    re.compile(r"\bduring the (?P<noun>[\w-]+ [\w-]+)(?![\w-])", re.IGNORECASE),
]
PROCESSES = WordList("processes_a_commitment_spans")
TIME_NOUN_WHEN = rule(
    "deadlines.when-after-a-time-noun",
    "\"release water in the months when farms need it most\", \"the day when the talks failed\": a \"when\" clause "
    "right after a noun of time describes that time; it is no event the commitment waits for",
)
_TIME_NOUN_BEFORE = re.compile(
    r"\b(?:months?|weeks?|days?|years?|times?|moments?|hours?|season|seasons|period|periods|night|nights|morning|"
    r"evening|era|decade|decades)\s+$",
    re.IGNORECASE,
)
NOW_UNTIL = rule(
    "deadlines.between-now-and-a-time",
    "\"between now and the end of March\", \"between now and Christmas\": the time after \"now\" is the deadline, "
    "due as \"by\" it would be (nothing was read, and the words stayed in the commitment)",
)
_NOW_UNTIL_FORMS = [
    rf"between now and (?:the )?(?:end of (?:the |this |next )?(?:week|month|year|{_MONTH})(?: \d{{4}})?|{_MONTH}"
    r"(?: \d{4})?|\d{4}|christmas|easter|ramadan|the new year|(?:the )?(?:spring|summer|autumn|fall|winter))"
]
CLOSE_OF_BUSINESS = rule(
    "deadlines.close-of-business",
    "\"by the close of business on Friday\", \"by close of play today\": the end of a working day is the deadline "
    "whole (only \"on Friday\" was read, \"by the close of business\" left in the commitment); due that day",
)
_CLOSE_OF_BUSINESS_FORMS = [
    rf"(?:by|before|at|until) (?:the )?(?:close|end) of (?:business|play|trading)(?: (?:on )?{_DAY}| today| tomorrow)?"
]
_CLOSE_OF_BUSINESS = re.compile(_CLOSE_OF_BUSINESS_FORMS[0])
OVER_A_SEASON = rule(
    "deadlines.over-a-season",
    "\"set up a hotline over the summer\", \"over the winter of 2028\": a season the act is done over is the "
    "deadline, due when the season ends, as \"in the summer\" is (it was not read)",
)
_OVER_A_SEASON_FORMS = [r"over (?:the )?(?:spring|summer|autumn|fall|winter)(?: of \d{4})?(?! months)"]
AS_QUICKLY_AS = rule(
    "deadlines.as-quickly-as-possible",
    "\"will pay for the design work as quickly as we can\", \"as fast as possible\", \"in the shortest possible time\": "
    "speed asked of the act, as \"as soon as possible\" is, is its deadline (it was not read, and stayed in the "
    "commitment); no due date",
)
_AS_QUICKLY_AS_FORMS = [
    r"as (?:quickly|fast|rapidly|swiftly|speedily) as (?:possible|practicable|feasible|(?:we|i|it|they|he|she|you) "
    r"(?:can|could))|in the shortest (?:possible )?(?:time|period|term)(?: possible)?"
]
FITTING_TIME = rule(
    "deadlines.at-a-fitting-time",
    "\"would hold a referendum at an appropriate time\", \"at a suitable moment\": a time left to the side's judgment "
    "is the deadline (only \"at the appropriate time\" was read); no due date",
)
_FITTING_TIME_FORMS = [r"at (?:an|the|a) (?:appropriate|suitable|opportune|proper|convenient) (?:time|moment|juncture)"]
IN_THE_COURSE_OF = rule(
    "deadlines.in-the-course-of-a-period",
    "\"will open the centre in the course of next year\", \"during the course of 2028\": the period after \"the "
    "course of\" is the deadline, due as \"in\" it would be (\"in the course\" was left in the commitment)",
)
_IN_THE_COURSE_OF_FORMS = [
    rf"(?:in|during|over) the course of (?:the |this |next |the next |the coming )?(?:(?:week|month|year|decade|"
    rf"{_MONTH}|\d{{4}})(?: \d{{4}})?|(?:next |coming |few )?(?:days|weeks|months|years))"
]
_IN_THE_COURSE_OF = re.compile(r"(?:in|during|over) the course of (?P<rest>.+)")
YEAR_OF_A_CALENDAR = rule(
    "deadlines.calendar-year-named-by-its-number",
    "\"in the 2028 fiscal year\", \"by the start of the 2029 school year\", \"from the 2028 heating season\": a school "
    "or fiscal year or a season named by one year is read whole (it was not read); no due date, since when such a "
    "year or season starts is the country's own calendar",
)
_YEAR_OF_A_CALENDAR_FORMS = [
    rf"(?:in|during|for|by|within|over|throughout|before|until) the \d{{4}} {_CALENDAR_NOUN} year",
    r"(?:in|during|for|by|before|until|from|throughout) the \d{4} (?:heating|harvest|fishing|planting|sowing|"
    r"tourist|holiday|rainy|dry|grazing|hunting|farming|crop|school|academic|summer|winter) season",
    rf"(?:by|before|at|in|from|until|till|no later than) the (?:start|beginning|middle|end|close) of the \d{{4}} "
    rf"{_CALENDAR_NOUN} year",
]
_YEAR_OF_A_CALENDAR = re.compile(rf".*\bthe \d{{4}} (?:{_CALENDAR_NOUN} year|[a-z]+ season)")
LEAVING_OFFICE = rule(
    "deadlines.before-leaving-office",
    "\"before I leave office in 2029\", \"before she steps down\", \"before the end of his term in 2029\": the end of "
    "the speaker's time in office is the deadline whole (it stopped at \"leaves\" and left \"office in 2029\" in the commitment); due at the year "
    "written, else none",
)
# The leaving ends its clause: "before they hand over the prisoners" and "before she retires from politics next year"
# are events of their own, read whole by the event forms (this form cut them at "hand" and "retires").
_LEAVING_OFFICE_FORMS = [
    r"before (?:i|we|he|she|they|it) (?:(?:leaves?|steps? down|stands? down|retires?)(?: (?:office|power|the presidency))?"
    r"|hands? over (?:office|power|the presidency))(?: (?:in|at the end of) \d{4})?(?=\s*(?:[,.;:!?\"”’)]|$|and\b|but\b))",
    # "before the end of his term in 2029": the year the term ends is part of it (it was left in the commitment)
    r"(?:before|by) the end of (?:my|our|his|her|their|its|the) (?:[\w-]+ )?(?:term|mandate|presidency) (?:in|in early|in late) \d{4}",
]
IMMEDIATELY_AFTER = rule(
    "deadlines.immediately-after-an-event",
    "\"will lift the freeze immediately after the first payment is received\", \"right after the vote\": the act "
    "waits for the event, and \"immediately\" says how close behind; read whole, with no due date (\"immediately\" "
    "alone fell due on the day of the story)",
)
_IMMEDIATELY_AFTER_FORMS = [
    rf"(?:immediately|right|directly|promptly|shortly|soon) (?:after|upon|following|once) {_WAIT_CLAUSE}"
]
DATED_PLAN = rule(
    "deadlines.within-a-dated-plan",
    "\"within the framework of the National Development Programme 2030\", \"as part of its 2030 infrastructure "
    "plan\": a plan named with its horizon year frames the commitment's time; read whole, with no due date (the "
    "plan's year is its horizon, not a date promised for this act)",
)
_PLAN_NOUN = r"(?:plan|programme|program|strategy|agenda|vision|roadmap|road map)"
_DATED_PLAN_FORMS = [
    rf"(?:within the framework of|in the framework of|as part of|under) (?:the |its |their |his |her |our )?"
    rf"(?:(?:[\w-]+ ){{0,4}}?{_PLAN_NOUN}(?: for| to)? 20\d\d(?:[-–]\d{{2,4}})?|20\d\d(?:[-–]\d{{2,4}})? (?:[\w-]+ ){{0,3}}?"
    rf"{_PLAN_NOUN})"
]
_DATED_PLAN = re.compile(_DATED_PLAN_FORMS[0])
FIRST_PART_FOLLOWS = rule(
    "deadlines.next-sentence-first-part",
    "\"Estavia will send 60 monitors. The first 20 will leave on Monday.\", \"Marlen will pay in three instalments. "
    "The first, of 400 million euros, is due by 31 January.\": the sentence right after a pledge, in its paragraph, "
    "that opens on the first part of what was promised and says when it goes, starts or is due gives the pledge its "
    "deadline when it has none (\"The First Minister ...\" is a title, not a part)",
)
# "The first 20 will leave", "The first course will begin", "The first, of 400 million euros, is due", "The first of
# them are to arrive": the words before the time, for the pledge reader's next-sentence check.
FIRST_PART = re.compile(
    r"\s*[\"“]?The first(?:\s+(?:\d[\d,]*|[a-z][\w-]*)){0,2}?(?:,\s+[^,.;]{1,60},)?(?:\s+of them)?\s+"
    r"(?:(?:will|would|should|is to|are to|is due to|are due to|is expected to|are expected to|is scheduled to|"
    r"are scheduled to|is set to|are set to)\s+(?:also\s+)?(?:be\s+)?[a-z]+|(?:is|are)\s+(?:now\s+)?due(?!\s+to\b))\b"
)
START_IN_A_SEASON = rule(
    "deadlines.start-in-a-season",
    "\"release water from July to September every year, starting next summer\": a start named by a season is read "
    "whole, with no due date (\"next summer\" alone fell due at the summer's end)",
)
_START_IN_A_SEASON_FORMS = [
    r"(?:starting|beginning|effective) (?:in |from )?(?:the )?(?:next|this|coming) (?:spring|summer|autumn|fall|winter)"
]
EVENT_OF_A_BODY = rule(
    "deadlines.event-of-a-body",
    "\"ratify the agreement before the summer recess of its parliament\", \"by the next session of the assembly\": "
    "an event named with the body it belongs to is read whole (\"of its parliament\" was left in the commitment); "
    "no due date",
)
_EVENT_OF_A_BODY_FORMS = [
    r"(?:before|ahead of|by|in time for|until) the (?:[\w-]+ ){0,2}?(?:recess|session|sitting|summit|meeting|"
    r"congress|plenary|assembly|elections?) of (?:the |its |their |his |her |our )?(?:[\w-]+ ){0,2}?(?:parliament|"
    r"assembly|congress|council|senate|legislature|union|bloc|alliance|forum|party|commission)"
]
BODY_BREAKS_FOR_A_SEASON = rule(
    "deadlines.body-breaks-for-a-season",
    "\"ratify the ban before parliament breaks for summer\", \"before the assembly rises for the winter\": when a body "
    "breaks is its own calendar, as its recess is (deadlines.event-of-a-body); no due date (the season's first day, "
    "20 June, was given as the date)",
)
_BODY_BREAKS_FOR_A_SEASON = re.compile(
    r"(?:before|ahead of|by|until) (?:the )?(?:[\w-]+ ){0,2}?(?:parliament|assembly|congress|council|senate|"
    r"legislature|lawmakers|deputies|mps) (?:breaks|rises|recesses|adjourns|goes into recess|break|rise|recess|adjourn|"
    r"go into recess) for (?:the |its |their )?(?:summer|winter|spring|autumn|fall)(?: recess| break)?"
)
# A clause in the past between the commitment and the season ("the schools it closed in the valley over the
# summer"): the season is when that was done.
_PAST_CLAUSE_BEFORE = re.compile(
    r"\b(?:it|they|he|she|we|which|that|who)\s+(?:had\s+)?(?:[a-z]+ed|held|shut|built|made|took|sent|cut|lost|won|"
    r"left|began|sold|bought|spent|seized|struck)\b"
)
BEFORE_NEXT_SEASON = rule(
    "deadlines.before-next-season",
    "\"rebuild the hospitals before next winter\", \"by next summer\": the preposition belongs to the season (\"next "
    "winter\" was read and \"before\" left in the commitment)",
)
_BEFORE_NEXT_SEASON_FORMS = [
    r"(?:by|before|until|till|no later than|in time for|ahead of) (?:next|this|the coming) (?:spring|summer|autumn|fall|winter)"
]
COUNTED_FROM_A_DATE = rule(
    "deadlines.counted-from-a-dated-event",
    "\"within 30 days of the signing of the accord on 4 May\", \"no later than 30 days after the signing of this "
    "Statement on 12 January\": a span counted from an event the story dates falls due that many days after that "
    "date (it fell due on the event's own day, or a year after it; \"no later than\" was cut off); an event with no "
    "date still gives no due date",
)
_COUNTED_FROM_A_DATE_FORMS = [
    rf"(?:within|in|no later than|not later than) {_ANY_COUNT}[ -](?:working |business |calendar )?{_UNIT} "
    rf"(?:of|after|from|following) (?:[\w’'-]+ ){{1,9}}?(?:on|of|dated) {_DATE}(?:,? \d{{4}})?"
]
_COUNTED_FROM_A_DATE = re.compile(
    rf"(?:within|in|no later than|not later than) (?P<count>{_ANY_COUNT})[ -](?:working |business |calendar )?"
    rf"(?P<unit>{_UNIT}) (?:of|after|from|following) .*?\b(?:on|of|dated) (?P<date>{_DATE}(?:,? \d{{4}})?)",
)
NOTICE_AHEAD = rule(
    "deadlines.notice-period-ahead",
    "\"publish the flight schedule four weeks in advance\", \"notify the others at least 72 hours before any "
    "exercise\": how far ahead of each occasion the act is done is the commitment's time (it was lost); read whole, "
    "up to where a new clause starts, with no due date (it falls due again before every occasion); never taken "
    "from an act before the commitment (\"quotas will be published a month in advance, and the states will notify "
    "...\")",
)
# Where the occasion's words stop: a new clause, or who says so.
_NOTICE_BEFORE_STOP = r"(?:and|or|but|which|who|whose|said|says|added|according|under|while|so|if)"
_NOTICE_AHEAD_FORMS = [
    rf"(?:at least |no less than |not less than |up to )?{_ANY_COUNT}[ -]{_UNIT}['’]? (?:in advance|beforehand)",
    rf"(?:at least |no less than |not less than |up to )?{_ANY_COUNT}[ -]{_UNIT}['’]? (?:before|ahead of|prior to) "
    rf"(?:any|each|every) [\w-]+(?: (?!{_NOTICE_BEFORE_STOP}\b)[\w-]+){{0,7}}",
]
_NOTICE_AHEAD = _phrases(_NOTICE_AHEAD_FORMS)
FIRST_PERIOD = rule(
    "deadlines.first-period-of-the-act",
    "\"pay for the fuel for the first month\", \"bear the costs for its first three years\", \"issue 2,000 permits in "
    "the first year\": the first period of what is promised is its time (it was lost, or a later clause's time "
    "taken); read whole after the commitment only, with no due date (it counts from no date the story gives); not "
    "\"the first year of the war\", a period the story names",
)
_FIRST_PERIOD_FORMS = [
    rf"(?:for|in|during|over|within|throughout) (?:the|its|their|his|her|our) first (?:few |{_ANY_COUNT} )?{_UNIT}"
    r"(?! of\b)",
]
_FIRST_PERIOD = _phrases(_FIRST_PERIOD_FORMS)
FROM_A_PERIOD_AHEAD = rule(
    "deadlines.from-a-period-ahead",
    "\"will charge the levy from next month\", \"apply the annex from next season\", \"teach the pupils in mixed "
    "classes from the second term\", \"from the 2029 season\": a period ahead the act starts in is read whole, with "
    "its \"from\" and no due date (\"next month\" alone was taken, due at the month's end: a date nobody promised)",
)
_FROM_A_PERIOD_AHEAD_FORMS = [
    r"from (?:the )?(?:next|this|coming|following) (?:week|month|year|season|term|semester|quarter|spring|summer|"
    r"autumn|fall|winter)(?![\w'’-])",
    r"from the (?:first|second|third|fourth|next|new|autumn|spring|summer|winter|fall) (?:school |academic )?"
    r"(?:term|semester|season)",
    r"from the \d{4}(?:[-/–]\d{2,4})? (?:season|school year|academic year|harvest)",
]
_FROM_A_PERIOD_AHEAD = _phrases(_FROM_A_PERIOD_AHEAD_FORMS)
ORDINAL_DAY_FIRST = rule(
    "deadlines.ordinal-day-before-its-month",
    "\"from 1st March\", \"by 3rd April 2027\": a day written with its ordinal ending before the month, as British and "
    "South Asian copy writes it, is a date as \"1 March\" is",
)
_ORDINAL_DAY_FIRST_FORMS = [
    rf"(?:(?:by|before|until|till|on|from|no later than) )?\d{{1,2}}(?:st|nd|rd|th) {_MONTH}(?:,? \d{{4}})?",
]
_FAMILIES = [
    (ORDINAL_DAY_FIRST, _phrases(_ORDINAL_DAY_FIRST_FORMS)),
    (PART_OF_TOMORROW, _phrases(_PART_OF_TOMORROW_FORMS)),
    (SEASON_OF_AN_EVENT, _phrases(_SEASON_EVENT_FORMS)),
    (DAY_NEXT_YEAR, _phrases(_DAY_NEXT_YEAR_FORMS)),
    (START_YEAR, _phrases(_START_YEAR_FORMS)),
    (SOON, _phrases(_SOON_FORMS)),
    (RANGES, _phrases(_RANGE_FORMS)),
    (PARTS, _phrases(_PART_FORMS)),
    (OCCASION, _phrases(_OCCASION_FORMS)),
    (PERIOD_AHEAD, _phrases(_PERIOD_AHEAD_FORMS)),
    (CONDITION, _phrases(_CONDITION_FORMS)),
    (START, _phrases(_START_FORMS)),
    (EVENT_AHEAD, _phrases(_EVENT_AHEAD_FORMS)),
    (DAY_OF_MONTH, _phrases(_DAY_OF_MONTH_FORMS)),
    (END_OF, _phrases(_END_OF_FORMS)),
    (HEAD_NOUN_KEPT, _phrases(_HEAD_NOUN_FORMS)),
    (COUNTED, _phrases(_COUNTED_FORMS)),
    (TIED_TIME, _phrases(_TIED_FORMS)),
    (DATE_SPANS, _phrases(_SPAN_DATE_FORMS)),
    (PARTS_AHEAD, _phrases(_PART_AHEAD_FORMS)),
    (APPROXIMATE, _phrases(_APPROXIMATE_FORMS)),
    (CALENDAR, _phrases(_CALENDAR_FORMS)),
    (VISIT_AHEAD, _phrases(_VISIT_FORMS, flags=0)),
    (AT_A_TIME, _phrases(_AT_TIME_FORMS)),
    (HOUR_ON_A_DATE, _phrases(_HOUR_ON_A_DATE_FORMS)),
    (NEXT_MONTH_NAMED, _phrases(_NEXT_MONTH_FORMS)),
    (QUARTER_OF_A_YEAR, _phrases(_QUARTER_OF_A_YEAR_FORMS)),
    (SPLIT_YEAR, _phrases(_SPLIT_YEAR_FORMS)),
    (NEXT_CALENDAR_YEAR, _phrases(_NEXT_CALENDAR_YEAR_FORMS)),
    (SCHOOL_TERM, _phrases(_SCHOOL_TERM_FORMS)),
    (QUARTER_WITHOUT_YEAR, _phrases(_QUARTER_WITHOUT_YEAR_FORMS)),
    (NUMERIC_DATE, _phrases(_NUMERIC_DATE_FORMS)),
    (ISO_DATE, _phrases(_ISO_DATE_FORMS)),
    (NUMERIC_DAY_MONTH, _phrases(_NUMERIC_DAY_MONTH_FORMS)),
    (END_OF_A_SHORT_QUARTER, _phrases(_END_OF_A_SHORT_QUARTER_FORMS)),
    (MONTH_SPAN, _phrases(_MONTH_SPAN_FORMS)),
    (EVENT_IN_A_PLACE, _phrases(_EVENT_IN_A_PLACE_FORMS)),
    (EVENT_IN_A_PLACE_AND_MONTH, _phrases(_EVENT_IN_A_PLACE_AND_MONTH_FORMS)),
    (COUNTED_FROM_NOW, _phrases(_COUNTED_FROM_NOW_FORMS)),
    (EVENT_ON_ITS_DATE, _phrases(_EVENT_ON_ITS_DATE_FORMS)),
    (NOW_UNTIL, _phrases(_NOW_UNTIL_FORMS)),
    (CLOSE_OF_BUSINESS, _phrases(_CLOSE_OF_BUSINESS_FORMS)),
    (OVER_A_SEASON, _phrases(_OVER_A_SEASON_FORMS)),
    (AS_QUICKLY_AS, _phrases(_AS_QUICKLY_AS_FORMS)),
    (FITTING_TIME, _phrases(_FITTING_TIME_FORMS)),
    (IN_THE_COURSE_OF, _phrases(_IN_THE_COURSE_OF_FORMS)),
    (YEAR_OF_A_CALENDAR, _phrases(_YEAR_OF_A_CALENDAR_FORMS)),
    (LEAVING_OFFICE, _phrases(_LEAVING_OFFICE_FORMS)),
    (IMMEDIATELY_AFTER, _phrases(_IMMEDIATELY_AFTER_FORMS)),
    (DATED_PLAN, _phrases(_DATED_PLAN_FORMS)),
    (START_IN_A_SEASON, _phrases(_START_IN_A_SEASON_FORMS)),
    (EVENT_OF_A_BODY, _phrases(_EVENT_OF_A_BODY_FORMS)),
    (COUNTED_FROM_A_DATE, _phrases(_COUNTED_FROM_A_DATE_FORMS)),
    (NOTICE_AHEAD, _phrases(_NOTICE_AHEAD_FORMS)),
    (FIRST_PERIOD, _FIRST_PERIOD),
    (FROM_A_PERIOD_AHEAD, _FROM_A_PERIOD_AHEAD),
    (BEFORE_NEXT_SEASON, _phrases(_BEFORE_NEXT_SEASON_FORMS)),
]
BEFORE_A_CLAUSE = rule(
    "deadlines.before-a-clause-with-its-verb",
    "\"before parliament rises for the summer\", \"before the treaty enters into force\", \"before they open\", "
    "\"before the tolls end\": an event ahead told as a clause, its subject and its verb, is the deadline whole (it "
    "was not read, the clause was left in the commitment, and the pledge had no time)",
)
# Verbs an event ahead is told with, in the third person ("rises", "enters into force") or after a plural or a
# pronoun ("the tolls end", "they open"); the clause runs on to a comma or a new clause.
_CLAUSE_VERB = (
    r"(?:rises|enters|adjourns|recesses|dissolves|reconvenes|resumes|rise|adjourn|reconvene|resume|open|end|close|"
    r"begin|start|meet|leave|return|arrive|expire|take effect|come into force)"
)
_BEFORE_CLAUSE_FORMS = [
    rf"before (?!(?:the |a |an )?(?:end|start|beginning|middle|close|return)\b)(?:(?:the|a|an|its|their|his|her|our) )?"
    rf"[\w’'-]+(?: [\w’'-]+){{0,2}}? {_CLAUSE_VERB}\b(?:\s+(?!{_STOP}\b)[\w’'-]+){{0,5}}",
]
FROM_THE_DAY_OF_A_CLAUSE = rule(
    "deadlines.from-the-day-a-clause",
    "\"will lift its duties from the day the crossing reopens\", \"from the day the treaty takes effect\": the day an "
    "event ahead happens, told as a clause, is when the commitment starts (it was left in the commitment, and the "
    "pledge had no time)",
)
_FROM_THE_DAY_FORMS = [rf"from the (?:day|moment|date) (?:that |when )?(?!(?:it|that|this) (?:was|is)\b){_WAIT_CLAUSE}"]
# Clauses a commitment waits for: read only after the commitment, and only where no other form starts
# at the same word ("before the end of the year" is the end of a period, not a clause).
_CLAUSE_FAMILIES = [
    (WAITS_FOR, _phrases(_WAIT_FORMS)),
    (RATE_CLOSES_THE_CLAUSE, _phrases([_WAIT_FORMS[0] + _RATE])),
    (BEFORE_A_CLAUSE, _phrases(_BEFORE_CLAUSE_FORMS)),
    (FROM_THE_DAY_OF_A_CLAUSE, _phrases(_FROM_THE_DAY_FORMS)),
]


FREQUENCY_IS_NO_DEADLINE = rule(
    "deadlines.once-a-month-is-how-often",
    "\"will let consuls visit him at least once a month\", \"to meet once a year\": \"once\" before a period says "
    "how often a thing is done, not when it falls due; it is no condition (\"once the crossings reopen\")",
)
_FREQUENCY = re.compile(
    r"once\s+(?:(?:a|an|every|per|each)\s+)?(?:day|week|fortnight|month|quarter|year|decade|season|session)s?\b",
    re.IGNORECASE,
)


BACKGROUND_PERIOD = rule(
    "deadlines.after-a-period-in-which",
    "\"will finish the port after a year in which shipping fell\", \"following a week when floods cut the line\": a "
    "period behind \"after\" that a clause then describes (\"in which\", \"during which\", \"when\") is the story's "
    "background, not the time the commitment falls due (\"will review the accord after a year\" still is)",
)
_BACKGROUND_PERIOD = re.compile(
    r"\b(?:after|following) (?:(?:a|an|the|another|several|some|many|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"\d+) )?(?:[\w-]+ ){0,2}?(?:hours?|days?|weeks?|fortnights?|months?|years?|decades?|period|spell|season|winter|"
    r"summer|spring|autumn)(?:,)? (?:in which|during which|when|that saw|which saw|marked by|of which)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;:.!?]")


def background_period_start(text: str) -> int | None:
    """Where a background period ("after a year in which ...") starts in a text, or None (BACKGROUND_PERIOD)."""
    match = _BACKGROUND_PERIOD.search(text) if BACKGROUND_PERIOD else None
    return match.start() if match else None


def _background_spans(sentence: str) -> list[tuple[int, int]]:
    """Where each background period and the clause describing it run, to the clause's end (BACKGROUND_PERIOD)."""
    spans = []
    for period in _BACKGROUND_PERIOD.finditer(sentence):
        end = _CLAUSE_END.search(sentence, period.end())
        spans.append((period.start(), end.start() if end else len(sentence)))
    return spans


HYPHENED_PERIOD_NAMES_A_NOUN = rule(
    "deadlines.hyphened-period-before-a-noun",
    "\"in the next three-year budget\", \"within a two-week window\": a period joined by a hyphen to the noun after it "
    "describes that noun; it is no period of its own, so no deadline stops short at it",
)
_HYPHENED_PERIOD = re.compile(r"-(?:year|month|week|day|hour)$", re.IGNORECASE)
_NOUN_AFTER = re.compile(r"\s+[a-z][\w-]*")


def _candidates(sentence: str) -> list[re.Match[str]]:
    """Every deadline phrase of a sentence, in order; where two start together, the longer one (a clause only
    where no other form starts there)."""
    found = [(m, 0) for m in DEADLINE.finditer(sentence)]
    if FREQUENCY_IS_NO_DEADLINE:
        found = [(m, 0) for m, _ in found if not _FREQUENCY.match(m.group(0))]  # "once a month": how often
    for family, pattern in _FAMILIES:
        if family:
            found.extend((m, 0) for m in pattern.finditer(sentence))
    for family, pattern in _CLAUSE_FAMILIES:
        if family:
            found.extend((m, _clause_rank(m)) for m in pattern.finditer(sentence))
    if DURING_A_PROCESS:  # "during the transition": a process the commitment holds for
        found.extend((m, 1) for during in _DURING for m in during.finditer(sentence) if _process_named(m.group("noun")))
    if TIME_NOUN_WHEN:  # "in the months when farms need water": the clause describes the months
        found = [
            (m, k)
            for m, k in found
            if not (m.group(0).lower().startswith("when ") and _TIME_NOUN_BEFORE.search(sentence, 0, m.start()))
        ]
    if BACKGROUND_PERIOD:  # "after a year in which shipping fell": the story's background, no due time
        background = _background_spans(sentence)  # the clause describing the period too ("... burned at once")
        found = [(m, k) for m, k in found if not any(a <= m.start() < z for a, z in background)]
    if HYPHENED_PERIOD_NAMES_A_NOUN:  # "in the next three-year budget": the budget's length, not a period ahead
        found = [
            (m, k) for m, k in found if not (_HYPHENED_PERIOD.search(m.group(0)) and _NOUN_AFTER.match(sentence, m.end()))
        ]
    if ISO_DATE:  # "by 2028-06-30", "resolution 2028-06": the year goes on into a month, it is not "by 2028"
        found = [
            (m, k) for m, k in found if not (re.search(r"\d{4}$", m.group(0)) and _YEAR_THEN_MONTH.match(sentence, m.end()))
        ]
    found.sort(key=lambda pair: (pair[0].start(), pair[1], -pair[0].end()))
    kept: list[re.Match[str]] = []
    for match, _ in found:
        if kept and match.start() < kept[-1].end():
            continue  # inside (or overlapping) a phrase already kept
        kept.append(match)
    return kept


BY_THE_TIME_A_CLAUSE = rule(
    "deadlines.by-the-time-a-clause-whole",
    "\"by the time the talks resume in Elsen on 29 March\", \"by the time the fisheries talks resume in January\": "
    "\"by the time\" opens a clause, read whole with its verb and its date, before an event word inside it (it was cut "
    "to \"by the time the talks\", the rest left in the commitment, with no due date)",
)


def _clause_rank(match: re.Match[str]) -> int:
    """How a clause ranks against another form starting at the same word: after it (1), except a "by the time"
    clause, which goes first (-1): the event word inside it is no deadline of its own (BY_THE_TIME_A_CLAUSE)."""
    return -1 if BY_THE_TIME_A_CLAUSE and match.group(0).lower().startswith("by the time ") else 1


def _process_named(noun: str) -> bool:
    """Whether "during the <noun>" names a process from the list ("transition", "interim period"); two words only
    as an entry of their own or a listed process followed by "period" or "phase" ("the transition period")."""
    words = noun.lower().split()
    return " ".join(words) in PROCESSES or (len(words) == 2 and words[0] in PROCESSES and words[1] in ("period", "phase"))


def find_deadline(sentence: str, after: int = 0) -> str | None:
    """The deadline written in a sentence, preferring one after position `after` (where the commitment is).
    How often a thing is done is not asked for here: callers use this to tell whether a clause is dated."""
    return next(find_deadlines(sentence, after, how_often=False), None)


HOW_OFTEN_LAST = rule(
    "deadlines.how-often-when-nothing-else",
    "\"would review the quotas every six months\", \"agreed to report annually\", \"will publish the amount drawn "
    "at the end of every quarter\": how often a commitment recurs is its time when the sentence gives it no other "
    "(no due date: it falls due again and again); a deadline or a start written anywhere after it wins, and "
    "\"once a month\" stays how often only",
)
_HOW_OFTEN = re.compile(
    r"(?<!once )\b(?:(?:at the (?:end|start|beginning) of )?(?:every|each) (?:(?:other|second|two|three|four|five|six|"
    r"\d+) )?(?:day|week|fortnight|month|quarter|year|decade|spring|summer|autumn|winter)s?|annually|quarterly|"
    r"twice a (?:year|month|week))\b(?![-\w])",
    re.IGNORECASE,
)


# A new clause between the commitment and a frequency: the frequency is that clause's ("..., and depth soundings
# shall be published every week").
_HOW_OFTEN_BREAK = re.compile(r"[;:]|,\s+(?:and|but|while|which|who|whose|so)\b|\s+and\s+that\b")
# A frequency right after a span ("from April to October every year") says how often the span comes round; the
# span's own reading decides (SPAN_EVERY_YEAR).
_AFTER_A_SPAN = re.compile(rf"\bto (?:{_MONTH}|spring|summer|autumn|winter)\s*,?\s*$", re.IGNORECASE)


def _how_often(sentence: str, after: int, asides: list[tuple[int, int]]) -> list[str]:
    """How often the commitment at `after` recurs, written after it in its own clause, outside an aside
    (HOW_OFTEN_LAST)."""
    return [
        m.group(0)
        for m in _HOW_OFTEN.finditer(sentence, after)
        if not any(a <= m.start() < b for a, b in asides)
        and not _HOW_OFTEN_BREAK.search(sentence, after, m.start())
        and not _AFTER_A_SPAN.search(sentence, 0, m.start())
    ]


def find_deadlines(sentence: str, after: int = 0, future: bool = False, how_often: bool = True) -> Iterator[str]:
    """Every deadline a sentence may give the commitment at `after`, best first: those after it in order, then
    one that opens the sentence, then how often it recurs. The caller takes the first it does not refuse (a date
    already past)."""
    asides = [m.span() for m in _RELATIVE_CLAUSE.finditer(sentence) if not (OWN_ASIDE and m.start() < after < m.end())]
    matches = [
        m
        for m in _candidates(sentence)
        if not (OWNED_TIME and _OWNS.match(sentence, m.end()) and not m.group(0).endswith(("'", "’")))
        and not _is_money_or_count(sentence, m)
        and not any(a <= m.start() < b for a, b in asides)
        and not (_CLAUSE_START.match(m.group(0)) and _HYPOTHETICAL.search(m.group(0)))
        and not (NAMED_AFTER and _named_after(sentence, m))
        and not (AGENT_OF_A_PARTICIPLE and _agent_of_participle(sentence, m))
        and not (PARTICIPLE_TIME and _time_of_participle(sentence, m))
        and not (PARTICIPLE_CLAUSE_TIME and _time_of_participle_clause(sentence, m))
        and not (ELAPSED_TIME and _ELAPSED.match(m.group(0)))
        and not (SPAN_FROM_TO and _end_of_a_span(sentence, m))
        and not (FIRST_IN_A_SPAN and _first_in_a_span(sentence, m))
    ]
    if OWN_CLAUSE:  # "would publish the figures and that a review would follow within a year": not the figures'
        matches = [m for m in matches if not _OTHER_CLAUSE.search(sentence, min(after, m.end()), max(after, m.start()))]
    if GOAL_OTHERS_SET:  # "will phase out coal, a goal campaigners say should be met by 2030": the campaigners' date
        matches = [m for m in matches if not _in_a_goal_others_set(sentence, after, m)]
        if NAMED_OTHER_SPEAKER:  # ", and its water minister, Ada Brun, said ...": that clause is hers
            matches = [
                m for m in matches if not _NAMED_OTHER_CLAUSE.search(sentence, min(after, m.end()), max(after, m.start()))
            ]
    if OVER_A_SEASON:  # "the schools it closed over the summer": when that was done, not the commitment's time
        matches = [
            m
            for m in matches
            if not (m.group(0).lower().startswith("over ") and _PAST_CLAUSE_BEFORE.search(sentence, after, m.start()))
        ]
    later = [m for m in matches if m.start() >= after and (not _VISIT.match(m.group(0)) or _TO_COME_VERB.search(sentence, 0, m.start()))]
    if SPAN_FROM_TO:
        later = _up_to_a_span(sentence, later, after)
    # Before the commitment, "on Monday" or "March 3" says when it was made, not when it falls due.
    earlier = [
        m
        for m in matches
        if m.start() < after
        and not _CLAUSE_START.match(m.group(0))
        and (_deadline_before(m.group(0)) or future and _day_before_future(sentence, m, after))
        and not (EARLIER_ACT_OWNS_TIME and sentence[: m.start()].strip() and _EARLIER_ACT.search(sentence, m.end(), after))
        and not (EARLIER_CLAUSE_ENDS and _closes_an_earlier_clause(sentence, m, after))
        and not (NOTICE_AHEAD and _NOTICE_AHEAD.fullmatch(m.group(0)))  # the notice of the act before, not this one's
        and not (FIRST_PERIOD and _FIRST_PERIOD.fullmatch(m.group(0)))  # "In the first year, ...": background
    ]
    for chosen in later + earlier[::-1]:
        text = _trimmed(chosen.group(0))
        if CUT_CLAUSE and len(text.split()) > 3 and _GOES_ON.match(sentence, chosen.end()):
            text = _DANGLING.sub("", text)  # "once it frees the prisoners held in [the capital]": cut at its limit
        yield text
    if how_often and HOW_OFTEN_LAST:
        yield from _how_often(sentence, after, asides)
    if how_often and THEN_LAST:
        yield from (m.group(0) for m in _THEN.finditer(sentence) if not any(a <= m.start() < b for a, b in asides))


THEN_LAST = rule(
    "deadlines.then-when-nothing-else",
    "\"has promised to present its flow data before then\", \"Until then, the ships will carry the gas\", \"would have "
    "its storage site filled by then\": a time named earlier and pointed back to is the commitment's time when its "
    "sentence gives it no other (it was read as none); kept as worded, with no due date, since which time \"then\" "
    "means is said in another clause or sentence; \"and then\", \"since then\" and \"from then on\" are no deadline",
)
_THEN = re.compile(r"\b(?:by|before|until|till) then\b(?!\s+on\b)", re.IGNORECASE)


EARLIER_CLAUSE_ENDS = rule(
    "deadlines.time-closing-an-earlier-clause",
    "\"We expect a consular visit this week, and the minister has promised the family that he will meet them\": a "
    "time that closes a clause before the commitment, with \", and\", \", but\" or \";\" right after it, is that "
    "clause's time, not the commitment's (\"By Friday, Norland will ...\" still leads its sentence); not when that "
    "clause is a commitment too (\"is to be set up within six months, and both shall ...\"), whose time may be shared",
)
_CLAUSE_ENDS_AFTER = re.compile(r"\s*(?:,\s*(?:and|but|while|whereas)\b|;)", re.IGNORECASE)
# A commitment in the earlier clause ("a commission is to be set up within six months, and both shall give it ...")
# may share its time with the next one; where the reader finds one pledge in such a sentence, the time is kept.
_EARLIER_COMMITMENT = re.compile(r"\b(?:will|would|shall|is to|are to|was to|were to)\b", re.IGNORECASE)


def _closes_an_earlier_clause(sentence: str, match: re.Match[str], after: int) -> bool:
    """The time closes a clause before the commitment (see EARLIER_CLAUSE_ENDS)."""
    if not sentence[: match.start()].strip():
        return False  # "By Friday, Norland will ...": it leads the sentence
    if not _CLAUSE_ENDS_AFTER.match(sentence, match.end()):
        return False
    return not _EARLIER_COMMITMENT.search(sentence, 0, match.start())


FIRST_IN_A_SPAN = rule(
    "deadlines.first-in-a-span-looks-back",
    "\"their first friendly in 19 years\", \"the highest price in a decade\", \"for the first time in five years\": a span "
    "after first, last or a superlative counts back to the last time, it is no deadline",
)
_SPAN_BACK = re.compile(
    r"in\s+(?:(?:more than|nearly|almost|over)\s+)?[\w-]+\s+(?:years?|decades?|months?)$", re.IGNORECASE
)
# First, last or a superlative, then at most four words with no verb: "their first football friendly", "the worst".
_FIRST_BEFORE = re.compile(
    r"\b(?:first|last|only|highest|lowest|biggest|largest|smallest|worst|best|strongest|weakest|deepest|longest|"
    r"most|least)\b((?:\s+[\w’'-]+){0,4}?)(?:\s+time)?\s*$",
    re.IGNORECASE,
)
_VERB_WORDS = frozenset("will would shall to be is are was were can could must should may might has have had".split())


def _first_in_a_span(sentence: str, match: re.Match[str]) -> bool:
    """ "in 19 years" after "first ..." or a superlative with no verb between: the span looks back."""
    if not _SPAN_BACK.match(match.group(0).strip(" ,.")):
        return False
    before = _FIRST_BEFORE.search(sentence, max(0, match.start() - 60), match.start())
    return before is not None and not (set(before.group(1).lower().split()) & _VERB_WORDS)


NAMED_AFTER = rule(
    "deadlines.named-after-someone",
    "\"would name its new academy after Maaslin\", \"will rename the square after the poet\": whom a thing is named "
    "after is no time",
)
# A naming verb and its object, with no clause break, right before "after".
_NAMING = re.compile(r"\b(?:re)?nam(?:e|es|ed|ing)\b[^,;.]*$", re.IGNORECASE)
_AFTER_A_NAME = re.compile(r"after ([A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+)*[.,;]?\s*$")
_FEASTS = frozenset("easter christmas ramadan eid passover diwali hanukkah".split())


def _named_after(sentence: str, match: re.Match[str]) -> bool:
    """ "after" and a name (not a month, a day or a feast) right after a naming verb: whom a thing is named after."""
    name = _AFTER_A_NAME.match(match.group(0))
    if name is None or not _NAMING.search(sentence, max(0, match.start() - 80), match.start()):
        return False
    first = name.group(1).lower()
    return first not in _MONTHS and first not in _WEEKDAYS and first not in _FEASTS


AGENT_OF_A_PARTICIPLE = rule(
    "deadlines.event-that-did-the-deed",
    "\"every contract financed by the conference\", \"the text adopted by the summit\": an event after a participle "
    "that qualifies a noun is who did it, not a deadline (\"will be approved by the summit\" keeps its time)",
)
# A past participle right before "by the <event>", with no form of "be" before it: a reduced relative clause.
_PARTICIPLE_BEFORE = re.compile(
    r"\b(?!(?:be|been|being|is|are|was|were)\s)([a-z]+)\s+(?:[a-z]+(?:ed|en|ne|wn|id|ld|ght|nt|de)|set|run|held|led|"
    r"won|put|met)\s+$"
)
_AGENT_EVENT = re.compile(rf"by the (?:[\w-]+ ){{0,3}}{_EVENT}\b(?: in {_MONTH})?$", re.IGNORECASE)


def _agent_of_participle(sentence: str, match: re.Match[str]) -> bool:
    """ "by the conference" right after a participle that qualifies a noun ("contracts financed by the
    conference"): the event did the financing; after "be" ("will be approved by the summit") it stays a time."""
    if not _AGENT_EVENT.match(match.group(0)):
        return False
    before = sentence[max(0, match.start() - 40) : match.start()]
    participle = _PARTICIPLE_BEFORE.search(before)
    return participle is not None and participle.group(1).lower() not in _VERB_WORDS


PARTICIPLE_TIME = rule(
    "deadlines.time-of-a-qualifying-participle",
    "\"under a ten-year agreement signed on Friday\", \"the ceasefire agreed in March\": a day or month right after a "
    "past participle that qualifies a noun says when that was done, not when the commitment falls due (\"will be "
    "signed on Friday\" and \"talks scheduled for June\" keep their time)",
)
# "on Friday", "in March", "on March 3", "last week", "earlier this month": when something happened (never "by" or
# "within", which set a limit).
_POINT_IN_TIME = re.compile(r"(?:on|in|last|earlier|this)\s", re.IGNORECASE)
# Participles that look ahead: the time after them is the one expected, and stays a time.
_AHEAD_PARTICIPLES = frozenset("expected scheduled planned slated pencilled penciled timed billed".split())
# A past participle: a regular one, or a common irregular one.
_PAST_PARTICIPLE = r"[a-z]+ed|held|made|taken|given|won|struck|done|written|drawn|sent|built|paid|brought"
# A noun, then a past participle, with no "be" or "have" before it.
_AUXILIARIES = r"(?:be|been|being|is|are|was|were|has|have|had)"
_QUALIFYING_PARTICIPLE = re.compile(
    rf"\b(?!(?:{_AUXILIARIES}|it|he|she|they|we|who|which|that)\s)([a-z]+)\s+({_PAST_PARTICIPLE})\s+$"
)

# "be", "been", "has" ... just before an adverb that stands where the qualified noun would.
_AUXILIARY_BEFORE = re.compile(rf"\b{_AUXILIARIES}\s+$", re.IGNORECASE)


def _time_of_participle(sentence: str, match: re.Match[str]) -> bool:
    """ "a deal signed on Friday": a point in time right after a participle with no "be" before it and a noun
    before that (a reduced relative clause) dates the participle's deed."""
    if not _POINT_IN_TIME.match(match.group(0)):
        return False
    before = sentence[max(0, match.start() - 40) : match.start()]
    participle = _QUALIFYING_PARTICIPLE.search(before)
    if participle is None or participle.group(1).lower() in _VERB_WORDS:
        return False
    if participle.group(1).lower().endswith("ly") and _AUXILIARY_BEFORE.search(before[: participle.start(1)]):
        return False  # "will be quickly delivered in May": an adverb, after "be", not a noun the participle qualifies
    return participle.group(2).lower() not in _AHEAD_PARTICIPLES


PARTICIPLE_CLAUSE_TIME = rule(
    "deadlines.time-of-a-participle-clause",
    "\"the harbour, damaged by storms in October\": a day or month inside a clause set off by a comma and opened by "
    "a past participle (its agent may come first) dates that clause's deed, not the commitment (\"will rebuild the "
    "harbour, as agreed, in October\" and \"the aid, packed by volunteers, on Friday\" keep their time)",
)
# A comma, then a past participle and an optional agent ("by storms", "by the two leaders"), right before the time.
_SET_OFF_PARTICIPLE = re.compile(
    rf",\s+({_PAST_PARTICIPLE}|hit|torn|shot|broken|seized|stolen)\s+"
    r"(?:by\s+(?:the\s+|a\s+|an\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,2}\s+)?$",
    re.IGNORECASE,
)


def _time_of_participle_clause(sentence: str, match: re.Match[str]) -> bool:
    """ "harbour, damaged by storms in October": a point in time that closes a participle clause set off by a comma
    says when the clause's deed was done."""
    if not _POINT_IN_TIME.match(match.group(0)):
        return False
    before = sentence[max(0, match.start() - 60) : match.start()]
    participle = _SET_OFF_PARTICIPLE.search(before)
    return participle is not None and participle.group(1).lower() not in _AHEAD_PARTICIPLES


ELAPSED_TIME = rule(
    "deadlines.after-years-of-went-before",
    "\"after two years of closure\", \"after months of talks\": a stretch of time spent on something says what "
    "went before the news, not an event the commitment waits for (\"after the talks\" and \"within two years\" stay "
    "deadlines)",
)
_ELAPSED = re.compile(
    rf"after (?:(?:nearly|almost|more than|over|some|several|many|a few|long|{_ANY_COUNT})\s+)*{_UNIT} of\b",
    re.IGNORECASE,
)


SPAN_FROM_TO = rule(
    "deadlines.span-from-one-time-to-another",
    "\"keep one icebreaker on station from November to March\", \"from 2025 until 2030\": a period the commitment "
    "lasts; neither its start nor its end is a date it falls due by",
)
_SPAN_START = re.compile(r"from\s", re.IGNORECASE)
_SPAN_END = re.compile(r"(?:to|until|till|through)\s", re.IGNORECASE)
# A month, a year, a weekday or "the end of", as the second time of a span.
_SPAN_TIME = rf"(?:(?:early |mid-?|late )?{_MONTH}|(?:19|20)\d\d|{_DAY}|the end of)\b"
_SPAN_GOES_ON = re.compile(rf"\s+(?:to|until|till|through)\s+{_SPAN_TIME}", re.IGNORECASE)
_FROM_TO_SPAN = re.compile(rf"\bfrom\s+{_SPAN_TIME}(?:\s+\d{{4}})?\s+(?:to|until|till|through)\s+{_SPAN_TIME}(?:\s+\d{{4}})?", re.IGNORECASE)
# What may stand between a span and a time that still qualifies it: ", starting next summer".
_SPAN_QUALIFIER = re.compile(r"[\s,]*(?:(?:starting|beginning|effective|as of)\s*)?")
_SPAN_OPENED = re.compile(rf"\bfrom\s+{_SPAN_TIME}[^,;.]{{0,12}}\s+$", re.IGNORECASE)


SPAN_EVERY_YEAR = rule(
    "deadlines.span-every-year-then-its-start",
    "\"lend two vessels from April to October every year, starting in 2028\": a span repeated every year keeps the "
    "start written after it (it was lost, and the pledge had no deadline)",
)
# How often a span comes round, between the span and its start: " every year", " each summer", " annually".
_SPAN_REPEATS = re.compile(r"\s+(?:(?:every|each) (?:year|month|week|season|spring|summer|autumn|winter)|annually)")


def _up_to_a_span(sentence: str, later: list[re.Match[str]], after: int) -> list[re.Match[str]]:
    """The times after the commitment up to a span it lasts ("from November to March"), and one right after the
    span (", starting next summer", " every year, starting in 2028"); a time further on is another clause's ("...,
    and it sets up a centre that will open before the end of September")."""
    for span in _FROM_TO_SPAN.finditer(sentence, after):
        end = span.end()
        repeats = _SPAN_REPEATS.match(sentence, end) if SPAN_EVERY_YEAR else None
        end = repeats.end() if repeats else end
        return [
            m for m in later
            if m.start() < span.start() or _SPAN_QUALIFIER.fullmatch(sentence, span.end(), m.start())
            or (repeats is not None and _SPAN_QUALIFIER.fullmatch(sentence, end, m.start()))
        ]
    return later


def _end_of_a_span(sentence: str, match: re.Match[str]) -> bool:
    """ "from November" when "to March" follows, or "until 2030" when "from 2025" comes right before it."""
    text = match.group(0)
    if _SPAN_START.match(text):
        return _SPAN_GOES_ON.match(sentence, match.end()) is not None
    if _SPAN_END.match(text):
        return _SPAN_OPENED.search(sentence, max(0, match.start() - 40), match.start()) is not None
    return False


EARLIER_ACT_OWNS_TIME = rule(
    "deadlines.earlier-act-owns-its-time",
    "\"would host the talks in July and would cover their costs\": a time before \"and would\" is the first act's, not "
    "the second's",
)
_EARLIER_ACT = re.compile(r"\b(?:and|but)\s+(?:also\s+)?(?:would|will|shall)\b", re.IGNORECASE)
OWN_CLAUSE = rule(
    "deadlines.in-the-commitment-s-clause",
    "a time past another report (\"... and that a review would follow within a year\", \"... but declined to discuss "
    "the vote scheduled for May 4\", \"must ratify it within 30 days, and the opposition has said it will vote "
    "against\") is that clause's, not the commitment's",
)
# Where another clause begins: a second report ("and that"), "but", a semicolon, or another subject who says or
# expects ("and expected", ", and the opposition party has said").
_OTHER_CLAUSE = re.compile(
    r"\s+and\s+that\s|\s+but\s(?!also\b|not\b|only\b|rather\b)|;\s|\s+and\s+(?:expected|expects|predicted|hoped|hopes|warned|said|says|declined)\b"
    r"|,\s+and\s+(?:the\s+|its\s+|his\s+|her\s+|their\s+)?(?:[\w’'-]+\s+){1,4}?(?:has\s+|have\s+|had\s+)?"
    r"(?:said|says|expects|expected|warned|predicted)\b"
    r"|\s+and\s+[a-z]+ed\s+(?=(?:the|its|his|her|their)\s)"  # "... and abandoned the pledge within a month"
)
GOAL_OTHERS_SET = rule(
    "deadlines.a-goal-others-set",
    "\"committed to phasing out coal, a goal campaigners say should be met by 2030\", \"will cut the levy, a step "
    "exporters want taken by May\": a time in an aside where others say or want it is their demand, not the "
    "commitment's deadline",
)
# A comma, a noun for an aim ("a goal", "a step", "a target"), then someone who says, wants or demands it.
_GOAL_OTHERS_SET = re.compile(
    r",\s+(?:a|an|the|one)\s+(?:[\w’'-]+\s+){0,2}?(?:goal|target|step|demand|date|deadline|timetable|timeline|aim|"
    r"move|measure|change|reform)\s+(?:that\s+)?(?:[\w’'-]+\s+){1,4}?(?:has\s+|have\s+|had\s+)?(?:say|says|said|"
    r"want|wants|wanted|demand|demands|demanded|urge|urges|urged|called\s+for|insist|insists|insisted|argue|argues)\b",
    re.IGNORECASE,
)


def _in_a_goal_others_set(sentence: str, after: int, match: re.Match[str]) -> bool:
    """The time stands inside an aside opened after the commitment where others say or want it (", a goal
    campaigners say should be met by 2030"); one after the aside has closed (", a step mills demanded, by May") is
    the commitment's own."""
    if match.start() < after:
        return False
    aside = _GOAL_OTHERS_SET.search(sentence, after, match.start())
    return aside is not None and not re.search(r"[,;:]", sentence[aside.end() : match.start()])


NAMED_OTHER_SPEAKER = rule(
    "deadlines.another-speaker-named-in-commas",
    "\"has committed to X, and its water minister, Ada Brun, said Norland would fund sirens by spring\": a time past "
    "\"and\" and a speaker named in commas belongs to what that speaker said, not to the commitment before",
)
# ", and" a subject (a role of up to four words), a name set in commas, then the verb that reports.
_NAMED_OTHER_CLAUSE = re.compile(
    r",\s+and\s+(?:the\s+|its\s+|his\s+|her\s+|their\s+)?(?:[\w’'-]+\s+){0,3}[\w’'-]+,\s+"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3},\s+(?:has\s+|have\s+|had\s+)?(?:said|says|told|added|announced|expects|expected|warned)\b"
)
# Before its commitment a clause ("After talks with Estavia, Norland said ...") sets the scene.
_CLAUSE_START = re.compile(
    r"(?i:when|whenever|after|by the time|as long as|so long as|following|upon|on (?!the\b)[a-z]+ion\b|"
    r"before (?!(?:the |a |an )?(?:end|start|beginning|middle)\b)"
    r"(?:the |a |an |its |their |his |her )?[\w’'-]+(?: [\w’'-]+){0,2}? (?:is|are|has|have|can|breaks|meets))\b"
)


_VISIT = re.compile(r"(?:" + "|".join(_VISIT_FORMS) + r")$")
# A commitment still to come: "will sign", "is to sign", "would sign", "plans to sign" (not "pledged to sign").
_TO_COME_VERB = re.compile(r"\b(?:will|shall|would|is to|are to|is due to|are due to|is set to|are set to|plans to|"
                           r"is expected to|are expected to)\b|['’]ll\b", re.IGNORECASE)
# "decide when the troops would leave": a question or a hypothesis, not an event awaited.
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might|should)\b", re.IGNORECASE)


def is_clause(when: str) -> bool:
    """Whether a deadline is a clause the commitment waits for ("after the vote", "when the talks resume")."""
    return bool(_CLAUSE_START.match(when))


def _trimmed(text: str) -> str:
    """A deadline without a sentence's full stop ("in May." -> "in May"; "by Oct." keeps its own)."""
    if text.endswith(".") and not re.search(r"\b[A-Za-z]{3,4}\.$", text) or re.search(
        r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|\d+)\.$", text, re.I
    ):
        text = text.rstrip(".")
    return text


CUT_CLAUSE = rule(
    "deadlines.no-dangling-word",
    "an event clause cut at its word limit (\"once Harrow releases the prisoners still held in\" the capital) ends on "
    "its last content word, not on a preposition or an article (\"before winter sets in.\" ends the sentence: kept)",
)
_GOES_ON = re.compile(r"\s+[\w’'-]")  # the sentence goes on after the time with another word: it was cut there
_DANGLING = re.compile(
    r"(?:\s+(?i:in|of|the|a|an|to|at|on|for|with|by|from|its|their|his|her|our|and|or|into|near|under|over))+$"
)


def _deadline_before(text: str) -> bool:
    """A deadline written before its commitment counts when a preposition leads it ("By Friday, Norland will
    ..."); a bare date there ("On Monday", "March 3") says when the commitment was made."""
    if not DEADLINE_FIRST:
        return not re.match(r"on\b|\d|[A-Z]", text)
    if re.match(r"(?i:at|during|of|for)\b", text) or re.search(r"['’]s? ", text) and not re.match(r"(?i:by|before|ahead|in time|until)\b", text):
        return False  # "at Monday's summit, Norland pledged ...": where the promise was made
    return not re.match(r"(?i:on)\b|\d|(?:[A-Z][a-z]+\.? \d)", text) and not re.fullmatch(r"[A-Z]\w+", text)


FUTURE_DAY_FIRST = rule(
    "deadlines.day-before-a-future",
    "a day written before a commitment in the future (\"On Friday, Norland will reopen the crossing\") is when it "
    "falls due; before a report (\"On Monday, the minister said Norland will ...\") it is when it was said",
)
_A_DAY = re.compile(rf"(?:on )?(?:{_DAY}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}} {_MONTH})(?:,? \d{{4}})?$", re.I)
_SAID_BETWEEN = re.compile(
    r"\b(?:said|says|told|announced|added|stated|confirmed|declared|pledged|promised|vowed|agreed|wrote|tweeted|"
    r"posted)\b",
    re.IGNORECASE,
)


DATELINE_DAY = rule(
    "deadlines.dateline-day",
    "the date of a wire dateline (\"OSTRA, Sept. 14 (Northwire) - Norland will ...\") is when the story was filed, "
    "not when the commitment after it falls due",
)


def _day_before_future(sentence: str, match: re.Match[str], after: int) -> bool:
    """A day ("On Friday", "March 20") that opens a commitment in the future, with no report between them (not the
    day of a wire dateline, which is when the story was filed)."""
    if DATELINE_DAY and match.start() < len(sentence) - len(strip_dateline(sentence)):
        return False
    return bool(FUTURE_DAY_FIRST) and bool(_A_DAY.match(match.group(0))) and not _SAID_BETWEEN.search(
        sentence, match.end(), after
    )


DEADLINE_FIRST = rule(
    "deadlines.leading-deadline", "a deadline that opens the sentence (\"By Friday, Norland will ...\") is the deadline"
)


def _is_money_or_count(sentence: str, match: re.Match[str]) -> bool:
    """'in 2014' inside 'inked in 2014' is a date in the past, not a deadline, when the verb is past."""
    text = match.group(0).lower()
    if re.fullmatch(r"(?:in|by) \d{4}", text):
        return int(text[-4:]) < 1900
    if BASE_YEAR and re.fullmatch(r"(?:from|on|since) \d{4}", text) and re.match(r"\s+levels?\b", sentence[match.end():]):
        return True  # "cut emissions 40 percent from 2005 levels by 2030": the base year, not the deadline
    return False


NAMED_DEADLINE = rule(
    "deadlines.named-deadline",
    "a deadline named by its date (\"by the March 3 deadline\", \"the end-of-June deadline\") falls due on that date",
)
_NAMED_DEADLINE = re.compile(r"(?:(?P<prep>by|before|on|ahead of) )?the (?:final |new |agreed |original )?(?P<time>.+?) deadline")


START_NOT_DUE = rule(
    "deadlines.start-of-a-period-has-no-due-date",
    "\"starting in January\", \"beginning next month\", \"from 2029\": when a continuing act begins, given as a "
    "month, a year or a period ahead, is no date by which it must be done; its words stay, with no due date, so a "
    "tracker never calls it overdue at the period's end (an exact day, \"from 1 July\", \"from Monday\", is the "
    "day the act takes effect and keeps its date)",
)
_START_OF = re.compile(r"(?:starting|beginning|from)\s+(?:in\s+|on\s+|at\s+)?(?P<rest>.+)")
# A day the start names exactly: "1 July", "July 1", "the first of July", a weekday, "tomorrow", "midnight".
_EXACT_DAY = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\bthe\s+\w+\s+of\s+{_MONTH}|\b{_DAY}\b"
    r"|\b(?:today|tomorrow|tonight|midnight)\b"
)


def resolve_due(when: str | None, published: date | None) -> date | None:
    """The date a deadline means, counted from the publication date; None when the words do not say."""
    if not when or published is None:
        return None
    text = re.sub(r"\s+", " ", when.lower().strip())
    if SPREAD_OVER and _SPREAD.fullmatch(text):
        return None  # "€400 million over three years": how long the money is spread, from no date the story gives
    if FROM_A_PERIOD_AHEAD and _FROM_A_PERIOD_AHEAD.fullmatch(text):
        return None  # "from next month": when the act starts, not a date it must be done by
    if FIRST_PERIOD and _FIRST_PERIOD.fullmatch(text):
        return None  # "for the first month": the first period of the act, from no date the story gives
    if NOTICE_AHEAD and _NOTICE_AHEAD.fullmatch(text):
        return None  # "four weeks in advance": how far ahead of each occasion, from no date the story gives
    if FOR_A_PERIOD and _FOR_PERIOD.fullmatch(text):
        return None  # "suspend trawling for six months": how long the act lasts, not when it is due
    if CLAUSE_LASTS and _LASTS.search(text):
        return None  # "as soon as the ceasefire holds for a week": a condition that lasts, from no date given
    anchored = _COUNTED_FROM_A_DATE.fullmatch(text) if COUNTED_FROM_A_DATE else None
    if anchored:  # "within 30 days of the signing on 4 May": counted from that date, not from the story's
        return _counted_from(anchored, published)
    calendar_due = _calendar_forms_due(text, published)
    if calendar_due is not None:
        due_or_none = calendar_due[0]
        return due_or_none if due_or_none is None or due_or_none >= published or not PAST_REFUSED else None
    start = _START_OF.fullmatch(text) if START_NOT_DUE else None
    if start and not start.group("rest").startswith("with ") and not _EXACT_DAY.search(start.group("rest")):
        return None  # "starting in January": when the act begins, not when it must be done
    named = _NAMED_DEADLINE.fullmatch(text) if NAMED_DEADLINE else None
    if named:  # "by the March 3 deadline" is due when "by March 3" is
        time = named.group("time").replace("-", " ")  # "the end-of-June deadline"
        time = "the " + time if time.startswith("end of") else time
        text = " ".join(part for part in (named.group("prep"), time) if part)
    if DAY_NEXT_YEAR and text.endswith(" next year") and re.search(_MONTH, text[:-10]):
        day = _ordinal_day(text[:-10], published) or _day_month(text[:-10], published)
        if day is not None:  # "on the first of May next year": that day, in the year after publication
            return date(published.year + 1, day.month, min(day.day, calendar.monthrange(published.year + 1, day.month)[1]))
    for resolver in (
        _part_ahead, _relative, _count, _end_of, _ordinal_day, _day_month, _month_only, _year_only, _weekday, _season,
        _occasion, _easter,
    ):
        due = resolver(text, published)
        if due is not None:
            return due if due >= published or not PAST_REFUSED else None
    if APPROXIMATE or CALENDAR:
        hedged = _hedged_date(text, published)
        if hedged is not None:
            return hedged if hedged >= published or not PAST_REFUSED else None
    if INNER_TIME and not re.match(r"(?:within|in|for|over) .* of ", text):  # "within six months of the vote ...": later
        rest = text.partition(" ")[2]  # past the phrase's first word, whose form spans the whole phrase
        inner = [m for m in _candidates(rest) if m.end() == len(rest) and m.start() > 0]
        if inner:  # "during his trip to Velmora next week", "when the leaders meet next month": that time
            return resolve_due(inner[-1].group(0), published)
    due = _parsed_date(text, published) if DATEPARSER else None
    if due is not None and due < published and PAST_REFUSED:
        return None
    return due


def _calendar_forms_due(text: str, published: date) -> tuple[date | None] | None:
    """The due date of a split school or fiscal year, a fiscal year named by its place, a short quarter, a date in
    figures or a span of months, as a one-item tuple (holding None where the words give no date); None when the
    text is none of these."""
    if SPLIT_YEAR and re.search(_SPLIT_YEAR + r" (?:" + _CALENDAR_NOUN + r" )?(?:year|season|term|session|budget)$", text):
        return (None,)  # "by the start of the 2028-29 school year": when it starts is the country's own calendar
    if SCHOOL_TERM and _SCHOOL_TERM.fullmatch(text):
        return (None,)  # "from the autumn term": the school's calendar
    if NEXT_CALENDAR_YEAR and _NEXT_CALENDAR_YEAR.fullmatch(text):
        return (None,)  # "in the next fiscal year": not the calendar's next year
    if YEAR_OF_A_CALENDAR and _YEAR_OF_A_CALENDAR.fullmatch(text):
        return (None,)  # "in the 2028 fiscal year": the country's own calendar
    if IMMEDIATELY_AFTER and re.fullmatch(_IMMEDIATELY_AFTER_FORMS[0], text):
        return (None,)  # "immediately after the first payment is received": waits for an event with no date given
    if START_IN_A_SEASON and re.fullmatch(_START_IN_A_SEASON_FORMS[0], text):
        return (None,)  # "starting next summer": when the act begins, not when it must be done
    if EVENT_OF_A_BODY and re.fullmatch(_EVENT_OF_A_BODY_FORMS[0], text):
        return (None,)  # "before the summer recess of its parliament": the body's calendar, no date given
    if BODY_BREAKS_FOR_A_SEASON and _BODY_BREAKS_FOR_A_SEASON.fullmatch(text):
        return (None,)  # "before parliament breaks for summer": the body's calendar, no date given
    if DATED_PLAN and _DATED_PLAN.fullmatch(text):
        return (None,)  # "within the framework of the 2030 plan": the plan's horizon, no date promised for the act
    if (AS_QUICKLY_AS and re.fullmatch(_AS_QUICKLY_AS_FORMS[0], text)) or (
        FITTING_TIME and re.fullmatch(_FITTING_TIME_FORMS[0], text)
    ):
        return (None,)  # "as quickly as we can", "at an appropriate time": no date
    course = _IN_THE_COURSE_OF.fullmatch(text) if IN_THE_COURSE_OF else None
    if course:  # "in the course of next year": as "in next year" is, "in" dropped before "next"/"this"
        rest = course.group("rest")
        rest = rest[len("the "):] if re.match(r"the (?:next|coming) (?:week|month|year)\b", rest) else rest
        rest = "this " + rest[len("the "):] if re.fullmatch(r"the (?:week|month|year)", rest) else rest
        return (resolve_due(rest if re.match(r"(?:next|this) ", rest) else "in " + rest, published),)
    quarter = re.fullmatch(r"(?:in|by|during|before|until|till|no later than|for) (?:the )?q([1-4])", text)
    if QUARTER_WITHOUT_YEAR and quarter:
        due = _month_end(published.year, 3 * int(quarter.group(1)))
        return (due if due >= published else _month_end(published.year + 1, 3 * int(quarter.group(1))),)
    figures = _NUMERIC_DATE_IN.search(text)
    if NUMERIC_DATE and figures and re.fullmatch(r"(?:(?:by|before|until|till|on|from|no later than|on or before) )?[\d/.]+", text):
        first, second, year = int(figures.group(1)), int(figures.group(2)), int(figures.group(3))
        year = year + 2000 if year < 100 else year
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            day, month = second, first
        else:
            return (None,)  # "03/04/2027": 3 April or 4 March, as the outlet's country writes it
        try:
            return (date(year, month, day),)
        except ValueError:
            return (None,)
    iso = _ISO_DATE_IN.fullmatch(text) if ISO_DATE else None
    if iso:  # "by 2028-06-30": that day
        try:
            return (date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))),)
        except ValueError:
            return (None,)
    day_month = _NUMERIC_DAY_MONTH_IN.fullmatch(text) if NUMERIC_DAY_MONTH else None
    if day_month:  # "by 31/03", "by 12/15": the next such day, where the order is plain
        first, second = int(day_month.group(1)), int(day_month.group(2))
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            day, month = second, first
        else:
            return (None,)  # "12/03": 12 March or 3 December, as the outlet's country writes it
        try:
            return (date(_year_for(published, month, day), month, day),)
        except ValueError:
            return (None,)  # "31/02": no such day
    short_end = _END_OF_A_SHORT_QUARTER.fullmatch(text) if END_OF_A_SHORT_QUARTER else None
    if short_end:  # "by the end of Q2": that quarter's last day this year; gone by, no due date
        number = int(re.search(r"q([1-4])", text).group(1))  # type: ignore[union-attr]
        return (_month_end(published.year, 3 * number),)
    if NOW_UNTIL and text.startswith("between now and "):  # "between now and the end of March": by then
        return (resolve_due("by " + text[len("between now and ") :], published),)
    close = _CLOSE_OF_BUSINESS.fullmatch(text) if CLOSE_OF_BUSINESS else None
    if close:  # "by the close of business on Friday": that Friday; with no day, the day of the story
        which_day = re.search(r"(?:on )?(" + _DAY + r")$|(today|tomorrow)$", text)
        return (resolve_due(which_day.group(0), published) if which_day else published,)
    if OVER_A_SEASON and re.fullmatch(_OVER_A_SEASON_FORMS[0], text):  # "over the summer": as "in the summer"
        return (resolve_due("in " + text[len("over ") :], published),)
    span = _MONTH_SPAN.search(text) if MONTH_SPAN else None
    if span:  # "between May and July": when July ends
        year, month = _month_of(published, span.group(1).lower(), span.group(2), None)
        return (_month_end(year, month),)
    return None


_HEDGE = re.compile(
    r"^(?:towards?|around|near|close to|as early as|as soon as|no sooner than|no earlier than|not before|not until|"
    r"on or (?:before|after)|later|this coming|this|on|sometime|some time)\s+"
)


def _hedged_date(text: str, published: date) -> date | None:
    """The date of a loose or hedged time ("towards the end of the year", "as early as next week", "on Tuesday next
    week", "in the middle of December", "in the fourth quarter", "in Q1 2027"); None when the words do not say."""
    if APPROXIMATE:
        week = re.fullmatch(r"(?:on |this coming |this )?(" + _DAY + r") (next|this) week|this coming (" + _DAY + ")", text)
        if week:
            day = week.group(1) or week.group(3)
            monday = published - timedelta(days=published.weekday()) + timedelta(days=7 if week.group(2) == "next" else 0)
            due = monday + timedelta(days=_WEEKDAYS[day])
            return due if week.group(2) else _weekday(day, published)
        if re.fullmatch(r"(?:by|before|at) the year-end", text) or (
            YEAR_END and re.fullmatch(r"(?:by|before) year-end", text)
        ):
            return date(published.year, 12, 31)
        part = re.search(r"\b(start|beginning|middle) of (?:(this|next) month|(" + _MONTH + r")(?: (\d{4}))?)$", text)
        if part:
            year, month = _month_of(published, part.group(3), part.group(4), part.group(2))
            return date(year, month, 20 if part.group(1) == "middle" else 10)
        season = re.search(r"\b(spring|summer|autumn|fall|winter)(?: of)? (\d{4}|next year|this year)$", text)
        if season and season.group(1) != "winter":
            month, day = _PART_ENDS[season.group(1)]
            which = season.group(2)
            return date(int(which) if which.isdigit() else published.year + (which == "next year"), month, day)
        core = _HEDGE.sub("", text)
        if core != text:
            for resolver in (_part_ahead, _relative, _end_of, _ordinal_day, _day_month, _month_only, _year_only, _weekday,
                             _season):
                found = resolver(core, published)
                if found is not None:
                    return found
    if CALENDAR:
        quarter = re.search(r"\b(?:(first|second|third|fourth|final|last) quarter|q([1-4])(?: of)? (\d{4}))$", text)
        if quarter:
            order = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
            number = order[quarter.group(1)] if quarter.group(1) else int(quarter.group(2))
            year = int(quarter.group(3)) if quarter.group(3) else published.year
            due = _month_end(year, 3 * number)
            return due if due >= published or quarter.group(3) else _month_end(year + 1, 3 * number)
    return None


def in_past(when: str, published: date | None) -> bool:
    """Whether a deadline's words name a date before publication ("in 2005", "on March 3, 2004")."""
    if published is None or not PAST_REFUSED:
        return False
    text = re.sub(r"\s+", " ", when.lower().strip())
    if re.match(r"(?:within|in|for|over) .* of ", text):
        return False  # "within 18 months of the coup of 14 August 2024": the date counted from, not the due date
    iso = _ISO_DATE_IN.fullmatch(text) if ISO_DATE else None
    if iso:  # "by 2025-06-30", read in 2027: a day gone by
        return text[-10:] < published.isoformat()
    for resolver in (_end_of, _ordinal_day, _day_month, _month_only, _year_only):
        due = resolver(text, published)
        if due is not None:
            return due < published
    if YEAR_GONE_BY:  # "during the winter of 2025", "in the spring of 2024", read in 2027: a time gone by
        year = _LAST_YEAR.search(text)  # (a bare "from 2005" is a start or a base year: deadlines.base-year-...)
        return year is not None and int(year.group(1)) < published.year and not re.fullmatch(r"(?:from|since) \d{4}", text)
    return False


PASSED_UNDER_A_PAST_PROMISE = rule(
    "deadlines.passed-under-a-past-promise",
    "\"Orsania had promised to dismantle the checkpoints by March 31\", \"had pledged to publish it by November 15 "
    "but has yet to do so\", read after that day: a day or month without its year, under a promise in the past "
    "perfect (or one the sentence says was missed or passed), is this year's, gone by; no due date (it fell due a "
    "year later). The deadline's words are kept: the promise is still owed",
)
_MISSED = re.compile(r"\b(?:deadline|date)\s+(?:that|which)\s+(?:has\s+|had\s+)?(?:passed|gone\s+by|was\s+missed|lapsed)\b"
                     r"|\bmissed\s+(?:the|that|this|its)\s+(?:deadline|date)\b", re.IGNORECASE)
# "... promised to pay by March 15 but has yet to do so": the promise's own side owes it still. Only after the
# promise, and only of a promise made in the past: "Norland has yet to reply, but Estavia will withdraw ... by
# March 31" says nothing of Estavia's deadline.
_YET_TO = re.compile(r"\b(?:has|have)\s+yet\s+to\b", re.IGNORECASE)
_PAST_PROMISE = re.compile(r"\b(?:promised|pledged|vowed|undertook|committed|agreed|guaranteed|assured)\b",
                           re.IGNORECASE)
_PLUPERFECT_PROMISE = re.compile(
    r"\bhad\s+(?:\w+ly\s+)?(?:promised|pledged|vowed|undertaken|committed|agreed|guaranteed|assured)\b", re.IGNORECASE
)


def passed_under_a_past_promise(sentence: str, trigger_end: int, when: str, published: date | None) -> bool:
    """Whether a deadline without its year has gone by this year, under a promise in the past perfect or one the
    sentence calls missed (see PASSED_UNDER_A_PAST_PROMISE)."""
    if published is None or not PASSED_UNDER_A_PAST_PROMISE:
        return False
    owed_still = bool(_YET_TO.search(sentence, trigger_end) and _PAST_PROMISE.search(sentence, 0, trigger_end))
    if not (_PLUPERFECT_PROMISE.search(sentence, 0, trigger_end) or _MISSED.search(sentence) or owed_still):
        return False
    text = re.sub(r"\s+", " ", when.lower().strip())
    if re.search(r"\d{4}|\bnext\b", text):
        return False  # a year written, or "next March": no doubt which
    new_year = date(published.year, 1, 1)
    for resolver in (_end_of, _ordinal_day, _day_month, _month_only):
        due = resolver(text, new_year)
        if due is not None:
            return due < published
    return False


CALENDAR_DATE_UNDER_A_DATED_PROMISE = rule(
    "deadlines.dated-promise-keeps-a-calendar-date",
    "\"Norr promised in March to hold a referendum by the end of the year\" (read in October), \"promised in 2025 to "
    "finish it by 2029\", \"promised in October to pay before Christmas\" (read in December): a deadline the calendar "
    "fixes whenever it was said (a year written; for a promise made earlier in the story's year, the end of the year "
    "or a month, season or holiday still ahead in it) keeps its due date; a promise dated before the story otherwise "
    "gives none, since its \"within six months\" or \"by spring\" was counted from when it was made",
)
_THIS_YEARS_END = re.compile(
    r"(?:by|before|until|till|no later than|within|later|at|in) (?:the )?(?:end of (?:the|this) year|year['’]s end|"
    r"this year|the year|course of the year)"
)


def calendar_date_kept(when: str, said_this_year: bool, due: date | None = None, published: date | None = None) -> bool:
    """Whether a deadline means the same date whenever the promise was made (see CALENDAR_DATE_UNDER_A_DATED_PROMISE)."""
    if not CALENDAR_DATE_UNDER_A_DATED_PROMISE:
        return False
    text = re.sub(r"\s+", " ", when.lower().strip())
    if re.search(r"\b(?:19|20)\d\d\b", text) and not re.match(r"(?:within|in|for|over) .* of ", text):
        return True  # "by 2029", "by June 30, 2028": a date on the calendar
    if not said_this_year:
        return False
    if _THIS_YEARS_END.fullmatch(text):
        return True
    # "promised in October to pay before Christmas", read in December: a day of the calendar still ahead this year
    return (
        due is not None and published is not None and due.year == published.year
        and _CALENDAR_NAMED.search(text) is not None and not _COUNTED_FROM_THEN.search(text)
    )


_CALENDAR_NAMED = re.compile(rf"\b(?:{_MONTH}|christmas|easter|spring|summer|autumn|fall|winter|quarter)\b")
_COUNTED_FROM_THEN = re.compile(r"\b(?:within|next|coming|after|weeks?|days?|months?|the month|the week)\b")


YEAR_GONE_BY = rule(
    "deadlines.ends-on-a-year-gone-by",
    "a time that ends on a year before the story's (\"the transit fees it withheld during the winter of 2025\", "
    "\"in the spring of 2024\", read in 2027) is when something happened, not a due date, whatever its first words",
)
# A year that closes the time's words ("the winter of 2025"), not one inside an event clause ("before the 2025
# accord expires") or a fiscal year written with its end ("2025-26").
_LAST_YEAR = re.compile(r"(?<![\d/-])((?:19|20)\d\d)$")


PAST_REFUSED = rule("deadlines.past-refused", "a deadline that falls before the article was published is no due date")
DATEPARSER = rule(
    "deadlines.dateparser",
    "a deadline the hand-written forms cannot resolve (\"in a fortnight\", \"le 30 juin\") is read by dateparser, "
    "counted from the publication date",
)
_LEAD_WORDS = re.compile(
    r"^(?:by|before|until|till|no later than|within|in|on|from|over|the|starting|beginning|effective|as of|early|"
    r"late|mid-?|de|le|la|до|к)\s*(?<=[\s-])"
)


def _parsed_date(text: str, published: date) -> date | None:
    """dateparser's reading of a deadline, counted from the publication date; None when it reads none.

    Prepositions are dropped first ("within ten days" -> "ten days"); a span of time counts forward.
    """
    import dateparser  # loaded on first need: most deadlines resolve by hand

    core = text
    while _LEAD_WORDS.match(core):
        core = _LEAD_WORDS.sub("", core, count=1)
    if not core or len(core) > 40:
        return None
    base = datetime(published.year, published.month, published.day)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
    try:
        moment = dateparser.parse(core, languages=_LANGUAGES, settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None
    return moment.date() if moment is not None else None


_LANGUAGES = ["en", "fr", "de", "es", "ru", "it", "pt"]


def _occasion(text: str, published: date) -> date | None:
    """The date of an event named with its time ("at next week's summit": the week's end; "before Sunday's
    vote": that Sunday), of the new year, and of a time of day ("by midnight on Friday")."""
    if not (OCCASION or PERIOD_AHEAD):
        return None
    if text == "in the new year":
        return None  # some time early next year: no date to hold it to
    if re.search(r"\bnew year", text):
        return date(published.year, 12, 31)
    owned = re.search(r"\b((?:this|next) (?:week|month|year)|" + _DAY + r"|" + _MONTH + r")['’]s?\s", text)
    if owned:
        time = owned.group(1)
        return _relative(time, published) or _weekday(time, published) or _month_only(f"in {time}", published)
    hour = re.match(r"by (?:midnight|noon|nightfall)(?: (?:on )?(.+))?$", text) or (
        AT_A_TIME and re.match(r"at (?:midnight|noon|dawn|" + _CLOCK + r")"
                               r"(?: local time| gmt| utc)?(?: (?:on )?(.+))?$", text)
    )
    if hour:
        rest = hour.group(1)
        if not rest or rest in ("tonight", "today"):
            return published
        return _relative(rest, published) or _weekday(rest, published)
    return None


_PART_WEEK_OF = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _part_ahead(text: str, published: date) -> date | None:
    """ "by early next week" (its Wednesday), "late next month" (its last day), "early next year" (March 31),
    "in the first week of December" (the 7th), "the second half of March" (the 31st), "from midnight" (today)."""
    if not PARTS_AHEAD:
        return None
    ahead = re.search(r"\b(early|late|mid)-?\s?(next|this) (week|month|year)$", text)
    if ahead:
        part, which, unit = ahead.groups()
        if unit == "week":
            sunday = published + timedelta(days=6 - published.weekday() + (7 if which == "next" else 0))
            return sunday - timedelta(days=4) if part == "early" else sunday
        if unit == "month":
            year, month = _next_month(published.year, published.month) if which == "next" else (published.year, published.month)
            day = {"early": 10, "mid": 20}.get(part, calendar.monthrange(year, month)[1])
            return date(year, month, day)
        month, day = {"early": (3, 31), "mid": (6, 30)}.get(part, (12, 31))
        return date(published.year + (which == "next"), month, day)
    middle = re.search(r"\bthe middle of (next year|this year|the year|\d{4})$", text) if MIDDLE_OF_A_YEAR else None
    if middle:
        which = middle.group(1)
        return date(int(which) if which.isdigit() else published.year + (which == "next year"), 6, 30)
    within = re.search(
        r"\bthe (first|second|third|fourth|last|final) (week|fortnight|half|ten days) of (?:(" + _MONTH
        + r")(?: (\d{4}))?|(this|next) month)$",
        text,
    )
    if within:
        order, part, month_word, year_word, which = within.groups()
        year, month = _month_of(published, month_word, year_word, which)
        last = calendar.monthrange(year, month)[1]
        if order in ("last", "final"):
            return date(year, month, last)
        size = {"week": 7, "fortnight": 14, "half": 15 if order == "first" else last, "ten days": 10}[part]
        return date(year, month, min(last, size * _PART_WEEK_OF[order] if part != "half" else size))
    hour = re.match(r"from (?:midnight|noon|dawn)(?: (?:on )?(.+))?$", text)
    if hour:
        rest = hour.group(1)
        if not rest or rest == "tonight":
            return published
        return _relative(rest, published) or _weekday(rest, published)
    return None


def _counted_from(match: re.Match[str], published: date) -> date | None:
    """The due date of a span counted from a dated event: the event's date plus the span. A date without its year is
    the nearest such date, up to half a year back (the event may already have happened: a span that has then run out
    is no due date)."""
    start = _day_month(match.group("date"), published)
    number = _number(match.group("count"))
    if start is None or number is None:
        return None
    unit = match.group("unit")
    if not re.search(r"\d{4}$", match.group("date")):
        try:
            start = date(published.year, start.month, start.day)
        except ValueError:
            return None
        # The nearest such date: "on 20 December" read on 10 January is three weeks back, not eleven months ahead;
        # "on 4 February" read in December is in two months, not ten back.
        if published - start > timedelta(days=183):
            start = _same_day_in(published.year + 1, start)
        elif start - published > timedelta(days=183):
            start = _same_day_in(published.year - 1, start)
    due = _after_a_span(start, number, unit)
    return due if due >= published or not PAST_REFUSED else None


def _after_a_span(start: date, number: int, unit: str) -> date:
    """The day a span ends, counted from `start`: hours round up to whole days, months and years by the calendar."""
    unit = unit.lower().rstrip("s")
    if unit == "hour":
        return start + timedelta(days=-(-number // 24))
    if unit in ("day", "week"):
        return start + timedelta(days=number * (7 if unit == "week" else 1))
    return _add_months(start, number * {"month": 1, "year": 12, "decade": 120}[unit])


SIGNING_THE_STORY_DATES = rule(
    "deadlines.counted-from-the-signing-the-story-dates",
    "\"within 90 days of signing\", \"within thirty days of signature\" in a story that says the accord was \"signed in "
    "Rell on Wednesday\" or \"signed ... on 6 May\": counted from that day, it falls due (it had no date); a signing "
    "the story does not date, or one still ahead (\"are expected to sign on Thursday\"), gives none",
)
_OF_SIGNING = re.compile(
    rf"(?:within|in|no later than|not later than) (?P<count>{_ANY_COUNT})[ -](?:working |business |calendar )?"
    rf"(?P<unit>{_UNIT}) (?:of|after|from|following) (?:the |its |their )?(?:signing|signature)\b.*",
    re.IGNORECASE,
)
# "signed an energy agreement in Rell on Wednesday", "signed the treaty in Caldor on 6 May": a signing done, dated.
_SIGNED_ON = re.compile(
    rf"(?<!\bbe )(?<!\bbeing )\bsigned\b[^.;,:]{{0,80}}?\bon (?P<day>{_DAY}|{_DATE})\b", re.IGNORECASE
)


def due_from_the_signing(when: str | None, text: str, published: date | None) -> date | None:
    """The due date of a span counted from the signing ("within 90 days of signing"), from the day the story says
    the accord was signed, on or before publication (SIGNING_THE_STORY_DATES); None where the story dates none."""
    span = _OF_SIGNING.fullmatch(when.strip()) if when and published and SIGNING_THE_STORY_DATES else None
    signed = _SIGNED_ON.search(text) if span else None
    number = _number(span.group("count").lower()) if span else None
    if span is None or signed is None or number is None or published is None:
        return None
    day = signed.group("day").lower()
    if day in _WEEKDAYS:
        start: date | None = published - timedelta(days=(published.weekday() - _WEEKDAYS[day]) % 7)
    else:
        start = _day_month(day, published)
        if start is not None and start > published:
            start = _same_day_in(published.year - 1, start)
    if start is None or published - start > timedelta(days=183):
        return None
    due = _after_a_span(start, number, span.group("unit"))
    return due if due >= published else None


def _same_day_in(year: int, day: date) -> date:
    """`day`'s month and day in `year` (29 February the 28th in a common year)."""
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


QUARTER_OF_THIS_YEAR = rule(
    "deadlines.quarter-of-this-year",
    "\"in the second quarter of this year\", \"in the first half of this year\": due when that quarter or half ends "
    "(it fell due on 31 December, read as \"this year\")",
)


def _relative(text: str, published: date) -> date | None:
    if text in ("within the week", "by the weekend", "by the end of the weekend"):
        return published + timedelta(days=6 - published.weekday())
    if text == "within the month":
        return _month_end(published.year, published.month)
    if text == "within the year" or re.fullmatch(r"(?:by|before|until) (?:the )?year['’]s end", text):
        return date(published.year, 12, 31)
    if COUNTED and re.fullmatch(r"(?:within|in|over|during) the (?:next|coming) fortnight|in a fortnight['’]s time", text):
        return published + timedelta(days=14)
    if text in ("immediately", "at once", "without delay", "forthwith", "today", "later today", "this morning",
                "this afternoon", "this evening"):
        return published
    if text.endswith("weekend"):
        return published + timedelta(days=(6 - published.weekday()) + (7 if text.startswith("next") else 0))
    if text == "tomorrow" or (PART_OF_TOMORROW and text.startswith("tomorrow ")):
        return published + timedelta(days=1)
    if text == "tonight":
        return published
    if text == "later in the year":
        return date(published.year, 12, 31)
    if text == "later in the month":
        return _month_end(published.year, published.month)
    if text == "later in the week":
        return published + timedelta(days=6 - published.weekday())
    if text.endswith("this week"):
        return published + timedelta(days=6 - published.weekday())
    if text == "next week":
        return published + timedelta(days=13 - published.weekday())
    if text.endswith("this month"):
        return _month_end(published.year, published.month)
    if text == "next month":
        return _month_end(*_next_month(published.year, published.month))
    if text.endswith("this year") and not (QUARTER_OF_THIS_YEAR and re.search(r"\b(?:quarter|half) of this year$", text)):
        return date(published.year, 12, 31)  # (a quarter or half of this year ends with it: `_season`)
    if text == "next year":
        return date(published.year + 1, 12, 31)
    return None


def _count(text: str, published: date) -> date | None:
    text = re.sub(r"['’]s? time$", "", text) if COUNTED else text  # "in six months' time"
    if " of " in text:
        return None  # "within six months of the amendments taking effect": counted from an event, not a date
    match = re.search(
        r"(?:within|in|for|over|by) (?:the next |the coming |another |a further |an additional |up to |at least )?"
        r"([\w-]+)[ -](?:(?:more|further|additional|extra|working|business|calendar) )?(hour|day|week|month|year|decade)s?$",
        text,
    )
    number = _number(match.group(1)) if match else None
    if match is None or number is None:
        return None
    unit = match.group(2)
    if unit == "hour":
        return published + timedelta(days=-(-number // 24))
    if unit == "day":
        return published + timedelta(days=number)
    if unit == "week":
        return published + timedelta(weeks=number)
    if unit == "month":
        return _add_months(published, number)
    return _add_months(published, (120 if unit == "decade" else 12) * number)


_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_MORE_NUMBERS = {
    "thirteen": 13, "fourteen": 14, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "forty": 40,
    "fifty": 50, "seventy": 70, "eighty": 80,
}


def _number(word: str) -> int | None:
    """A count written in digits or words ("30", "six", "fourteen", "forty-eight"); None for anything else."""
    if word.isdigit():
        return int(word)
    if word in _NUMBERS:
        return _NUMBERS[word]
    if not COUNTED:
        return None
    if word in _MORE_NUMBERS:
        return _MORE_NUMBERS[word]
    tens, _, unit = word.partition("-")
    if tens in _TENS and unit in _NUMBERS and _NUMBERS[unit] < 10 and unit not in ("a", "an"):
        return _TENS[tens] + _NUMBERS[unit]
    return None


_ORDINALS = {word: n for n, word in enumerate(_ORDINAL_WORDS[:20], start=1)} | {"thirtieth": 30}


def _ordinal_day(text: str, published: date) -> date | None:
    """ "by the 15th" (the next 15th on or after publication), "before the fifteenth", "by the first of May"."""
    if not DAY_OF_MONTH:
        return None
    match = re.search(r"\bthe ([\w-]+?)(?:st|nd|rd|th)?(?: of (" + _MONTH + r")(?:,? (\d{4}))?| of (?:this|the) month)?$", text)
    if not match or not re.fullmatch(_ORDINAL_DAY, match.group(0).split()[1]):
        return None
    word = match.group(0).split()[1]
    digits = re.match(r"\d+", word)
    if digits:
        day = int(digits.group(0))
    elif "-" in word:
        tens, _, unit = word.partition("-")
        day = _TENS[tens] + _ORDINALS[unit]
    else:
        day = _ORDINALS[word]
    month_word, year = match.group(2), match.group(3)
    if month_word:
        month = _MONTHS.get(month_word.rstrip("."))
        if month is None or day > calendar.monthrange(2000, month)[1]:
            return None
        target_year = int(year) if year else _year_for(published, month, day)
        return date(target_year, month, min(day, calendar.monthrange(target_year, month)[1]))
    year_, month_ = published.year, published.month
    if day < published.day:
        year_, month_ = (year_ + 1, 1) if month_ == 12 else (year_, month_ + 1)
    if day > calendar.monthrange(year_, month_)[1]:
        return None
    return date(year_, month_, day)


def _end_of(text: str, published: date) -> date | None:
    short = re.search(r"\b(end|mid)-(\w+)\.?$", text) if PARTS else None
    if short:  # "by end-June", "end-2026", "by mid-March"
        part, word = short.groups()
        if word.isdigit() and len(word) == 4:
            return date(int(word), 12, 31) if part == "end" else date(int(word), 6, 30)
        month = _MONTHS.get(word)
        if month is None:
            return None
        due_year = _year_for(published, month, calendar.monthrange(published.year, month)[1])
        return _month_end(due_year, month) if part == "end" else date(due_year, month, 15)
    match = re.search(r"end of (?:the |this |next )?(\w+)\.?(?: (\d{4}))?$", text)
    if not match:
        return None
    word, year = match.group(1), match.group(2)
    if word.isdigit() and len(word) == 4:
        return date(int(word), 12, 31)
    if word in _MONTHS:
        month = _MONTHS[word]
        # "by the end of November" written on November 4 is this November's end: the month's last day counts
        target_year = int(year) if year else _year_for(published, month, calendar.monthrange(published.year, month)[1])
        return _month_end(target_year, month)
    if word == "year":
        return date(published.year + (1 if "next" in text else 0), 12, 31)
    ahead = bool(re.search(r"end of next \w+\.?$", text))  # "by the end of next month": that month's end
    if word == "decade" and DECADE_END:
        return date(published.year // 10 * 10 + (19 if ahead else 9), 12, 31)
    if word == "month":
        if ahead:
            return _month_end(*_next_month(published.year, published.month))
        return _month_end(published.year, published.month)
    if word == "week":
        return published + timedelta(days=6 - published.weekday() + (7 if ahead else 0))
    return None


DECADE_END = rule(
    "deadlines.end-of-the-decade",
    "\"by the end of the decade\" said in 2027 falls due on 31 December 2029 (a decade runs from a year ending in 0 "
    "to one ending in 9); \"the end of next decade\" ten years on",
)
EASTER = rule(
    "deadlines.easter-by-computus",
    "\"by Easter\" falls due on Easter Sunday, computed (Gregorian computus) for the publication year, or the next "
    "when it has passed; a feast of a lunar calendar (\"before Ramadan\") gets no date",
)


def easter_sunday(year: int) -> date:
    """Easter Sunday of a year in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _easter(text: str, published: date) -> date | None:
    """ "by Easter", "before Easter 2027": that Easter Sunday, the coming one when no year is given."""
    match = re.fullmatch(r"(?:by|before|ahead of|in time for|until|till) easter(?: (\d{4}))?", text) if EASTER else None
    if match is None:
        return None
    if match.group(1):
        return easter_sunday(int(match.group(1)))
    due = easter_sunday(published.year)
    return due if due >= published else easter_sunday(published.year + 1)


def _day_month(text: str, published: date) -> date | None:
    span = re.search(r"(" + _MONTH + r") \d{1,2}(?:st|nd|rd|th)?(?: to | and | or |-|–)(\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$", text)
    if span and DATE_SPANS:
        text = f"{span.group(2)} {span.group(1)}" + (f" {span.group(3)}" if span.group(3) else "")
    match = re.search(r"(\d{1,2}) (" + _MONTH + r")(?:,? (\d{4}))?$", text) or re.search(
        r"(" + _MONTH + r") (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$", text
    )
    if not match:
        return None
    first, second, year = match.group(1), match.group(2), match.group(3)
    day, month_word = (int(first), second) if first.isdigit() else (int(second), first)
    month = _MONTHS.get(month_word.rstrip("."))
    if month is None or not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    target_year = int(year) if year else _year_for(published, month, day)
    if not year and RECENT_PAST and re.match(r"(?:on )?\w", text) and not re.match(_TO_COME, text):
        try:
            this_year = date(published.year, month, day)
        except ValueError:
            this_year = None
        if this_year is not None and timedelta(0) < published - this_year <= timedelta(days=_RECENT_DAYS):
            return this_year  # "in a deal signed on March 3", written on March 12: that March 3, already past
    try:
        return date(target_year, month, day)
    except ValueError:
        return None


RECENT_PAST = rule(
    "deadlines.recent-date-is-past",
    "a date without its year a few weeks before publication (\"signed on March 3\", written on March 12) is that "
    "date, already past, not the same day next year; a deadline \"by\" such a date keeps next year's",
)
_RECENT_DAYS = 60
_TO_COME = r"(?:by|before|until|till|no later than|from)\b"


def _month_only(text: str, published: date) -> date | None:
    coming = NEXT_MONTH_NAMED and re.search(r"\bnext (" + _MONTH + r")$", text)
    if coming:  # "next March": the coming March, a year on when written in March
        month = _MONTHS.get(coming.group(1).rstrip("."))
        if month is not None:
            return _month_end(published.year + (month <= published.month), month)
    match = re.search(r"(?:by|before|until|till|in|from) (?:early |mid-|late )?(" + _MONTH + r")(?: (\d{4}))?$", text)
    if not match and NO_LATER_THAN_A_MONTH:  # "no later than November": the month's end
        match = re.fullmatch(r"no later than (" + _MONTH + r")(?: (\d{4}))?", text)
    if not match:
        match = re.search(r"\bin (" + _MONTH + r")$", text)
        if not match:
            return None
    month = _MONTHS.get(match.group(1).rstrip("."))
    if month is None:
        return None
    year = int(match.group(2)) if match.lastindex and match.lastindex >= 2 and match.group(2) else None
    if BEFORE_A_MONTH and re.fullmatch(r"before (?:" + _MONTH + r")(?: \d{4})?", text):
        named = year or _year_for(published, month, calendar.monthrange(published.year, month)[1])
        return date(named, month, 1) - timedelta(days=1)  # "before July": by the end of June
    # "in March" written on March 12 is this March: a month counts until its last day
    return _month_end(year or _year_for(published, month, calendar.monthrange(published.year, month)[1]), month)


def _year_only(text: str, published: date) -> date | None:
    match = re.search(r"(?:by|before|until|till|in|through|no later than) (\d{4})$", text)
    return date(int(match.group(1)), 12, 31) if match else None


# The last day of a part of the year (a season ends at its solstice or equinox, in the northern hemisphere).
_PART_ENDS = {"early": (3, 31), "mid": (6, 30), "mid-": (6, 30), "late": (12, 31), "spring": (6, 20),
              "summer": (9, 22), "autumn": (12, 20), "fall": (12, 20), "christmas": (12, 25)}
# "Before the summer" falls due when the summer begins, not when it ends: the eve of each season.
_SEASON_EVES = {"spring": (3, 19), "summer": (6, 20), "autumn": (9, 21), "fall": (9, 21)}


SEASON_END = rule(
    "deadlines.before-a-season-ends",
    "\"before the end of summer\" falls due when the summer ends (22 September), not on its eve as \"before the "
    "summer\" does",
)


def _season(text: str, published: date) -> date | None:
    """ "by early 2026", "by mid-2026", "in the spring", "by the summer of 2026", "before Christmas"."""
    half = re.search(
        r"\b(first|second|third|fourth|last) (quarter|half) of (\d{4}|the year|this year|next year|the current year)$", text
    )
    if half:
        order = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4 if half.group(2) == "quarter" else 2}
        months = 3 if half.group(2) == "quarter" else 6
        month = min(12, order[half.group(1)] * months)
        which = half.group(3)
        year = int(which) if which.isdigit() else published.year + (which == "next year")
        return _month_end(year, month)
    part = re.search(r"\b(early|mid-?|late) ?(\d{4})$", text)
    if part:
        month, day = _PART_ENDS[part.group(1)]
        return date(int(part.group(2)), month, day)
    season = re.search(r"\b(spring|summer|autumn|fall|christmas)(?: of (\d{4}))?$", text)
    if not season:
        return None
    month, day = _PART_ENDS[season.group(1)]
    eve = not (SEASON_END and re.search(r"\b(?:end|close) of (?:the )?\w+$", text))  # "before the end of summer"
    if text.startswith(("before", "ahead of")) and season.group(1) in _SEASON_EVES and eve:
        month, day = _SEASON_EVES[season.group(1)]
    year = int(season.group(2)) if season.group(2) else published.year
    if NEXT_SEASON and not season.group(2) and re.search(r"\bnext " + season.group(1) + "$", text):
        begins = _SEASON_EVES.get(season.group(1), (12, 24))
        if (published.month, published.day) > begins:
            year += 1  # "next spring", said in June: the spring after this one, begun already
        return date(year, month, day)
    due = date(year, month, day)
    return due if due >= published or season.group(2) else date(year + 1, month, day)


NEXT_SEASON = rule(
    "deadlines.next-season",
    "\"next spring\" said in June is next year's spring, not the one that began in March; said in January it is "
    "this year's",
)


def _weekday(text: str, published: date) -> date | None:
    match = re.search(r"(?:\b(next) )?(" + _DAY + r")(?: (?:morning|afternoon|evening|night))?$", text)
    if not match:
        return None
    target = _WEEKDAYS[match.group(2)]
    # News copy names the days of the coming week and never says "today": "on Tuesday" in a Tuesday's story is
    # that day ("next Tuesday" in it is a week on; on other days, the coming Tuesday).
    days = (target - published.weekday()) % 7
    if not days and (match.group(1) or not SAME_DAY):
        days = 7
    return published + timedelta(days=days)


def _year_for(published: date, month: int, day: int) -> int:
    """The year of the next such date on or after publication ("by October 31" written in November means next year)."""
    try:
        candidate = date(published.year, month, day)
    except ValueError:
        candidate = date(published.year, month, 28)
    return published.year if candidate >= published else published.year + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _next_month(year: int, month: int) -> tuple[int, int]:
    """The year and month after the given one."""
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _month_of(published: date, month_word: str | None, year_word: str | None, which: str | None) -> tuple[int, int]:
    """The year and month a phrase names: "December 2027", "December" (its next end on or after publication),
    "this month" or "next month" (`which`)."""
    if month_word:
        month = _MONTHS[month_word.rstrip(".")]
        return (int(year_word) if year_word else _year_for(published, month, calendar.monthrange(published.year, month)[1])), month
    if which == "next":
        return _next_month(published.year, published.month)
    return published.year, published.month


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
