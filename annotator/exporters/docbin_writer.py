"""Writing spaCy's DocBin format (`.spacy`) straight from words and spans, without Doc objects.

Building a `Doc` and calling `DocBin.add` costs about 3 ms per 500-word article (most of it
srsly creating a new msgpack packer three times per document); this writer fills the same
message `DocBin.to_bytes` writes (attrs ORTH, ENT_IOB, ENT_TYPE; spaces; strings; span
groups; user data) directly, so it reads back with `DocBin().from_disk(...)`. The tests check
that round trip against Docs built by spaCy itself.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import DocBin
from srsly.msgpack import Packer

ENT_IOB_OUTSIDE, ENT_IOB_INSIDE, ENT_IOB_BEGIN = 2, 1, 3
DOCBIN_ATTRS = DocBin(attrs=["ENT_IOB", "ENT_TYPE"]).attrs  # [ORTH, ENT_IOB, ENT_TYPE] as ids
DOCBIN_VERSION = DocBin().version
SPAN_STRUCT = struct.Struct(">QQQllll")  # id, kb_id, label, start, end, start_char, end_char
COMPRESSION_LEVEL = 1


class _StringIds(dict):
    """spaCy's id of each string (its StringStore hash, or symbol id), kept: words repeat."""

    def __missing__(self, text: str) -> int:
        self[text] = found = get_string_id(text)
        return found


string_hash = _StringIds().__getitem__
"""spaCy's id of a string; a dict lookup once seen (twice as fast as a cached function)."""


class DocSpan(NamedTuple):
    """A labelled span in both token indices [first, end) and characters [start_char, end_char)."""

    first: int
    end: int
    start_char: int
    end_char: int
    label: str


def _set_ents(array: np.ndarray, ents: Sequence[DocSpan]) -> None:
    """Fill the ENT_IOB (B, I) and ENT_TYPE columns of non-overlapping `ents`, vectorised."""
    firsts = np.fromiter((e.first for e in ents), dtype=np.int64, count=len(ents))
    lengths = np.fromiter((e.end for e in ents), dtype=np.int64, count=len(ents)) - firsts
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    inside = np.repeat(firsts, lengths) + offsets
    labels = np.fromiter((string_hash(e.label) for e in ents), dtype=np.uint64, count=len(ents))
    array[inside, 1] = ENT_IOB_INSIDE
    array[firsts, 1] = ENT_IOB_BEGIN
    array[inside, 2] = np.repeat(labels, lengths)


class DocBinWriter:
    """Collects documents and writes them as one DocBin file."""

    def __init__(self, spans_key: str = "sc") -> None:
        self.spans_key = spans_key
        self._packer = Packer(use_bin_type=True)
        self._tokens: list[np.ndarray] = []
        self._spaces: list[np.ndarray] = []
        self._strings: set[str] = {""}
        self._span_groups: list[bytes] = []
        self._user_data: list[bytes] = []

    def __len__(self) -> int:
        return len(self._tokens)

    def add(
        self,
        words: Sequence[str],
        spaces: Sequence[bool] | np.ndarray,
        spans: Sequence[DocSpan],
        ents: Sequence[DocSpan],
        user_data: dict[str, Any],
    ) -> None:
        """One document: its tokens, every span (in `doc.spans[key]`), and non-overlapping ents."""
        array = np.zeros((len(words), 3), dtype=np.uint64)
        array[:, 0] = np.fromiter(map(string_hash, words), dtype=np.uint64, count=len(words))
        array[:, 1] = ENT_IOB_OUTSIDE
        if ents:
            _set_ents(array, ents)
        self._tokens.append(array)
        self._spaces.append(np.asarray(spaces, dtype=bool).reshape(-1, 1))
        self._strings.update(words)
        self._strings.update(span.label for span in spans)
        self._span_groups.append(self._span_group_bytes(spans))
        self._user_data.append(self._packer.pack(user_data))

    def _span_group_bytes(self, spans: Sequence[DocSpan]) -> bytes:
        """`doc.spans.to_bytes()` of a Doc whose only group is `spans_key`."""
        group = self._packer.pack(
            {
                "name": self.spans_key,
                "attrs": {},
                "spans": [
                    SPAN_STRUCT.pack(
                        0, 0, string_hash(s.label), s.first, s.end, s.start_char, s.end_char
                    )
                    for s in spans
                ],
            }
        )
        return self._packer.pack({group: [self.spans_key]})

    def to_bytes(self) -> bytes:
        count = len(self._tokens)
        message = {
            "version": DOCBIN_VERSION,
            "attrs": list(DOCBIN_ATTRS),
            "tokens": (np.vstack(self._tokens) if count else np.zeros((0, 3), np.uint64)).tobytes(),
            "spaces": (np.vstack(self._spaces) if count else np.zeros((0, 1), bool)).tobytes(),
            "lengths": np.asarray([len(t) for t in self._tokens], dtype="int32").tobytes(),
            "strings": sorted(self._strings),
            "cats": [{} for _ in range(count)],
            "flags": [{"has_unknown_spaces": False} for _ in range(count)],
            "span_groups": self._span_groups,
            "user_data": self._user_data,
        }
        return zlib.compress(self._packer.pack(message), COMPRESSION_LEVEL)

    def to_disk(self, path: Path) -> None:
        Path(path).write_bytes(self.to_bytes())
