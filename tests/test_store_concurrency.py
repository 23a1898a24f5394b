"""Two annotators writing to one project from two real processes lose nothing."""

import subprocess
import sys

import pytest

from annotator.store import Project
from tests.conftest import REPO, add_text

WRITER = """
import sys
from annotator.model import Span, Status
from annotator.store import Project
path, annotator, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Project.open(path) as project:
    documents = [d.id for d in project.documents()]
    for i in range(count):
        document = documents[i % len(documents)]
        start = (i // len(documents)) * 2
        project.add_span(Span(document=document, annotator=annotator, start=start,
                              end=start + 1, label="ACTOR"))
        project.set_status(document, annotator, Status.done)
"""


@pytest.mark.slow
def test_two_processes_write_at_once_without_losses(project_path):
    with Project.open(project_path) as project:
        for n in range(5):
            add_text(project, " ".join(["a"] * 200) + f" document {n}")
    count = 300
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(project_path), name, str(count)],
            cwd=REPO,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("amira", "ben")
    ]
    errors = [w.communicate(timeout=120)[1] for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    assert not any("locked" in e for e in errors)
    with Project.open(project_path) as project:
        stats = project.stats()
    assert stats["annotators"]["amira"] == {"done": 5, "skipped": 0, "spans": count}
    assert stats["annotators"]["ben"] == {"done": 5, "skipped": 0, "spans": count}
