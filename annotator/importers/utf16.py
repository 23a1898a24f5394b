"""Offsets counted in UTF-16 code units (JavaScript strings, so Label Studio) as Python's.

A character beyond the Basic Multilingual Plane (an emoji, some CJK) is two UTF-16 units and
one Python character, so every offset after one is larger in UTF-16 by the number of such
characters before it.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache


class SplitCharacter(ValueError):
    """A UTF-16 offset between the two halves of a character beyond the BMP."""


@lru_cache(maxsize=8)
def astral_starts(text: str) -> tuple[int, ...]:
    """The UTF-16 offsets at which `text`'s characters beyond the BMP begin (cached: a task's
    regions all ask about the same text)."""
    starts, units = [], 0
    for char in text:
        if ord(char) > 0xFFFF:
            starts.append(units)
            units += 2
        else:
            units += 1
    return tuple(starts)


def python_offset(text: str, units: int) -> int:
    """The Python offset of UTF-16 offset `units` in `text`; one past the end stays as it is
    (the span check reports it); SplitCharacter if it falls inside a character."""
    starts = astral_starts(text)
    before = bisect_left(starts, units)
    if before and starts[before - 1] + 1 == units:
        raise SplitCharacter(f"UTF-16 offset {units} falls inside a character beyond the BMP")
    if units > len(text) + len(starts):
        return units
    return units - before
