"""Hugging Face token classification: `train.jsonl` / `dev.jsonl` with `tokens` and `ner_tags`.

Each line is one done document of the source: `{"id", "title", "tokens": [...],
"ner_tags": [...]}`, the tags as ids into `labels.json` (`["O", "B-ACTOR", "I-ACTOR", ...]`,
the list a model's `id2label` is made from). Tokens and tags are those of the CoNLL export
(whitespace tokens left out, overlapping spans resolved as for `doc.ents`); documents are
split into train and dev as the spaCy export splits them. The folder loads with
`datasets.load_dataset("json", data_files={"train": ".../train.jsonl", "dev": ...})`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.exporters.atomic import atomic_folder, atomic_text_file
from annotator.exporters.conll import bio_tokens
from annotator.exporters.folder import check_output, split_of
from annotator.exporters.project_output import check_folder_spares_project
from annotator.exporters.source import checked_labels, checked_source, exported_labels
from annotator.store import Project
from annotator.store.export_queries import done_documents

OUTPUT_FILES = ("train.jsonl", "dev.jsonl", "labels.json", "report.json")


def tag_names(labels: list[str]) -> list[str]:
    """ "O", then B- and I- of each label in schema order: the ids `ner_tags` refer to."""
    return ["O", *(f"{prefix}-{label}" for label in labels for prefix in ("B", "I"))]


def export_hf(
    project: Project,
    *,
    output: Path,
    source: str | None = None,
    labels: Iterable[str] | None = None,
    dev_fraction: float = 0.2,
    seed: int = 0,
    force: bool = False,
) -> dict[str, Any]:
    """Write `train.jsonl`, `dev.jsonl`, `labels.json` and `report.json` into `output`."""
    output = Path(output)
    source = checked_source(project, source)
    wanted = checked_labels(project, labels)
    check_folder_spares_project(project.path, output)
    check_output(output, force)
    names = tag_names(exported_labels(project, wanted))
    with atomic_folder(output, own_names=OUTPUT_FILES.__contains__) as staging:
        counts = _write_splits(project, staging, source, wanted, names, dev_fraction, seed)
        report = {
            "source": source,
            "output": str(output),
            **counts,
            "dev_fraction": dev_fraction,
            "seed": seed,
            "labels": names,
        }
        (staging / "labels.json").write_text(json.dumps(names, indent=2) + "\n")
        (staging / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def _write_splits(
    project: Project,
    folder: Path,
    source: str,
    labels: set[str] | None,
    names: list[str],
    dev_fraction: float,
    seed: int,
) -> dict[str, int]:
    ids = {name: index for index, name in enumerate(names)}
    counts: Counter[str] = Counter()
    splits = ("train", "dev") if dev_fraction > 0 else ("train",)
    with (
        atomic_text_file(folder / "train.jsonl") as train,
        atomic_text_file(folder / "dev.jsonl") as dev,
    ):
        for document in done_documents(project, source, labels):
            words, tags, left_out = bio_tokens(document)
            split = split_of(document.uid, seed, dev_fraction)
            record = {
                "id": document.uid,
                "title": document.title,
                "tokens": words,
                "ner_tags": [ids[tag] for tag in tags],
            }
            (dev if split == "dev" else train).write(json.dumps(record, ensure_ascii=False) + "\n")
            counts[split] += 1
            counts["spans"] += len(document.spans)
            counts["left_out_of_tags"] += left_out
    if "dev" not in splits:
        (folder / "dev.jsonl").unlink()
    return {
        "documents": counts["train"] + counts["dev"],
        "train": counts["train"],
        "dev": counts["dev"],
        "spans": counts["spans"],
        "left_out_of_tags": counts["left_out_of_tags"],
    }
