"""Text in composed Unicode (NFC) for readers whose words are written composed, with the
offsets that map what they find back to the text as it is stored.

Some systems save accents decomposed ("e" + U+0301): the casualty parser's lexicon and a
user's patterns ("Médéa") are composed, so such text is read composed and each span put back
on the text's own offsets, which the annotator's spans use.
"""

from __future__ import annotations

import unicodedata


def is_composed(text: str) -> bool:
    """Whether `text` is already NFC (instant for ASCII text)."""
    return unicodedata.is_normalized("NFC", text)


def composed_with_offsets(text: str) -> tuple[str, list[int]]:
    """`text` in composed Unicode (NFC), and for each of its characters (and its end) the
    offset in `text` where that character's cluster (a base and its combining marks) starts."""
    pieces: list[str] = []
    offsets: list[int] = []
    start = 0
    while start < len(text):
        end = start + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        piece = unicodedata.normalize("NFC", text[start:end])
        pieces.append(piece)
        offsets.extend([start] * len(piece))
        start = end
    offsets.append(len(text))
    return "".join(pieces), offsets
