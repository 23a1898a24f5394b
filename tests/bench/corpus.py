"""Generated fictional conflict-news articles with gold spans, for benchmarks and training tests.

Every article is a pure function of (index, seed): corpora of any size stream without being
held in memory, and the same call gives the same article on any machine.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

SYLLABLES = [
    "os",
    "trel",
    "var",
    "nak",
    "bel",
    "mi",
    "ra",
    "kar",
    "sh",
    "dun",
    "le",
    "za",
    "pol",
    "ten",
    "ka",
    "ro",
    "vi",
    "an",
    "ess",
    "ul",
    "mar",
    "tov",
    "sel",
    "gra",
]
GROUP_HEADS = [
    "Liberation Front",
    "Defence Militia",
    "People's Army",
    "Brigade",
    "Resistance Movement",
    "Self-Defence Forces",
    "Patriotic Union",
    "Legion",
]
GROUP_ADJECTIVES = [
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Free",
    "United",
    "Red",
    "Black",
    "Highland",
    "River",
    "Coastal",
    "Popular",
]
STATE_FORCES = [
    "the national army",
    "government forces",
    "the presidential guard",
    "police officers",
    "the border police",
    "army units",
    "security forces",
]
FOREIGN = ["foreign troops", "peacekeepers", "coalition forces", "mercenaries"]
CIVILIANS = ["civilians", "villagers", "residents", "farmers", "displaced families"]
WEAPONS = [
    ("mortar shells", "artillery"),
    ("an airstrike", "airstrike"),
    ("airstrikes", "airstrike"),
    ("a roadside bomb", "explosive"),
    ("a car bomb", "explosive"),
    ("drones", "drone"),
    ("an armed drone", "drone"),
    ("rifles", "small_arms"),
    ("machine guns", "small_arms"),
    ("artillery fire", "artillery"),
    ("rockets", "artillery"),
    ("machetes", "bladed"),
    ("grenades", "explosive"),
]
PEOPLE = [
    "civilians",
    "soldiers",
    "fighters",
    "police officers",
    "villagers",
    "children",
    "aid workers",
    "militiamen",
    "people",
]
KINDS = [
    ("killed", "killed"),
    ("wounded", "injured"),
    ("injured", "injured"),
    ("abducted", "captured"),
    ("taken captive", "captured"),
    ("reported missing", "missing"),
]
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = [
    "Officials said the situation remained tense late into the evening.",
    "Residents described hearing explosions throughout the night.",
    "Aid agencies said access to the area was still restricted.",
    "The claims could not be independently verified.",
    "Local markets stayed closed and many families stayed indoors.",
    "A spokesperson promised an investigation into the incident.",
    "Roads leading out of the district were blocked by checkpoints.",
    "Hospital staff appealed for blood donations and fuel for generators.",
    "Talks between the parties had stalled earlier in the month.",
    "Schools in the area were turned into temporary shelters.",
]


class ArticleBuilder:
    """Appends text piece by piece and records the spans of labelled pieces."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[dict[str, Any]] = []

    def add(self, text: str, label: str | None = None, **attrs: Any) -> None:
        if label:
            self.spans.append(
                {
                    "start": self.length,
                    "end": self.length + len(text),
                    "label": label,
                    "attrs": attrs,
                }
            )
        self.parts.append(text)
        self.length += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def place_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def actor(rng: random.Random) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.45:
        return f"the {rng.choice(GROUP_ADJECTIVES)} {rng.choice(GROUP_HEADS)}", "rebel_group"
    if roll < 0.75:
        return rng.choice(STATE_FORCES), "state_forces"
    if roll < 0.85:
        return rng.choice(FOREIGN), "external_forces"
    return f"{place_name(rng)} militia", "political_militia"


def casualty(rng: random.Random) -> tuple[str, dict[str, Any], str]:
    """A figure phrase ("at least 18 soldiers"), its attributes and its verb."""
    verb, kind = rng.choice(KINDS)
    n = rng.randint(2, 60)
    people = rng.choice(PEOPLE)
    roll = rng.random()
    if roll < 0.3:
        return f"{n} {people}", {"kind": kind, "count": n, "qualifier": "exact"}, verb
    if roll < 0.5:
        word = NUMBER_WORDS[min(n, 20)]
        return f"{word} {people}", {"kind": kind, "count": min(n, 20), "qualifier": "exact"}, verb
    if roll < 0.7:
        return (
            f"at least {n} {people}",
            {"kind": kind, "count_low": n, "qualifier": "at_least"},
            verb,
        )
    if roll < 0.85:
        return (
            f"between {n} and {n + 5} {people}",
            {"kind": kind, "count_low": n, "count_high": n + 5, "qualifier": "range"},
            verb,
        )
    return f"about {n} {people}", {"kind": kind, "count": n, "qualifier": "approx"}, verb


def event_paragraph(rng: random.Random, out: ArticleBuilder) -> None:
    """One event: who attacked whom, where, with what, and the toll."""
    attacker, attacker_type = actor(rng)
    target, target_type = actor(rng)
    weapon, category = rng.choice(WEAPONS)
    figure, attrs, verb = casualty(rng)
    out.add(rng.choice(["On ", "Early on ", "Late on "]) + rng.choice(DAYS) + ", ")
    out.add(attacker, "ACTOR", actor_type=attacker_type)
    out.add(" attacked ")
    out.add(target, "ACTOR", actor_type=target_type)
    out.add(" near ")
    out.add(place_name(rng), "LOCATION", precision="town")
    out.add(" with ")
    out.add(weapon, "WEAPON", category=category)
    out.add(". ")
    out.add(figure[0].upper() + figure[1:], "CASUALTY", **attrs)
    out.add(f" were {verb}")
    if rng.random() < 0.5:
        out.add(" in ")
        out.add(place_name(rng) + " province", "LOCATION", precision="province")
    out.add(", according to ")
    out.add(rng.choice(CIVILIANS) if rng.random() < 0.3 else "local officials")
    out.add(". ")


def article(index: int, seed: int = 0, words: int = 500) -> dict[str, Any]:
    """One generated article in Prodigy's shape (text, meta, spans, answer)."""
    rng = random.Random(f"{seed}:{index}")
    out = ArticleBuilder()
    while out.length < words * 6:
        event_paragraph(rng, out)
        for _ in range(rng.randint(1, 3)):
            out.add(rng.choice(FILLER) + " ")
        out.add("\n\n")
    title = f"Fighting reported near {place_name(rng)} (report {index})"
    return {
        "text": out.text.strip(),
        "meta": {"title": title, "generated": index},
        "spans": out.spans,
        "answer": "accept",
    }


def articles(count: int, seed: int = 0, words: int = 500, start: int = 0) -> Iterator[dict]:
    for index in range(start, start + count):
        yield article(index, seed, words)
