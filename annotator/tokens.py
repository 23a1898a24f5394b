"""Token offsets from spaCy's blank English tokenizer: computing, packing, and snapping to them.

Offsets are computed once at import and stored packed with the document, so the window
can snap a selection to token boundaries without loading spaCy.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np


@lru_cache(maxsize=1)
def blank_english():
    """spaCy's blank English pipeline (tokenizer only); loaded on first use."""
    import spacy

    return spacy.blank("en")


def document_uid(text: str) -> str:
    """Stable id of an article: SHA-1 of its text with Unicode (NFC) and newlines normalised."""
    normal = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _whitespace_codes() -> np.ndarray:
    """Code points of every character str.isspace() counts (none lies above U+3000)."""
    return np.array([c for c in range(0x3001) if chr(c).isspace()], dtype="<u4")


class Tokens:
    """Character offsets of every token of a text (whitespace tokens included, as spaCy has them).

    Packed form: one uint32 per token, `length << 1 | gap`, where gap (0 or 1) is the single
    space between the previous token's end and this token's start (spaCy's `whitespace_`).
    """

    __slots__ = ("starts", "ends", "_text", "_word_index", "_word_bounds")

    def __init__(self, starts: np.ndarray, ends: np.ndarray, text: str) -> None:
        self.starts = starts
        self.ends = ends
        self._text = text
        self._word_index: np.ndarray | None = None
        self._word_bounds: tuple[np.ndarray, np.ndarray] | None = None

    @classmethod
    def from_text(cls, text: str) -> Tokens:
        return cls.from_spacy_doc(blank_english().tokenizer(text), text)

    @classmethod
    def from_spacy_doc(cls, doc, text: str) -> Tokens:
        from spacy.attrs import IDX, LENGTH

        columns = doc.to_array([IDX, LENGTH]).astype(np.int64).reshape(-1, 2)
        return cls(columns[:, 0], columns[:, 0] + columns[:, 1], text)

    @classmethod
    def many_from_texts(cls, texts: Iterable[str], batch_size: int = 256) -> Iterator[Tokens]:
        """Tokens for each text, tokenised in batches (faster than one at a time)."""
        texts = list(texts) if not isinstance(texts, list) else texts
        tokenizer = blank_english().tokenizer
        for text, doc in zip(texts, tokenizer.pipe(texts, batch_size=batch_size), strict=True):
            yield cls.from_spacy_doc(doc, text)

    @classmethod
    def unpack(cls, blob: bytes, text: str) -> Tokens:
        packed = np.frombuffer(blob, dtype="<u4").astype(np.int64)
        lengths = packed >> 1
        ends = np.cumsum(lengths + (packed & 1))
        return cls(ends - lengths, ends, text)

    def pack(self) -> bytes:
        previous_ends = np.concatenate(([0], self.ends[:-1]))
        gaps = self.starts - previous_ends
        if len(gaps) and (gaps.min() < 0 or gaps.max() > 1):
            raise ValueError("tokens must be contiguous but for single spaces")
        return (((self.ends - self.starts) << 1) | gaps).astype("<u4").tobytes()

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def text(self) -> str:
        return self._text

    @property
    def word_index(self) -> np.ndarray:
        """Indices of the tokens that are not whitespace (the ones a span can start or end on)."""
        if self._word_index is None:
            text, starts = self._text, self.starts
            codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
            maybe_space = np.flatnonzero(np.isin(codes[starts], _whitespace_codes()))
            spaces = [i for i in maybe_space.tolist() if text[starts[i] : self.ends[i]].isspace()]
            keep = np.ones(len(starts), dtype=bool)
            keep[spaces] = False
            self._word_index = np.flatnonzero(keep).astype(np.int64)
        return self._word_index

    def words_and_spaces(self) -> tuple[list[str], list[bool]]:
        """The `words` and `spaces` that rebuild this exact text as a spaCy Doc."""
        starts, ends = self.starts.tolist(), self.ends.tolist()
        words = [self._text[s:e] for s, e in zip(starts, ends)]
        spaces = (
            [e < s for e, s in zip(ends, starts[1:])] + [ends[-1] < len(self._text)]
            if starts
            else []
        )
        return words, spaces

    def _word_starts_ends(self) -> tuple[np.ndarray, np.ndarray]:
        if self._word_bounds is None:
            words = self.word_index
            self._word_bounds = self.starts[words], self.ends[words]
        return self._word_bounds

    def snap(self, start: int, end: int) -> tuple[int, int] | None:
        """Widen [start, end) to the boundaries of the non-space tokens it touches.

        None when the range touches no such token (empty, or only whitespace).
        """
        word_starts, word_ends = self._word_starts_ends()
        first = int(np.searchsorted(word_ends, start, side="right"))
        last = int(np.searchsorted(word_starts, end, side="left")) - 1
        if start >= end or first > last:
            return None
        return int(word_starts[first]), int(word_ends[last])

    def snap_many(
        self, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`snap` for arrays of ranges at once: (snapped starts, snapped ends, which snapped).

        Where the mask is False the range touches no word token (snap would give None).
        """
        word_starts, word_ends = self._word_starts_ends()
        first = np.searchsorted(word_ends, starts, side="right")
        last = np.searchsorted(word_starts, ends, side="left") - 1
        snapped = (starts < ends) & (first <= last)
        if not len(word_starts):
            return starts, ends, snapped
        first = np.minimum(first, len(word_starts) - 1)
        last = np.maximum(last, 0)
        return word_starts[first], word_ends[last], snapped

    def token_span(self, start: int, end: int) -> tuple[int, int]:
        """Indices (first, last inclusive) of the tokens covering a token-aligned [start, end)."""
        first = int(np.searchsorted(self.starts, start, side="left"))
        last = int(np.searchsorted(self.ends, end, side="left"))
        if (
            first >= len(self)
            or self.starts[first] != start
            or last >= len(self)
            or self.ends[last] != end
        ):
            raise ValueError(f"[{start}, {end}) is not on token boundaries")
        return first, last

    def word_token_at(self, offset: int) -> int | None:
        """Position in `word_index` of the word token containing or following `offset`."""
        word_ends = self._word_starts_ends()[1]
        position = int(np.searchsorted(word_ends, offset, side="right"))
        return position if position < len(word_ends) else None


_IS_WHITESPACE = np.array([chr(c).isspace() for c in range(0x3001)], dtype=bool)
"""Per code point up to U+3000 (the last that `str.isspace` accepts): is it whitespace?"""


def word_offsets_end_to_end(
    texts: list[str], blobs: list[bytes]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Non-space token offsets of many documents laid end to end, one gap between each.

    For bulk work (agreement over a whole project) without a Tokens object per document.
    Returns (bases, starts, ends, document position of each token): document i starts at
    character bases[i], and its spans' offsets plus bases[i] land on its tokens.
    """
    lengths = np.array([len(text) for text in texts], dtype=np.int64)
    bases = np.cumsum(lengths + 1) - (lengths + 1)
    counts = np.array([len(blob) // 4 for blob in blobs], dtype=np.int64)
    packed = np.frombuffer(b"".join(blobs), dtype="<u4").astype(np.int64)
    steps = (packed >> 1) + (packed & 1)
    running = np.cumsum(steps)
    before_document = np.concatenate(([0], running))[np.cumsum(counts) - counts]
    owner = np.repeat(np.arange(len(texts)), counts)
    ends = running - np.repeat(before_document, counts) + bases[owner]
    starts = ends - (packed >> 1)
    code_points = np.frombuffer("\0".join(texts).encode("utf-32-le"), dtype="<u4")
    first_code_points = code_points[starts]
    spaces = _IS_WHITESPACE[np.minimum(first_code_points, len(_IS_WHITESPACE) - 1)]
    words = ~spaces | (first_code_points >= len(_IS_WHITESPACE))
    return bases, starts[words], ends[words], owner[words]
