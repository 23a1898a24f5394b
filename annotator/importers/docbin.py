"""spaCy DocBin files (`.spacy`): each Doc's text, its own tokens, `doc.spans` and `doc.ents`.

A folder of `.spacy` shards (what the spaCy export writes for a big split) reads as one DocBin.

Every span group comes in (or only `--spans-key`'s), with `doc.ents`; a span in both is one
span. The Doc's tokens are kept as they are, so spans stay on the boundaries they were drawn
on. A DocBin `annotator export --format spacy` wrote also brings back each span's attributes,
the relations between its spans, the title and the source annotator
(`doc.user_data["annotator"]`); the relations are checked against the schema like any file's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.exporters.spacy_shards import shard_order
from annotator.importers.jsonl import checked_text
from annotator.importers.records import (
    ImportFailed,
    ImportRecord,
    Rejection,
    RelationInput,
    SpanInput,
    title_from_text,
)
from annotator.tokens import Tokens

USER_DATA_KEY = "annotator"
"""Where our spaCy export keeps a document's title, source and span attributes."""


def read_docbin(path: Path, spans_key: str | None = None) -> Iterator[ImportRecord | Rejection]:
    """One record per Doc; the 'line' of a Doc is its number in the file (from 1).

    A folder of shards (`train.spacy/0000.spacy`, ..., as the export writes a big split) is
    one DocBin: its shards in order, its Docs numbered across them.
    """
    source = str(path)
    number = 0
    shards = shard_files(path) if path.is_dir() else [path]
    for shard in shards:
        where = f" (in {shard.name})" if shard != path else ""
        for doc in _docs(shard):
            number += 1
            try:
                yield doc_record(doc, spans_key, source, number)
            except ValueError as error:
                reason = f"doc {number}{where}: {error}"
                yield Rejection(source, number, reason, {"text": doc.text})


def shard_files(folder: Path) -> list[Path]:
    """The `.spacy` shards of a folder, in order (0000, 0001, ..., 10000 after 9999); a folder
    holding anything else is refused rather than read in part (hidden files aside)."""
    entries = [entry for entry in folder.iterdir() if not entry.name.startswith(".")]
    others = sorted(e.name for e in entries if e.suffix.lower() != ".spacy" or not e.is_file())
    if others:
        reason = f"a folder of .spacy shards holds only .spacy files, not {others[0]!r}"
        raise ImportFailed(folder, 1, reason)
    if not entries:
        raise ImportFailed(folder, 1, "a folder without .spacy shards")
    return sorted(entries, key=shard_order)


def doc_record(doc: Any, spans_key: str | None, source: str, number: int) -> ImportRecord:
    """An ImportRecord of one spaCy Doc with its tokens and spans."""
    text = checked_text(doc.text, "text")
    ours = doc.user_data.get(USER_DATA_KEY) if isinstance(doc.user_data, dict) else None
    ours = ours if isinstance(ours, dict) else {}
    if spans_key is not None and spans_key not in doc.spans:
        known = ", ".join(doc.spans) or "none"
        raise ValueError(f"no span group {spans_key!r} (span groups: {known})")
    keys = [spans_key] if spans_key is not None else list(doc.spans)
    found = {
        (span.start_char, span.end_char, span.label_) for key in keys for span in doc.spans[key]
    }
    found |= {(span.start_char, span.end_char, span.label_) for span in doc.ents}
    attrs = {
        (s["start"], s["end"], s["label"]): s.get("attrs") or {}
        for s in ours.get("spans") or []
        if isinstance(s, dict)
    }
    spans = [
        SpanInput(start, end, label, attrs.get((start, end, label), {}))
        for start, end, label in sorted(found)
    ]
    title = ours.get("title")
    return ImportRecord(
        text=text,
        title=title if isinstance(title, str) and title.strip() else title_from_text(text),
        meta={"docbin_doc": number},
        spans=spans,
        relations=_relations(ours.get("relations")),
        annotator=ours.get("source") if isinstance(ours.get("source"), str) else None,
        tokens=Tokens.from_spacy_doc(doc, text).pack(),
        source=source,
        line=number,
    )


def _relations(relations: Any) -> list[RelationInput]:
    """The relations our export kept in user_data: `head` and `child` spans by start, end and
    label, and the relation's `label`; anything else there is an error, never dropped."""
    if relations is None:
        return []
    if not isinstance(relations, list | tuple):  # msgpack gives lists back as tuples
        raise ValueError("user_data relations must be a list")
    return [_relation(item, number) for number, item in enumerate(relations, start=1)]


def _relation(item: Any, number: int) -> RelationInput:
    label = item.get("label") if isinstance(item, dict) else None
    if not isinstance(label, str) or not label:
        raise ValueError(f"relation {number}: needs a 'label'")
    return RelationInput(_end(item, "head", number), _end(item, "child", number), label)


def _end(relation: dict, key: str, number: int) -> tuple[int, int, str]:
    span = relation.get(key)
    if isinstance(span, dict):
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        if isinstance(start, int) and isinstance(end, int) and isinstance(label, str):
            return start, end, label
    raise ValueError(f"relation {number}: '{key}' needs integer start and end and a label")


def _docs(path: Path) -> Iterator[Any]:
    from spacy.tokens import DocBin

    from annotator.tokens import blank_english

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(path, 1, "no such file") from None
    except IsADirectoryError:
        raise ImportFailed(path, 1, "is a folder, not a file") from None
    try:
        docbin = DocBin().from_bytes(data)
    except Exception as error:  # spaCy raises zlib, msgpack or its own errors
        reason = f"not a spaCy DocBin (.spacy) file ({type(error).__name__})"
        raise ImportFailed(path, 1, reason) from None
    yield from docbin.get_docs(blank_english().vocab)
