"""Sentences of a stored document by spaCy's rule-based `sentencizer` rule, read off the stored
token offsets without building a spaCy Doc (the events export splits every document).

The rule (spaCy's `Sentencizer.predict`): after a token that is one of its sentence-final
characters, the next token that is not punctuation starts a sentence. Ours adds one thing: an
opening quote left at the end of a sentence (`killed. "We`) moves to the next one. A test
holds this to spaCy's own sentencizer on the sample articles, and our characters and
punctuation test to spaCy's (spaCy itself is not imported: it takes a second to load, in
every export worker).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from annotator.tokens import Tokens

OPENING_QUOTES = {'"', "\u201c", "'", "\u2018", "\u00ab"}
SENTENCE_FINAL = frozenset(
    "\u0021\u002e\u003f\u0589\u061f\u06d4\u0700\u0701\u0702\u07f9\u0964\u0965\u104a\u104b"
    "\u1362\u1367\u1368\u166e\u1735\u1736\u1803\u1809\u1944\u1945\u1aa8\u1aa9\u1aaa\u1aab"
    "\u1b5a\u1b5b\u1b5e\u1b5f\u1c3b\u1c3c\u1c7e\u1c7f\u203c\u203d\u2047\u2048\u2049\u2e2e"
    "\u2e3c\ua4ff\ua60e\ua60f\ua6f3\ua6f7\ua876\ua877\ua8ce\ua8cf\ua92f\ua9c8\ua9c9\uaa5d"
    "\uaa5e\uaa5f\uaaf0\uaaf1\uabeb\ufe52\ufe56\ufe57\uff01\uff0e\uff1f\U00010a56"
    "\U00010a57\U00011047\U00011048\U000110be\U000110bf\U000110c0\U000110c1\U00011141"
    "\U00011142\U00011143\U000111c5\U000111c6\U000111cd\U000111de\U000111df\U00011238"
    "\U00011239\U0001123b\U0001123c\U000112a9\U0001144b\U0001144c\U000115c2\U000115c3"
    "\U000115c9\U000115ca\U000115cb\U000115cc\U000115cd\U000115ce\U000115cf\U000115d0"
    "\U000115d1\U000115d2\U000115d3\U000115d4\U000115d5\U000115d6\U000115d7\U00011641"
    "\U00011642\U0001173c\U0001173d\U0001173e\U00011a42\U00011a43\U00011a9b\U00011a9c"
    "\U00011c41\U00011c42\U00016a6e\U00016a6f\U00016af5\U00016b37\U00016b38\U00016b44"
    "\U0001bc9f\U0001da88\uff61\u3002"
)
"""spaCy's `Sentencizer.default_punct_chars` (each one character long)."""
_FINAL = re.compile("[" + "".join(re.escape(char) for char in sorted(SENTENCE_FINAL)) + "]")
_FINAL_BMP = re.compile(
    "[" + "".join(re.escape(char) for char in sorted(SENTENCE_FINAL) if char < "\U00010000") + "]"
)
"""The same without the characters beyond the BMP, which make `re` ten times slower on every
text; used for the texts that hold none of them (nearly all)."""
_FINAL_ASCII = [ord(char) for char in sorted(SENTENCE_FINAL) if char.isascii()]
"""The codes of the sentence-final characters an ASCII text can hold (! . ?)."""


@lru_cache(maxsize=4096)
def is_punct(word: str) -> bool:
    """spaCy's `is_punct`: every character is Unicode punctuation (category P...)."""
    return all(unicodedata.category(char).startswith("P") for char in word)


def sentence_starts(tokens: Tokens) -> list[int]:
    """Indexes of the tokens that begin a sentence (0 first, for any non-empty text)."""
    finals = _final_tokens(tokens.starts, tokens.ends, tokens.text)
    return _sentence_starts(tokens.starts, tokens.ends, tokens.text, finals)


def _sentence_starts(
    starts: np.ndarray, ends: np.ndarray, text: str, finals: np.ndarray
) -> list[int]:
    """The sentence-final tokens `finals` followed up: the next token that is not punctuation
    starts a sentence. Only the offsets of the tokens after them are made Python ints."""
    count = len(starts)
    if not count:
        return []
    after = np.minimum(finals + 1, count - 1)
    firsts, resume = [0], 0
    for index, start, end in zip(finals.tolist(), starts[after].tolist(), ends[after].tolist()):
        if index < resume:  # a final character among the punctuation just passed
            continue
        following = index + 1
        # a word after the full stop is the common case: no lookup
        if following < count and not text[start].isalnum() and is_punct(text[start:end]):
            following += 1
            while following < count and is_punct(text[starts[following] : ends[following]]):
                following += 1
        if following < count:
            firsts.append(following)
        resume = following + 1
    return firsts


def _final_tokens(starts: np.ndarray, ends: np.ndarray, text: str) -> np.ndarray:
    """Indexes of the tokens that are one sentence-final character, in order: only those can
    end a sentence. The text is searched for those characters in C (numpy or `re`)."""
    if not len(starts):
        return np.zeros(0, dtype=np.int64)
    if text.isascii():
        codes = np.frombuffer(text.encode("ascii"), np.uint8)
        finals = codes == _FINAL_ASCII[0]
        for code in _FINAL_ASCII[1:]:
            finals |= codes == code
        positions = np.flatnonzero(finals)
    else:
        pattern = _FINAL_BMP if max(text) < "\U00010000" else _FINAL
        positions = np.array([match.start() for match in pattern.finditer(text)], dtype=np.int64)
    indexes = np.minimum(np.searchsorted(starts, positions), len(starts) - 1)
    own = (starts[indexes] == positions) & (ends[indexes] == positions + 1)
    return indexes[own]


def sentence_bounds(tokens: Tokens) -> list[tuple[int, int]]:
    """Character ranges [start, end) of the sentences, from first to last token of each."""
    starts, ends, text = tokens.starts, tokens.ends, tokens.text
    firsts = _sentence_starts(starts, ends, text, _final_tokens(starts, ends, text))
    if not firsts:
        return []
    first_of = np.array(firsts)
    if len(firsts) > 1 and any(quote in text for quote in OPENING_QUOTES):
        before = starts[first_of[1:] - 1].tolist()  # the token before each sentence but the first
        for number, position in enumerate(before, 1):
            if text[position] not in OPENING_QUOTES:  # nearly always: a full stop
                continue
            last = firsts[number] - 1
            if last > firsts[number - 1] and _opens_quote(text, starts, ends, last):
                firsts[number] = first_of[number] = last
    last_of = np.append(first_of[1:] - 1, len(starts) - 1)
    return list(zip(starts[first_of].tolist(), ends[last_of].tolist()))


def _opens_quote(text: str, starts: np.ndarray, ends: np.ndarray, index: int) -> bool:
    """A quote mark with a space before it and none after: the start of a quotation."""
    return (
        text[starts[index] : ends[index]] in OPENING_QUOTES
        and index + 1 < len(starts)
        and ends[index] == starts[index + 1]
        and index > 0
        and ends[index - 1] < starts[index]
    )
