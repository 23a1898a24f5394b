"""spaCy's own `debug data` on exported files and a generated config: no errors, no warnings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from annotator.exporters.spacy import export_spacy
from annotator.store import Project
from annotator.train import training_config
from tests.bench.corpus import articles
from tests.bench.project_builder import add_articles
from tests.labelled_project import add_labelled

# spaCy's `debug data` calls fewer than 100 training documents an error, and fewer than 50
# examples of a label, or no document without a label, a warning. Fewer than 2,000 documents
# is also a warning ("Low number of examples to train a new pipeline"): the one it may give.
GENERATED = 150
NEGATIVE = 10


@pytest.mark.slow
@pytest.mark.parametrize("component", ["ner", "spancat"])
def test_debug_data_reports_no_errors_or_warnings(tmp_path, component):
    path = tmp_path / "p.db"
    with Project.create(path) as project:
        add_articles(project, articles(GENERATED, seed=5, words=60))
        for i in range(NEGATIVE):
            add_labelled(project, f"Bulletin {i}: markets reopened and schools stayed open.", [])
        report = export_spacy(project, output=tmp_path / "out", dev_fraction=0.2, seed=1)
    config = training_config(
        component=component,
        train_path=tmp_path / "out" / "train.spacy",
        dev_path=tmp_path / "out" / "dev.spacy",
        max_steps=10,
    )
    config.to_disk(tmp_path / "config.cfg")
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "debug", "data", str(tmp_path / "config.cfg")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "ANSI_COLORS_DISABLED": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"{report['train']} training docs" in output
    assert "✘" not in output, output
    warnings = [line for line in output.splitlines() if line.startswith("⚠")]
    size_warning = f"⚠ Low number of examples to train a new pipeline ({report['train']})"
    assert warnings in ([size_warning, "⚠ 1 warning"], []), output
    assert "checks passed" in output
