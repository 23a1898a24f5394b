"""CoNLL BIO export: one `token<TAB>tag` line per token, a blank line between documents.

Tags come from the non-overlapping spans (the same ones that become spaCy's `doc.ents`).
Whitespace tokens (line breaks, double spaces) are left out: a CoNLL token has no spaces.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.exporters.atomic import atomic_text_file
from annotator.exporters.ents import TokenSpan, non_overlapping
from annotator.exporters.source import checked_labels, checked_source, exported_labels
from annotator.store import Project
from annotator.store.export_queries import ExportDocument, done_documents
from annotator.store.exports import off_tokens


def bio_lines(document: ExportDocument) -> tuple[list[str], int]:
    """The CoNLL lines of one document and how many spans overlapping ones pushed out."""
    words, tags, left_out = bio_tokens(document)
    return [f"{word}\t{tag}" for word, tag in zip(words, tags)], left_out


def bio_tokens(document: ExportDocument) -> tuple[list[str], list[str], int]:
    """The words (whitespace tokens left out) and BIO tags of one document, and how many
    spans overlapping ones pushed out."""
    tokens = document.tokens()
    spans = [TokenSpan(*_first_end(document, tokens, s), s.label) for s in document.spans]
    kept = non_overlapping(spans)
    tags = ["O"] * len(tokens)
    for span in kept:
        tags[span.first] = f"B-{span.label}"
        for index in range(span.first + 1, span.end):
            tags[index] = f"I-{span.label}"
    text, starts, ends = tokens.text, tokens.starts.tolist(), tokens.ends.tolist()
    kept_tokens = [
        (text[s:e], tag) for s, e, tag in zip(starts, ends, tags) if not text[s:e].isspace()
    ]
    words = [word for word, _ in kept_tokens]
    return words, [tag for _, tag in kept_tokens], len(spans) - len(kept)


def _first_end(document: ExportDocument, tokens, span) -> tuple[int, int]:
    """The first token of `span` and the one after its last; DamagedDocument if it is not on
    the tokens (only a damaged file holds such a span)."""
    try:
        first, last = tokens.token_span(span.start, span.end)
    except ValueError:
        raise off_tokens(document.id, document.uid, span.start, span.end) from None
    return first, last + 1


def conll_text(documents: Iterable[ExportDocument], report: Counter[str]) -> Iterator[str]:
    """Each document's block of lines followed by a blank line; counts go into `report`."""
    for document in documents:
        lines, left_out = bio_lines(document)
        report["documents"] += 1
        report["tokens"] += len(lines)
        report["spans"] += len(document.spans)
        report["left_out"] += left_out
        yield "\n".join(lines) + "\n\n"


def export_conll(
    project: Project,
    *,
    output: Path,
    source: str | None = None,
    labels: Iterable[str] | None = None,
) -> dict[str, Any]:
    """Write the done documents of `source` (default gold) as CoNLL BIO to the file `output`.

    Written whole or not at all (see `atomic_text_file`).
    """
    output = Path(output)
    source = checked_source(project, source)
    wanted = checked_labels(project, labels)
    counts: Counter[str] = Counter()
    with atomic_text_file(output) as handle:
        handle.writelines(conll_text(done_documents(project, source, wanted), counts))
    return {
        "source": source,
        "output": str(output),
        "documents": counts["documents"],
        "tokens": counts["tokens"],
        "spans": counts["spans"],
        "left_out_of_tags": counts["left_out"],
        "labels": exported_labels(project, wanted),
    }
