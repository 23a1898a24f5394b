"""The words the casualty parser reads, per language: hedges, kinds of harm, people counted.

Numbers themselves are read by text2num (see `numbers.py`); these tables hold only what a
words-to-numbers library cannot know: which words hedge a figure, which say what happened to
the people counted, and which nouns count people rather than years or vehicles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Hedge:
    """A phrase before a figure: its qualifier and how the figure becomes a bound.

    `shift` turns a strict bound into an inclusive one: "more than 30" is at least 31.
    """

    qualifier: str
    shift: int = 0


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Everything language-specific the casualty parser needs."""

    language: str
    hedges: dict[Phrase, Hedge]
    range_starts: dict[str, frozenset[str]]
    """Words that open a range, with the words that may join its bounds: "between" - "and"."""
    range_joins: frozenset[str]
    """Words that join the bounds of a range without an opening word: "10-15", "12 to 15"."""
    singular_articles: frozenset[str]
    partitive: frozenset[str]
    determiners: frozenset[str]
    unit_words: dict[str, int]
    """Words a number multiplies or that stand for one: "dozen", "two dozen", "douzaine"."""
    plural_vague: frozenset[Phrase]
    """Plural number words that give no figure: "dozens of", "hundreds of" (qualifier unknown)."""
    approx_words: dict[str, int]
    """Words that are an approximate figure by themselves: French "une quarantaine"."""
    unknown_counts: frozenset[Phrase]
    kinds: dict[str, str]
    kind_phrases: dict[Phrase, str]
    kind_before_only: frozenset[str]
    """Nouns that give the kind only when they come before the figure: "the loss of seven"."""
    people: frozenset[str]
    links: frozenset[str]
    """Words between the people counted and the verb: "were", "have been", "reportedly"."""
    blockers: frozenset[str]
    """Words a figure's kind is not looked for across: "and", "but", "while"."""
    not_modifiers: frozenset[str] = field(default_factory=frozenset)
    prepositions: frozenset[str] = field(default_factory=frozenset)
    """Words that open a phrase between the people counted and their verb: "from the area"."""


def _words(text: str) -> list[str]:
    return text.split()


def _plurals(singulars: str, extra: str = "") -> frozenset[str]:
    """Singular person nouns with their regular plurals, plus irregular and plural-only ones."""
    words = set(singulars.split()) | set(extra.split())
    for word in singulars.split():
        if word.endswith("man"):
            words.add(word[:-3] + "men")
        elif word.endswith("y") and word[-2] not in "aeiou":
            words.add(word[:-1] + "ies")
        elif word.endswith(("s", "x", "ch", "sh")):
            words.add(word + "es")
        else:
            words.add(word + "s")
    return frozenset(words)


ENGLISH = Lexicon(
    language="en",
    hedges={
        ("at", "least"): Hedge("at_least"),
        ("no", "fewer", "than"): Hedge("at_least"),
        ("no", "less", "than"): Hedge("at_least"),
        ("not", "less", "than"): Hedge("at_least"),
        ("a", "minimum", "of"): Hedge("at_least"),
        ("more", "than"): Hedge("at_least", 1),
        ("over",): Hedge("at_least", 1),
        ("upwards", "of"): Hedge("at_least", 1),
        ("in", "excess", "of"): Hedge("at_least", 1),
        ("up", "to"): Hedge("at_most"),
        ("at", "most"): Hedge("at_most"),
        ("no", "more", "than"): Hedge("at_most"),
        ("not", "more", "than"): Hedge("at_most"),
        ("a", "maximum", "of"): Hedge("at_most"),
        ("as", "many", "as"): Hedge("at_most"),
        ("fewer", "than"): Hedge("at_most", -1),
        ("less", "than"): Hedge("at_most", -1),
        ("about",): Hedge("approx"),
        ("around",): Hedge("approx"),
        ("nearly",): Hedge("approx"),
        ("almost",): Hedge("approx"),
        ("approximately",): Hedge("approx"),
        ("roughly",): Hedge("approx"),
        ("some",): Hedge("approx"),
        ("an", "estimated"): Hedge("approx"),
        ("estimated",): Hedge("approx"),
        ("close", "to"): Hedge("approx"),
        ("just", "under"): Hedge("approx"),
        ("just", "over"): Hedge("approx"),
    },
    range_starts={"between": frozenset({"and"}), "from": frozenset({"to"})},
    range_joins=frozenset({"to", "or", "-", "–", "—"}),
    singular_articles=frozenset({"a", "an", "another"}),
    partitive=frozenset({"of"}),
    determiners=frozenset({"the", "its", "their", "his", "her", "our", "them", "those", "these"}),
    unit_words={"dozen": 12, "half-dozen": 6},
    plural_vague=frozenset(
        {("tens", "of"), ("dozens",), ("scores", "of"), ("hundreds",), ("thousands",)}
    ),
    approx_words={},
    unknown_counts=frozenset(
        {
            ("several",),
            ("many",),
            ("numerous",),
            ("a", "number", "of"),
            ("an", "unknown", "number", "of"),
            ("an", "unknown", "number"),
            ("an", "undisclosed", "number", "of"),
            ("an", "unspecified", "number", "of"),
            ("a", "handful", "of"),
            (
                "a",
                "few",
            ),
        }
    ),
    kinds={
        **dict.fromkeys(
            _words(
                "killed kill kills killing dead died die dies dying slain slaughtered massacred"
                " murdered executed perished killings deaths death fatalities toll lives bodies"
            ),
            "killed",
        ),
        **dict.fromkeys(
            _words(
                "wounded wounding wounds injured injuring injures injure injuries hurt"
                " hospitalised hospitalized maimed beaten treated"
            ),
            "injured",
        ),
        **dict.fromkeys(
            _words(
                "abducted abducting abducts abduct kidnapped kidnapping kidnaps kidnap captured"
                " capturing captures capture hostage hostages captive arrested arresting arrest"
                " detained detaining detain recaptured seized seizing holding"
            ),
            "captured",
        ),
        **dict.fromkeys(_words("missing disappeared"), "missing"),
    },
    kind_phrases={
        ("loss", "of"): "killed",
        ("lives", "of"): "killed",
        ("deaths", "of"): "killed",
        ("bodies", "of"): "killed",
        ("taken", "prisoner"): "captured",
        ("taken", "away"): "captured",
        ("among", "the", "dead"): "killed",
        ("among", "the", "killed"): "killed",
        ("among", "the", "wounded"): "injured",
        ("among", "the", "injured"): "injured",
        ("unaccounted", "for"): "missing",
    },
    kind_before_only=frozenset({"loss", "lives", "toll", "deaths", "death", "killings"}),
    people=_plurals(
        "person civilian soldier trooper fighter militant rebel insurgent jihadist policeman"
        " officer commander man woman child boy girl villager resident student pupil worker"
        " member peacekeeper guard gunman attacker assailant combatant passenger protester"
        " demonstrator farmer herder miner journalist victim hostage worshipper shopper"
        " migrant refugee teacher doctor nurse militiaman serviceman marine paratrooper"
        " gendarme crewman sailor pilot leader driver inmate prisoner suspect escapee"
        " inspector official employee contractor recruit volunteer teenager infant baby"
        " relative bystander passer-by pedestrian patient detainee trader vendor fisherman"
        " elder chief mourner guest colonel general captain lieutenant sergeant"
        " private cadet ranger engineer technician agent operative settler occupant customer"
        " labourer laborer",
        "people persons police personnel staff crew troops others passers-by children"
        " lives bodies deaths fatalities",
    ),
    links=frozenset(
        _words(
            "were was are is have has had been be being reportedly later also all allegedly"
            " believed thought feared confirmed still remain remained remains said found left"
            " to reported who that which shot taken held being may might could"
        )
    ),
    blockers=frozenset({"and", "but", "while", "whereas", ",", ";", ".", ":", "after", "when"}),
    not_modifiers=frozenset(
        _words(
            "of the a an and or but in on at by for with from to into after before during since"
            " were was are is have has had been who which that this those these their its"
            " his her our said years year months month weeks week days day hours hour minutes"
            " later ago earlier percent per cent km kilometres miles metres when where while as"
            " whose whom than"
        )
    ),
    prepositions=frozenset({"from", "on", "in", "at", "near", "inside", "aboard"}),
)


FRENCH = Lexicon(
    language="fr",
    hedges={
        ("au", "moins"): Hedge("at_least"),
        ("pas", "moins", "de"): Hedge("at_least"),
        ("plus", "de"): Hedge("at_least", 1),
        ("jusqu'à",): Hedge("at_most"),
        ("jusqu’à",): Hedge("at_most"),
        ("au", "plus"): Hedge("at_most"),
        ("au", "maximum"): Hedge("at_most"),
        ("moins", "de"): Hedge("at_most", -1),
        ("environ",): Hedge("approx"),
        ("près", "de"): Hedge("approx"),
        ("presque",): Hedge("approx"),
        ("quelque",): Hedge("approx"),
        ("quelques",): Hedge("approx"),
    },
    range_starts={"entre": frozenset({"et"}), "de": frozenset({"à"})},
    range_joins=frozenset({"à", "ou", "-", "–", "—"}),
    singular_articles=frozenset({"un", "une"}),
    partitive=frozenset({"de", "d'", "des"}),
    determiners=frozenset({"les", "leurs", "ses", "ces", "eux", "elles"}),
    unit_words={"douzaine": 12},
    plural_vague=frozenset(
        {("des", "dizaines"), ("dizaines",), ("des", "centaines"), ("centaines",)}
        | {("des", "milliers"), ("milliers",)}
    ),
    approx_words={
        "dizaine": 10,
        "quinzaine": 15,
        "vingtaine": 20,
        "trentaine": 30,
        "quarantaine": 40,
        "cinquantaine": 50,
        "soixantaine": 60,
        "centaine": 100,
    },
    unknown_counts=frozenset({("plusieurs",), ("de", "nombreux"), ("de", "nombreuses")}),
    kinds={
        **dict.fromkeys(
            _words(
                "tué tués tuée tuées tuant morts mort mortes morte péri décédé décédés"
                " décédées tue tuent"
            ),
            "killed",
        ),
        **dict.fromkeys(_words("blessé blessés blessée blessées blessant blessures"), "injured"),
        **dict.fromkeys(
            _words(
                "enlevé enlevés enlevée enlevées enlevant kidnappé kidnappés kidnappée"
                " kidnappées capturé capturés capturée capturées otage otages"
            ),
            "captured",
        ),
        **dict.fromkeys(_words("disparu disparus disparue disparues"), "missing"),
    },
    kind_phrases={("la", "mort", "de"): "killed", ("la", "vie", "à"): "killed"},
    kind_before_only=frozenset({"bilan"}),
    people=frozenset(
        _words(
            "personne personnes civil civils soldat soldats militaire militaires combattant"
            " combattants rebelle rebelles enfant enfants femme femmes homme hommes policier"
            " policiers gendarme gendarmes villageois habitant habitants manifestant manifestants"
            " membre membres travailleur travailleurs humanitaire humanitaires élève élèves"
            " agent agents milicien miliciens djihadiste djihadistes jihadiste jihadistes"
            " assaillant assaillants victime victimes passager passagers casque casques"
            " otage otages chauffeur chauffeurs"
        )
    ),
    links=frozenset(
        _words(
            "ont a été sont est avaient avait auraient aurait seraient serait ont-ils"
            " également aussi tous toutes porté portés portée portées"
        )
    ),
    blockers=frozenset({"et", "mais", "tandis", ",", ";", ".", ":", "après", "quand"}),
    not_modifiers=frozenset(
        _words(
            "de du des la le les et ou en dans sur à au aux par pour avec ans an mois"
            " semaines jours heures kilomètres km"
        )
    ),
    prepositions=frozenset({"de", "du", "dans", "à", "près"}),
)

LEXICONS = {lexicon.language: lexicon for lexicon in (ENGLISH, FRENCH)}
"""Languages the casualty parser reads, by ISO 639-1 code."""
