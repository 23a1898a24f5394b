"""Casualty figures in text: the figure, the people counted, and what happened to them.

"At least 18 fighters of the Northern Liberation Front were killed" gives a mention over
"At least 18 fighters of the Northern Liberation Front" (the figure and the people counted,
as the gold convention has it) with kind killed, count_low 18, qualifier at_least.

How a figure reads: "more than 30" is at least 31, "up to 40" at most 40, "nearly 60" about
60, "between 12 and 15" / "10-15" a range, "a soldier" exactly 1, "several" or "an unknown
number of" unknown, and "dozens of" / "hundreds of" at least 24 / 200.

The kind comes from the words after the people counted ("were killed", "18 dead"), else from
a verb just before the figure ("killing at least 18", "the loss of seven"), else from a verb
after a list of figures ("Seven soldiers and three civilians were killed"). A figure of
something other than people ("three years", "a dozen vehicles") is no casualty figure.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from annotator.suggest.composed import composed_with_offsets, is_composed
from annotator.suggest.cues import cue_sentences
from annotator.suggest.lexicon import LEXICONS, Lexicon
from annotator.suggest.numbers import Figure, Token, may_open_figure, read_figure, tokenize

MAX_MODIFIERS = 2
LOOK_BACK = 4
LOOK_AHEAD = 4
ACTOR_TAIL = 6
PHRASE_WORDS = 4
SENTENCE_ENDS = frozenset({".", ";", "!", "?"})
LIST_WORDS = frozenset({"and", "or", ",", "including", "among", "them", "et", "dont", "parmi"})
INHERITING = frozenset({"including", "dont"})
ATTRIBUTIVE_KINDS = frozenset({"wounded", "injured", "dead", "missing", "blessés", "morts"})
OWN_KINDS = ATTRIBUTIVE_KINDS | {"deaths", "bodies", "fatalities", "morts"}
GROUP_WORDS = frozenset(
    str.split(
        "army militia group brigade battalion regiment unit front movement forces police guard"
        " armée milice groupe"
    )
)
_warned: set[str] = set()


@dataclass(frozen=True)
class CasualtyMention:
    """A casualty figure found in a text: [start, end) and its CASUALTY attributes."""

    start: int
    end: int
    attrs: dict[str, Any]


@dataclass(frozen=True)
class _Group:
    """A figure with the people it counts: tokens [first, last], and a kind they carry
    themselves ("19 deaths", "150 wounded civilians")."""

    figure: Figure
    last: int
    bare: bool
    own_kind: str | None = None


def supported_languages() -> list[str]:
    return sorted(LEXICONS)


def lexicon_for(language: str) -> Lexicon | None:
    """The casualty lexicon of `language`; for one we do not read, warn once and return None."""
    lexicon = LEXICONS.get(language)
    if lexicon is None and language not in _warned:
        _warned.add(language)
        supported = ", ".join(supported_languages())
        warnings.warn(
            f"casualty figures are not read in language {language!r} (only {supported});"
            " none will be suggested",
            stacklevel=3,
        )
    return lexicon


def find_casualties(text: str, language: str = "en") -> list[CasualtyMention]:
    """Every casualty figure in `text` whose kind can be told, in text order.

    A text in decomposed Unicode ("tue\u0301s", as some systems save accents) is read
    composed, as the lexicon is written, and the mentions mapped back to its own offsets."""
    lex = lexicon_for(language)
    if lex is None:
        return []
    if not is_composed(text):
        composed, offsets = composed_with_offsets(text)
        return [
            CasualtyMention(offsets[m.start], offsets[m.end], m.attrs)
            for m in find_casualties(composed, language)
        ]
    mentions: list[CasualtyMention] = []
    for sentence in cue_sentences(text, lex):
        tokens = tokenize(sentence.group(), language, sentence.start())
        mentions.extend(_mentions(tokens, lex))
    return mentions


def _mentions(tokens: list[Token], lex: Lexicon) -> list[CasualtyMention]:
    """The casualty figures of one sentence's tokens."""
    groups = _groups(tokens, lex)
    mentions: list[CasualtyMention] = []
    kinds: list[str | None] = []
    for index, group in enumerate(groups):
        kind = _kind(tokens, groups, index, lex)
        if kind is None and kinds and _continues_list(tokens, group, lex):
            kind = kinds[-1]
        kinds.append(kind)
        if kind is None:
            continue
        start, end = tokens[group.figure.first].start, tokens[group.last].end
        mentions.append(CasualtyMention(start, end, {"kind": kind, **group.figure.attrs()}))
    return mentions


def parse_casualty(text: str, language: str = "en") -> dict[str, Any] | None:
    """The attributes of the first casualty figure in `text`, None when it holds none."""
    mentions = find_casualties(text, language)
    return mentions[0].attrs if mentions else None


def casualty_attrs(text: str, start: int, end: int, language: str = "en") -> dict[str, Any]:
    """Attributes for a CASUALTY span [start, end) someone tagged in `text`.

    The mention found in the span's sentence that overlaps it most gives them all; without
    one, the span's own figure gives count and qualifier (its kind left for the annotator).
    """
    lo = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(".", end), text.find("\n", end)) if i >= 0]
    hi = min(stops) + 1 if stops else len(text)
    best, best_overlap = None, 0
    for mention in find_casualties(text[lo:hi], language):
        overlap = min(end, lo + mention.end) - max(start, lo + mention.start)
        if overlap > best_overlap:
            best, best_overlap = mention, overlap
    if best is not None:
        return dict(best.attrs)
    lex = LEXICONS.get(language)
    if lex is None:
        return {}
    tokens = tokenize(text[start:end], language)
    groups = _groups(tokens, lex)
    return groups[0].figure.attrs() if groups else {}


def _continues_list(tokens: list[Token], group: _Group, lex: Lexicon) -> bool:
    """Whether a figure without a kind of its own continues the one before it: "killed six
    fighters, including a commander", "the dead were eight children and two inspectors."."""
    first = group.figure.first
    previous = tokens[first - 1].lower if first else ""
    if previous in INHERITING:
        return True
    following = tokens[group.last + 1].text if group.last + 1 < len(tokens) else "."
    return previous in ("and", "et") and not following[:1].isalnum()


def _groups(tokens: list[Token], lex: Lexicon) -> list[_Group]:
    groups, i = [], 0
    while i < len(tokens):
        group = _group_at(tokens, i, lex) if may_open_figure(tokens[i], lex) else None
        if group is None:
            i += 1
        else:
            groups.append(group)
            i = group.last + 1
    return groups


def _group_at(tokens: list[Token], i: int, lex: Lexicon) -> _Group | None:
    """The figure at token i with the people it counts; None when it counts no people."""
    previous = tokens[i - 1].lower if i else ""
    if previous in ("no", "aucun", "aucune"):
        return None
    figure = read_figure(tokens, i, lex)
    if figure is None or (figure.qualifier == "unknown" and previous in ("as", "so", "too")):
        return None
    noun = _people_after(tokens, figure.last + 1, lex)
    if noun is not None:
        counted = tokens[figure.last + 1 : noun + 1]
        own = [lex.kinds[t.lower] for t in counted if t.lower in OWN_KINDS]
        last = _actor_tail(tokens, noun, lex)
        return _Group(figure, last, bare=False, own_kind=own[-1] if own else None)
    if figure.singular or not _may_stand_alone(tokens, figure, lex):
        return None
    return _Group(figure, figure.last, bare=True)


def _people_after(tokens: list[Token], j: int, lex: Lexicon) -> int | None:
    """Index of the people noun counted by a figure ending before token j, or None."""
    if j < len(tokens) and tokens[j].lower in lex.partitive:
        j += 1
        if j < len(tokens) and tokens[j].lower in lex.determiners:
            if tokens[j].lower in ("them", "those", "these", "eux", "elles"):
                return j
            j += 1
    for k in range(j, min(j + MAX_MODIFIERS + 1, len(tokens))):
        if _is_people(tokens[k], lex):
            while k + 1 < len(tokens) and _is_people(tokens[k + 1], lex):
                k += 1
            return k
        if not _is_modifier(tokens[k], lex):
            return None
    return None


def _is_people(token: Token, lex: Lexicon) -> bool:
    if token.lower in lex.people:
        return True
    nationality = token.text[:1].isupper() and token.lower.endswith(("ians", "ans", "is"))
    return nationality and lex.language == "en"


def _is_modifier(token: Token, lex: Lexicon) -> bool:
    if token.text[:1].isdigit() and "-" in token.text:
        return True
    if token.digits or not token.text[:1].isalpha() or token.lower in lex.not_modifiers:
        return False
    if token.lower in ATTRIBUTIVE_KINDS:
        return True
    if token.lower in lex.kinds or token.lower in lex.links:
        return False
    if token.text[:1].isupper():
        return True
    plural = token.lower.endswith("s") and not token.lower.endswith(("ss", "ous"))
    return not (plural and lex.language == "en")


def _actor_tail(tokens: list[Token], noun: int, lex: Lexicon) -> int:
    """Extend past "of the Northern Liberation Front" after the people noun."""
    j = noun + 1
    if j >= len(tokens) or tokens[j].lower not in lex.partitive | {"from", "du"}:
        return noun
    j += 1
    if j < len(tokens) and tokens[j].lower in lex.determiners | {"the", "la", "le", "l'"}:
        j += 1
    end = noun
    for k in range(j, min(j + ACTOR_TAIL, len(tokens))):
        token = tokens[k]
        if token.text[:1].isupper() or token.lower in GROUP_WORDS:
            end = k
        elif not token.text[:1].isalpha() or token.lower in _tail_stops(lex):
            break
    return end


@lru_cache(maxsize=8)
def _tail_stops(lex: Lexicon) -> frozenset[str]:
    return lex.not_modifiers | lex.links | frozenset(lex.kinds)


def _may_stand_alone(tokens: list[Token], figure: Figure, lex: Lexicon) -> bool:
    """A figure without a people noun ("killing 14", "14 were hurt") that is no date or unit."""
    token = tokens[figure.last]
    if token.digits and len(token.text) == 4 and token.text[:2] in ("19", "20"):
        return False
    following = tokens[figure.last + 1] if figure.last + 1 < len(tokens) else None
    if following is None or not following.text[:1].isalnum():
        return following is None or following.text not in ("%", ":", "$", "/")
    word = following.lower
    return (
        word in lex.links or word in lex.kinds or word in lex.blockers or word in lex.prepositions
    )


def _kind(tokens: list[Token], groups: list[_Group], index: int, lex: Lexicon) -> str | None:
    group = groups[index]
    if group.own_kind:
        return group.own_kind
    after = _kind_after(tokens, group.last + 1, lex, LOOK_AHEAD)
    if after:
        return after
    before = _kind_before(tokens, group.figure.first - 1, lex, 1 if group.bare else LOOK_BACK)
    if before:
        return before
    return None if group.bare else _kind_after_list(tokens, groups, index, lex)


def _kind_after(tokens: list[Token], j: int, lex: Lexicon, limit: int) -> str | None:
    """A kind word right after the people counted, past links ("were", "have been", "later")
    and one short phrase ("on a motorcycle", "from the area")."""
    skipped, phrase_left = 0, 0
    while j < len(tokens) and skipped <= limit + phrase_left:
        word = tokens[j].lower
        for phrase, kind in _phrases_by_word(lex, 0).get(word, ()):
            if phrase[0] not in lex.kind_before_only and _starts(tokens, j, phrase):
                return kind
        if word in lex.kinds and word not in lex.kind_before_only:
            return lex.kinds[word]
        if word in lex.prepositions and not phrase_left and skipped == 0:
            phrase_left = PHRASE_WORDS
        elif phrase_left and word.isalpha() and word not in lex.blockers:
            pass
        elif word not in lex.links and not (word.endswith("ly") and len(word) > 4):
            return None
        j, skipped = j + 1, skipped + 1
    return None


def _kind_before(tokens: list[Token], j: int, lex: Lexicon, limit: int) -> str | None:
    """A kind word shortly before the figure ("killing", "the loss of", "death toll rose to")."""
    for k in range(j, max(j - LOOK_BACK, -1), -1):
        word = tokens[k].lower
        if word in lex.blockers or tokens[k].digits:
            return None
        for phrase, kind in _phrases_by_word(lex, -1).get(word, ()):
            if k - len(phrase) + 1 >= 0 and _starts(tokens, k - len(phrase) + 1, phrase):
                return kind
        if word in lex.kinds and (j - k < limit or word in lex.kind_before_only):
            return lex.kinds[word]
    return None


def _kind_after_list(
    tokens: list[Token], groups: list[_Group], index: int, lex: Lexicon
) -> str | None:
    """The kind after a list of figures: "Seven soldiers and three civilians were killed"."""
    j = groups[index].last + 1
    following = {g.figure.first: g.last for g in groups[index + 1 :]}
    while j < len(tokens) and tokens[j].lower not in SENTENCE_ENDS:
        if j in following:
            j = following[j] + 1
        elif tokens[j].lower in LIST_WORDS or _is_people(tokens[j], lex):
            j += 1
        else:
            return _kind_after(tokens, j, lex, LOOK_AHEAD)
    return None


@lru_cache(maxsize=16)
def _phrases_by_word(lex: Lexicon, position: int) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The kind phrases indexed by their first (0) or last (-1) word."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, kind in lex.kind_phrases.items():
        index.setdefault(phrase[position], []).append((phrase, kind))
    return index


def _starts(tokens: list[Token], i: int, phrase: tuple[str, ...]) -> bool:
    end = i + len(phrase)
    return end <= len(tokens) and all(tokens[i + n].lower == w for n, w in enumerate(phrase))
