"""Event records: one JSON line per CASUALTY span, with the actors, place and weapon near it.

Which spans belong to a casualty figure (a reading rule, not a parse):

- Sentences come from spaCy's rule-based `sentencizer` on the stored tokens.
- Look in the figure's own sentence; for a label found there, take it from there. For a label
  absent there, look in the sentence before ("Rebels shelled Ostrel with mortars. Twelve
  civilians were killed." gives actors, place and weapon from the first sentence).
- `actors`: every ACTOR span found so (including ones inside the figure, marked `inside`);
  `location`, `weapon`: the nearest such span (character distance to the figure).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotator.exporters.atomic import atomic_text_file
from annotator.exporters.source import checked_labels, checked_source
from annotator.exporters.strict_json import strict_dumps
from annotator.store import Project
from annotator.store.export_queries import ExportDocument, ExportSpan, done_documents

CASUALTY, ACTOR, LOCATION, WEAPON = "CASUALTY", "ACTOR", "LOCATION", "WEAPON"
OPENING_QUOTES = {'"', "\u201c", "'", "\u2018", "\u00ab"}


@lru_cache(maxsize=4)
def _sentencizer(language: str):
    import spacy

    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_bounds(document: ExportDocument) -> list[tuple[int, int]]:
    """Character ranges [start, end) of the sentences of a document, on its stored tokens."""
    from spacy.tokens import Doc

    nlp = _sentencizer(document.language)
    words, spaces = document.tokens().words_and_spaces()
    doc = nlp.get_pipe("sentencizer")(Doc(nlp.vocab, words=words, spaces=spaces))
    sentences = [[sent.start, sent.end] for sent in doc.sents]
    # The sentencizer keeps punctuation after a full stop with its sentence, which is right
    # for a closing quote (`killed."`) but not for an opening one (`killed. "We`).
    for sentence, following in zip(sentences, sentences[1:]):
        last = doc[sentence[1] - 1]
        if sentence[1] - sentence[0] > 1 and _opens_quote(last):
            sentence[1] -= 1
            following[0] -= 1
    return [(doc[start:end].start_char, doc[start:end].end_char) for start, end in sentences]


def _opens_quote(token) -> bool:
    """A quote mark with a space before it and none after: the start of a quotation."""
    return (
        token.text in OPENING_QUOTES
        and not token.whitespace_
        and token.i > 0
        and bool(token.nbor(-1).whitespace_)
    )


def _sentence_index(bounds: list[tuple[int, int]], offset: int) -> int:
    return max(bisect_right([start for start, _ in bounds], offset) - 1, 0)


def _describe(span: ExportSpan, text: str) -> dict[str, Any]:
    return {"text": text[span.start : span.end], "start": span.start, "end": span.end, **span.attrs}


def event_records(document: ExportDocument) -> list[dict[str, Any]]:
    """One record per CASUALTY span of the document (see the module's rule)."""
    figures = [s for s in document.spans if s.label == CASUALTY]
    if not figures:
        return []
    bounds = sentence_bounds(document)
    by_sentence: dict[int, list[ExportSpan]] = {}
    for span in document.spans:
        by_sentence.setdefault(_sentence_index(bounds, span.start), []).append(span)
    return [_record(document, figure, bounds, by_sentence) for figure in figures]


def _record(document, figure, bounds, by_sentence) -> dict[str, Any]:
    sentence = _sentence_index(bounds, figure.start)
    text = document.text

    def found(label: str) -> list[ExportSpan]:
        for index in (sentence, sentence - 1):
            spans = [s for s in by_sentence.get(index, []) if s.label == label]
            if spans:
                return spans
        return []

    def nearest(label: str) -> dict[str, Any] | None:
        spans = found(label)
        if not spans:
            return None
        distance = lambda s: max(s.start - figure.end, figure.start - s.end, 0)  # noqa: E731
        return _describe(min(spans, key=lambda s: (distance(s), s.start)), text)

    start, end = bounds[sentence]
    return {
        "document": document.uid,
        "title": document.title,
        "sentence": text[start:end].strip(),
        "casualty": _describe(figure, text),
        "actors": [
            {**_describe(s, text), "inside": figure.start <= s.start and s.end <= figure.end}
            for s in found(ACTOR)
        ],
        "location": nearest(LOCATION),
        "weapon": nearest(WEAPON),
    }


def export_events(
    project: Project,
    *,
    output: Path,
    source: str | None = None,
    labels: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Write one JSON line per casualty figure of `source`'s done documents to `output`.

    `labels` limits which spans are read (without CASUALTY there are no records).
    """
    output = Path(output)
    source = checked_source(project, source)
    wanted = checked_labels(project, labels)
    counts: Counter[str] = Counter()
    with atomic_text_file(output) as handle:
        for document in done_documents(project, source, wanted):
            counts["documents"] += 1
            for record in event_records(document):
                counts["events"] += 1
                counts["without_actor"] += not record["actors"]
                counts["without_location"] += record["location"] is None
                counts["without_weapon"] += record["weapon"] is None
                handle.write(strict_dumps(record, ensure_ascii=False) + "\n")
    return {
        "source": source,
        "output": str(output),
        **{
            k: counts[k]
            for k in ("documents", "events", "without_actor", "without_location", "without_weapon")
        },
    }
