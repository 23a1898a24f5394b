"""Big JSONL imports prepared by worker processes store exactly what in-process import does."""

import json

import pytest

import annotator.importers as importers
from annotator.importers import import_files
from annotator.store import Project
from tests.bench.corpus import articles
from tests.importing import write_jsonl


def stored(project):
    return sorted(
        (document.uid, span.annotator, span.start, span.end, span.label, json.dumps(span.attrs))
        for document in project.documents()
        for span in project.spans(document.id)
    )


@pytest.mark.slow
def test_worker_processes_give_the_same_project(tmp_path, monkeypatch):
    records = [json.dumps(record) for record in articles(300, words=80)]
    records[120] = '{"text": "broken'
    path = write_jsonl(tmp_path / "big.jsonl", records)
    reports, contents = [], []
    for workers in (1, 2):
        monkeypatch.setattr(importers, "WORKERS", workers)
        monkeypatch.setattr(importers, "PARALLEL_FROM", 1)
        with Project.create(tmp_path / f"w{workers}.db") as project:
            reports.append(import_files(project, [path], skip_invalid=True))
            contents.append(stored(project))
    assert reports[0].model_dump() == reports[1].model_dump()
    assert reports[0].documents_new == 299 and reports[0].rejected == 1
    assert contents[0] == contents[1] and len(contents[0]) == reports[0].spans
