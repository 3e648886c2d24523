"""Demands and proposals: what one side asks of another, kept apart from what it commits to.

A digest shows pledges as commitments to track; demands ("urged Mugabe to step aside", "Moscow insists NATO
should refrain", "a demand that the bloc issue guarantees") and proposals ("plans to propose a framework") are
the other half of a negotiation and are listed on their own, so they never inflate the pledge list.
"""

from __future__ import annotations

import re

from bot.analysis.entities import parse_phrase
from bot.analysis.model import Demand
from bot.analysis.rules import rule

_VERB = r"(?i:{})"  # verbs in any case; names stay capitalised

_DEMAND_FORMS = [
    # "urged Mugabe, the world's oldest head of state, to step aside", "called on the military to restore order"
    re.compile(_VERB.format(r"\b(?:urged?|urges|urging|called on|calls on|pressed|pressing|asked)") + r"\s+(?P<target>[^.;]{1,80}?)\s+to\s+(?P<what>[^.;]+)"),
    # "called for free and fair elections", "demanded the release of ...", "would insist on reforms"
    re.compile(_VERB.format(r"\b(?:called for|calls for|calling for|demanded|demanding|insist(?:s|ed)? on)") + r"\s+(?:that\s+)?(?P<what>[^.;]+)"),
    # "insists that NATO should refrain", "said Mugabe must resign"
    re.compile(_VERB.format(r"\b(?:insist(?:s|ed)?|said|says|warned)") + r"\s+(?:that\s+)?(?P<target>[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*)*|the [\w-]+(?: [\w-]+)?)\s+(?:must|should|has to|have to|needs? to)\s+(?P<what>[^.;]+)"),
    # "a demand that the bloc issue written guarantees", "an ultimatum for ..."
    re.compile(_VERB.format(r"\b(?:a|the|its|their)\s+(?:demand|ultimatum|call)\s+(?:that|for)") + r"\s+(?P<what>[^.;]+)"),
]
_PROPOSAL_FORMS = [
    re.compile(_VERB.format(r"\b(?:propos(?:ed|es|e|ing)|put forward|tabled|floated|offered)") + r"\s+(?:to\s+|that\s+)?(?P<what>[^.;]+)"),
]
_CUES = re.compile(
    r"(?i:urg|call|press|ask|demand|insist|must|should|has to|have to|need|ultimatum|propos|put forward|tabled|"
    r"floated|offered)"
)
_NOUN_FORMS = {id(_DEMAND_FORMS[3])}
_SUBJECT = re.compile(
    r"((?:[A-Z][\w’'.-]*\s?){1,5}|(?:\b(?:the|a|an)\s)?(?:[\w-]+\s){0,3}(?:groups?|officials?|leaders?|ministers?|"
    r"government|statement|opposition|bloc|council|union))\s*(?:,[^,]{1,80},?\s*)?$"
)
POSSESSED_ROLE_ASKS = rule(
    "demands.possessed-role-keeps-its-owner",
    "\"Velm's trade minister, Ivo Sarn, praised the deal and urged ...\": a role written as a name's (\"Velm's trade "
    "minister\") is asked whole; it was cut after the apostrophe (\"s trade minister\")",
)
_POSSESSED_ROLE = re.compile(
    r"((?:\b(?:[A-Z][\w.-]*\s)?[A-Z][\w.-]*['’]s\s)(?:[a-z][\w-]*\s){0,3}(?:groups?|officials?|leaders?|ministers?|"
    r"government|opposition|bloc|council|union|envoy|president|spokes(?:man|woman|person)))\s*(?:,[^,]{1,80},?\s*)?$"
)
FIRST_PERSON_ASKS = rule(
    "demands.first-person-asker",
    "\"We will reopen the office by February, and I have asked my officials to prepare a plan\": \"I\" or \"we\" "
    "right before the verb asks, not the month or name before the comma",
)
_NAME = re.compile(r"[A-Z][\w’'.-]+(?:\s[A-Z][\w’'.-]+)+")
OFFERED_TO_SOMEONE = rule(
    "demands.offered-to-someone",
    "\"the scholarships offered to Qasmiri students\", \"the aid offered to the refugees\": \"offered to\" (or "
    "\"proposed to\") before a name or a determiner says who gets something, not an offer to act",
)
_OFFERED_TO = re.compile(
    r".*?\b(?:offered|proposed)\s+to\s+(?:[A-Z]|(?:the|a|an|its|their|his|her|all|every|each|some|\d+)\s)", re.DOTALL
)
ANONYMITY = rule(
    "demands.anonymity-is-no-demand",
    "\"an official, who asked not to be named\": a source's condition for speaking is no demand of one side on another",
)
_ANONYMITY = re.compile(r"(?:not\s+to\s+be\s+(?:named|identified|quoted)|(?:for\s+)?anonymity)\b", re.IGNORECASE)


REPORTED_ASKER = rule(
    "demands.asker-after-the-reporting-verb",
    "\"Tveit said leaders had asked their ministers to draft a text\": who asks is the group after the reporting "
    "verb (\"leaders\"), not \"Tveit said leaders\"",
)
_REPORTING = re.compile(r"^.*\b(?:said|says|told reporters|added)\s+(?:that\s+)?(?=\S)", re.IGNORECASE)


AGENT_IN_AN_ASIDE = rule(
    "demands.name-in-an-aside-does-not-ask",
    "\"The accord, reached after talks hosted by Velmora, calls on both sides to ...\": a name at the end of an aside "
    "opened by a participle or \"which\" is not who asks; the subject before the aside is",
)
_ASIDE = re.compile(r",\s+(?:[a-z]+ed|which|who|signed|brokered|written|drawn)\b[^,]*,?\s*$")


def _actor(before: str) -> str:
    """The phrase that does the asking: the capitalised name or group right before the verb, or, after a
    pronoun ("when he urged"), the last full name written before it."""
    before = re.sub(
        r"\b(?:(?:plans|planned|intends|intended|wants|wanted|hopes|is set|is expected) to|also|has|have|had|again|"
        r"repeatedly|would|will|on \w+day)\s*$",
        "",
        before.strip(),
    )
    if AGENT_IN_AN_ASIDE:
        before = _ASIDE.sub("", before.strip())  # "The accord, reached after talks hosted by Velmora,": the accord
    before = before.strip().rstrip(",").strip()
    if re.search(r"\b(?:he|she|they)$", before):
        for name in _NAME.findall(before):
            parsed = parse_phrase(name).name
            if len(parsed) >= 2 and not re.search(r"['’]s$", name):
                return " ".join(parsed)  # the sentence's subject, titles folded
        return ""
    first_person = re.search(r"(?:^|[\s,;])(I|[Ww]e)$", before) if FIRST_PERSON_ASKS else None
    if first_person:
        return first_person.group(1)  # "..., and I have asked my officials to": the speaker asks, not "February"
    match = _SUBJECT.search(before)
    actor = match.group(1).strip() if match else ""
    if POSSESSED_ROLE_ASKS:
        possessed = _POSSESSED_ROLE.search(before)
        if possessed and (not match or possessed.start(1) < match.start(1) <= possessed.end(1)):
            actor = possessed.group(1).strip()  # "Kessary's foreign minister", not "s foreign minister"
    if REPORTED_ASKER and actor:
        actor = _REPORTING.sub("", actor)  # "He said leaders" -> "leaders"
    return actor


ANSWER_ENDS_THE_ASK = rule(
    "demands.answer-or-source-ends-the-ask",
    "\"offered to send rescue boats, and Tarsk accepted, according to a statement\": the other side's answer (a "
    "named side and a past verb closing the clause) and the source after \"according to\" are no part of what was "
    "offered or asked",
)
_ANSWER_OR_SOURCE = re.compile(
    r",?\s+and\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}\s+[a-z]+ed(?=\s*(?:[,.;]|$))|,\s+according\s+to\b"
)


def _short(text: str) -> str:
    if ANSWER_ENDS_THE_ASK:
        text = _ANSWER_OR_SOURCE.split(text, maxsplit=1)[0]  # ", and Tarsk accepted, according to ..."
    words = re.split(r",\s(?:[\w’'.-]+\s){0,5}?(?:said|says|told|added)\b|\s+and\s+(?:said|says|added)\b", text)[0].split()
    return " ".join(words[:16]).strip(" ,\"“”")


def find_demand(sentence: str) -> Demand | None:
    """The demand or proposal a sentence reports, if any."""
    if not _CUES.search(sentence):
        return None  # most sentences hold no cue word at all: one cheap test instead of five patterns
    for kind, forms in (("demand", _DEMAND_FORMS), ("proposal", _PROPOSAL_FORMS)):
        for form in forms:
            match = form.search(sentence)
            if match is None:
                continue
            previous = sentence[: match.start()].split()[-1:] or [""]
            if kind == "proposal" and (re.search(r"['’]s$", previous[0]) or previous[0].lower() in ("the", "a", "its")):
                continue  # "Moscow's proposed guarantees": an adjective, not a proposal made here
            if kind == "proposal" and OFFERED_TO_SOMEONE and _OFFERED_TO.match(sentence, match.start(), match.end()):
                continue  # "scholarships offered to Qasmiri students": who gets them, not an offer to act
            what = match.group("what")
            target = match.groupdict().get("target")
            if target:
                what = f"{target} to {what}" if " to " in match.group(0) else f"{target} {what}"
            if ANONYMITY and _ANONYMITY.match(what):
                continue  # "an official, who asked not to be named, said ...": a condition of the source, not a demand
            actor = _actor(sentence[: match.start()])
            if actor or kind == "proposal" or id(form) in _NOUN_FORMS:
                return Demand(kind, actor, _short(what), sentence)
    return None


def extract_demands(sentences: list[str]) -> list[Demand]:
    """Demands and proposals of an article's sentences, in order."""
    found = []
    for sentence in sentences:
        demand = find_demand(sentence)
        if demand is not None:
            found.append(demand)
    return found
