"""Regenerate resources/screenshots/review.png: the review window over the sample annotators.

Run: python tests/gui/make_review_screenshot.py [SAMPLES_DIR]
The samples' annotator files are imported as `annotator import` would; then the project is
adjudicated with --min-agree 2, as a reviewer would, and one version is accepted in the window.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from annotator.importers import import_files  # noqa: E402
from annotator.review import adjudicate  # noqa: E402
from annotator.store import Project  # noqa: E402

DEFAULT_SAMPLES = REPO / "resources" / "samples"
OUTPUT = REPO / "resources" / "screenshots" / "review.png"


def main(samples: Path = DEFAULT_SAMPLES) -> Path:
    from PySide6.QtWidgets import QApplication

    from annotator.gui.review_window import ReviewWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "review.db"
        with Project.create(path) as project:
            import_files(project, sorted((samples / "annotators").glob("*.jsonl")))
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
