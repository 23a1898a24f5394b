"""Casualty figures read from original phrases, and phrases that are no casualty figures."""

from __future__ import annotations

import unicodedata
import warnings

import pytest

from annotator.suggest import casualty_attrs, find_casualties, parse_casualty
from annotator.suggest.composed import composed_with_offsets


def killed(**figure):
    return {"kind": "killed", **figure}


def injured(**figure):
    return {"kind": "injured", **figure}


def captured(**figure):
    return {"kind": "captured", **figure}


def missing(**figure):
    return {"kind": "missing", **figure}


EXACT, AT_LEAST, AT_MOST = "exact", "at_least", "at_most"
APPROX, RANGE, UNKNOWN = "approx", "range", "unknown"

ENGLISH = [
    # digits
    ("18 fighters were killed in the clash.", killed(count=18, qualifier=EXACT)),
    ("Police said 7 soldiers died overnight.", killed(count=7, qualifier=EXACT)),
    ("1,200 people were wounded in the shelling.", injured(count=1200, qualifier=EXACT)),
    ("The raid left 23 villagers dead.", killed(count=23, qualifier=EXACT)),
    ("Officials reported 4 civilians injured.", injured(count=4, qualifier=EXACT)),
    ("The gunmen abducted 31 pupils from the school.", captured(count=31, qualifier=EXACT)),
    ("3 aid workers remain missing.", missing(count=3, qualifier=EXACT)),
    ("The blast killed 12 and wounded 40.", killed(count=12, qualifier=EXACT)),
    ("Rebels kidnapped 5 engineers near the dam.", captured(count=5, qualifier=EXACT)),
    ("Rebels kidnapped 5 goats near the dam.", None),
    ("An ambush killed 9 soldiers on the ridge road.", killed(count=9, qualifier=EXACT)),
    ("2,450 residents were hurt, the ministry said.", injured(count=2450, qualifier=EXACT)),
    ("12 of them were killed at the checkpoint.", killed(count=12, qualifier=EXACT)),
    ("16 were wounded by shrapnel.", injured(count=16, qualifier=EXACT)),
    ("A car bomb killed 2 million-dollar racehorses.", None),
    # numbers in words
    ("Seven soldiers were killed at dawn.", killed(count=7, qualifier=EXACT)),
    ("Twenty-three miners are missing after the attack.", missing(count=23, qualifier=EXACT)),
    ("Eleven pupils were abducted from their dormitory.", captured(count=11, qualifier=EXACT)),
    ("The militia executed nine prisoners.", killed(count=9, qualifier=EXACT)),
    ("One hundred and twelve people died in the siege.", killed(count=112, qualifier=EXACT)),
    ("Forty civilians were wounded in the market.", injured(count=40, qualifier=EXACT)),
    ("Thirty-one fishermen were taken hostage.", captured(count=31, qualifier=EXACT)),
    ("two hundred refugees have been reported missing", missing(count=200, qualifier=EXACT)),
    ("Fifteen gendarmes were shot dead at a roadblock.", killed(count=15, qualifier=EXACT)),
    ("A dozen soldiers were wounded.", injured(count=12, qualifier=EXACT)),
    ("Two dozen villagers were kidnapped.", captured(count=24, qualifier=EXACT)),
    ("Half a dozen policemen were injured.", injured(count=6, qualifier=EXACT)),
    ("The fighting killed five thousand people.", killed(count=5000, qualifier=EXACT)),
    ("Fourteen people were hospitalised after the stampede.", injured(count=14, qualifier=EXACT)),
    ("Eight herders perished in the raid.", killed(count=8, qualifier=EXACT)),
    ("Nineteen recruits were murdered in their barracks.", killed(count=19, qualifier=EXACT)),
    # at least / more than / up to / about / nearly
    ("At least 18 fighters were killed.", killed(count_low=18, qualifier=AT_LEAST)),
    ("at least seven civilians died", killed(count_low=7, qualifier=AT_LEAST)),
    ("More than 30 people were injured.", injured(count_low=31, qualifier=AT_LEAST)),
    ("more than a dozen soldiers were wounded", injured(count_low=13, qualifier=AT_LEAST)),
    ("Over 100 students were abducted.", captured(count_low=101, qualifier=AT_LEAST)),
    ("No fewer than 40 guards were killed.", killed(count_low=40, qualifier=AT_LEAST)),
    ("Upwards of 60 protesters were hurt.", injured(count_low=61, qualifier=AT_LEAST)),
    ("In excess of 500 people have died.", killed(count_low=501, qualifier=AT_LEAST)),
    ("Up to 40 militants were killed.", killed(count_high=40, qualifier=AT_MOST)),
    ("up to seventy people may be missing", missing(count_high=70, qualifier=AT_MOST)),
    ("As many as 25 villagers were abducted.", captured(count_high=25, qualifier=AT_MOST)),
    ("No more than 8 officers were wounded.", injured(count_high=8, qualifier=AT_MOST)),
    ("Fewer than 10 civilians were killed.", killed(count_high=9, qualifier=AT_MOST)),
    ("Less than twenty soldiers were captured.", captured(count_high=19, qualifier=AT_MOST)),
    ("About 150 people were wounded.", injured(count=150, qualifier=APPROX)),
    ("Nearly 60 people were injured.", injured(count=60, qualifier=APPROX)),
    ("Around forty fighters died.", killed(count=40, qualifier=APPROX)),
    ("Almost 300 people are missing.", missing(count=300, qualifier=APPROX)),
    ("Roughly 90 soldiers were killed.", killed(count=90, qualifier=APPROX)),
    ("Some 45 workers were kidnapped.", captured(count=45, qualifier=APPROX)),
    ("An estimated 2,000 people were killed.", killed(count=2000, qualifier=APPROX)),
    ("Approximately eighty villagers were wounded.", injured(count=80, qualifier=APPROX)),
    ("About two dozen residents were hurt.", injured(count=24, qualifier=APPROX)),
    ("Close to 70 people died.", killed(count=70, qualifier=APPROX)),
    ("Fifty or so people were injured.", injured(count=50, qualifier=APPROX)),
    ("The strike killed at least 14.", killed(count_low=14, qualifier=AT_LEAST)),
    ("The bombing killed more than 20 people.", killed(count_low=21, qualifier=AT_LEAST)),
    # ranges
    (
        "Between 12 and 15 civilians were injured.",
        injured(count_low=12, count_high=15, qualifier=RANGE),
    ),
    (
        "between twelve and fifteen soldiers died",
        killed(count_low=12, count_high=15, qualifier=RANGE),
    ),
    ("10-15 people were killed.", killed(count_low=10, count_high=15, qualifier=RANGE)),
    ("10–15 people were killed.", killed(count_low=10, count_high=15, qualifier=RANGE)),
    ("12 to 15 fighters were captured.", captured(count_low=12, count_high=15, qualifier=RANGE)),
    (
        "From 20 to 30 villagers were abducted.",
        captured(count_low=20, count_high=30, qualifier=RANGE),
    ),
    ("Two or three guards were wounded.", injured(count_low=2, count_high=3, qualifier=RANGE)),
    (
        "between 200 and 250 people are missing",
        missing(count_low=200, count_high=250, qualifier=RANGE),
    ),
    (
        "The shelling killed between 30 and 40 people.",
        killed(count_low=30, count_high=40, qualifier=RANGE),
    ),
    (
        "five to seven soldiers were taken prisoner",
        captured(count_low=5, count_high=7, qualifier=RANGE),
    ),
    # singular mentions
    ("A soldier was killed on Tuesday.", killed(count=1, qualifier=EXACT)),
    ("An aid worker was abducted near the border.", captured(count=1, qualifier=EXACT)),
    ("One policeman was wounded.", injured(count=1, qualifier=EXACT)),
    ("A teenage boy was among the dead.", killed(count=1, qualifier=EXACT)),
    ("a local journalist is still missing", missing(count=1, qualifier=EXACT)),
    ("The sniper shot dead a civilian.", killed(count=1, qualifier=EXACT)),
    ("Another child was badly injured.", injured(count=1, qualifier=EXACT)),
    ("One of the hostages died in captivity.", killed(count=1, qualifier=EXACT)),
    ("A 34-year-old man was arrested at the scene.", captured(count=1, qualifier=EXACT)),
    ("A senior commander was killed in the strike.", killed(count=1, qualifier=EXACT)),
    # vague figures
    ("Dozens of civilians were killed.", killed(qualifier=UNKNOWN)),
    ("Hundreds of people were wounded.", injured(qualifier=UNKNOWN)),
    ("Scores of fighters died in the battle.", killed(qualifier=UNKNOWN)),
    ("Thousands of residents are missing.", missing(qualifier=UNKNOWN)),
    ("Several soldiers were wounded.", injured(qualifier=UNKNOWN)),
    ("An unknown number of residents are missing.", missing(qualifier=UNKNOWN)),
    ("Many villagers were abducted.", captured(qualifier=UNKNOWN)),
    ("an unknown number were wounded", injured(qualifier=UNKNOWN)),
    ("Police detained several of its members.", captured(qualifier=UNKNOWN)),
    ("A number of students were kidnapped.", captured(qualifier=UNKNOWN)),
    # kind from the verb or noun near the figure
    ("The ambush resulted in the loss of seven soldiers.", killed(count=7, qualifier=EXACT)),
    ("the loss of seven lives", killed(count=7, qualifier=EXACT)),
    ("The death toll rose to 27.", killed(count=27, qualifier=EXACT)),
    ("The death toll has risen to at least 31.", killed(count_low=31, qualifier=AT_LEAST)),
    ("The clinic recorded at least 19 deaths.", killed(count_low=19, qualifier=AT_LEAST)),
    ("Rescuers counted 45 bodies.", killed(count=45, qualifier=EXACT)),
    ("The hospital treated about 150 wounded civilians.", injured(count=150, qualifier=APPROX)),
    ("Gunmen seized 14 fishermen.", captured(count=14, qualifier=EXACT)),
    ("Police arrested 23 people.", captured(count=23, qualifier=EXACT)),
    ("Four men were detained for questioning.", captured(count=4, qualifier=EXACT)),
    ("Two guards were taken away by the attackers.", captured(count=2, qualifier=EXACT)),
    ("Six people remain unaccounted for.", missing(count=6, qualifier=EXACT)),
    ("Nine boats disappeared.", None),
    ("Nine villagers disappeared.", missing(count=9, qualifier=EXACT)),
    ("Two passers-by on a motorcycle were injured.", injured(count=2, qualifier=EXACT)),
    ("Several young men from the area were detained.", captured(qualifier=UNKNOWN)),
    ("the two men who died had gunshot wounds", killed(count=2, qualifier=EXACT)),
    (
        "14 civilians, among them women and children, had been killed.",
        killed(count=14, qualifier=EXACT),
    ),
    ("A Salvi man was beaten by police.", injured(count=1, qualifier=EXACT)),
    ("17 people were being treated for burns.", injured(count=17, qualifier=EXACT)),
    ("34 escapees had been recaptured.", captured(count=34, qualifier=EXACT)),
    ("Insurgents were holding the seven workers.", captured(count=7, qualifier=EXACT)),
    ("Three Ethiopian peacekeepers were killed.", killed(count=3, qualifier=EXACT)),
    ("Two police officers were killed.", killed(count=2, qualifier=EXACT)),
    ("Five Somalis were kidnapped off the coast.", captured(count=5, qualifier=EXACT)),
    ("18 people, including three children, were killed.", killed(count=18, qualifier=EXACT)),
    # not casualty figures: left alone
    ("The war has lasted three years.", None),
    ("40,000 people live there.", None),
    ("A dozen vehicles were destroyed.", None),
    ("He was killed three years ago.", None),
    ("A dozen vehicles carrying soldiers arrived.", None),
    ("The convoy of 30 trucks was attacked.", None),
    ("Soldiers fired 12 rockets at the hill.", None),
    ("He was killed in 2019.", None),
    ("Two people were killed in 2019.", killed(count=2, qualifier=EXACT)),
    ("The attack began at 5 a.m.", None),
    ("About 60% of residents fled.", None),
    ("Nobody was hurt and no one was killed.", None),
    ("No soldiers were killed.", None),
    ("The town has 12 schools.", None),
    ("The militia has about 300 fighters.", None),
    ("Thousands of people marched in the capital.", None),
    ("The ceasefire held for seven days.", None),
    ("Dozens of houses were burned.", None),
    ("Soldiers seized dozens of firearms.", None),
    ("Talks lasted 14 hours.", None),
    ("More than twice as many injuries were reported.", None),
    ("Twelve villages were shelled.", None),
    ("Route 9 was closed after the blast.", None),
    ("A spokesman said the army killed the commander.", None),
    ("The council has five members.", None),
]

FRENCH = [
    ("12 soldats ont été tués.", killed(count=12, qualifier=EXACT)),
    ("Trois civils ont été blessés.", injured(count=3, qualifier=EXACT)),
    ("Vingt-trois enfants ont été enlevés.", captured(count=23, qualifier=EXACT)),
    ("Au moins 18 combattants ont été tués.", killed(count_low=18, qualifier=AT_LEAST)),
    ("Plus de 30 personnes ont été blessées.", injured(count_low=31, qualifier=AT_LEAST)),
    ("Jusqu'à 40 rebelles ont été tués.", killed(count_high=40, qualifier=AT_MOST)),
    ("Environ 150 personnes sont portées disparues.", missing(count=150, qualifier=APPROX)),
    (
        "Entre 12 et 15 villageois ont été tués.",
        killed(count_low=12, count_high=15, qualifier=RANGE),
    ),
    ("Un soldat a été tué.", killed(count=1, qualifier=EXACT)),
    ("Une quarantaine de personnes ont été blessées.", injured(count=40, qualifier=APPROX)),
    ("Des dizaines de civils ont été tués.", killed(qualifier=UNKNOWN)),
    ("Une douzaine de policiers ont été blessés.", injured(count=12, qualifier=EXACT)),
    ("La guerre dure depuis trois ans.", None),
    ("40 000 habitants vivent ici.", None),
]


@pytest.mark.parametrize(("phrase", "expected"), ENGLISH)
def test_english_phrase(phrase, expected):
    assert parse_casualty(phrase, "en") == expected


@pytest.mark.parametrize(("phrase", "expected"), FRENCH)
def test_french_phrase(phrase, expected):
    assert parse_casualty(phrase, "fr") == expected


def test_the_table_is_big_enough():
    assert len(ENGLISH) + len(FRENCH) >= 120
    assert sum(expected is None for _, expected in ENGLISH) >= 20


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        (
            "At least 18 fighters of the Northern Liberation Front were killed on Monday.",
            ["At least 18 fighters of the Northern Liberation Front"],
        ),
        ("Eleven soldiers were killed and 14 wounded.", ["Eleven soldiers", "14"]),
        (
            "Seven soldiers and three civilians were killed, and two guards were abducted.",
            ["Seven soldiers", "three civilians", "two guards"],
        ),
        (
            "The strike killed six members of the Front, including a commander.",
            ["six members of the Front", "a commander"],
        ),
        (
            "Three officers of the Karsh provincial police died.",
            ["Three officers of the Karsh provincial police"],
        ),
    ],
)
def test_mentions_cover_the_figure_and_the_people_counted(text, spans):
    assert [text[m.start : m.end] for m in find_casualties(text)] == spans


def test_several_figures_get_their_own_kinds():
    text = "Two were killed and 18 injured; the attack killed 4 guards and wounded 12."
    kinds = [(m.attrs["kind"], text[m.start : m.end]) for m in find_casualties(text)]
    assert kinds == [
        ("killed", "Two"),
        ("injured", "18"),
        ("killed", "4 guards"),
        ("injured", "12"),
    ]


def test_a_tagged_span_takes_its_kind_from_its_sentence():
    text = "Fighting went on. Four soldiers were reportedly killed. Others fled."
    start = text.index("Four")
    attrs = casualty_attrs(text, start, start + len("Four soldiers"))
    assert attrs == killed(count=4, qualifier=EXACT)


def test_a_tagged_span_without_a_kind_still_gets_its_figure():
    text = "Between 12 and 15 villagers."
    assert casualty_attrs(text, 0, len(text) - 1) == {
        "count_low": 12,
        "count_high": 15,
        "qualifier": RANGE,
    }
    assert casualty_attrs("The road north.", 4, 9) == {}


def test_an_unknown_language_is_said_once_and_suggests_nothing():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert find_casualties("Zwölf Soldaten wurden getötet.", "xx") == []
        assert find_casualties("Zwölf Soldaten wurden getötet.", "xx") == []
    assert len(caught) == 1
    assert "'xx'" in str(caught[0].message)


def test_decomposed_accents_are_read_and_the_offsets_are_the_texts_own():
    composed = (
        "Trois soldats ont été tués à Médéa. Au moins 12 civils ont été blessés près de Kessa."
    )
    decomposed = unicodedata.normalize("NFD", composed)
    assert len(decomposed) > len(composed)
    expected = [(composed[m.start : m.end], m.attrs) for m in find_casualties(composed, "fr")]
    found = [(decomposed[m.start : m.end], m.attrs) for m in find_casualties(decomposed, "fr")]
    assert [(unicodedata.normalize("NFC", text), attrs) for text, attrs in found] == expected
    assert [attrs["kind"] for _, attrs in expected] == ["killed", "injured"]
    start = decomposed.index("12")
    assert casualty_attrs(decomposed, start - 9, start + 9, "fr")["count_low"] == 12


def test_composed_offsets_point_at_each_cluster_of_the_text():
    text = "e\u0301te\u0301 x"  # "été x" with combining acute accents
    composed, offsets = composed_with_offsets(text)
    assert composed == "été x"
    assert offsets == [0, 2, 3, 5, 6, 7]
