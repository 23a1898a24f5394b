"""Prodigy's token list of a document as JSON bytes, assembled by numpy from the text's own bytes.

The bytes are exactly what orjson writes for the token dicts (`{"text", "start", "end", "id",
"ws"}` each; tests/test_token_json.py holds the two equal on any text), made in about half the
time: building a Python dict per token cost more than any other step of a JSONL export.

Each token's JSON is cut into eight pieces,

    TEXT | ","start": | START | ,"end": | END | ,"id": | ID | ,"ws":true},{"text":"

and each piece is a run of bytes in one source array: the fixed pieces, a table of decimal
numbers, and the whole text as orjson escapes it in one call (a token's text is a run of that).
The output is one gather of those runs.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import orjson

_FIXED = (b'","start":', b',"end":', b',"id":', b',"ws":false},{"text":"', b',"ws":true},{"text":"')
_OPEN, _NEXT = b'[{"text":"', b',{"text":"'
_LARGEST = 1 << 18
"""Documents of this many characters (about 40,000 words) or more get their token JSON the
plain way, a dict per token: their work arrays would take more memory than the dicts."""
_ESCAPED_WIDTHS = np.array(
    [2 if chr(code) in '"\\\b\t\n\f\r' else 6 if code < 0x20 else 1 for code in range(0x80)],
    dtype=np.int64,
)
"""How many bytes orjson writes for each ASCII character in a string: `\\n`, `\\u001f` or
itself. It writes any other character as its UTF-8 bytes."""


class _Source(NamedTuple):
    """The fixed pieces and the decimal form of every number below a limit, as one byte array."""

    bytes: np.ndarray
    fixed_at: np.ndarray
    fixed_lengths: np.ndarray
    number_at: np.ndarray
    number_lengths: np.ndarray


class TokenJson:
    """Makes token lists' JSON one document after another, in work arrays kept between
    documents: a fresh array of a document's size (a quarter megabyte) is new memory that the
    system maps page by page, which cost more than the work done in it."""

    def __init__(self) -> None:
        self._steps = np.empty(0, dtype=np.int64)
        self._bytes = np.empty(0, dtype=np.uint8)

    def dumps(self, text: str, starts: np.ndarray, ends: np.ndarray) -> bytes:
        """`orjson.dumps(token_records(text, tokens))` for tokens at `starts`/`ends`
        (character offsets)."""
        count = len(starts)
        if not count:
            return b"[]"
        if len(text) >= _LARGEST:
            return orjson.dumps(token_records(text, starts, ends))
        source = _numbers_below(len(text) + 1)
        quoted = orjson.dumps(text)  # the whole text as a JSON string, escaped in one call
        offsets = _quoted_offsets(text, len(quoted) - 2)
        at = len(source.bytes) + 1 + (starts if offsets is None else offsets[starts])
        lengths = ends - starts if offsets is None else offsets[ends] - offsets[starts]
        follows = _follows(text, starts, ends)
        pieces = np.empty((2, count, 8), dtype=np.int64)  # [where in the source, how long]
        pieces[:, :, 0] = at, lengths
        for column, numbers in ((2, starts), (4, ends), (6, np.arange(count))):
            pieces[:, :, column] = source.number_at[numbers], source.number_lengths[numbers]
        for column, fixed in ((1, 0), (3, 1), (5, 2)):
            pieces[0, :, column] = source.fixed_at[fixed]
            pieces[1, :, column] = source.fixed_lengths[fixed]
        pieces[:, :, 7] = source.fixed_at[3 + follows], source.fixed_lengths[3 + follows]
        pieces[1, -1, 7] -= len(_NEXT)
        runs = np.concatenate((source.bytes, np.frombuffer(quoted, np.uint8)))
        return _OPEN + self._gather(runs, *pieces.reshape(2, -1)) + b"]"

    def _gather(self, source: np.ndarray, at: np.ndarray, lengths: np.ndarray) -> bytes:
        """The runs `source[at[i] : at[i] + lengths[i]]` one after another (every length > 0):
        their indices are the running sum of steps that are 1 within a run."""
        where = np.cumsum(lengths) - lengths
        total = int(where[-1] + lengths[-1])
        if len(self._steps) < total:
            self._steps = np.empty(total + total // 4, dtype=np.int64)
            self._bytes = np.empty(len(self._steps), dtype=np.uint8)
        steps, gathered = self._steps[:total], self._bytes[:total]
        steps.fill(1)
        steps[0] = at[0]
        steps[where[1:]] = at[1:] - at[:-1] - lengths[:-1] + 1
        np.cumsum(steps, out=steps)
        np.take(source, steps, out=gathered)
        return gathered.tobytes()


def token_records(text: str, starts: np.ndarray, ends: np.ndarray) -> list[dict[str, Any]]:
    """Prodigy's token dicts, made one by one: the way for documents too long for the tables."""
    follows = _follows(text, starts, ends)
    return [
        {"text": text[start:end], "start": start, "end": end, "id": index, "ws": space}
        for index, (start, end, space) in enumerate(
            zip(starts.tolist(), ends.tolist(), follows.tolist())
        )
    ]


def _follows(text: str, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Whether a space follows each token (spaCy's `whitespace_`, Prodigy's `ws`); at least
    one token."""
    follows = np.empty(len(starts), dtype=bool)
    follows[:-1] = ends[:-1] < starts[1:]
    follows[-1] = ends[-1] < len(text)
    return follows


def _quoted_offsets(text: str, quoted_length: int) -> np.ndarray | None:
    """Where each character of `text` starts in its JSON string body (and where the body
    ends, at index len(text)); None where that is the character's own index (ASCII text
    with nothing to escape)."""
    if quoted_length == len(text):
        return None
    if text.isascii():
        widths = _ESCAPED_WIDTHS[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]
    else:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
        widths = _ESCAPED_WIDTHS[np.minimum(codes, 0x7F)]
        widths += codes >= 0x80
        widths += codes >= 0x800
        widths += codes >= 0x10000
    offsets = np.zeros(len(text) + 1, dtype=np.int64)
    np.cumsum(widths, out=offsets[1:])
    return offsets


def _numbers_below(limit: int) -> _Source:
    """The source array for documents whose numbers are below `limit` (rounded up to a power
    of two, so few tables are ever built; the largest takes 3 MB)."""
    return _source(1 << max(12, (limit - 1).bit_length()))


@lru_cache(maxsize=4)
def _source(limit: int) -> _Source:
    numbers = np.arange(limit, dtype=np.int64)
    width = len(str(limit - 1))
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    digits = (numbers[:, None] // powers % 10 + ord("0")).astype(np.uint8)
    number_lengths = np.ones(limit, dtype=np.int64)
    for power in powers[:-1]:
        number_lengths += numbers >= power
    fixed = np.frombuffer(b"".join(_FIXED), np.uint8)
    fixed_lengths = np.array([len(piece) for piece in _FIXED], dtype=np.int64)
    number_at = len(fixed) + numbers * width + (width - number_lengths)
    return _Source(
        np.concatenate((fixed, digits.ravel())),
        np.cumsum(fixed_lengths) - fixed_lengths,
        fixed_lengths,
        number_at.astype(np.int32),
        number_lengths.astype(np.int8),
    )
