"""spaCy training data: DocBin files of a source's done documents, split stably into train/dev.

Layout of the output folder:

- `train.spacy`, `dev.spacy`: DocBins. A split of more than `SHARD_SIZE` documents is
  written as a folder of that name holding numbered shards (`0000.spacy`, ...), so memory
  stays flat on any project size; spaCy's corpus reader (`paths.train`) and `read_docs` accept
  both. With `dev_fraction=0` there is no `dev.spacy`.
- `labels.json`: the exported label names (spaCy's `init labels` shape: a JSON list).
- `report.json`: what was exported (also returned and printed), with the project's
  `language`: the spaCy language code the tokens were made with, for a training config.
- `config.cfg`: a ready spaCy training config (the project's language, tok2vec and ner)
  reading these files; the report's `train_command` runs it. Without a dev set (none asked
  for, or none fell in dev) it scores on `train.spacy`; with an empty train split there is
  no config. The report's `warnings` say so.

Each Doc has the stored tokens, every span in `doc.spans["sc"]`, the non-overlapping ones in
`doc.ents` (see `ents.non_overlapping`), and `doc.user_data["annotator"]` with the document's
id, uid, title, source, every span with its attributes and the relations between them
(`head` and `child` spans by start, end and label, and the relation's `label`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from annotator.exporters.atomic import atomic_folder
from annotator.exporters.docbin_writer import DocBinWriter, DocSpan
from annotator.exporters.ents import TokenSpan, non_overlapping
from annotator.exporters.folder import check_output, split_of
from annotator.exporters.project_output import check_folder_spares_project
from annotator.exporters.source import (
    ExportError,
    checked_labels,
    checked_source,
    exported_labels,
)
from annotator.exporters.spacy_config import CONFIG_FILE, write_training_config
from annotator.exporters.spacy_shards import plan_shards, shard_order, write_shards
from annotator.exporters.strict_json import strict_dumps
from annotator.schema import shown
from annotator.store import Project
from annotator.store.export_queries import ExportDocument, ExportSpan, done_document_uids
from annotator.store.exports import DamagedDocument
from annotator.store.relations import RelationKey
from annotator.tokens import Tokens, blank_english

SPANS_KEY = "sc"
USER_DATA_KEY = "annotator"
SHARD_SIZE = 1000
OUTPUT_FILES = ("train.spacy", "dev.spacy", "labels.json", "report.json", CONFIG_FILE)


def words_and_spaces(tokens: Tokens) -> tuple[list[str], np.ndarray]:
    """The Doc's words and whether a space follows each (as `Tokens.words_and_spaces`, faster)."""
    text, starts, ends = tokens.text, tokens.starts, tokens.ends
    words = [text[s:e] for s, e in zip(starts.tolist(), ends.tolist())]
    spaces = np.empty(len(words), dtype=bool)
    if len(words):
        spaces[:-1] = ends[:-1] < starts[1:]
        spaces[-1] = ends[-1] < len(text)
    return words, spaces


def doc_spans(tokens: Tokens, spans: Sequence[ExportSpan]) -> list[DocSpan]:
    """Spans with their token indices; raises ValueError for one off the token boundaries."""
    if not spans:
        return []
    starts = np.fromiter((s.start for s in spans), dtype=np.int64, count=len(spans))
    ends = np.fromiter((s.end for s in spans), dtype=np.int64, count=len(spans))
    firsts = np.searchsorted(tokens.starts, starts).clip(max=len(tokens) - 1)
    lasts = np.searchsorted(tokens.ends, ends).clip(max=len(tokens) - 1)
    off = (tokens.starts[firsts] != starts) | (tokens.ends[lasts] != ends)
    if off.any():
        bad = int(np.flatnonzero(off)[0])
        raise ValueError(f"stored span [{starts[bad]}, {ends[bad]}) is not on its tokens")
    return [
        DocSpan(first, last + 1, span.start, span.end, span.label)
        for first, last, span in zip(firsts.tolist(), lasts.tolist(), spans)
    ]


def add_document(
    writer: DocBinWriter,
    document: ExportDocument,
    source: str,
    relations: Sequence[RelationKey] = (),
) -> int:
    """Add one document to `writer`; returns how many of its spans were left out of ents."""
    tokens = document.tokens()
    words, spaces = words_and_spaces(tokens)
    try:
        spans = doc_spans(tokens, document.spans)
    except ValueError as error:
        raise DamagedDocument(document.id, document.uid, str(error)) from None
    ents = non_overlapping(TokenSpan(s.first, s.end, s.label) for s in spans)
    kept = {(e.first, e.end, e.label) for e in ents}
    user_data = {
        USER_DATA_KEY: {
            "id": document.id,
            "uid": document.uid,
            "title": document.title,
            "source": source,
            "spans": [
                {"start": s.start, "end": s.end, "label": s.label, "attrs": s.attrs}
                for s in document.spans
            ],
            "relations": relation_data(document, relations),
        }
    }
    try:
        writer.add(
            words, spaces, spans, [s for s in spans if (s.first, s.end, s.label) in kept], user_data
        )
    except OverflowError:  # msgpack holds integers from -2**63 to 2**64 - 1
        raise ExportError(
            f"document {document.id} ({document.title}): {_too_large(document.spans)}"
            " (correct it in the window)"
        ) from None
    return len(spans) - len(ents)


def _too_large(spans: Sequence[ExportSpan]) -> str:
    """Which span has an attribute too large for a .spacy file (only an old version let one in)."""
    for span in spans:
        for name, value in span.attrs.items():
            if isinstance(value, int) and not -(2**63) <= value < 2**64:
                where = f"{span.label} at {span.start}-{span.end}"
                return f"{where} has {name} {shown(value)}, too large for a .spacy file"
    return "a value is too large for a .spacy file"


def relation_data(document: ExportDocument, relations: Sequence[RelationKey]) -> list[dict]:
    """The relations between exported spans, each end as its span's start, end and label."""
    exported = {(s.start, s.end, s.label) for s in document.spans}
    names = ("start", "end", "label")
    return [
        {"head": dict(zip(names, r.head)), "child": dict(zip(names, r.tail)), "label": r.label}
        for r in relations
        if tuple(r.head) in exported and tuple(r.tail) in exported
    ]


def read_docs(path: Path | str, vocab: Vocab | None = None) -> Iterator[Doc]:
    """Docs of an exported `train.spacy` / `dev.spacy`, a single file or a folder of shards."""
    path = Path(path)
    vocab = vocab or blank_english().vocab
    files = sorted(path.glob("*.spacy"), key=shard_order) if path.is_dir() else [path]
    for file in files:
        yield from DocBin().from_disk(file).get_docs(vocab)


def export_spacy(
    project: Project,
    *,
    output: Path,
    source: str | None = None,
    labels: Iterable[str] | None = None,
    dev_fraction: float = 0.2,
    seed: int = 0,
    force: bool = False,
    only_uids: set[str] | None = None,
) -> dict[str, Any]:
    """Write `train.spacy`, `dev.spacy`, `labels.json` and `report.json` into `output`.

    Only documents `source` (default gold) marked done (and among them only `only_uids`, when
    given); a done document without spans is a negative example. The whole folder is written
    beside `output` and swapped in at once (see `atomic_folder`): a failure or a kill leaves
    the earlier export whole; files of the folder that are not an export's are kept.
    """
    output = Path(output)
    source = checked_source(project, source)
    wanted = checked_labels(project, labels)
    check_folder_spares_project(project.path, output)
    check_output(output, force)
    with atomic_folder(output, own_names=OUTPUT_FILES.__contains__) as staging:
        report = _write_docbins(project, staging, source, wanted, dev_fraction, seed, only_uids)
        report["labels"] = exported_labels(project, wanted)
        report["output"] = str(output)
        if warnings := split_warnings(report):
            report["warnings"] = warnings
        if report["train"]:
            report["train_command"] = write_training_config(
                staging, output, project.language, dev=report["dev"] > 0
            )
        (staging / "labels.json").write_text(strict_dumps(report["labels"], indent=2) + "\n")
        (staging / "report.json").write_text(strict_dumps(report, indent=2) + "\n")
    return report


def split_warnings(report: dict[str, Any]) -> list[str]:
    """What the split leaves a training run without: no train set (no config then), or no
    dev set (the config scores on the train set), and what to do about it."""
    train, dev, fraction = report["train"], report["dev"], report["dev_fraction"]
    if not train:
        return [
            f"the train split is empty: all {dev} documents fell in dev (--dev-fraction"
            f" {fraction:g}, --seed {report['seed']}), so no config.cfg was written; mark more"
            " documents done, or give --dev-fraction 0 to train on them all"
        ]
    if dev:
        return []
    if fraction > 0:
        return [
            f"the dev split is empty: none of the {train} documents fell in dev (--dev-fraction"
            f" {fraction:g}), so config.cfg scores the model on train.spacy; mark more documents"
            " done, or raise --dev-fraction, for a score on unseen text"
        ]
    return [
        "no dev set (--dev-fraction 0): config.cfg scores the model on train.spacy, which"
        " tells how well it fits its training data, not how it does on unseen text"
    ]


def _write_docbins(
    project: Project,
    folder: Path,
    source: str,
    labels: set[str] | None,
    dev_fraction: float,
    seed: int,
    only_uids: set[str] | None = None,
) -> dict[str, Any]:
    splits: dict[str, list[int]] = {"train": []}
    if dev_fraction > 0:
        splits["dev"] = []
    for document, uid in done_document_uids(project, source):
        if only_uids is None or uid in only_uids:
            splits[split_of(uid, seed, dev_fraction)].append(document)
    shards = plan_shards(folder, splits, SHARD_SIZE)
    counts = write_shards(project, source, labels, shards)
    per_label = counts.per_label
    return {
        "source": source,
        "language": project.language,
        "documents": counts.documents,
        "train": len(splits["train"]),
        "dev": len(splits.get("dev", [])),
        "negative": counts.negative,
        "spans": sum(per_label.values()),
        "spans_per_label": dict(sorted(per_label.items())),
        "left_out_of_ents": counts.left_out,
        "shards": {split: sum(s.split == split for s in shards) for split in splits},
        "dev_fraction": dev_fraction,
        "seed": seed,
    }
