"""Pledges: who committed to what, by when.

A pledge is an explicit commitment by an identifiable actor: a commitment verb ("pledged to", "agreed to",
"undertook to", "vowed", "promised", "assured", "guaranteed", "committed to"), a commitment affirmed
("reaffirmed its commitment to", "has that commitment"), or a firm future action announced by the actor's
side ("announced he would terminate", "the deal will see Mexico deploy", "the IMF is to look at").
A reported pledge keeps the actor who committed ("Lavrov said the US side had undertaken to ...": the US side).

Not pledges: predictions and hopes ("likely to meet", "hoped ... would"), meeting schedules ("will meet in
July", "is scheduled to attend"), threats ("warned tariffs will rise"), demands ("urged", "must", "insisted
... should"), doubts and conditions written before the commitment ("whether Mexico has pledged"), and
commitments denied ("refused to", "stopped short of").
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from bot.analysis import syntax
from bot.analysis.deadlines import (
    FIRST_PART,
    FIRST_PART_FOLLOWS,
    MONTH_NAMES,
    background_period_start,
    calendar_date_kept,
    find_deadline,
    find_deadlines,
    in_past,
    is_clause,
    passed_under_a_past_promise,
    resolve_due,
)
from bot.analysis.entities import PORTFOLIO_LIST, PREPOSITIONS, Entity, Registry, parse_phrase
from bot.analysis.lexicon import (
    ADVERBS,
    AUXILIARIES,
    BODIES_AN_IT_STANDS_FOR,
    BOUND_COLLECTIVES,
    CARE_FOR_PEOPLE,
    DEMONYMS,
    HARMS_TO_PEOPLE,
    INSTITUTION_HEADS,
    MONTHS,
    NOT_NAMES,
    PEOPLE_NOUNS,
    PERMITTED_ACTS,
    PLACES,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    THINGS_NOBODY_SENDS,
    TITLES,
    UNDERGONE_ACTS,
    WEEKDAYS,
)
from bot.analysis.model import Pledge
from bot.analysis.quotes import QuoteReader, SentenceContext, _is_np_word, attribution_before
from bot.analysis.rules import cached, rule
from bot.analysis.sentences import (
    CORRECTED_WORDING,
    QUESTION_LABEL,
    REPORTER_LABEL,
    REPORTER_LINE,
    sentence_spans,
    split_sentences,
    strip_dateline,
)

_COMMIT_VERB = re.compile(
    r"\b(?:pledged?|pledges|promised?|promises|vowed?|vows|undert(?:ook|aken|akes?)|(?:re-?)?commit(?:ted|s)?|"
    r"guaranteed?|guarantees|(?:re)?assured?|(?:re)?assures|agreed|agrees?|accepted (?:an|the|\w+['’]s) invitation|"
    r"offered|offers|signed up|signs up|earmark(?:ed|s|ing)?|set(?:s|ting)? aside|allocat(?:ed|es|ing)|decided(?= to\s)|resolved(?= to\s)|(?:intends|plans|planned)(?= to\s)|"
    r"(?:(?<=, )|(?<=\bby ))(?:agreeing|pledging|promising|vowing|committing|undertaking)(?= to\b)|"
    r"(?:gave|given|gives|give) (?:you |us |them |him |her )?(?:its|his|her|their|our|my) (?:solemn |personal )?word(?=\s+that\b)|"
    r"(?<=\bis )undertaking(?= to\b)|(?<=\bare )undertaking(?= to\b)|"
    r"(?:taken|took|takes) (?:a |the )?(?:firm )?decision(?= to\s)|"
    r"voted (?:unanimously |overwhelmingly )?(?=to\s)|"
    r"reached (?:a |an )?(?:consensus|agreement|understanding)(?=\s+(?:that|to)\s)|"
    r"(?:obligat|oblig|bound|bind)(?:ed|es|e|s)? (?:itself|themselves|ourselves|himself|herself)(?=\s+to\s)|"
    r"(?:(?<=\bis )|(?<=\bare )|(?<=\bwas )|(?<=\bwere )|(?<=\bremains )|(?<=\bremained ))(?:ready|prepared|willing)(?=\s+to\s)|"
    r"(?:(?<=\bstands )|(?<=\bstand ))ready(?=\s+to\s)|"
    r"(?:(?<=\bwe )|(?<=\bWe )|(?<=\bI )|(?<=\bthey )|(?<=\bThey ))intend(?=\s+to\s)|"
    r"(?:(?<=\bhe )|(?<=\bshe )|(?<=\bit )|(?<=\bthey )|(?<=\bwe ))intended(?=\s+to\s)|"
    r"expressed (?:its |their |his |her |our )?readiness(?=\s+to\s)|"
    r"(?:expressed|confirmed|reaffirmed|stated|declared|announced) (?:the|its|their|his|her|our) (?:firm )?intention(?=\s+to\s)|"
    r"(?:signed|signs|sign) (?:an?|the) (?:[\w-]+ )?(?:agreement|deal|accord|memorandum|contract|protocol)(?=\s+to\s+[a-z]))\b"
    r"(?P<tail>.*)",
    re.IGNORECASE,
)
GIVEN_OR_STOOD_BY = rule(
    "pledges.has-given-or-stood-by-a-commitment",
    "\"the ministry has given an undertaking to settle the arrears\", \"said his country stood by its earlier pledge to "
    "return the archives\": the perfect of giving a commitment and the past of standing by one held before commit as "
    "\"gave an undertaking\" and \"stands by its pledge\" do (\"had made an earlier pledge\" stays a recollection)",
)
_AFFIRMED_COMMITMENT = re.compile(
    r"\b(?:(?:re)?affirm(?:ed|s)?|renew(?:ed|s)?|restat(?:ed|es)|reiterat(?:ed|es)|confirm(?:ed|s)?|ha(?:s|ve|d)|made|make|gave|give|"
    r"offer(?:ed|s)(?=\s+(?:\w+\s+)?(?:guarantees?|assurances?)\s+that\b)|"
    r"stands? (?:firmly )?(?:behind|by)|not (?:deter|weaken|diminish|change|alter|shake)|"
    r"(?<=\bhas )given|(?<=\bhave )given|(?<=\bhad )given|stood (?:firmly )?(?:behind|by)"
    r"(?: (?:its|his|her|their|our) (?:earlier|previous))?)"
    r"\s+(?P<day>(?:on|last|this) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month)\s+)?"
    r"(?P<recipient>(?:(?<=gave )|(?<=give )|(?<=given ))(?:us |them |him |her |me |you |(?-i:[A-Z][\w’'-]+ (?:[A-Z][\w’'-]+ )?)))?"
    r"(?:the |a |an |that |its |his |her |their |our |\w+['’]s |firm |strong |clear |full |unwavering |"
    r"ironclad |personal |written |formal |solemn |categorical |article \d+ )*(?P<noun>commitment|pledge|undertaking|guarantee|assurance)s?\b(?P<tail>.*)",
    re.IGNORECASE,
)
_FUTURE_FORM = (
    r"\b(?P<aux>will|would|shall|is to|are to|was to|(?:is|are)\s+(?:also|now|then|each|both|in turn|in return|jointly|likewise)\s+to|"
    r"(?:is|are|was|were)\s+(?:also\s+)?set\s+to|"
    r"(?:am|are|’re|'re|’m|'m)\s+(?:also\s+)?going\s+to)\s+[\"“]?(?:(?:also|soon|now|then|still|jointly|in turn|in return|{ly}\w+ly)\s+)*"
    r"[\"“]?(?P<verb>[a-z][\w-]*)(?P<tail>.*)"
)
_FUTURE_ANY_LY = re.compile(_FUTURE_FORM.format(ly=""), re.IGNORECASE)
# Verbs that end in "-ly" are no adverbs: "will comply fully with", "will supply the fuel", "will apply the rules".
_LY_VERBS = r"(?!(?:comply|apply|supply|reply|rely|multiply|rally|resupply|reapply|imply)\b)"
_FUTURE = re.compile(_FUTURE_FORM.format(ly=_LY_VERBS), re.IGNORECASE)
ADVERB_IN_IS_TO = rule(
    "pledges.adverb-inside-is-to",
    "\"Under the deal, Tessaly is also to pass a budget law\", \"the two navies are in turn to clear the channel\": an "
    "adverb between \"is\"/\"are\" and \"to\" leaves the arrangement's \"is to\" what it was",
)
_ADVERB_IN_IS_TO = re.compile(r"^(is|are)\s+(?!.*\bgoing\b).+\s+to$")


SET_TO_ACT = rule(
    "pledges.set-to-act",
    "\"The World Bank is set to lend $1 billion\", \"said her government was set to open a trade office\": a named side "
    "\"set to\" act announces the act as \"will\" does (a trend or an event \"set to\" happen, \"prices are set to "
    "rise\", \"the vote is set to take place\", stays a forecast or a schedule)",
)


# What a forecast says a figure or a body is "set to" do: change, not act.
_TREND_VERBS = frozenset(
    "grow shrink rise fall decline slow climb drop soar plunge surge ease top exceed hit reach double triple widen "
    "narrow improve worsen deepen recover rebound contract dominate overtake win lose become remain".split()
)


def _plain_aux(aux: str) -> str | None:
    """ "is also to" read as "is to" (ADVERB_IN_IS_TO), "is set to" as "will" and "was set to" as "would" (SET_TO_ACT);
    None when the rule that reads the form is off."""
    set_to = re.fullmatch(r"(is|are|was|were)\s+(?:also\s+)?set\s+to", aux)
    if set_to:
        return (("will" if set_to.group(1) in ("is", "are") else "would") if SET_TO_ACT else None)
    if aux.endswith("going to") and " also " in aux:
        return re.sub(r"\s+also\s+", " ", aux) if ADVERB_IN_IS_TO else None  # "we are also going to publish"
    inside = _ADVERB_IN_IS_TO.match(aux)
    if inside is None:
        return aux
    return f"{inside.group(1)} to" if ADVERB_IN_IS_TO else None


LY_VERB = rule(
    "pledges.verb-ending-in-ly",
    "\"We will comply fully with the ruling\", \"Tarsk will supply the fuel\": a verb that ends in \"-ly\" is the act, "
    "not an adverb before it (the act was read as \"with the ruling\", or lost)",
)
_DEAL_SEES = re.compile(
    r"\b(?:deal|agreement|accord|pact|plan|arrangement)\s+(?:will|would)\s+(?:also\s+)?see\s+"
    r"(?P<actor>(?:the\s)?[A-Z][\w.’'-]*(?:\s[A-Z][\w.’'-]*)*)\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)(?P<tail>.*)"
)
_BACKED_PLAN = re.compile(
    r"\b(?:backed|endorsed|approved|adopted)\s+(?:a |the )?(?:new )?(?:plans?|proposals?)\s+to\s+(?P<tail>.*)",
    re.IGNORECASE,
)

# Words before a commitment that make it doubtful, conditional, hoped-for, or a demand.
_HEDGES = re.compile(
    r"\b(?:whether|if|unless|doubts?|doubtful|hoped?|hopes|hoping|likely|unlikely|(?-i:may)|might|could|expects?|"
    r"expected|perhaps|possibly|wants?|wanted|would like|plans?|planned|intends?|intended|aims?|seeks?|"
    r"considering|signall?ed|believes?|thinks?|must|should|needs? to|urged?|urging|called on|demand(?:ed|s)?|when|"
    r"insist(?:ed|s|ing)?|refus(?:ed|es)|declined|den(?:y|ied|ies|ying)|stopped short|no major|failed|without|cannot|can't|"
    r"not (?:yet )?(?:confirmed|clear)|unclear|uncertain|question|sceptic\w*|skeptic\w*|threat(?:en(?:ed|s)?)?|warn(?:ed|s|ing)?)\b",
    re.IGNORECASE,
)
# Future verbs that describe schedules, states or predictions rather than commitments.
_NOT_ACTIONS_ALWAYS = frozenset(
    """
    be been have has get meet visit travel go come arrive attend fly return hold convene gather take remain
    stay need see become happen seem appear win lose fall rise increase decrease face likely wait
    collapse fail survive suffer
    want like hope expect try say tell think know feel find make mean cost depend lead result
    speak talk discuss consult confer reconvene sit consider study explore weigh welcome focus
    not never
    """.split()
)
CONTINUE_AN_ACT = rule(
    "pledges.continue-an-act",
    "\"will continue to fund the demining teams\": a side that says it will go on with an act of its own commits to "
    "it, as to a new one; what follows \"continue to\" is checked as any act is (\"will continue to meet\" is a "
    "schedule, \"prices will continue to rise\" no side's act), and a hedge (\"where it could\") makes it no pledge",
)
_NOT_ACTIONS = _NOT_ACTIONS_ALWAYS


def _reset_not_actions() -> None:
    """"continue" is an act only while CONTINUE_AN_ACT is on (the rule's switch clears and resets this list)."""
    global _NOT_ACTIONS
    _NOT_ACTIONS = _NOT_ACTIONS_ALWAYS if CONTINUE_AN_ACT else _NOT_ACTIONS_ALWAYS | {"continue"}


cached(_reset_not_actions)
# A hedge that leaves a continued act to circumstance: "would continue to buy ... where it could".
_HEDGED = re.compile(
    r"\b(?:where(?:ver)?|when(?:ever)?)\s+(?:it|they|we|he|she)\s+(?:can|could)\b|\bwhere(?:ver)? possible\b"
    r"|\bif (?:it is )?possible\b|\bas far as (?:possible|(?:it|they|we) (?:can|could))\b",
    re.IGNORECASE,
)
# Actions announced in the passive ("would be released"), with the verb a digest writes ("release ...").
_ACTION_PASSIVES = dict(
    pair.split(":")
    for pair in """
    released:release announced:announce published:publish sent:send provided:provide delivered:deliver
    lifted:lift signed:sign implemented:implement expanded:expand deployed:deploy withdrawn:withdraw
    launched:launch opened:open completed:complete submitted:submit paid:pay transferred:transfer
    returned:return handed:hand issued:issue freed:free granted:grant given:give allowed:allow
    restored:restore reopened:reopen removed:remove repaid:repay extended:extend resumed:resume
    admitted:admit supplied:supply shipped:ship reimposed:reimpose imposed:impose eased:ease suspended:suspend
    scrapped:scrap dismantled:dismantle destroyed:destroy closed:close built:build rebuilt:rebuild funded:fund
    financed:finance reduced:reduce cut:cut doubled:double halved:halve evacuated:evacuate exchanged:exchange
    repatriated:repatriate investigated:investigate prosecuted:prosecute renewed:renew relaxed:relax shared:share
    """.split()
)
REDRESS_AND_STAFF_PASSIVES = rule(
    "pledges.passive-of-redress-or-staffing",
    "\"Those who bought a ticket will be reimbursed by the ministry\", \"The consular team will be reinforced with eight "
    "more staff by the weekend\", \"a committee would be inaugurated in each district within 30 days\": money paid back "
    "and posts staffed or set up, in the passive, are acts as \"will be paid\" and \"will be opened\" are; a body named "
    "after \"by\" (\"by the ministry\") is who acts (not \"was reimbursed\": a past act; not \"will be trained on\" a "
    "subject nobody commits to)",
)
_REDRESS_AND_STAFF = {
    "reimbursed": "reimburse", "refunded": "refund", "compensated": "compensate", "reinforced": "reinforce",
    "inaugurated": "inaugurate", "waived": "waive", "staffed": "staff", "established": "establish",
}
# "by the ministry", "by the Velsian embassy": a body after "by" in such a passive.
_BODY_AGENT = re.compile(
    r"\s+by\s+(?P<agent>(?:the|its|their)\s+(?:[\w’'-]+\s+){0,2}?(?:ministry|government|embassy|consulate|department|"
    r"authorities|authority|agency|council|office|state|company|fund|commission))\b"
)
HYPHENATED_VERB = rule(
    "pledges.hyphenated-verb",
    "\"Both governments will fast-track the permits\", \"Estavia will co-finance the bridge\": a verb written with a "
    "hyphen acts as its last part does (\"will co-host the talks\" is a schedule as \"will host the talks\" is, and "
    "\"will re-examine\" a study as \"will examine\" is)",
)
_HYPHENATED = re.compile(r"[a-z]+(?:-[a-z]+)+")


def _hyphenated_refused(verb: str, tail: str) -> bool:
    """The compound's last part names no act or a schedule ("co-host the talks", "re-examine the case")."""
    last = verb.rsplit("-", 1)[1]
    if last in _NOT_ACTIONS or last.endswith(("ed", "ing")) or last in _LOOKING_VERBS or last in _ROLE_VERBS:
        return True
    return _schedule(last + tail) or (last == "host" and _HOSTED_EVENT.match(tail) is not None)


# Meetings agreed or promised are schedules: "agreed to meet again", "promised to speak next week".
_SCHEDULE = re.compile(r"(?:meet|speak|talk|visit|travel|reconvene|confer|consult)\b")
_HOSTED_EVENT = re.compile(r"\s+(?:the |a |an )?(?:[\w-]+\s+){0,3}?(?:talks|summit|meeting|round|conference|visit|session)\b")
HELD_MEETING = rule(
    "pledges.hold-a-meeting-is-a-schedule",
    "\"The leaders pledged to hold their next summit in Amar in 2030\", \"agreed to hold the next round in May\": a "
    "meeting, summit or session to be held is a schedule, not a commitment (\"hold elections\", \"hold a referendum\" "
    "and \"hold talks on the border\" are left to the rules they had)",
)
_HELD_MEETING = re.compile(
    r"\s+(?:the |a |an |their |its |our )?(?:[\w-]+\s+){0,3}?(?:summit|meeting|session|round|conference|forum|retreat)s?\b"
)
PRESS_EVENT = rule(
    "pledges.press-event-is-a-schedule",
    "\"will give a press conference\", \"will deliver a speech\" say when someone will speak, not what they commit to",
)
_PRESS_VERBS = frozenset("give hold deliver make host".split())
_PRESS_EVENT = re.compile(
    r"\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?(?:press conference|news conference|press briefing|"
    r"briefing|speech|address|interview|statement to (?:the )?(?:press|parliament|reporters|journalists))\b"
)
# Who predicts rather than announces: "Analysts said Moscow would respond".
_FORECASTERS = r"analysts?|experts?|economists?|observers|commentators|forecasters"
_PREDICTED = re.compile(r"\b(?:" + _FORECASTERS + r")\b[^,;]*\b(?:said|say|says|expect|predict)", re.IGNORECASE)
CONFIDENT_FORECAST = rule(
    "pledges.confident-is-a-forecast",
    "\"said it was confident the transfers would finish by spring\", \"is optimistic that the line will open\": "
    "confidence in what will happen is a forecast, not a commitment (\"said it would finish\" stays one)",
)
_CONFIDENT = re.compile(
    r"(?:\b(?:is|are|was|were|am|remains?|remained|felt|feels?)|\w['’](?:s|re|m))\s+(?:\w+ly\s+)?(?:confident|optimistic|hopeful|"
    r"convinced)\s+(?:that\s+)?[^,;:]{0,80}$",
    re.IGNORECASE,
)
_DELEGATION = re.compile(
    r"\s+(?:a|an|its|their|his|her|the)\s+(?:[\w-]+\s+){0,2}(?:delegation|team|envoy|negotiators?|representatives?|mission)\b"
)
TEAM_OF_PEOPLE = rule(
    "pledges.team-of-people-is-sent",
    "\"would send a team of 20 specialists to the coordination centre\", \"will send a team of mine-clearance "
    "experts\": a team or mission \"of\" people is staff deployed, not a delegation travelling to talks (\"a team of "
    "negotiators\", of diplomats or officials, still is)",
)
_TEAM_OF = re.compile(
    r"\s+(?:a|an|its|their|his|her|the)\s+(?:[\w-]+\s+){0,2}(?:team|mission)s?\s+of\s+(?!the\b)"
    r"(?!(?:[\w-]+\s+)?(?:negotiators|diplomats|officials|representatives|envoys|delegates|ministers|mediators|"
    r"lawyers|advisers|advisors)\b)"  # "a team of negotiators to Oslo": people who talk travel to talks
)
SENT_OFFICIAL_ATTENDS = rule(
    "pledges.sending-an-official-is-attendance",
    "\"will send its deputy energy minister\", \"will send a vice-president\": who a side sends to a meeting is "
    "who attends it, a schedule like sending a delegation (an ambassador sent back, or people sent to work, still "
    "are acts)",
)
_OFFICIAL_SENT = re.compile(
    r"\s+(?:a|an|its|their|his|her|the|our)\s+(?:[\w-]+\s+){0,2}?(?:minister|vice-president|vice\s+president|deputy|"
    r"president|secretary|chancellor|premier)\b(?!\s+back\b)",
    re.IGNORECASE,
)


def _delegation_sent(tail: str) -> bool:
    """Whom "send" sends is travellers to a meeting: a delegation, envoys, an official ("a delegation to Geneva")."""
    if _DELEGATION.match(tail):
        return not (TEAM_OF_PEOPLE and _TEAM_OF.match(tail))
    return bool(SENT_OFFICIAL_ATTENDS and _OFFICIAL_SENT.match(tail))


# Commitments to a value rather than to an action ("committed to peace") are statements of position.
_VALUE_OBJECTS = frozenset(
    "peace democracy dialogue diplomacy stability freedom multilateralism friendship cooperation co-operation "
    "the peace process the alliance".split()
)
COMMITTED_TO_A_GOAL = rule(
    "pledges.committed-to-a-goal-not-an-act",
    "\"remained committed to a peaceful solution\", \"reaffirmed their commitment to the peaceful settlement of "
    "disputes\", \"to the freedom of navigation\", \"remained committed to the project\": an outcome hoped for, a "
    "freedom or a venture already under way is a stance; no act is named and none can be kept or broken",
)
_GOAL_OBJECT = re.compile(
    r"(?:a\s+|the\s+)?(?:peaceful|lasting)\s+"
    r"(?:solution|settlement|resolution|outcome)\b|(?:the\s+)?freedom\s+of\s+\w+|the\s+(?:project|pipeline)$"
)


def _goal_object(tail: str) -> bool:
    """A commitment's object, to its first stop or "and to", names a goal or a venture, not an act (COMMITTED_TO_A_GOAL)."""
    obj = re.sub(r"^\s*to\s+", "", tail.lower())
    obj = re.split(r"[.,;:\"”“]|\s+and\s+to\s+", obj, maxsplit=1)[0].strip()
    return bool(COMMITTED_TO_A_GOAL and _GOAL_OBJECT.match(obj))


COMMITTED_TO_PRINCIPLES = rule(
    "pledges.committed-to-principles",
    "\"Velmora remains committed to the principles of free navigation\", \"committed to the spirit of the accord\": "
    "a side committed to principles, values or a spirit holds a view, it commits to no act",
)
_PRINCIPLE_OBJECT = re.compile(
    r"(?:the\s+|its\s+|their\s+|our\s+)?(?:[a-z]+\s+)?(?:principles?|values|ideals|spirit|letter|norms|vision|cause)\b(?!\s+to\b)"
)
_GROUP_WORDS = frozenset(
    "and both sides side two three leaders countries nations ministers party government administration "
    "country team delegation officials allies partners members states parties governments".split()
) | INSTITUTION_HEADS
_DOUBT = re.compile(r"\b(?:doubts?|doubtful|whether|unclear)\b", re.IGNORECASE)
# Retaliation is a threat against the other side; punishing those responsible for an attack, or destroying one's
# own arsenal, is a commitment.
_THREAT_OBJECTS = re.compile(r"\b(?:retaliat\w*|revenge|strike back|hit back|respond with force)\b", re.I)


@dataclass
class _Candidate:
    actor_phrase: str
    commitment: str
    trigger_end: int
    verb: int = -1  # where the commitment's verb (or its "will") starts in the sentence, for the parse
    side: str = ""  # a named side the speaker who tells it must be of (NAMED_SIDE_BY_ITS_SPEAKER)
    arrival: bool = False  # a thing arriving on time (THING_ARRIVES): a pledge, but no deed for the summary


# Where a commitment's clause ends: a new clause, an aside or an attribution after a comma, a dash, a colon.
_CLAUSE_BREAK = re.compile(
    r";|:(?!\d\d)|,[\"”»]?\s(?:[\w’'.-]+\s){0,6}?(?:said|says|told|added|reported|announced|according)\b"
    r"|\sbut\s|,\s(?:while|which|who|whose|where|although|though|after|before|amid|despite|following|as|so|"
    r"a|an|the|in|on|at|under|with|without|to|ending|saying|adding|noting|calling|describing|according)\b"
    r"|,\s(?:and\s|but\s)?(?:he|she|they|we|it|i)\s"
    r"|,\s+and\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){1,4}(?:has|have|had|will|would|is|are|was|were|must|should|"
    r"said|says)\b"
    r"|,\s\w+ing\b|\s[—–]\s|\.\s*$"
)
# A commitment shown in a digest is cut, when it must be, before one of these words, never after one.
_BREAK_BEFORE = frozenset(
    "and to in on at for with by from while after before under as of into across through which who where that "
    "so but during within since including via than until once throughout over whenever when if unless".split()
)
_CLAUSE_WORDS = frozenset("and but while which who where whenever when if unless so".split())
_DANGLING = frozenset(
    "a an the of to in on at by for with and or from after its his her their our your this that these those "
    "which who whose as into over than per".split()
)
# Words that make one phrase with the preposition after them ("with respect to", "in addition to").
_FIXED_BEFORE = frozenset("respect regard addition due according prior close next owing thanks up instead".split())
MAX_COMMITMENT_WORDS = 16


NEW_SPEAKER_CLAUSE = rule(
    "pledges.and-a-new-speaker-ends-the-commitment",
    "\", and the minister, Pekka Rand, told ...\" opens another speaker's clause: the commitment ends before it",
)
_NEW_SPEAKER = re.compile(r",\s+and\s+(?:[\w’'.-]+,?\s){1,7}?(?:said|says|told|added|announced|reported)\b")


AND_THAT_ENDS = rule(
    "pledges.and-that-ends-the-commitment",
    "\"said Norland would free 60 detainees and that the Red Cross would supervise\": a second \"that\" clause is "
    "another report, not part of the commitment",
)


AND_PAST_VERB_ENDS = rule(
    "pledges.and-a-past-verb-ends-the-commitment",
    "\"promised to defend the crown and abandoned the pledge within a month\", \"committed to clearing the valley and "
    "the UN agreed to supply ...\", \"would cooperate and expected the sale to ...\": a verb in the past after \"and\" "
    "is the story's next clause, not more of what was committed",
)
_AND_PAST_VERB = re.compile(
    r"\s+and\s+(?:(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}\s+)?"
    r"(?:[a-z]+ed|said|says|took|gave|made|told|sought|went|began|expects|hopes|undertook|swore)"
    r"(?=\s+(?:the|its|his|her|their|a|an|to|that|it|them|on|in)\b)"
)


SIDE_ANSWERED_ENDS = rule(
    "pledges.and-a-named-side-answered-ends-it",
    "\"offered to send rescue boats, and Tarsk accepted, according to ...\", \"promised to reopen the crossing and "
    "Estavia agreed.\": a named side and a verb in the past closing the clause after \"and\" is the story's next "
    "clause (the answer to the offer), not more of what was committed",
)
# ", and Tarsk accepted," / " and the Estavian Government agreed.": a capitalised subject, a past verb, then a
# comma, a full stop, a semicolon or the end (with an object after the verb, AND_PAST_VERB_ENDS reads it).
_SIDE_ANSWERED = re.compile(
    r",?\s+and\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}\s+[a-z]+ed(?=\s*(?:[,.;]|$))"
)


AND_I_WILL_ENDS = rule(
    "pledges.and-a-pronoun-with-will-ends-it",
    "\"We will fund the survey and we will print it in full\", \"is committed to seeing it ratified, and I shall take "
    "it to the committee\": \"and\" with a pronoun and a modal opens a second promise; the first ends before it",
)
_AND_I_WILL = re.compile(
    r",?\s+and\s+(?:I|we|he|she|they)(?:\s+(?:will|would|shall|must)|[’']ll)(?=\s+[a-z])"
)  # a verb must follow: a bare closing "and we will" is the echo AFFIRMATION_TAIL reads


APPOSED_REPORTER = rule(
    "pledges.reporter-named-in-apposition-ends-it",
    "\"Norland will send 30 engineers, its finance minister, Odo Brandt, told the conference\": the attribution after "
    "the commitment, a role and a name between commas, is no part of it",
)
# A comma, an owned role, a comma, a name of one to four capitalised words, a comma and the speech verb.
_APPOSED_REPORTER = re.compile(
    r",\s(?:its|his|her|their|the)\s(?:[\w’'.-]+\s){0,4}?[\w’'.-]+,\s(?:[A-Z][\w’'.-]+\s){0,3}[A-Z][\w’'.-]+,\s"
    r"(?:said|says|told|tells|added|announced|confirmed|wrote)\b"
)


def _clause_end(text: str) -> str:
    """The commitment phrase: the words after the trigger, to the end of their clause."""
    if NEW_SPEAKER_CLAUSE:
        text = _NEW_SPEAKER.split(text, maxsplit=1)[0]
    if AND_THAT_ENDS:
        text = re.split(r",?\s+and\s+that\s", text, maxsplit=1)[0]  # "... and that the Red Cross will supervise"
    if AND_PAST_VERB_ENDS:
        text = _AND_PAST_VERB.split(text, maxsplit=1)[0]  # "... and abandoned the pledge", "... and the UN agreed to"
    if SIDE_ANSWERED_ENDS:
        text = _SIDE_ANSWERED.split(text, maxsplit=1)[0]  # ", and Tarsk accepted, according to a statement"
    if AND_I_WILL_ENDS:
        text = _AND_I_WILL.split(text, maxsplit=1)[0]  # "... and we will publish it in full": a second promise
    if APPOSED_REPORTER:
        text = _APPOSED_REPORTER.split(text, maxsplit=1)[0]  # ", its finance minister, Odo Brandt, told reporters"
    text = _CLAUSE_BREAK.split(text, maxsplit=1)[0]
    side = _SECOND_SIDE_NOUN.search(text) if SECOND_SIDE_BY_A_NOUN else None
    if side is not None:
        text = text[: side.start()]  # ", and both governments will hand over ...": the second side's own pledge
    if CLOSING_TAG_ENDS:
        text = _CLOSING_TAG.split(text, maxsplit=1)[0]  # "... tanks to Ukraine, Sunak confirmed."
    return " ".join(text.strip(" ,.\"“”'’").split())


CLOSING_TAG_ENDS = rule(
    "pledges.closing-speech-tag-ends-the-commitment",
    "\"Britain will send 14 tanks to Ukraine, Sunak confirmed.\": a closing tag of a name and a speech verb other "
    "than said/told/added (confirmed, stressed, insisted, noted, wrote, tweeted, ...) is who told it, not part of the act",
)
# A short tag of up to six words and a reporting verb that closes the sentence (with an optional time or place after);
# no auxiliary or conjunction in it (", once their identity has been confirmed" is a condition, not a tag).
_CLOSING_TAG = re.compile(
    r",[\"”»]?\s(?:(?!(?:has|have|had|been|was|were|is|are|be|once|when|if|after|until|unless|as)\b)[\w’'.-]+\s){0,6}?"
    r"(?:confirm(?:ed|s)|stress(?:ed|es)|insist(?:ed|s)|not(?:ed|es)|wr(?:ote|ites)|"
    r"tweet(?:ed|s)|stat(?:ed|es)|declar(?:ed|es)|explain(?:ed|s)|emphasi[sz](?:ed|es)|underlin(?:ed|es)|"
    r"underscor(?:ed|es)|reiterat(?:ed|es)|insist(?:ed|s)|posted|remarked|recalled|replied|responded|"
    r"acknowledg(?:ed|es)|conceded|argued|maintained|observed)"
    r"(?:\s+(?:on|in|at|to|late|early|this|last)\b[^,;]{0,40})?\s*[.!]?\s*$"
)


BACKGROUND_LEAVES_THE_ACT = rule(
    "pledges.background-period-leaves-the-act",
    "\"will hire 300 dock workers following a month during which two strikes closed the harbour\": the period and "
    "the clause that describes it are the story's background (deadlines.after-a-period-in-which), no part of the act",
)
REPLACED_DEADLINE_GOES = rule(
    "pledges.replaced-deadline-goes",
    "\"will now finish the bridge by May, not July as first planned\", \"in April rather than in September\": the "
    "time a new deadline replaces is no part of the act; the digest shows the act and the new deadline only",
)
# Right after the deadline: ", not" / "rather than" / "instead of" and the time it replaces, to the clause's end.
_REPLACED_TIME = re.compile(r"(?:,\s*(?:and\s+)?not|\s+(?:rather than|instead of))\s+(?P<old>[^,;.]+)", re.IGNORECASE)
_TIME_PREPOSITION = re.compile(r"(?:by|in|on|until|before|at|from|during|within)\s", re.IGNORECASE)


def _replaced_time_end(commitment: str, end: int) -> int | None:
    """Where the time a new deadline replaces ends, when one follows the deadline ending at `end`."""
    match = _REPLACED_TIME.match(commitment, end)
    if match is None:
        return None
    old = match.group("old").strip()
    probe = old if _TIME_PREPOSITION.match(old) else "by " + old
    time = find_deadline(probe)
    return match.end() if time and probe.lower().startswith(time.lower()) else None


def digest_phrase(commitment: str, when: str | None) -> str:
    """The commitment as a digest shows it beside its deadline: the deadline taken out, a complete short phrase.

    A long phrase is cut before a preposition or a conjunction (never after one), so it ends on a whole phrase:
    "complete a joint survey of the disputed stretch of the valley", not "... stretch of the".
    """
    background = background_period_start(commitment) if BACKGROUND_LEAVES_THE_ACT else None
    if background:  # "hire dock workers following a month during which strikes closed the port": the story's past
        commitment = commitment[:background]
    if when and when in commitment:
        if OPENING_WORD_GOES:
            # "into the districts “from tomorrow, if ...”": the deadline's opening word goes with it
            commitment = re.sub(rf"[\"“‘]?\b(?i:from|starting|beginning|as of)\s+[\"“‘]?{re.escape(when)}", " ", commitment, count=1)
        end = commitment.find(when) + len(when)
        replaced = _replaced_time_end(commitment, end) if REPLACED_DEADLINE_GOES else None
        if replaced is not None:  # "by May, not July as first planned": the old time goes with the new one
            commitment = commitment[:end] + commitment[replaced:]
        commitment = commitment.replace(when, " ")
    # "it would publish" -> "publish": the actor's own action; another subject stays ("its fleet would keep").
    commitment = re.sub(r"^(?i:it|they|he|she|we|I)\s+(?:would|will|shall)\s+(?:also\s+)?", "", commitment)
    commitment = re.sub(r"\bnot to\b", "not", commitment, count=1)  # "agreed not to raise" -> "not raise"
    commitment = re.sub(r"\band to\b", "and", commitment)  # "halt fighting and to pull" -> "and pull"
    commitment = re.sub(r"\s+([,;.])(?=\s|$)", r"\1", commitment)
    words = re.sub(r"[\"“”«»]", "", commitment).strip(" ,.'’").split()
    if len(words) > MAX_COMMITMENT_WORDS:
        cuts = [
            i
            for i in range(4, MAX_COMMITMENT_WORDS + 1)
            if words[i].lower() in _BREAK_BEFORE and words[i - 1].lower() not in _FIXED_BEFORE
        ]
        # A clause boundary ("and", "while", "whenever") cuts cleaner than a preposition, if it leaves enough.
        clauses = [i for i in cuts if words[i].lower() in _CLAUSE_WORDS and i >= 6]
        cut = clauses[-1] if clauses else (cuts[-1] if cuts else MAX_COMMITMENT_WORDS)
        words = words[:cut]
    echo = _AFFIRMATION_TAIL.search(" ".join(words)) if ELLIPTICAL_AFFIRMATION else None
    if echo is not None and len(" ".join(words)[: echo.start()].split()) >= 2:
        words = " ".join(words)[: echo.start()].split()  # "We promised to rebuild it and we will": not its echo
    while len(words) > 1 and words[-1].lower().strip(",") in _DANGLING:
        words.pop()
    return " ".join(words).strip(" ,\"“”")


OPENING_WORD_GOES = rule(
    "pledges.deadline-opening-word-goes-with-it",
    "\"will open the crossing from Monday\" read with the deadline \"Monday\": the \"from\" (\"starting\", \"as of\") "
    "that opens it goes too, so that the commitment does not end on a stray preposition",
)


ELLIPTICAL_AFFIRMATION = rule(
    "pledges.and-we-will-is-an-echo",
    "\"We promised to rebuild the bridge and we will\": the closing \"and we will\" repeats the commitment; it is no "
    "part of it",
)
_AFFIRMATION_TAIL = re.compile(r",?\s+and (?:we|I|they|he|she|it) (?:will|shall|would|can|do|did)(?=[,.!]|$)")


# Phrases set between a subject and its verb: "Norland in turn will", "Estavia, for its part, committed",
# "The World Bank, which attended as an observer, will".
_INSERTED = re.compile(
    r"(?:,\s*|\s+)(?:in turn|in return|in exchange|for (?:its|his|her|their|our) part|for now|meanwhile|"
    r"which [^,]{1,80}|who [^,]{1,80}|whose [^,]{1,80}),?\s*$",
    re.IGNORECASE,
)


APPOSITION_BEFORE_VERB = rule(
    "pledges.apposition-before-the-verb",
    "\"Velmar and Sorrel, the two largest economies, will put in 150 million\", \"Norland, the region's biggest donor, "
    "will send 40 trucks\": a description in commas between a named side and its verb is skipped, the side is the "
    "subject (not a name in the commas, which the speaker rules read, and not after a lower-case noun)",
)
# ", the two largest economies," right after a capitalised name, closed by a comma before the verb.
_APPOSITION = re.compile(r"(\b[A-Z][\w’'-]*),\s+(?:the|a|an|its|their|both)\s+(?:[a-z][\w’'-]*\s+){0,6}?[a-z][\w’'-]*,\s*$")
APPOSITION_NAMES_A_PLACE = rule(
    "actors.apposition-may-name-a-place",
    "\"Mr. Piet Halvorsen, the Aldmark relief coordinator, pledged to ...\": a description in commas after a name "
    "may itself name a place or a body (\"Aldmark\") and still describe the named person, who is the subject, not "
    "the description; it ends on a lower-case word (a role), so a list of names is never read as one",
)
# The same, with capitalised words allowed inside the description: ", the Aldmark relief coordinator,".
_APPOSITION_NAMING = re.compile(
    r"(\b[A-Z][\w’'-]*),\s+(?:the|a|an|its|their|both)\s+(?:(?!and\b|or\b)[A-Za-z][\w’'-]*\s+){0,6}?[a-z][\w’'-]*,\s*$"
)


_TIME_WORDS = frozenset(
    "today yesterday tonight week weekend night morning evening afternoon earlier later month year".split()
)
PRONOUN_SUBJECT = rule(
    "pledges.pronoun-after-a-time",
    "a personal pronoun after the time of a statement is the subject (\"said on Monday it would\": not \"Monday it\")",
)


BUT_BEFORE_VERB = rule(
    "actors.but-before-a-second-verb",
    "\"Norland rejected the tariffs but promised to lift its own duties\": \"but\" right before the verb (or its "
    "auxiliary) joins a second verb to the first one's subject, as \"and\" does, never to the object before it "
    "(\"the tariffs but\")",
)
AND_BEFORE_AUXILIARY = rule(
    "actors.and-before-an-auxiliary",
    "\"his government welcomed the return of the envoys and would guarantee their safety\": \"and would\" joins a second "
    "verb to the first one's subject, never to the object before it (\"the envoys and\")",
)


PRONOUN_AFTER_OBJECT = rule(
    "actors.pronoun-after-a-named-object",
    "\"Norland has told Estavia it will pay\": a personal pronoun after a name is the subject of its own clause (the "
    "name is the object of \"told\"), never one phrase with the name (\"Estavia it\")",
)


# A verb of telling and the one told, right before the pronoun: "told Kesmark", "assured the minority".
_TOLD_SOMEONE = re.compile(
    r"\b(?:told|tells|assured|assures|reassured|informed|informs|notified|reminded|promised|promises)\s+"
    r"(?:the\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,3}[\w’'-]+$",
    re.IGNORECASE,
)


INSERTED_BEFORE_AUXILIARY = rule(
    "actors.inserted-clause-before-auxiliary",
    "a clause set between the subject and its auxiliary (\"The bank, which chaired the talks, has offered to\") is "
    "not the subject",
)


GROUP_STOPS_AT_VERB = rule(
    "actors.group-phrase-stops-at-a-verb",
    "a subject such as \"both sides\" reaches back to its determiner, never across a speech verb or an auxiliary, nor "
    "past a determiner of its own (\"The statement said both sides would\": \"both sides\", not \"The statement "
    "said both sides\")",
)


LISTED_SUBJECT = rule(
    "actors.list-of-names-is-one-subject",
    "\"Norland, Quendor and Estavia agreed to begin joint patrols\": names in a list, commas then \"and\", opening "
    "the clause are one subject; the actor was the last two (\"Quendor and Estavia\"). A name before a comma that "
    "does not open the clause (\"In Talberg, Norland and Velm agreed\") is no part of it",
)
# What may stand right before a subject list that opens its clause: nothing, or a dateline's dash or bracket.
_CLAUSE_OPENERS = frozenset({"-", "—", "–", ":", ";"})
_LIST_STOPS = frozenset({"in", "on", "at", "by", "after", "before", "the", "while", "as", "when"})


def _listed_before(words: list[str]) -> list[str]:
    """The items "A," "B," before "C and D" when they open the clause (see LISTED_SUBJECT); [] otherwise."""
    at = len(words)
    while at > 0 and words[at - 1].endswith(",") and re.fullmatch(r"[A-Z][\w’'.-]*,", words[at - 1]):
        at -= 1
        while at > 0 and re.fullmatch(r"[A-Z][\w’'.-]*", words[at - 1]) and words[at - 1].lower() not in _LIST_STOPS:
            at -= 1  # "United Kingdom," : an item of two names
    if at == len(words):
        return []
    if at == 1 and words[0] == "The":
        at = 0  # "The United Kingdom, Norland and Velm"
    if at > 0 and not (words[at - 1] in _CLAUSE_OPENERS or words[at - 1].endswith((")", ":", ";"))):
        return []
    items = words[at:]
    if any(w.rstrip(",").lower() in MONTHS or w.rstrip(",").lower() in WEEKDAYS or w.rstrip(",").lower() in PREPOSITIONS for w in items):
        return []
    return [w for w in items]


def _subject(before: str) -> str | None:
    """The noun phrase right before a verb (skipping auxiliaries and adverbs), e.g. 'the US side'.

    None when the verb is the second of a pair ('met in June and agreed to'): its subject is the sentence's.
    """
    before = _INSERTED.sub("", re.sub(r"[\"“”«»]|‘(?=\w)", " ", before))  # marks, and a single quote opening
    words = before.split()
    joiners = ("and", "but") if BUT_BEFORE_VERB else ("and",)
    if words and words[-1].lower() in joiners:
        return None
    while words and words[-1].lower().strip(",") in AUXILIARIES | ADVERBS | {"not", "firmly", "completely"}:
        words.pop()
    if AND_BEFORE_AUXILIARY and words and words[-1].lower() in joiners:
        return None  # "welcomed the return of the envoys and would guarantee": the subject is the first verb's
    if INSERTED_BEFORE_AUXILIARY and words and words[-1].endswith(","):
        # "The European Union, which brokered the talks, has offered": the clause sat before the auxiliary
        words = _INSERTED.sub("", " ".join(words)).split()
    if APPOSITION_BEFORE_VERB and words and words[-1].endswith(","):
        # "Velmar and Sorrel, the two largest economies, will pay": the apposition describes the named side
        joined = " ".join(words)
        apposed = _APPOSITION.sub(r"\1", joined)
        if APPOSITION_NAMES_A_PLACE and apposed == joined:
            apposed = _APPOSITION_NAMING.sub(r"\1", joined)  # "Halvorsen, the Aldmark relief coordinator,"
        words = apposed.split()
    if PRONOUN_SUBJECT and len(words) > 1 and words[-1].lower() in ("it", "they", "he", "she", "we", "i"):
        time = words[-2].lower().strip(",")
        if time in WEEKDAYS or time in MONTHS or time in _TIME_WORDS or time.isdigit():
            return words[-1]  # "said on Monday it would": the pronoun is the subject, not "Monday it"
        if PRONOUN_AFTER_OBJECT and words[-2].lower() not in PRONOUNS and _TOLD_SOMEONE.search(" ".join(words[-6:-1])):
            return words[-1]  # "has told Kesmark it will": the pronoun is the subject, not "Kesmark it"
    if words and words[-1].endswith(","):
        # '..., as she promised her party, ...' or an inserted clause: keep the last comma-free run.
        words[-1] = words[-1].rstrip(",")
    phrase: list[str] = []
    while words and not words[-1].endswith(",") and (_is_np_word(words[-1]) or words[-1].lower() in _GROUP_WORDS):
        phrase.insert(0, words.pop())
    if phrase and phrase[-1].lower() in _GROUP_WORDS and words:
        # "the development bank": modifiers up to the determiner belong to the phrase
        for back in range(1, 4):
            if len(words) < back or words[-back].endswith(","):
                break
            if GROUP_STOPS_AT_VERB and (
                words[-back].lower() in SPEECH_VERBS | AUXILIARIES or phrase[0].lower() in _QUANTIFIERS
            ):
                break  # "The statement said both sides": the subject is "both sides"
            if QUANTIFIER_ENDS_OPENER and words[-back].lower() in ("each", "every", "both", "all") and not (
                len(words) > back and words[-back - 1].lower() in PREPOSITIONS
            ):  # "two from each side" is left to EACH_AFTER_PREPOSITION
                phrase = words[-back:] + phrase  # "Under the deal each country will": "each country", not the deal's
                del words[-back:]
                break
            if words[-back].lower() in ("the", "its", "their", "his", "her"):
                phrase = words[-back:] + phrase
                del words[-back:]
                break
    if LISTED_SUBJECT and phrase and "and" in (w.lower() for w in phrase[:-1]) and words and words[-1].endswith(","):
        listed = _listed_before(words)  # "Norland, Quendor and Estavia agreed": the whole list, not its last two
        if listed:
            phrase = listed + phrase
            del words[-len(listed) :]
    if not phrase:
        return _common_noun_phrase(words)
    if all(w.lower().strip(".,") in MONTHS or w.lower() in WEEKDAYS or w[:1].isdigit() for w in phrase):
        return None  # "shut since March will reopen": a date is never the subject
    if words and words[-1].lower() in PREPOSITIONS - _CONJUNCTIONS:
        return None  # "the removal of Bolton would ...": the name is not the subject
    if (
        EACH_AFTER_PREPOSITION and len(words) > 1 and words[-1].lower() in ("each", "every")
        and words[-2].lower() in PREPOSITIONS
    ):
        return None  # "six engineers, three from each country, will ...": "each country" hangs on "from"
    if OF_A_THING and phrase and phrase[0] == "of" and words and not words[-1][:1].isupper() and (
        words[-1].lower() not in _PLACE_OF
    ):
        return None  # "the port of Dravik will ...": the port, a thing the lists do not know, not Dravik
    opened_by = words[-1].lower() if words else ""
    while phrase and _droppable_opening(phrase[0].lower()):
        opened_by = phrase.pop(0).lower()
    if TIME_BEFORE_THE_SUBJECT and opened_by in _TIME_OPENERS:
        # "On Friday Norland will open ...", "In March 2026 the ministry agreed": the time is no part of the actor
        while len(phrase) > 1 and (phrase[0].lower().strip(".,") in MONTHS or phrase[0].lower() in WEEKDAYS
                                   or phrase[0].strip(",")[:1].isdigit()):
            phrase.pop(0)
    if CAPITALS_LABEL_IS_A_HEADING:
        phrase = _after_capitals_label(phrase)
    if not phrase:
        return None
    if DETERMINER_OPENS:
        inner = [i for i, w in enumerate(phrase) if i > 0 and w.lower() in ("the", "a", "an") and phrase[i - 1].lower() not in ("of", "and", "&")]
        if inner and _TOLD.search(" ".join(words[-2:])):
            phrase = phrase[inner[-1] :]  # "told MPs the government would": the government, not "MPs the government"
    return " ".join(phrase).strip(" ,\"“”")


QUANTIFIER_ENDS_OPENER = rule(
    "pledges.quantifier-opens-the-subject",
    "\"Under the deal each country will pay half\", \"In the end both governments will sign\": with no comma after an "
    "opening phrase, a quantifier (each, every, both, all) before a modified group noun starts the subject; the "
    "words before it are the opener's (\"each member state\", not \"the deal each member state\")",
)
EACH_AFTER_PREPOSITION = rule(
    "actors.each-one-after-a-preposition",
    "\"A commission of six engineers, three from each country, will measure ...\", \"a panel with a judge from "
    "every side will ...\": a noun after \"from each\" or \"of every\" hangs on the preposition; it is no subject, "
    "and no actor is guessed from it",
)


OF_A_THING = rule(
    "actors.name-after-of-a-thing",
    "\"The ferry to the port of Dravik will run all summer\": a name after \"of\" belongs to the thing before it "
    "(a port, a service), which is the subject; the name is no actor",
)

_PLACE_OF = frozenset("city town state republic kingdom province region country island emirate".split())  # "the city of X": X


CAPITALS_LABEL_IS_A_HEADING = rule(
    "actors.capitals-label-is-a-heading",
    "\"* ESTAVIA: Estavia will ...\", \"NORLAND: The government is to ...\": words in capitals before a colon head a "
    "fact box's entry; the actor is the subject after the colon, never the heading",
)


def _after_capitals_label(phrase: list[str]) -> list[str]:
    """The phrase after a heading of capitals ended by a colon ("THE NORTHERN BANK: The bank" -> "The bank").

    A first person after the colon is a transcript's speaker label ("MR. VANDER: We will"), kept for the reading
    of who "we" is."""
    for i, word in enumerate(phrase[:-1]):
        if word.endswith(":") and phrase[i + 1].lower() not in ("i", "we"):
            label = [w.strip(":*•-") for w in phrase[: i + 1]]
            letters = "".join(c for w in label for c in w if c.isalpha())
            if len(letters) >= 2 and letters.isupper():
                return phrase[i + 1 :]
            break
    return phrase


TIME_BEFORE_THE_SUBJECT = rule(
    "actors.time-before-the-subject",
    "\"On Friday Norland will open ...\", \"In March the ministry agreed ...\": a day or a month after its preposition, "
    "with no comma before the subject, is no part of the actor",
)
_TIME_OPENERS = frozenset("on in last this next early late from by since".split())
DETERMINER_OPENS = rule(
    "actors.determiner-opens-the-subject",
    "\"The minister told MPs the government would publish ...\": after the one told, \"the\" opens the subject; the "
    "one told is no part of it",
)
_TOLD = re.compile(r"\b(?:told|tells|tell|assured|assures|informed|informs|reminded|reminds|promised|promises|warned)\s*$", re.IGNORECASE)


QUANTIFIER_OPENS = rule(
    "actors.quantifier-opens-the-subject",
    "\"Each country will pay its share\", \"All three governments will fund ...\": a quantifier opening the subject "
    "is part of the actor (\"each country\"), not a word to drop before it",
)
_QUANTIFIER_WORDS = frozenset("each every all three four five six seven eight nine ten several".split())


def _droppable_opening(word: str) -> bool:
    """A capitalised function word opening a subject ("However Norland"), but not a pronoun or determiner."""
    keep = ("the", "a", "an", "both", "one", "two", "his", "her", "their", "its")
    if QUANTIFIER_OPENS and word in _QUANTIFIER_WORDS:
        return False  # "Each country will pay": the quantifier says who, it stays with the noun
    return word in NOT_NAMES and word not in PRONOUNS and word not in keep


# Words that are prepositions or conjunctions; before a subject and its verb, they open a clause.
_CONJUNCTIONS = frozenset("after before since until as once while".split())
_QUANTIFIERS = frozenset("the a an both all its their his her our each every two three four several".split())


def _common_noun_phrase(words: list[str]) -> str | None:
    """A subject in lower case led by a determiner ("both armies", "the Estavian draft"), up to five words."""
    for size in range(2, 6):
        if len(words) < size:
            return None
        phrase = words[-size:]
        if phrase[0].lower() in _QUANTIFIERS:
            middle = [w.lower() for w in phrase[1:]]
            if any(w.endswith(",") or w in SPEECH_VERBS or w in AUXILIARIES or w in PREPOSITIONS for w in middle):
                return None
            return " ".join(phrase)
    return None


def _hedged(before: str, past: bool = False) -> bool:
    """A doubt, condition, hope or demand in the clause that leads to the commitment.

    `past`: the commitment verb is in the past ("agreed"), so "when" opens a time, not a condition.
    """
    aside = _ASIDE_BEFORE_VERB.search(before, max(0, len(before) - 120)) if HEDGE_ACROSS_ASIDE else None
    if aside is not None:
        before = before[: aside.start()]  # "hope that Halvania, which ships the most, will join"
    clause = re.split(r"[,;]\s|\b(?:said|says|told|added|announced|replied|that)\b", before)[-1][-80:]
    if HEDGE_BEFORE_THAT and _EXPECTATION_THAT.search(before[-(len(clause) + 50) :]):
        return True  # "expressed his doubt that the bridge will be rebuilt": the doubt governs the clause
    if CONDITION_BEFORE and _CONDITION_CLAUSE.search(before[-(len(clause) + 120) :]):
        return True  # "..., if the wire is gone, she will walk": the condition governs the clause
    for match in _HEDGES.finditer(clause):
        word = match.group(0)
        if HEDGE_IN_NAME and word[:1].isupper() and match.start() > 0 and clause[: match.start()].strip():
            continue  # "the Joint Comprehensive Plan of Action saw Iran agree": a name, not a plan
        if PAST_WHEN and past and word.lower() == "when":
            continue  # "when he publicly agreed to give up": the time it was agreed
        return True
    return False


VIGIL = rule(
    "pledges.will-be-watching-is-a-warning",
    "\"We will be watching the estuary every day\", \"the Beacon will be watching\", \"we will be waiting for "
    "answers\": watching, looking or waiting in the future progressive puts the other side on notice; nothing is "
    "promised",
)
_VIGILS = frozenset("watching looking waiting".split())
HEDGE_ACROSS_ASIDE = rule(
    "pledges.hedge-across-an-aside",
    "\"I hope that Halvania, which ships the most, will join\": a relative clause between commas right before the "
    "commitment is an aside; the hope, doubt or condition before it still governs the commitment",
)
# ", which ...," or ", who ...," closing right where the commitment's modal begins.
_ASIDE_BEFORE_VERB = re.compile(r",\s+(?:which|who|whose|where)\b[^,;]{1,100},\s*$")
HEDGE_BEFORE_THAT = rule(
    "pledges.doubt-or-expectation-before-that",
    "\"expressed doubt that\", \"feared that\", \"expect that\" X will: the clause is a doubt or a forecast, however "
    "the sentence is cut at \"that\"",
)
# A doubt, fear, hope or forecast right before "that" and the clause it governs (up to its subject and "will").
_EXPECTATION_THAT = re.compile(
    r"\b(?:doubts?|doubted|doubtful|fears?|feared|hopes?|hoped|hopeful|expects?|expected|expectation|predicts?|"
    r"predicted|believes?|believed|thinks?|thought|suspects?|suspected|worr(?:y|ies|ied)|likely|unlikely|possible|"
    r"speculat\w+|anticipat\w+|assum\w+)\s+(?:\w+\s+){0,2}?that\s+[^,;]{1,80}$",
    re.IGNORECASE,
)
CONDITION_BEFORE = rule(
    "pledges.condition-between-commas",
    "\"..., if the wire is gone, she will walk up the hill\": a condition set between commas right before the "
    "subject governs the commitment",
)
_CONDITION_CLAUSE = re.compile(r"(?:^|[,;]\s)(?:if|unless|in case)\b[^,;]{1,100},\s+[^,;]{1,60}$", re.I)


IS_COMMITTED_TO = rule(
    "pledges.is-committed-to", "\"is committed to\" a course or a deal is a commitment, like \"committed to\""
)
AS_PROMISED = rule(
    "pledges.as-it-had-promised",
    "\"Norland reopened the crossing, as it had promised in March\": a commitment verb after \"as\" points back at "
    "the act just told, it names no new commitment (\"as she promised her party, she will step down\" still promises "
    "what follows)",
)
_AS_PROMISED = re.compile(r"(?:^|[,;—–]\s*|\s)(?:just\s+)?as\s+(?:[\w’'-]+\s+){1,3}?(?:had\s+|has\s+|have\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
THAT_LEFT_OUT = rule(
    "pledges.assured-someone-the-clause",
    "\"assured the Velm Council the ministry would publish ...\": with \"that\" left out, what is assured is the clause "
    "that opens on a determiner and its \"would\", not the one assured",
)
_THAT_LEFT_OUT = re.compile(
    r"(?:[\w’'-]+\s+){1,4}?((?:the|its|their|his|her|our)\s+(?:[\w’'-]+\s+){0,3}?(?:would|will|shall)\s+(?:[^,;.]|\.(?!\s+[A-Z]|\s*$))*)",
    re.IGNORECASE,
)
PROMISED_WITHOUT_THAT = rule(
    "pledges.promised-the-clause-without-that",
    "\"Estavia promised it would pay\", \"pledged on Monday the bridge would reopen\": with \"that\" left out after "
    "promised, pledged or vowed, what is promised is the clause with its own subject and \"would\" (a day before it "
    "is when the promise was made), read as if \"that\" were written",
)
_PROMISE_FORMS = frozenset("promised pledged vowed promises pledges vows".split())
_CLAUSE_WITHOUT_THAT = re.compile(
    r"(?:(?:on|last|this|in|early|late)\s+[\w’'-]+,?\s+)?"  # "on Monday": when the promise was made
    r"((?:it|he|she|they|we|I|(?:the|its|their|his|her|our)(?:\s+(?!(?:it|he|she|they|we)\b)[a-z][\w’'-]*){1,3}|"
    r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2})\s+(?:would|will|shall)\s+\w)"
)
REMAINS_COMMITTED = rule(
    "actors.remains-committed",
    "\"he said Ostmark 'remains committed to a negotiated outcome'\": the subject of \"remains\" or \"stays\" "
    "committed is the actor, as of \"is committed\"",
)
_REMAINS = re.compile(r"\s+[\"“]?(?:remains?|remained|stays?|stayed)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
HEDGE_IN_NAME = rule(
    "pledges.hedge-word-in-a-name", "a hedge word written with a capital inside a sentence is part of a name (\"Plan\")"
)
PAST_WHEN = rule(
    "pledges.when-before-a-past-commitment",
    "\"when\" before a commitment verb in the past says when it was made, not on what condition",
)


def _conditional(sentence: str) -> bool:
    """A sentence that opens with a condition ('If May fails ..., Britain will leave')."""
    return bool(re.match(r"\W*(?:if|unless|should|in case)\b", sentence, re.IGNORECASE))


# How far before and after a commitment verb its actor, hedges and commitment are read (characters): a bound
# that keeps the work per verb constant, so a long sentence with many verbs is still read in linear time.
_REACH = 400

# The time or place of the promise, between its verb and "to": "agreed on Monday to", "promised late on
# Wednesday to", "agreed in principle to". Neither commitment nor deadline.
_ACT_TIME = re.compile(
    r"\s+(?:(?:late|early)\s+)?(?:on|at|in|during|after|last|this|yesterday|today|tonight|overnight)\b"
    r"(?:\s+[\w’'.-]+){0,5}?(?=\s+(?:to\s+[\"“]?[a-z]|that\b))"
)
BARE_WEEKDAY = rule(
    "pledges.bare-weekday-before-to",
    "\"agreed Tuesday to run a joint inquiry\", \"pledged Friday night to\": the day of the promise without \"on\", as "
    "American wires write it, stands between the verb and \"to\" as \"on Tuesday\" does",
)
_BARE_WEEKDAY = re.compile(
    r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?"
    r"(?=\s+(?:to\s+[\"“]?[a-z]|that\b))"
)
# "would be willing to", "is ready to": readiness is an offer, not a commitment.
_OFFER_WORDS = frozenset("willing ready prepared open happy eager keen".split())
# Objects that deny the commitment: "promised nothing", "pledged no new money".
AGREED_TO_A_PRONOUN = rule(
    "pledges.agreed-to-a-pronoun",
    "\"Ambrel asked for a pause, and we agreed to one\": a commitment whose object is only \"one\", \"it\" or "
    "\"this\" says nothing a reader can hold anyone to, and its actor is easily the wrong side; it is left out",
)
_TO_A_PRONOUN = re.compile(r"\s+to\s+(?:one|it|this|them)\s*(?:[.;,!?]|$)", re.IGNORECASE)
_EMPTY_OBJECT = re.compile(r"\s*(?:nothing|none|no\b|little\b|neither\b|only that\b)", re.IGNORECASE)
# Determiners that make a commitment word a noun: "no such promise", "any pledge", "this guarantee".
_NOUN_DETERMINERS = frozenset("no such any every this that these those own the a an its his her their our".split())
# A promise recalled as history: "has promised elections three times since 2022", "had vowed repeatedly".
_HISTORY = re.compile(
    r"\b(?:\w+ times|since (?:\d{4}|[A-Z]\w+|the \w+)|repeatedly|in the past|previously|for years|before|"
    r"more than once|time and again|again and again|on (?:several|many|numerous) occasions)\b"
)
BEFORE_A_DEADLINE = rule(
    "pledges.before-an-event-is-no-history",
    "\"has promised that its troops will leave before the harvest\": \"before\" with an object is a deadline, not a "
    "promise recalled from before",
)
YET_TO = rule(
    "pledges.yet-to-commit",
    "\"Norland has yet to commit to the plan\", \"is still to agree to\": a commitment not made (as \"has not committed\")",
)
REASSURED = rule(
    "pledges.reassured",
    "\"reassured X that Y would ...\" commits Y as \"assured\" does (a statement of fact after \"that\" does not)",
)
MODIFIED_NOUN = rule(
    "pledges.modified-noun",
    "\"the original pledge was\", \"a small promise kept\": a determiner and a word or two before \"pledge\", "
    "\"promise\", \"vow\" or \"guarantee\" make it a noun, not the verb (\"the two sides pledge to\" stays a verb)",
)
_MODIFIED_NOUN_FORMS = frozenset("pledge promise vow guarantee".split())
_MODIFIER_BEFORE = re.compile(
    r"\b(?i:the|a|an|this|that|these|those|his|her|its|their|our|my|your|every|each|no|any|such|one)\s+"
    r"(?!(?:it|he|she|they|we|you|i|who|which)\s)(?:[a-z0-9][\w-]*\s+)?[a-z0-9][\w-]*(?<![^su]s)\s+$"
)
RECIPIENT_AFTER_TO = rule(
    "pledges.promised-to-a-recipient",
    "\"the compensation it had promised to 214 families\": \"to\" before a number or a determiner names who was "
    "promised, not an act (the thing promised came before)",
)
_RECIPIENT = re.compile(r"\s+to\s+(?:\d|(?:the|a|an|its|their|his|her|our|every|each|all|those|these)\s)", re.IGNORECASE)
EVER = rule("pledges.will-ever-is-doubt", "\"will ever\" or \"would ever\" doubts an action, it commits to none")
THREATS = rule(
    "pledges.vow-of-retaliation", "a vow to retaliate, punish or destroy is a threat, not a commitment to track"
)
HISTORY = rule(
    "pledges.history-is-no-pledge",
    "a promise recalled as history (\"has promised elections three times since 2022\", \"had vowed in 2023 to\")",
)
_PERFECT = re.compile(r"\b(?:has|have|had)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# What a proposal would do is not a commitment ("the draft would guarantee free passage").
_PROPOSAL_HEADS = frozenset("draft drafts proposal proposals blueprint blueprints".split())
_DENIAL = re.compile(r"\b(?:den(?:y|ied|ies|ying)|dismissed reports)\b", re.IGNORECASE)
REPORT_REJECTED = rule(
    "pledges.report-of-a-promise-rejected",
    "\"Koroma pushed back at reports that Marvessa had promised to take back migrants\", \"rejected claims that it "
    "had agreed to\": a report of a promise, rejected by the side, is a denial (not \"reports say Norland promised\")",
)
_REPORT_REJECTED = re.compile(
    r"\b(?:push(?:ed|es)? back (?:at|against|on)|reject(?:ed|s)?|dismiss(?:ed|es)?|disput(?:ed|es)|rebut(?:ted|s)?|"
    r"refut(?:ed|es)|brush(?:ed|es)? (?:aside|off))\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:reports?|claims?|suggestions?|"
    r"allegations?|accounts?|rumou?rs?)\b[^;]*$",
    re.IGNORECASE,
)
NOR_OPENS = rule(
    "pledges.nor-did-commit",
    "\"Nor did the government commit to a date for the rise\", \"neither has Estavia promised to\": \"nor\" or "
    "\"neither\" with the auxiliary before its subject denies the commitment, as \"did not commit\" does",
)
_NOR_OPENS = re.compile(
    r"(?:^|[.;:,]\s*|\b(?:and|but)\s+)(?:nor|neither)\s+(?:did|does|do|has|have|had|will|would|could|can|was|were|is|are)\s+"
    r"(?:[\w’'-]+\s+){1,5}$",
    re.IGNORECASE,
)
_THREAT_REPORT = re.compile(r"\b(?:warn(?:ed|s|ing)?|threat(?:en(?:ed|s)?)?)\b", re.IGNORECASE)
# "committed Norland to providing", "committed his government to": the object is the one committed.
_COMMITTED_OBJECT = re.compile(
    r"\s+((?:the\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*|(?:his|her|its|their) (?:government|country|administration))"
    r"\s+to\s+(?=[a-z])"
)


COMMITS_A_NAMED_SIDE = rule(
    "pledges.text-commits-a-named-side",
    "\"The plan commits Sundria to planting 500 million trees\", \"an accord that commits Quessa to phasing out its "
    "tariff\": \"commits\" with a named side and \"to\" after it is the verb whatever stands before it (a text, "
    "\"that\"), never the plural noun; the side named is bound",
)


# The text "commits" follows: "The plan ", "the new accord ", "that ", "which ".
_TEXT_BEFORE_COMMITS = re.compile(r"(?:\b(?:the|this|its|their|a|an)\s+)?(?:[\w-]+\s+)?[\w-]+\s*$|\b(?:that|which)\s*$", re.IGNORECASE)


COMMITTED_BODY = rule(
    "actors.committed-body-is-the-actor",
    "\"It commits the government to hold a referendum\", \"The text commits both sides to ...\": the body or the "
    "sides named as the object of \"commits\" are who is bound, whatever \"it\" (a text) stands for",
)
_COMMITTED_BODY = re.compile(
    r"\s+((?:the|both|all|its|their)\s+(?:[a-z]+\s+)?(?:government|governments|coalition|administration|cabinet|"
    r"authorities|parties|sides|signatories|countries|states|members|partners))\s+to\s+(?=[a-z])"
)


# The commitment verb as a digest writes it before a direct object ("guarantee a further €300 million").
# "to" and a verb: what an offer or a signature commits to ("offered to let inspectors board").
_TO_ACT = r"to\s+(?!(?:the|a|an|its|their|his|her|our|any|some|this|that|these|those|be)\b)[a-z]+\b(?<!ing\b)"
BY_AGREEING = rule(
    "pledges.by-agreeing-to",
    "\"the leaders closed their summit by agreeing to set up a fund\": the main clause's subject commits, as with \", "
    "agreeing to\" (not \"the dispute can only be settled by agreeing to\"); a subject keeps its number word "
    "(\"Leaders of the six Gulf states\")",
)
OFFER = rule(
    "pledges.offer-to-act",
    "\"Estavia has offered to let inspectors board\" commits Estavia if the offer is taken: a pledge (not "
    "\"offered condolences\")",
)
OFFERED_SCHEDULE = rule(
    "pledges.offered-schedule-is-no-pledge",
    "\"Orsania has offered to host the next round\", \"offered to send a delegation\": a venue or a visit offered "
    "for talks is a meeting schedule, as it would be if promised (\"has offered to let inspectors board\" is "
    "still read)",
)
OFFER_RECALLED = rule(
    "pledges.offer-recalled-is-no-pledge",
    "\"Varga said his side had offered to share the data\": an offer in the past perfect is told of, not made now, "
    "and binds no one until it is taken up (\"has offered to let inspectors board\" is still read as before)",
)
SIGNED_UP = rule(
    "pledges.signed-up-to-act", "\"Norland has signed up to recognise the border\" commits Norland to the act"
)
ASSURANCE_NOUN = rule(
    "pledges.gave-assurances",
    "\"gave assurances that Norland would finish the line\" commits as \"gave an undertaking that\" does",
)
# A sum of money as the object of a commitment: "committed €20 million to", "is earmarking $3bn for".
_MONEY = re.compile(
    r"(?:a further |an additional |another |some |about |around |nearly |almost |up to |more than |over )?"
    r"(?:[$€£¥]\s?\d|\d[\d.,]*\s*(?:million|billion|bn|m)?\s*(?:euros?|dollars?|pounds?|francs?|yuan)\b|"
    r"\d[\d.,]*\s+(?:million|billion)\s+[a-z]+s\b(?<!\bpeople)(?<!\btonnes))",
    re.IGNORECASE,
)
MONEY_COMMITTED = rule(
    "pledges.money-committed",
    "a sum committed or earmarked (\"committed €20 million to\", \"is earmarking $3bn for\") is a pledge to pay it",
)
MONEY_SET_ASIDE = rule(
    "pledges.money-set-aside",
    "a sum set aside or allocated (\"has set aside €15 million for demining\", \"allocated $40 million to the "
    "schools\") is committed as an earmarked one is (not \"set aside the ruling\", \"allocated seats\")",
)
# What a signature binds its signatory to when no act is named: a deal, a principle, a restructuring, terms.
_BINDING_TEXT = re.compile(
    r"to\s+(?:the\s+|a\s+|an\s+|that\s+|this\s+|its\s+|their\s+|these\s+)?"
    r"(?:(?!(?:of|on|for|with|in|at|to|about)\b)[\w’'-]+\s+){0,3}?"
    r"(?:deal|agreement|accord|treaty|pact|principles?|restructuring|ceasefire|truce|declaration|code of conduct|"
    r"targets?|terms|framework|road ?map|pledge|commitments?|rules|package)\b",
    re.IGNORECASE,
)
SIGNED_UP_TO_TERMS = rule(
    "pledges.signed-up-to-terms",
    "\"signed up to the deal\" or \"to that principle\" binds the signatory to its terms (not \"to the forum\")",
)
SIGNED_UP_TO_PROGRAMME = rule(
    "pledges.signed-up-to-a-programme",
    "\"signed up to a joint campaign against smuggling\", \"to a law on self-rule\", \"to the reform plan\": a "
    "programme of action signed up to binds the signatory to carry it out, as terms do (not \"to the forum\", "
    "\"to the newsletter\")",
)
_PROGRAMME_TEXT = re.compile(
    r"to\s+(?:the\s+|a\s+|an\s+|that\s+|this\s+|its\s+|their\s+)?"
    r"(?:(?!(?:of|on|for|with|in|at|to|about)\b)[\w’'-]+\s+){0,3}?"
    r"(?:campaign|plan|programme|program|scheme|initiative|law|reforms?|timetable|mission|operation)\b"
    r"(?!\s+(?:of\s+)?(?:talks|meetings|events|lectures|visits)\b)",
    re.IGNORECASE,
)
SIGNED_UP_TO_A_TASK = rule(
    "pledges.signed-up-to-a-task",
    "\"signed up to a joint review in 2029\", \"to an eight-year moratorium on repayments\", \"to a joint catalogue\": "
    "whatever a side signs up to binds it, unless it is a body or a gathering it joins (\"to the forum\", \"to the "
    "alliance\", \"to the summit\") or an idea it shares (\"to the idea of a joint force\")",
)
# What a side signs up to without taking on a task: a body it joins, a gathering, a list, an idea it shares.
_JOINED_NOT_BOUND = re.compile(
    r"to\s+(?:the\s+|a\s+|an\s+|that\s+|this\s+|its\s+|their\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:forum|club|group|alliance|coalition|network|union|organi[sz]ation|body|bloc|league|association|newsletter|"
    r"list|register|summit|conference|talks|meeting|session|idea|notion|concept|view|vision|argument|cause|"
    r"platform|website|service|app)s?\b",
    re.IGNORECASE,
)
_TASK_OBJECT = re.compile(r"to\s+(?:the|a|an|that|this|its|their)\s+[\w’'-]+", re.IGNORECASE)


def _signed_up_task(lowered: str) -> bool:
    """ "to a joint review", "to a moratorium": a task signed up to, which terms and programmes do not already name
    (those have rules of their own), and no body joined or idea shared (SIGNED_UP_TO_A_TASK)."""
    if _BINDING_TEXT.match(lowered) or _PROGRAMME_TEXT.match(lowered):
        return False
    return _TASK_OBJECT.match(lowered) is not None and _JOINED_NOT_BOUND.match(lowered) is None


AGREED_THAT_MAY = rule(
    "pledges.agreed-that-others-may",
    "\"Velmora has agreed that patrols may enter the valley without notice\", \"agreed that farmers can keep working "
    "their fields\": agreeing that others may do an act of access or use (lexicon.permitted-acts) grants it, a "
    "commitment of the side that agrees (not \"agreed that prices may rise\", an opinion shared)",
)


def _permitted(clause: str) -> bool:
    """ "that patrols may enter ...": "may" or "can" before an act a side lets others do (AGREED_THAT_MAY)."""
    found = re.match(r"that\s+(?:[\w’'-]+\s+){1,5}?(?:may|can)\s+(?:\w+ly\s+)?([a-z]+)\b", clause)
    return found is not None and found.group(1) in PERMITTED_ACTS


AGREED_TO_AN_ACT = rule(
    "pledges.agreed-to-an-act-noun",
    "\"agreed to the withdrawal of heavy weapons\", \"to an exchange of prisoners\": an act named by its noun is "
    "agreed as if by its verb (not talks, a meeting or a visit)",
)
# A determiner and an action noun: a verb's nominal form ("withdrawal", "release", "reduction") or an act of war
# and peace named by a noun of its own.
_ACT_NOUN = re.compile(
    r"to\s+[\"“]?(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:\w+(?:al|ion|ment)|exchange|release|swap|ceasefire|truce|"
    r"return|handover|pullback|pull-?out|freeze|halt|ban)\s+(?:of|on|from|in|for|to|between)\b"
)
REQUEST_ACCEPTED = rule(
    "pledges.agreed-to-a-request-is-the-act",
    "\"Norland agreed to Estavia's request to return the boats\", \"to a call to reopen\": what is agreed is the act "
    "asked for (\"return the boats\"), the one who agrees its actor",
)
# "to Estavia's request to", "to the council's call to", "to a Velmoran proposal to": the act asked for follows.
_REQUEST_TO = re.compile(
    r"to\s+(?:(?:the|a|an|its|their|this|that)\s+)?(?:[\w’'-]+\s+){0,3}?(?:request|call|demand|appeal|plea|"
    r"proposal|suggestion)\s+(?=to\s+[a-z])",
    re.IGNORECASE,
)
EVENT_STARTS = rule(
    "pledges.an-event-starting-is-a-schedule",
    "\"the new session of parliament will start on Monday\", \"the talks on the border will begin in Vell\": an event "
    "that starts, ends or resumes is a schedule, not a side's act",
)
_EVENT_VERBS = frozenset("start begin open resume close end conclude reconvene run last".split())
# Talks and meetings: held, not done (a schedule, never a side's act).
_TALK_WORDS = r"talks|negotiations?|meetings?|dialogue|visits?|summit|consultations?|discussions?|sessions?|conference"
_EVENT_SUBJECT = re.compile(
    r"(?:^|[\s,;:\"“])(?:[Tt]he|[Aa]n?|[Tt]his|[Nn]ext|[Tt]heir|[Ii]ts)\s+(?:[\w’'-]+\s+){0,2}?(?:" + _TALK_WORDS + r"|"
    r"round|hearings?|trial|debate|congress|forum|ceremony|season|term)(?:\s+(?:of|on|in|at|over|with|between|about)"
    r"\s+[^,;:()\"“”]{1,60}?)?\s*$"
)
_TALK_NOUNS = re.compile(r"\b(?:" + _TALK_WORDS + r")\b")
_BASE_FORMS = {
    "pledged": "pledge", "pledge": "pledge", "promised": "promise", "promise": "promise", "vowed": "vow",
    "vow": "vow", "guaranteed": "guarantee", "guarantee": "guarantee", "committed": "commit", "commit": "commit",
    "earmarked": "earmark", "earmarks": "earmark", "earmarking": "earmark", "earmark": "earmark",
    "set aside": "set aside", "sets aside": "set aside", "setting aside": "set aside", "allocated": "allocate",
    "allocates": "allocate", "allocating": "allocate",
}


def _is_proposal(subject: str | None) -> bool:
    if not subject:
        return False
    return subject.split()[-1].lower() in _PROPOSAL_HEADS


AGREEMENT_NOT_REACHED = rule(
    "pledges.agreement-not-reached-binds-no-one",
    "\"Norland and Estavia are close to an agreement that would see Norland guarantee ...\": what an agreement not "
    "yet reached (close to, near, on the verge of, still negotiating) would bring binds no one: no pledge",
)
_NOT_REACHED = re.compile(
    r"\b(?:(?:are|is|were|was|be|been|came|come|moved|moving|edged|edging)\s+(?:\w+\s+)?(?:close|closer|near|nearer)\s+to"
    r"|nearing|on the verge of|within reach of|(?:still\s+)?(?:negotiating|discussing|hammering out|working on))\s+"
    r"(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:agreement|deal|accord|pact|treaty|settlement)\s+"
    r"(?:that|which|under which|in which)\b[^.;]*$",
    re.IGNORECASE,
)


def _proposed(before: str) -> bool:
    """A draft or a proposal is the subject of the clause: "A draft statement circulated by Estavia would"; or an
    agreement not yet reached is what would bring the act ("close to a deal that would see Norland ...")."""
    if AGREEMENT_NOT_REACHED and _NOT_REACHED.search(before):
        return True
    clause = re.split(r"[,;:]\s|\b(?:that|said|says)\b", before)[-1]
    return bool(re.search(r"\b(?:draft|drafts|proposal|proposals|blueprint)\b", clause, re.IGNORECASE))


def _every(pattern: re.Pattern[str], sentence: str, group: str) -> Iterator[re.Match[str]]:
    """Each match of a trigger whose pattern runs to the end of the sentence: the first, and with EVERY_TRIGGER
    the ones after it too (searched again from where each trigger's `group` starts)."""
    match = pattern.search(sentence)
    while match is not None:
        yield match
        if not EVERY_TRIGGER:
            return
        match = pattern.search(sentence, match.start(group))


REACHED_AGREEMENT = rule(
    "pledges.reached-consensus-that",
    "\"The sides reached consensus that the trade commission will be restored\", \"reached an understanding to "
    "reopen the consulates\": reaching agreement on what will be done is agreeing to do it (not \"failed to reach\", "
    "nor an agreement \"on\" a subject, which names no act)",
)
BOUND_ITSELF = rule(
    "pledges.bound-itself-to",
    "\"both states obligate themselves to organize the festival every year\", \"Norland bound itself to repay\": a "
    "side binding itself to an act commits to it, as \"committed itself to\" does",
)
GIVE_YOU_MY_WORD = rule(
    "pledges.give-you-my-word",
    "\"I give you my word that Orsania will reopen the crossing\": giving one's word to a listener, in the present, "
    "promises what follows \"that\" (not \"cannot give you my word\", nor a word asked of someone else)",
)
IS_UNDERTAKING = rule(
    "pledges.is-undertaking-to",
    "\"Estavia is undertaking to provide 40 buses\": the progressive of \"undertake to\" commits as \"undertook to\" "
    "does (\"is undertaking a tour\" is an activity, no commitment)",
)
TOOK_A_DECISION = rule(
    "pledges.took-a-decision-to-act",
    "\"the government has taken the decision to allocate 12 million crowns\": taking a decision to act is deciding to "
    "act, read as \"decided to\" is (a decision to wait or to meet, or a court's, still commits no one)",
)
VOTED_TO_ACT = rule(
    "pledges.voted-to-act",
    "\"the council voted unanimously to send a delegation\": a body's vote to do a deed (send, fund, provide, ...) "
    "binds it as a decision does (not a vote to condemn, approve or ask, nor the voters' own vote)",
)
DECIDED_TO_ACT = rule(
    "pledges.decided-to-act",
    "\"Norland decided to contribute $3m to the fund, its minister said\", \"the government has decided to lift the "
    "curfew from Monday\": a side's decision to act, announced, commits it as a pledge does (not a decision to meet, "
    "wait or study, a court's or a voter's decision, or one recalled from a past year)",
)
# Deciders that are not a side committing: courts, juries, voters, a company's board answers to nobody here.
_NOT_DECIDERS = re.compile(r"\b(?:court|judges?|jury|tribunal|voters|electorate|referee|umpire|board)\W*$", re.IGNORECASE)


def _decided_act(lowered: str, before: str) -> bool:
    """ "decided to" + an act: the verb after "to" is a deed, not a schedule, a wait or a thought, and the decider is no
    court or voter; a decision taken "in 2019" or "last year" is history, not news."""
    act = re.match(r"to\s+(?:\w+ly\s+)?([a-z]+)\b", lowered)
    if act is None or act.group(1) in _SCHEDULE_VERBS or act.group(1) in _NOT_ACTIONS or act.group(1) in ("not", "postpone", "delay", "suspend"):
        return False
    if _NOT_DECIDERS.search(re.sub(r"\s+(?:has|have|had)\s*$", "", before)):
        return False
    history = r"\b(?:in (?:19|20)\d\d|last (?:year|month|week)|years? ago|earlier|previously)\b"
    return not re.search(history, before[-60:] + " " + _clause_end(lowered)[:80], re.IGNORECASE)


RESOLVED_TO_ACT = rule(
    "pledges.resolved-to-act",
    "\"the leaders resolved to open their grids to one another by 2028\": a side's resolve to act is a vow in a "
    "communique's words, read as \"decided to\" is (not a passive, \"was resolved to everyone's satisfaction\", nor a "
    "resolve to meet, wait or study)",
)


def _resolved_act(lowered: str, before: str) -> bool:
    """ "resolved to" + a deed, said by the side itself: a passive ("the quarrel was resolved to ...") settles a
    dispute and commits no one."""
    if re.search(r"\b(?:is|are|was|were|be|been|being|get|got)\s+(?:\w+ly\s+)?$", before, re.IGNORECASE):
        return False
    if not re.match(_TO_ACT + r"(?![’'])", lowered):
        return False
    return _decided_act(lowered, before)


READY_TO_ACT = rule(
    "pledges.ready-to-do-a-deed",
    "\"The Tsarevan side is ready to supply fuel\", \"said Norland was prepared to let inspectors visit\", \"expressed "
    "readiness to allocate land\": a side declared ready for a deed of its own commits to it (not \"ready to discuss\", "
    "\"to help\", \"to consider\", \"to deepen cooperation\", \"would be ready\", force (\"prepared to fire on\", a threat), "
    "nor readiness on a condition: \"if\", \"once\", \"but only\")",
)
# Verbs after "ready to" that name no deed of the side's own: talk, help or readiness to act in general.
_READY_VAGUE = frozenset(
    "help act move do work cooperate engage assist negotiate resume start begin listen respond step play support "
    "join fight defend compromise answer review examine look deepen strengthen expand enhance promote boost advance "
    "develop improve intensify broaden".split()
)
# Force a side is ready to use is a threat, not a commitment: "the army was prepared to fire on protesters".
_READY_FORCE = frozenset("fire shoot strike attack bomb shell invade retaliate punish destroy kill hit".split())


def _ready_deed(tail: str, before: str) -> bool:
    """ "ready/prepared to" + a deed with its object, with no condition on it and no question around it: readiness
    with a named act and nothing waited for is the commitment state media and wires report as such."""
    act = re.match(r"\s+to\s+(?:\w+ly\s+)?([a-z]+)\b", tail)
    if act is None or act.group(1) in _SCHEDULE_VERBS | _NOT_ACTIONS | _READY_VAGUE | _READY_FORCE:
        return False
    if act.group(1) == "use" and re.match(r"\s+to\s+use\s+(?:all\s+)?(?:\w+\s+)?(?:force|weapons|arms)\b", tail):
        return False  # "ready to use force": a threat
    clause = _clause_end(tail.lower())
    if re.search(r"\b(?:if|unless|should|provided|once|in case|on condition|as soon as|but|whether|when)\b", clause):
        return False
    return not re.search(r"\b(?:whether|if|asked|would|could|might|may)\b[^.;]*$", before, re.IGNORECASE)


STATED_INTENTION = rule(
    "pledges.stated-the-intention",
    "\"expressed the intention to open a crossing in 2029\", \"confirmed their intention to complete the unit in "
    "2031\": an intention a side states, with the time the act is due, commits it as \"intends to\" does (not with "
    "no time, and not a plan to meet or study)",
)
SIGNED_AN_AGREEMENT_TO = rule(
    "pledges.signed-an-agreement-to",
    "\"have signed an agreement to operate a border post\", \"signed a deal to buy 24 jets\": the signers agree to "
    "the act (not \"signed an agreement\" with no act after \"to\", nor \"to the effect\", nor \"signed the accord to loud "
    "applause\": the word after \"to\" must be a verb in the parse)",
)
INTENDED_ACT_DUE = rule(
    "pledges.intended-act-with-its-time",
    "\"Velmora intends to return the families before winter\", \"said Norland planned to pay the farmers by March\": "
    "a side's stated intention to act, with the time the act is due, commits it (not an intention with no time, a "
    "plan to meet or study, or a plan recalled as dropped: \"had planned to ..., but\")",
)


def _verb_after_to(sentence: str, at: int) -> bool:
    """The word after the first "to" from `at` is a verb in the parse ("signed a deal to buy jets"), not the start of
    a noun phrase ("signed the accord to loud applause", "to widespread criticism"). Without the model: True."""
    found = re.compile(r"\bto\s+([a-z]+)\b").search(sentence, at)
    if found is None:
        return False
    doc = syntax.parse(sentence)
    if doc is None:
        return True
    token = next((t for t in doc if t.idx == found.start(1)), None)
    return token is not None and token.tag_ == "VB"  # the bare infinitive after "to"


def _intended_act(lowered: str, before: str) -> bool:
    """ "intends/plans to" + a deed whose own clause gives the time it is due; the time is what turns an intention
    into something a reader can hold the side to."""
    act = re.match(r"to\s+(?:\w+ly\s+)?([a-z]+)\b", lowered)
    if act is None or act.group(1) in _SCHEDULE_VERBS or act.group(1) in _NOT_ACTIONS or act.group(1) == "not":
        return False
    if re.search(r"\b(?:had|has|have|had been)\s*$", before) or re.search(r"\b(?:but|until|unless|if)\b", _clause_end(lowered)):
        return False
    return _time_given(_clause_end(lowered))


WILLING_TO_ACT = rule(
    "pledges.willing-to-do-a-deed",
    "\"the Varkan side is willing to share seismic data\", \"We are willing to extend the arrangement by three months\": "
    "a side declared willing to do a deed of its own commits to it as \"ready to\" does, with the same limits (not "
    "\"willing to work with\", \"to deepen cooperation\", \"not willing\", \"whether ... is willing\", or on a condition)",
)
STANDS_READY = rule(
    "pledges.stands-ready-to-do-a-deed",
    "\"Varka stands ready to send experts\": a side that stands ready for a deed is ready for it (not \"stands ready to "
    "help\" or \"to cooperate\": no deed named)",
)
INTENDS_A_DEED = rule(
    "pledges.intends-a-deed",
    "\"Kaldor Marine intends to train 400 apprentices\", \"We intend to put a new proposal on the table\": a side's "
    "stated intention to do a named deed of its own is announced as a commitment, with or without a time (not a plan "
    "to meet, study or consider, not \"had intended\", not \"was intended to\", not with a condition or a \"but\")",
)


def _intended_deed(lowered: str, before: str) -> bool:
    """ "intends to" + a deed verb with its object, no condition and no doubt around it (INTENDS_A_DEED)."""
    act = re.match(r"to\s+(?:\w+ly\s+)?([a-z]+)\s+(\w+)", lowered)
    if act is None or act.group(1) in _SCHEDULE_VERBS | _NOT_ACTIONS | _READY_VAGUE | _READY_FORCE | _LOOKING_VERBS:
        return False
    if act.group(1) in ("not", "seek", "ask", "press", "push", "raise", "propose", "request", "apply", "challenge", "test", "try", "sound", "probe", "pursue", "use"):
        return False  # "intends to seek damages", "intends to test them on the ideas": a request or a probe, no deed
    if act.group(2) in ("them", "him", "her", "it", "this", "that", "us", "me", "you"):
        return False  # "intends to hold them to it": the object is a pronoun, the deed is not named
    if re.search(r"\b(?:had|has|have|was|were|is|are|be|been|not|whether|if|asked|doubt\w*)\s+(?:\w+\s+)?$", before, re.I):
        return False
    if re.search(r"\b(?:but|until|unless|if|once|provided|whether)\b", _clause_end(lowered)):
        return False
    return True


def _time_given(clause: str) -> bool:
    """A time the act is due, not "soon" or "as soon as it can" (no time given)."""
    due = find_deadline(clause)
    return due is not None and not re.search(r"\b(?:possible|can|could|practicable|feasible|soon)\s*$", due)


EVERY_TRIGGER = rule(
    "pledges.every-trigger",
    "every commitment verb and every \"will\" of a sentence is read, not only the first (\"asked if it would "
    "affect ties, he said he would work it out\")",
)


AGREED_THING = rule(
    "pledges.agreed-after-a-deal-noun-describes-it",
    "\"to observe the truce agreed in June and to allow access\", \"the timetable agreed at the summit\": \"agreed\" "
    "right after a truce, deal, timetable or terms in lower case describes what was agreed before; it is no verb of "
    "the sentence and the thing agreed commits to nothing (\"the two sides agreed to ...\" still reads)",
)
THING_PROMISED = rule(
    "pledges.promised-after-a-thing-describes-it",
    "\"the monitors promised in March had been deployed\", \"The aid pledged at the summit has not arrived\": a "
    "promise verb right after a thing, then at most a time or place, then the sentence's own verb, describes what was "
    "promised before; it commits no one here (\"Norland promised in May it would ...\" still reads)",
)
# A lower-case noun phrase right before the verb ("the monitors ", "The aid ").
_THING_BEFORE = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hese|[Tt]hose|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur)\s+(?:[\w-]+\s+){0,3}?[a-z][\w-]*\s+$")
# Up to two phrases of time or place ("in March", "at the summit in May", "last year"), then a finite verb.
_PLACE_OR_TIME = (
    r"(?:(?:last|this|earlier|that)\s+(?:year|month|week|spring|summer|autumn|winter|time)|"
    r"(?:in|at|on|during|under|since|from|after|before)\s+(?:(?:the|a|an)\s+)?"
    r"(?:(?!(?:the|a|an|it|its|they|their|he|his|she|her|we|to|that)\b)[\w’'.-]+\s+){0,2}?"
    r"(?!(?:the|a|an|it|its|they|their|he|his|she|her|we|to|that)\b)[\w’'.-]+)"
)
_DESCRIBED_THING_TAIL = re.compile(
    rf"\s+(?:{_PLACE_OR_TIME}\s+){{0,2}}(?:has|have|had|was|were|is|are|will|would|did|does|remains?|remained|"
    r"never|still|could|can)\b"
)



AMOUNT_OR_ASIDE_PROMISED = rule(
    "pledges.promised-amount-or-aside-describes-it",
    "\"how much of the $1.2bn pledged in September has arrived\", \"A second clinic, promised in 2021, has not been "
    "built\": as in pledges.promised-after-a-thing-describes-it, a sum of money right before the promise verb, or a "
    "thing with the promise and its time set off by commas, then the sentence's own verb, is what was promised before "
    "(\"The donors, meeting in Varn, pledged on Friday to rebuild ...\" still reads)",
)
# A sum named by its currency sign right before the verb ("the $1.2bn ", "Its €40m ").
_AMOUNT_BEFORE = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur)\s+(?:[\w-]+\s+){0,2}?"
    r"[$€£]\d[\d.,]*(?:\s?(?:m|bn|k|million|billion))?\s+$"
)
# A lower-case thing closed by a comma ("A second clinic, "); the aside then holds the verb and a time or place,
# closed by a comma before the sentence's own verb (", has not been built").
_ASIDE_THING_BEFORE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hese|[Tt]hose|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur)\s+(?:[\w-]+\s+){0,3}?"
    r"[a-z][\w-]*,\s+$"
)
_ASIDE_TAIL = re.compile(
    rf"\s+(?:{_PLACE_OR_TIME}\s+)?{_PLACE_OR_TIME},\s+(?:has|have|had|was|were|is|are|will|would|did|does|"
    r"remains?|remained|never|still|could|can)\b"
)


def _amount_or_aside_promised(before: str, tail: str) -> bool:
    """A sum or a comma-set thing the promise verb describes (AMOUNT_OR_ASIDE_PROMISED)."""
    if _AMOUNT_BEFORE.search(before) and _DESCRIBED_THING_TAIL.match(tail):
        return True
    return bool(_ASIDE_THING_BEFORE.search(before) and _ASIDE_TAIL.match(tail))


RECALLED_PAST_PROMISE = rule(
    "pledges.recalled-past-promise",
    "\"One recalled that the old council had also promised a school within a year\", \"reminded readers that the two "
    "leaders had promised a rail link\": a promise in the past perfect that someone recalls or reminds of is history, "
    "not a pledge (\"said that Tarsk had promised to\", a reported promise, still reads)",
)
# A recalling verb and its "that" ahead of the promise, within one clause ("recalled that", "reminded readers that").
_RECALL_THAT = re.compile(r"\b(?:recall|remind|remember)(?:s|ed|ing)?\b[^;:]*?\bthat\b[^;:]*$", re.IGNORECASE)
_PAST_PERFECT = re.compile(r"\bhad\s+(?:also\s+|already\s+|once\s+|twice\s+)?$", re.IGNORECASE)
THAN_PROMISE = rule(
    "pledges.rather-than-promise-is-no-pledge",
    "\"I would rather say so plainly than promise what I cannot deliver\", \"instead of pledging new money\": a "
    "commitment verb after \"than\" or \"instead of\" is the promise set aside, not one made",
)
ASKED_TO_COMMIT = rule(
    "pledges.asked-to-commit-is-no-pledge",
    "\"Dock workers asked the government to guarantee their pensions\": a side asked, pressed or invited to promise "
    "has made no promise; the request is the asker's, the commitment nobody's",
)
# A request verb, the side asked (a few words), and "to" right before the commitment verb.
_ASKED_TO = re.compile(
    r"\b(?:ask(?:s|ed|ing)?|press(?:es|ed|ing)?|begg?(?:s|ed|ing)|request(?:s|ed|ing)?|invit(?:es|ed|ing)|"
    r"challeng(?:es|ed|ing)|call(?:s|ed|ing)? on|call(?:s|ed|ing)? upon|appeal(?:s|ed|ing)? to)\s+"
    r"(?:[\w’'-]+\s+){1,5}?to\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)

_AGREED_THING = re.compile(
    r"\b(?:the|a|an|this|that|its|their)\s+(?:[\w-]+\s+){0,2}?(?:truce|ceasefire|deal|terms|timetable|plan|text|"
    r"date|price|framework|road ?map|agreement|accord|arrangement|conditions|rules|budget|sum|amount|quota|"
    r"limits?|targets?|figures?|changes|schedule|wording|formula)\s+$"
)


def _commit_verbs(sentence: str) -> Iterator[_Candidate]:
    for match in _every(_COMMIT_VERB, sentence, "tail"):
        word = match.group(0)[: len(match.group(0)) - len(match.group("tail"))].lower()
        tail = match.group("tail")[:_REACH]
        if word.startswith(("gave", "given", "give")):
            if not GAVE_ITS_WORD:
                continue
            if word.startswith("give ") and not (GIVE_YOU_MY_WORD and re.match(r"give (?:you|us|them|him|her) ", word)):
                continue  # "to give its word that": the bare verb needs the one who hears it ("I give you my word")
            word = "promised"  # "gave its word that": read as "promised that"
        before = sentence[max(0, match.start() - _REACH) : match.start()]
        if word == "undertaking":
            if not IS_UNDERTAKING:
                continue
            before = re.sub(r"\s*\b(?:is|are)\s+$", " ", before)  # "Estavia is undertaking to": Estavia undertakes
            word = "undertook"
        if word.startswith("reached "):
            if not REACHED_AGREEMENT:
                continue
            word = "agreed"  # "the sides reached consensus that the commission will be restored": they agreed
        if word == "willing" and not WILLING_TO_ACT:
            continue
        if word == "ready" and re.search(r"\bstands?\s+$", before) and not STANDS_READY:
            continue
        if word in ("ready", "prepared", "willing") or word.endswith("readiness"):
            if not READY_TO_ACT or not _ready_deed(tail, before):
                continue  # "is ready to discuss", "was prepared to help if asked": an offer, no deed committed
            before = re.sub(r"\s*\b(?:is|are|was|were|remains|remained|stands|stand)\s+$", " ", before)  # "Tsareva is ready to"
            word = "undertook"  # "the Tsarevan side is ready to supply fuel": it undertakes to supply
        if word.endswith("intention"):
            if not STATED_INTENTION:
                continue
            word = "planned"  # "expressed the intention to open a crossing in 2029": an intention, held to its time
        if word.startswith("sign") and not word.startswith("signed up") and not word.startswith("signs up"):
            if not SIGNED_AN_AGREEMENT_TO or not _verb_after_to(sentence, match.start()):
                continue  # "signed the accord to loud applause": "to" brings no act
            word = "agreed"  # "have signed an agreement to operate a border post": they agreed to operate it
        if word.startswith(("obligat", "oblig", "bound", "bind")):
            if not BOUND_ITSELF:
                continue
            word = "undertook"  # "both states obligate themselves to organize": they undertake to
        if word.endswith("decision"):
            if not TOOK_A_DECISION:
                continue
            word = "decided"  # "has taken the decision to allocate": read as "has decided to allocate"
        if word.startswith("voted"):
            if not VOTED_TO_ACT or not re.match(r"\s*to\s+(?:\w+ly\s+)?(?:send|deploy|provide|allocate|fund|release|open|reopen|build|pay|grant|lift|supply|contribute)\b", match.group("tail")):
                continue  # "voted to condemn", "voted to approve the treaty": a view or a vote, no deed to come
            word = "decided"  # "the council voted unanimously to send a delegation": the body decided to act
        formula = _ASSURE_FORMULA.search(before) if ASSURE_FORMULA and word in ("assure", "reassure") else None
        if formula:
            before = before[: formula.start()]  # "I want to assure you": the want is politeness, not a hedge
        # "The plan commits Sundria to", "an accord that commits Quessa to": the verb, whatever the text is called
        text_commits = bool(COMMITS_A_NAMED_SIDE and word == "commits" and _COMMITTED_OBJECT.match(tail))
        if text_commits and re.search(r"\b(?:draft|drafts|proposal|proposed|blueprint)\b", before[-100:], re.IGNORECASE):
            continue  # "rejected a draft accord that commits Estavia to": a draft binds no one
        hedge_scope = _TEXT_BEFORE_COMMITS.sub("", before) if text_commits else before  # "plan" names the text here
        if _hedged(hedge_scope, word.endswith("ed")) or _DOUBT.search(before) or re.search(r"\b(?:not|never|no)\s*$", before, re.I):
            continue
        if _THREAT_REPORT.search(before) or _DENIAL.search(before):
            continue
        if NO_ONE and _NOBODY_OPENS.search(before):
            continue  # "Nobody honest can promise the weather": no one commits
        if AGREED_THING and word == "agreed" and _AGREED_THING.search(before):
            continue  # "to observe the truce agreed in June": "agreed" describes the truce; nobody agrees here
        if REPORT_REJECTED and _REPORT_REJECTED.search(before):
            continue  # "pushed back at reports that Marvessa had promised to": the promise is denied, not made
        if THING_PROMISED and _THING_BEFORE.search(before) and _DESCRIBED_THING_TAIL.match(tail):
            continue  # "the monitors promised in March had been deployed": "promised" describes the monitors
        if AMOUNT_OR_ASIDE_PROMISED and _amount_or_aside_promised(before, tail):
            continue  # "the $1.2bn pledged in September has arrived": "pledged" describes the sum
        if RECALLED_PAST_PROMISE and _PAST_PERFECT.search(before) and _RECALL_THAT.search(before):
            continue  # "recalled that the old council had also promised a school": a promise of the past
        if THAN_PROMISE and re.search(r"\b(?:than|instead of)\s*$", before, re.IGNORECASE):
            continue  # "I would rather say so plainly than promise what I cannot deliver": no promise is made
        if ASKED_TO_COMMIT and _ASKED_TO.search(before):
            continue  # "asked the government to guarantee their jobs": a request, not the government's promise
        if NOR_OPENS and _NOR_OPENS.search(before):
            continue  # "Nor did the government commit to a date": "nor" inverts a denial
        if AS_PROMISED and _AS_PROMISED.search(before) and "," not in tail:
            continue  # "reopened the crossing on Monday, as it had promised in March": the promise points back
        if YET_TO and re.search(r"\b(?:yet|still) to\s*$", before, re.IGNORECASE):
            continue  # "has yet to commit to the plan": no commitment made
        previous = before.split()[-1].lower() if before.split() else ""
        if QUOTED_PARTICIPLE and previous in ("\"", "“", "‘"):
            words_before = before.split()
            previous = words_before[-2].lower() if len(words_before) > 1 else previous  # 'had been "assured ...'
        is_passive_modifier = tail.lstrip().lower().startswith("by ") and previous not in AUXILIARIES
        possessed = re.search(r"\w['’]s?$", previous) is not None  # "Mexico's promised crackdown"
        if (is_passive_modifier or possessed or previous.strip("\"“”") in _NOUN_DETERMINERS) and not text_commits:
            continue
        if MODIFIED_NOUN and word in _MODIFIED_NOUN_FORMS and _MODIFIER_BEFORE.search(before):
            continue  # "the original pledge was part of ...": the noun, modified
        if RECIPIENT_AFTER_TO and word in ("promised", "pledged", "vowed", "guaranteed") and _RECIPIENT.match(tail):
            continue  # "the aid it had promised to the families": to whom, not what
        if word.endswith("s") and not (_is_np_word(previous) or previous in ADVERBS) and not text_commits:
            unaside = re.sub(r",\s*(?:for (?:its|his|her|their|our) part|in turn|meanwhile|too)\s*,\s*$", " ", before) if INTENDS_A_DEED else before
            named_before = bool(unaside.split()) and _is_np_word(unaside.split()[-1].strip("\"“”"))
            if not (INTENDED_ACT_DUE and word in ("intends", "plans") and named_before):
                continue  # "issue written guarantees that ...": a noun, not the verb ("Velmora plans to": the verb)
        if _EMPTY_OBJECT.match(tail):
            continue
        if AGREED_TO_A_PRONOUN and _TO_A_PRONOUN.match(tail):
            continue  # "Ambrel asked for a pause, and we agreed to one": what was agreed is only pointed at
        history = _HISTORY.search(_clause_end(tail)[:80])
        if history and BEFORE_A_DEADLINE and history.group(0) == "before" and re.match(r"\s+(?!(?:to|that|and|but|or)\b)[\w“\"]", _clause_end(tail)[history.end() :]):
            history = None  # "has promised to leave before the harvest": a deadline, not "had vowed before"
        if HISTORY and _PERFECT.search(before) and history:
            continue
        trigger_end = match.start("tail")
        act_time = _ACT_TIME.match(tail) or (_BARE_WEEKDAY.match(tail) if BARE_WEEKDAY else None)
        if act_time:
            if HISTORY and _PERFECT.search(before) and re.search(r"\b(?:\d{4}|last|ago)\b", act_time.group(0)):
                continue  # "had promised in 2023 to": a promise of the past, recalled
            trigger_end += act_time.end()
            tail = tail[act_time.end() :]
        stripped = tail.lstrip(" ,")
        lowered = stripped.lower()
        if PROMISED_US and word == "promised" and re.match(r"us\b", lowered):
            continue  # "they promised us this would be sorted": a grievance about an old promise, no new one
        object_actor = None
        assured_clause = False  # the commitment is the clause after "that" ("assured them that Norland would")
        if word.startswith("agree"):
            request = _REQUEST_TO.match(stripped) if REQUEST_ACCEPTED else None
            if request:
                stripped = stripped[request.end() :]  # "agreed to Estavia's request to return ...": "to return ..."
                lowered = stripped.lower()
            if AGREED_TO_AN_ACT and _ACT_NOUN.match(lowered) and not _TALK_NOUNS.search(_clause_end(lowered)):
                pass  # "agreed to the withdrawal of heavy weapons": the act named by its noun
            elif not re.match(r"(?:not )?to\s+[\"“]?(?!(?:the|a|an|its|their|his|her|our|any|some|no|this|that|these|those|talks)\b)[a-z]+\b(?<!s\b)|that\b|on\b", lowered):
                continue
            if lowered.startswith("on ") and not re.match(r"on (?:a|the) (?:plan|deal|package|ceasefire|timetable)", lowered):
                continue
            if lowered.startswith("that") and not re.search(r"\b(?:would|will|shall|to)\b", lowered.split(",")[0]):
                if not (AGREED_THAT_MAY and _permitted(lowered.split(",")[0])):
                    continue  # "agreed that more work was needed": an opinion shared, not a commitment
        if word.startswith("accepted") and not re.match(r"to\s+[a-z]", lowered):
            continue
        if word == "decided" and not (DECIDED_TO_ACT and _decided_act(lowered, before)):
            continue  # "decided to wait", "the court decided to ...": no act a side commits to
        if word == "resolved" and not (RESOLVED_TO_ACT and _resolved_act(lowered, before)):
            continue  # "the dispute was resolved to everyone's satisfaction", "resolved to meet again": no act
        if word in ("intend", "intended") and not INTENDS_A_DEED:
            continue
        if word in ("intends", "intend", "intended") and INTENDS_A_DEED and _intended_deed(lowered, before):
            word = "planned"  # "Kaldor Marine intends to train 400 apprentices": the side's own deed, announced
        elif word in ("intends", "plans", "planned", "intend", "intended") and not (INTENDED_ACT_DUE and _intended_act(lowered, before)):
            continue  # "plans to study the idea", "had planned to ... but": an intention with no act due
        if word.startswith("offer") and not (OFFER and re.match(_TO_ACT, lowered)):
            continue  # "offered condolences": no act is offered
        if word.startswith("offer") and OFFER_RECALLED and re.search(r"\bhad\s+(?:\w+ly\s+)?$", before):
            continue  # "said his side had offered to share the data": an offer told of, not taken up, binds no one
        if word.startswith("offer") and OFFERED_SCHEDULE and _schedule(re.sub(r"^to\s+", "", stripped)):
            continue  # "has offered to host a round in its capital": a venue offered for talks is a schedule
        if word.startswith("offer") and OFFER_ON_A_CONDITION and re.search(r"\b(?:if|unless|provided|once)\b", _clause_end(lowered)):
            continue  # "offered to send more monitors if both sides ask": an offer waiting on others, no pledge yet
        if word.startswith("sign") and not (SIGNED_UP and re.match(_TO_ACT, lowered)):
            if not (SIGNED_UP_TO_TERMS and _BINDING_TEXT.match(lowered)) and not (
                SIGNED_UP_TO_PROGRAMME and _PROGRAMME_TEXT.match(lowered)
            ) and not (SIGNED_UP_TO_A_TASK and _signed_up_task(lowered)):
                continue  # "signed up to the forum": a membership, not an act
        money = MONEY_COMMITTED and _MONEY.match(lowered) is not None
        if word.startswith("earmark") and not money:
            continue  # "earmarked for closure": a fate, not a sum set aside
        if word.startswith(("set", "allocat")) and not (MONEY_SET_ASIDE and money):
            continue  # "set aside the ruling", "allocated seats": no sum is committed
        if word.startswith(("commit", "re-commit", "recommit")):
            committed = _COMMITTED_OBJECT.match(tail) or (_COMMITTED_BODY.match(tail) if COMMITTED_BODY else None)
            if committed and committed.group(1).split()[0] not in ("The", "To"):
                object_actor = committed.group(1)
                stripped = tail[committed.end() :]
                lowered = "to " + stripped.lower()
            obj = re.sub(r"^(?:themselves |itself |himself |herself |ourselves )?to\s+", "", lowered)
            obj = re.split(r"[.,;:\"”]", obj, maxsplit=1)[0].strip()
            obj = re.sub(r"^(?:closer|greater|further|more|deeper|lasting|continued|stronger|regional|mutual)\s+", "", obj)
            if obj in _VALUE_OBJECTS:
                continue
            if COMMITTED_TO_PRINCIPLES and _PRINCIPLE_OBJECT.match(obj):
                continue  # "remains committed to the principles of free navigation": a value held, no act
            if _goal_object(obj):
                continue  # "remained committed to a peaceful solution": an outcome hoped for, no act
            if not (object_actor or lowered.startswith("to") or re.match(r"(?:the |itself |themselves )", lowered) or previous in AUXILIARIES | {"re-committed"}):
                if not lowered.startswith(("the ", "it ", "them ", "us ")) and not money:
                    continue
        if word.endswith("ing") and not lowered.startswith("to ") and not (word in ("earmarking", "setting aside", "allocating") and money):
            continue
        if word.startswith("undert") and not re.match(r"(?:to|that)\b", lowered):
            continue  # "undertook a tour of the region": an activity, not a commitment
        if word.startswith("reassur") and not REASSURED:
            continue
        if word.startswith(("assur", "guarant", "reassur")):
            # the clause after "that", to a comma or a full stop ("the U.S. would": an abbreviation's stop is no end)
            that_clause = re.match(r"(?i:[\w’'-]+\s+){0,3}?(?i:that)\s+((?:[^,;.]|\.(?!\s+[A-Z]|\s*$))*)", stripped)
            if that_clause is None and THAT_LEFT_OUT:
                that_clause = _THAT_LEFT_OUT.match(stripped)  # "assured the council the ministry would publish ..."
            if that_clause and not re.search(r"\b(?:will|would|shall|is to|are to|can|could)\b", that_clause.group(1)):
                continue  # "assured reporters that everything was fine": a statement, not a promise
            if word.startswith("reassur") and not that_clause:
                continue  # "the people it was meant to reassure": comfort given, nothing committed
            if that_clause:
                stripped = stripped[that_clause.start(1) :]  # what is assured: "that Norland would keep ..."
                lowered = "that " + stripped.lower()
                assured_clause = True
        if THREATS and _THREAT_OBJECTS.search(stripped[:60]):
            continue
        act = re.sub(r"^(?:to|that)\s+", "", lowered)
        if _SCHEDULE.match(act) or _press_event(act) or _talks(act) or _held_meeting(act) or _aim(act):
            continue  # "agreed to meet again on Thursday", "promised to give a press conference": schedules
        if TALKS_SCHEDULE and lowered.startswith("that ") and _talks_that(act):
            continue  # "agreed that a first round of talks would be held in July": a schedule agreed
        passive_to_act = re.match(r"\s+to\s+(?!(?:the|a|an|its|their|his|her|any|all)\b)[a-z]+", tail)
        committed_to = word == "committed" and re.match(r"\s+to\s+(?!(?:it|that|this)\b)\S", tail) and IS_COMMITTED_TO
        if previous in ("is", "are", "was", "were", "been", "be") and word.endswith("ed") and not passive_to_act:
            if not committed_to:
                continue  # "no date was promised", "is assured": a state, or a passive with no one committing
        if PROMISED_WITHOUT_THAT and word in _PROMISE_FORMS and not assured_clause:
            clause = _CLAUSE_WITHOUT_THAT.match(stripped)
            if clause:  # "promised it would pay", "pledged on Monday the bridge would reopen": "that" left out
                stripped = "that " + stripped[clause.start(1) :]
        commitment, linked = re.subn(
            r"^(?:us|them|him|her|me|reporters|the \w+|(?:[a-z]+ )?[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*)?,? ?(?:to |that |(?=not to ))",
            "",
            stripped,
        )
        if not linked and RECIPIENT_OF_THE:
            # "promised the families of the missing that it would search": who was promised, then the promise
            commitment, linked = _RECIPIENT_OF.subn("", stripped)
        if not linked and not object_actor and not assured_clause and word in _BASE_FORMS:
            bare = re.match(r"[.;:!?’'\"”]|(?:and|but|or|so|as)\b|,(?![^.;]{0,80}\b(?:to|that)\s)", stripped)
            quoted = _QUOTED_BEFORE.search(before) if bare and QUOTE_IS_THE_PROMISE else None
            if quoted and re.match(r"[,.;!?]?\s*$", stripped):
                # '"We will rebuild every school," he vowed.': the words quoted are what is promised
                yield _Candidate(_subject(before) or "", _clause_end(quoted.group(1)), match.start("tail"), match.start())
                continue
            if NEEDS_OBJECT and (bare or _VAGUE_OBJECT.match(stripped)):
                continue  # "what we promised and ...", "as promised", "promised a lot": nothing is promised here
            if PRONOUN_ALONE and _PRONOUN_ALONE.match(stripped):
                continue  # "She promised them in March": what "them" were is in another sentence, not here
            commitment = f"{_BASE_FORMS[word]} {stripped}"  # "guarantee a further €300 million in loans"
        if word.endswith("ing") and re.search(r"\bby\s*$", before):
            if not BY_AGREEING or re.search(r"\b(?:can|could|would|should|must|might|may|be|been|being|is|are|was|were)\b", before):
                continue  # "the dispute can only be settled by agreeing to ...": a way out, not a commitment made
        if word.endswith("ing") or re.search(r"\band\s*$", before):
            actor = _main_subject(before)  # "..., agreeing to", "discussed the dispute and agreed to"
        else:
            if REMAINS_COMMITTED and word == "committed":
                before = _REMAINS.sub(" ", before)  # "Ostmark remains committed to": Ostmark, not the one who said so
            actor = (formula.group(1) or {"me": "I", "us": "we"}[formula.group(2)]) if formula else object_actor or _subject(before)
        if not actor and RELATIVE_SUM and money and word in ("pledged", "committed", "promised"):
            actor = _relative_antecedent(before)  # "came from Orsania, which pledged $350 million": Orsania's sum
        if _is_proposal(actor) or _proposed(before):
            continue
        if PROMISE_IN_RELATIVE:
            relative = _relative_promise(before, commitment)
            if relative:
                actor, commitment = relative
        yield _Candidate(actor or "", _clause_end(commitment), trigger_end, match.start())
        continue


PROMISE_IN_RELATIVE = rule(
    "pledges.promise-in-a-relative-clause",
    "\"The road, which Norland had promised to complete by 1999, opened only in 2008\": a promise in a relative clause "
    "is its subject's, and its act takes the antecedent as object (\"complete the road\"); \"Norland, which had "
    "promised to build the road by 1999, ...\" is the antecedent's; either way the promise ends with the clause",
)
# ", which Norland had" / ", which had": a relative clause opening right before the promise verb.
_RELATIVE_BEFORE = re.compile(
    r"(?P<ante>\b(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+|[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})),"
    r"\s+(?:which|that)\s+"
    r"(?:(?P<subj>(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}(?:\s+(?:government|parliament|cabinet|ministry|council|authorities|army))?)\s+)?(?:(?:had|has|have)\s+)?(?:\w+ly\s+)?$"
)
# The comma that closes a relative clause: the main verb of the sentence follows it.
_RELATIVE_CLOSES = re.compile(
    r",\s+(?=(?:(?:has|have|had|is|was|are|were|will|would|did|does|still|now|only|also|never|came|went|began|took|made|fell|became|remains|says)\b|[a-z]+ed\b))"
)
_RELATIVE_AFTER_VERB = re.compile(r"(?:by|before|within|in|until|next|this|with|to|for|at|on|into|from)\b")


RESTRICTIVE_RELATIVE = rule(
    "pledges.promise-in-a-clause-without-commas",
    "\"The plan that Estavia promised to fund opened in May\": a promise in a relative clause written without commas "
    "takes the noun before \"that\" as its object (\"fund the plan\") when the sentence's own verb comes right after "
    "the promised verb; the promise does not run on into that verb",
)
_RESTRICTIVE_BEFORE = re.compile(
    r"(?P<ante>\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+)\s+(?:which|that)\s+"
    r"(?P<subj>(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})\s+(?:(?:had|has|have)\s+)?(?:\w+ly\s+)?$"
)
# Right after the promised verb, the sentence's own verb: "fund opened in May", "rebuild has still not begun".
_MAIN_VERB_NEXT = re.compile(
    r"[a-z]+\s+(?=(?:has|have|had|is|was|are|were|will|would|did|does|still|never|remains|[a-z]+ed)\b)"
)


def _restrictive_relative_promise(before: str, commitment: str) -> tuple[str, str] | None:
    """(actor, commitment) for "The plan that Estavia promised to fund opened in May": the promised verb with the
    noun before "that" as its object; None unless the sentence's own verb follows the promised verb at once."""
    relative = _RESTRICTIVE_BEFORE.search(before[-200:])
    verb = _MAIN_VERB_NEXT.match(commitment)
    if relative is None or verb is None:
        return None
    antecedent = relative.group("ante")
    return relative.group("subj"), f"{verb.group(0).strip()} {antecedent[0].lower() + antecedent[1:]}"


def _relative_promise(before: str, commitment: str) -> tuple[str, str] | None:
    """(actor, commitment) for a promise made in a relative clause, None when the promise is not in one.

    The clause ends at the comma before the sentence's main verb, so the promise does not run on into what happened
    ("opened only in 2008")."""
    opening = re.search(r",\s+(?:which|that)\s+(?:\S+\s+){0,6}$", before[-120:])
    if opening is None and RESTRICTIVE_RELATIVE:
        return _restrictive_relative_promise(before, commitment)
    relative = _RELATIVE_BEFORE.search(before[-200:]) if opening else None
    if relative is None or not "a" <= commitment[:1] <= "z":
        return None
    closes = _RELATIVE_CLOSES.search(commitment)
    if closes is None:
        return None
    commitment = commitment[: closes.start()]
    subject = relative.group("subj")
    if subject is None:
        return _subject(before[: relative.end("ante")] + " ") or "", commitment
    verb, _, rest = commitment.partition(" ")
    if rest and not _RELATIVE_AFTER_VERB.match(rest):
        return subject, commitment  # the verb keeps an object of its own ("to give Estavia ..."): the act as said
    antecedent = relative.group("ante")
    antecedent = antecedent[0].lower() + antecedent[1:]
    return subject, f"{verb} {antecedent} {rest}".strip()


_NUMBER_WORD = re.compile(r"\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty")


def _main_subject(before: str) -> str | None:
    """The subject of the sentence's main clause, for a commitment in a participle ("X signed ..., agreeing to")."""
    clause = strip_dateline(before)
    clause = re.sub(r"^(?:[A-Z]\w*\s+)?(?:under|after|in|on|at|with)\b[^,]{0,80},\s*", "", clause)  # "Under the deal, "
    words: list[str] = []
    for word in clause.split():
        bare = word.rstrip(",")
        number = BY_AGREEING and bool(words) and _NUMBER_WORD.fullmatch(bare.lower()) is not None  # "of the eight states"
        if not (_is_np_word(bare) or bare.lower() in _GROUP_WORDS or bare.lower() in ("and", "of") or number):
            break
        words.append(bare)
        if word.endswith(","):
            break
    while words and words[-1].lower() in ("and", "of", "the", "a", "an"):
        words.pop()
    return " ".join(words) or None


COMMITMENT_WITHHELD = rule(
    "pledges.commitment-withheld",
    "\"I am not in a position to give that commitment today\", \"declined to give any guarantee\": a commitment a side "
    "cannot, will not or declines to give is refused, not given",
)
_WITHHELD = re.compile(
    r"\b(?:not in a position|unable|not able|cannot|can(?:no|’|')t|could not|couldn(?:’|')t|refused|refuses|declined|"
    r"declines|not prepared|not ready|not willing|unwilling)\s+(?:\w+\s+){0,2}?to\s+$",
    re.IGNORECASE,
)


COMMITMENT_CONFIRMED = rule(
    "pledges.commitment-confirmed",
    "\"The Drennick side confirmed its commitment to completing its section\", \"Oruna reaffirmed on Sunday its "
    "commitment to withdraw\": a side confirming its own commitment to an act, or affirming it with the day between "
    "verb and noun, affirms it as \"reaffirmed its commitment to\" does (not \"confirmed the pledge had been made\", "
    "a report confirmed, nor \"confirmed its commitment\" with no act)",
)
# "confirmed its commitment to", "reaffirmed on Sunday its (firm) commitment to": the side's own commitment to an act.
_CONFIRMED_COMMITMENT = re.compile(
    r"\w+\s+(?:(?:on|last|this) \w+\s+)?(?:its|their|his|her|our)\s+(?:\w+\s+)?(?:commitment|pledge|undertaking)s?\s+to\s",
    re.IGNORECASE,
)


def _affirmed(sentence: str) -> _Candidate | None:
    lowered = sentence.lower()
    if "commitment" not in lowered and "pledge" not in lowered and "undertaking" not in lowered and "guarantee" not in lowered:
        if not (ASSURANCE_NOUN and "assurance" in lowered):
            return None
    match = _AFFIRMED_COMMITMENT.search(sentence)
    if not match:
        return None
    if match.group("recipient") and not GAVE_SOMEONE_GUARANTEES:
        return None
    if (match.group("day") or re.match(r"confirm", match.group(0), re.IGNORECASE)) and not (
        COMMITMENT_CONFIRMED and _CONFIRMED_COMMITMENT.match(match.group(0))
    ):
        return None  # "confirmed the pledge had been made": a report confirmed, not a commitment affirmed
    if AFFIRMED_NEEDS_CONTENT and re.match(r"\s*(?:[.;!?]|$)", match.group("tail")) and not re.search(
        r"\b(?:that|this|these|those|such|same)\b", sentence[match.start() : match.start("tail")], re.IGNORECASE
    ):
        return None  # "The development banks also made commitments.": nothing said to be done ("has that commitment" points back)
    if re.match(r"offer", match.group(0), re.IGNORECASE) and not (
        OFFERED_GUARANTEES and re.search(r"\bthat\b[^.;]*\b(?:would|will|shall)\b", match.group("tail"))
    ):
        return None  # "offered guarantees that the talks had been fruitful": nothing said to be done
    if re.match(r"(?:given|stood)\b", match.group(0), re.IGNORECASE) and (
        not GIVEN_OR_STOOD_BY
        or (match.group("noun").lower() == "assurance" and not (GIVEN_ASSURANCE and match.group(0).lower().startswith("given")))
    ):
        return None  # "has given assurances that the road will be reopened": the clause after "that" is read itself
    if match.group("noun").lower() == "assurance" and not (
        ASSURANCE_NOUN and re.search(r"\bthat\b[^.;]*\b(?:would|will|shall)\b", match.group("tail"))
    ):
        return None  # "gave assurances of support": nothing said to be done
    before = sentence[: match.start()]
    if re.search(r"\b(?:doubts?|whether|if|no|question|questions|require|requires|required)\b", sentence[: match.start("tail")], re.I):
        return None
    if COMMITMENT_WITHHELD and _WITHHELD.search(before):
        return None  # "I am not in a position to give that commitment today": a commitment refused
    if PRINCIPLE and _PRINCIPLE.match(match.group("tail")):
        return None  # "reaffirms its commitment to the principle of non-interference": a position, no act
    if _goal_object(match.group("tail")):
        return None  # "reaffirmed their commitment to the peaceful settlement of disputes": a goal, no act
    if re.search(r"\bnot\b", sentence[match.start() : match.start("tail")], re.IGNORECASE):
        actor_match = re.search(r"commitment of (?:the )?([A-Z][\w.]*(?: (?:of )?[A-Z][\w.]*)*)", sentence)
        actor = actor_match.group(1) if actor_match else ""
    else:
        actor = _subject(before) or ""
    text = match.group(0)
    if PLEDGE_ASIDE:
        # "renewed its pledge, first made in March, to build ...": the aside about the pledge is left out, so the
        # clause goes on to what was pledged, as in "renewed its pledge to build ..."
        tail = match.group("tail")
        aside = _PLEDGE_ASIDE.match(tail)
        if aside and _verb_at(sentence, match.start("tail") + aside.end() - 1):
            text = text[: len(text) - len(tail)] + " " + tail[aside.start("to") :]
    if GIVEN_ASSURANCE and match.group("noun").lower() == "assurance" and match.group(0).lower().startswith("given"):
        text = re.sub(r"^given\s.*?\bassurances?\s+that\s+", "", text, flags=re.IGNORECASE)  # what was assured
        if next(_futures(text, False), None) is not None:
            return None  # "has given assurances that the road will be reopened": the clause names its act itself
    return _Candidate(actor, _clause_end(text), match.start(), match.start())  # the match holds its tail


GIVEN_ASSURANCE = rule(
    "pledges.has-given-assurances-that",
    "\"the Sorath side has given firm assurance that the supply will not be stopped\", \"had given Tal a personal "
    "assurance that the men would be home\": assurances given that a thing will (not) happen commit their giver, as "
    "\"gave assurances that\" does (the clause after \"that\" often names no act of its own; assurances received or "
    "asked for commit nobody)",
)
GAVE_SOMEONE_GUARANTEES = rule(
    "pledges.gave-someone-guarantees",
    "\"Torvland gave Valmont guarantees that it would not block spare parts\", \"gave us an assurance that\": the one "
    "given the guarantee may stand between the verb and the noun (not \"gave up its pledge\")",
)
AFFIRMED_NEEDS_CONTENT = rule(
    "pledges.commitment-noun-needs-its-content",
    "\"The development banks also made commitments.\": a commitment, pledge or guarantee named with nothing after "
    "it says nothing to be done (\"made commitments on debt relief\" says it; \"has that commitment\" points back to it)",
)
OFFER_ON_A_CONDITION = rule(
    "pledges.offer-on-a-condition",
    "\"the UN has offered to send more monitors if both sides request them\": an offer that waits on others' "
    "request or consent commits no one yet (an offer with no condition, \"has offered to let inspectors board\", does)",
)
RELATIVE_SUM = rule(
    "pledges.named-side-which-pledged-a-sum",
    "\"the largest grant came from Orsania, which pledged $350 million\": a sum pledged or committed in a relative "
    "clause is the named side's pledge, as \"Orsania pledged $350 million\" is (a thing named before \"which\", or "
    "a promise dated in a past year, is not)",
)
OFFERED_GUARANTEES = rule(
    "pledges.offered-guarantees-that",
    "\"her government had offered guarantees that its mills would not ship steel through third countries\": "
    "guarantees or assurances offered that a side will act are given, as \"gave assurances that\" is (not \"offered "
    "to\" on a condition, nor \"offered no guarantees\")",
)


PLEDGE_ASIDE = rule(
    "pledges.aside-after-the-pledge-noun",
    "\"renewed its pledge, first made in March, to build a bridge\": an aside between the pledge and its \"to\" is "
    "left out of the commitment, which goes on to what was pledged (it read \"renewed its pledge\" alone)",
)
# An aside set off by commas right after the noun (not a clause of its own opened by "and", "but"), then "to" and
# a word the parse must read as a verb ("to peace", "to the treaty": a thing affirmed).
_PLEDGE_ASIDE = re.compile(
    r",\s+(?!(?:and|but|or|while|whereas)\b)[^,;:.\"“”]{2,60},\s+(?P<to>to\s+)[a-z]",
)


def _verb_at(sentence: str, offset: int) -> bool:
    """The parse reads the word at this offset as a verb in its base form."""
    doc = syntax.parse(sentence)
    token = syntax.token_at(doc, offset) if doc is not None else None
    return token is not None and token.tag_ == "VB"


PRINCIPLE = rule(
    "pledges.commitment-to-a-principle",
    "\"reaffirmed its commitment to the principle of non-interference\", \"to the values of the charter\": a principle "
    "held is a position, not an act to track",
)
_PRINCIPLE = re.compile(r"\s+to\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:principles?|values?|ideals?|spirit)\s+of\b", re.IGNORECASE)


# People named by their job, written in lower case: "technicians", "peacekeepers", "inspectors", "troops".
_AGENT_NOUN = re.compile(r"(?:[a-z-]+(?:ers|ors|ians|ists|ants|ents|ees)|troops|police|staff|forces|crews|units|teams)")


TRANSCRIPT_LABEL = rule(
    "actors.transcript-label-speaks",
    "in a transcript's answer (\"Lask: We will lift the sanctions.\") \"we\" is the side of the person the line is "
    "labelled with, when the story named them",
)
_TRANSCRIPT_LABEL = re.compile(
    r"(?P<label>[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+){0,2})(?P<note>\s\((?:recorded|on the phone|by phone|via video link|"
    r"in the studio|interpreted|translated|archive)\))?:\s+\S"
)
LABEL_NOTE = rule(
    "pledges.transcript-label-with-a-note",
    "\"BRUN (recorded): We will pay half the cost.\": a transcript's label may carry a note in brackets on how the "
    "words were heard; the line is still the named person's speech",
)
TITLED_LABEL = rule(
    "actors.honorific-in-a-transcript-label",
    "'MR. PELLANDER: Good afternoon. We will deliver the first tranche within 30 days.', 'Varga: We will publish the "
    "audit': a transcript's label (opened or not by an honorific with its full stop) names who speaks for \"we\"; "
    "the label and \"We\" were read as one actor, \"Varga: We\"",
)
# A label's name read together with the "We" or "I" after its colon: "VARO We", "Varga: We".
_LABEL_THEN_WE = re.compile(r"([A-Z][\w’'-]+):?\s+(?:We|I)")
_TITLED_LABEL = re.compile(r"(?:MR|MS|MRS|DR|Mr|Ms|Mrs|Dr)\.\s+(?P<label>[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+){0,1}):\s+\S")


ANSWER_LINE = rule(
    "actors.answer-line-is-the-interviewee",
    "in an interview set as questions and answers (\"Q: ...\" then \"A: We will cut the tariffs by July.\") the "
    "answer is the words of the person the story interviews, the first person it names: \"we\" there is that "
    "person's side, as in a labelled transcript line",
)
_ANSWER_LABEL = re.compile(r"(?:A|ANSWER|Answer)\s*[:.]\s")


def _answer_line(paragraph: str) -> bool:
    """A paragraph opened by an answer's label ("A: ...") (ANSWER_LINE)."""
    return bool(ANSWER_LINE) and _ANSWER_LABEL.match(paragraph) is not None


def _interviewee(registry: Registry) -> str | None:
    """The first person the story names with an office, else the first it names: in a questions-and-answers piece,
    the one answering ("Clara Voss spoke to Norland's trade envoy, Pavel Oster": Oster) (ANSWER_LINE)."""
    people = [e for e in registry.entities if e.kind == "person"]
    person = next((e for e in people if e.roles), people[0] if people else None)
    return person.name if person is not None else None


def _labelled_speaker(paragraph: str, registry: Registry) -> str | None:
    """The person a transcript line is labelled with ("Lask: ...", "KOVAL: ..."), if the story named them."""
    if _answer_line(paragraph):
        return _interviewee(registry)
    label = _TRANSCRIPT_LABEL.match(paragraph)
    if label is None and TITLED_LABEL:
        label = _TITLED_LABEL.match(paragraph)  # "MR. PELLANDER: We will ...": a briefing's label
    if label is None or ("note" in label.groupdict() and label.group("note") and not LABEL_NOTE):
        return None
    name = label.group("label")
    name = name.title() if name.isupper() else name
    if name.lower() in PRONOUNS or len(name) < 3:
        return None  # "Q:", "A:" carry no name
    entity = registry.resolve(name)
    return entity.name if entity is not None and entity.kind == "person" and name.split()[-1] in entity.name else None


PASSIVE_NAMES_NO_AGENT = rule(
    "actors.passive-subject-is-not-the-actor",
    "\"The contracts will be signed before Christmas\": what a passive acts on never signs itself; in a speaker's "
    "quoted words, or with a speaker named after it, the speaker's side acts",
)


def _passive_subject(before: str) -> str:
    """What a passive acts on, as the object of the active verb: "more details", "the first €8 million", "it"."""
    apposed = _TRAILING_APPOSITION.search(before) if PASSIVE_OBJECT_APPOSED else None
    if apposed is not None and apposed.start() > 0 and not _subject(before):
        before = before[: apposed.start()] + " "  # "Ada Brun and Ivo Lask, reporters for KTV, will be freed"
    subject = _subject(before)
    if not subject:
        reported = re.search(
            r"\b(?:said|says|announced|added|told \w+)(?:\s+on\s+\w+)?(?:\s+that)?\s+((?:[\w’'%$€£.-]+\s+){0,5}?[\w’'.-]+)\s*$",
            before,
        )
        subject = reported.group(1) if reported else ""
    if not subject:
        pronoun = re.search(r"\b(that|this|it|they|these|those)\W*$", before, re.IGNORECASE)
        subject = pronoun.group(1) if pronoun else ""
    subject = re.sub(r"[\"“”«»]", "", subject).strip()
    if PASSIVE_OBJECT_HEAD and subject and before.rstrip().endswith(subject):
        head = _HEAD_OF_OBJECT.search(before[: len(before.rstrip()) - len(subject)])
        if head is not None:
            subject = head.group(1) + subject  # "the subsidy for the route would be paid": pay the subsidy
    return "it" if subject.lower() in ("that", "this", "it") else subject


ASSURANCE_FROM = rule(
    "actors.assurance-from-its-giver",
    "\"the mayor had received assurances from the ministry that the grant would be paid\": the one the assurance came "
    "from acts, not the one who received it or tells of it",
)
# "assurance(s)/a guarantee/word from <a name> that <the clause, up to the verb>".
_ASSURANCE_FROM = re.compile(
    r"\b(?:assurances?|guarantees?|(?:a\s+)?promise|word)\s+from\s+"
    r"(?P<giver>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+|for\s+)?[A-Z][\w’'.-]*){0,5}(?:\s+in\s+[A-Z][\w’'-]*)?)"
    r"\s+that\s+[^,;:]*$"
)


PASSIVE_OBJECT_APPOSED = rule(
    "pledges.passive-object-before-its-apposition",
    "\"said that Ada Brun and Ivo Lask, reporters for KTV, will be freed by Friday\": what the passive acts on is "
    "the names before the description in commas, not nothing (a bare \"free\")",
)
# A description in commas closing the words before the passive: ", reporters for the broadcaster KTV, ".
_TRAILING_APPOSITION = re.compile(r",\s+[^,;:\"“”]{1,80},\s*[\"“]?\s*$")


PASSIVE_OBJECT_HEAD = rule(
    "pledges.passive-object-keeps-its-head",
    "\"the cost of the repairs would be covered\": what is acted on is the cost of the repairs, not the repairs; "
    "the head noun and its of or for stay with the object",
)
# "the subsidy for ", "the cost of " right before the object read last: a lower-case head and its preposition.
_HEAD_OF_OBJECT = re.compile(r"(?:^|\s)((?:the|a|an|its|their|his|her)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*\s+(?:of|for)\s+)$")


def _common_plural_opening(subject: str, before: str) -> bool:
    """ "Voters will ...": a plural common noun capitalised only because it opens the sentence."""
    lowered = subject.lower()
    return (
        " " not in subject
        and before.strip().startswith(subject)
        and lowered.endswith("s")
        and not subject.isupper()
        and lowered not in PLACES
        and lowered not in _GROUP_WORDS
    )


ONLOOKERS_ANSWER_FOR_NOBODY = rule(
    "actors.onlookers-answer-for-nobody",
    "\"Our correspondent says the troops will leave\": a reporter, witness or analyst tells what unnamed staff will "
    "do but cannot commit them, unlike a minister who says so",
)
_ONLOOKER_SAYS = re.compile(
    r"\b(?:correspondents?|reporters?|journalists?|witness(?:es)?|residents?|analysts?|observers?|experts?|editors?)"
    r"(?:\s+[\w-]+){0,4}?\s+(?:said|says|say|reported|reports|told \w+|wrote|writes)\b",
    re.IGNORECASE,
)


BENEFICIARY = rule(
    "pledges.beneficiary-stays-in-the-commitment",
    "\"The ministry said farmers would receive compensation\": those who receive are no part of the actor's act; "
    "the commitment keeps them (\"farmers receive compensation\"), never \"The ministry: receive compensation\"",
)
_RECEIVING = frozenset("receive get obtain gain".split())


def _generic_agents(before: str) -> bool:
    """'He said technicians would ...': unnamed staff right after a speech verb; the speaker answers for them."""
    match = re.search(r"\b(?:that\s+)?(?:the\s+|its\s+|their\s+)?(?:[a-z-]+\s+)?([a-z-]+)\s*$", before)
    return match is not None and bool(_AGENT_NOUN.fullmatch(match.group(1))) and _announced(before)


def _speaks_for(subject: str, side: frozenset[str]) -> bool:
    """A country named by one of its own officials: "Norland" by a "Norlandic" minister."""
    name = subject.lower()
    if " " in name or not subject[:1].isupper():
        return False
    return any(len(os.path.commonprefix([name, word])) >= max(4, len(name) - 1) for word in side)


# The terms of an agreement bind whatever they name: "Under the agreement, all new loans from both governments will".
_UNDER_TERMS = re.compile(
    r"\W*under (?:the|its|their|this) (?:[\w-]+ ){0,2}(?:agreement|deal|accord|treaty|pact|text|terms|ceasefire|truce),"
    r"\s+((?:[\w’'.%$€£-]+\s+){0,8}?[\w’'.-]+)\s+$",
    re.IGNORECASE,
)


UNDER_THE_DEAL_SIGNED = rule(
    "pledges.under-the-deal-signed-in",
    "\"Under the agreement announced in Lisca on Monday, bondholders are to swap ...\", \"Under the accord signed last "
    "week, Tessin will ...\": a deal named with where or when it was made still opens its terms (not \"under the deal "
    "being discussed\", a deal not yet made)",
)
# "Under the agreement signed in Varos last week, ...": the deal, then how it came about, then the side it binds.
_UNDER_TERMS_MADE = re.compile(
    r"\W*under (?:the|its|their|this) (?:[\w-]+ ){0,2}(?:agreement|deal|accord|treaty|pact|text|terms|ceasefire|truce)"
    r"\s+(?:(?:that|which)\s+(?:was|were)\s+)?(?:signed|announced|reached|struck|agreed|concluded|sealed|approved|initialled)"
    r"\b[^,]{0,60},\s+((?:[\w’'.%$€£-]+\s+){0,8}?[\w’'.-]+)\s+$",
    re.IGNORECASE,
)


HOW_IT_WOULD = rule(
    "pledges.explain-how-it-would-is-a-question",
    "\"said the government had yet to explain how vaccinators would reach the villages\", \"did not say when the "
    "troops would leave\": a how, when, where or why clause after explaining, saying or asking is a question about "
    "an act, not its announcement",
)
_ASKED_HOW = re.compile(
    r"\b(?:explain(?:ed|s)?|say|said|says|know|knew|asked?|tell|told|clear|unclear|detail(?:ed)?|show(?:ed)?|decide[ds]?|"
    r"question|questions|wonder(?:ed|s)?)\s+(?:\w+\s+)?(?:how|why|where|when|whether)\s+(?:(?!that\b|asked\b)[\w’'-]+\s+){1,5}$",
    re.IGNORECASE,
)


DOUBT_WITHOUT_THAT = rule(
    "pledges.doubt-or-forecast-without-that",
    "\"said they doubted the government would keep its word\", \"expects Kessel will pay\": a doubt, hope, fear or "
    "forecast with \"that\" left out governs the clause after it as with \"that\"; nobody commits",
)
# The doubt or forecast verb, then the clause's subject (one to five words, no comma) right before the modal.
_DOUBT_WITHOUT_THAT = re.compile(
    r"\b(?:doubt(?:s|ed)?|expects?|expected|predicts?|predicted|fears?|feared|hopes?|hoped|suspects?|suspected)\s+"
    r"(?!that\b|to\b|by\b|in\b|on\b|from\b|of\b|as\b)(?:[\w’'-]+\s+){1,5}$",
    re.IGNORECASE,
)
ONLY_IF = rule(
    "pledges.would-only-if-is-an-offer",
    "\"would only sign long-term contracts if Ostavia guaranteed supply\", \"will only extend the scheme if the "
    "operators agree\": an act offered on a condition the other side must meet is no commitment yet",
)
# "only" right after the modal, and a condition later in the same clause.
_ONLY_IF = re.compile(r"\s+only\s+[^.;:]{1,120}?\b(?:if|unless|provided|once)\b", re.IGNORECASE)
ADVOCACY = rule(
    "pledges.pressing-for-is-a-demand",
    "\"Campaigners said they would press for the bank to be closed\", \"would lobby for\", \"will campaign for\": "
    "pressing, lobbying or campaigning for something asks others to act; it is a demand, not a pledge (\"will press "
    "ahead with the plan\" still acts)",
)
_ADVOCACY_VERBS = frozenset("press lobby campaign petition agitate".split())


def _advocacy(verb: str, tail: str) -> bool:
    """Pressing, lobbying or campaigning (ADVOCACY); "press ahead", "press on" go on with an act of one's own."""
    if verb in _ADVOCACY_VERBS:
        return not re.match(r"\s+(?:ahead|on)\b", tail)
    return verb in ("push", "fight") and re.match(r"\s+(?:hard\s+)?for\b", tail) is not None


CONTESTING_IS_A_STANCE = rule(
    "pledges.opposing-or-contesting-is-a-stance",
    "\"The Nationals said they would oppose any change\", \"has said it will fight the route in court\", \"said they "
    "would boycott the commission's next meeting\", \"his lawyers would appeal\": opposing, boycotting, appealing or "
    "fighting others' act in court is a side's stance or threat against what others do, not an act it commits to "
    "(\"would block\" an act and \"will fight corruption\" are left to the rules they had)",
)
_CONTESTED = re.compile(r"(?:oppose|boycott|appeal)\b|(?:fight|challenge|contest)\b[^.;]{0,60}?\bin\s+(?:the\s+)?courts?\b")


def _contested(verb: str, tail: str) -> bool:
    """Opposing, boycotting, appealing, or fighting in court (CONTESTING_IS_A_STANCE)."""
    return bool(CONTESTING_IS_A_STANCE) and _CONTESTED.match(verb + tail) is not None


KEEP_COMING_BACK = rule(
    "pledges.keep-coming-back-is-a-vow",
    "\"said they would keep coming back\", \"will keep making the case until it is made\": coming back again and again "
    "or arguing on is a vow to persist with no act named (\"will keep asking for access every week\" and \"will keep "
    "raising the cases\" are acts for someone, left to the rules they had)",
)
_KEPT_COMING = re.compile(r"keep\s+(?:on\s+)?(?:coming\s+back|making\s+(?:the|our|its|their|this|that)\s+(?:case|argument|point))\b")


def _keeps_coming_back(verb: str, tail: str) -> bool:
    """Coming back or arguing on, with no act (KEEP_COMING_BACK)."""
    return bool(KEEP_COMING_BACK) and _KEPT_COMING.match(verb + tail) is not None


def _contested_future(sentence: str, candidate: _Candidate) -> bool:
    """A "will"/"would" that opposes or contests, on any reading ("said Norland had objected to the text and would
    oppose any change": the shared subject after "and" is read by another path than the one _futures checks)."""
    return (
        bool(CONTESTING_IS_A_STANCE)
        and candidate.verb >= 0
        and re.match(r"(?:will|would|shall)\s", sentence[candidate.verb :], re.IGNORECASE) is not None
        and _CONTESTED.match(candidate.commitment.strip()) is not None
    )


VAGUE_TIME = rule(
    "pledges.in-due-course-is-no-date",
    "\"has said for years it will leave the bloc 'in due course'\", \"intends to put the treaty to a vote when the time "
    "is right\": an act whose only time is \"in due course\" or \"when the time is right\" is put off, not committed "
    "to (\"will be announced at the appropriate time\" and \"at some point\" are left to the rules they had)",
)
_VAGUE_TIME = re.compile(r"\bin\s+due\s+course\b|\bwhen\s+the\s+time\s+is\s+right\b", re.IGNORECASE)


def _vague_time(candidate: _Candidate) -> bool:
    """The act's clause names no time but "in due course" or "when the time is right" (VAGUE_TIME)."""
    return bool(VAGUE_TIME) and _VAGUE_TIME.search(candidate.commitment) is not None


NEGATED_REPORTER = rule(
    "pledges.no-side-has-said-it-will",
    "\"no government has offered to host it\", \"Neither Norland nor Vel has said it will change course\": a "
    "commitment told under a saying or offering verb whose subject is \"no ...\" or \"neither ... nor\" is one that "
    "nobody made (\"neither side will move troops\" is a pledge both make, left to the rules it had)",
)
_NEGATED_REPORTER = re.compile(
    r"\b(?:no|neither)\s+(?:[\w’'-]+\s+){0,3}?(?:nor\s+(?:[\w’'-]+\s+){1,3}?)?(?:has|have|had)\s+(?:yet\s+|so\s+far\s+|ever\s+)?"
    r"(?:said|offered|promised|pledged|agreed|committed|announced|vowed|undertaken)\b[^,;:.\"“”]{0,20}$",
    re.IGNORECASE,
)


def _negated_reporter(sentence: str, candidate: _Candidate) -> bool:
    """"no government has offered to", "neither X nor Y has said it will" right before the act (NEGATED_REPORTER)."""
    if not NEGATED_REPORTER:
        return False
    ends = {candidate.trigger_end} | ({candidate.verb} if candidate.verb >= 0 else set())
    return any(_NEGATED_REPORTER.search(sentence[:end]) is not None for end in ends)


OPTIONS_LOOKED_AT = rule(
    "pledges.looking-at-every-option-is-no-act",
    "\"the fund would 'look at all options'\", \"will look at every avenue\", \"we will read it carefully\": looking at "
    "every option or reading a text carefully promises thought, no act (\"is to look at a proposal\", \"would study "
    "the list and reply by Friday\" and \"will read them aloud\" are left to the rules they had)",
)
_OPTIONS_LOOKED_AT = re.compile(
    r"(?:look\s+(?:again\s+)?at|consider|explore|weigh)\s+(?:all|every|any)\s+(?:(?:possible|available|other|the)\s+)?"
    r"(?:options?|avenues?|possibilit(?:y|ies)|alternatives?)\b"
    r"|(?:read|study|look\s+at|go\s+through)\s+(?:[\w’'-]+\s+){1,5}?carefully[\s.,;!\"”’]*$",
    re.IGNORECASE,
)


LISTENING = rule(
    "pledges.listening-on-is-no-act",
    "\"ministers will continue to listen to the fishing towns\", \"would listen first and talk second\", \"would "
    "listen to any offer\": listening on, first, or to whatever is offered promises attention, no act (a mediator's "
    "\"will listen to both sides for as long as it takes\" is left to the rules it had)",
)
_LISTENING = re.compile(
    r"(?:(?:continue|go\s+on)\s+to\s+listen|keep\s+(?:on\s+)?listening|listen\s+first"
    r"|listen\s+to\s+(?:any|every|all)\s+(?:[\w-]+\s+)?(?:offers?|proposals?|ideas?|suggestions?|concerns?))\b",
    re.IGNORECASE,
)


def _listening(candidate: _Candidate) -> bool:
    """ "continue to listen", "listen first", "listen to any offer": attention, no act (LISTENING)."""
    return bool(LISTENING) and _LISTENING.match(candidate.commitment.strip()) is not None


def _options_looked_at(candidate: _Candidate) -> bool:
    """ "look at all options", "read it carefully": thought promised, no act (OPTIONS_LOOKED_AT)."""
    return bool(OPTIONS_LOOKED_AT) and _OPTIONS_LOOKED_AT.match(candidate.commitment.strip()) is not None


VOTE_FOR_OR_AGAINST = rule(
    "pledges.voting-for-or-against-is-a-stance",
    "\"The opposition will vote against the agreement\", \"said they would vote for the motion\": how a party will "
    "vote is its stance on a text, like \"will vote on\" a schedule, not an act it commits to",
)
PERMISSION_TOLD = rule(
    "pledges.permission-in-the-reporters-voice",
    "\"Workers will be allowed to change employers\", \"Importers will be allowed to apply online, officials said\": "
    "what others may do, told by the reporter or unnamed officials, names no side that lets them (\"Keel said "
    "returnees would be allowed to bring livestock\" still binds Keel's side)",
)
# A tag of unnamed officials after the clause: ", officials said", ", a spokesman said".
_ANONYMOUS_TAG = re.compile(r",\s+(?:(?:an?|the|some|several)\s+)?(?:\w+\s+)?(?:officials?|sources?|spokes(?:man|woman|person))\s+(?:said|say|says)\b")


def _permission_told(rest: str, before: str, after: str, in_quote: bool) -> bool:
    """ "will be allowed to VERB" in the reporter's words, no speaker announcing it (PERMISSION_TOLD)."""
    if in_quote or not re.match(r"\s+to\s+[a-z]", rest) or _announced(before) or _TERMS_SOURCE.search(before + after):
        return False
    said = _said_after(after)
    return said is None or _ANONYMOUS_TAG.search(after) is not None


PASSIVE_OF_A_TEXT = rule(
    "pledges.passive-terms-of-a-text",
    "\"Under the roadmap, visa requirements for students will be lifted by June\", \"Customs declarations shall be "
    "exchanged in electronic form from March\": a passive act with no agent, under a named signed text or in a "
    "text's \"shall\", binds the text's parties; what is acted on is the plain noun phrase before it (not a \"will\" "
    "with no text named: \"Prices will be lifted\")",
)
# The plain noun phrase that opens the sentence or follows the opener's comma, right before the modal.
_PLAIN_OBJECT = re.compile(r"(?:^\W*|,\s+)((?:[\w’'-]+\s+){0,7}?[\w’'-]+)\s+$")
PASSIVE_ANY_ACT_OF_A_TEXT = rule(
    "pledges.passive-any-act-of-a-text",
    "\"Under the accord, the shipping channel will be dredged by March 2029\", \"Requests for help shall be answered "
    "within six hours\": under a named signed text or in its \"shall\", any regular passive act with no agent is one "
    "the text's parties owe (\"the channel to be dredged ...\"), not only the acts a digest has a verb for (not a "
    "state: \"shall be deemed\", \"will be permitted\")",
)
MADE_AVAILABLE = rule(
    "pledges.made-available-is-an-act",
    "\"Catch data shall be made available to both ministries\", \"the report will be made public by June\": making a "
    "thing available or public is an act (\"make the data available\"), as publishing is",
)


def _no_named_subject(before: str) -> bool:
    """No side is named or reporting before the passive: its subject, if any, is a common noun phrase."""
    subject = _subject(before)
    return (subject is None or subject.islower()) and not _reporting_subject(before)


def _made_available(participle: str, rest: str) -> bool:
    """ "made available", "made public" (MADE_AVAILABLE)."""
    return bool(MADE_AVAILABLE) and participle == "made" and re.match(r"\s+(?:available|public)\b", rest) is not None


def _futures(sentence: str, in_quote: bool, side: frozenset[str] = frozenset()) -> Iterator[_Candidate]:
    match = _DEAL_SEES.search(sentence)
    if match:
        yield _Candidate(
            match.group("actor"), _clause_end(match.group("verb") + match.group("tail")), match.start(), match.start("verb")
        )
        return
    refused_before: str | None = None  # what led to a "will not" read just before (SECOND_ACT_AFTER_REFUSAL)
    for n, match in enumerate(_every(_FUTURE if LY_VERB else _FUTURE_ANY_LY, sentence, "verb")):
        before = sentence[max(0, match.start() - _REACH) : match.start()]
        refused, refused_before = refused_before, None
        refrains = REFRAIN_FROM and _refrain_agreed(match, before)
        if n and not _main_or_reported(sentence, match.start()) and not refrains and not _while_a_second_side(sentence, match.start()):
            continue  # a later "will" in a clause that hangs off another: a relative, a condition, a purpose
        verb = match.group("verb").lower()
        plain = _plain_aux(match.group("aux").lower())
        if plain is None:
            continue
        if " set " in f' {match.group("aux").lower()} ' and verb in _TREND_VERBS:
            continue  # "the economy is set to shrink": a forecast (SET_TO_ACT reads only acts)
        aux = plain
        if aux.endswith("going to"):
            if not (GOING_TO and re.search(r"\b(?:we|i)\s*$", sentence[: match.start()], re.IGNORECASE)):
                continue  # "the economy is going to shrink": a forecast; only a speaker's own "we are going to" acts
            aux = "will"
        tail = match.group("tail")
        floating = re.match(r"\s+(?:\w+ly\s+)?([a-z]+)\b", tail) if FLOATING_QUANTIFIER and verb in ("all", "both", "each") else None
        if floating:  # "we will all meet again", "will each pay": the verb comes after the quantifier
            verb, tail = floating.group(1), tail[floating.end() :]
        denied = _DENIAL_PHRASE.match(verb + tail) if NEGATION_BETWEEN else None
        if denied:  # 'would "under no circumstances" sign', "would in no way fund": read as "never"
            verb, tail = "never", " " + (verb + tail)[denied.end() :].lstrip(" \"”’'")
        if in_quote and QUOTE_ENDS_COMMITMENT:
            tail = _QUOTE_CLOSE.split(tail, maxsplit=1)[0]  # '"We will pay," Ada Brun, the minister, said.'
        guarantee = _no_one_harmed(verb, tail, before, sentence[match.start() :], in_quote) if NO_ONE_HARMED else None
        if guarantee is None and EVERY_PERSON_CARED_FOR:
            guarantee = _every_person_cared_for(verb, tail, before, sentence[match.start() :], in_quote)
        if guarantee is not None:  # read before the hedges: "without" narrows a guarantee ("detained without charge")
            if guarantee[0]:  # the form with no one to answer for it (a forecast, a condition) is no pledge at all
                yield _Candidate(guarantee[0], guarantee[1], match.start("tail"), match.start())
            continue
        if _hedged(before) or _HEDGES.search(sentence[match.start() : match.start() + 40].split(",")[0]):
            continue
        if DOUBT_WITHOUT_THAT and _DOUBT_WITHOUT_THAT.search(before[-100:]):
            continue  # "said they doubted the government would keep its word": a doubt, "that" left out
        if ONLY_IF and _ONLY_IF.match(sentence, match.end("aux")):
            continue  # "would only sign long-term contracts if Ostavia guaranteed supply": an offer on a condition
        if QUESTION and re.search(r"\bwhat(?:ever)?\s+(?:[\w’'-]+\s+){1,3}$", before):
            continue  # "I can tell you what Norland will do": the clause is an object, no act is named
        if HOW_IT_WOULD and _ASKED_HOW.search(before):
            continue  # "had yet to explain how vaccinators would reach the villages": a question left open
        if EVER and re.match(r"\s+ever\b", sentence[match.end("aux") :]):
            continue  # "will ever abandon": a doubt about it, never a commitment
        if _THREAT_REPORT.search(before):
            continue  # "warned that Estavia would respond": a threat
        negated = _negated_subject(before) if NEGATED_SUBJECT and verb not in ("be", "not", "never") else None
        if negated is not None:  # "not one of Norland's soldiers will cross": never read with the "not" dropped
            held_back = _forces_held_back(negated, before, in_quote)
            if held_back:
                yield _Candidate(held_back, _clause_end(f"{negated[0].lower()}{negated[1:]} to {verb}{tail}"), match.start(), match.start())
            continue
        if not in_quote and ACT_BEGINS:
            begins = _act_begins(sentence, match, before)
            if begins is not None:
                yield begins
                continue
        if aux == "would" and not in_quote and not _announced(before) and not (WOULD_SAID_AFTER and not n and _tag_after(tail)) and not refrains and not _would_under_terms(sentence):
            continue  # the reporter describing what a rule or a deal would do, not an announced action
        restrained = False
        told_side = ""  # the named side whose restraint a speaker tells (NAMED_SIDE_BY_ITS_SPEAKER)
        withdrawn = _withdrawal(verb, tail, before, in_quote) if FORCES_WITHDRAWN else None
        if withdrawn is not None:
            if withdrawn:
                act = _withdrawal_act(verb, tail, before) if WITHDRAWAL_ACT else verb + tail
                yield _Candidate(withdrawn, _clause_end(act), match.start(), match.start())
            continue
        arriving = _thing_arrives(verb, tail, before) if THING_ARRIVES and aux in ("will", "would", "is to", "are to") else None
        if arriving is not None:
            state = _state_due(verb, tail, before, sentence[match.start() :], in_quote, arriving)
            if state is not None and not _unnamed_announcer(state[0]):  # "the first dredgers would arrive ..."
                yield _Candidate(state[0], state[1], match.start("tail"), match.start(), arrival=True)
                continue
            terms = _terms_source(sentence) if ARRIVAL_UNDER_TERMS and not in_quote else None
            if terms is not None and aux != "would" and _time_given(_clause_end(tail)) and not re.search(r"\b(?:if|unless|provided|once)\b", tail):
                held = arriving[:1].lower() + arriving[1:]  # the sentence's opening word: "Direct flights" read as "direct flights"
                yield _Candidate(terms.group("text"), _clause_end(f"{held} to {verb}{tail}"), match.start("tail"), match.start(), arrival=True)
                continue
        if verb == "be":
            passive = re.match(r"\s+[\"“]?(?:\w+ly\s+)?(\w+)", tail)
            if passive is None:
                continue  # "would be" and nothing after it
            if RECALLED_IT and re.match(r"\s+recalled\s+that\b", tail) and re.search(r"\b[Ii]t\s+$", before):
                continue  # "It will be recalled that ...": a reporter's pointer to the past
            participle = passive.group(1).lower()
            by_body = _passive_by_a_body(participle, tail[passive.end() :], before, sentence[match.start() :], in_quote, aux)
            if by_body is not None:  # "Seats will be allocated by the consular office": the office acts
                yield _Candidate(by_body[0], by_body[1], match.start("tail"), match.start())
                continue
            if participle in _OFFER_WORDS and not (STATE_DUE and participle in _STATES_DUE and not re.match(r"\s+to\b", tail[passive.end() :])):
                continue  # "would be willing to discuss": an offer, not a commitment
            made = False
            if participle.endswith("ing") and participle not in ("being",):
                if VIGIL and participle in _VIGILS:
                    continue  # "We will be watching the estuary every day": a warning, not an act
                verb, tail = participle, tail[passive.end() :]
            elif participle in _ACTION_PASSIVES or (REDRESS_AND_STAFF_PASSIVES and participle in _REDRESS_AND_STAFF) or (
                made := _made_available(participle, tail[passive.end() :])
            ):
                if PERMISSION_TOLD and participle == "allowed" and _permission_told(tail[passive.end() :], before, sentence[match.start() :], in_quote):
                    continue  # "Workers will be allowed to change employers": what others may do, no side named
                actor = _reporting_subject(before) or _subject(before) or ""
                giver = _ASSURANCE_FROM.search(before) if ASSURANCE_FROM else None
                if giver is not None:
                    actor = giver.group("giver")  # "assurance from the ministry that the subsidy would be paid"
                acted_on = _passive_subject(before)  # "the first €8 million would be transferred"
                if NOTHING_WILL_BE and _NOTHING.match(acted_on):
                    continue  # "Nothing will be lifted until ...": a refusal, not an act
                if PASSIVE_NAMES_NO_AGENT and actor and actor.lower() == acted_on.lower() and (
                    in_quote or any(w.lower().strip(",.") in SPEECH_VERBS for w in sentence[match.start() :].split())
                ):
                    # '"The contracts will be signed by Friday," she said', "The men will be freed, the minister
                    # announced": the speaker's side acts. In the reporter's own words it is left as it was: taking
                    # the actor away there dropped the pledge, and cost a held-out one
                    actor = "we"
                    acted_on = re.sub(r"^(?:The|A|An|Its|Their|Our|This|These|Those|Every|All)\b", lambda m: m.group(0).lower(), acted_on)
                terms_text = _terms_source(sentence) if PASSIVE_UNDER_TERMS and not in_quote else None
                told_by_text = TEXT_SAYS_TAG and terms_text is not None and actor == "we"  # "..., the accord says"
                if terms_text is not None and actor and (actor.lower() == acted_on.lower() or told_by_text) and aux in ("is to", "are to", "will", "shall"):
                    # "The remainder is to be delivered by July, according to the agreement": the text binds its parties
                    actor = terms_text.group("text")
                    acted_on = re.sub(r"^(?:The|A|An|Its|Their|Our|This|These|Those|Every|All)\b", lambda m: m.group(0).lower(), acted_on)
                if PASSIVE_OF_A_TEXT and not in_quote and not acted_on.strip() and aux in ("will", "shall", "is to", "are to"):
                    opening = _PLAIN_OBJECT.search(before)
                    if opening is not None and (terms_text is not None or aux == "shall"):
                        # "Under the roadmap, visa requirements for students will be lifted by June", "Catch data
                        # shall be made available to both ministries": a signed text's terms, its parties bound
                        acted_on = opening.group(1)[:1].lower() + opening.group(1)[1:]
                        actor = terms_text.group("text") if terms_text is not None else "the agreement"
                rest = tail[passive.end() :]
                named_agent = _NAMED_AGENT.match(rest) if PASSIVE_BY_NAMED_AGENT and not in_quote else None
                if named_agent is not None and acted_on.strip() and named_agent.group("agent").split()[-1] not in _NOT_AGENTS:
                    # "The bridge will be financed by Dalstan": the side named after "by" does it
                    actor, rest = named_agent.group("agent"), rest[named_agent.end("agent") :]
                    acted_on = re.sub(r"^(?:The|A|An|Its|Their|Our|This|These|Those|Every|All)\b", lambda m: m.group(0).lower(), acted_on)
                body_agent = _BODY_AGENT.match(rest) if participle in _REDRESS_AND_STAFF and named_agent is None else None
                if body_agent is not None and acted_on.strip():
                    # "will be reimbursed by the ministry": the body after "by" pays
                    actor, rest = body_agent.group("agent"), rest[body_agent.end("agent") :]
                    acted_on = re.sub(r"^(?:The|A|An|Its|Their|Our|This|These|Those|Every|All)\b", lambda m: m.group(0).lower(), acted_on)
                if EXPLETIVE_IT and actor.lower() == "it" and _EXPLETIVE_IT.match(sentence):
                    agent = _PASSIVE_AGENT.match(rest)
                    if agent is None or not acted_on.strip():
                        continue  # "It was announced that the memorandum would be signed": nobody named to do it
                    actor, rest = agent.group("agent"), rest[agent.end("agent") :]  # "... signed by the two sides"
                negated = _negated_subject(before) if NEGATION_KEPT else None
                if negated is not None and _passive_subject(before) == acted_on:
                    # "No new permit will be signed": the act is none, never "sign a new permit"
                    phrase = f"{negated[0].lower()}{negated[1:]} to be {participle}{rest}"
                else:
                    base = _ACTION_PASSIVES.get(participle) or _REDRESS_AND_STAFF.get(participle, participle)
                    phrase = f"{'make' if made else base} {acted_on}{rest}"
                yield _Candidate(actor, _clause_end(phrase), match.start("tail"), match.start())
                continue
            elif PASSIVE_ANY_ACT_OF_A_TEXT and not in_quote and aux in ("will", "shall", "is to", "are to") and participle.endswith("ed") and (
                participle not in _NOT_PASSIVE_ACTS and (aux == "shall" or _terms_source(sentence))
            ) and _no_named_subject(before) and _PLAIN_OBJECT.search(before):
                # "Under the accord, the shipping channel will be dredged to 2.5 metres by March": any act in the
                # passive that a named text or its "shall" sets, told as "the shipping channel to be dredged ..."
                opening = _PLAIN_OBJECT.search(before)
                assert opening is not None
                text = _terms_source(sentence)
                acted_on = opening.group(1)[:1].lower() + opening.group(1)[1:]
                phrase = f"{acted_on} to be {participle}{tail[passive.end() :]}"
                yield _Candidate(text.group("text") if text else "the agreement", _clause_end(phrase), match.start("tail"), match.start())
                continue
            elif DATED_PASSIVE and _dated_passive(participle, tail[passive.end() :], before, sentence[match.start() :], in_quote):
                before = re.sub(r",\s+(?:for|of|in|on|at|from|with)\s+[^,]{1,60},\s*$", " ", before)  # an aside
                actor = _reporting_subject(before) or _subject(before) or ""
                acted_on = _passive_subject(before)
                if in_quote or actor.lower() == acted_on.lower():
                    actor = "we" if in_quote else (_said_after(sentence[match.start() :]) or "")
                if not actor or not acted_on:
                    continue
                acted_on = re.sub(r"^(?:The|A|An|Its|Their|Our|This|These|Those|Every|All)\b", lambda m: m.group(0).lower(), acted_on)
                phrase = f"{acted_on} to be {participle}{tail[passive.end() :]}"
                yield _Candidate(actor, _clause_end(phrase), match.start("tail"), match.start())
                continue
            elif STATE_DUE and participle in _STATES_DUE:
                state = _state_due(f"be {participle}", tail[passive.end() :], before, sentence[match.start() :], in_quote)
                if state is not None:
                    yield _Candidate(state[0], state[1], match.start("tail"), match.start())
                continue
            else:
                continue
        if verb == "return" and re.match(r"\s+(?:the|its|all|a|an|\d+|two|three|their)\b", tail):
            pass  # "will return the seized boats": an action; "will return to Geneva" is travel
        elif TAKE_IN and verb == "take" and _TAKEN_IN.match(tail):
            pass  # "will take in 2,000 more refugees": people sheltered, an act; "take place" stays a schedule
        elif TAKE_BACK and verb == "take" and re.match(r"\s+back\s+(?!control\b)\S|\s+(?:them|it|him|her|\w+s)\s+back\b", tail):
            pass  # "will take back its citizens": a readmission, not "take" of a turn or a view
        elif FIND_THE_MONEY and verb == "find" and _FOUND_MONEY.match(tail):
            pass  # "will find the remaining 12 million from its budget": money put up; "will find out" finds nothing
        elif HOLD_A_VOTE and verb == "hold" and _HELD_VOTE.match(tail):
            pass  # "will hold elections by 2027": a vote held is an act; "hold talks" stays a schedule
        elif HAVE_IN_PLACE and verb == "have" and _had_in_place(tail):
            pass  # "will have the first 500 officers in post by September": a deployment with its time
        elif STATE_DUE and verb == "have" and re.match(r"(?i:every|each|all)\b", _passive_subject(before) or ""):
            state = _state_due("have", tail, before, sentence[match.start() :], in_quote)
            if state is not None:
                yield _Candidate(state[0], state[1], match.start("tail"), match.start())
            continue
        elif OWN_RESTRAINT and verb in ("not", "never") and _own_restraint(tail, before, in_quote):
            restrained = True  # "his government would not send armed vessels into the shoals": a side's own restraint
        elif EMPHATIC_RESTRAINT and verb in ("not", "never") and _emphatic_restraint(tail, before, in_quote):
            restrained = True  # '"We will not approve a single new gas field"': the speaker's side binds itself
        elif MEET_A_DEADLINE and verb == "meet" and _MET_OBLIGATION.match(tail):
            pass  # "would meet the deadline regardless": an obligation fulfilled, not a meeting
        elif MEET_A_COST and verb == "meet" and _MET_COST.match(tail):
            pass  # "would meet a quarter of the cost": a share paid, not a meeting
        elif INCREASE_AN_AMOUNT and verb in ("increase", "decrease") and _INCREASED_OBJECT.match(tail):
            pass  # "We will increase the number of teams to six": a side raising what it gives, not a trend
        elif NAMED_SIDE_BY_ITS_SPEAKER and not in_quote and verb in ("not", "never") and _side_told(tail, before):
            restrained, told_side = True, _side_told(tail, before) or ""  # "He also said Estavia would not raise tariffs"
        elif HYPHENATED_VERB and _HYPHENATED.fullmatch(verb) and not _hyphenated_refused(verb, tail):
            pass  # "will fast-track the permits", "will co-finance the bridge": a compound verb still acts
        elif verb in _NOT_ACTIONS or verb in UNDERGONE_ACTS or verb.endswith("ed") or not verb.isalpha():
            if SECOND_ACT_AFTER_REFUSAL and verb in ("not", "never"):
                refused_before = before
            continue
        elif (LOOKING_AT and verb in _LOOKING_VERBS) or (REVIEW_IS_NO_ACT and verb == "review" and _REVIEWED_MATTER.match(tail)):
            continue  # "would examine all options": a study promised, not an act
        if ADVOCACY and _advocacy(verb, tail):
            continue  # "Campaigners said they would press for a ban": a demand pursued, nothing the speaker does
        if _aim(verb + tail):
            continue  # "will work towards a settlement": an aim
        if VOTE_FOR_OR_AGAINST and verb == "vote" and re.match(r"\s+(?:against|for)\b", tail):
            continue  # "The opposition will vote against the agreement": a stance in a vote, not an act promised
        if _contested(verb, tail):
            continue  # "would oppose any change", "will fight the route in court": a stance against others' act
        if _keeps_coming_back(verb, tail):
            continue  # "said they would keep coming back": a vow to persist, no act named
        if _talks(verb + tail):
            continue  # "will keep talking", "will pay a visit", "will leave for Vel": a schedule ("hold" never acts)
        if verb == "send" and _delegation_sent(tail):
            continue  # "will send a delegation to Geneva next week": a travel schedule
        if (verb == "vote" and re.match(r"\s+on\b", tail)) or (verb == "host" and _HOSTED_EVENT.match(tail)):
            continue  # "will vote on the motion", "will host the next round of talks": schedules
        if _press_event(verb + tail) or _chairs_meeting(verb + tail):
            continue  # "will give a closing press conference", "will chair the first session": a running order
        if EVENT_STARTS and verb in _EVENT_VERBS and _EVENT_SUBJECT.search(before):
            continue  # "The new session of parliament will start on Monday": when an event is held
        if _PREDICTED.search(before):
            continue  # "Analysts said Moscow would respond": a prediction
        if CONFIDENT_FORECAST and _CONFIDENT.search(before):
            continue  # "said it was confident the transfers would finish by spring": a forecast, not an act promised
        if ANNOUNCED_THREAT and (_THREAT_OBJECTS.match(verb + tail[:60]) or _RESPONSE_THREAT.match(verb + tail[:60])):
            continue  # "said it would retaliate", "would respond in kind to any new tariffs": a threat
        if ACT_ACCORDINGLY and _ACT_ACCORDINGLY.match(verb + tail[:40]):
            continue  # "we will act accordingly": a warning, no act named
        if CRITICS_PREDICT and _CRITICS.search(before):
            continue  # "Critics said the government would struggle": a forecast by its opponents
        if FORECAST_AFTER and _FORECAST_AFTER.search(tail):
            continue  # "The junta will hold elections within a year, analysts said": the analysts' forecast
        if refused is not None and re.search(r"\band\s*$", before) and aux == "would" == match.group("aux").lower():
            before = refused  # "the army would not deploy them and would hand its stocks over": read as "the army would hand"
        subject = _subject(before)
        shared = _shared_pronoun(before) if subject is None else None
        if shared is None and subject is None and not _NEXT_ITEM.match(verb + tail):
            shared = _shared_reported_subject(before)  # "said his government had signed and would open"
        subject = shared or subject  # "said it had 60 trucks loaded and would send": "it" does both
        common: str | None = None
        if RELATIVE_WILL and not in_quote and aux in ("will", "is to", "are to"):
            antecedent = _relative_antecedent(before)
            if antecedent and verb not in _ROLE_VERBS:  # "Norland, which will hold elections in May": background
                yield _Candidate(antecedent, _clause_end((verb + tail).split(", ")[0]), match.start(), match.start())
                continue
        terms = _UNDER_TERMS.match(before) or (_UNDER_TERMS_MADE.match(before) if UNDER_THE_DEAL_SIGNED else None)
        if terms and not in_quote and aux in ("will", "shall", "is to", "are to"):
            yield _Candidate(terms.group(1), _clause_end(verb + tail), match.start(), match.start())
            continue
        if not in_quote and (subject is None or subject.islower()) and _generic_agents(before):
            reporter = _reporting_subject(before)
            if ONLOOKERS_ANSWER_FOR_NOBODY and _ONLOOKER_SAYS.search(before):
                continue  # "Our correspondent says the troops will leave": a reporter's account, nobody's pledge
            if reporter:
                act = verb + tail
                if BENEFICIARY and verb in _RECEIVING:
                    words = before.split()
                    agents = words[-1:]
                    for word in reversed(words[-3:-1]):
                        if word.endswith(",") or word.lower() in SPEECH_VERBS or word.lower() in ("that", "said", "and"):
                            break
                        agents.insert(0, word)
                    act = f"{' '.join(agents)} {verb}{tail}"  # "farmers receive compensation"
                yield _Candidate(reporter, _clause_end(act), match.start(), match.start())
                continue
        if subject and subject.lower() in ("it", "they") and (_announced(before[-40:]) or shared):
            # "Germany said it will send ...": the speaker announcing its own action; "the farm lobby said it will
            # fight ...": a speaker named by a common noun, whom the pronoun stands for
            common = _common_speaker(before, subject.lower()) or _informer(before)
            subject = common or subject
        elif subject and subject.lower() in ("it", "they") and _second_reported(before, tail):
            pass  # "Norway said the talks went well and that it would pay for the convoy": still Norway speaking
        elif not subject or subject.lower() in ("that", "which", "this", "it", "there", "i"):
            continue
        if _is_proposal(subject) or _proposed(before):
            continue
        if in_quote and OWN_BODY_IN_A_QUOTE and _own_body(before):
            subject = "we"  # '"My government will pay for every house," she said': the speaker's side acts
        if in_quote and subject.lower() not in ("we", "i") and not _speaks_for(subject, side):
            if not (restrained and subject.lower().startswith("our ")):
                continue  # '"Our soldiers will not fire a shot"': the speaker's own side holding back
        if not in_quote and subject.lower() in ("we",):
            continue
        words = subject.split()
        bound_by_text = aux in ("is to", "are to") and words[0].lower() in ("both", "all", "the") and words[-1].endswith("s")
        named = any(w[:1].isupper() and w.lower() not in NOT_NAMES for w in words) and not _common_plural_opening(subject, before)
        counted = COUNTED_BODIES and _counted_bodies(words)
        firm = FIRM_NAMED_BY_ITS_SPEAKER and not in_quote and len(words) == 2 and words[0].lower() in ("the", "its") and (
            words[1].lower() in _FIRM_NOUNS and _announced(before)
        )
        bound = words[-1].lower() in BOUND_COLLECTIVES  # "The signatories shall ban ...", "the consortium will pay"
        if not (subject.lower() in PRONOUNS or named or words[-1].lower() in _GROUP_WORDS or bound_by_text or common or restrained or counted or firm or bound):
            continue
        if counted and not words[0].lower() == "the" and re.search(r"\bthe\s+" + re.escape(subject) + r"\b", before[-80:], re.I):
            subject = "the " + subject  # "The two councils will": shown as "the two councils"
        if aux in ("will", "shall") and not in_quote and not _announced(before) and subject.lower() in PRONOUNS:
            continue
        yield _Candidate(subject, _clause_end(verb + tail), match.start(), match.start(), told_side)
        continue


MEET_A_DEADLINE = rule(
    "pledges.meet-a-deadline",
    "\"the government would meet the deadline\", \"Tarsk will meet all its obligations under the accord\": to meet a "
    "deadline, a target or an obligation is to fulfil it, an act (not a meeting, which is a schedule)",
)
_MET_OBLIGATION = re.compile(
    r"\s+(?:the|its|our|their|his|her|this|that|these|those|every|each|all)\s+(?:(?:of\s+)?(?:its|our|their|the)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:deadlines?|targets?|obligations?|commitments?|requirements?|conditions?|terms|goals?|"
    r"quotas?|benchmarks?)\b"
)
MEET_A_COST = rule(
    "pledges.meet-a-share-of-the-cost",
    "\"Estavia would meet a quarter of the cost\", \"Norland will meet half the bill for the bridge\": to meet a cost, "
    "a bill or a share of one is to pay it, an act (not \"meet the budget committee\", a meeting)",
)
# The object of "meet" that is money paid: a share ("a quarter of", "40 percent of", "half") of a cost, or the cost.
_MET_COST = re.compile(
    r"\s+(?:(?:a|an|one|the|its|their|our|his|her|half|all|most|part|much|\d[\d.]*)\b[\w\s%'’-]{0,50}?\s+)?"
    r"(?:costs?|bills?|expenses|shortfall|fares?|fees)\b(?!\s+(?:committee|office|minister|team|panel|official|chief)s?\b)",
    re.IGNORECASE,
)
INCREASE_AN_AMOUNT = rule(
    "pledges.increase-an-amount",
    "\"We will increase the number of monitors to forty\", \"Tarsk will increase its aid to the islands by a third\": "
    "\"increase\" with an object the side controls is an act (\"prices will increase\", with none, is a trend)",
)
_INCREASED_OBJECT = re.compile(
    r"\s+(?:the\s+(?:number|size|amount|strength|budget)|its|our|their|his|her)\b(?:\s+[\w-]+){0,6}?\s+(?:to|by)\s+"
    r"(?:\d|a\s|an\s|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|half|double)"
)
COUNTED_BODIES = rule(
    "pledges.counted-bodies-act",
    "\"The two councils will open a joint office\", \"both ministries will exchange draft texts\": a counted plural of "
    "a body that acts (councils, ministries, banks, navies) is the sides of an arrangement acting together, as \"the two "
    "governments\" are (a count is needed: \"banks will lend more\" names no side)",
)
_COUNTS = frozenset("two three four five six seven eight nine ten both".split())


def _counted_bodies(words: list[str]) -> bool:
    """'two councils', 'both ministries': a count, then the plural of a body's head noun (COUNTED_BODIES)."""
    if len(words) < 2 or words[-2].lower() not in _COUNTS:
        return False
    noun = words[-1].lower()
    single = noun[:-3] + "y" if noun.endswith("ies") else noun[:-1] if noun.endswith("s") else ""
    return bool(single) and (single in INSTITUTION_HEADS or single in _ACTING_BODIES)


FIRM_NAMED_BY_ITS_SPEAKER = rule(
    "pledges.firm-named-by-its-speaker",
    "\"Its director said the yard would hire 400 welders\", \"the minister said the operator would replace the pipe\": "
    "a firm named by its trade noun (operator, utility, lender, firm, yard) right after a speech verb acts as \"the "
    "company\" does, for the speaker who tells of it",
)
_FIRM_NOUNS = frozenset("utility lender operator firm yard shipyard".split())  # _ACTING_BODIES and a yard


SECOND_ACT_AFTER_REFUSAL = rule(
    "pledges.second-act-after-a-refusal",
    "\"Treml said the army would not deploy the weapons and would hand its stocks over\": the act joined by \"and\" "
    "to a side's reported \"would not\" is that side's commitment (the refusal itself is not read as one)",
)


RELATIVE_WILL = rule(
    "pledges.named-actor-which-will",
    "\"the Northland Bank, which will lend $2bn by 2028\": a named body's future act in a relative clause set off by "
    "commas is its commitment, as in a main clause (a common noun, a place or a named thing such as a pipeline or a "
    "treaty before \"which\" is described, not acting; a vote it will hold or talks it will chair are background)",
)
# A role at an event or a vote held, told about a body in passing: "the EU, which will chair the talks".
_ROLE_VERBS = frozenset("hold chair co-chair preside host attend".split())
_RELATIVE_OPENS = re.compile(r",\s+which\s+(?:also\s+)?$")  # "who will chair ...": a person's role, a schedule


def _relative_antecedent(before: str) -> str | None:
    """The named phrase a ", which will" clause hangs off ("the Gulf Fund"), or None (RELATIVE_WILL)."""
    opens = _RELATIVE_OPENS.search(before)
    if opens is None:
        return None
    head = before[: opens.start()]
    if re.search(r"\b(?:of|for|on|in|to|at|about|against|into|near)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){0,4}[A-Z][\w’'-]*$", head):
        return None  # "the talks in Lisvar, which will": a place or a thing's owner, not the one who acts
    partner = re.search(r"\b(?:with|from|by)\s+((?:the\s+)?(?:[A-Z][\w’'-]*\s+){0,4}[A-Z][\w’'-]*)$", head)
    owned = re.search(r"(?:^|\s)((?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w-]*['’]s(?:\s+[a-z]+){1,2})$", head)
    subject = partner.group(1) if partner else _subject(head + " ")  # "came from the Gulf Fund, which will"
    subject = subject or (owned.group(1) if owned else None)  # "Velmora's state utility, which will"
    if not subject:
        return None
    words = subject.split()
    if not any(w[:1].isupper() and w.lower() not in NOT_NAMES for w in words):
        return None
    noun = words[-1].lower()
    if len(words) > 1 and not (noun in _ACTING_BODIES or noun in _GROUP_WORDS and noun not in _NAMED_THINGS):
        return None  # "the Orvane Pipeline, which will carry", "the Kessel Declaration, which will guide": a thing
    return subject


# Head nouns of a named body that acts ("the Halvern Development Bank", "Velmora's state utility"); a named thing
# (a pipeline, a treaty, a plan) or a publication does not commit.
_ACTING_BODIES = frozenset("utility lender operator firm".split())
_NAMED_THINGS = frozenset("statement news times journal newspaper radio tv media broadcaster post house".split())


GOING_TO = rule(
    "pledges.we-are-going-to",
    "'\"We are going to publish every figure by Friday\"': a speaker's own \"we are going to\" / \"I am going to\" + an "
    "act is \"we will\" said plainly (not \"not going to\", and never a thing or a trend \"going to\" happen)",
)


OWN_RESTRAINT = rule(
    "pledges.own-restraint",
    "\"his government would not send armed vessels into the shoals\", \"we will not fire on the convoys\": a side "
    "announcing that it will hold back its own force (use, fire, strike, send armed ships or troops into, deploy "
    "near, stop or search) or its own charges is a pledge; a refusal of a demand, a stance, one speaker's account "
    "of another side's, or a restraint on a condition (if, unless, until) is not",
)
# The restrained act: force used, armed men or ships sent in, ships stopped, charges raised.
_RESTRAINT = re.compile(
    r"\s+(?:\w+ly\s+)?(?:use\s+(?:the|its|their|our|this|that|any)\b[^,;]{0,60}?\b(?:for|against|as)\b"
    r"|fire\s+(?:on|at|upon|shots?|a\s+(?:single\s+)?shot)\b|(?:attack|strike|shell|bomb)\s+(?:the|any|a|civilian)\b"
    r"|(?:stop|search|board|seize)(?:\s+or\s+(?:stop|search|board|seize))?\s+(?:any|a|the|civilian|foreign)\b"
    r"|send\s+(?:any\s+)?(?:armed|military|war)[\w-]*\s+(?:\w+\s+)?(?:into|across|near)\b"
    r"|deploy\s+(?:any\s+)?(?:\w+\s+)?(?:troops|forces|soldiers|ships|vessels|missiles|weapons)\s+(?:near|along|into|across)\b"
    r"|(?:raise|increase)\s+(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?(?:charges|fees|tariffs|duties|tolls)\b)",
    re.IGNORECASE,
)
# The side holding back is the speaker's own: "we", "it"/"they" announced, "his government", "our navy".
_OWN_SIDE = re.compile(
    r"(?:we|it|they|(?:his|her|its|their|our)\s+(?:\w+\s+)?(?:government|country|side|forces|army|navy|troops|"
    r"soldiers|ships|vessels|military|city|town|coast guard|authorities|fighters|men|militias?|police|guards|units))",
    re.IGNORECASE,
)


OWN_UNITS_KEPT_BACK = rule(
    "pledges.own-units-kept-back",
    "\"Velmora says it will not deploy new units to the ridge\", \"her country would not move any of its own units "
    "into the area\": a side announcing it will keep its own units out of a place holds back its force, as in "
    "pledges.own-restraint (units, troops or ships moved, deployed or sent to or into a place)",
)
_UNITS_KEPT_BACK = re.compile(
    r"\s+(?:deploy|move|send|station|redeploy)\s+(?:any\s+)?(?:(?:of\s+)?(?:its|their|our|his|her)\s+)?(?:own\s+)?"
    r"(?:new\s+|more\s+|additional\s+|further\s+)?(?:units|troops|forces|soldiers|ships|vessels|brigades|battalions)\s+"
    r"(?:to|into|onto|near|along|across)\b",
    re.IGNORECASE,
)


NAMED_SIDE_HOLDS_BACK = rule(
    "pledges.named-side-holds-back",
    "\"Kessary will not use the corridor for military shipments\", \"Norland's envoy said Norland would not raise port "
    "fees\": a side named by its own name holding back its force or its charges is a pledge as in pledges.own-restraint, "
    "in the reporter's words or told by a speaker of that side (not one side's account of another's, nor a person: "
    "\"Brun will not raise fees\" is one official's stance)",
)


def _named_side(subject: str) -> bool:
    """A country or body named by a proper name only: "Kessary", "North Velmora", "the Amber Council"."""
    words = subject.strip().split()
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    if not words or len(words) > 3 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    if any(w.lower() in NOT_NAMES or w.lower() in PRONOUNS for w in words):
        return False
    return not _PERSON_NAME.fullmatch(" ".join(words))


# Two or three capitalised words read as a person's name ("Ada Brun"); a country is one word or ends in a body noun.
_PERSON_NAME = re.compile(
    r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){1,2}(?<!Council)(?<!Union)(?<!Republic)(?<!Kingdom)(?<!States)(?<!Government)"
    r"(?<!Ministry)(?<!Navy)(?<!Army)(?<!Authority)(?<!Commission)(?<!League)(?<!Federation)(?<!Islands)"
)


def _side_stem_in(side: str, text: str) -> bool:
    """The side's name or its adjective ("Estav" of "Estavia", "Estavian") is in the text."""
    stem = side.strip().split()[-1][:5]
    return bool(re.search(r"\b" + re.escape(stem), text, re.IGNORECASE))


NAMED_SIDE_BY_ITS_SPEAKER = rule(
    "pledges.named-side-by-its-own-speaker",
    "'Estavia's minister, Pel Orman, spoke ... He also said Estavia would not raise household tariffs': a named side's "
    "restraint told by a speaker the story placed on that side before (a title's side, \"Estavian Foreign Minister\") "
    "is that side's pledge, as when the side is named in the same sentence (not a speaker of no known side, nor of "
    "another)",
)


def _side_told(tail: str, before: str) -> str | None:
    """The named side of a restraint (NAMED_SIDE_HOLDS_BACK) that a speaker ahead of it tells, when the sentence does
    not place the speaker on it; None when nobody tells it or the sentence names the speaker's side."""
    subject = _subject(before)
    if subject is None or not _named_side(subject):
        return None
    if not (_RESTRAINT.match(tail) or (OWN_UNITS_KEPT_BACK and _UNITS_KEPT_BACK.match(tail)) or _held_back(tail)):
        return None
    ahead = before[: before.rfind(subject.strip())]
    if not (_announced(ahead) or _reporting_subject(ahead) or re.search(r"\b(?:that|said|says)\b", ahead)):
        return None
    return None if _side_stem_in(subject, ahead) else subject.strip()


CONTROLS_HELD_BACK = rule(
    "pledges.own-controls-held-back",
    "\"Norland said it would not issue any new licences until the survey is done\", \"will not charge any additional "
    "fee\", \"would not raise its domestic prices\", \"declared that they will not permit the use of their "
    "territories\": a side holding back what it alone grants, sells, charges or permits is a restraint like held-back "
    "force, and \"until\" gives the time it ends (not \"will not accept any\", \"will not pay any\": refusals)",
)
_CONTROLS_HELD = re.compile(
    r"\s+(?:\w+ly\s+)?(?:(?:issue|grant|register|sell|lease|export|license|licence)\s+any\b"
    r"|restrict\s+(?:\w+\s+){0,2}?(?:exports|imports|sales|supplies|shipments)\b"
    r"|permit\s+(?:the\s+use|any)\b"
    r"|charge\s+(?:any|an?)\s+(?:[\w-]+\s+){0,2}?(?:fees?|charges?|tolls?|levy|levies)\b"
    r"|raise\s+(?:its|their|the|our)\s+(?:\w+\s+)?(?:prices|rents|rates)\b)",
    re.IGNORECASE,
)


GROUND_NOT_LENT = rule(
    "pledges.not-allow-its-ground-used",
    "\"said Lessania would not allow its ports to be used as a base\", \"will not allow any force to use its territory\", "
    "\"would not allow armed herders to cross into Sabari\": a side refusing to let its ground be used, or people cross "
    "or enter, holds back what it alone permits, as a pledge (not \"will not allow Norland to dictate\": a stance, "
    "and not with a condition)",
)
_GROUND_NOT_LENT = re.compile(
    r"\s+(?:allow|permit|let)\s+(?:(?!to\b)[\w’'-]+\s+){1,6}?(?:to\s+be\s+(?:used|stored|dumped|turned|made|raised)\b"
    r"|to\s+use\s+(?:its|their|our|his|her)\s+(?:\w+\s+)?(?:territory|territories|soil|airspace|waters|ports?|land|bases?)\b"
    r"|to\s+(?:cross|enter|land|transit|pass|fly)\b)",
    re.IGNORECASE,
)


def _held_back(tail: str) -> bool:
    """A side's own controls held back (CONTROLS_HELD_BACK), or its ground not lent (GROUND_NOT_LENT)."""
    return bool(CONTROLS_HELD_BACK and _CONTROLS_HELD.match(tail)) or bool(GROUND_NOT_LENT and _GROUND_NOT_LENT.match(tail))


OWN_OFFICE_HOLDS_BACK = rule(
    "pledges.own-office-holds-back-its-charges",
    "\"Sarnia's education minister said her ministry would not charge any enrolment fee to refugee families\": a "
    "speaker's own ministry, embassy, department or agency holding back the charges or licences it alone controls is "
    "the side's restraint, as \"her government\" is (only for those controls, not for force)",
)
_OWN_OFFICE = re.compile(r"(?:his|her|its|their|our)\s+(?:\w+\s+)?(?:ministry|embassy|department|agency|administration)", re.IGNORECASE)


KEPT_FROM_HAPPENING = rule(
    "pledges.will-not-let-it-happen",
    "'\"We will not let the agreement lapse\"', \"said it will not permit gravel extraction near the border\", \"will never "
    "allow any force to use its territory against\": a side saying it will not let a thing it keeps going end, or "
    "permit an activity or the use of its territory, binds itself as a restraint does (not \"will not let that "
    "happen\", \"will not allow third countries to dictate\": a stance)",
)
# What a side keeps from happening: a thing it keeps going ending, an activity permitted, its territory used.
_KEPT_FROM_HAPPENING = re.compile(
    r"\s+(?:let|allow|permit)\s+(?:(?:the|this|our|its|their|any)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:lapse|close|go\s+out|expire|collapse|run\s+out|fall\s+apart)\b"
    r"|(?:any\s+(?:[\w-]+\s+){0,2}?to\s+use\s+|the\s+use\s+of\s+)(?:its|their|our)\s+(?:own\s+)?territor(?:y|ies)\b"
    r"|(?:[\w-]+\s+){0,2}?(?:extraction|mining|drilling|dumping|logging)\b)",
    re.IGNORECASE,
)


def _own_restraint(tail: str, before: str, in_quote: bool) -> bool:
    """ "will not" + a restrained act, said by the side of itself, with no condition in its clause (OWN_RESTRAINT)."""
    controls = _held_back(tail)
    restrained = _RESTRAINT.match(tail) or (OWN_UNITS_KEPT_BACK and _UNITS_KEPT_BACK.match(tail)) or controls
    restrained = restrained or (KEPT_FROM_HAPPENING.on and _KEPT_FROM_HAPPENING.match(tail) is not None)
    condition = r"\b(?:if|unless|provided|as long as they|so long as they)\b" if controls else (
        r"\b(?:if|unless|until|provided|as long as they|so long as they)\b"
    )
    if not restrained or re.search(condition, _clause_end(tail), re.I):
        return False
    subject = _subject(before)
    if subject is not None and NAMED_SIDE_HOLDS_BACK and _named_side(subject):
        # "Kessary will not use the corridor ...": the side is named; told by a speaker, only of the speaker's own
        # side ("Estavia's envoy said Estavia would not ..."), never one side's account of another's
        return _side_told(tail, before) is None or _side_stem_in(subject, before[: before.rfind(subject.strip())])
    if subject is None or not (
        _OWN_SIDE.fullmatch(subject.strip()) or (OWN_OFFICE_HOLDS_BACK and controls and _OWN_OFFICE.fullmatch(subject.strip()))
    ):
        return False
    if subject.lower() == "we":
        return in_quote
    return in_quote or _announced(before)


EMPHATIC_RESTRAINT = rule(
    "pledges.emphatic-restraint-in-a-quote",
    "'\"We will not approve a single new gas field\"', '\"My government will not put a single one of these boys on "
    "trial\"': a speaker's own side saying in a quote it will not do an act even once ('a single', 'another', 'one more') "
    "binds itself, as a pledge; a refusal (accept, pay, sign, give, recognise ...), another side's restraint, the "
    "reporter's words or a condition (if, unless) are not",
)
_EMPHATIC = re.compile(
    r"\s+(?!(?:accept|pay|sign|recogni[sz]e|tolerate|negotiate|give|cede|surrender|apologi[sz]e|take|hear|answer|"
    r"comment|say|agree|yield|bow|back|support|endorse|join|lose|waste|wait)\b)"
    r"[a-z]+\s+(?:a\s+single|another|one\s+more)\b",
)


def _emphatic_restraint(tail: str, before: str, in_quote: bool) -> bool:
    """ "will not" + an act + "a single"/"another"/"one more", said in a quote by the speaker's own side
    (EMPHATIC_RESTRAINT)."""
    if not in_quote or not _EMPHATIC.match(tail):
        return False
    if re.search(r"\b(?:if|unless|provided)\b", _clause_end(tail), re.I):
        return False
    if OWN_BODY_IN_A_QUOTE and _own_body(before):
        return True  # "My government will not ...": _subject reads only "government"
    subject = _subject(before)
    return subject is not None and subject.strip().lower() == "we"


REFRAIN_FROM = rule(
    "pledges.agreed-to-refrain",
    "\"Under the deal, both governments would refrain from issuing new licences\", \"agreed ... that both sides would "
    "refrain from new patrols\": refraining from an act, under an agreement or as its terms are reported, binds the "
    "sides (also a later clause of the sentence, after a schedule agreed in the first)",
)
_REFRAIN = re.compile(r"\s+from\s+(?:\w+ly\s+)?[a-z]+ing\b")
_TERMS_BEFORE = re.compile(
    r"\b(?:agreed|agree|under (?:the|its|their|this|that) (?:[\w-]+ )?(?:agreement|deal|accord|treaty|pact|text|terms|"
    r"ceasefire|truce|arrangement|memorandum))\b",
    re.IGNORECASE,
)


def _refrain_agreed(match: re.Match[str], before: str) -> bool:
    """ "would/will refrain from ...ing" by the sides of an agreement: "agreed ... that", "under the deal", or the
    terms reported after it ("..., the statement said")."""
    if match.group("verb").lower() != "refrain" or not _REFRAIN.match(match.group("tail")):
        return False
    reported = re.search(r",\s+(?:[\w’'.-]+\s+){0,5}?(?:said|says|stated|states|added)\b[^,;]*$", match.group("tail"))
    return bool(_TERMS_BEFORE.search(before) or reported)


WOULD_SAID_AFTER = rule(
    "pledges.would-said-after",
    "\"Norland would provide 200 police officers by June, she added.\": a side's \"would\" in reported speech whose "
    "speaker is named after it, at the sentence's end, is announced as one before it is",
)
_TAG_AFTER = re.compile(
    r",\s+(?:(?:[\w’'.-]+\s+){0,6}?[\w’'.-]+)\s+(?:said|says|added|adds|announced|confirmed|stated)"
    r"(?:\s+(?:on\s+)?\w+day|\s+in\s+a\s+statement|\s+on\s+\w+)?\s*[.!]?\s*$"
)


TAG_WITH_ITS_VENUE = rule(
    "pledges.tag-with-its-venue",
    "\"Norland would pay 40 percent of the costs, the ministries said in a joint statement\", \"..., she said at a news "
    "conference in Vel\": a speech tag that names where it was said (a joint statement, a letter, a news conference) "
    "is still the tag that makes \"would\" an announced act (an analyst's tag stays a forecast)",
)
_TAG_VENUE = re.compile(
    r",\s+(?:(?:[\w’'.-]+\s+){0,6}?[\w’'.-]+)\s+(?:said|says|added|adds|announced|confirmed|stated)"
    r"(?:\s+(?:on\s+)?\w+day)?\s+(?:in\s+a\s+(?:[\w-]+\s+){0,2}?(?:statement|communiqu[ée]|letter|release|readout)"
    r"|at\s+a\s+(?:[\w-]+\s+){0,2}?(?:news conference|press conference|briefing))(?:\s+(?:in|on)\s+[\w\s-]{1,30}?)?\s*[.!]?\s*$"
)


def _tag_after(tail: str) -> bool:
    """The clause ends with its speaker and a speech verb: "..., she added.", "..., the ministry said on Monday." (an
    analyst or an onlooker there makes a forecast, which FORECAST_AFTER and the hedges keep out)."""
    tag = _TAG_AFTER.search(tail) or (_TAG_VENUE.search(tail) if TAG_WITH_ITS_VENUE else None)
    return tag is not None and not _ONLOOKER_SAYS.search(tag.group(0))


HAVE_IN_PLACE = rule(
    "pledges.have-in-place-by",
    "'\"We will have the first 500 officers in post by September,\" he said': people or things a side \"will have\" in "
    "post, in place or ready by a time is a deployment it commits to (not \"will have to\", \"will have a deal\", or "
    "one with no time)",
)
_IN_PLACE = re.compile(
    r"\s+(?!to\b)(?:[\w’',-]+\s+){1,8}?(?:in post|in place|in position|on the ground|up and running|operational|"
    r"ready|in service|on duty|deployed|installed|working|running|in operation)\b(?P<rest>[^;]*)"
)


STATE_DUE = rule(
    "pledges.state-promised-with-its-time",
    "\"Kallas said the shelters would be ready before the end of the month\", \"said every primary school would have "
    "internet access by September\": a state the speaker's side promises people (ready, open, free, available; what "
    "every one of them will have), with the time it is due, announced or in a speaker's words, is a pledge of that "
    "side (not a forecast, a condition, or a state with no time)",
)
_STATES_DUE = frozenset("ready open free available operational".split())


def _state_due(
    verb: str, rest: str, before: str, after: str, in_quote: bool, held_as: str | None = None
) -> tuple[str, str] | None:
    """Who promises a state with its time, and the state ("the shelters to be ready ..."), or None (STATE_DUE);
    `held_as` is what is held when the caller read it already (THING_ARRIVES)."""
    clause = _clause_end(rest)
    if not _time_given(clause) or _PREDICTED.search(before) or _FORECAST_AFTER.search(after) or _CRITICS.search(before):
        return None
    if re.search(r"\b(?:if|unless|provided|once)\b", after):
        return None  # "would be open if the talks succeed": a condition
    announced = in_quote or _announced(before[-120:]) or _said_after(after) is not None
    if not announced:
        return None
    before = re.sub(r",\s+(?:for|of|in|on|at|from|with)\s+[^,]{1,60},\s*$", " ", before)  # an aside
    actor = _reporting_subject(before) or _subject(before) or ""
    held = held_as or _passive_subject(before)
    if in_quote or actor.lower() == held.lower():
        actor = "we" if in_quote else (_said_after(after) or "")
    relayed = re.search(r"\bfrom\s+((?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)\s+that\s+[^,;]*$", before)
    if relayed:
        actor = relayed.group(1)  # "a clear message from Arvo that the crew will be free": Arvo's word, relayed
    if not actor or not held or _NOTHING.match(held) or held.lower() in ("it", "they", "this", "that"):
        return None
    held = re.sub(r"^(?:The|A|An|Its|Their|Our|This|These|Those|Every|All|Each)\b", lambda m: m.group(0).lower(), held)
    return actor, _clause_end(f"{held} to {verb}{rest}")


THING_ARRIVES = rule(
    "pledges.thing-arrives-with-its-time",
    "\"the ministry said the first gas would flow within ten days\", '\"The engineers will be on the ground this "
    "year,\" she said', \"said the cameras would be back in operation by October\": what a side sends or runs "
    "(ships, gas, crews, machines) arriving, flowing, resuming, coming back or in place, with the time it is due, "
    "announced by the side's speaker or in their words, is that side's pledge (not with a named side or a body as the "
    "subject, not an event's start, a forecast, a condition, or with no time)",
)
ARRIVAL_UNDER_TERMS = rule(
    "pledges.arrival-under-the-terms",
    "\"Direct flights between the two capitals will resume on 3 June, according to the text\", \"Under the accord, the "
    "first ferries will arrive by May\": a thing arriving or back in place with its time, under a signed text, binds "
    "the text's parties as its passive acts do (not \"would\", the reporter's account of what a deal would do, nor "
    "on a condition)",
)
_ARRIVALS = frozenset("arrive flow resume reopen return".split())
# "will be (back) in place", "will come back", "would be home": a thing or crew in place again, read as a state due.
_IN_PLACE_AGAIN = re.compile(
    r"\s+(?:back\s+)?(?:in place|in operation|in service|on the ground|on site|in position|operational|home)\b|\s+back\b"
    r"|\s+on\s+(?:its|their|our|his|her)\s+way\s+(?:home|back)\b"
)
_ARRIVAL_OPENERS = frozenset("the its their his her our a an all every each some".split())
_HEAD_IN_A_PLACE = re.compile(
    r"(?:(?:^|[\s\"“])((?i:the|its|their|his|her|our)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*\s+(?:in|at|on|for|from|of|between)\s+"
    r"(?:the\s+)?)|(?:^|,\s)\W*((?:[A-Za-z][\w-]*\s+){0,2}?[a-z][\w-]*\s+(?:in|at|on|for|from|of|between)\s+(?:the\s+)?))$"
)


def _thing_arrives(verb: str, tail: str, before: str) -> str | None:
    """What arrives or is in place again, when it is a thing or crew a side sends, not a side or body that acts on
    its own nor weather or a market (THING_ARRIVES): "the remaining pillars in the Brod sector", kept whole."""
    if verb in _ARRIVALS:
        if verb in ("return", "reopen") and re.match(r"\s+(?:the|its|their|our|his|her|a|an|all|\d)", tail):
            return None  # "would return the boats": an act with an object, read as any act
    elif not ((verb == "be" and _IN_PLACE_AGAIN.match(tail)) or (verb == "come" and re.match(r"\s+(?:back|home)\b", tail))):
        return None
    held = _subject(before) or ""
    head = _HEAD_IN_A_PLACE.search(before[: len(before.rstrip()) - len(held)]) if held and before.rstrip().endswith(held) else None
    if head is None and held and re.search(r"\b(?:in|at|on|of|for|from|to|between|with)\s*$", before.rstrip()[: -len(held)]):
        return None  # "growth in the valley will return": a phrase's object, its head unread
    if re.search(r"\b(?:not|cannot|never|no)\b|n[’']t\b", before[-80:]):
        return None  # "I cannot give you my word that the crossing will reopen": an assurance refused
    opening = (head.group(1) or head.group(2)) if head is not None else ""
    bare = head is not None and head.group(2) is not None and not re.search(r"['’]s\b", opening)  # "Direct flights between"
    held = opening + held  # "the pillars in the Brod sector", "Direct flights between ...": the pillars, the flights
    words = held.split()
    if len(words) < 2 or (words[0].lower() not in _ARRIVAL_OPENERS and not bare) or _NOTHING.match(held):
        return None  # "Norland will return", "it will be back": a side or a pronoun, read as before
    noun = (opening.split()[-3 if opening.split()[-1] == "the" else -2] if opening else words[-1]).lower()  # "pillars" in "pillars in the"
    if noun in _GROUP_WORDS or noun in BOUND_COLLECTIVES or (head is None and words[-1][:1].isupper()):
        return None  # "the government will return", "the Commission will be in place": a body acting
    if noun in THINGS_NOBODY_SENDS or _EVENT_SUBJECT.search(before) or _TALK_NOUNS.search(held.lower()):
        return None  # "the rains will arrive in June", "the talks will resume": weather, markets and events
    return held


def _unnamed_announcer(actor: str) -> bool:
    """ "officials", "Western diplomats": a plural with no one named behind it answers for no arrival (THING_ARRIVES)."""
    words = actor.split()
    return bool(words) and words[-1].islower() and words[-1].endswith("s") and words[0].lower() not in ("the", "its", "their")


def _had_in_place(tail: str) -> bool:
    """ "will have" + what + "in post/in place/ready" + the time it is due."""
    placed = _IN_PLACE.match(tail)
    return placed is not None and _time_given(_clause_end(placed.group("rest")))


EXPLETIVE_IT = rule(
    "actors.it-was-announced-that",
    "\"It was announced that a memorandum would be signed by the two sides\": the \"it\" of \"it was announced that\" "
    "is nobody; the passive's agent after \"by\" acts, and with none (or with no thing acted on read) there is no "
    "pledge",
)
_EXPLETIVE_IT = re.compile(r"\s*It\s+(?:was|is|has been|had been|will be)\s+(?:\w+ly\s+)?\w+ed\b(?:\s+[\w,]+){0,5}?\s+that\b")
_PASSIVE_AGENT = re.compile(
    r"\s+by\s+(?P<agent>(?:the|both|all|its|their)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+?)"
    r"(?=\s+(?:before|by|in|on|within|until|after|during|from|at|next|this|no later)\b|\s*[,.;]|\s*$)"
)
PASSIVE_BY_NAMED_AGENT = rule(
    "actors.passive-by-a-named-side",
    "\"The bridge will be financed by Dalstan\", \"the costs would be paid by the two governments\": a side named "
    "after \"by\" in an announced passive is who acts, whoever reports it (\"by Friday\", \"by March\" are times)",
)
_NAMED_AGENT = re.compile(
    r"\s+by\s+(?P<agent>(?:the\s+)?(?:[A-Z][\w’'-]+\s+(?:of\s+)?){0,3}?[A-Z][\w’'-]+|"
    r"(?:the|both)\s+(?:two\s+|three\s+|\w+\s+)?(?:governments|sides|countries|states|parties|ministries))"
    r"(?=\s+(?:before|by|in|on|within|until|after|during|from|at|next|this|no later|and|with)\b|\s*[,.;]|\s*$)"
)
_NOT_AGENTS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Christmas Easter Ramadan Year End".split()
)
NOTHING_WILL_BE = rule(
    "pledges.nothing-will-be-done",
    "\"Nothing will be lifted until the terms are met\", \"no troops will be withdrawn\": a passive whose subject is "
    "nothing or no one is a refusal, not a commitment",
)
_NOTHING = re.compile(r"(?i:nothing|none|no one|nobody|no)\b")
# "no", "none of the", "not one of our", "nobody" opening the passive's subject, and the words of its noun phrase.
_NEGATION_OPENS = re.compile(
    r"(?:^|(?<=[\s\"“‘(]))(?P<phrase>(?:no\s+one|nobody|nothing|none|no|not\s+(?:one|a\s+single)|neither)\b[^,;:.!?\"“”]*?)\s*$",
    re.IGNORECASE,
)
# Words that end a noun phrase or open a clause: "no sign the men", "no later than", "no more than fifty".
_NOT_IN_SUBJECT = frozenset(
    """said says say told will would shall can could may might must that which who whom whose when where if and but
    or than later longer sooner more less doubt matter way reason sign chance guarantee question is are was were be
    been has have had""".split()
)


def _negated_subject(before: str) -> str | None:
    """The passive's subject when a negation opens it ("no civilian", "none of the detainees"), else None."""
    match = _NEGATION_OPENS.search(before)
    if match is None:
        return None
    words = match.group("phrase").split()
    first = 2 if words[0].lower() == "not" or words[:2] == ["no", "one"] or words[:2] == ["No", "one"] else 1
    rest = [w.lower() for w in words[first:]]
    if len(rest) > 6 or any(w in _NOT_IN_SUBJECT for w in rest):
        return None
    if any(w in ("the", "a", "an") and (i == 0 or rest[i - 1] != "of") for i, w in enumerate(rest) if i or first > 1):
        return None  # "no sign the men": a clause after the noun, not a subject opened by "no"
    return match.group("phrase").strip()


NEGATION_KEPT = rule(
    "pledges.negation-kept-in-a-passive",
    "'\"No new permit will be signed while the inquiry sits,\" she said': a passive whose subject opens with no, "
    "none of or nobody names an act that will not be done; the commitment keeps the negation (\"no new permit to be "
    "signed\"), never the act turned round (\"sign new permit\")",
)


NO_ONE_HARMED = rule(
    "pledges.no-one-will-be-harmed",
    "'\"No person will be returned against their will,\" the minister said', \"the government said no protester "
    "would be punished\": a guarantee that people will not be deported, detained, punished or left behind, in a "
    "speaker's words or announced, is a pledge of the side that could do it (not things or money withheld, a "
    "forecast, or one on a condition: \"until\", \"unless\")",
)


NO_ONE_WHO_HARMED = rule(
    "pledges.no-one-who-will-be-harmed",
    "'\"Nobody who wants to leave will be left behind,\" she said', '\"No citizen who wants to come home will be left "
    "behind\"': a relative clause after the people negated narrows the guarantee as \"without\" does; the side that "
    "could leave them behind pledges (not a forecast, a condition or things withheld)",
)
# "nobody who wants to leave", "no Halvey citizen who wants to come home": the negated people, then who they are.
_NEGATED_WHO = re.compile(
    r"(?:^|(?<=[\s\"“‘(]))(?P<phrase>(?:no\s+one|nobody|no\s+(?:[\w’'-]+\s+)?[\w’'-]+)\s+(?:who|that)(?:\s+[\w’'-]+){1,6})\s*$",
    re.IGNORECASE,
)


def _no_one_harmed(verb: str, tail: str, before: str, after: str, in_quote: bool) -> tuple[str, str] | None:
    """Who guarantees, and the guarantee ("no civilian to be evicted from the old quarter"), or None (NO_ONE_HARMED)."""
    passive = re.match(r"\s+(\w+)", tail) if verb == "be" else None
    negated = _negated_subject(before) if passive is not None else None
    narrowed = None  # the negated people with the relative clause that says which ("nobody who wants to leave")
    asked = before  # where a hedge would stand: never inside the relative ("who wants to leave" is no wish of the side)
    if passive is not None and negated is None and NO_ONE_WHO_HARMED:
        who = _NEGATED_WHO.search(before)
        if who is not None:
            narrowed, asked = who.group("phrase"), before[: who.start()]
            negated = re.split(r"\s+(?:who|that)\s", narrowed, maxsplit=1, flags=re.IGNORECASE)[0]
    if passive is None or negated is None or _hedged(asked) or _THREAT_REPORT.search(before):
        return None
    participle, rest = passive.group(1).lower(), tail[passive.end() :]
    following = rest.split()
    act = participle
    particle = following[0].lower().rstrip(".,;:!?") if following else ""  # "left behind." ends a sentence
    if particle and f"{participle} {particle}" in HARMS_TO_PEOPLE:
        act = f"{participle} {particle}"  # "sent back", "left behind"
    if act not in HARMS_TO_PEOPLE:
        return None
    words = negated.lower().split()
    of = words.index("of") if "of" in words[1:] else len(words)
    head = (words[of - 1] if of > 1 and words[of - 1] not in ("none", "one") else words[-1]).strip("’'")
    if head not in PEOPLE_NOUNS:
        return None  # "no money will be returned": a refusal to give something
    return _guarantor(narrowed or negated, participle, rest, before, after, in_quote)


def _guarantor(acted_on: str, participle: str, rest: str, before: str, after: str, in_quote: bool) -> tuple[str, str]:
    """Who answers for what is done to people, and the act ("no civilian to be evicted ..."); an empty actor when
    nobody does: a condition, a forecast, or the reporter's own words with no speaker."""
    clause = _clause_end(rest)
    if re.search(r"\b(?:if|unless|until|provided|once)\b", clause, re.IGNORECASE):
        return "", ""  # "no one will be arrested until the inquiry ends": a condition, not a guarantee
    if _PREDICTED.search(before) or _FORECAST_AFTER.search(after) or _CRITICS.search(before) or _ONLOOKER_SAYS.search(before):
        return "", ""  # "Analysts said no one would be prosecuted": a forecast
    actor = "we" if in_quote else (_reporting_subject(before) if _announced(before) else _said_after(after)) or ""
    acted_on = acted_on[0].lower() + acted_on[1:]
    return actor, _clause_end(f"{acted_on} to be {participle}{rest}")


EVERY_PERSON_CARED_FOR = rule(
    "pledges.every-person-will-be-cared-for",
    "'\"Every person who crosses will be registered,\" the border chief said': what a side says will be done for "
    "every one of a group of people (registered, housed, released, compensated) is its pledge, in a speaker's words "
    "or announced, even with no time given (not a harm: \"every one who crosses will be arrested\" is a threat)",
)
# "every person", "each family who returns", "all the prisoners that": a universal over people, a relative after it.
_EVERY_PERSON = re.compile(
    r"(?:^|(?<=[\s\"“‘(]))(?P<phrase>(?:every|each|all(?:\s+of)?(?:\s+the|\s+our|\s+its|\s+their)?)\s+(?:[a-z-]+\s+)?"
    r"(?P<head>[a-z]+)(?:\s+(?:who|that|which)(?:\s+[\w’'-]+){1,5})?)\s*$",
    re.IGNORECASE,
)


def _every_person_cared_for(verb: str, tail: str, before: str, after: str, in_quote: bool) -> tuple[str, str] | None:
    """Who answers for an act done for every one of a group of people, and the act (EVERY_PERSON_CARED_FOR)."""
    passive = re.match(r"\s+(\w+)", tail) if verb == "be" else None
    every = _EVERY_PERSON.search(before) if passive is not None else None
    if passive is None or every is None or every.group("head").lower() not in PEOPLE_NOUNS:
        return None
    participle = passive.group(1).lower()
    if participle not in CARE_FOR_PEOPLE or _hedged(before) or _THREAT_REPORT.search(before):
        return None
    return _guarantor(every.group("phrase").strip(), participle, tail[passive.end() :], before, after, in_quote)
DATED_PASSIVE = rule(
    "pledges.dated-passive-act",
    "\"the rest of the guards would be hired by the summer\", \"the grants are to be awarded before June, the fund said\", "
    "'\"Every lorry will be weighed before Friday,\" the minister said': an act in the passive with a time it is due, "
    "announced by a speaker or in a speaker's words, commits the speaker's side (not a state, an event or a forecast)",
)
# Participles that name a state, a feeling or an event held rather than an act the speaker's side does.
_NOT_PASSIVE_ACTS = frozenset(
    """
    affected expected needed required concerned pleased disappointed surprised interested involved based located
    scheduled planned postponed delayed debated discussed attended televised broadcast buried remembered considered
    asked invited welcomed joined followed called named elected chaired hosted decided known seen used treated
    determined prepared inaugurated celebrated marked held watched reached finished tied linked limited
    counted cancelled canceled deemed construed interpreted governed entitled obliged permitted bound
    """.split()
)


DATED_PASSIVE_IRREGULAR = rule(
    "pledges.dated-passive-irregular",
    "\"a field hospital would be set up within days, she said\", \"a new constitution will be put to a referendum "
    "next spring, he added\": an irregular participle of an act (set up, put to, frozen, spent, drawn up, brought "
    "home) is read as a dated passive act is (not \"the date will be set\", \"the matter was put aside\")",
)
# Irregular participles of acts, with the particle that makes them one ("set up", not a date "set").
_IRREGULAR_ACT = re.compile(
    r"(?:set\s+up|put\s+(?:to|into|in place|before)|frozen|spent|shut\s+down|drawn\s+up|brought\s+(?:home|back|in)|"
    r"sold|lent|written\s+off|torn\s+down|dug)\b"
)


WORKS_FINISHED = rule(
    "pledges.works-finished-by-a-date",
    "\"the wall would now be finished by the end of June\", \"the work would be finished by the end of March\": works "
    "\"finished\" by a date, announced, are an act as \"completed\" is (not \"finished with\", nor a state: \"the "
    "talks are finished\" has no time it is due)",
)


def _not_an_act(participle: str, rest: str) -> bool:
    """A participle of a state or an event, not an act (`_NOT_PASSIVE_ACTS`); "finished" by a date is an act
    (WORKS_FINISHED), "finished with" is not."""
    if WORKS_FINISHED and participle == "finished" and not re.match(r"\s+with\b", rest):
        return False
    return participle in _NOT_PASSIVE_ACTS


def _dated_passive(participle: str, rest: str, before: str, after: str, in_quote: bool) -> bool:
    """An act in the passive with its deadline, in a speaker's words or announced (DATED_PASSIVE)."""
    irregular = DATED_PASSIVE_IRREGULAR and _IRREGULAR_ACT.match(participle + rest) is not None
    if not (participle.endswith("ed") or irregular) or _not_an_act(participle, rest) or participle in _ACTION_PASSIVES:
        return False
    clause = _clause_end(rest)
    if not clause or find_deadline(clause) is None or _agent(clause):
        return False  # no time the act is due; "will be ratified by parliament in June": another body acts
    if _PREDICTED.search(before) or _FORECAST_AFTER.search(after) or (CRITICS_PREDICT and _CRITICS.search(before)):
        return False
    if re.search(r"\b(?:if|unless|provided)\b", after):
        return False  # "would be capped by June if parliament agrees": a condition
    return in_quote or _announced(before[-120:]) or _said_after(after) is not None


PASSIVE_BY_A_BODY = rule(
    "actors.passive-by-a-body",
    "\"Seats will be allocated by the consular office\", \"the prisoners will be handed over by the Red Cross\", \"the "
    "ban would be enforced by joint patrols, she said\": an act in an announced passive whose agent after \"by\" is a "
    "body that acts for a side (a ministry, a treasury, an office, a firm, a force, monitors) is that body's pledge "
    "(not a parliament or a court that must approve, a state or an event, a condition, or words in a quote)",
)
# The head noun of a body that acts for a side, after "by the", "by a", "by <Side>'s": "the Varnoui treasury".
_ACTING_BODY = (
    r"(?:ministry|ministries|treasury|office|secretariat|council|company|companies|firm|firms|force|forces|patrols|"
    r"monitors|observers|agency|agencies|government|governments|police|army|navy|coastguard|authorities|department|"
    r"embassy|consulate|commission|committee|operator|contractor|contractors|engineers|troops|mission|board|"
    r"Red\s+Cross|Red\s+Crescent)"
)
_BODY_AFTER_BY = re.compile(
    r"(?P<particle>\s+(?:over|out|up|back|off|down))?\s+by\s+(?P<agent>(?:the|a|an|its|their|both|two|joint|"
    r"[A-Z][\w-]*(?:['’]s|s['’]))\s+(?:[\w’'-]+\s+){0,4}?" + _ACTING_BODY + r"(?:\s+[A-Z][\w-]+)?)\b"
    r"(?!\s+of\s+[a-z])"
)
# Participles whose passive with a body after "by" is not that body's act for its side: approval by another body,
# a judgement, a visit, leadership or a harm.
_NOT_ACTS_BY_A_BODY = _NOT_PASSIVE_ACTS | frozenset(
    """led headed accompanied opposed supported backed criticised criticized hit blocked vetoed ratified approved
    reviewed examined rejected accepted endorsed questioned challenged received greeted briefed told informed
    urged pressed given""".split()
)


def _passive_by_a_body(
    participle: str, rest: str, before: str, after: str, in_quote: bool, aux: str
) -> tuple[str, str] | None:
    """The body and its act when an announced passive names a body acting for a side after "by" (PASSIVE_BY_A_BODY)."""
    if not PASSIVE_BY_A_BODY or in_quote or aux not in ("will", "would", "shall", "is to", "are to"):
        return None
    if participle in _NOT_ACTS_BY_A_BODY or not (participle.endswith("ed") or participle in _IRREGULAR_BY_A_BODY):
        return None
    found = _BODY_AFTER_BY.match(rest)
    if found is None or re.search(r"\b(?:if|unless|provided)\b", after):
        return None
    if PASSIVE_BY_NAMED_AGENT and not found.group("particle") and _NAMED_AGENT.match(rest):
        return None  # "will be signed by the two governments": read as a side named after "by" is
    acted_on = _passive_subject(before)
    if not acted_on or _NOTHING.match(acted_on) or acted_on.lower() in ("it", "they"):
        return None
    acted_on = re.sub(r"^(?:The|A|An|Its|Their|This|These|Those|Every|All)\b", lambda m: m.group(0).lower(), acted_on)
    particle, rest = found.group("particle") or "", rest[found.end() :]
    base = _ACTION_PASSIVES.get(participle) or _REDRESS_AND_STAFF.get(participle)
    if base is not None:  # "will be paid by the treasury": "pay the compensation", as a named side's passive reads
        return found.group("agent"), _clause_end(f"{base}{particle} {acted_on}{rest}")
    return found.group("agent"), _clause_end(f"{acted_on} to be {participle}{particle}{rest}")


_IRREGULAR_BY_A_BODY = frozenset("run built paid sent cut given set held spent sold lent carried".split())


def _agent(clause: str) -> bool:
    """A passive's agent named after "by" ("by parliament", "by thirty leaders"), not a time ("by Friday")."""
    for by in re.finditer(r"\bby\s", clause):
        when = find_deadline(clause[by.start() :])
        if when is None or not clause[by.start() :].lower().startswith(when.lower()):
            return True
    return False


def _said_after(after: str) -> str | None:
    """Who is named as saying a clause after it: "..., the Norland fund said in a statement"."""
    said = _SAID_AFTER.search(after)
    if said is None or _ONLOOKER_SAYS.search(said.group(0)):
        return None
    return said.group("who")


# A speech verb (and its time, and "that") right before the clause it reports: "said on Monday that it ...".
_SPEECH_VERB_THEN = (
    r"\b(?:said|says|announced|announces|added|told \w+|declared|confirmed|stated)(?: on \w+| \w+day)?(?: that)?"
)
SHARED_PRONOUN = rule(
    "actors.pronoun-shared-by-two-verbs",
    "\"X said it had 60 trucks loaded and would send the first convoy\": the pronoun after the speech verb is the "
    "subject of the \"would\" joined to its verb by \"and\" (not across a comma, \"but\" or a condition)",
)
_SHARED_PRONOUN = re.compile(
    _SPEECH_VERB_THEN + r" (?P<pronoun>it|they|he|she)\s+(?:(?!\b(?:and|but|or|said|says|if|unless|because|while|when|that|which|who)\b)"
    r"[^,;:.!?\"“”])+\band\s*$"
)


def _shared_pronoun(before: str) -> str | None:
    """The pronoun a reported clause opens with, when the "will" is of a second verb joined by "and"."""
    match = _SHARED_PRONOUN.search(before) if SHARED_PRONOUN else None
    return match.group("pronoun") if match else None


SHARED_REPORTED_SUBJECT = rule(
    "actors.reported-subject-shared-across-a-done-act",
    "\"said his government had signed in good faith and would open two corridors\", \"says army engineers have cleared "
    "the main roads and will finish the side roads\", 'saying it had \"met its obligations\" and would grant': the "
    "subject of a reported clause whose first verb tells what was done (had, has, have) is the subject of the \"will\" "
    "or \"would\" joined to it by \"and\", across numbers and quoted words (not a comma, \"but\" or a condition; not "
    "talks turning to their next item: \"had agreed on the route and would turn to the other side\")",
)
# Talks moving on to their next item: "would turn to the Korsk side on Tuesday" is a schedule.
_NEXT_ITEM = re.compile(r"(?:turn|proceed|(?:move|go)\s+on)\s+to\b")
_SHARED_REPORTED_SUBJECT = re.compile(
    r"\b(?:said|says|saying|announced|added|told \w+|declared|confirmed|stated)(?: on \w+| \w+day)?(?: that)? "
    r"(?P<subject>it|they|he|she|(?:(?:his|her|its|their|the|[A-Z][\w-]*['’]s)\s+)?(?:[\w-]+\s+){0,2}?[a-z][\w-]+)"
    r"\s+(?:had|has|have)\s+"
    r"(?:(?!\b(?:and|but|or|said|says|if|unless|because|while|when|that|which|who|not|never)\b)(?:[^,;:.!?]|(?<=\d),(?=\d)))+"
    r"\band\s*$"
)


def _shared_reported_subject(before: str) -> str | None:
    """The reported clause's subject when the "will" is of a second verb joined by "and" to a done act."""
    match = _SHARED_REPORTED_SUBJECT.search(before) if SHARED_REPORTED_SUBJECT else None
    if match is None:
        return None
    subject = match.group("subject")
    return None if subject.split()[-1].lower() in AUXILIARIES | SPEECH_VERBS else subject


ACT_BEGINS = rule(
    "pledges.announced-act-begins",
    "\"the withdrawal would begin in June\", \"a ceasefire between X and Y will take effect at midnight, the mediators "
    "said\": an act named by its noun, announced to start, commits the side that announces it or the sides it is "
    "between (not talks or a session starting, nor a forecast)",
)
_ACT_SUBJECT = re.compile(
    r"(?:^|[\s,;:\"“])(?P<np>(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?P<head>[\w-]+(?:al|ion|ment)s?|exchange|release|ceasefire|truce|handover|hand-over|pullback|pull-?out|freeze|"
    r"halt|ban|repairs|works)(?P<post>\s+(?:of|from|between|to|in|on|at|for)\s+[^,;:()\"“”]{1,60}?)?)\s*$"
)
_ACT_BEGINS = re.compile(r"\s+(?:begin|start|take effect|come into force|enter into force|be completed|be finished)\b")
_SAID_AFTER = re.compile(r",\s+(?P<who>(?:[\w’'.-]+\s+){0,6}?[\w’'.-]+)\s+(?:said|says|announced|confirmed|stated)\b[^,;]*$")


def _act_begins(sentence: str, match: re.Match[str], before: str) -> _Candidate | None:
    """An act named by its noun that will begin, announced (ACT_BEGINS): "said the handover would start on Monday"."""
    aux = _plain_aux(match.group("aux").lower()) or ""
    if aux not in ("will", "would", "shall", "is to", "are to") or not _ACT_BEGINS.match(sentence, match.end("aux")):
        return None
    if re.match(r"\s+\w+\s+(?:to\s+[a-z]+|[a-z]+ing)\b", sentence[match.end("aux") :]):
        return None  # "the population would start to decline", "will start falling": a change, not an act
    subject = _ACT_SUBJECT.search(before)
    if subject is None or _TALK_NOUNS.search(subject.group("head")) or re.search(r"(?i)\belection", subject.group("head")):
        return None  # "the talks will begin", "the session will start": schedules
    if not subject.group("post") and re.search(r"(?:al|ion|ment)s?$", subject.group("head")):
        return None  # "the celebration would start at noon": a noun in -ion names an act only with what it acts on
    head = before[: subject.start("np")]
    said_after = _SAID_AFTER.search(sentence, match.end("aux"))
    announced = re.search(r"\b(?:said|says|announced|added|told \w+|declared|confirmed|clarified|explained)(?: that)?\s*$", head)
    if not announced and said_after is None:
        return None  # the reporter's own account of what will happen
    if _PREDICTED.search(before) or _FORECAST_AFTER.search(sentence) or (said_after and _ONLOOKER_SAYS.search(said_after.group(0))):
        return None  # "analysts said the withdrawal would begin in June": a forecast
    between = re.search(r"\bbetween\s+(.+)$", subject.group("post") or "")
    if between:
        actor: str | None = between.group(1)
    elif announced:  # the speaker, read as "said" reads it ("the press secretary, Ilse Varro, clarified that")
        actor = attribution_before(re.sub(r"\b(?:clarified|explained)\b", "said", head[: announced.end()]))
    else:
        actor = said_after.group("who") if said_after else None
    if not actor:
        return None
    tail = sentence[match.end("aux") :]
    return _Candidate(actor, _clause_end(f"{subject.group('np')} {aux}{tail}"), match.end("aux"), match.start())


QUOTE_ENDS_COMMITMENT = rule(
    "pledges.closing-mark-ends-a-quoted-commitment",
    "in a speaker's quoted words the commitment ends at the closing mark ('\"We will pay for it,\" Ada Brun, the "
    "minister, said': not \"pay for it, Ada Brun, the minister\")",
)
_QUOTE_CLOSE = re.compile(r"[,.!?]?[”»]|[,.!?]?\"(?=[\s,]|$)")


ANNOUNCED_THREAT = rule(
    "pledges.announced-threat",
    "\"Norland said it would retaliate\", \"would respond in kind to any new tariffs\", \"respond to any attack with "
    "force\", \"would respond in a proportionate manner\": an announced threat, not a commitment (as a vow to "
    "retaliate is not)",
)
_RESPONSE_THREAT = re.compile(
    r"(?:respond|react|answer|reply)\w*\s+(?:(?:to|against)\s+any\b|in kind\b|(?:[\w-]+\s+){0,5}?(?:with force|"
    r"forcefully|firmly|decisively|harshly|accordingly|appropriately|proportionately|adequately|"
    r"[\"“]?in\s+an?\s+(?:proportionate|appropriate|adequate|firm|decisive|resolute|symmetrical|mirror)\s+(?:manner|way|fashion))\b)",
    re.IGNORECASE,
)
ACT_ACCORDINGLY = rule(
    "pledges.act-accordingly-names-no-act",
    "\"These are our waters and we will act accordingly\", \"Norland will take appropriate measures\": a warning that "
    "names no act is no commitment",
)
_ACT_ACCORDINGLY = re.compile(
    r"(?:act(?:\s+accordingly|\s+as\s+(?:needed|necessary|required))|"
    r"take\s+(?:the\s+)?(?:appropriate|necessary|all\s+necessary)\s+(?:measures|steps|action))\s*(?:[.,;!?\"”]|$)",
    re.IGNORECASE,
)
CRITICS_PREDICT = rule(
    "pledges.critics-predict",
    "\"Critics said the government would struggle\", \"opponents say Norland will back down\": a forecast by a side's "
    "critics, not its commitment",
)
_CRITIC_WORDS = r"critics|opponents|sceptics|skeptics|detractors"
_CRITICS = re.compile(r"\b(?:" + _CRITIC_WORDS + r")\b[^,;]*\b(?:said|say|says|argue|argued|warn|warned|fear|feared)\b", re.I)

FORECAST_AFTER = rule(
    "pledges.forecast-named-after-the-clause",
    "\"Norland will cut its tariffs by June, analysts said\": the clause is the forecast of onlookers or critics "
    "named after it, as much as when they are named before it",
)
_FORECAST_AFTER = re.compile(
    r",\s+(?:[\w-]+\s+){0,3}?(?:" + _FORECASTERS + r"|" + _CRITIC_WORDS + r")(?:\s+[\w-]+){0,3}?"
    r"\s+(?:said|say|says|predict(?:s|ed)?|expect(?:s|ed)?|argue[sd]?|warn(?:s|ed)?|believe[sd]?|fear(?:s|ed)?)\W*$",
    re.IGNORECASE,
)


ASSURE_FORMULA = rule(
    "pledges.i-want-to-assure-you",
    "a speaker who \"wants to\", \"can\" or \"would like to\" assure someone, or says \"let me assure\", gives the "
    "assurance: the want is a courtesy, not a hedge",
)
_ASSURE_FORMULA = re.compile(
    r"\b(I|we|We)\s+(?:(?:want|wish|would like|(?:’|')d like)\s+to|can|am able to|(?:’|')m able to)\s+$|\b(?:[Ll]et) (me|us)\s+$"
)
HOLD_A_VOTE = rule(
    "pledges.hold-a-vote",
    "\"will hold elections\", \"will hold a referendum\": holding a vote is an act a side commits to (holding talks, "
    "a meeting or a news conference stays a schedule)",
)
_HELD_VOTE = re.compile(
    r"\s+(?:(?:free|fresh|early|new|general|presidential|parliamentary|legislative|local|municipal|snap|national|"
    r"the|a|an|its|their|long-delayed|delayed|promised)\s+){0,3}(?:elections?|polls?|referendums?|referenda|plebiscite|"
    r"census|vote)\b"
)
FIND_THE_MONEY = rule(
    "pledges.find-the-money",
    "\"Tolvik will find the remaining 12 million from its regional budget\", '\"We will find that money inside the "
    "defence budget\"': finding a sum or the money for something is paying it, an act, although \"find\" alone names "
    "none (not \"will find out\", \"will find a reason\", \"will find the doors closed\")",
)
# "find" + the money, the funds, or a sum ("the remaining 12 million", "another €5m", "40 million crowns").
_FOUND_MONEY = re.compile(
    r"\s+(?:(?:the|that|this|those|the extra|the remaining|the rest of the|another|an extra|a further)\s+)?"
    r"(?:money|funds|funding|cash|sums?\b|(?:[$€£]\s?)?\d[\d.,]*\s*(?:million|billion|bn|m)\b)",
    re.IGNORECASE,
)


TAKE_IN = rule(
    "pledges.take-in-people",
    "\"Perrin will take in 2,000 more refugees this year\": taking in a number of people, or those named, is an act "
    "(shelter given), although \"take\" alone names none (\"will take part in\", \"will take place\" stay schedules)",
)
_TAKEN_IN = re.compile(r"\s+in\s+(?:up to\s+|another\s+|a further\s+)?(?:\d[\d,]*|more|all|those|the\s+(?:\d|\w+\s+)*?(?:refugees|families|children|migrants|survivors|evacuees|people|orphans|detainees))\b", re.IGNORECASE)
TAKE_BACK = rule(
    "pledges.take-back",
    "\"will take back its citizens\" is an act (readmission) although \"take\" alone names none (not \"take back "
    "control\")",
)
FORCES_WITHDRAWN = rule(
    "pledges.forces-withdrawn",
    "a side's own forces that \"will be gone from\" or \"will remain outside\" a place, announced by that side, "
    "are a commitment to withdraw or keep out (not a forecast of anything else being \"out of\" something)",
)
# What a side commands: its forces, and the arms and craft they use.
_FORCES = (
    r"(?:troops|soldiers|forces|units|army|navy|vessels|ships|warships|boats|aircraft|jets|guns|tanks|artillery|"
    r"weapons|missiles|police|personnel|battalions|brigades|fighters|militias?)"
)


OWN_BODY_IN_A_QUOTE = rule(
    "pledges.own-body-in-a-quote",
    "'\"My government will pay for every house that was lost,\" she said', '\"Our engineers will rebuild the bridge by "
    "May\"': in a speaker's quoted words, a body, force or staff of the speaker's own (\"my\" or \"our\" before a "
    "government, ministry, embassy, army, engineers, inspectors) acts for the speaker's side, as \"we\" does (not "
    "\"our farmers\" or \"our people\", whom the side does not command)",
)
_OWN_BODY = re.compile(r"(?:^|[\s\"“‘])(?i:my|our)\s+((?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*))\s*$")
_OWN_STAFF = re.compile(
    rf"{_FORCES}|engineers|inspectors|observers|monitors|doctors|teams?|staff|officials|officers|diplomats|negotiators"
)


def _own_body(before: str) -> bool:
    """ "my government", "our embassy", "our mine-clearing teams" right before the verb: a body or force of the
    speaker's own side (OWN_BODY_IN_A_QUOTE)."""
    own = _OWN_BODY.search(before)
    if own is None:
        return False
    head = own.group(2).lower()
    return head in INSTITUTION_HEADS or _OWN_STAFF.fullmatch(head) is not None


# Being away from a place, or staying out of it: "be gone from", "be off the heights", "remain outside the zone".
_AWAY = re.compile(
    r"\s+(?:gone|off|out|back|away|clear|beyond|behind|outside)\b|\s+(?:\d+|\w+) (?:kilometres|kilometers|km|miles) "
    r"(?:back|away|from)\b"
)
_STAY_AWAY = re.compile(r"\s+(?:outside|out of|away from|behind|beyond|clear of|(?:north|south|east|west) of)\b")
_OWN_FORCES = re.compile(
    rf"\b(?:(?P<pronoun>(?i:its|his|her|their|our))|(?P<owner>[A-Z][\w-]*(?: [A-Z][\w-]*)*)['’]s?)\s+"
    rf"(?:[\w-]+\s+){{0,2}}?{_FORCES}\s*$"
)


WITHDRAWAL_ACT = rule(
    "pledges.withdrawal-reads-as-an-act",
    "\"Our guns will be gone by Sunday\" reads \"withdraw our guns\", \"its ships will remain outside the zone\" reads "
    "\"keep its ships outside the zone\": the act, with the forces it moves, not \"be gone\"",
)


def _withdrawal_act(verb: str, tail: str, before: str) -> str:
    """The act of a withdrawal clause as a digest writes it, with the forces named before the verb."""
    own = _OWN_FORCES.search(before)
    if own is None:
        return verb + tail
    forces = own.group(0).strip()
    forces = forces[:1].lower() + forces[1:] if own.group("pronoun") else forces
    if verb == "be":
        away = _AWAY.match(tail)
        rest = tail[away.end() :] if away else tail
        out_of = re.match(r"\s+of\b", rest) if away and away.group(0).strip() == "out" else None
        if out_of:
            rest = " from" + rest[out_of.end() :]  # "out of the strait": from it
        moved = away.group(0) if away and away.group(0).strip() not in ("gone", "off", "out", "away", "clear") else ""
        plain = re.match(r"\s+(?:from|off|by|within|before|to)\b|\s*$", rest)
        return f"withdraw {forces}{moved}{rest}" if moved or plain else verb + tail
    return f"keep {forces}{tail}"


def _withdrawal(verb: str, tail: str, before: str, in_quote: bool) -> str | None:
    """The actor of "its troops will be gone from the ridge", "our ships will remain outside the zone": the side
    whose forces they are. None when the clause is no withdrawal; "" when it is one with no side to name."""
    away = (verb == "be" and _AWAY.match(tail)) or (verb in ("remain", "stay") and _STAY_AWAY.match(tail))
    if not away:
        return None
    own = _OWN_FORCES.search(before)
    if own is None or _PREDICTED.search(before):
        return None  # not a side's own forces, or a forecast: "analysts said its troops would be gone"
    reporter = _reporting_subject(before) if _announced(before) else None
    if own.group("owner"):
        owner = own.group("owner")
        return owner if reporter and set(owner.lower().split()) & set(reporter.lower().split()) else ""
    pronoun = own.group("pronoun").lower()
    if in_quote or pronoun == "our":
        return "we" if in_quote and pronoun == "our" else ""
    if not _announced(before):
        return ""  # the reporter's own account of where the troops will be
    return reporter or {"his": "he", "her": "she", "its": "it", "their": "they"}[pronoun]


NEGATED_SUBJECT = rule(
    "pledges.negated-subject-keeps-its-negation",
    "\"not one of Norland's soldiers will cross the line\", \"none of its warships will enter the strait\": an act "
    "whose subject opens with no, none of, not one of or neither is an act that will not be done. It is a pledge only "
    "as a side's restraint of its own forces, with the negation kept; anything else (\"no country will recognise "
    "the vote\") is a forecast or a stance, never the act with its \"not\" dropped",
)


def _forces_held_back(negated: str, before: str, in_quote: bool) -> str:
    """Who holds back its own forces in "none of its warships", "not one of our soldiers" (NEGATED_SUBJECT), or ""
    when the subject is not a side's own forces or the side is not the one speaking."""
    own = _OWN_FORCES.search(negated)
    if own is None or _PREDICTED.search(before):
        return ""
    pronoun = (own.group("pronoun") or "").lower()
    if pronoun == "our":
        return "we" if in_quote else ""
    if in_quote or not _announced(before):
        return ""
    reporter = _reporting_subject(before) or ""
    if pronoun:
        return reporter
    owner = own.group("owner")
    spoken = re.split(r"\b(?:said|says|announced|added|told|declared|confirmed|replied)\b", before)[0]
    return owner if reporter and (owner in spoken or set(owner.split()) & set(reporter.split())) else ""


SECOND_REPORTED = rule(
    "pledges.and-that-it-would",
    "\"said ... and that it would pay\" reports a second act of the same speaker, however long the first clause "
    "(not when the act hangs on a condition: \"... and that it would publish more if ...\")",
)


def _second_reported(before: str, tail: str) -> bool:
    """A second "that" clause of one speech verb: "said in a statement that ... and that it"."""
    return bool(
        SECOND_REPORTED
        and re.search(r"\b(?:said|says|announced|added|told \w+|confirmed|declared)\b[^.;:“”\"]*\band that\s+\w+\s+$", before)
        and not re.search(r"\b(?:if|unless)\b", _clause_end(tail) + tail[:200].split(".")[0])
    )


_SUBORDINATE = frozenset("if unless whether when once because since so although though while as until before after".split())


WHILE_A_SECOND_SIDE = rule(
    "pledges.while-a-second-side-acts",
    "\"Under the deal, Pellmar is to drop its demand, while Vandor will settle the unpaid bill by January\": \", while\" "
    "and a named side right before its \"will\" or \"is to\" sets a second side's act beside the first, as \"and\" "
    "does; it is no time or condition the first hangs on (\"while the talks go on\" still is)",
)
_WHILE_NAMED_SIDE = re.compile(r",\s+while\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){1,3}$")


def _while_a_second_side(sentence: str, offset: int) -> bool:
    """The "will" at `offset` opens ", while <Side> will ...": a second side's act (WHILE_A_SECOND_SIDE)."""
    return bool(WHILE_A_SECOND_SIDE) and _WHILE_NAMED_SIDE.search(sentence[max(0, offset - 60) : offset]) is not None


def _main_or_reported(sentence: str, offset: int) -> bool:
    """The parse puts the "will" at `offset` in the sentence's main clause, or in a clause reported by a speech
    verb (and in what is joined to them by "and"), with no condition or time word opening that clause."""
    doc = syntax.parse(sentence)
    if doc is None:
        return False
    token = syntax.token_at(doc, offset)
    if token is None:
        return False
    verb = syntax.governing_verb(token)
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in _SUBORDINATE for c in verb.children):
            return False
        if verb.dep_ == "conj" and verb.head is not verb:
            verb = verb.head
            continue
        if verb.dep_ == "ROOT":
            return True
        return verb.dep_ == "ccomp" and verb.head.lower_ in SPEECH_VERBS
    return False


INFORMED_THAT = rule(
    "pledges.side-informed-that",
    "\"The Ostrovan Side informed that it will allocate a grant\": in communiqués translated into English, "
    "\"informed that\" (with nobody told) announces as \"said that\" does (not \"was informed that\", news received)",
)
_INFORMED = re.compile(r"(?<!was )(?<!were )(?<!been )\b(?:informed|informs)\s+that\b", re.I)


def _informer(before: str) -> str | None:
    """The side that "informed that it will" (INFORMED_THAT): the subject before "informed", which the speech-verb
    reading of a name does not know."""
    informed = _INFORMED.search(before[-40:]) if INFORMED_THAT else None
    if informed is None:
        return None
    return _subject(before[: len(before) - 40 + informed.start()] if len(before) > 40 else before[: informed.start()])


def _announced(before: str) -> bool:
    """A speech verb before the commitment: the side announces it ("said", "told", "informed that")."""
    if re.search(r"\b(?:said|says|did say|announced|announces|added|told|declared|confirmed|replied)\b", before, re.I):
        return True
    return bool(INFORMED_THAT and _INFORMED.search(before))


def _reporting_subject(before: str) -> str | None:
    return attribution_before(before)


SPEAKER_PRONOUN = rule(
    "actors.pronoun-for-a-common-noun-speaker",
    "\"the farm lobby said it will fight ...\": the pronoun after a speech verb stands for a speaker named by a common "
    "noun (not a person's role: \"the minister said it will\" speaks for someone else)",
)
_SPEECH_THEN_PRONOUN = re.compile(
    _SPEECH_VERB_THEN + r"\s+(?:it|they)\s*$",
    re.IGNORECASE,
)


SPEAKER_OF_ITS_CLAUSE = rule(
    "actors.pronoun-speaker-of-its-own-clause",
    "\"Crowds in Estavia called for protests, and a Norlandic opposition party has said it will ...\": the pronoun "
    "after the speech verb stands for that clause's speaker (a name or a common noun), not for a name in the clause "
    "joined before it",
)
# Where a new clause with a subject of its own starts: ", and" / ", but" / ", while" or a semicolon.
_CLAUSE_JOIN = re.compile(r"(?:,\s*(?:and|but|while|whereas)|;)\s+", re.IGNORECASE)


def _common_speaker(before: str, pronoun: str) -> str | None:
    """The common-noun speaker ("the farm lobby", "its unions") a pronoun after the speech verb stands for, or None
    when the speaker is a name (the pronoun is resolved by name later) or a person's role."""
    if not SPEAKER_PRONOUN:
        return None
    speech = _SPEECH_THEN_PRONOUN.search(before)
    if speech is None:
        return None
    clause = 0  # where the speech verb's own clause starts: only it names the speaker
    if SPEAKER_OF_ITS_CLAUSE:
        clause = max((m.end() for m in _CLAUSE_JOIN.finditer(before, 0, speech.start())), default=0)
    named = attribution_before(before[clause : max(clause, len(before.rstrip()) - len(pronoun))])
    if named and clause and not named.split()[-1].islower():
        return named  # "Crowds in Velmora marched, and Norland said it will": Norland, not the first clause's name
    if named and not clause:
        return None  # a name speaks ("Norland said it will"): the pronoun is resolved by name later
    speaker = _subject(before[: speech.start()])
    if not speaker or speaker.split()[0].lower() not in _QUANTIFIERS or speaker.split()[-1][:1].isupper():
        return None
    head = speaker.split()[-1].lower()
    if head in ROLE_NOUNS or (pronoun == "it") == head.endswith("s"):
        return None  # "the minister said it will": someone else; "the unions said it": not the unions
    return speaker


# What an agreement's text provides for binds its parties: "The agreement ... also provides for an exchange of".
_PROVIDES_FOR = re.compile(
    r"\b(?P<actor>(?:[Tt]he|[Ii]ts|[Tt]heir) (?:[\w-]+ ){0,2}(?:agreement|deal|accord|treaty|text|ceasefire|truce|"
    r"protocol|pact))(?:,[^,]{1,160},)?\s+(?:also\s+)?provides?\s+for\s+(?P<tail>.*)"
)


def _provides_for(sentence: str) -> _Candidate | None:
    if "provide" not in sentence:
        return None
    match = _PROVIDES_FOR.search(sentence)
    if not match or _hedged(sentence[: match.start()]):
        return None
    return _Candidate(match.group("actor"), _clause_end(match.group("tail")), match.start("tail"), match.start("tail") - 1)


# Texts whose terms bind the sides that signed them: "The accord commits Norland to ...", "a protocol under which".
_AGREEMENT_NOUNS = (
    r"(?:agreement|deal|accord|treaty|pact|protocol|charter|ceasefire|truce|memorandum|declaration|framework|"
    r"road ?map|document|text|arrangement|settlement|compact|convention|understanding)s?"
)
_TERMS_ACTOR = (
    r"(?P<actor>(?:(?:the|both|all|each|its|their) )?(?:[\w’'.-]+ ){0,3}?(?:[A-Z][\w’'.-]*|[a-z][\w’'-]*(?<!\bit)))"
)
PASSIVE_UNDER_TERMS = rule(
    "pledges.passive-under-the-terms",
    "\"The remainder is to be delivered in three shipments by July, according to the agreement signed in Sefa\", "
    "\"Under the deal, the boats will be returned\": what an agreement says is to be done binds its parties, even when "
    "the sentence names only what is acted on (the agreement stands for them; not a draft, not what a deal \"would\" do)",
)
_TERMS_SOURCE = re.compile(
    r"(?:,\s+according\s+to|^\W*[Uu]nder|,\s+under)\s+(?P<text>(?:the|its|their|this)\s+(?:(?!draft|proposed|planned|possible)[\w-]+\s+){0,2}?"
    rf"{_AGREEMENT_NOUNS}\b(?:\s+(?:signed|reached|struck|announced|agreed|concluded)\b[^,.;]{{0,40}})?)"
)
TEXT_SAYS_TAG = rule(
    "pledges.the-agreement-says",
    "\"Seized boats will be handed back within a week, the agreement says\", \"..., the term sheet reads\": a signed text "
    "named in a closing tag with says, reads, states or stipulates sets out its terms as \"according to the agreement\" "
    "does, so a passive act with no agent binds the text's parties (a statement, a report or an official is no signed "
    "text)",
)
_TERMS_TAG = re.compile(
    rf",\s+(?P<text>(?:the|its|their|this)\s+(?:(?!draft|proposed|planned|possible)[\w-]+\s+){{0,2}}?"
    rf"(?:{_AGREEMENT_NOUNS}|term sheets?|communiqu[eé]s?))\s+(?:says|said|reads|read|states|stated|stipulates|provides)\b"
)


def _terms_source(sentence: str) -> re.Match[str] | None:
    """The signed text a sentence says it follows: "Under the deal, ...", "..., according to the accord", or a
    closing tag "..., the agreement says" (TEXT_SAYS_TAG); its "text" group names it."""
    return _TERMS_SOURCE.search(sentence) or (_TERMS_TAG.search(sentence) if TEXT_SAYS_TAG else None)


WOULD_UNDER_TERMS = rule(
    "pledges.would-under-the-terms",
    "\"Under the deal, Norland would pay a third of the cost\", \"Estavia would build the road, according to the "
    "agreement signed in Sefa\": what a side \"would\" do as a signed text's terms are reported binds it, as \"will\" "
    "does (not a draft or a proposed deal, nor on a condition: \"if the talks fail\")",
)
_WOULD_TERMS = re.compile(
    r"(?:^\W*[Uu]nder|,\s+under|,\s+according\s+to)\s+(?:the|its|their|this|that)\s+"
    r"(?:(?!draft|proposed|planned|possible|new|suggested|mooted)[\w-]+\s+){0,2}?"
    rf"(?:{_AGREEMENT_NOUNS}|formula)\b(?!\s+(?:being|under|still|now|that\s+is)\b)"
)


def _would_under_terms(sentence: str) -> bool:
    """A "would" sentence that reports a signed text's terms, with no condition in it (WOULD_UNDER_TERMS)."""
    if not WOULD_UNDER_TERMS or _conditional(sentence) or re.search(r"\b(?:if|unless|provided|could|might)\b", sentence, re.I):
        return False
    return bool(_WOULD_TERMS.search(sentence))


AGREEMENT_COMMITS = rule(
    "pledges.agreement-commits-a-party",
    "\"the accord commits Norland to ...\", \"the treaty obliges Estavia to ...\": an agreement's terms bind the party "
    "it names (not a draft, a resolution or a law, and not what a deal \"would\" require)",
)
_AGREEMENT_BINDS = re.compile(
    rf"\b(?P<doc>(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]his|[Tt]hat|[Aa]n?)\s+(?:[\w’'.-]+\s+){{0,3}}?{_AGREEMENT_NOUNS})"
    r"(?:,[^,]{1,160},)?(?:\s+(?:that|which))?\s+(?:itself\s+)?(?:also\s+)?(?:commits|committed|obliges|obliged|obligates|obligated|binds|bound|"
    rf"requires|required)\s+{_TERMS_ACTOR}\s+to\s+(?P<tail>(?!be\b)[\w“\"].*)"
)
TERMS_VERB_WITHOUT_OBJECT = rule(
    "pledges.terms-verb-without-object",
    "\"pulled back, as the accord required, and expected Velmora to do the same\": an agreement's \"required\" with "
    "no object binds no one; the side named after \"and\" is what someone else expects, not a party bound",
)
OBLIGED_UNDER_TERMS = rule(
    "pledges.obligation-under-terms",
    "what a side \"must\", \"is required to\" or \"is obliged to\" do \"under the accord\", and what it will do in a "
    "text \"under which\" it acts, are the agreement's terms: a commitment of that side (not a demand)",
)
_UNDER_AGREEMENT = re.compile(
    rf"^\W*(?:[A-Z]\w+\s+)?[Uu]nder\s+(?:the|its|their|this|that|a|an)\s+(?:[\w’'.-]+\s+){{0,4}}?(?:{_AGREEMENT_NOUNS}|terms)"
    rf"\b[^,]{{0,60}},\s+(?:(?![^,]*\b(?:must|will|shall|is to|are to|required|obliged)\b)[^,]{{1,120}},\s+)?"
    rf"{_TERMS_ACTOR}\s+"
    r"(?:must|(?:is|are)\s+(?:obliged|required|bound)\s+to|(?:has|have)\s+to)\s+(?P<tail>(?!be\b)[a-z].*)"
)
NAMED_OR_UNPUNCTUATED_TERMS = rule(
    "pledges.under-a-named-accord",
    "\"Under the Kell Arms Accord, each party must allow ...\", \"Under the treaty each party must report ...\": an "
    "agreement named with capitals, or an opener with no comma before a counted side (each, every, both, all), "
    "states terms as \"under the accord, X must\" does (not \"Under the new rules\", a law; not \"Under pressure\")",
)
_UNDER_NAMED_AGREEMENT = re.compile(
    rf"^\W*(?:[A-Z]\w+\s+)?[Uu]nder\s+(?:the|its|their|this|that)\s+(?:[\w’'.-]+\s+){{0,5}}?(?i:{_AGREEMENT_NOUNS})"
    r"(?:\s+(?:of|on)\s+(?:[A-Z][\w’'.-]*\s*){1,3})?(?:,\s+|\s+(?=(?:each|every|both|all)\s))"
    rf"{_TERMS_ACTOR}\s+"
    r"(?:must|(?:is|are)\s+(?:obliged|required|bound)\s+to|(?:has|have)\s+to)\s+(?P<tail>(?!be\b)[a-z].*)"
)
_UNDER_WHICH = re.compile(
    rf"\b(?:{_AGREEMENT_NOUNS}|clauses?|provisions?|articles?|terms)\b[^.;]{{0,80}}?\bunder which\s+"
    r"(?P<actor>(?:(?:the|both|all|each|its|their) )?(?:[\w’'.-]+ ){0,5}?[\w’'.-]+)\s+"
    r"(?:will|shall|(?:is|are)\s+to|must|(?:is|are)\s+(?:obliged|required|bound)\s+to)\s+(?:also\s+)?(?P<tail>(?!be\b)[a-z].*)"
)


TEXT_BINDS_ITS_AUTHORS = rule(
    "pledges.text-binds-its-authors",
    "\"Leaders ... ended their summit with a communique committing them to ...\", \"the cabinet approved a plan that "
    "commits it to ...\", \"with a communique pledging to ...\": a text that binds \"it\" or \"them\", or pledges, "
    "commits the side that issued, adopted or closed a meeting with it (not a draft, nor one that \"would\" bind)",
)
_TEXT_BINDS_AUTHORS = re.compile(
    r"\b(?P<verb>ended|closed|concluded|wrapped up|issued|adopted|approved|endorsed|signed|released|published)\b"
    r"(?:[^.;:]{0,80}?\bwith)?\s+(?:a|an|the|their|its)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:communiqu[ée]|declaration|statement|plan|programme|program)\s+"
    r"(?:(?:that\s+(?:commits|binds|obliges)|committing|binding)\s+(?:it|them|itself|themselves)|that\s+pledges|pledging)"
    r"\s+to\s+(?P<tail>(?!be\b)[\w“\"].*)"
)


def _text_binds_authors(sentence: str) -> _Candidate | None:
    """The side that closed a summit with, or adopted, a text binding "them" or "it" (TEXT_BINDS_ITS_AUTHORS)."""
    match = _TEXT_BINDS_AUTHORS.search(sentence) if TEXT_BINDS_ITS_AUTHORS else None
    if match is None:
        return None
    before = sentence[: match.start("verb")]
    if _hedged(before) or _proposed(before) or re.search(r"\b(?:would|could|might|may)\s+(?:\w+\s+)?$", before):
        return None
    tail = match.group("tail")
    obj = re.split(r"[.,;:\"”]", tail.lower(), maxsplit=1)[0].strip()
    if obj in _VALUE_OBJECTS or _schedule(tail) or (THREATS and _THREAT_OBJECTS.search(tail[:60])):
        return None  # "a declaration committing them to peace": a value, no act
    actor = _subject(before) or _main_subject(before)
    if not actor:
        return None
    return _Candidate(actor, _clause_end(tail), match.start("tail"), match.start("verb"))


def _agreement_terms(sentence: str) -> Iterator[_Candidate]:
    """The parties an agreement binds, and what to: "The pact commits Norland to ...", "Under the deal, Estavia
    must ...", "a protocol under which both armies will ..."."""
    patterns = []
    if AGREEMENT_COMMITS:
        patterns.append(_AGREEMENT_BINDS)
    if OBLIGED_UNDER_TERMS:
        patterns += [_UNDER_AGREEMENT, _UNDER_WHICH]
        if NAMED_OR_UNPUNCTUATED_TERMS:
            patterns.append(_UNDER_NAMED_AGREEMENT)  # tried after the plain form: one candidate per sentence is enough
    for pattern in patterns:
        match = pattern.search(sentence)
        if match is None or (pattern is _UNDER_NAMED_AGREEMENT and _UNDER_AGREEMENT.search(sentence)):
            continue
        before = sentence[: match.start()]
        if _hedged(before) or _proposed(sentence[: match.start("actor")]) or re.search(r"\b(?:would|could|might|may)\s*$", before):
            continue
        if pattern is _AGREEMENT_BINDS and _proposed(match.group("doc")):
            continue  # "a draft accord that commits Estavia to ...": the relative "that" hid the draft from the clause
        if TERMS_VERB_WITHOUT_OBJECT and pattern is _AGREEMENT_BINDS and re.match(r"(?:and|but|or|while)\s", match.group("actor")):
            continue  # "as the deal required and expected Brask to do the same": the deal binds no one named here
        actor = re.sub(r"^(?:and|but|while)\s+", "", match.group("actor"))
        if actor.split()[0].lower() in ("it", "them", "him", "her", "us", "which", "that", "this"):
            continue
        tail = match.group("tail")
        if _schedule(tail) or (THREATS and _THREAT_OBJECTS.search(tail[:60])):
            continue
        yield _Candidate(actor, _clause_end(tail), match.start("tail"), match.start("tail") - 1)


INSTRUCTED_GOVERNMENT = rule(
    "pledges.instructed-own-government",
    "a leader who \"instructed the government to\", \"ordered his ministers to\" or \"tasked the ministry with\" an act "
    "commits that government to it (not a court's order, an instruction to study or consider, nor an order to troops: "
    "an operation, not a commitment)",
)
_INSTRUCTED = re.compile(
    r"\b(?:instructed|instructs|ordered|orders|directed|directs|tasked|tasks)\s+"
    r"(?P<actor>(?:the|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?(?:government|cabinet|ministry|ministries|ministers|"
    r"administration|agencies|authorities))\s+"
    r"(?:to\s+(?P<verb>[a-z]+)|with\s+(?P<gerund>[a-z]+ing))\b(?P<tail>.*)"
)
_COURTS = re.compile(r"\b(?:court|courts|judge|judges|tribunal|prosecutors?)\b", re.IGNORECASE)
TASKED_OWN_BODY = rule(
    "pledges.summit-tasked-its-own-body",
    "\"The Summit directed the Secretariat to present a costed plan\", \"ministers mandated the Commission to draft "
    "rules\": a meeting or leaders tasking a body of their own (secretariat, commission, council, committee, working "
    "group) commit that body to the act, as an instruction to a government does (not a court's order, not a task to "
    "study or consider)",
)
_TASKED_BODY = re.compile(
    r"\b(?:instructed|instructs|ordered|orders|directed|directs|tasked|tasks|mandated|mandates|requested|requests)\s+"
    r"(?P<actor>the\s+(?:[A-Z][\w-]*\s+){0,3}?(?:Secretariat|Commission|Council(?:\s+of\s+Ministers)?|Committee|"
    r"Working\s+Group|Task\s+Force|Executive\s+Secretary|Secretary-General)(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*)?)\s+"
    r"(?:to\s+(?P<verb>[a-z]+)|with\s+(?P<gerund>[a-z]+ing))\b(?P<tail>.*)"
)


def _instructed(sentence: str) -> _Candidate | None:
    """"The President instructed the government to complete the railway by 2030": the government is committed."""
    match = _INSTRUCTED.search(sentence) if INSTRUCTED_GOVERNMENT else None
    if match is None and TASKED_OWN_BODY:
        match = _TASKED_BODY.search(sentence)  # "The Summit directed the Secretariat to present ...": its own body
    if match is None:
        return None
    before = sentence[: match.start()]
    if _hedged(before) or _COURTS.search(before) or re.search(r"\b(?:not|never|would|could|might|may)\s+(?:\w+\s+)?$", before):
        return None  # "if he ordered the army to", "the court ordered the government to", "has not instructed"
    verb = match.group("verb") or re.sub(r"ing$", "", match.group("gerund"))
    if verb in _NOT_ACTIONS or verb in _SCHEDULE_VERBS or _schedule(verb + match.group("tail")):
        return None  # "instructed their aviation authorities to study the matter": nothing is done yet
    tail = match.group("tail")
    if match.re is _TASKED_BODY:  # "to present, before the next Summit, a costed plan": the time set off is no end
        tail = re.sub(r"^,\s+(?:before|by|within|until|no later than|in time for)\b[^,]{1,60},\s+", " ", tail)
    act = (match.group("verb") or match.group("gerund")) + tail
    return _Candidate(match.group("actor"), _clause_end(act), match.start("tail"), match.start())


PARTICIPLE_ANNOUNCING = rule(
    "pledges.announcing-it-would",
    "\"Norland broke ranks, announcing it would contribute 400 million to the fund\", \"the ministry raised its "
    "forecast, adding that it would publish the figures monthly\": a participle of announcing after the main clause "
    "gives its subject's own act (not \"saying it would cause\", a reason; not a challenge in court, a threat; not "
    "a hedge or a schedule)",
)
_ANNOUNCING = re.compile(
    r",\s+(?:announcing|adding)\s+(?:that\s+)?(?:it|he|she|they)\s+(?:would|will)\s+(?:also\s+)?"
    r"(?P<verb>[a-z]+)\b(?P<tail>.*)"
)
_CONTESTS = frozenset("challenge appeal sue contest defend fight oppose reject resist block veto".split())


PLEDGING_THAT = rule(
    "pledges.pledging-that",
    "\"Tarvin offered engineers, its ambassador said, pledging that the work would start in May\", \"Norland signed "
    "the accord, promising that the first convoy would leave within a week\": a participle of pledging with its "
    "\"that\" clause after the main clause commits that clause's subject, as \", pledging to\" does (not a hedge, a "
    "threat or a schedule)",
)
_PLEDGING_THAT = re.compile(
    r",\s+(?:pledging|promising|vowing|guaranteeing)\s+that\s+(?P<subject>(?:[\w’'-]+\s+){1,5}?)(?:would|will)\s+"
    r"(?:also\s+)?(?P<verb>[a-z]+)\b(?P<tail>.*)"
)


PROGRESSIVE_ACT_WITH_TIME = rule(
    "pledges.progressive-act-with-a-time",
    "\"announced that Fenmark is lifting visa requirements ... from 1 January\", \"The ministry is also sending a "
    "consular team to Tarsk this week, she said\": an act in the present progressive with the time it is due, "
    "announced, is the side's decided act as \"will\" is (not without a time, an ongoing trend, or a delegation's "
    "travel)",
)
# Acts a side does to others, in the progressive, and their plain form.
_PROGRESSIVE_ACTS = {
    "sending": "send", "lifting": "lift", "opening": "open", "reopening": "reopen", "releasing": "release",
    "deploying": "deploy", "providing": "provide", "scrapping": "scrap", "removing": "remove", "waiving": "waive",
    "closing": "close", "withdrawing": "withdraw", "donating": "donate", "granting": "grant", "easing": "ease",
}
_PROGRESSIVE = re.compile(
    r"\b(?:is|are)\s+(?:also\s+|now\s+)?(?P<verb>" + "|".join(_PROGRESSIVE_ACTS) + r")\b(?P<tail>.*)"
)


def _progressive_act(sentence: str) -> _Candidate | None:
    """The side announced as doing an act with the time it is due, in the progressive (PROGRESSIVE_ACT_WITH_TIME)."""
    match = _PROGRESSIVE.search(sentence) if PROGRESSIVE_ACT_WITH_TIME else None
    if match is None:
        return None
    before, tail = sentence[: match.start()], match.group("tail")
    clause = _clause_end(tail)
    if not clause or find_deadline(clause) is None or re.search(r"\b(?:if|unless|provided)\b", clause):
        return None  # "is sending aid to the region": an activity under way, no act due
    if _hedged(before) or _THREAT_REPORT.search(before) or _DENIAL.search(before) or re.search(r"[\"“”]", before):
        return None
    if not (_announced(before) or _said_after(tail) is not None):
        return None  # the reporter's own account of what is happening
    act = f"{_PROGRESSIVE_ACTS[match.group('verb')]}{tail}"
    if _schedule(act) or (match.group("verb") == "sending" and _delegation_sent(tail)):
        return None  # "is sending a delegation to Geneva next week": travel
    actor = _subject(before)
    if not actor:
        return None
    return _Candidate(actor, _clause_end(act), match.start("tail"), match.start("verb"))


def _announcing(sentence: str) -> _Candidate | None:
    """"Norland broke ranks, announcing it would contribute 400 million": the main clause's subject commits; the
    participle is its own announcement, so the pronoun after it is that subject."""
    match = _ANNOUNCING.search(sentence) if PARTICIPLE_ANNOUNCING else None
    if match is None and PLEDGING_THAT:
        match = _PLEDGING_THAT.search(sentence)
        if match is not None and match.group("subject").strip().lower() not in PRONOUNS:
            subject = match.group("subject").strip()
            subject = re.sub(r"^(?:The|A|An|Its|Their|Every|All)\b", lambda m: m.group(0).lower(), subject)
            verb = match.group("verb")
            if verb in _NOT_ACTIONS - {"be"} or verb in _CONTESTS or verb.endswith("ed"):
                return None
            before = sentence[: match.start()]
            if _hedged(before) or _THREAT_REPORT.search(before) or re.search(r"[\"“”]", before):
                return None
            actor = _main_subject(before)
            named = re.sub(r"^(?:The|A|An)\s+", "", actor or "")
            if not named or not named[0].isupper() or named.lower() in PRONOUNS:
                return None  # "A correspondent spoke, vowing that ...": a side is named, not someone described
            return _Candidate(actor or "", _clause_end(f"{subject} to {verb}{match.group('tail')}"), match.start("subject"), match.start("verb"))
    if match is None:
        return None
    verb = match.group("verb")
    if verb in _NOT_ACTIONS or verb in _SCHEDULE_VERBS or verb in _CONTESTS or verb.endswith("ed"):
        return None  # "adding that it would consider", "announcing he would travel": no act, or a meeting
    before = sentence[: match.start()]
    if _hedged(before) or _THREAT_REPORT.search(before) or re.search(r"[\"“”]", before):
        return None  # a quote before the participle: the speaker is the quote's, read elsewhere
    actor = _main_subject(before)
    if not actor or not actor[0].isupper() or actor.lower() in PRONOUNS:
        return None
    act = verb + match.group("tail")
    if _schedule(act):
        return None
    return _Candidate(actor, _clause_end(act), match.start("tail"), match.start("verb"))


PROMISE_NOUN = rule(
    "pledges.a-sides-promise-by-its-noun",
    "\"Estavia's promise to open the corridor by May\", \"a pledge by Norland to keep its navy away\", \"closed the "
    "summit with a pledge to raise 5 billion euros\": a commitment named by its noun, with the side that made it "
    "and a verb after \"to\", is a pledge (not \"its commitment to peace\", a noun after \"to\"; not a promise "
    "doubted, denied or made at an event with no side named)",
)
_PROMISE_NOUNS = r"(?:promise|pledge|commitment|undertaking|vow|agreement|offer)"
_OWNER = r"(?P<owner>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})"
_NAMED_PROMISE = re.compile(
    rf"(?:\b{_OWNER}['’]s\s+|\b(?:[Aa]n?|[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[a-z]+\s+)?(?=\w+\s+(?:from|by)\s+[A-Z])|"
    r"\b(?P<with>with)\s+(?:an?|the)\s+(?:[a-z]+\s+)?)"
    r"(?:(?:new|earlier|latest|firm|own|written|public|formal)\s+)?(?P<noun>" + _PROMISE_NOUNS + r")"
    rf"(?:\s+(?:from|by)\s+{_OWNER.replace('owner', 'agent')})?\s+to\s+(?P<tail>[a-z].*)"
)


def _promise_nouns(sentence: str) -> Iterator[_Candidate]:
    """A commitment named by its noun: "Estavia's promise to", "a commitment from Norland to", "with a pledge to";
    the parse confirms that "to" leads a verb (the promise of an act), not a noun ("commitment to peace")."""
    if not PROMISE_NOUN or not re.search(r"\b" + _PROMISE_NOUNS + r"\b", sentence):
        return
    for match in _NAMED_PROMISE.finditer(sentence):
        owner = match.group("owner") or match.group("agent")
        noun = match.group("noun")
        if match.group("with") is None and owner is None:
            continue
        if noun in ("agreement", "offer") and match.group("owner") is None:
            continue  # "an agreement by which", "an offer by the mediators to host": only a side's own
        before = sentence[: match.start()]
        if _hedged(before) or _DOUBT.search(before) or _DENIAL.search(before) or _THREAT_REPORT.search(before):
            continue
        if re.search(r"\b(?:no|not|never|without|whether|if)\b[^,;]{0,40}$", before):
            continue  # "made no promise to", "whether Estavia's pledge to"
        if match.group("with") is not None:
            owner = _main_subject(before)
            counted = re.match(r"(?:\s+[a-z-]+){0,2}?\s+(?:states|nations|countries|governments|members|donors|parties)\b", before[before.find(owner) + len(owner) :] if owner else "")
            if owner and counted and _NUMBER_WORD.fullmatch(owner.split()[-1].lower()):
                owner += counted.group(0)  # "Leaders of eight northern states": the count's noun belongs to it
            if owner is None or _TALK_NOUNS.search(owner.lower()) or re.search(r"['’]s\b", owner):
                continue  # "Last year's summit ended with a promise to": an event promises nothing
        tail = match.group("tail")
        act = tail.split()[0]
        if act == "return" and not re.match(r"return\s+(?:to|home|from)\b", tail):
            act = "give back"  # "to return seized cargo": a thing handed back, not a journey
        if act in _SCHEDULE_VERBS or act in _NOT_ACTIONS or _schedule(tail) or _talks(tail) or (THREATS and _THREAT_OBJECTS.search(tail[:60])):
            continue
        doc = syntax.parse(sentence)
        if doc is None:
            return
        start = match.start("tail")
        verb = next((t for t in doc if t.idx == start), None)
        if verb is None or verb.tag_ != "VB":
            continue  # "its commitment to peace": a noun after "to", a principle, not an act
        yield _Candidate(owner, _clause_end(tail), start, match.start("noun"))


ANNOUNCED_CONTRIBUTION = rule(
    "pledges.announced-a-contribution",
    "\"Tarsk announced a contribution of $5 million, to be paid by June\", \"Velmora confirmed a grant of 3 million "
    "crowns for the clinics\": a side that announces a sum it will give commits to contributing it",
)
_CONTRIBUTION = re.compile(
    r"\b(?P<verb>announced|announces|confirmed|confirms|made|makes)\s+(?:an?\s+)?(?:new\s+|further\s+|additional\s+|"
    r"fresh\s+|first\s+)?(?:contribution|donation|grant)\s+of\s+(?P<tail>(?:[$€£¥]|US\$|\d)[^,;]*)"
)


def _announced_contribution(sentence: str) -> _Candidate | None:
    """The side that announced a sum it gives, and the sum (see ANNOUNCED_CONTRIBUTION)."""
    match = _CONTRIBUTION.search(sentence) if ANNOUNCED_CONTRIBUTION else None
    if match is None or not _MONEY.match(match.group("tail").lower()):
        return None
    before = sentence[: match.start("verb")]
    if _hedged(before) or re.search(r"\b(?:would|could|might|may|not|never)\s+(?:\w+\s+)?$", before):
        return None
    actor = _subject(before)
    if not actor or not actor[0].isupper() or actor.lower() in PRONOUNS:
        return None
    return _Candidate(actor, "contribute " + _clause_end(match.group("tail")), match.start("tail"), match.start("verb"))


PLEDGE_OF_A_SUM = rule(
    "pledges.pledge-of-a-sum",
    "\"A pledge of $75 million from the Kavari government was welcomed\", \"The Union made the largest single pledge, "
    "900 million euros\": a pledge named by its noun with its sum and the side that made it is that side's pledge to "
    "give the sum (not \"the pledge of support\", no sum; not a pledge denied, doubted or only hoped for)",
)
_SUM = r"(?P<sum>(?:[$€£¥]|US\$|\d)[^,;]*?)"
_PLEDGE_FROM = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+)?(?:pledge|commitment)\s+of\s+" + _SUM
    + r"\s+(?:from|by)\s+(?P<owner>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}(?:\s+(?:government|authorities))?)"
)
_MADE_PLEDGE = re.compile(
    r"\b(?:made|makes)\s+(?:the|a|an|its)\s+(?:[a-z]+\s+){0,3}?(?:pledge|commitment)(?:,\s+|\s+of\s+)" + _SUM + r"(?=[,;.]|\s+(?:over|for|to|in)\b)"
)


def _pledged_sum(sentence: str) -> _Candidate | None:
    """A sum pledged, named by the noun "pledge" with the side that made it (PLEDGE_OF_A_SUM)."""
    if not PLEDGE_OF_A_SUM:
        return None
    match = _PLEDGE_FROM.search(sentence)
    made = None if match else _MADE_PLEDGE.search(sentence)
    found = match or made
    if found is None or not _MONEY.match(found.group("sum").lower()):
        return None
    before = sentence[: found.start()]
    if _hedged(before) or _DOUBT.search(before) or _DENIAL.search(before) or re.search(r"\b(?:no|not|never|without|whether|if)\b[^,;]{0,40}$", before):
        return None
    actor = match.group("owner") if match else _subject(before)
    if not actor or not re.sub(r"^the\s+", "", actor)[:1].isupper() or actor.lower() in PRONOUNS:
        return None
    return _Candidate(actor, "give " + _clause_end(found.group("sum")), found.start("sum"), found.start())


def _backed_plan(sentence: str) -> _Candidate | None:
    match = _BACKED_PLAN.search(sentence)
    if not match or _hedged(sentence[: match.start()]):
        return None
    return _Candidate(_subject(sentence[: match.start()]) or "", _clause_end(match.group("tail")), match.start(), match.start())


IMPERATIVE_CONDITION = rule(
    "pledges.imperative-then-we-will-is-a-condition",
    "'\"Show us the rules, and we will read them\"', '\"Give us a week and we will finish it\"': an order to the "
    "other side, then \"and we will\", makes a condition of the first half; it promises nothing by itself",
)
# A quoted sentence of two halves: the first, then "and (then) we/I will".
_THEN_WE_WILL = re.compile(r"^\W*[A-Z][a-z]+\b[^;:]{0,80}?,?\s+and\s+(?:then\s+)?(?:we|I)\s+(?:will|shall)\b")


def _imperative_condition(sentence: str) -> bool:
    """The quoted sentence opens on a verb in its bare form (an order) and goes on "and we will"."""
    if not _THEN_WE_WILL.match(sentence):
        return False
    doc = syntax.parse(sentence.lstrip(" \"“‘'"))
    return doc is not None and len(doc) > 0 and doc[0].tag_ == "VB"


BROKEN_PROMISE = rule(
    "pledges.promise-given-up-is-history",
    "\"Norland promised similar cuts in 2019 but abandoned them\", \"pledged to ... but never did\": a promise the same "
    "sentence says was given up is history, not a pledge (\"but Estavia abandoned the talks\": another side, kept)",
)
# "but (later) abandoned them", "but never delivered": the same subject (none named after "but") gave the promise up.
_BROKEN = re.compile(
    r"\b(?:but|only to)\s+(?:later\s+|then\s+|quickly\s+|soon\s+)?(?:abandoned|dropped|shelved|scrapped|broke|"
    r"reneged on|backtracked on|went back on)\s+(?:them|it|the (?:pledge|promise|plan|reforms?|cuts?|idea|commitment))\b"
    r"|\bbut\s+(?:has\s+|have\s+|had\s+)?never\s+(?:did|delivered|followed through|kept (?:it|them|its word))\b",
    re.IGNORECASE,
)


PROMISE_OUTCOME_TOLD = rule(
    "pledges.promise-whose-outcome-is-told",
    "\"promised in May to finish the wall by June, a deadline it missed\", \"we promised cheaper power and could not "
    "deliver it\", \"what we promised, and today we are delivering it\": a promise whose end the same sentence tells "
    "(its date gone by, not kept, or already kept) is history, not a pledge (\"a deadline that passes in April\": kept)",
)
# A promise word, then the outcome: the date passed unmet, the promise not kept, or the promised thing already done.
_OUTCOME_TOLD = re.compile(
    r"\b(?:promis|pledg|vow)\w*\b.*?(?:"
    r"\b(?:a|the) (?:deadline|target|date) (?:that |which )?(?:came and went|(?:it|they|he|she|we) (?:missed|failed to "
    r"meet)|was missed)\b"
    r"|\band (?:then )?(?:did not|didn't|could not|couldn't)(?: deliver (?:it|them|on it)\b|\s*[;,.])"
    r"|\b(?:today|now) we are delivering (?:it|them|on it)\b"
    r"|\b(?:all|most|none|half) of which (?:has|have) (?:since |now |already )?(?:been (?:delivered|paid|spent)|arrived)\b"
    r"|\b(?:less|more) than (?:a|one|two) (?:third|half|quarter)s? (?:of it )?(?:has|have) (?:arrived|been (?:paid|"
    r"delivered))\b"
    r")"
    r"|\bwe promised to (\w+) (?:has|have) been \1",
    re.IGNORECASE,
)


def _outcome_told(sentence: str, trigger_end: int) -> bool:
    """True when the sentence tells how the candidate's own promise ended (its trigger lies in the told span): the
    reader learns of a past promise, not of a new one; another act in the sentence is still read."""
    return any(told.start() < trigger_end <= told.end() for told in _OUTCOME_TOLD.finditer(sentence))


DEFERRED_DECISION = rule(
    "pledges.a-decision-put-off-is-no-act",
    "\"the government would decide on its next steps after the talks\", \"will decide how to vote only after\": "
    "deciding later commits to nothing the reader can hold a side to (\"will decide by Friday\": left to the others)",
)
_DECIDE_LATER = re.compile(
    r"^(?:then\s+|only\s+)?decide\s+(?:on|how|whether|what|when|which|where|who|if|later|after|afterwards|its|their|"
    r"our|for (?:itself|themselves|ourselves))\b",
    re.IGNORECASE,
)


def _decision_put_off(commitment: str) -> bool:
    """True for a commitment that only promises to decide, later or about how: no act follows from it yet."""
    return _DECIDE_LATER.match(commitment.strip()) is not None


QUOTED_PARTICIPLE = rule(
    "pledges.quote-mark-after-the-auxiliary",
    "'Kovala had been \"assured many times before\"': a quote that opens on the participle leaves the auxiliary "
    "before it; \"been assured\" is a passive, Kovala was promised and promises nothing",
)


WHAT_I_PROMISE_IS = rule(
    "pledges.what-i-can-promise-is",
    "\"What I can promise is that Norland will not block the road\", \"What we promise is this: Norland will pay\": the "
    "frame names no act; the clause after it is the promise, with its own actor",
)
_WHAT_I_PROMISE = re.compile(
    r"(?P<open>^[\"“‘'«]?\s*)What\s+(?P<who>I|we)\s+(?:can\s+|could\s+|will\s+|do\s+)?(?:promise|pledge|guarantee)\s+"
    r"(?:you\s+)?is\s+(?:this\s*:\s*|(?P<that>that\s+))"
)


def _promise_unframed(match: re.Match[str]) -> str:
    """The frame rewritten to the same length: "What I can promise is that" as "I promise that" (the speaker
    promises the clause, read as any "promised that"), "What I can promise is this:" blanked (the clause after the
    colon is a sentence of its own, its subject the actor)."""
    head = match.group("open") + (f"{match.group('who')} promise that " if match.group("that") else "")
    return head + " " * (len(match.group(0)) - len(head))


REPORTER_IN_LOWER_CASE = rule(
    "pledges.reporter-label-in-lower-case",
    "\"A Norlandic official said the government would ...\", \"Diplomats said Norland would ...\": the capital of the "
    "sentence's first word is no part of the teller the pledge line names (\"according to a Norlandic official\", "
    "\"according to diplomats\"); a name keeps its capitals",
)


def _lower_case_reporter(source: str) -> str:
    """The teller of a pledge as a label shows it mid-line: an opening "A"/"An", or an opening role word
    ("Officials", "Diplomats") with no name after it, in lower case."""
    words = source.split()
    if not words or not words[0][:1].isupper():
        return source
    if words[0] in ("A", "An"):
        return " ".join([words[0].lower(), *words[1:]])
    if len(words) == 1 and words[0].lower() in ROLE_NOUNS and not words[0].isupper():
        return words[0].lower()
    return source


def find_commitments(sentence: str, in_quote: bool = False, side: frozenset[str] = frozenset()) -> Iterator[_Candidate]:
    """The commitments a sentence may make, most certain reading first; the caller keeps the first whose actor
    holds up ("They have committed to it," he said, as officials vowed to keep up the pressure: the second).

    `side` holds the words that place a quoted speaker ("norlandic", "minister"): a country the speaker names in the
    third person ("Norland will comply," said the Norlandic minister) is the speaker's own.
    """
    if _conditional(sentence):
        return
    if BROKEN_PROMISE and not in_quote and _BROKEN.search(sentence):
        return  # "Norland promised similar cuts in 2019 but abandoned them": a promise of the past, given up
    if in_quote and IMPERATIVE_CONDITION and _imperative_condition(sentence):
        return  # "Show us the rules, and we will read them": a condition set to the other side, no promise
    if QUESTION and re.search(r"\?[\s\"”’»)]*$", sentence):
        return  # "Are you confident Norland will leave?": a question commits nobody
    # "(IMF)", "(£157bn)": asides between subject and verb, blanked so offsets still point into the sentence
    sentence = re.sub(r"\s\([^()]{1,40}\)", lambda m: " " * len(m.group(0)), sentence)
    if WHAT_I_PROMISE_IS:
        # "What I can promise is this: Norland will ...": the clause after the frame is the promise, read alone
        sentence = _WHAT_I_PROMISE.sub(_promise_unframed, sentence)
    if in_quote:
        if not QUOTED_COMMITMENT:
            return
        readers: tuple[Callable[[], Iterable[_Candidate]], ...] = (
            lambda: _optional(_affirmed(sentence)),
            lambda: _optional(_commit_verb_in_quote(sentence)),
            lambda: _futures(sentence, True, side),
        )
    else:
        readers = (
            lambda: _commit_verbs(sentence) if COMMIT_VERB else (),
            lambda: _optional(_affirmed(sentence)) if AFFIRMED else (),
            lambda: _optional(_backed_plan(sentence)) if BACKED_PLAN else (),
            lambda: _optional(_instructed(sentence)),
            lambda: _optional(_announcing(sentence)),
            lambda: _optional(_progressive_act(sentence)),
            lambda: _optional(_announced_contribution(sentence)),
            lambda: _optional(_provides_for(sentence)) if PROVIDES_FOR else (),
            lambda: _agreement_terms(sentence),
            lambda: _optional(_text_binds_authors(sentence)),
            lambda: _futures(sentence, False) if ANNOUNCED_ACTION else (),
            lambda: _parsed_commitments(sentence),
            lambda: _parsed_futures(sentence),
            lambda: _promise_nouns(sentence),
            lambda: _optional(_pledged_sum(sentence)),
        )
    for read in readers:
        for candidate in read():
            if DEFERRED_DECISION and _decision_put_off(candidate.commitment):
                continue  # "would decide on its next steps": no act yet
            if PROMISE_OUTCOME_TOLD and _outcome_told(sentence, candidate.trigger_end):
                continue  # "promised to finish by June, a deadline it missed": the sentence tells how it ended
            if _contested_future(sentence, candidate):
                continue  # "had objected to the text and would oppose any change": a stance, on any reading
            if _vague_time(candidate):
                continue  # "will leave the bloc in due course": put off, no time committed to
            if _negated_reporter(sentence, candidate):
                continue  # "no government has offered to host it": nobody made it
            if _options_looked_at(candidate):
                continue  # "would look at all options", "will read it carefully": thought, no act
            if _listening(candidate):
                continue  # "will continue to listen to the towns", "would listen first": attention, no act
            yield candidate


def _optional(candidate: _Candidate | None) -> tuple[_Candidate, ...]:
    return () if candidate is None else (candidate,)


FLOATING_QUANTIFIER = rule(
    "pledges.floating-quantifier",
    "\"we will all meet again\", \"will each pay\": the verb after \"all\", \"both\" or \"each\" is the act (a meeting stays "
    "a schedule)",
)
QUESTION = rule(
    "pledges.question-commits-nobody",
    "a question (\"Are you confident Norland will leave?\") and a \"what\" clause (\"what Norland will do\") name no "
    "commitment",
)


NEXT_CANDIDATE = rule(
    "pledges.next-candidate",
    "when the first commitment read in a sentence is left out (no actor, nothing committed to), the next reading is "
    "tried",
)


GAVE_ITS_WORD = rule(
    "pledges.gave-its-word",
    "\"Norland gave its word that the crossings would stay open\": a side that gives its word that something will be "
    "done promises it, as with \"promised that\"",
)
COMMIT_VERB = rule(
    "pledges.commitment-verb",
    "a commitment verb (pledged, promised, vowed, agreed to, committed to, undertook, guaranteed, assured) commits "
    "its subject to its object",
)
AFFIRMED = rule(
    "pledges.affirmed-commitment", "a commitment affirmed or renewed (\"reaffirmed its commitment to\") is a pledge"
)
BACKED_PLAN = rule("pledges.backed-plan", "backing or adopting a plan to do something commits to doing it")
PROVIDES_FOR = rule("pledges.agreement-provides-for", "what an agreement provides for binds its parties")
ANNOUNCED_ACTION = rule(
    "pledges.announced-action",
    "an action a named actor will take, announced by its side (\"Norland will reopen\", \"said it would send\")",
)
QUOTED_COMMITMENT = rule(
    "pledges.quoted-commitment", "a commitment in the speaker's own quoted words (\"We will ...\") is the speaker's"
)


PARSED_COMMITMENT = rule(
    "pledges.parsed-commitment-verb",
    "a commitment verb the patterns pass over is read from the parse: its subject commits to its \"to\" clause, "
    "unless a hedge, a negation or a question governs it",
)
_COMMIT_FORMS = frozenset(
    "pledged promised vowed agreed undertook committed guaranteed assured pledges promises vows agrees undertakes "
    "commits guarantees assures".split()
)
_GOVERNING_HEDGES = frozenset(
    "hope hoped hopes expect expected expects whether if unless likely unlikely may might could would should must "
    "doubt doubts plan plans planned want wants wanted urge urged ask asked refuse refused deny denied failed "
    "question when".split()
)


PARSED_REPORTED_FUTURE = rule(
    "pledges.parsed-reported-future",
    "an action a named actor \"will\" take, reported under \"said\" or \"announced\", is read from the parse when the "
    "patterns pass over it",
)
NEGATION_BETWEEN = rule(
    "pledges.negation-between-auxiliary-and-verb",
    "'Norland would \"never again\" accept a deal': a \"not\" or \"never\" between the auxiliary and the verb, in "
    "quote marks or not, denies the act even where the parse does not hang it on the verb",
)
_DENIAL_PHRASE = re.compile(
    r"(?:under|in)\s+no\s+(?:circumstances?|case|way)|by\s+no\s+means|at\s+no\s+(?:point|time|stage)", re.IGNORECASE
)
_NEGATION = re.compile(r"\b(?:not|never|no\s+(?:circumstances?|case|way|means|point|time|stage))\b|n[’']t\b", re.IGNORECASE)
LOOKING_AT = rule(
    "pledges.examining-is-no-act",
    "\"would examine all options\", \"will ponder the offer\", \"would reconsider\": a promise to examine something, "
    "like one to consider or study it, commits to no act",
)
_LOOKING_VERBS = frozenset("examine ponder mull reflect reconsider".split())
REVIEW_IS_NO_ACT = rule(
    "pledges.review-is-no-act",
    "\"We will review it\", \"Norland would review the complaint\": a review of a matter put to the side, like an "
    "examination, answers it without committing to any outcome (\"is to review the loan conditions\", under a deal's "
    "terms, stays an act)",
)
_REVIEWED_MATTER = re.compile(
    r"\s+(?:it|this|that|them|the\s+(?:matter|request|complaint|case|question|decision|situation|proposal|idea|report))\b"
)
_SCHEDULE_VERBS = frozenset(
    "be have meet visit travel go come arrive attend fly return hold convene gather remain stay need see become "
    "happen continue seem appear win lose fall rise face want like hope expect try say tell think know feel find "
    "mean cost depend lead result speak talk discuss consult confer sit consider study explore weigh welcome "
    "focus wait get".split()
)


_HISTORY_DATE = re.compile(r"\b(?:(?:in|since) (?:19|20)\d\d|\w+ years? ago|last (?:year|month|week))\b")


# A promise made again and again: "has promised, more than once, to", "has vowed repeatedly to".
_REPEATED = re.compile(
    r"\b(?:(?:two|three|four|five|several|many|\d+) times|repeatedly|more than once|time and again|again and again|"
    r"on (?:several|many|numerous) occasions)\b"
)


def _schedule(commitment: str) -> bool:
    """A commitment that is a meeting schedule: "talk again by telephone", "send a delegation to Oslo"."""
    verb, _, tail = commitment.partition(" ")
    verb = verb.lower()
    return bool(
        _SCHEDULE.match(verb)
        or (verb == "send" and _delegation_sent(" " + tail))
        or (verb == "vote" and tail.startswith("on "))
        or (verb == "host" and _HOSTED_EVENT.match(" " + tail))
        or (verb == "hold" and HELD_MEETING and _HELD_MEETING.match(" " + tail) is not None)
        or _press_event(commitment)
        or _chairs_meeting(commitment)
        or _talks(commitment)
    )


TALKS_SCHEDULE = rule(
    "pledges.talks-and-visits-are-a-schedule",
    "\"keep talking\", \"pay an official visit\", \"leave for Vel\", \"agreed that their deputies would meet\", \"The "
    "assembly will debate the budget on Tuesday\": talking on, travel, and a body's debates, hearings and briefings "
    "are a schedule, not a commitment (negotiations to open or conclude are one, as is what a body will pass, fund "
    "or ratify, or a vote it will hold)",
)
_TALKS = re.compile(
    r"keep\s+(?:on\s+)?(?:talking|meeting|in touch)\b"
    r"|(?:stay|remain|keep)\s+in\s+(?:close\s+|regular\s+|constant\s+)?(?:contact|touch)(?:\s+(?:with|on|about|over)\s+[\w\s'’-]+)?[\s.;!\"”’]*$"
    r"|maintain\s+(?:close\s+|regular\s+|constant\s+)?(?:contact|communication)(?:\s+(?:with|on|about|over)\s+[\w\s,'’-]+)?[\s.;!\"”’]*$"
    r"|pay\s+(?:a|an|their|his|her|its)\s+(?:[\w-]+\s+)?visit\b|leave\s+for\b",
    re.IGNORECASE,
)


# "(agreed) that their deputies would meet", "that a first round of talks would be held / would resume": the
# clause's subject and verb make it a schedule (a border that "would reopen" is an act).
_THAT_MEETING = re.compile(r"(?:[\w’'-]+\s+){1,8}?(?:would|will|should|shall)\s+(?:(?:meet|reconvene|convene)\b|"
                           r"(?P<event>be\s+held|resume|take\s+place|continue|start|begin|open)\b)")


def _talks_that(clause: str) -> bool:
    """The clause agreed on only sets a meeting: "their deputies would meet", "talks would be held in July"."""
    meeting = _THAT_MEETING.match(clause)
    if meeting is None:
        return False
    return not meeting.group("event") or _TALK_NOUNS.search(clause[: meeting.start("event")]) is not None


WORK_TOWARDS = rule(
    "pledges.work-towards-is-an-aim",
    "\"The leaders agreed to work towards designating the sea an emissions control area\", \"will work toward a "
    "settlement\": working towards something is an aim, not a deed committed (\"agreed to build\" still is; so is "
    "\"work on the bridge\" left to the rules it had)",
)


def _aim(commitment: str) -> bool:
    """ "work towards ...": an aim (WORK_TOWARDS)."""
    return bool(WORK_TOWARDS) and re.match(r"work\s+(?:together\s+)?towards?\b", commitment.strip(), re.IGNORECASE) is not None


RECALLED_IT = rule(
    "pledges.it-will-be-recalled",
    "\"It will be recalled that in 2027 the two countries closed the border\": a reporter's formula that points back "
    "to a past event; \"will be recalled\" commits nobody (\"the ambassador will be recalled\" still reads)",
)


def _held_meeting(commitment: str) -> bool:
    """A meeting to be held ("hold their next summit in Amar"): a schedule (HELD_MEETING)."""
    verb, _, tail = commitment.partition(" ")
    return bool(HELD_MEETING) and verb.lower() == "hold" and _HELD_MEETING.match(" " + tail) is not None


def _talks(commitment: str) -> bool:
    """Talking on or travel promised ("keep talking", "pay a visit", "leave for Vel") (TALKS_SCHEDULE)."""
    return bool(TALKS_SCHEDULE) and _TALKS.match(commitment.strip()) is not None


CHAIRING_IS_A_SCHEDULE = rule(
    "pledges.chairing-a-meeting-is-a-schedule",
    "\"will open the summit at 10:00 and chair both working sessions\", \"will chair the first session\": who "
    "opens or chairs a meeting is its running order, a schedule like hosting talks (\"will open the border\", "
    "\"open the way to talks\" are not meetings)",
)
_CHAIRED_MEETING = re.compile(
    r"(?:chair|co-chair|open|preside\s+over)\s+(?:the|a|an|both|its|their|his|her|each|every|all)\s+"
    r"(?:(?!way\b)[\w-]+\s+){0,2}?(?:summit|meeting|session|sessions|conference|round|debate|forum|dialogue)\b",
    re.IGNORECASE,
)


def _chairs_meeting(commitment: str) -> bool:
    """ "chair the first session", "open the summit": the meeting's running order (CHAIRING_IS_A_SCHEDULE)."""
    return bool(CHAIRING_IS_A_SCHEDULE) and _CHAIRED_MEETING.match(commitment.strip()) is not None


def _press_event(commitment: str) -> bool:
    """"give a closing press conference", "deliver a speech": when someone will speak (see PRESS_EVENT)."""
    verb, _, tail = commitment.partition(" ")
    return bool(PRESS_EVENT) and verb.lower() in _PRESS_VERBS and _PRESS_EVENT.match(" " + tail) is not None


def _parsed_futures(sentence: str) -> Iterator[_Candidate]:
    aux = re.search(r"\b(?:will|would|shall)\b", sentence) if PARSED_REPORTED_FUTURE else None
    if aux is None or not any(w.lower().strip(",") in SPEECH_VERBS for w in sentence[: aux.start()].split()):
        return None  # no "will", or no speech verb before it: nothing reported to parse
    doc = syntax.parse(sentence)
    if doc is None:
        return None
    for token in doc:
        if token.dep_ != "aux" or token.lower_ not in ("will", "would", "shall"):
            continue
        verb = token.head
        looking = LOOKING_AT and verb.lower_ in _LOOKING_VERBS
        if REVIEW_IS_NO_ACT and verb.lower_ == "review" and _REVIEWED_MATTER.match(sentence[verb.idx + len(verb.text) :]):
            looking = True  # "said Norland would review the complaint": no act promised
        if verb.tag_ != "VB" or verb.lower_ in _SCHEDULE_VERBS or looking or any(c.dep_ == "neg" for c in verb.children):
            continue
        if NEGATION_BETWEEN and token.i < verb.i and _NEGATION.search(doc[token.i + 1 : verb.i].text):
            continue  # 'would "never again" accept': a negation the parse did not hang on the verb still denies
        clause = verb
        while clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head
        if _PREDICTED.search(sentence[: token.idx]):
            continue  # "Analysts said Kalvia would respond": a forecast
        if clause.dep_ != "ccomp" or clause.head.lower_ not in SPEECH_VERBS or _THREAT_REPORT.match(clause.head.text):
            continue  # not reported, or a warning: "warned that Norland would strike back"
        if any(c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children) for c in verb.children):
            continue  # "would strike back if ...": a condition, not a commitment
        if any(a.lower_ in _GOVERNING_HEDGES for a in verb.ancestors if a is not clause.head):
            continue
        subject = syntax.subject_of(doc, verb)
        if subject is None or subject.tag_ not in ("NNP", "NNPS"):
            continue
        start, end = syntax.phrase(subject)
        first = verb.i
        last = max(t.i for t in verb.subtree)
        commitment = _clause_end(doc[first : last + 1].text)
        if _schedule(commitment):
            continue
        if ANNOUNCED_THREAT and (_THREAT_OBJECTS.match(commitment) or _RESPONSE_THREAT.match(commitment)):
            continue  # 'said Norland would respond "in a proportionate manner"': a threat, as the word reading has it
        yield _Candidate(doc[start:end].text, commitment, verb.idx, token.idx)
        continue


DRAFT_BINDS_NO_ONE = rule(
    "pledges.a-draft-binds-no-one",
    "\"A draft statement seen by reporters commits the leaders to ...\": a text that is only a draft or a proposal "
    "binds no one, so what it would commit to is no pledge (nor is the draft an actor)",
)


RELATIVE_PRONOUN_NO_ACTOR = rule(
    "actors.relative-pronoun-is-no-actor",
    "\"a budget rule that commits the government to ...\", \"a mandate which commits Orsania to ...\": a relative "
    "pronoun the parse gives as a commitment verb's subject stands for a thing or someone named before it; it is "
    "never shown as who committed (the commitment is left out rather than guessed)",
)
_RELATIVE_PRONOUNS = frozenset(("that", "which", "who", "whom"))


_SIGNING_VERBS = frozenset("signed adopted approved concluded endorsed sealed struck reached agreed".split())


def _signers_bound(doc: Any, verb: Any) -> str | None:
    """Who signed the text a relative clause binds "them" or "it" to, read from the parse: in "Leaders signed a
    pact on Friday that commits them to ...", the pact's signers; None for any other relative clause."""
    antecedent = verb.head
    bound = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.dep_ != "relcl" or not bound or bound[0].lower_ not in ("them", "it", "themselves", "itself"):
        return None
    if not re.fullmatch(_AGREEMENT_NOUNS, antecedent.lower_) or antecedent.dep_ != "dobj":
        return None
    if antecedent.head.lower_ not in _SIGNING_VERBS:
        return None
    subject = syntax.subject_of(doc, antecedent.head)
    if subject is None or syntax.kind_of(doc, subject) not in ("name", "noun", "person", "organisation", "place"):
        return None
    words = sorted(t.i for t in subject.subtree)  # "Leaders of the five Amber Sea states", not "Leaders"
    return str(doc[words[0] : words[-1] + 1].text)


def _parsed_commitments(sentence: str) -> Iterator[_Candidate]:
    if not PARSED_COMMITMENT or not any(w.lower().strip(",.") in _COMMIT_FORMS for w in sentence.split()):
        return None
    doc = syntax.parse(sentence)
    if doc is None:
        return None
    for token in doc:
        if token.lower_ not in _COMMIT_FORMS or not token.tag_.startswith("VB"):
            continue
        complement = next((c for c in token.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
        if complement is None or any(c.dep_ == "neg" for c in token.children):
            continue
        if HISTORY and any(c.dep_ == "aux" and c.lower_ == "had" for c in token.children) and _HISTORY_DATE.search(sentence):
            continue  # "had promised in 2023 to": a promise of the past, recalled with its date
        if HISTORY and any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for c in token.children) and _REPEATED.search(sentence):
            continue  # "has promised, more than once, to": a promise recalled as history
        if any(a.lower_ in _GOVERNING_HEDGES for a in token.ancestors) or any(
            c.lower_ in _GOVERNING_HEDGES for c in token.children if c.dep_ in ("aux", "mark", "advmod")
        ):
            continue
        if REPORT_REJECTED and _REPORT_REJECTED.search(sentence[max(0, token.idx - _REACH) : token.idx]):
            continue  # "pushed back at reports that Marvessa had promised to": a denial
        if NOR_OPENS and _NOR_OPENS.search(sentence[max(0, token.idx - _REACH) : token.idx]):
            continue  # "Nor has Estavia promised to reopen": "nor" denies
        subject = syntax.subject_of(doc, token)
        if subject is None or syntax.kind_of(doc, subject) not in ("name", "noun", "person", "organisation", "place"):
            continue
        start, end = syntax.phrase(subject)
        actor = doc[start:end].text
        if RELATIVE_PRONOUN_NO_ACTOR and actor.lower() in _RELATIVE_PRONOUNS:
            signers = _signers_bound(doc, token)
            if signers is None:
                continue  # "a budget rule that commits the government to ...": "that" is the rule, never a side
            actor = signers  # "Leaders signed a pact on Friday that commits them to ...": the leaders
        if DRAFT_BINDS_NO_ONE and (_is_proposal(actor) or _proposed(sentence[: token.idx])):
            continue  # "A draft communique commits the leaders to ...": a text not agreed binds no one yet
        first = min(t.i for t in complement.subtree)
        last = max(t.i for t in complement.subtree)
        commitment = doc[first : last + 1].text
        commitment = _clause_end(re.sub(r"^(?:to|that)\s+", "", commitment))
        if _schedule(commitment) or _aim(commitment) or (THREATS and _THREAT_OBJECTS.search(commitment[:60])):
            continue
        yield _Candidate(actor, commitment, complement.idx, token.idx)
        continue


PROMISED_US = rule(
    "pledges.promised-us-is-a-complaint",
    "\"The government promised us the highways, and we still have none\": in a speaker's quoted words, what another "
    "side \"promised us\" is recalled, most often in complaint, not a pledge the speaker reports (also when the "
    "quote opens after the speaker's colon and the sentence is read as the reporter's: 'said: \"Last year they "
    "promised us this would be sorted\"')",
)
_PROMISED_US = re.compile(r"\b(?:promised|pledged|vowed|promise|promises)\s+(?:us|me)\b", re.IGNORECASE)


THIRD_SIDE_PROMISE_IN_QUOTE = rule(
    "pledges.third-sides-promise-in-a-quote-is-told",
    "'\"Every summit, they promise to find the money,\" said an organiser', '\"She has promised a date that belongs "
    "to another government,\" the opposition leader wrote': a speaker telling in a quote what he, she or they promise is "
    "a promise told of someone else, most often in doubt or complaint, not one the story reports (\"We have promised "
    "...\" in a quote stays a pledge)",
)
_THIRD_SIDE = re.compile(r"(?i:he|she|they|it)")
_PROMISE_VERB = re.compile(r"\bpromis(?:e|es|ed|ing)\s*$", re.IGNORECASE)


def _commit_verb_in_quote(sentence: str) -> _Candidate | None:
    if PROMISED_US and _PROMISED_US.search(sentence):
        return None
    candidate = next(_commit_verbs(sentence), None)
    if candidate and THIRD_SIDE_PROMISE_IN_QUOTE and _THIRD_SIDE.fullmatch(candidate.actor_phrase.strip()) and (
        _PROMISE_VERB.search(sentence[: candidate.trigger_end])
    ):
        return None  # '"She has promised a date that belongs to another government," the opposition leader wrote'
    if candidate and re.search(r"\b(?:is|are|am|'re|’re) (?:\w+ly )?committed\b|\bassured\b|\b(?:re)?assure\b|\bpledged?\b|\bpromised?\b|\bvow(?:ed)?\b|\bundert|\bgive (?:you|us) (?:my|our) (?:\w+ )?word\b", sentence, re.I):
        return candidate
    return None


def _in_quote(start: int, spans: list, span_starts: list[int]) -> bool:
    """A sentence that begins inside a quotation (its words are the speaker's, not the reporter's).

    `spans` are sorted by start; only the quote opening last before the sentence can hold it.
    """
    k = bisect_right(span_starts, start + 3) - 1
    return k >= 0 and spans[k].start - 3 <= start < spans[k].end  # a mark, or a dialogue dash and its space


TRANSCRIPT_LINE_IS_SPEECH = rule(
    "pledges.transcript-line-is-the-speakers-words",
    "a transcript line labelled with a person the story named (\"LASK: Yes. We will lift the sanctions on Friday.\") "
    "is that person's own words: its sentences are read as a quote is, \"we\" is the person's side, and the label "
    "is no part of who acts (\"Lask: We\" is Lask)",
)


QUOTE_AFTER_COLON = rule(
    "pledges.quote-after-the-speech-verb",
    "'Finance Minister Ola Rask said: \"We will pay the first tranche by June.\"': a quote opened after its speaker's "
    "speech verb in the same sentence is the speaker's own words, read as a quote that opens the sentence is",
)
# The speech verb (and what may follow it: "told reporters", "said on Monday") right before a quote's opening mark,
# set off by a colon or a comma.
_SPEECH_BEFORE_QUOTE = re.compile(
    r"\b(?:said|says|told|tells|added|adds|declared|stated|announced|insisted|stressed|wrote|promised|pledged|"
    r"vowed|assured)(?:\s+[\w’'-]+){0,4}?\s*[:,]\s*$"
)


PASSIVE_SUBJECT = rule(
    "actors.thing-acted-on-is-no-actor",
    "\"assured that the highway will be reopened\", \"said the icons would be handed over\": a passive's subject is what "
    "is acted on, not who acts; the one who announces it answers for it, and with none there is no pledge (in "
    "reported speech; a passive in a quote or a transcript answer is left as it was)",
)


def _acted_on(actor: str, commitment: str) -> bool:
    """The actor is a common noun phrase ("the highway") that the commitment acts on ("reopen the highway")."""
    lowered = actor.strip().lower()
    return bool(re.fullmatch(r"(?i:the)\s+[a-z][\w’'-]*(?:\s+[a-z][\w’'-]*){0,3}", actor.strip())) and re.search(
        r"\b" + re.escape(lowered) + r"\b", commitment.lower()
    ) is not None


SUBJECT_NAMED_LATER = rule(
    "actors.it-is-not-named-after-it",
    "\"Tervania will withdraw its frigates. It has agreed to reopen the Kessel lighthouse\": a pronoun subject stands for "
    "someone named before it, never for a name that only comes later in its own sentence",
)


def _named_only_later(sentence: str, phrase: str, own: Entity, trigger_end: int) -> bool:
    """The phrase is a bare "it"/"they" and the sentence's own subject is named only after it."""
    if phrase.strip(" ,\"“”").lower() not in ("it", "they"):
        return False
    found = [m.start() for m in re.finditer(r"\b" + re.escape(phrase.strip(" ,\"“”")) + r"\b", sentence[:trigger_end])]
    words = [w for w in own.name.split() if w[:1].isupper()]
    if not found or not words:
        return False
    at = found[-1]
    return words[-1] in sentence[at:] and words[-1] not in sentence[:at]


THE_ROLE_BEFORE_A_NAME = rule(
    "actors.the-role-before-a-name",
    "\"The trade envoy Brun pledged to ...\": a role in lower case after \"the\", run on into a name, is the "
    "person's title; the actor is the person (\"Brun\"), as for \"Trade envoy Brun\" or \"Foreign Minister Ada "
    "Brun\", not the whole phrase (a role with no name, or a body's name after \"the\", is left as written)",
)
# "the (Norland) trade envoy Brun": "the", up to three words, a lower-case role, then one to three capitalised words.
_THE_ROLE_NAME = re.compile(r"(?i:the)\s+(?:[\w’'-]+\s+){0,3}([a-z][\w’'-]*)\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}")


def _actor_name(phrase: str, registry: Registry, own: Entity | None) -> str:
    """The actor as a reader would name them: pronouns and surnames resolved, titles folded away."""
    phrase = phrase.strip(" ,\"“”")
    lowered = phrase.lower()
    if not phrase or lowered in ("that", "this", "it", "which") and own is not None:
        return own.name if own else ""
    if lowered in ("he", "she", "they", "it", "we", "i"):
        entity = registry.resolve(lowered, own_subject=own) if lowered not in ("we", "i") else own
        return entity.name if entity else phrase
    owner = re.match(r"(his|her|their|its) (.+)", phrase, re.IGNORECASE)
    if owner:
        pronoun = {"his": "he", "her": "she", "their": "they", "its": "it"}[owner.group(1).lower()]
        entity = registry.resolve(pronoun, own_subject=own)
        if entity is None:
            return phrase
        place = re.match(r"(?:the\s+)?([A-Z][\w-]*(?:\s[A-Z][\w-]*)*)['’]s?\s", entity.name)
        governed = HIS_GOVERNMENT and owner.group(2).lower() in _GOVERNMENTS
        if OWN_COUNTRY and place and (owner.group(2).lower() in ("country", "nation") or governed):
            return place.group(1)  # "Halvory's energy minister said his country would": Halvory
        served = _ROLE_OF_PLACE.fullmatch(entity.name) if ROLE_OF_PLACE_OWNS else None
        if served and owner.group(2).lower() in _PLACE_OWNED:
            return served.group(1)  # "The representative of Marosa said his Government would": Marosa
        return f"{entity.name}’s {owner.group(2)}"
    head = lowered.split()[-1]
    if re.fullmatch(r"the (?:[\w-]+ ){0,2}[\w-]+", lowered) and head in ROLE_NOUNS and not head.endswith("s"):
        entity = registry.resolve(phrase, own_subject=own)  # "the minister": the person the story named so
        if entity is not None and entity.kind == "person":
            return entity.name
    if THE_ROLE_BEFORE_A_NAME and (titled := _THE_ROLE_NAME.fullmatch(phrase)) and titled.group(1) in ROLE_NOUNS:
        entity = registry.resolve(phrase)  # "The trade envoy Brun": Brun, as "Trade envoy Brun" is
        if entity is not None and entity.kind == "person":
            return entity.name
    if re.search(r"\band\b", phrase) or lowered.startswith(("the ", "both ")):
        return phrase
    parsed = parse_phrase(phrase)
    if parsed.name and (parsed.titles or parsed.lead or len(parsed.name) == 1):
        entity = registry.resolve(phrase)
        if entity is not None and entity.kind == "person":
            return entity.name
        return " ".join(parsed.name)
    if PORTFOLIO_LIST and len(parsed.name) > 2:
        run = " " + " ".join(parsed.name)
        for entity in reversed(registry.entities):  # "Regional Cooperation Haldor Eikeland": the person met as such
            if entity.kind == "person" and " " in entity.name and run.endswith(" " + entity.name):
                return entity.name
    return phrase


def _content_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]{4,}", text.lower()))


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same commitment reported twice: most of the shorter one's content words are in the other."""
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.6


# A commitment repeated in a story is compared with this many pledges before it (keeps long texts linear).
_RECENT_PLEDGES = 50


SOURCE_NOT_AHEAD = rule(
    "actors.source-pronoun-not-named-later",
    "the source of a reported commitment given as \"it\" or \"they\" is never someone the same sentence names only "
    "after it (\"It says Norland will ... and that the Red Cross will supervise\": not according to the Red Cross), "
    "nor the bare pronoun",
)
NOT_AN_ACTOR = rule(
    "actors.not-a-date-adjective-or-dateline",
    "an actor the parse reads as a date, a place adjective or a dateline is replaced by the verb's subject, or the "
    "pledge is left out",
)
PARSED_SUBJECT = rule(
    "actors.parsed-subject", "where the rules find no actor, the parsed subject of the commitment verb is the actor"
)
REPORTED = rule(
    "actors.reported-commitment",
    "a commitment reported by someone else belongs to the one who committed, with the source in the actor",
)
RECIPIENT_OF_THE = rule(
    "pledges.recipient-with-an-of-phrase",
    "\"promised the families of the missing that it would search the valley\": a recipient of several words (\"the "
    "families of the missing\") before \"that\" is who was promised; the promise is the clause after it",
)
_RECIPIENT_OF = re.compile(r"^(?:the|its|their|his|her) [a-z]+ of (?:the |its |their )?[a-z]+(?: [a-z]+)?,? that ")
# An amount with no thing promised: "They have promised a lot in the corridors", "promised everything and delivered
# nothing" ("a lot of grain" is a thing promised) (NEEDS_OBJECT).
_VAGUE_OBJECT = re.compile(
    r"(?:a lot|lots|much|so much|too much|little|very little|everything|anything|nothing|many things|the moon|the earth"
    r"|the world)\b(?!\s+(?:of|to|that|for)\b)",
    re.IGNORECASE,
)
OBJECT_LOST = rule(
    "pledges.commitment-ends-on-a-preposition",
    "\"we will keep working toward that\" shown as \"keep working toward\": a commitment that ends on a preposition "
    "has lost what it was for, and says nothing a reader can follow",
)
_ENDS_ON_PREPOSITION = re.compile(r"\s(?:toward|towards|to|for|on|with|at|about|into|from|of)\s*$", re.IGNORECASE)
PRONOUN_ALONE = rule(
    "pledges.pronoun-alone-is-no-commitment",
    "\"She promised them in March.\", \"Norland has pledged it before, and ...\": a promise whose object is a bare "
    "pronoun, with at most a time after it, names nothing a reader of the digest could follow; it is left out "
    "(\"promised them a new bridge\", \"promised it would pay\" still read)",
)
_PRONOUN_ALONE = re.compile(
    rf"(?:it|them|this|that|these|those)(?:\s+(?:again|before|once|twice|already|{_PLACE_OR_TIME}))?"
    r"\s*(?:[.;:!?,\"”’]|$|(?:and|but|or)\b)",
    re.IGNORECASE,
)
NEEDS_OBJECT = rule(
    "pledges.commitment-needs-an-object",
    "a commitment verb followed by no object and no \"to\" or \"that\" (\"what we promised and ...\"), or by an amount "
    "with no thing promised (\"They have promised a lot in the corridors\", \"promised everything\"), commits to nothing",
)
QUOTE_IS_THE_PROMISE = rule(
    "pledges.quote-is-the-promise",
    "a commitment verb that closes a quote ('\"We will rebuild,\" he vowed.') promises the quoted words",
)
_QUOTED_BEFORE = re.compile(r"[\"“«‘]([^\"“”«»]{8,}?)[,.!?]?[\"”»’],?\s+(?:[\w’'.-]+\s+){1,5}$")
BARE_PRONOUN = rule(
    "pledges.commitment-not-a-bare-pronoun",
    "a commitment that is only \"it\" or \"that\" and where or when it was made says nothing a reader can follow",
)
_BARE_PRONOUN = re.compile(
    r"(?i:it|that|this|them|so)(?:\s*$|\s+(?:during|at|in|on|after|before|when|while|with|by|last|this|again)\b)"
)
PREPOSITION_ONLY = rule(
    "pledges.preposition-is-no-commitment",
    "\"One thing both sides agree on, officials said, is that the teams will meet\": a commitment that is only a "
    "preposition says nothing a reader can follow",
)
NO_ONE = rule(
    "actors.no-one-and-unresolved-we",
    "\"nobody\" or \"no one\" never commits, and a \"we\" or \"I\" the story does not tie to anyone is left out",
)
INVERTED_NOR = rule(
    "actors.inverted-nor-is-no-actor",
    "\"Nor will I pretend the corridor is perfect\": \"nor\" opening a clause inverts its subject after the "
    "auxiliary; it is no actor, and the clause denies rather than commits",
)
ORDINAL_IS_NO_ACTOR = rule(
    "actors.ordinal-is-no-actor",
    "\"The draft offers three options. The first would commit rich countries to ...\", \"the latter would require\": "
    "an ordinal or \"the former\"/\"the latter\" standing alone points back to something listed (an option, a draft, "
    "a plan), not to a side that commits",
)
_ORDINAL_ACTOR = re.compile(
    r"(?i:the\s+)?(?i:first|second|third|fourth|fifth|last|former|latter|"
    r"first\s+(?:one|option)|second\s+(?:one|option)|third\s+(?:one|option))"
)
_NOBODY = frozenset({"nobody", "no one", "none", "neither", "no-one", "we", "i", "you"})
_NO_ONE = re.compile(r"(?<![\w-])(?i:no)[\s-]+one\b")
# "Nobody honest can", "No one in the cabinet has": the clause before a commitment verb opens on nobody.
_NOBODY_OPENS = re.compile(r"(?:^|[\s\"“‘(])(?:nobody|no[\s-]+one|none)\b[^,;:\"”]*$", re.IGNORECASE)
NO_SIDE = rule(
    "actors.neither-side-commits-nobody",
    "\"Neither side has committed to lifting the advisories\", \"No government pledged to ...\", \"None of the parties "
    "agreed to ...\": a subject opened by neither, no or none commits nobody",
)
_NO_SIDE = re.compile(r"(?:neither|none|no)\s+(?!\d|one\b)[a-z]", re.IGNORECASE)


def _no_side_opens(sentence: str, phrase: str) -> bool:
    """The clause of the actor's phrase opens on "neither", "no" or "none" and runs to the phrase with no comma
    ("No government in the region pledged": the actor read is "the region", the subject is nobody)."""
    at = sentence.find(phrase.strip()) if phrase.strip() else -1
    if at < 0:
        return False
    clause = re.split(r"[;:,]", sentence[: at + len(phrase.strip())])[-1]
    return _NO_SIDE.match(clause.lstrip(" *-•\"“‘'")) is not None
_ACTOR_KINDS = frozenset({"person", "organisation", "place", "group", "name", "noun", "pronoun"})


UNPLACED_DATELINE = rule(
    "actors.unplaced-dateline",
    "a wire dateline with a date and no place (\"Aug 3 (Wire) - Donor states pledged\") or only an agency "
    "(\"(Wire) - Norland pledged\") is no part of the actor: the actor is the subject after it",
)
# A dateline's date and agency before the dash, with no place in capitals; the agency's brackets may already be
# blanked to spaces (find_commitments blanks short asides).
_UNPLACED_DATELINE = re.compile(
    r"^\s*(?:(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?)\s*(?:\([^()]{1,40}\)\s*)?"
    r"|\([^()]{1,40}\)\s*)?[-–—](?:\s+|$)"
)

MEETING_PARTICIPLE = rule(
    "actors.meeting-participle-after-the-subject",
    "\"Donor states meeting in Velm pledged\": the participle that says where a group met is no part of the actor "
    "(\"Donor states\")",
)
_MEETING_PARTICIPLE = re.compile(r"(\w{2,}s)\s+(?:meeting|gathered|assembled|gathering)\s*$")


def _parsed_actor(sentence: str, candidate: _Candidate, in_quote: bool) -> tuple[str, syntax.Subject | None] | None:
    """The actor phrase checked against the parse, and who reports the commitment; None to leave the pledge out.

    Quotes are the speaker's own words and are not parsed (the speaker is the actor).
    """
    phrase = candidate.actor_phrase
    if UNPLACED_DATELINE and phrase:
        phrase = _UNPLACED_DATELINE.sub("", phrase)  # "Aug 3 (Wire) - Donor states": the dateline filed it
    if MEETING_PARTICIPLE and phrase:
        phrase = _MEETING_PARTICIPLE.sub(r"\1", phrase)  # "Donor states meeting [in Velm]": the states
    if in_quote or candidate.verb < 0 or not (NOT_AN_ACTOR or PARSED_SUBJECT or REPORTED):
        return phrase, None
    suspect = bool(phrase) and _suspect_actor(sentence, phrase)
    if phrase and not suspect:
        # The parse is not needed: who reports the commitment is the speaker written before the actor.
        return phrase, _reporter_before(sentence, phrase, candidate.verb) if REPORTED else None
    subject, reporter = syntax.verb_subject(sentence, candidate.verb)
    if NOT_AN_ACTOR and suspect and _not_an_actor(sentence, phrase):
        acting = subject if subject is not None and not subject.passive else reporter
        phrase = acting.text if acting is not None and acting.kind in _ACTOR_KINDS - {"pronoun"} else ""
        if not phrase or _not_an_actor(sentence, phrase):
            return None
    if PARSED_SUBJECT and not phrase and subject is not None and not subject.passive and subject.kind in _ACTOR_KINDS - {"pronoun", "noun"}:
        phrase = subject.text
        if UNPLACED_DATELINE:
            phrase = _UNPLACED_DATELINE.sub("", phrase)  # the parse's subject may open on the dateline too
    if not REPORTED or reporter is None or subject is None or subject.passive or subject.kind == "pronoun" or reporter.kind == "noun":
        reporter = None  # "he said he would": one person; "the deal would see": its terms, not a source
    elif not set(subject.text.lower().split()) & set(phrase.lower().split()):
        reporter = None  # the parse and the rules disagree on who committed: no source is added
    return phrase, reporter


LAST_CLAUSE_REPORTER = rule(
    "pledges.reporter-of-the-last-clause",
    "\"Eide said Norland remained open, and a senior official said Halden would suspend the tariffs\": the one "
    "who reports the commitment is the speaker of its own clause, not the first speaker of the sentence",
)
# Where a second clause of a sentence begins: ", and", ", but", ", while", a semicolon.
_NEW_CLAUSE = re.compile(r",[\"”’']?\s+(?:and|but|while|whereas)\s+|;\s+")


def _reporter_before(sentence: str, phrase: str, verb: int) -> syntax.Subject | None:
    """The speaker of "X said [actor] would ...", read by the rules (no parse): None when the actor is a pronoun
    (the speaker's own action) or no speech verb stands between the sentence's start and the actor."""
    if phrase.lower() in PRONOUNS or phrase.lower().split()[0] in ("it", "they", "we", "i"):
        return None
    at = sentence.rfind(phrase, 0, max(verb, 0) + 1)
    if at <= 0:
        return None
    before = sentence[:at]
    if not re.search(r"\b(?:said|says|told \w+|announced|added|stated|confirmed|declared)(?: on \w+day| \w+day)?(?: that)?\s*$", before):
        return None
    speaker = attribution_before(before)
    if LAST_CLAUSE_REPORTER:
        last = _NEW_CLAUSE.split(before)[-1]
        if last != before:
            speaker = attribution_before(last) or speaker  # "X said ..., and an official said [actor] would"
    if not speaker:
        return None
    head = speaker.split()[-1]
    document = head.islower() and head not in ROLE_NOUNS and head not in INSTITUTION_HEADS  # "the deal said"
    return syntax.Subject(speaker, 0, 0, "noun" if document else "name", head)


def _suspect_actor(sentence: str, phrase: str) -> bool:
    """An actor phrase the parse should check: a word in capitals (a dateline), a month or a weekday, a place
    adjective, or a phrase that opens the sentence before a dash."""
    words = phrase.replace(",", " ").split()
    last = words[-1] if words else ""
    lowered = last.lower()
    return (
        (last.isupper() and len(last) > 3)
        or lowered in MONTHS
        or lowered in WEEKDAYS
        or lowered in DEMONYMS
        or lowered.endswith(("ian", "ese", "ish", "ean"))
        or bool(re.match(rf"\W*{re.escape(phrase)}\s*[(—–-]", sentence))
    )


def _not_an_actor(sentence: str, phrase: str) -> bool:
    """The parse reads the actor phrase's last word as a date, an adjective or a dateline."""
    doc = syntax.parse(sentence)
    found = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", sentence)
    if doc is None or found is None:
        return False
    token = syntax.token_at(doc, found.end() - 1)
    if token is None:
        return False
    return syntax.kind_of(doc, token, entities=True) in ("date", "adjective", "dateline")


CONDITION_OWNS_TIME = rule(
    "deadlines.time-inside-a-condition",
    "\"would impose its own sanctions if the council did not act by the end of January\": a time inside an if or "
    "unless clause after the commitment is the condition's, not the commitment's due date",
)
_CONDITION_OPENS = re.compile(r"\b(?:if|unless)\b[^,;:]*$", re.IGNORECASE)


def _in_condition(sentence: str, after: int, when: str) -> bool:
    """The deadline stands after the commitment inside an if or unless clause (no comma between)."""
    at = sentence.find(when, after)
    return at > after and _CONDITION_OPENS.search(sentence[after:at]) is not None


PAST_EVENT = rule(
    "deadlines.past-event",
    "a date the parse ties to a verb in the past (\"talks that stalled in February\") is when something happened, "
    "not a deadline",
)


_DATE_WORDS = re.compile(
    r"\b(?:\d{4}|\d{1,2}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)",
    re.IGNORECASE,
)


def _past_event(sentence: str, when: str) -> bool:
    """The parse attaches a date (a month, a day, a year) to a verb in the past tense."""
    if not _DATE_WORDS.search(when) or re.match(
        r"(?i:until|till|once|as soon as|before|after|when|within|by|no later than|from|starting|beginning)\b", when
    ):
        return False  # "by March 3" is a deadline wherever the parse attaches it; "until ..." a condition
    if re.search(r"(?i:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|a|an))[ -](?:\w+ )?(?:hours?|days?|weeks?|months?|years?)\b", when):
        return False  # "promised elections in 18 months": a span counted from now is never a past date
    doc = syntax.parse(sentence)
    found = re.search(rf"(?<!\w){re.escape(when)}(?!\w)", sentence)
    if doc is None or found is None:
        return False
    token = syntax.token_at(doc, found.end() - 1)
    for _ in range(4):
        if token is None or token.head is token:
            return False
        token = token.head
        if token.tag_.startswith("VB") or token.tag_ == "MD":
            helpers = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
            if any(c.tag_ == "MD" for c in helpers):
                return False  # "would be signed in March": still to come
            # "stalled in February", "was signed in 2015"; not "countries affected by it until the end of 2025"
            return token.tag_ == "VBD" or (token.tag_ == "VBN" and bool(helpers))
    return False


NEXT_SENTENCE_DEADLINE = rule(
    "deadlines.next-sentence-same-act",
    "the sentence right after a pledge, in its paragraph, that speaks of the same act by a word for it (\"It will "
    "take effect on Monday\", \"The work will start next week\", \"The first tranche is to be paid by March\") gives "
    "the pledge its deadline when it has none",
)
# The act a pledge committed to, named again at the head of the next sentence, and what happens to it then.
_FOLLOW_UP = re.compile(
    r"\s*[\"“]?(?:It|This|That|The (?:move|step|measure|measures|decision|deal|agreement|accord|plan|process|work|works|"
    r"withdrawal|handover|hand-over|release|transfer|payment|payments|pullback|pull-back|reopening|deployment|"
    r"exchange|repairs|first (?:phase|stage|step|tranche|group|batch|payment|convoy)))\s+"
    r"(?:will|would|should|is to|are to|is due to|are due to|is expected to|are expected to|is scheduled to|"
    r"are scheduled to|is set to|are set to)\s+(?:also\s+)?(?:be\s+)?(?:take effect|start|begin|come into force|"
    r"enter into force|completed?|finished|implemented|carried out|done|go ahead|take place|happen|in place|ready|"
    r"made|paid|delivered|run|last|continue|end|finali[sz]ed|signed|handed over|released|opened|reopened|lifted|"
    r"apply|get under way|launched|rolled out)\b",
    re.IGNORECASE,
)

NEXT_SENTENCE_NOUN = rule(
    "deadlines.next-sentence-names-the-thing",
    "\"Estavia agreed to reopen the Lask depot. The depot will be back in service by April 15.\": the sentence right "
    "after a pledge, in its paragraph, that opens on the thing the pledge acts on (a noun of its commitment) and says "
    "when it will be done, ready or due (or when it will report, arrive, deploy, convene or go live: \"promised an "
    "inquiry. The inquiry will report by the end of June.\") gives the pledge its deadline when it has none",
)
# "The (new) depot will be back in service", "The report is due", "The ladder is to be finished": the noun before the
# verb is checked against the pledge's commitment.
_FOLLOW_UP_NOUN = re.compile(
    r"\s*[\"“]?The\s+(?:[\w’'-]+\s+){0,2}?(?P<noun>[a-z][\w-]{3,})\s+(?:(?:will|would|should|is to|are to|is expected to|"
    r"are expected to|is scheduled to|are scheduled to|is set to|are set to)\s+(?:also\s+)?(?:be\s+)?(?:back in (?:service|"
    r"operation|use)|in (?:service|operation|place)|up and running|online|finished|completed?|built|ready|operational|"
    r"gone|paid|repaid|delivered|published|submitted|open|opened|reopened|handed over|signed|launched|installed|set up|"
    r"established|constituted|created|formed|"
    # what the thing itself then does: "The inquiry will report by June", "The adviser is to arrive on Monday"
    r"report|arrive|deploy|convene|start work|begin work|go live|take effect|come into force)|"
    r"(?:is|are)\s+(?:now\s+)?due(?!\s+to\b))\b"
)


PAST_CLAUSE = rule(
    "deadlines.past-clause",
    "a clause in the past (\"after the talks collapsed\", or one that tells when a past act happened: \"talks that "
    "stalled after a failed summit\") is what happened, not an event the commitment waits for",
)


def _clause_in_past(sentence: str, when: str) -> bool:
    """A clause deadline whose own verb is in the past, or which the parse ties to a verb in the past."""
    doc = syntax.parse(sentence)
    found = re.search(rf"(?<!\w){re.escape(when)}(?!\w)", sentence)
    if doc is None or found is None:
        return False
    tokens = [t for t in doc if found.start() <= t.idx < found.end()]
    if any(t.tag_ == "VBD" for t in tokens):
        return True  # "after the talks collapsed", "when the crisis erupted"
    head = tokens[0].head if tokens else None
    return head is not None and head.tag_ == "VBD" and head.lower_ not in _COMMIT_FORMS


SECOND_IN_SENTENCE = rule(
    "pledges.second-act-and-will",
    "\"Arnholt will deliver the first vessel within 18 months and will open a maintenance yard\": a second act the "
    "same subject \"will\" do, joined by \"and will\", is a pledge of its own, with its own time",
)
ALSO_AFTER_A_PLEDGE = rule(
    "pledges.it-will-also-after-a-pledge",
    "\"Her government will rebuild every school. It will also pay each family a grant.\": a sentence opening on "
    "\"It\" or \"They\" and \"will also\" (\"would also\", \"is to also\") right after a pledge read in the same "
    "paragraph goes on with that side's pledges",
)
_ALSO_FOLLOWS = re.compile(r"\W*(?P<pronoun>It|They)\s+(?:will|would|is to|are to)\s+also\s+[a-z]")

IT_FOR_THE_BODY_BEFORE = rule(
    "pledges.it-for-the-body-named-before",
    "\"The ministry has chartered two aircraft. It will also open a consular office on Friday.\": a sentence opening "
    "on \"It will\" (\"It would\", \"It is to\") right after a sentence of the same paragraph whose subject is a "
    "body (a ministry, agency, council, mission, company) is that body's announced act, whether or not the sentence "
    "before held a pledge (not a thing's \"It\": \"The bridge was damaged. It will reopen in May.\")",
)
_IT_OPENS = re.compile(r"\W*(?P<pronoun>It)\s+(?:will|would|is to)\s+(?:also\s+)?[a-z]")
# The subject a sentence opens with, up to its head noun: "The ministry", "Zaravia's justice ministry", "The Lake
# Council", "Its foreign ministry"; the verb must follow the head, so "The ministry's report" is no body's subject.
_BODY_OPENING = re.compile(
    r"\W*(?P<body>(?:The|the|Its|[A-Z][\w-]*(?: [A-Z][\w-]*)*['’]s?)(?: [A-Za-z][\w-]*){0,3}?"
    r" (?P<head>[A-Za-z]+))(?: also)? (?:said|says|has|had|is|was|will|would|announced|confirmed|"
    r"recommended|also|plans|planned|agreed|set|sent|chartered|opened|made|took|issued|published|[a-z]+ed)\b"
)


CORRECTED_CLAIM = rule(
    "pledges.corrected-earlier-version",
    "\"An earlier version of this post said Norland would hand over the list by Friday\": what a correction says the "
    "page wrongly reported is no pledge",
)


AGREED_IN_THE_PASSIVE = rule(
    "actors.agreed-in-the-passive-is-the-sides",
    "\"The sides reached consensus on trade. ... It was agreed to create a joint working group\": an agreement told in "
    "the passive with no agent (\"It was agreed to\", \"a programme had been agreed to\") was made by the sides the "
    "story last named together as a pledge's actor, never by \"It\" or by the thing agreed; with none named yet it "
    "is left out",
)
# "It was agreed", "a programme had been agreed": the agreeing verb in the passive, right before where it stands.
_AGREED_PASSIVE = re.compile(r"\b(?:was|were|is|are|has been|have been|had been)\s+(?:also\s+|further\s+)?agreed$", re.IGNORECASE)


def _joint_sides(actor: str) -> bool:
    """ "Merva and Dalstan", "The sides", "G7 ministers (according to ...)": sides named together."""
    named = actor.split(" (")[0].strip()
    words = named.split()
    if " and " in named and all(w[:1].isupper() or w == "and" for w in words):
        return True
    return len(words) >= 2 and words[-1].lower() in _GROUP_WORDS and words[-1].lower().endswith("s") and words[-1].lower() != "officials"


class PledgeCollector:
    """Finds pledges while the quote reader walks the article, so both share one view of who is who."""

    def __init__(self, published: date | None, author_side: str | None = None) -> None:
        self.published = published
        self.author_side = author_side  # the side an op-ed's author writes for (OP_ED_AUTHOR), or None
        self.pledges: list[Pledge] = []
        # Sentences where a side says how it will judge the others ("we will judge the deeds"): no pledge, but the
        # side's stance on the news, which the summary still weighs as a commitment
        self.stances: list[str] = []
        # Sentences of pledges that are things arriving on time (THING_ARRIVES), one entry a pledge
        self.arrivals: list[str] = []
        self._paragraph: str | None = None
        self._spans: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._span_starts: list[int] = []
        self._seen: dict[str, int] = {}  # commitment text -> index of its pledge
        self._recent: list[frozenset[str]] = []  # content words of every pledge, in the order of self.pledges
        self._joint: str | None = None  # the last sides named together as a pledge's actor ("Merva and Dalstan")
        self._previous: tuple[str, int, int] | None = None  # paragraph, sentence end, pledge index of the last one
        self._story_begun = False  # a paragraph ending in a full stop was read: headlines and decks lie before it
        self._headline = False  # the current paragraph is a headline or deck (HEADLINE_BEFORE_THE_STORY)

    def __call__(self, context: SentenceContext) -> None:
        if context.paragraph is not self._paragraph:
            self._paragraph = context.paragraph
            self._spans = sentence_spans(context.paragraph)
            self._starts = [start for start, _ in self._spans]
            self._span_starts = [span.start for span in context.spans]
            finished = _FINISHED_LINE.search(context.paragraph) is not None
            self._headline = (
                not self._story_begun and not finished and len(self._spans) == 1
                and _UNFINISHED_LINE.search(context.paragraph) is not None and not _LIST_ITEM.match(context.paragraph)
            )
            self._story_begun = self._story_begun or finished
        if HEADLINE_BEFORE_THE_STORY and self._headline:
            return  # "Donors pledge $3 billion for quake recovery": the headline; the story's sentence says it
        first = bisect_left(self._starts, context.start)
        for start, end in self._spans[first : bisect_left(self._starts, context.end)]:
            self._sentence(context, start, end)

    def _sentence(self, context: SentenceContext, start: int, end: int) -> None:
        if CORRECTED_CLAIM and CORRECTED_WORDING.search(context.paragraph, start, end):
            return  # "An earlier version of this post said Norland would ...": the claim the page withdrew
        if QUESTION_LINE and QUESTION_LABEL.match(context.paragraph):
            return  # "Q: You said the embassy will reopen in April. Is that firm?": the reporter's question
        if REPORTER_LINE and REPORTER_LABEL.match(context.paragraph):
            return  # "Reporter from Radio Velm: Last year the minister promised to ...": the question, restated
        if TIMELINE_ENTRY and self.published is not None and _past_timeline_entry(context.paragraph, self.published.year):
            return  # "March 2023 - Both governments promise to share data": a timeline's past entry, not news
        sentence = context.paragraph[start:end]
        in_quote = _in_quote(start, context.spans, self._span_starts)
        speaker = context.subject
        side = frozenset(speaker.roles | speaker.words | speaker.owners) if in_quote and speaker is not None else frozenset()
        candidates = find_commitments(sentence, in_quote, side)
        if not NEXT_CANDIDATE:
            candidates = iter(list(candidates)[:1])
        after = _AFTER_CLAUSE.search(sentence) if MAIN_BEFORE_AFTER_CLAUSE and not in_quote else None
        if after is not None:  # the main clause's own act only; the "after" clause is read on its own below
            candidates = iter([c for c in candidates if c.trigger_end <= after.start()])
        for candidate in candidates:
            if OFFER_IF_ELECTED and _IF_ELECTED.search(candidate.commitment):
                continue  # "would hold a referendum if it won": a campaign offer
            if RATHER_IS_A_PREFERENCE and _RATHER.match(candidate.commitment):
                continue  # "We would rather be late and right": a preference, nothing to keep
            if ACCEPT_ONLY_IS_A_POSITION and _ACCEPT_ONLY.match(candidate.commitment):
                continue  # "would accept inspections only with two weeks' notice": a bargaining position
            if CONDITION_OPENS_A_QUOTE and (opened := _CONDITION_OPENS_QUOTE.search(sentence)) and candidate.trigger_end > opened.end():
                continue  # 'told members: "If this House ratifies the treaty, the banks will be emptied"': conditional
            if AGREED_IN_THE_PASSIVE and not in_quote and _AGREED_PASSIVE.search(sentence[: candidate.trigger_end].rstrip()):
                if self._joint is None:
                    continue  # "It was agreed to create a working group", no sides named yet: nobody to name
                candidate = replace(candidate, actor_phrase=self._joint)
            accepted = self._accepted(context, sentence, candidate, in_quote)
            if accepted is not None:
                count = len(self.pledges)
                self._add(sentence, candidate, accepted)
                self._previous = (context.paragraph, end, count) if len(self.pledges) > count else None
                if SECOND_IN_SENTENCE and len(self.pledges) > count:
                    self._second_act(context, sentence, candidate, in_quote, side)
                if (SECOND_SIDE or SECOND_SIDE_BY_A_NOUN) and len(self.pledges) > count:
                    self._second_side(context, sentence, candidate, in_quote, side)
                if SECOND_INFINITIVE and len(self.pledges) > count:
                    self._second_infinitive(sentence, candidate, count)
                if SECOND_REPORTED_SIDE and len(self.pledges) > count:
                    self._second_reported_side(context, sentence, candidate, in_quote, side)
                if after is not None and len(self.pledges) > count:
                    self._after_clause(context, sentence, after.end(), in_quote, side)
                return
        if after is not None:
            self._after_clause(context, sentence, after.end(), in_quote, side)
            return
        if ALSO_AFTER_A_PLEDGE and not in_quote and self._previous is not None and self._also_follows(context, start, end):
            return
        if IT_FOR_THE_BODY_BEFORE and not in_quote and self._it_for_the_body(context, start, end):
            return
        if QUOTE_AFTER_COLON and not in_quote and self._quote_after_speech(context, start, end):
            return
        if TRANSCRIPT_LINE_IS_SPEECH and not in_quote and self._transcript_line(context, start, end):
            return
        if OP_ED_AUTHOR and not in_quote and self.author_side and self._author_line(context, start, end):
            return
        if NEXT_SENTENCE_DEADLINE and self._previous is not None:
            paragraph, previous_end, index = self._previous
            self._previous = None
            if paragraph is context.paragraph and not context.paragraph[previous_end:start].strip():
                self._deadline_from_next(index, sentence)

    def _after_clause(
        self, context: SentenceContext, sentence: str, at: int, in_quote: bool, side: frozenset[str]
    ) -> None:
        """The commitment of a closing "after" clause ("..., after Orsania and Tarvel agreed to open a route") read
        from that clause alone (the main clause blanked, offsets kept), so the main clause's time is not its own;
        its evidence is still the whole sentence (MAIN_BEFORE_AFTER_CLAUSE)."""
        stand_in = " " * at + sentence[at:]
        for reading in find_commitments(stand_in, in_quote, side):
            actor = self._accepted(context, stand_in, reading, in_quote)
            if actor is not None:
                count = len(self.pledges)
                self._add(stand_in, reading, actor)
                if len(self.pledges) > count:
                    self.pledges[-1] = replace(self.pledges[-1], evidence=sentence)
                return

    def _second_act(
        self, context: SentenceContext, sentence: str, candidate: _Candidate, in_quote: bool, side: frozenset[str]
    ) -> None:
        """A second act of the same subject after "and will" ("will open a clinic next month and will train 12
        technicians by the end of the year") is read as its own pledge (SECOND_IN_SENTENCE), from the sentence
        with the first act left out; its evidence is still the whole sentence."""
        if candidate.verb < 0:
            return
        first = re.compile(r"\b(?:will|would|shall)\b", re.IGNORECASE).match(sentence, candidate.verb)
        if first is None:
            return  # the first pledge was not read from a "will" (a commitment verb, a passive, a text)
        second = _SECOND_COMMITMENT.search(sentence, first.end())
        if second is None or _CLAUSE_BREAK.search(sentence, first.end(), second.start()):
            return  # no second "and will", or one in another clause
        aux = re.search(r"\b(?:will|would|shall)\b", second.group(0))
        assert aux is not None
        stand_in = sentence[: first.start()] + sentence[second.start() + aux.start() :]
        index = len(self.pledges) - 1
        pledge, seen, recent = self.pledges[index], dict(self._seen), list(self._recent)
        # the first pledge ends where the second act begins, and takes no time written after it
        act = re.split(r",?\s+and\s+(?:also\s+)?(?:will|would|shall)\s", candidate.commitment, maxsplit=1)[0]
        when = self._deadline(sentence[: second.start()] + ".", candidate.trigger_end)
        self.pledges[index] = replace(
            pledge, commitment=digest_phrase(act, when) or act, when=when, due=resolve_due(when, self.published)
        )
        self._seen = {k: v for k, v in self._seen.items() if v != index}
        self._seen[" ".join(act.lower().split())] = index
        self._recent[index] = _content_words(act)
        for reading in find_commitments(stand_in, in_quote, side):
            actor = self._accepted(context, stand_in, reading, in_quote)
            if actor is not None and DO_SO_REPEATS and _DO_SO.match(reading.commitment.lower()):
                # "would publish the list and would do so before Friday": no second act, the first one's time
                own = when or self._deadline(stand_in, reading.trigger_end)
                self.pledges[index] = replace(
                    self.pledges[index], commitment=digest_phrase(act, own) or act, when=own,
                    due=resolve_due(own, self.published),
                )
                return
            if actor is not None:
                count = len(self.pledges)
                self._add(stand_in, reading, actor)
                if len(self.pledges) > count:
                    self.pledges[-1] = replace(self.pledges[-1], evidence=sentence)
                    return
                break
        self.pledges[index], self._seen, self._recent = pledge, seen, recent  # no second pledge: the first as it was

    def _second_infinitive(self, sentence: str, candidate: _Candidate, index: int) -> None:
        """A second act after ", and to" ("agreed to open a customs post by June, and to abolish the fees by
        December") is a second pledge of the same side (SECOND_INFINITIVE); each takes the time in its own part."""
        found = _SECOND_INFINITIVE.search(candidate.commitment)
        if found is None and TIME_CLOSES_FIRST_ACT:
            found = _second_infinitive_after_a_time(candidate.commitment)
        if found is None and COORDINATED_ACT_WITH_ITS_TIME:
            found = _second_bare_verb_after_a_time(
                sentence, candidate.commitment, sentence.find(candidate.commitment, candidate.trigger_end)
            )
        if found is None or index >= len(self.pledges):
            return
        verb = found.group("verb")
        at = sentence.find(candidate.commitment[found.start() :], candidate.trigger_end)
        if at < 0:
            return
        pledge = self.pledges[index]
        first = candidate.commitment[: found.start()]
        when = self._deadline(sentence[:at] + ".", candidate.trigger_end)
        self.pledges[index] = replace(
            pledge, commitment=digest_phrase(first, when) or first, when=when, due=resolve_due(when, self.published)
        )
        self._seen = {k: v for k, v in self._seen.items() if v != index}
        self._seen[" ".join(first.lower().split())] = index
        self._recent[index] = _content_words(first)
        rest = candidate.commitment[found.start("verb") :]
        if verb in _SCHEDULE_VERBS or verb in _NOT_ACTIONS or _talks(rest) or _schedule(rest):
            return  # "and to meet again in June": a schedule, no pledge, and its time is not the first act's
        # read from its own part: the words before it blanked (offsets kept), so no time of the first act is its own
        stand_in = " " * at + sentence[at:]
        count = len(self.pledges)
        self._add(stand_in, _Candidate(candidate.actor_phrase, rest, at + found.start("verb") - found.start(), -1), pledge.actor)
        if len(self.pledges) > count:
            self.pledges[-1] = replace(self.pledges[-1], evidence=sentence)

    def _second_side(
        self, context: SentenceContext, sentence: str, candidate: _Candidate, in_quote: bool, side: frozenset[str]
    ) -> None:
        """A second side's own commitment after a comma and "and" ("Brask agreed to free the detainees, and Kirrath
        undertook to reopen the road once ...") is read as its own pledge from its clause (SECOND_SIDE); its evidence
        is still the whole sentence. The first pledge's time was already bounded by `_own_side_clause`."""
        found = _second_side(sentence, candidate.trigger_end)
        if found is None:
            return
        rest = sentence[found.start("side") :]
        for reading in find_commitments(rest, in_quote, side):
            actor = self._accepted(context, rest, reading, in_quote)
            if actor is not None:
                count = len(self.pledges)
                self._add(rest, reading, actor)
                if len(self.pledges) > count:
                    self.pledges[-1] = replace(self.pledges[-1], evidence=sentence)
                return

    def _second_reported_side(
        self, context: SentenceContext, sentence: str, candidate: _Candidate, in_quote: bool, side: frozenset[str]
    ) -> None:
        """A second side's act reported by the same speech verb after "and that" ("Dorn said Oskeld would free her and
        that Celmont would release two fishermen within a fortnight") is its own pledge with its own time
        (SECOND_REPORTED_SIDE): read from the sentence with the first reported clause blanked (offsets kept), so the
        speech verb still announces it; its evidence is still the whole sentence."""
        found = _AND_THAT_SIDE.search(sentence, candidate.trigger_end)
        if found is None:
            return
        speeches = list(_REPORTING_VERB.finditer(sentence, 0, max(candidate.verb, 0) or candidate.trigger_end))
        if not speeches:
            return  # no speech verb reports the first act: the "that" clause hangs on something else
        speech = speeches[-1]
        stand_in = sentence[: speech.end()] + " " * (found.start("side") - speech.end()) + sentence[found.start("side") :]
        for reading in find_commitments(stand_in, in_quote, side):
            actor = self._accepted(context, stand_in, reading, in_quote)
            if actor is not None:
                count = len(self.pledges)
                self._add(stand_in, reading, actor)
                if len(self.pledges) > count:
                    self.pledges[-1] = replace(self.pledges[-1], evidence=sentence)
                return

    def _also_follows(self, context: SentenceContext, start: int, end: int) -> bool:
        """A sentence opening on "It will also" or "They would also", right after a sentence of the same paragraph
        whose pledge was read, is a second pledge of that side (ALSO_AFTER_A_PLEDGE)."""
        assert self._previous is not None
        paragraph, previous_end, index = self._previous
        sentence = context.paragraph[start:end]
        opening = _ALSO_FOLLOWS.match(sentence)
        if opening is None or paragraph is not context.paragraph or context.paragraph[previous_end:start].strip():
            return False
        # the pronoun stands for the side of the pledge before
        return self._pledge_for_pronoun(context, sentence, opening, self.pledges[index].actor)

    def _it_for_the_body(self, context: SentenceContext, start: int, end: int) -> bool:
        """A sentence opening on "It will" right after a sentence of the same paragraph whose subject is a body ("The
        ministry said ... It will also open ...") is that body's act (IT_FOR_THE_BODY_BEFORE), read as the body's
        own sentence with a name of the pronoun's length standing in for it."""
        sentence = context.paragraph[start:end]
        opening = _IT_OPENS.match(sentence)
        at = bisect_left(self._starts, start)
        if opening is None or at == 0 or self._starts[at] != start:
            return False
        before_start, before_end = self._spans[at - 1]
        if context.paragraph[before_end:start].strip():
            return False
        body = _BODY_OPENING.match(context.paragraph, before_start, before_end)
        if body is None or body.group("head").lower() not in BODIES_AN_IT_STANDS_FOR:
            return False
        return self._pledge_for_pronoun(context, sentence, opening, body.group("body"))

    def _pledge_for_pronoun(self, context: SentenceContext, sentence: str, opening: re.Match[str], actor: str) -> bool:
        """The sentence's pledge, given to `actor`, the side its opening pronoun ("It", "They") stands for: read with
        a name of the pronoun's length standing in for it, as the patterns read a side's name. Whether one was
        added."""
        pronoun = opening.group("pronoun")
        stand_in = sentence[: opening.start("pronoun")] + "Xq" + "x" * (len(pronoun) - 2) + sentence[opening.end("pronoun") :]
        for candidate in find_commitments(stand_in, False):
            if self._accepted(context, stand_in, candidate, False) is not None:
                count = len(self.pledges)
                self._add(sentence, candidate, actor)
                return len(self.pledges) > count
        return False

    def _quote_after_speech(self, context: SentenceContext, start: int, end: int) -> bool:
        """A quote opened inside the sentence right after its speech verb ('Ola Rask said: "We will pay ... by
        June."') is read as the speaker's quoted words; the pledge's evidence is still the whole sentence."""
        sentence = context.paragraph[start:end]
        opened = next((span.start for span in context.spans if start < span.start < end), None)
        if opened is None or not _SPEECH_BEFORE_QUOTE.search(context.paragraph, start, opened - 1):
            return False
        offset = opened - start
        quoted = sentence[offset:]
        speaker = context.subject
        side = frozenset(speaker.roles | speaker.words | speaker.owners) if speaker is not None else frozenset()
        for candidate in find_commitments(quoted, True, side):
            accepted = self._accepted(context, quoted, candidate, True)
            if accepted is not None:
                shifted = replace(
                    candidate, trigger_end=candidate.trigger_end + offset,
                    verb=candidate.verb + offset if candidate.verb >= 0 else -1,
                )
                self._add(sentence, shifted, accepted)
                return True
        return False

    def _transcript_line(self, context: SentenceContext, start: int, end: int) -> bool:
        """A sentence of a transcript line labelled with a named person ("LASK: Yes. We will lift the sanctions.")
        is read as that person's quoted words; the pledge's evidence is still the whole sentence."""
        if _labelled_speaker(context.paragraph, context.registry) is None or _answer_line(context.paragraph):
            return False
        sentence = context.paragraph[start:end]
        label = _TRANSCRIPT_LABEL.match(sentence) if start == 0 else None
        offset = label.end() - 1 if label is not None else 0
        quoted = sentence[offset:]
        for candidate in find_commitments(quoted.strip(), True, frozenset()):
            lead = len(quoted) - len(quoted.lstrip())
            verb, _, rest = candidate.commitment.partition(" ")
            if verb.lower() in _CONTESTS or rest.strip(" .").lower() in ("", "it", "this", "that", "them"):
                continue  # "we will respect it", "we will count", "we will defend it in court": a stance, no act
            accepted = self._accepted(context, quoted.strip(), candidate, True)
            if accepted is not None and re.fullmatch(r"(?i)we|i|our\s.*", candidate.actor_phrase.strip()):
                accepted = _labelled_speaker(context.paragraph, context.registry)  # the line's person, not a place named
            if accepted is not None:
                shifted = replace(
                    candidate, trigger_end=candidate.trigger_end + offset + lead,
                    verb=candidate.verb + offset + lead if candidate.verb >= 0 else -1,
                )
                self._add(sentence, shifted, accepted)
                return True
        return False

    def _author_line(self, context: SentenceContext, start: int, end: int) -> bool:
        """In an op-ed signed by a side's official, the author's own "we will" outside quotes is read as that side's
        quoted words ("We will keep our ports open through next year"); the pledge is the side's."""
        sentence = context.paragraph[start:end]
        for candidate in find_commitments(sentence.strip(), True, frozenset()):
            if not re.fullmatch(r"(?i)we|i", candidate.actor_phrase.strip()):
                continue  # another side named in the author's text is read as the reporter's words already
            verb, _, rest = candidate.commitment.partition(" ")
            if verb.lower() in _CONTESTS or rest.strip(" .").lower() in ("", "it", "this", "that", "them"):
                continue  # "we will defend it": a stance, no act
            as_side = replace(candidate, actor_phrase=self.author_side or "")  # "we" is the author's side
            if self._accepted(context, sentence.strip(), as_side, True) is not None and self.author_side:
                lead = len(sentence) - len(sentence.lstrip())
                shifted = replace(
                    candidate, trigger_end=candidate.trigger_end + lead,
                    verb=candidate.verb + lead if candidate.verb >= 0 else -1,
                )
                self._add(sentence, shifted, self.author_side)
                return True
        return False

    def _deadline_from_next(self, index: int, sentence: str) -> None:
        """A pledge without a deadline takes the one of the sentence right after it, when that sentence speaks of
        the same act ("... pledged to reopen the crossing. The work will start next week.")."""
        pledge = self.pledges[index]
        follow = _FOLLOW_UP.match(sentence)
        if follow is None and NEXT_SENTENCE_NOUN:
            named = _FOLLOW_UP_NOUN.match(sentence)
            if named is not None and named.group("noun") in re.findall(r"[\w-]+", pledge.commitment.lower()):
                follow = named  # "... reopen the Lask depot. The depot will be back in service by April 15."
        if follow is None and FIRST_PART_FOLLOWS:
            follow = FIRST_PART.match(sentence)  # "... send 60 monitors. The first 20 will leave on Monday."
        if pledge.when is not None or follow is None:
            return
        when = self._deadline(sentence, follow.end())
        if when is not None and sentence.find(when) >= follow.end():  # a deadline of that act, not one before it
            self.pledges[index] = replace(pledge, when=when, due=resolve_due(when, self.published))

    def _accepted(self, context: SentenceContext, sentence: str, candidate: _Candidate, in_quote: bool) -> str | None:
        """The actor of a candidate commitment, or None when the candidate is left out."""
        if not candidate.commitment:
            return None
        if VERDICT_GIVEN and not in_quote and (
            _KEPT.search(sentence, candidate.trigger_end) or _KEPT_VERDICT.search(sentence, candidate.trigger_end)
            or (KEPT_WITHOUT_PRONOUN and _KEPT_BARE.search(sentence, candidate.trigger_end))
        ):
            return None  # "..., and it did", "a pledge only half kept": the sentence says what became of it
        if CONTINUE_AN_ACT and candidate.commitment.lower().startswith("continue") and _HEDGED.search(
            sentence, candidate.trigger_end
        ):
            return None  # "would continue to buy Norland grain where it could": left to circumstance
        if CONTINUE_AN_ACT and (then := re.match(r"continue to (\w+)", candidate.commitment.lower())):
            if then.group(1) in _NOT_ACTIONS or then.group(1) in _SCHEDULE_VERBS:
                return None  # "will continue to meet every month": a schedule, as "will meet" is
        if DATED_BEFORE and self.published is not None and _dated_before(sentence, candidate.trigger_end, self.published):
            if not _restated_plainly(sentence, candidate.trigger_end, self.published):
                return None  # "In 2025, when it promised to ...", "Two months after X pledged to": left out
        if REPORTED_IN_PAST_YEAR and self.published is not None and _reported_in_past_year(
            sentence, candidate.trigger_end, self.published
        ):
            return None  # "In 2019 the minister told me that Ostrel would ...": what was said then, recalled
        if BREACHED_TERMS and _terms_of_a_breached_accord(sentence, candidate.trigger_end):
            return None  # "breached Article 9 of the treaty, under which each party undertook to notify": its terms
        if OWN_SECURITY_STANCE and _OWN_SECURITY.search(candidate.commitment):
            return None  # "would take the measures necessary to ensure its security": a warning, no act named
        if EVERY_METRE_OF_LAND and _EVERY_METRE_OF_LAND.search(candidate.commitment):
            return None  # "We will defend every metre of our land": a claim held, said as a vow; a stance
        if TALKS_RESUMING and _talks_resume(sentence, candidate):
            return None  # "Talks between Lessa and Dorvania will resume in Brell on Monday": a schedule
        if MATTER_RAISED_AT_A_MEETING and _raised_at_a_meeting(sentence, candidate):
            return None  # "would raise the matter at the trade council next week": an agenda, not a deed
        if JUDGING and candidate.commitment.split()[0].lower() in _JUDGING:
            self.stances.append(sentence)
            return None  # "We will judge the Partnership by what is built": a stance, nothing is done
        if BARE_PRONOUN and _BARE_PRONOUN.match(candidate.commitment):
            return None  # "re-committed the US to it during a press conference": to what, the sentence does not say
        if PREPOSITION_ONLY and candidate.commitment.strip(" ,.").lower() in PREPOSITIONS:
            return None  # "One thing both sides agree on, officials said, is that ...": agreed on what comes later
        checked = _parsed_actor(sentence, candidate, in_quote)
        if checked is None:
            return None
        phrase, reporter = checked
        label = _ANSWER_LABEL.match(phrase) if _answer_line(context.paragraph) else None
        if label is not None:
            phrase = phrase[label.end() :]  # "A: We will cut ...": the answer's label is no part of who acts
        if TALKS_SCHEDULE and _BODY.search(phrase) and _PROCEEDINGS.match(candidate.commitment):
            return None  # "The assembly will debate the budget on Tuesday": a body's schedule
        if APPOSITION_NAMES and re.match(r"an?\s", phrase.strip()):
            at = sentence.find(phrase.strip())
            apposed = _NAME_BEFORE_APPOSITION.search(sentence[: max(0, at)]) if at > 0 else None
            words = apposed.group(1).lower().split() if apposed else []
            if apposed and words and not any(w in NOT_NAMES or w in MONTHS or w in WEEKDAYS for w in words):
                phrase = apposed.group(1)  # "Tomas Ferle, a union organiser, promised": Ferle
        principal = _principal(sentence, candidate, context.registry) if SPOKESPERSON_FOR and phrase.strip().lower() in ("he", "she") else None
        own = context.subject
        if SUBJECT_NAMED_LATER and own is not None and _named_only_later(sentence, phrase, own, candidate.trigger_end):
            own = None  # "It has agreed to reopen the Kessel lighthouse": "it" is not the Kessel named after it
        actor = principal or _actor_name(phrase, context.registry, own)
        named = "’s " in actor and not re.match(r"(?:the\s+)?[A-Z][\w-]*['’]s\s", actor)  # "Ida Brand’s country"
        governed = HIS_GOVERNMENT and _HIS_GOVERNMENT.fullmatch(phrase.strip()) is not None
        if COUNTRY_OF_THE_TITLE and (named or governed and actor == phrase.strip()) and (
            _HIS_COUNTRY.fullmatch(phrase.strip()) or governed
        ):
            actor = _country_of_the_title(sentence[: max(0, sentence.find(phrase))], context.registry) or actor
        if PERSONS_GOVERNMENT and (served := _side_of_a_persons_body(actor, context.registry, context.paragraph)):
            actor = served  # "Kestavia's prime minister, Dorin Vale" ... "Vale's government will": Kestavia
        if actor.lower() in ("we", "i") and TRANSCRIPT_LABEL:
            actor = _labelled_speaker(context.paragraph, context.registry) or actor
        label_we = _LABEL_THEN_WE.fullmatch(actor) if TITLED_LABEL else None
        if label_we and re.match(rf"\W*(?:(?:MR|MS|MRS|DR|Mr|Ms|Mrs|Dr)\.\s+)?{re.escape(label_we.group(1))}:", context.paragraph):
            # "MS. VARO: We will reopen ...": the label and "We" read as one subject; the labelled speaker acts
            actor = _labelled_speaker(context.paragraph, context.registry) or label_we.group(1).title()
        if BARE_PLURAL_OPENING and phrase.strip().lower() == "they" and actor.lower() != "they":
            # "Velmoran environmental groups said they would ...": the group, not the country its adjective names
            actor = _bare_plural_opening(sentence) or actor
        if ROLES_OF_TWO_SIDES and phrase.strip().lower() == "they":
            actor = _two_sides(sentence) or actor  # "the foreign ministers of Lindmark and Corvessa said they"
        if phrase.strip().lower() == "they" and THEY_FOR_THE_SPEAKERS:
            actor = _speakers_of_they(sentence) or actor  # "Lorvia and Ostrava said they would ratify"
        if actor.lower() == "they" and THEY_FOR_A_GROUP:
            before = context.paragraph[: context.start]
            actor = _plural_opening(sentence) or _plural_opening(_last_sentence(before)) or actor
        if not actor or (NO_ONE and (actor.lower() in _NOBODY or phrase.strip().lower() == "one" and _NO_ONE.search(sentence))):
            return None  # the parse splits "No one agreed to pay" into "No" and a subject "one": nobody commits
        if ORDINAL_IS_NO_ACTOR and _ORDINAL_ACTOR.fullmatch(actor.strip()):
            return None  # "The first would commit rich countries to ...": one of the options listed, not a side
        if INVERTED_NOR and actor.lower() == "nor":
            return None  # "Nor will I pretend ...": the subject follows the auxiliary; a denial, no actor read
        if NO_SIDE and (_NO_SIDE.match(actor) or _no_side_opens(sentence, phrase)):
            return None  # "Neither side has committed to lifting the advisories": nobody commits
        if (
            PASSIVE_SUBJECT
            and not in_quote
            and _acted_on(actor, candidate.commitment)
            and _labelled_speaker(context.paragraph, context.registry) is None
        ):
            speaker = context.subject
            if speaker is None or speaker.kind not in ("person", "institution") or speaker.name.lower() in actor.lower():
                return None  # "The joint communique said the border posts would be dismantled": nobody named acts
            actor = speaker.name  # "Minister Ada Brun gave assurances that the highway will be reopened": Ada Brun
        if candidate.side:
            teller = context.registry.resolve(reporter.text, own_subject=context.subject) if reporter is not None else None
            spoke_for = teller is not None and any(
                _who(p.actor) == candidate.side.lower() and teller.name in p.actor for p in self.pledges
            )  # the teller announced an act of the same side before ("Brun said Estavia will reopen the crossing")
            if teller is None or not (spoke_for or any(_side_stem_in(candidate.side, o) for o in (*teller.origins, teller.name))):
                return None  # "Minister Ada Brun said Estavia would not ...": Brun's side is not known to be Estavia
        office = _DEFINITE_ROLE.fullmatch(phrase.strip()) if ROLE_NOT_THE_TELLER else None
        if office and (office.group("role").lower() in ROLE_NOUNS or office.group("role").lower() in TITLES):
            if reporter is not None:
                told_by = _actor_name(reporter.text, context.registry, context.subject)
            else:
                told_by = context.subject.name if context.subject is not None else ""
            reported = re.search(r"\bthat\s+$", sentence[: max(0, sentence.find(phrase.strip()))]) is not None
            if told_by == actor and reported:
                actor = phrase.strip()  # "She told members that the Secretary-General would": someone else, unnamed
        if reporter is not None:
            source = _actor_name(reporter.text, context.registry, context.subject)
            source = re.sub(r"^The\b", "the", source)
            if REPORTER_IN_LOWER_CASE:
                source = _lower_case_reporter(source)  # "(according to a Norlandic official)", not "A Norlandic"
            if SOURCE_NOT_AHEAD and reporter.text.lower() in PRONOUNS and source.lower() != reporter.text.lower():
                at = sentence.lower().find(reporter.text.lower())
                if source.lower() in sentence.lower()[at + len(reporter.text) :]:
                    source = ""  # "It says Norland will ... and that the Red Cross will": "it" is not the Red Cross
            if SOURCE_NOT_AHEAD and source.lower() in PRONOUNS:
                source = ""  # a pronoun the story does not resolve tells the reader nothing
            if PLACE_BEFORE_A_NAME and re.match(rf"{re.escape(actor)}['’]s\s+[A-Z]", source):
                source = source[len(actor) + 3 :]  # "Norland (according to Arvid Holm)", the place said once
            if source and not (set(source.lower().split()) & set(actor.lower().split())):
                actor = f"{actor} (according to {source})"
        return actor

    def _add(self, sentence: str, candidate: _Candidate, actor: str) -> None:
        key = " ".join(candidate.commitment.lower().split())
        words = _content_words(candidate.commitment)
        repeated = self._repeat_of(key, words, actor)
        if repeated is not None:
            self._deadline_from_repeat(repeated, actor, sentence, candidate.trigger_end)
            return
        if RELATIVE_PAST and self._recalled_in_relative(sentence, candidate):
            return  # "Kaldovia, which pledged 300 million at a similar meeting in 2024, said ...": background
        when = self._deadline(_own_side_clause(sentence, candidate.trigger_end), candidate.trigger_end)
        if when is None and PAST_DUE and self._overdue(sentence, candidate):
            return  # "had promised to conclude the talks by the end of 2026", read in 2027: a promise recalled
        self._seen[key] = len(self.pledges)
        self._recent.append(words)
        commitment = digest_phrase(candidate.commitment, when) or candidate.commitment
        if OBJECT_LOST and _ENDS_ON_PREPOSITION.search(commitment):
            return  # "we will keep working toward that": what is worked toward is only "that", left out
        if when and SECOND_COMMITMENT_TIME and self._second_commitment_time(sentence, candidate, when, commitment):
            when = None  # "will import grain and will open an air route in June": the route's time, not the grain's
        due = resolve_due(when, self.published)
        if due is not None and PAST_BASE and self._counted_from_the_past(sentence, candidate, when):
            due = None  # "a 2026 agreement under which Estavia committed to clearing it within twelve months"
        if due is not None and COUNTED_FROM_A_TRIGGER and _counted_from_a_trigger(sentence, when):
            due = None  # "once every prisoner is free, we will unfreeze the assets within 30 days"
        if due is not None and when and passed_under_a_past_promise(sentence, candidate.trigger_end, when, self.published):
            due = None  # "had promised to dismantle them by March 31", read in April: that March 31 has gone by
        if due is not None and DATED_BEFORE and self.published is not None and _dated_before(
            sentence, candidate.trigger_end, self.published
        ) and not calendar_date_kept(
            when or "", _said_this_year(sentence, candidate.trigger_end, self.published), due, self.published
        ):
            due = None  # "In 2023 the ministry promised a ferry by spring": that spring, not the next one
        self.pledges.append(Pledge(actor, commitment, sentence, when, due))
        if AGREED_IN_THE_PASSIVE and _joint_sides(actor):
            self._joint = actor.split(" (")[0].strip()  # "G7 ministers (according to ...)": the sides, as named
        if candidate.arrival:
            self.arrivals.append(sentence)

    def _counted_from_the_past(self, sentence: str, candidate: _Candidate, when: str | None) -> bool:
        """A time counted from when it was said ("within a month", "next year"), said in a year already gone by
        ("in 2024, when it promised to ...", "a 2026 agreement under which ...")."""
        if when is None or self.published is None or _YEAR.search(when) or not _COUNTED_TIME.match(when):
            return False
        before = sentence[: candidate.verb if candidate.verb >= 0 else candidate.trigger_end]
        years = [int(y) for y in _YEAR.findall(before)]
        return any(y < self.published.year for y in years) or _LAST_YEAR.search(before) is not None

    def _second_commitment_time(self, sentence: str, candidate: _Candidate, when: str, shown: str) -> bool:
        """The time is written after a second "and will <verb>" that the commitment shown stops before."""
        at = sentence.find(when, candidate.trigger_end)
        if at < 0:
            return False
        second = _SECOND_COMMITMENT.search(sentence, candidate.trigger_end, at)
        return second is not None and second.group(0).split()[-1] not in shown.split()

    def _recalled_in_relative(self, sentence: str, candidate: _Candidate) -> bool:
        """A commitment verb in the simple past opening a relative clause, with a year gone by in the commitment."""
        if self.published is None or not _RELATIVE_PAST.search(sentence[: candidate.trigger_end]):
            return False
        years = [int(y) for y in _YEAR.findall(candidate.commitment)]
        return bool(years) and max(years) < self.published.year

    def _overdue(self, sentence: str, candidate: _Candidate) -> bool:
        """The commitment's own deadline (the first one after its trigger, inside the commitment) fell before the
        article was published, and the commitment is reported in the past perfect."""
        first = find_deadline(sentence, candidate.trigger_end)
        if first is None or first not in candidate.commitment or not in_past(first, self.published):
            return False
        if PAST_YEAR and _YEAR.search(first) and _WILL_BEFORE.search(sentence[: candidate.trigger_end]):
            return True  # '"The camps will be closed by June 30, 2027," he said', read in September 2027
        return bool(_HAD_COMMITTED.search(sentence[: candidate.trigger_end]))

    def _deadline(self, sentence: str, after: int) -> str | None:
        """The deadline of a commitment, unless it names a date already past or a past event's time."""
        future = bool(re.match(r"\s*(?:will|shall)\b", sentence[after:], re.IGNORECASE))
        whens = find_deadlines(sentence, after, future) if NEXT_DEADLINE else iter([find_deadline(sentence, after)])
        for when in whens:
            if when is None:
                return None
            if in_past(when, self.published):
                continue  # "in 2005", "on March 3, 2004": the date of something done, not a due date
            if MONTH_OF_THE_PROMISE and self._month_gone_by(sentence[:after], when):
                continue  # "said in January it would pay by March", read in June: this year's March, gone by
            if PAST_EVENT and _past_event(sentence, when):
                continue  # "talks that stalled in February": the month of a past event
            if PAST_CLAUSE and is_clause(when) and _clause_in_past(sentence, when):
                continue  # "negotiations that stalled after a failed summit": what happened, not what is awaited
            if CONDITION_OWNS_TIME and _in_condition(sentence, after, when):
                continue  # "would impose sanctions if the council did not act by January": the council's time
            return when
        return None

    def _month_gone_by(self, before: str, when: str) -> bool:
        """A month with no year, after a promise made in an earlier month of the story's year ("in January",
        "last month"), that had ended when the story was published."""
        if self.published is None:
            return False
        due = _MONTH_DUE.fullmatch(when.strip().lower())
        made = _MONTH_MADE.search(before)
        if due is None or made is None:
            return False
        made_month = self.published.month - 1 if made.group(1) is None else MONTH_NAMES.index(made.group(1).lower()) + 1
        due_month = MONTH_NAMES.index(due.group(1)) + 1
        return 1 <= made_month <= due_month < self.published.month

    def _repeat_of(self, key: str, words: frozenset[str], actor: str) -> int | None:
        """The index of a pledge already found that this commitment repeats, if any (the most recent ones only):
        the same commitment by the same actor (by anyone, with SAME_ACTOR_REPEATS off)."""
        who = _who(actor)

        def same(index: int) -> bool:
            return not SAME_ACTOR_REPEATS or _who(self.pledges[index].actor) == who

        if key in self._seen and same(self._seen[key]):
            return self._seen[key]
        first = max(0, len(self._recent) - _RECENT_PLEDGES)
        return next((i for i in range(first, len(self._recent)) if _similar(words, self._recent[i]) and same(i)), None)

    def _deadline_from_repeat(self, index: int, actor: str, sentence: str, after: int) -> None:
        """A commitment repeated later by the same actor may give the deadline its first report left out
        ("pledged to reopen the crossing" ... "promised to reopen the crossing by Friday"): the pledge keeps it.
        Another actor's deadline is theirs, not this pledge's."""
        pledge = self.pledges[index]
        if pledge.when is not None or _who(actor) != _who(pledge.actor):
            return
        when = self._deadline(sentence, after)
        if when is not None:
            self.pledges[index] = replace(pledge, when=when, due=resolve_due(when, self.published))


MAIN_BEFORE_AFTER_CLAUSE = rule(
    "pledges.main-clause-before-its-after-clause",
    "\"Velm will ship 40,000 tonnes by May, the agency said, after Tarsk and Ostra agreed to open a road\": the main "
    "clause's act is read first, with its own time; the closing \"after\" clause's agreement is read apart and does "
    "not take the main clause's time",
)
# A closing clause after a comma that opens on "after" and a subject: what happened before the main act.
_AFTER_CLAUSE = re.compile(r",\s+after\s+(?=(?:the\s+)?[A-Z])")


DO_SO_REPEATS = rule(
    "pledges.do-so-repeats-the-act-before",
    "\"said it would publish the list and would do so before Friday\": \"do so\" names no act of its own; it "
    "repeats the commitment just before it in the sentence, which takes its deadline",
)
_DO_SO = re.compile(r"do (?:so|that|this|it)\b")


PAST_DUE = rule(
    "pledges.past-due-is-a-promise-recalled",
    "\"the government had promised to conclude the talks by the end of 2026\", read in 2027: a promise whose own "
    "deadline went by before the story is recalled, not a pledge to track",
)
PAST_YEAR = rule(
    "pledges.past-dated-is-a-promise-recalled",
    "'\"The camps will be closed by June 30, 2027,\" he said', read in September 2027: a promise in its own future "
    "tense whose deadline, with its year, went by before the story is recalled, not a pledge to track",
)
SECOND_COMMITMENT_TIME = rule(
    "pledges.time-of-a-second-commitment",
    "\"will import more grain and will open an air route in the first half of next year\", read as the grain pledge "
    "alone: the time after the second \"and will\" is the air route's, so the grain pledge shows none",
)
# "and will open", "and would also set up": a second commitment with its own modal.
SECOND_INFINITIVE = rule(
    "pledges.second-act-after-and-to",
    "\"agreed to open a customs post by June, and to abolish the transit fees by December\": the act after \", and to\" "
    "is a second pledge of the same side, and each act keeps the time in its own part",
)
_SECOND_INFINITIVE = re.compile(r",\s+and\s+(?:also\s+)?to\s+(?P<verb>[a-z]+)\b")
TIME_CLOSES_FIRST_ACT = rule(
    "pledges.time-closes-the-first-of-two-acts",
    "\"agreed to restore the flights by June and to reopen the consulates\": with no comma, a time that closes the "
    "first act right before \"and to\" is that act's alone; the act after it is a second pledge with no time of its "
    "own (\"to restore the flights and to reopen the consulates by June\" stays one pledge, as does a lone adverb, "
    "\"immediately and to clear the mines\", which may be both acts)",
)
_SECOND_INFINITIVE_NO_COMMA = re.compile(r"\s+and\s+(?:also\s+)?to\s+(?P<verb>[a-z]+)\b")


def _second_infinitive_after_a_time(commitment: str) -> re.Match[str] | None:
    """ "and to" right after a time that closes the first act ("... by June and to reopen"), else None."""
    for found in _SECOND_INFINITIVE_NO_COMMA.finditer(commitment):
        first = commitment[: found.start()].rstrip()
        when = find_deadline(first + ".")
        if when and len(when.split()) > 1 and first.endswith(when):
            return found  # "by June", "within 30 days"; a lone adverb ("immediately and to") may be both acts
    return None


COORDINATED_ACT_WITH_ITS_TIME = rule(
    "pledges.coordinated-act-with-its-own-time",
    "\"Norland will reopen the consulate by March and lift the visa fee from 1 June\": a time that closes the first "
    "act right before \"and\" and a bare verb is that act's alone, and the act after it, with a time of its own, is a "
    "second pledge of the same side (not one act with two times, \"between March and May\", nor a list of objects "
    "under one verb, \"pay the arrears by June and the pensions by July\")",
)
_SECOND_BARE_VERB = re.compile(r"\s+and\s+(?:also\s+)?(?P<verb>[a-z]+)\b")


def _second_bare_verb_after_a_time(sentence: str, commitment: str, at: int) -> re.Match[str] | None:
    """ "and <verb>" right after a time that closes the first act ("... by March and lift the fee from 1 June"),
    where the parse reads <verb> as a bare verb and the act after it has a time of its own, else None. `at` is where
    the commitment stands in the sentence."""
    for found in _SECOND_BARE_VERB.finditer(commitment):
        first = commitment[: found.start()].rstrip()
        when = find_deadline(first + ".")
        if not when or len(when.split()) < 2 or not first.endswith(when):
            continue
        if not find_deadline(commitment[found.start("verb") :] + "."):
            continue  # no time of its own: left as one act
        doc = syntax.parse(sentence)
        token = syntax.token_at(doc, at + found.start("verb")) if doc is not None else None
        if token is not None and token.tag_ == "VB" and token.lower_ == found.group("verb"):
            return found
    return None


SECOND_SIDE = rule(
    "pledges.second-side-in-the-sentence",
    "\"Tarsk agreed to free the crews, and Velmora undertook to reopen the port once they are home\": a second side's "
    "commitment after \", and\" is its own pledge, and the time in its clause is its own, not the first side's",
)
_SECOND_SIDE = re.compile(
    r",\s+(?:and|while|but)\s+(?P<side>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?:also\s+)?"
    r"(?:(?:agreed|undertook|pledged|promised|vowed|committed)\s+(?:itself\s+)?to|will|would|shall)\s+[a-z]"
)


SECOND_SIDE_BY_A_NOUN = rule(
    "pledges.second-side-named-by-a-common-noun",
    "\"Lorand is to free the fishermen next Monday, and both governments will hand over the remaining prisoners by 15 "
    "January\": a second side named by a common noun (\"both governments\", \"the ministry\", \"her government\") "
    "after \", and\" with its own \"will\" is its own pledge with its own time, not the tail of the first act",
)
_SECOND_SIDE_NOUN = re.compile(
    r",\s+and\s+(?P<side>(?:both|the two|the|its|their|his|her)\s+(?:[a-z]+\s+)?"
    r"(?:governments?|sides|countries|parties|ministry|authorities|authority|administration|cabinet))"
    r"\s+(?:also\s+)?(?:will|would|shall|is to|are to)\s+[a-z]"
)


SECOND_REPORTED_SIDE = rule(
    "pledges.and-that-a-second-side-would",
    "\"said Oskeld would hand her over at the border and that Celmont would release two fishermen within a "
    "fortnight\": a second side's act reported after \"and that\" by the same speech verb is its own pledge, with "
    "its own time (it was dropped, and with it the only deadline of the sentence)",
)
# "and that Celmont would", "and that the artillery would", "and that she would": a second reported clause with a
# subject of its own and a future of its own.
_AND_THAT_SIDE = re.compile(
    r",?\s+and\s+that\s+(?P<side>[\w’'-]+(?:\s+[\w’'-]+){0,4}?)\s+(?:also\s+)?(?:will|would|shall|is to|are to)\s+[a-z]"
)
_REPORTING_VERB = re.compile(
    r"\b(?:said|says|told\s+(?:[\w’'-]+\s+){0,2}?(?:that\b)?|announced|added|confirmed|declared|stated)(?:\s+that\b)?"
)


def _second_side(sentence: str, at: int) -> re.Match[str] | None:
    """The first second side's commitment after `at` (SECOND_SIDE, SECOND_SIDE_BY_A_NOUN), or None."""
    found = _SECOND_SIDE.search(sentence, at) if SECOND_SIDE else None
    by_noun = _SECOND_SIDE_NOUN.search(sentence, at) if SECOND_SIDE_BY_A_NOUN else None
    if found is None or (by_noun is not None and by_noun.start() < found.start()):
        return by_noun
    return found


def _own_side_clause(sentence: str, trigger_end: int) -> str:
    """The sentence up to a second side's commitment after the trigger (see SECOND_SIDE), where the first side's
    time has to be found."""
    found = _second_side(sentence, trigger_end)
    return sentence if found is None else sentence[: found.start()] + "."


_SECOND_COMMITMENT = re.compile(r"\s+and\s+(?:will|would|shall)\s+(?:also\s+)?[a-z]+\b")
RELATIVE_PAST = rule(
    "pledges.relative-clause-recalls-a-dated-promise",
    "\"Kaldovia, which pledged 300 million crowns at a similar meeting in 2024, said ...\": a promise in the past "
    "tense in a relative clause, dated by a year already gone, is background on its maker, not a pledge to track",
)
# A relative clause opened after a comma whose verb is a commitment in the simple past.
_RELATIVE_PAST = re.compile(
    r",\s*(?:which|who)\s+(?:\w+ly\s+)?(?:pledged|promised|vowed|committed|undertook|agreed|offered)\b[^,;]*$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# The promise in its own future tense, as it was made ("will be closed by ..."); "pledged to honour it by March 3,
# 2004" in the reporter's past is left to `deadlines.past-refused` (the date may be when it was done).
_WILL_BEFORE = re.compile(r"\b(?:will|shall)\b(?:\s+\S+){0,3}\s*$", re.IGNORECASE)
_HAD_COMMITTED = re.compile(
    r"\bhad\s+(?:\w+ly\s+)?(?:promised|pledged|vowed|undertaken|committed|agreed|guaranteed|assured)\b", re.IGNORECASE
)


PAST_BASE = rule(
    "pledges.counted-from-a-past-year",
    "\"a 2026 agreement, under which Estavia committed to clearing the valley within twelve months\", read in 2027: "
    "a time counted from a year gone by has no due date counted from the story's",
)
_COUNTED_TIME = re.compile(
    r"(?i:within|in|after|over the next|over|by the end of (?:the|this|next) (?:year|month|week)|next|this|"
    r"(?:\w+\s+){1,3}from now)\b"
)
_LAST_YEAR = re.compile(r"\b(?:last year|(?:\w+|\d+) years? ago|the previous year)\b", re.IGNORECASE)


COUNTED_FROM_A_TRIGGER = rule(
    "pledges.counted-from-a-condition",
    "\"once every prisoner is free, we will unfreeze the assets within 30 days\", \"provided that the vote passes, "
    "the troops will leave within six months\": a time counted from a condition or a trigger has no due date "
    "counted from the story's (the words stay)",
)
_SPAN_OF_TIME = re.compile(r"(?i)(?:within|in)\s+(?:the\s+next\s+)?[\w-]+\s+(?:days?|weeks?|months?|years?)\b")
_TRIGGER = re.compile(
    r"\b(?:[Oo]nce|[Aa]s soon as|[Pp]rovided(?: that)?|[Pp]roviding|[Oo]n condition that|[Ii]f|[Uu]nless)\s+"
    r"(?!(?:not|necessary|needed|possible|so|any|ever)\b)"
)
_ASKED_IF = re.compile(r"\b(?:asked|wondered|know|see|say|unclear|decide[sd]?)\s+if\b", re.IGNORECASE)


def _counted_from_a_trigger(sentence: str, when: str | None) -> bool:
    """The pledge's time is a span ("within 30 days") and the sentence sets a condition or trigger it counts from."""
    if not when or not _SPAN_OF_TIME.match(when):
        return False
    return any(_ASKED_IF.search(sentence, 0, found.end()) is None for found in _TRIGGER.finditer(sentence))


ROLE_OF_PLACE_OWNS = rule(
    "actors.his-government-of-a-role-of-a-place",
    "\"The representative of Marosa said his Government would ...\": the government, country or city of someone "
    "named by a role of a place is that place, not \"representative of Marosa’s Government\"",
)
_ROLE_OF_PLACE = re.compile(r"(?i:the\s+)?(?:[\w-]+\s+){0,2}?[\w-]+\s+of\s+((?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})")
_PLACE_OWNED = frozenset("government country nation state city town administration delegation".split())


ROLE_NOT_THE_TELLER = rule(
    "actors.role-in-a-report-is-not-the-teller",
    "\"Ada Brun told members that the president would sign the decree\": the office a teller reports on is someone "
    "else than the teller (who would have said \"she\"); it stays as written, not the teller's name",
)
# "the Secretary-General", "the deputy minister": the definite office as the subject of a reported clause.
_DEFINITE_ROLE = re.compile(r"(?:the|The)\s+(?:[\w-]+\s+){0,2}?(?P<role>[\w-]+)")


SPOKESPERSON_FOR = rule(
    "actors.spokesperson-speaks-for-him",
    "\"Minister Rui Calvo stayed away. His spokesman, Ivo Tamm, said he would sign the decree by Friday\": the \"he\" a "
    "spokesperson reports on is the one whose spokesperson they are, not the spokesperson",
)
_SPOKESPEOPLE = frozenset(("spokesperson", "spokesman", "spokeswoman"))
_SPOKESPERSON_OF = re.compile(
    r"\b(?P<owner>[Hh]is|[Hh]er)\s+(?:[\w-]+\s+)?(?:spokesman|spokeswoman|spokesperson|press secretary)"
    r"(?:,\s*[^,;.]{1,60},)?\s+(?:said|says|told\s+\w+|added|announced|confirmed)(?:\s+on\s+\w+)?(?:\s+that)?\s+"
    r"(?P<pronoun>he|she)\s*$"
)


def _principal(sentence: str, candidate: _Candidate, registry: Registry) -> str | None:
    """The person a spokesperson speaks for, when the commitment's "he" or "she" follows "His spokesman said"."""
    at = candidate.verb if candidate.verb >= 0 else candidate.trigger_end
    before = re.sub(r"\s+(?:would|will|shall|is to|was to)\s*$", "", sentence[:at])
    match = _SPOKESPERSON_OF.search(before)
    if match is None:
        return None
    gender = "m" if match.group("owner").lower() == "his" else "f"
    said_by = sentence[match.start() : match.start("pronoun")]
    for entity in registry.recent_subjects():
        if entity.kind != "person" or entity.gender not in (None, gender) or entity.roles & _SPOKESPEOPLE:
            continue
        if any(word in said_by for word in entity.name.split()):
            continue  # the spokesperson named beside the role
        return entity.name
    return None


MONTH_OF_THE_PROMISE = rule(
    "deadlines.month-after-the-promise",
    "\"Norland said in January it would pay the arrears by March\", read in June: the March after the promise, this "
    "year's, has gone by; it is no due date next March",
)
_MONTH_DUE = re.compile(r"(?:by|before|in|until|no later than)\s+(?:the end of\s+)?(" + "|".join(MONTH_NAMES) + r")")
# When the promise was made: "in January" (no year after it), "last month".
_MONTH_MADE = re.compile(
    r"\b(?:(?i:in|on|since)\s+(" + "|".join(m.capitalize() for m in MONTH_NAMES) + r")(?![\s,]+\d)|(?i:last month))\b"
)
# "..., and it did", "..., which it did", "..., and it has done so": the promise was kept (VERDICT_GIVEN).
_KEPT = re.compile(r",?\s+(?:and|which)\s+(?:it|they|he|she)\s+(?:duly\s+)?(?:did|has|have)(?:\s+(?:so|done\s+so))?\s*(?:[,.;—–]|$)")
KEPT_WITHOUT_PRONOUN = rule(
    "pledges.and-did-so-is-kept",
    "\"Norland had promised to keep its boats out of the zone, and did so for seven years\", \"promised to open "
    "the talks, and did, though late\": \"and did (so)\" with no pronoun also says the promise was kept; recalled",
)
_KEPT_BARE = re.compile(r",?\s+and\s+(?:duly\s+)?did(?:\s+so\b|\s*(?:[,.;—–]|$))")
# A body and its proceedings (TALKS_SCHEDULE): "The assembly will debate the budget on Tuesday", "The committee will
# hold its first hearing on Monday", "The ministers will brief parliament on Friday" are its schedule.
_BODY = re.compile(
    r"\b(?:assembly|parliament|chamber|house|senate|congress|committee|commission|council|cabinet|ministers|"
    r"lawmakers|legislators|deputies|mps|delegates|board)\W*$",
    re.IGNORECASE,
)
_PROCEEDINGS = re.compile(
    r"(?:debate|discuss|hear|brief|question|"
    r"hold\s+(?:its|their|a|an|the)\s+(?:\w+\s+){0,2}?(?:hearings?|debates?|sittings?|sessions?|briefings?|"
    r"readings?))\b",
    re.IGNORECASE,
)
VERDICT_GIVEN = rule(
    "pledges.promise-said-kept-is-recalled",
    "\"In 2021 Norland promised to ..., a pledge only half kept\", \"promised ... and fulfilled this promise fully\", "
    "\"a commitment that has been met\", \"said in January it would reopen the school by September, and it did\": a "
    "promise the sentence says was kept, in whole or in part, is recalled, not a pledge to track (one it says was "
    "broken stays one: the side still owes it)",
)
_PROMISE_NOUN = r"(?:promises?|pledges?|commitments?|vows?|word)"
_KEPT_VERDICT = re.compile(
    r"\b(?:fulfill?(?:ed|s)?|kept|keeps|honou?red|delivered\s+on|made\s+good\s+on)\s+"
    r"(?:this|that|the|its|their|his|her|our|my)\s+(?:\w+\s+)?" + _PROMISE_NOUN + r"\b"
    r"|\b" + _PROMISE_NOUN + r",?\s+(?:that|which)\s+(?:has\s+|have\s+|had\s+|was\s+|were\s+)?(?:been\s+)?(?:only\s+)?"
    r"(?:half\s+|partly\s+|partially\s+|fully\s+|largely\s+)?(?:kept|met|honou?red|fulfilled)\b"
    r"|\b" + _PROMISE_NOUN + r"\s+(?:only\s+)?(?:half|partly|partially|largely|fully)\s+kept\b",
    re.IGNORECASE,
)


DATED_BEFORE = rule(
    "pledges.promise-dated-before-the-story",
    "\"Ostrel promised in 2025 to cut the fees\", \"promised this House in June that he would ...\", \"In March, the "
    "ministry pledged to ...\", \"A month after Norland pledged to ...\": a promise the sentence dates to an earlier "
    "year or month than the story's is an earlier promise restated: in its plainest forms (the time right after the "
    "verb or opening the sentence, before \"to\" or \"that\") it is kept as a pledge with no due date (its \"by spring\" "
    "was counted from when it was made), in every other dated form left out (read whole, those run into the next clause)",
)
_MONTH_WORD = "(?:" + "|".join(m.capitalize() for m in MONTH_NAMES) + ")"
# When a promise was made, as a time phrase: "in 2025", "in June", "in early March 2026", "last year", "two months ago".
_MADE_AT = (
    r"(?:[Ii]n\s+(?:(?:early|late|mid-)\s*)?(?P<month>" + _MONTH_WORD + r")(?:\s+(?P<myear>(?:19|20)\d\d))?"
    r"|[Ii]n\s+(?P<year>(?:19|20)\d\d)|[Ll]ast\s+(?:year|month)|(?:a|an|one|two|three|four|five|six|\d+)\s+(?:months?|years?)\s+ago)"
)
_RECALLING_VERB = re.compile(
    r"\b(?:had\s+)?(?:promised|pledged|vowed|undertook|committed|agreed|guaranteed|assured)\b", re.IGNORECASE
)
# Right after the verb, past a recipient of up to three words: "promised in 2025 to", "promised fishermen in June that".
_MADE_AFTER_VERB = re.compile(r"(?:\s+(?!to\b|that\b)[\w’'-]+){0,3}?\s+" + _MADE_AT + r"(?=[\s,]+(?:to|that)\b)")
# Opening the sentence (after a lead such as "Let us recall,"): "In 2023, after a flood, the government had promised".
_MADE_OPENING = re.compile(r"^\W*(?:[A-Z][\w ]{0,24}[,:]\s*)?" + _MADE_AT + r"\b")
# "in 2024, when it promised to ...", "after the floods of 2022, when the government promised": the promise is dated
# by the time its "when" clause hangs on.
_WHEN_AFTER_TIME = re.compile(r"\b(?:in|of|since)\s+(?P<year>(?:19|20)\d\d),\s+when\s+(?:[\w’'.-]+\s+){1,5}$")
# "When the minister stood in the village last November, he promised ...": a "when" clause dated before the story.
_WHEN_OPENING = re.compile(
    r"^\W*When\b[^;]*?\b(?:in|(?P<last>last))\s+(?:(?P<month>" + _MONTH_WORD + r")(?:\s+(?P<myear>(?:19|20)\d\d))?|(?P<year>(?:19|20)\d\d))"
    r"\b[^;]*,\s+(?:[\w’'.-]+\s+){1,4}$"
)
# "They promised it in 2022 and did nothing": a year gone by right after a short object.
_YEAR_AFTER_OBJECT = re.compile(r"(?:\s+(?!to\b|that\b)[\w’'-]+){1,3}?\s+in\s+(?P<year>(?:19|20)\d\d)(?=\s+and\b|\s*[.;,]|\s*$)")
# What the opening time may not span to reach the verb: a report ("said"), another verb's clause ("and").
# Between an opening time and the verb: a report, a conjunction, or a clause of its own after a semicolon ("In
# February, when talks failed, Tarsk had threatened ...; on Monday its minister promised": February dates the threat).
_OTHER_VERB_BETWEEN = re.compile(r"\b(?:said|says|told|announced|reported|according|and|but|will|would)\b|;")
# "A month after Norland pledged to ...": the promise is the start of a time gone by.
_TIME_AFTER_IT = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|several|\d+)\s+(?:weeks?|months?|years?)\s+after\s+(?:[\w’'-]+\s+){1,6}$",
    re.IGNORECASE,
)


PAST_SPAN_OPENING = rule(
    "pledges.promise-in-a-past-span",
    "\"As foreign minister from 1998 to 2002, Lindqvist vowed to ...\": a sentence opening on a span of office that "
    "ended in a year before the story's dates the promise after it to that time: recalled, not made in the news (the "
    "terms of a dated accord, \"Under the 2019 accord, X undertook to\", still bind and stay pledges)",
)
# An opening phrase (after a lead such as "Later,") that ends on a year gone by: a span of office.
_SPAN_OPENING = re.compile(
    r"^\W*(?:[A-Z]\w*,\s*)?(?:[Aa]s|[Ww]hile|[Ww]hen)\s[^,;]{0,60}?\b(?:from|between)\s+(?:19|20)\d\d\s+(?:to|and|until)\s+"
    r"(?P<end>(?:19|20)\d\d)\s*,\s*"
)


PAST_PERFECT_ACCORD = rule(
    "pledges.past-perfect-terms-of-a-dated-deal",
    "\"a 2023 arrangement, under which Velmora had promised to keep the line full, was abandoned\": a promise in the "
    "past perfect among the terms of a deal dated to a year before the story is recalled, not a pledge (\"a 2026 "
    "agreement, under which Estavia committed to ...\" in the simple past is left to the other rules)",
)
# A deal dated by a year, then ", under which <subject> had": its terms, as they were set then.
_DATED_ACCORD = re.compile(
    r"\b(?P<year>(?:19|20)\d\d)\s+(?:[\w-]+\s+){0,3}?(?:deal|agreement|accord|arrangement|treaty|pact|memorandum|"
    r"protocol|framework|compact|understanding|plan)\s*,\s*under\s+which\s+[^,;]{1,60}?(?:\bhad\s+)?$",
    re.IGNORECASE,
)


def _said_this_year(sentence: str, trigger_end: int, published: date) -> bool:
    """The promise is dated to an earlier month of the story's own year ("promised in March to ...", read in
    October; "In March 2027, the ministry pledged ..."), so "the end of the year" is this year's."""
    verb = _recalling_verb(sentence, trigger_end)
    if verb is None:
        return False
    opening = _MADE_OPENING.match(sentence)
    for found in (_MADE_AFTER_VERB.match(sentence, verb.end()), opening if opening and opening.end() <= verb.start() else None):
        if found is None or not found.group("month"):
            continue
        month = MONTH_NAMES.index(found.group("month").lower()) + 1
        year = int(found.group("myear")) if found.group("myear") else published.year
        if year == published.year and month < published.month:
            return True
    return False


def _made_before(found: re.Match[str], published: date) -> bool:
    """The time phrase names a year or a month before the story's (a month with no year: not the story's month)."""
    if "last" in found.groupdict() and found.group("last"):
        return True  # "last November": the one before the story, whatever its month
    if found.group("year"):
        return int(found.group("year")) < published.year
    if found.group("month"):
        month = MONTH_NAMES.index(found.group("month").lower()) + 1
        if found.group("myear"):
            return (int(found.group("myear")), month) < (published.year, published.month)
        return month != published.month
    return True  # "last year", "two months ago"


def _recalling_verb(sentence: str, trigger_end: int) -> re.Match[str] | None:
    """The commitment verb nearest before the trigger's end ("promised", "had pledged"): the one a time dates."""
    verbs = [m for m in _RECALLING_VERB.finditer(sentence) if m.start() < trigger_end]
    return verbs[-1] if verbs else None


def _restated_plainly(sentence: str, trigger_end: int, published: date) -> bool:
    """An earlier promise restated in the plainest forms, the time of its making right after the verb or opening
    the sentence ("Norland promised in 2025 to cut the fees", "In March, the Tarsk side promised to pay"): the
    annotation keeps such a promise as a pledge, and these forms read cleanly (DATED_BEFORE then only withholds the
    due date). The other dated forms (a "when" clause, "Two months after X pledged", the terms of a dated accord, a
    recipient before the time) stay left out: read whole they give a commitment that runs on into the next clause."""
    verb = _recalling_verb(sentence, trigger_end)
    if verb is None:
        return False
    after = _MADE_AFTER_VERB.match(sentence, verb.end())
    if after is not None and _made_before(after, published):
        return re.match(r"\s+(?:[Ii]n|[Ll]ast)\b|\s+\w+\s+(?:months?|years?)\s+ago\b", after.group(0)) is not None
    opening = _MADE_OPENING.match(sentence)
    return (
        opening is not None and opening.start() == 0 and re.match(r"\W*(?:[Ii]n|[Ll]ast)\b", sentence) is not None
        and opening.end() <= verb.start() and _made_before(opening, published)
        and not _OTHER_VERB_BETWEEN.search(sentence, opening.end(), verb.start())
        and not re.search(r"\bhad\s+$", sentence[: verb.start()])
        and re.match(r"\s+(?:to|that)\b", sentence[verb.end() :]) is not None  # "pledged to ...", not "promised a school"
    )


def _dated_before(sentence: str, trigger_end: int, published: date) -> bool:
    """The commitment verb nearest before the trigger's end is dated to before the story (see DATED_BEFORE)."""
    verb = _recalling_verb(sentence, trigger_end)
    if verb is None:
        return False
    after = _MADE_AFTER_VERB.match(sentence, verb.end())
    if after is not None and _made_before(after, published):
        return True
    opening = _MADE_OPENING.match(sentence)
    pluperfect = re.search(r"\bhad\s+$", sentence[: verb.start()]) is not None or verb.group(0).lower().startswith("had")
    if opening is not None and opening.end() <= verb.start() and _made_before(opening, published):
        if not _OTHER_VERB_BETWEEN.search(sentence, opening.end(), verb.start()):
            return True
    if PAST_PERFECT_ACCORD and pluperfect:
        accord = _DATED_ACCORD.search(sentence, max(0, verb.start() - 160), verb.start())
        if accord is not None and int(accord.group("year")) < published.year:
            return True  # "a 2023 arrangement, under which Velmora had promised to ...": the terms of a past deal
    before = sentence[: verb.start()]
    if re.search(r"\bhad\s*$", before):
        before = before[: before.rstrip().rfind("had")]
    for form in (_WHEN_AFTER_TIME, _WHEN_OPENING):
        found = form.search(before)
        if found is not None and _made_before(found, published):
            return True
    span = _SPAN_OPENING.match(sentence) if PAST_SPAN_OPENING else None
    if span is not None and span.end() <= verb.start() and int(span.group("end")) < published.year:
        if not _OTHER_VERB_BETWEEN.search(sentence, span.end(), verb.start()):
            return True  # "As minister from 1998 to 2002, she vowed to ...": a promise of that time
    later = _YEAR_AFTER_OBJECT.match(sentence, verb.end())
    if later is not None and int(later.group("year")) < published.year:
        return True
    return _TIME_AFTER_IT.search(sentence, 0, verb.start()) is not None


REPORTED_IN_PAST_YEAR = rule(
    "pledges.said-in-an-earlier-year",
    "\"In 2019 the minister told me that Ostrel would open the port\", \"In March 2021, Velmora said it would ...\": "
    "the sentence opens on a year before the story's and its first speech verb reports what was said then: recalled, "
    "not a pledge made in the news",
)
_YEAR_OPENING = re.compile(
    r"^\W*(?:(?:Back|Already|Even)\s+)?[Ii]n\s+(?:(?:early|late|mid-)\s*)?(?:" + _MONTH_WORD + r"\s+)?(?P<year>(?:19|20)\d\d)\b"
)
_REPORTING_VERB = re.compile(r"\b(?:said|told|announced|stated|declared|insisted|wrote|assured|explained)\b")


def _reported_in_past_year(sentence: str, trigger_end: int, published: date) -> bool:
    """The sentence opens on an earlier year and its first speech verb, before the commitment, reports it."""
    opening = _YEAR_OPENING.match(sentence)
    if opening is None or int(opening.group("year")) >= published.year:
        return False
    verb = _REPORTING_VERB.search(sentence, opening.end(), trigger_end)
    if verb is None:
        return False
    return not re.search(r"\b(?:and|but|now|today|will|would|has|have)\b|[;:]", sentence[opening.end() : verb.start()])


BREACHED_TERMS = rule(
    "pledges.terms-of-a-breached-accord",
    "\"the court found Ostrel had breached the treaty, under which each side undertook to warn the other\": the terms "
    "of an agreement the sentence says was breached or violated are the ground of the dispute, not a pledge made now",
)
_BREACH = re.compile(
    r"\b(?:breach(?:ed|es|ing)?|violat(?:ed|es|ing|ion)|flout(?:ed|s|ing)|broke|broken|contraven(?:ed|es|ing))\b[^.;]{0,160}?"
    r"\bunder\s+which\b[^.;]{0,80}$",
    re.IGNORECASE,
)


def _terms_of_a_breached_accord(sentence: str, trigger_end: int) -> bool:
    """The commitment sits in an "under which" clause after a word of breach (see BREACHED_TERMS)."""
    return _BREACH.search(sentence[:trigger_end]) is not None


QUESTION_LINE = rule(
    "pledges.question-line-commits-nobody",
    "a transcript's question line (\"Q: You said the embassy will reopen in April. Is that firm?\") is the reporter "
    "restating or asking, never a pledge",
)


RATHER_IS_A_PREFERENCE = rule(
    "pledges.would-rather-is-a-preference",
    "\"We would rather be late and right than on time and wrong\", \"would rather pay more into the fund\": what a "
    "side would rather do is a preference weighed against another, not a commitment to do it",
)
_RATHER = re.compile(r"\s*rather\b", re.IGNORECASE)
ACCEPT_ONLY_IS_A_POSITION = rule(
    "pledges.accepting-only-on-terms-is-a-position",
    "\"says it would accept inspections only with two weeks' notice\", \"would accept the corridor only if the army "
    "pulled back\": what a side would accept only on its terms is a bargaining position, not a commitment",
)
_ACCEPT_ONLY = re.compile(
    r"\s*accept\b[^.;]{0,80}?\bonly\s+(?:if|with|when|on|after|at|once|under|in\s+return)\b", re.IGNORECASE
)
OFFER_IF_ELECTED = rule(
    "pledges.offer-if-elected-is-a-campaign-offer",
    "\"would hold a referendum on the pipeline if it won\", \"would tear up the treaty, should her party win the "
    "election\": what a side would do once it wins power is a campaign offer, a proposal, not a commitment it can "
    "keep now (\"has promised to bid\" before \"would run two crossings if it won\" still is one)",
)
_IF_ELECTED = re.compile(
    r"\b(?:if|should)\s+(?:it|they|he|she|we|I|(?:the|her|his|its|their|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+"
    r"(?:wins?|won|is\s+elected|are\s+elected|was\s+elected|were\s+elected|(?:comes?|came)\s+to\s+power|"
    r"(?:takes?|took)\s+(?:office|power))\b|\bif\s+(?:re-?)?elected\b",
    re.IGNORECASE,
)


CONDITION_OPENS_A_QUOTE = rule(
    "pledges.condition-opening-a-quote-after-a-colon",
    "'She told members: \"If this House ratifies the treaty, the fishing banks will be emptied\"', 'said: \"If the "
    "experts do their work, the ministers will do theirs\"': a quote that opens with a condition after the colon of "
    "its speaker is conditional, as a sentence that opens with one is; an act the speaker's own clause states before "
    "the colon is still read",
)
_CONDITION_OPENS_QUOTE = re.compile(r":\s*[\"“‘«]\s*(?:if|unless)\b", re.IGNORECASE)


HEADLINE_BEFORE_THE_STORY = rule(
    "pledges.headline-before-the-story",
    "a line with no full stop before the story's first finished sentence (\"Donors pledge $3 billion for quake "
    "recovery\", \"UPDATE 2-Tarsk agrees to reopen crossing\", a deck under it) is the page's headline: the story "
    "tells the same commitment in a sentence of its own",
)
# A headline or deck: one line that ends in a word, a figure or a closing mark, not in punctuation of its own.
_UNFINISHED_LINE = re.compile(r"[\w%$€£)\"”’'»]\s*$")
_FINISHED_LINE = re.compile(r"[.!?…][\"'”’»)]*\s*$")
# A list item ("- Norland says it will reopen the fishing grounds"): a point of the story, however it is punctuated.
_LIST_ITEM = re.compile(r"\s*(?:[-•*–—·▪●]|\d{1,2}[.)])\s")


TIMELINE_ENTRY = rule(
    "pledges.past-timeline-entry",
    "an explainer's timeline line dated to an earlier year (\"March 2023 - Both governments promise to share the "
    "data\", \"2021: Norland pledges to ...\") tells history in the present tense: no pledge",
)
_TIMELINE_DATE = re.compile(
    r"\s*(?:(?:early|late|mid-?)\s*)?(?:\d{1,2}\s+)?(?:(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+)?(?:\d{1,2},?\s+)?"
    r"(?P<year>(?:19|20)\d\d)\s*(?:[-–—:]|\s-)\s"
)


def _past_timeline_entry(paragraph: str, year: int) -> bool:
    """The paragraph opens on a date with its year, before the story's year, and a dash or colon: a timeline's line."""
    found = _TIMELINE_DATE.match(paragraph)
    return found is not None and int(found.group("year")) < year


APPOSITION_NAMES = rule(
    "actors.name-before-its-description",
    "\"Tomas Ferle, a union organiser, promised to ...\": the actor is the name the description stands beside, not "
    "\"a union organiser\"",
)
_NAME_BEFORE_APPOSITION = re.compile(r"(?:^|[.;:]\s+)([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}),\s*$")
MATTER_RAISED_AT_A_MEETING = rule(
    "pledges.matter-raised-at-a-meeting-is-a-schedule",
    "\"said she would raise the matter at the regional trade council next week\", \"would raise the issue with the prime "
    "minister when the two meet\": a matter put on a meeting's agenda says what will be talked about there, not what "
    "will be done (\"vowed to raise the sailors' case with his counterpart\", no meeting named, stays a commitment)",
)
_RAISED_AT_A_MEETING = re.compile(
    r"raise\s+(?:the|this|that|its|their|his|her|our)\s+(?:[\w'’-]+\s+){0,2}?(?:matter|issue|question|subject|case|"
    r"concerns?)\b[^.;:]{0,100}?\b(?:at\s+(?:the|a|an|its|their|next|this)\s+(?:[\w'’-]+\s+){0,4}?(?:meeting|council|"
    r"session|summit|talks|conference|forum|assembly)|when\s+(?:the\s+two|they|both|the\s+(?:two\s+)?(?:leaders|"
    r"ministers))\s+(?:next\s+)?meet)\b",
    re.IGNORECASE,
)


def _raised_at_a_meeting(sentence: str, candidate: _Candidate) -> bool:
    """The commitment only puts a matter on a meeting's agenda (MATTER_RAISED_AT_A_MEETING)."""
    at = sentence.find(candidate.commitment, candidate.trigger_end)
    return at != -1 and _RAISED_AT_A_MEETING.match(sentence, at) is not None


OWN_SECURITY_STANCE = rule(
    "pledges.own-security-is-a-stance",
    "\"would take the measures necessary to ensure its security\", \"will station its forces wherever its security "
    "requires\": an act measured only by the side's own security names nothing a reader can hold it to; it is a "
    "warning or a stance (\"will guarantee the monitors' security\" stays a commitment)",
)
_OWN_SECURITY = re.compile(
    r"\b(?:measures|steps|action)\s+(?:(?:it|we|they)\s+(?:deems?|considers?|sees?\s+as)\s+)?necessary\s+to\s+"
    r"(?:ensure|protect|guarantee|safeguard|defend|preserve)\s+(?:its|our)\s+(?:own\s+)?(?:national\s+)?security\b"
    r"|\b(?:wherever|whenever|as|however)\s+(?:its|our)\s+(?:own\s+)?(?:national\s+)?security\s+(?:requires|demands|"
    r"dictates)\b",
    re.IGNORECASE,
)


EVERY_METRE_OF_LAND = rule(
    "pledges.every-metre-of-land-is-a-stance",
    "\"We will defend every metre of our land\", \"Not one inch of the island will be handed over\": a side's claim to "
    "all of a land, said as a vow, is a stance in a dispute (a refusal or a warning), not an act it commits to "
    "(\"will clear mines from every metre of the road by May\" stays a commitment)",
)
_EVERY_METRE_OF_LAND = re.compile(
    r"\b(?:every|one|a\s+single|an?)\s+(?:metres?|meters?|inch(?:es)?|centimetres?|foot)\s+of\s+(?:our|its|their|the|this|"
    r"that)\s+(?:[\w'’-]+\s+){0,2}?(?:land|lands|territory|soil|country|homeland|valley|island|islands|coast|waters)\b"
    r"(?=\s*(?:[.,;:!?\"”’»)]|$)|\s+(?:and|or|to|with|from|will|would|shall|is|are|was|for|that|which|whatever|against)\b)",
    re.IGNORECASE,
)


TALKS_RESUMING = rule(
    "pledges.talks-resuming-is-a-schedule",
    "\"Talks between Lessa and Dorvania will resume in Brell on Monday\", \"instructed their foreign ministers to resume "
    "talks on the river boundary\": talks taken up again are a schedule, as a meeting is (\"will resume gas deliveries\", "
    "\"Direct flights will resume on 3 June\" and talks the sides pledged or agreed to resume stay commitments)",
)
_RESUME_TALKS = re.compile(
    r"resume\s+(?:(?:the|their|its|direct|formal|peace)\s+)*(?:[\w-]+\s+){0,2}?(?:talks|negotiations|dialogue|"
    r"consultations)\b",
    re.IGNORECASE,
)
_RESUME_ALONE = re.compile(r"resume\b(?=\s*$|\s*,|\s+(?:in|on|at|from|next|after|later|today|tomorrow)\b)", re.IGNORECASE)
_COMMITTED_TO_RESUME = re.compile(
    r"\b(?:pledged?|agreed?|promised?|vowed?|undert(?:ook|akes?)|committed|decided)\b[^.;]{0,40}$", re.IGNORECASE
)
_TALKS_OPEN_THE_SENTENCE = re.compile(
    r"\W*(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:talks|negotiations|consultations|dialogue)\b", re.IGNORECASE
)


def _talks_resume(sentence: str, candidate: _Candidate) -> bool:
    """The commitment is talks taken up again (TALKS_RESUMING): "resume talks", or "Talks ... will resume"; talks the
    sides themselves pledged or agreed to resume stay a commitment."""
    if _COMMITTED_TO_RESUME.search(sentence[: candidate.trigger_end]):
        return False
    if _RESUME_TALKS.match(candidate.commitment):
        return True
    return _RESUME_ALONE.match(candidate.commitment) is not None and _TALKS_OPEN_THE_SENTENCE.match(sentence) is not None


JUDGING = rule(
    "pledges.judging-is-a-stance",
    "\"We will judge them by their deeds\", \"we will watch closely\": how a side will regard what others do is a "
    "stance, not something it commits to do",
)
_JUDGING = frozenset({"judge", "watch"})
COUNTRY_OF_THE_TITLE = rule(
    "actors.his-country-from-the-title",
    "\"Norland's foreign minister, Aksel Brand, said his country would ...\": \"his country\" is the place whose "
    "official the sentence names him as, not \"Aksel Brand's country\"",
)
_HIS_COUNTRY = re.compile(r"(?:his|her) (?:country|nation)", re.IGNORECASE)
HIS_GOVERNMENT = rule(
    "actors.his-government-of-the-title",
    "\"Norland's foreign minister said his government would ...\", \"Velmora's ambassador told them that his "
    "government would ...\": the government is the place whose official speaks, not \"the minister's government\" "
    "or a bare \"his government\"",
)
_GOVERNMENTS = frozenset(("government", "administration", "cabinet"))
_HIS_GOVERNMENT = re.compile(r"(?:his|her) (?:government|administration|cabinet)", re.IGNORECASE)
_OFFICIAL_OF = re.compile(r"\b([A-Z][\w-]+)['’]s((?:\s+[\w-]+){1,3})")


def _country_of_the_title(before: str, registry: Registry) -> str | None:
    """The place named as the owner of the last title before "his country" ("Norland's Foreign Minister"): the
    country the official speaks for. A person's possessive ("Brand's spokesman") is nobody's country."""
    found = None
    for match in _OFFICIAL_OF.finditer(before):
        words = [w.lower() for w in match.group(2).split()]
        if any(w in ROLE_NOUNS for w in words):
            found = match.group(1)
        elif PLACE_BEFORE_A_NAME and _a_person_named(match.group(2), registry):
            found = match.group(1)  # "Norland's Arvid Holm said his country would": Norland
    if found is None and TITLED_NAME_OWNS_COUNTRY:
        for match in _TITLED_NAME_OF.finditer(before):
            if any(w.lower() in TITLES for w in match.group(1).split()):
                found = match.group(2)  # "Prime Minister Ada Lind of Tarsk announced that her country would"
    if found is None or any(
        e.kind == "person" and found.lower() in e.words for e in registry.entities
    ):
        return None
    return found


PERSONS_GOVERNMENT = rule(
    "actors.a-persons-government-is-the-side-they-serve",
    "\"Kestavia's prime minister, Dorin Vale, ...\" then \"Vale's government will ...\" or \"Vale said his government "
    "would ...\": the government or country of a person the story named as one side's official is that side, not "
    "\"Vale's government\" (a person tied to no side, or to two, keeps it)",
)
_PERSONS_BODY = re.compile(
    r"(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})['’]s\s+(?:country|nation|government|administration|cabinet)"
)


def _side_of_a_persons_body(actor: str, registry: Registry, paragraph: str) -> str | None:
    """The one side a person is the official of (their role's owner, "Kestavia's prime minister, Dorin Vale"), when
    the actor is that person's government or country; written as the story writes it. None otherwise."""
    body = _PERSONS_BODY.fullmatch(actor)
    person = registry.resolve(body.group("name")) if body else None
    if person is None or person.kind != "person" or len(person.owners) != 1:
        return None
    (owner,) = person.owners
    written = re.search(rf"\b{re.escape(owner)}\b", paragraph, re.IGNORECASE)
    return written.group(0) if written and written.group(0)[:1].isupper() else owner[:1].upper() + owner[1:]


PLACE_BEFORE_A_NAME = rule(
    "actors.his-country-of-a-place-before-the-name",
    "\"Norland's Arvid Holm said his country would ...\": a place's possessive before a person's name says whose "
    "country \"his country\" is, as a title's owner does",
)


def _a_person_named(words: str, registry: Registry) -> bool:
    """The words after a possessive are a person's name the story knows ("Arvid Holm", not "energy minister")."""
    leading = re.match(r"\s*((?:[A-Z][\w’'-]*\s*)+)", words)
    names = [w.lower() for w in leading.group(1).split()] if leading else []
    return len(names) >= 2 and any(
        e.kind == "person" and set(names) <= e.words for e in registry.entities
    )


TITLED_NAME_OWNS_COUNTRY = rule(
    "actors.his-country-after-a-titled-name-of-a-place",
    "\"Prime Minister Ada Lind of Tarsk announced that her country would ...\": \"her country\" is Tarsk, the place "
    "after the titled name, not \"Ada Lind's country\"",
)
# A title, a first name and a surname, then "of" and one capitalised place: "Prime Minister Ada Lind of Tarsk".
_TITLED_NAME_OF = re.compile(r"((?:[A-Z][\w-]+\s+){1,3}[A-Z][\w’'-]+\s+[A-Z][\w’'-]+)\s+of\s+([A-Z][\w-]+)\b(?!\s+[A-Z])")


OWN_COUNTRY = rule(
    "actors.his-country-is-the-place",
    "\"Norland's energy minister said his country would buy ...\": \"his country\" is Norland, not \"Norland's energy "
    "minister's country\"",
)


NEXT_DEADLINE = rule(
    "deadlines.next-when-past",
    "when the first deadline after a commitment is a past date (\"the troops it moved in May\"), a later one in the "
    "sentence is its deadline (\"... and to suspend the case for 90 days\")",
)
SAME_ACTOR_REPEATS = rule(
    "pledges.repeat-is-the-same-actors",
    "a commitment like one already found is a repeat only when the same actor makes it; another actor's is a pledge "
    "of its own (\"Norland agreed to cut tariffs\" ... \"Estavia agreed to cut tariffs too\")",
)


THEY_FOR_A_GROUP = rule(
    "actors.they-for-the-group-named-first",
    "an unresolved \"they\" stands for the group that opens its sentence or the one before (\"The two ministers met ...; "
    "they agreed to ...\")",
)
_PLURAL_OPENING = re.compile(
    r"^(?P<np>(?:The|Both|All|Their|Its)\s+(?:[\w’'-]+\s+){0,3}?(?P<head>[a-z][\w-]*s))\b(?!\s+of\b)"
)


THEY_FOR_THE_SPEAKERS = rule(
    "actors.they-for-the-sides-that-said-it",
    "\"Lorvia and Ostrava said they would ratify\", \"Three of the largest banks in Velm said on Monday they would "
    "stop ...\": a \"they\" right after the speech verb is the named sides (or the counted group) that opened the "
    "sentence and said it",
)
_NAME = r"(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}"
# What follows the speakers: their speech verb, a day or date at most, "that" perhaps, and "they".
_SAID_THEY = r"\s+(?:said|say|says|announced|added|confirmed|told\s+\w+)(?:\s+on\s+\w+)?,?\s+(?:that\s+)?they\b"
_SIDES_SAID_THEY = re.compile(rf"^\s*(?P<np>{_NAME}(?:,\s+{_NAME})*,?\s+and\s+{_NAME}){_SAID_THEY}")
_COUNTED_SAID_THEY = re.compile(
    r"^\s*(?P<np>(?:Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Several|Many|Some|Most|Both|All)\s+(?:of\s+the\s+)?"
    r"(?:[\w-]+\s+){0,3}?[a-z][\w-]*s)(?:\s+(?:[a-z]+ing|in|from|at|based)\b[^,;:]{0,60}?)?" + _SAID_THEY
)


def _speakers_of_they(sentence: str) -> str | None:
    """The sides that open a sentence and say "they" right after their speech verb ("Lorvia and Ostrava said they"),
    or the counted group that does ("Three of the largest banks in Velm said they"); None for any other opening."""
    found = _SIDES_SAID_THEY.match(sentence) or _COUNTED_SAID_THEY.match(sentence)
    return found.group("np") if found else None


ROLES_OF_TWO_SIDES = rule(
    "actors.they-for-the-envoys-of-two-sides",
    "\"On Thursday, the foreign ministers of Lindmark and Corvessa announced that they had agreed to ...\": \"they\" "
    "after a plural role of two named sides is the two sides",
)
# A plural role "of" two capitalised sides opening the sentence, after a short time phrase and a comma at most.
_ROLES_OF_TWO_SIDES = re.compile(
    r"^(?:(?:On|In|Last|Earlier|Late|Early)\b[^,]{0,30},\s+)?(?:[Tt]he|[Bb]oth)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<head>[a-z]+s)\s+"
    r"of\s+(?:the\s+)?(?P<a>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+and\s+(?:the\s+)?(?P<b>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\b"
)


BARE_PLURAL_OPENING = rule(
    "actors.they-for-a-group-with-no-article",
    "\"Velmoran environmental groups said they would ...\": a group named with no article, a capitalised word then "
    "lowercase ones ending in a group's plural, is who \"they\" stands for",
)
_BARE_PLURAL_OPENING = re.compile(
    r"^(?P<np>[A-Z][\w’'-]+\s+(?:[a-z][\w’'-]*\s+){0,2}?(?P<head>[a-z][\w-]*s))\b(?!\s+of\b)"
)


def _two_sides(sentence: str) -> str | None:
    """ "Lindmark and Corvessa" when the sentence opens on a plural role of the two ("the foreign ministers of")."""
    sides = _ROLES_OF_TWO_SIDES.match(sentence.strip())
    if sides is None or sides.group("head")[:-1] not in ROLE_NOUNS:
        return None
    return f"{sides.group('a')} and {sides.group('b')}"


def _plural_opening(sentence: str) -> str | None:
    """The group that opens a sentence ("The two prime ministers", "Both delegations"), or None."""
    match = _PLURAL_OPENING.match(sentence.strip())
    if match is None and BARE_PLURAL_OPENING:
        return _bare_plural_opening(sentence)  # "Velmoran environmental groups said they ..."
    if match is None:
        return None
    head = match.group("head")
    return match.group("np") if head in _GROUP_WORDS or head[:-1] in _GROUP_WORDS or head[:-1] in ROLE_NOUNS else None


def _bare_plural_opening(sentence: str) -> str | None:
    """A group with no article that opens a sentence and then says "they" ("Environmental groups said they")."""
    match = _BARE_PLURAL_OPENING.match(sentence.strip())
    if match is None or not re.match(r"\s+(?:\w+\s+)?(?:said|say|says|vowed|promised|pledged|added)\s+(?:that\s+)?they\b", sentence.strip()[match.end():]):
        return None
    head = match.group("head")
    return match.group("np") if head in _GROUP_WORDS or head[:-1] in _GROUP_WORDS or head[:-1] in ROLE_NOUNS else None


def _last_sentence(text: str) -> str:
    """The last sentence of a paragraph's text before the current one ("" when there is none)."""
    sentences = split_sentences(text.strip()) if text.strip() else []
    return sentences[-1] if sentences else ""


def _who(actor: str) -> str:
    """The actor without the source of a reported commitment: "Norland (according to Dorn)" -> "norland"."""
    return actor.split(" (according to ")[0].lower()


OP_ED_AUTHOR = rule(
    "actors.op-ed-author-speaks-for-the-side",
    "an op-ed signed by a side's official (\"By Liv Aasgard, Foreign Minister of Norland\", or \"By Liv Aasgard\" then "
    "\"Liv Aasgard is the foreign minister of Norland.\") writes as that side: its author's \"we will keep our ports "
    "open\" outside quotes is Norland's pledge, as a quoted one would be (a reporter's byline names no side)",
)
_BYLINE = re.compile(r"\s*By\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2})\s*(?:,\s*(?P<title>[^\n]{3,80}))?\s*$")
_AUTHOR_OFFICE = re.compile(
    r"\b(?:minister|president|prime minister|chancellor|secretary|ambassador|premier|foreign secretary)"
    r"(?:\s+[\w-]+){0,3}?\s+of\s+(?P<side>(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2})",
    re.IGNORECASE,
)


OP_ED_BYLINE_AFTER_HEADLINE = rule(
    "actors.op-ed-byline-after-its-headline",
    "\"Opinion | Norland will stay\", then \"By Liv Aasgard\", then \"Liv Aasgard is the foreign minister of Norland.\": "
    "the byline may follow the op-ed's headline or kicker (within its first three lines), as a page extract leaves it",
)
OP_ED_POSSESSIVE_OFFICE = rule(
    "actors.op-ed-author-office-by-possessive",
    "\"Liv Aasgard has been Norland's minister for development since 2025.\": the author's office given with the side's "
    "possessive names the side as \"minister ... of Norland\" does",
)
_AUTHOR_OFFICE_OF = re.compile(
    r"\b(?P<side>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2})['’]s\s+(?:[\w-]+\s+){0,2}?"
    r"(?:minister|president|prime minister|chancellor|secretary|ambassador|premier|foreign secretary)\b"
)


def op_ed_side(paragraphs: list[str]) -> str | None:
    """The side an op-ed's author writes for: a byline opening the text (or after its headline), with the author's
    office of a place given in the byline itself or in the paragraph after it ("Marek Dalvani is the foreign minister
    of Ostrania.", "Marek Dalvani has been Ostrania's foreign minister since 2024.")."""
    if not OP_ED_AUTHOR:
        return None
    lines = [line for paragraph in paragraphs[:3] for line in paragraph.split("\n") if line.strip()]
    reach = 3 if OP_ED_BYLINE_AFTER_HEADLINE else 1
    at, byline = next(((n, _BYLINE.match(line)) for n, line in enumerate(lines[:reach]) if _BYLINE.match(line)), (0, None))
    if byline is None:
        return None
    told = byline.group("title") or ""
    if not told and len(lines) > at + 1 and lines[at + 1].startswith(byline.group("name")):
        told = lines[at + 1]  # "Marek Dalvani is the foreign minister of Ostrania."
    office = _AUTHOR_OFFICE.search(told)
    if office is None and OP_ED_POSSESSIVE_OFFICE:
        office = _AUTHOR_OFFICE_OF.search(told)
    return office.group("side") if office else None


def extract_pledges(paragraphs: list[str], published: date | None = None) -> list[Pledge]:
    """The pledges of an article (paragraph strings in order), each with its evidence sentence and deadline."""
    collector = PledgeCollector(published, op_ed_side(paragraphs))
    QuoteReader(on_sentence=collector).read(paragraphs)
    return collector.pledges
