"""Sentences of a stored document by spaCy's rule-based `sentencizer` rule, read off the stored
token offsets without building a spaCy Doc (the events export splits every document).

The rule (spaCy's `Sentencizer.predict`): after a token that is one of its sentence-final
characters, the next token that is not punctuation starts a sentence. Ours adds one thing: an
opening quote left at the end of a sentence (`killed. "We`) moves to the next one. A test
holds this to spaCy's own sentencizer on the sample articles.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from annotator.tokens import Tokens

OPENING_QUOTES = {'"', "\u201c", "'", "\u2018", "\u00ab"}


@lru_cache(maxsize=1)
def _sentence_final() -> frozenset[str]:
    from spacy.pipeline.sentencizer import Sentencizer

    return frozenset(Sentencizer.default_punct_chars)


@lru_cache(maxsize=4096)
def _is_punct(word: str) -> bool:
    from spacy.lang.lex_attrs import is_punct

    return is_punct(word)


def sentence_starts(tokens: Tokens) -> list[int]:
    """Indexes of the tokens that begin a sentence (0 first, for any non-empty text)."""
    starts, ends, text = tokens.starts, tokens.ends, tokens.text
    if not len(starts):
        return []
    final = _sentence_final()
    # Every sentence-final character is one character long: only such tokens can be one.
    single = np.flatnonzero((ends - starts) == 1).tolist()
    starts_list = starts.tolist()
    firsts, count, resume = [0], len(starts_list), 0
    for index in single:
        if index < resume or text[starts_list[index]] not in final:
            continue
        following = index + 1
        while following < count and _is_punct(text[starts_list[following] : int(ends[following])]):
            following += 1
        if following < count:
            firsts.append(following)
        resume = following + 1
    return firsts


def sentence_bounds(tokens: Tokens) -> list[tuple[int, int]]:
    """Character ranges [start, end) of the sentences, from first to last token of each."""
    firsts = sentence_starts(tokens)
    if not firsts:
        return []
    starts, ends, text = tokens.starts.tolist(), tokens.ends.tolist(), tokens.text
    for number in range(1, len(firsts)):
        last = firsts[number] - 1
        if last > firsts[number - 1] and _opens_quote(text, starts, ends, last):
            firsts[number] = last
    lasts = [first - 1 for first in firsts[1:]] + [len(starts) - 1]
    return [(starts[first], ends[last]) for first, last in zip(firsts, lasts)]


def _opens_quote(text: str, starts: list[int], ends: list[int], index: int) -> bool:
    """A quote mark with a space before it and none after: the start of a quotation."""
    return (
        text[starts[index] : ends[index]] in OPENING_QUOTES
        and index + 1 < len(starts)
        and ends[index] == starts[index + 1]
        and index > 0
        and ends[index - 1] < starts[index]
    )
