"""Regenerate resources/screenshots/review.png: the review window over the sample annotators.

Run: python tests/gui/make_review_screenshot.py [SAMPLES_DIR]
The samples' Prodigy-shaped JSONL (one file per annotator) is loaded by hand here, each article
marked done by each annotator who accepted it (skipped if ignored); then the project is
adjudicated with --min-agree 2, as a reviewer would, and one version is accepted in the window.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from annotator.model import Document, Span, Status  # noqa: E402
from annotator.review import adjudicate  # noqa: E402
from annotator.spans import SpanError  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.tokens import Tokens, document_uid  # noqa: E402

DEFAULT_SAMPLES = Path("/work/main/resources/samples")
OUTPUT = REPO / "resources" / "screenshots" / "review.png"


def load_annotator_samples(project: Project, folder: Path) -> int:
    """Add every annotator file's documents, spans and done statuses; returns spans added."""
    added = 0
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text, meta = record["text"], record.get("meta", {})
            document = Document(uid=document_uid(text), title=meta.get("title", "?"), text=text)
            document_id, _ = project.add_document(document, Tokens.from_text(text))
            annotator = record.get("_annotator_id") or path.stem
            for span in record.get("spans", []):
                try:
                    project.add_span(
                        Span(
                            document=document_id,
                            annotator=annotator,
                            start=span["start"],
                            end=span["end"],
                            label=span["label"],
                            attrs=span.get("attrs", {}),
                        )
                    )
                    added += 1
                except SpanError:
                    pass
            finished = record.get("answer", "accept") == "accept"
            project.set_status(document_id, annotator, Status.done if finished else Status.skipped)
    return added


def main(samples: Path = DEFAULT_SAMPLES) -> Path:
    from PySide6.QtWidgets import QApplication

    from annotator.gui.review_window import ReviewWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "review.db"
        with Project.create(path) as project:
            load_annotator_samples(project, samples / "annotators")
            adjudicate(project, min_agree=2)
        window = ReviewWindow(path, "rita")
        window.resize(1500, 860)
        window.show()
        app.processEvents()
        window.accept_version(window.review.annotators[0])
        app.processEvents()
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUTPUT))
        window.close()
    return OUTPUT


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SAMPLES))
