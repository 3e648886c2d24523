"""Invented diplomatic stories for the reliability tests, each distinct enough to be its own story group.

Why not tests/factories.story(): its stories share long runs of template words, so many of them together can
look like syndicated copies of one another and be folded into one story; crash tests count every story a chat
receives and need each to stand alone. Here no run of four template words is free of a per-story word.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.factories import BASE_TIME, Item, rss

COUNTRIES = [
    "Velmora", "Kestria", "Aldmark", "Orlen", "Tarnovia", "Serava", "Dolnavia", "Halvik", "Marenland", "Varesk",
    "Lirenne", "Ristovia", "Aurelia", "Kaldoria", "Brisca", "Ostrava Union", "Quenmark", "Umbria Minor",
    "Zeltan", "Norvale", "Pellan", "Ysmir", "Corvana", "Thessaly Coast",
]
CITIES = [
    "Geneva", "Vienna", "Oslo", "Nairobi", "Montevideo", "Hanoi", "Tbilisi", "Dakar", "Lima", "Reykjavik",
    "Tallinn", "Muscat", "Accra", "Valletta", "Windhoek", "Bern", "Astana", "Canberra", "Doha", "Ljubljana",
    "Manila", "Quito", "Rabat", "Yerevan",
]
SUBJECTS = [
    "fishing quotas", "grain corridors", "river water sharing", "prisoner exchanges", "subsea cables",
    "visa waivers", "border demarcation", "refugee returns", "mine clearance", "airspace rules", "debt relief",
    "vaccine donations", "pipeline tariffs", "election observers", "cultural heritage", "arms embargoes",
    "port access", "sanctions relief", "hostage releases", "customs unions", "wildfire aid",
    "glacier monitoring", "satellite spectrum", "consular access",
]
PEOPLE = [
    "Ana Kovač", "Henrik Vass", "Iva Brandt", "Goran Lisac", "Marta Aalto", "Dragan Mirić", "Selma Okafor",
    "Tomas Reyes", "Lena Holm", "Pavel Dusek", "Yara Haddad", "Omar Castell", "Nadia Petrov", "Ivo Sandor",
    "Rhea Solberg", "Kenji Aramaki", "Farah Nouri", "Luca Bellini", "Edda Sigurd", "Mateo Ruiz", "Zofia Wren",
    "Amadou Diallo", "Ines Ferro", "Bruno Kaspar",
]
VERBS = ["pledged", "promised", "committed", "vowed", "undertook", "agreed"]
UNITS = ["million euros", "observers", "engineers", "tonnes of grain", "field hospitals", "patrol boats"]


def _pick(options: list[str], n: int, stride: int, offset: int = 0) -> str:
    return options[(n * stride + offset) % len(options)]


def title(n: int) -> str:
    """Story n's headline (unique for n < 24 * 24)."""
    return f"{_pick(COUNTRIES, n, 1)} and {_pick(COUNTRIES, n, 5, 3)} talk {_pick(SUBJECTS, n, 7)} in {_pick(CITIES, n, 11)} (no. {n})"


def paragraphs(n: int) -> list[str]:
    """Story n's text: a pledge with a deadline, an attributed quote, a reaction and a follow-up."""
    a, b = _pick(COUNTRIES, n, 1), _pick(COUNTRIES, n, 5, 3)
    city, subject = _pick(CITIES, n, 11), _pick(SUBJECTS, n, 7)
    person, other = _pick(PEOPLE, n, 13), _pick(PEOPLE, n, 17, 5)
    verb, unit = _pick(VERBS, n, 1), _pick(UNITS, n, 5)
    later = _pick(CITIES, n, 19, 7)
    return [
        f"{a} {verb} {n + 12} {unit} on {subject} by {10 + n % 18} March, after {city} talks with {b} closed.",
        f"“{a} keeps {subject} promises made in {city},” {person} told {b} reporters.",
        f"{b} answered that {unit} alone settle nothing about {subject}, envoy {other} said from {later}.",
        f"Negotiators from {a} meet {b} envoys again in {later} once {person} reports on {subject}.",
    ]


def link(host: str, n: int) -> str:
    return f"{host}/press/{n}"


def story_items(numbers: range, host: str, *, newest: datetime = BASE_TIME) -> list[Item]:
    """Feed items for stories `numbers`, newest first (as feeds list them), story n dated n minutes before `newest`
    (weeks ago by default; a source added to a running bot sends only its last day's stories)."""
    return [
        Item(
            title=title(n),
            link=link(host, n),
            paragraphs=paragraphs(n),
            published=newest - timedelta(minutes=n),
            categories=["diplomacy"],
        )
        for n in sorted(numbers, reverse=True)
    ]


def feed(numbers: range, host: str, *, newest: datetime = BASE_TIME) -> bytes:
    return rss(story_items(numbers, host, newest=newest), title=f"Press office at {host}")
