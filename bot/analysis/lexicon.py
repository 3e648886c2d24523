"""Word lists for reading diplomatic copy: speech verbs, titles, roles, places and institutions.

Kept apart from the rules that use them so a reader can see, and extend, what Communiqué knows about the
vocabulary of the beat without reading any pattern. Every entry is lower case.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs that introduce or attribute speech ("Lavrov said", "said Lavrov", "he told reporters"). Forms that
# are more often nouns in news copy ("states", "reports", "calls", "claims") are left out on purpose.
SPEECH_VERBS = _words(
    """
    says said saying tells told telling adds added adding announces announced announcing declares declared
    declaring stated asks asked asking replied answered insists insisted insisting warns warned warning argues
    argued arguing noted noting stresses stressed stressing explains explained explaining claimed claiming
    writes wrote writing tweets tweeted tweeting posted commented remarked cautions cautioned cautioning
    acknowledges acknowledged admits admitted concedes conceded suggests suggested urges urged urging hails
    hailed describes described emphasises emphasised emphasizes emphasized reiterates reiterated recalls
    recalled complains complained quoted reported confirms confirmed denies denied vowed pledged promised
    predicts predicted continues continued concludes concluded responds responded accuses accused praises
    praised welcomes welcomed criticises criticised criticizes criticized condemns condemned dismisses dismissed
    rejects rejected laments lamented observes observed asserts asserted maintains maintained contends contended
    quipped joked exclaimed shouted proclaimed demanded appealed pleaded assures assured reassure reassured
    called calling agreed countered retorted boasted thundered scoffed
    """
)

# Words that can sit between a name and its speech verb ("Lavrov also said", "he later told").
ADVERBS = _words(
    "also later earlier then again previously repeatedly once further separately additionally recently "
    "subsequently yesterday today still simply only just quickly angrily bluntly flatly firmly"
)

AUXILIARIES = _words("has have had was is were are be been will would did does do can could may might shall")

# Titles that fold into a name ("Russian Foreign Minister Sergey Lavrov" -> "Sergey Lavrov").
TITLES = _words(
    """
    president vice-president vice prime minister foreign secretary state of chancellor premier ambassador
    senator sen sen. rep rep. representative governor gov gov. mayor chairman chairwoman chair chairperson
    speaker leader spokesman spokeswoman spokesperson commander cmdr cmdr. gen gen. general lt lt. col col.
    colonel adm adm. admiral maj maj. major capt capt. captain mr mr. mrs mrs. ms ms. dr dr. prof prof.
    professor sir dame lord lady king queen prince princess crown sheikh emir sultan pope cardinal archbishop
    bishop rev rev. envoy special deputy under-secretary undersecretary assistant treasury defence defense
    finance interior trade justice health energy economy senate house democratic republican democrat
    labour conservative opposition majority minority chief executive supreme high commissioner
    secretary-general director director-general president-elect former acting interim co-chair negotiator
    ayatollah marshal sergeant agriculture commerce affairs home external international development
    environment culture education transport security national adviser advisor counsellor counselor
    congressman congresswoman councillor vice-chancellor first lady chief-of-staff staff
    """
)

# Lower-case role nouns written before a name or standing for a person ("spokeswoman Morgan Ortagus").
ROLE_NOUNS = _words(
    """
    president minister secretary chancellor premier ambassador senator governor mayor chairman chairwoman
    chair speaker leader spokesman spokeswoman spokesperson commander general admiral envoy diplomat official
    officer negotiator analyst adviser advisor aide correspondent resident blogger expert economist professor
    researcher activist lawmaker legislator politician candidate monarch king queen prince emir sultan pope
    representative delegate director chief head prosecutor judge lawyer strategist fellow analyst editor
    journalist reporter commentator campaigner protester witness source sources spokespeople member
    vice-president vice-chancellor premier negotiators diplomats officials ministers leaders pastor priest
    cleric dissident businessman businesswoman billionaire executive manager counterpart deputy secretary-general
    """
)

# Role words that say a person's gender; used only to choose between "he" and "she".
FEMININE = _words(
    "ms ms. mrs mrs. madam mme dame lady queen princess spokeswoman chairwoman congresswoman businesswoman "
    "she her"
)
MASCULINE = _words("mr mr. sir lord king prince spokesman chairman congressman businessman he him his")
# Common first names in international news, to guess gender for "she"/"he" when no title says it.
FEMININE_FIRST_NAMES = _words(
    """
    theresa angela hillary nancy kamala ursula kaja liz annalena christine jacinda federica catherine maria
    marine nicola condoleezza madeleine samantha linda martha joice jenny grace giorgia yulia svetlana julia
    helen sarah susan kristalina penny priti victoria mary elizabeth anne ann emily laura karen sanna mette
    magdalena ngozi amina michelle melania jill nikki kristi tulsi morgan heather jen karine
    benazir golda indira margaret ellen ana anna olena oksana iryna lyudmila
    marine ségolène sophie isabel isabelle claudia dilma cristina michelle mia marise penny jacqueline
    natalia irina tatiana valentina yuliya nadia leila layla fatima aisha amal rania noura hanan mona
    """
)

# Pronouns that may stand for a speaker.
PRONOUNS = _words("he she they it we i")

# Agencies and outlets: relayed voices keep their own name ("KCNA", "Xinhua reported").
AGENCIES = _words(
    "xinhua kcna tass ria interfax reuters afp ap yonhap irna anadolu wafa sana kyodo bbc cnn ria-novosti "
    "itar-tass sputnik rt isna mehr tasnim fars petra mena spa qna wam bernama antara"
)

# Last words that make a capitalised phrase an institution rather than a person ("the State Department").
INSTITUTION_HEADS = _words(
    """
    department ministry house kremlin office agency union council nations organization organisation bank fund
    parliament congress senate committee commission court forces army navy government administration
    cabinet party presidency embassy consulate mission secretariat alliance bloc nato pentagon palace
    elysee élysée downing whitehall times post news journal tv radio broadcaster newspaper statement
    foundation institute center centre group association league federation authority authorities council
    assembly duma knesset bundestag politburo guard police military delegation team coalition movement
    front church university court tribunal board bureau service services corporation company media network
    """
)
INSTITUTION_WORDS = INSTITUTION_HEADS | AGENCIES | _words("kremlin pentagon nato beijing moscow washington")

# Demonyms and place words that start a title phrase but are not part of a name ("Chinese", "US").
DEMONYMS = _words(
    """
    us u.s. u.s uk u.k. eu e.u. un u.n. american russian chinese british french german italian spanish
    japanese korean north south east west ukrainian polish israeli palestinian iranian iraqi syrian turkish
    saudi egyptian indian pakistani afghan canadian mexican brazilian argentine australian european african
    asian arab emirati qatari jordanian lebanese libyan sudanese ethiopian kenyan nigerian zimbabwean
    swedish norwegian danish finnish dutch belgian swiss austrian hungarian czech slovak romanian bulgarian
    greek serbian croatian estonian latvian lithuanian belarusian georgian armenian azerbaijani kazakh
    uzbek venezuelan colombian cuban chilean peruvian indonesian malaysian thai vietnamese filipino
    taiwanese mongolian bangladeshi sri lankan nepalese myanmar burmese cambodian yemeni omani bahraini
    kuwaiti moroccan algerian tunisian somali south-african nato g7 g20 g8 opec asean un-backed us-led
    mexico's russia's china's britain's america's zimbabwe's israel's iran's
    """
)

# Countries, regions and capitals often written as subjects or in name-like phrases.
PLACES = _words(
    """
    russia china america britain england scotland wales ireland france germany italy spain japan korea
    ukraine poland israel palestine gaza iran iraq syria turkey egypt india pakistan afghanistan canada
    mexico brazil argentina australia europe africa asia sweden norway denmark finland netherlands belgium
    switzerland austria hungary greece serbia croatia estonia latvia lithuania belarus georgia armenia
    azerbaijan kazakhstan venezuela colombia cuba chile peru indonesia malaysia thailand vietnam philippines
    taiwan mongolia bangladesh myanmar cambodia yemen oman bahrain kuwait qatar jordan lebanon libya sudan
    ethiopia kenya nigeria zimbabwe botswana namibia morocco algeria tunisia somalia guatemala honduras
    moscow beijing washington london paris berlin rome madrid tokyo seoul pyongyang kyiv kiev warsaw
    jerusalem tehran baghdad damascus ankara cairo delhi islamabad kabul ottawa brussels geneva vienna
    stockholm oslo helsinki tallinn riga vilnius minsk tbilisi harare pretoria johannesburg nairobi
    riyadh doha dubai abu dhabi tel aviv west bank donbass donetsk lugansk luhansk crimea kremlin taipei
    hong kong singapore new york buenos aires states kingdom united republic emirates arabia sahel
    """
)

MONTHS = _words(
    "january february march april may june july august september october november december "
    "jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct. nov nov. "
    "dec dec."
)
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")

# Name particles that may sit in lower case inside a name ("Mohammed bin Salman", "Ursula von der Leyen").
NAME_PARTICLES = _words("bin bint ibn al el al- el- von van der den de da di du la le abu ben")

# Sentence-initial or function words that are capitalised but never part of a name.
NOT_NAMES = _words(
    """
    the a an but and or so yet if when while after before as at in on of for from to by with without
    however meanwhile still also although though because since asked speaking earlier later then there
    this that these those it its he she they we i his her their our my your what why how who whom which
    where not no yes some many most all both each every one two three four five six seven eight nine ten
    mr mrs ms dr under over amid among despite during until unless last next first among against
    """
)
