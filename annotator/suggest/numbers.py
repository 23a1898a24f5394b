"""Reading one figure from tokens: digits, number words (text2num), "a dozen", "dozens of".

text2num reads the number words of each language it supports; our lexicon adds only what it
does not cover: "dozen", "dozens of", "hundreds" (as "at least 200"), French "une quarantaine".
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from text_to_num import text2num

from annotator.suggest.lexicon import Hedge, Lexicon

WORD = r"(?P<word>[^\W\d_]+(?:['’-][^\W\d_]+)*)"
NUMBER = r"(?P<age>\d+(?:-[^\W\d_]+)+)|(?P<number>\d{1,3}(?:,\d{3})+(?![\d,])|\d+)"
ELISION = r"(?P<elision>(?<![^\W\d_])(?:[dljnmtsc]|qu)['’](?=[^\W\d_]))"
PUNCT = r"(?P<punct>[^\w\s])"
TOKEN = re.compile(f"{WORD}|{NUMBER}|{PUNCT}")
"""Words first (most tokens are words); "34-year-old" is one token, "10-15" three."""
TOKEN_WITH_ELISIONS = re.compile(f"{NUMBER}|{ELISION}|{WORD}|{PUNCT}")
"""French: "d'enfants" is "d'" and "enfants"."""
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "mille": 1000}


class Token(NamedTuple):
    text: str
    lower: str
    start: int
    end: int
    digits: bool


def tokenize(text: str, language: str, offset: int = 0) -> list[Token]:
    """Words, digit groups and punctuation with their offsets (plus `offset`); French
    elisions ("d'") apart."""
    tokens = []
    pattern = TOKEN_WITH_ELISIONS if language == "fr" else TOKEN
    for match in pattern.finditer(text):
        kind = match.lastgroup
        value = match.group()
        start = match.start() + offset
        tokens.append(Token(value, value.lower(), start, start + len(value), kind == "number"))
    return tokens


@lru_cache(maxsize=4096)
def number_word(word: str, language: str) -> int | None:
    """The value of one number word ("seven", "twenty-three", "vingt"), None for other words."""
    if not word[:1].isalpha():
        return None
    try:
        return text2num(word, language)
    except ValueError:
        return None


@dataclass(frozen=True)
class Figure:
    """A figure read from tokens [first, last]: its bounds and how it is hedged."""

    first: int
    last: int
    qualifier: str
    count: int | None = None
    low: int | None = None
    high: int | None = None
    singular: bool = False

    def attrs(self) -> dict[str, int | str]:
        values = {"count": self.count, "count_low": self.low, "count_high": self.high}
        return {**{k: v for k, v in values.items() if v is not None}, "qualifier": self.qualifier}


_BY_FIRST_WORD: dict[int, dict[str, list[tuple[str, ...]]]] = {}


def _by_first_word(phrases: Collection[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """`phrases` indexed by their first word (built once per table)."""
    index = _BY_FIRST_WORD.get(id(phrases))
    if index is None:
        index = {}
        for phrase in phrases:
            index.setdefault(phrase[0], []).append(phrase)
        _BY_FIRST_WORD[id(phrases)] = index
    return index


def _phrase_at(tokens: list[Token], i: int, phrases) -> tuple[tuple[str, ...], int] | None:
    """The longest phrase of `phrases` starting at token i, and the index after it."""
    best = None
    for phrase in _by_first_word(phrases).get(tokens[i].lower, ()):
        end = i + len(phrase)
        longer = best is None or len(phrase) > len(best[0])
        if (
            longer
            and end <= len(tokens)
            and all(tokens[i + n].lower == w for n, w in enumerate(phrase))
        ):
            best = (phrase, end)
    return best


@lru_cache(maxsize=8)
def _first_words(lex: Lexicon) -> frozenset[str]:
    """Words other than numbers that may open a figure: "at", "between", "a", "dozens"."""
    phrases = [*lex.hedges, *lex.plural_vague, *lex.unknown_counts]
    extra = {*lex.range_starts, *lex.singular_articles, "half"}
    return frozenset(phrase[0] for phrase in phrases) | extra


def read_value(tokens: list[Token], i: int, lex: Lexicon) -> tuple[int, int, bool] | None:
    """(value, index of its last token, approximate by itself) of the number at token i."""
    if i >= len(tokens):
        return None
    token, language = tokens[i], lex.language
    if token.lower in lex.singular_articles and i + 1 < len(tokens):
        unit = lex.unit_words.get(tokens[i + 1].lower)
        if unit is not None:
            return unit, i + 1, False
    if token.lower == "half" and i + 2 < len(tokens) and tokens[i + 1].lower in ("a", "an"):
        unit = lex.unit_words.get(tokens[i + 2].lower)
        return (unit // 2, i + 2, False) if unit else None
    if token.digits:
        value, last = int(token.text.replace(",", "")), i
    else:
        words = []
        j = i
        while j < len(tokens) and number_word(tokens[j].lower, language) is not None:
            words.append(tokens[j].lower)
            j += 1
            joins = j + 1 < len(tokens) and tokens[j].lower == "and" and words[-1] in MULTIPLIERS
            if joins and number_word(tokens[j + 1].lower, language) is not None:
                words.append("and")
                j += 1
        if not words:
            return None
        try:
            value, last = text2num(" ".join(words), language), j - 1
        except ValueError:
            value, last = number_word(words[0], language) or 0, i
    return _scaled(tokens, value, last, lex)


def _scaled(tokens: list[Token], value: int, last: int, lex: Lexicon) -> tuple[int, int, bool]:
    """Apply a following "dozen", "thousand" or French "-aine" word to a value."""
    if last + 1 < len(tokens):
        following = tokens[last + 1].lower
        if following in lex.unit_words:
            return value * lex.unit_words[following], last + 1, False
        if following in MULTIPLIERS and tokens[last].digits:
            return value * MULTIPLIERS[following], last + 1, False
        if value == 1 and following in lex.approx_words:
            return lex.approx_words[following], last + 1, True
    return value, last, False


def may_open_figure(token: Token, lex: Lexicon) -> bool:
    """Whether a figure can start at this token: digits, a number word, or a hedge's first
    word ("at", "between", "a", "dozens")."""
    return (
        token.digits
        or token.lower in _first_words(lex)
        or number_word(token.lower, lex.language) is not None
    )


def read_figure(tokens: list[Token], i: int, lex: Lexicon) -> Figure | None:
    """The figure starting at token i (hedge or range words included), or None."""
    token = tokens[i]
    if not may_open_figure(token, lex):
        return None
    unknown = _phrase_at(tokens, i, lex.unknown_counts)
    if unknown:
        return Figure(i, unknown[1] - 1, "unknown")
    vague = _phrase_at(tokens, i, lex.plural_vague)
    if vague:
        return Figure(i, vague[1] - 1, "unknown")
    if token.lower in lex.range_starts:
        ranged = _range(tokens, i + 1, lex.range_starts[token.lower], lex)
        if ranged:
            return Figure(i, ranged[2], "range", low=ranged[0], high=ranged[1])
    hedge = _phrase_at(tokens, i, lex.hedges)
    if hedge:
        value = read_value(tokens, hedge[1], lex)
        if value is None:
            return None
        return _hedged(i, value[0], value[1], lex.hedges[hedge[0]])
    ranged = _range(tokens, i, lex.range_joins, lex)
    if ranged:
        return Figure(i, ranged[2], "range", low=ranged[0], high=ranged[1])
    value = read_value(tokens, i, lex)
    if value is not None:
        return _plain(tokens, i, value, lex)
    if token.lower in lex.singular_articles:
        return Figure(i, i, "exact", count=1, singular=True)
    return None


def _plain(tokens: list[Token], i: int, value: tuple[int, int, bool], lex: Lexicon) -> Figure:
    number, last, approximate = value
    if last + 2 < len(tokens) and (tokens[last + 1].lower, tokens[last + 2].lower) == ("or", "so"):
        return Figure(i, last + 2, "approx", count=number)
    singular = number == 1 and tokens[i].lower in lex.singular_articles
    return Figure(i, last, "approx" if approximate else "exact", count=number, singular=singular)


def _hedged(first: int, value: int, last: int, hedge: Hedge) -> Figure:
    bound = max(value + hedge.shift, 0)
    if hedge.qualifier == "at_least":
        return Figure(first, last, "at_least", low=bound)
    if hedge.qualifier == "at_most":
        return Figure(first, last, "at_most", high=bound)
    return Figure(first, last, hedge.qualifier, count=value)


def _range(
    tokens: list[Token], i: int, joins: frozenset[str], lex: Lexicon
) -> tuple[int, int, int] | None:
    """(low, high, index of the last token) of "12 and 15", "10-15", "12 to 15" at token i."""
    first = read_value(tokens, i, lex)
    if first is None or first[1] + 2 >= len(tokens):
        return None
    join = tokens[first[1] + 1]
    if join.lower not in joins:
        return None
    second = read_value(tokens, first[1] + 2, lex)
    if second is None or second[0] <= first[0]:
        return None
    return first[0], second[0], second[1]
