"""Regenerate resources/screenshots/*.png: the window annotating, nested spans, attribute editing.

Run: QT_QPA_PLATFORM=offscreen python tests/gui/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings  # noqa: E402

from annotator.gui.app import application, open_window  # noqa: E402
from annotator.model import Status  # noqa: E402
from annotator.store import Project  # noqa: E402
from tests.conftest import add_text  # noqa: E402

OUT = REPO / "resources" / "screenshots"
SAMPLES = REPO / "resources" / "samples" / "articles"
# (text, occurrence, label, attributes) labelled in the first sample article.
SPANS = [
    (
        "At least 18 fighters of the Northern Liberation Front were killed",
        0,
        "CASUALTY",
        {"kind": "killed", "count_low": 18, "qualifier": "at_least"},
    ),
    ("Northern Liberation Front", 0, "ACTOR", {"actor_type": "rebel_group"}),
    ("Velorian army units", 0, "ACTOR", {"actor_type": "state_forces"}),
    ("Ostrel", 1, "LOCATION", {"precision": "town"}),
    ("Four soldiers also died", 0, "CASUALTY", {"kind": "killed", "count": 4}),
    ("soldiers", 0, "ACTOR", {"actor_type": "state_forces"}),
    ("Brannick", 0, "LOCATION", {"precision": "town"}),
    ("rifles", 0, "WEAPON", {"category": "small_arms"}),
    ("rocket-propelled grenades", 0, "WEAPON", {"category": "explosive"}),
    ("mortar shells", 0, "WEAPON", {"category": "artillery"}),
    (
        "Between 12 and 15 civilians were injured",
        0,
        "CASUALTY",
        {"kind": "injured", "count_low": 12, "count_high": 15, "qualifier": "range"},
    ),
    ("civilians", 0, "ACTOR", {"actor_type": "civilians"}),
]


def articles() -> list[tuple[str, str]]:
    found = []
    for path in sorted(SAMPLES.glob("*.txt"))[:12]:
        title, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        found.append((title.strip(), body.strip()))
    return found


def offset(text: str, needle: str, occurrence: int) -> int:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(needle, at + 1)
    return at


def sample_project(name: str) -> Path:
    """A new project of the sample articles in a temporary folder, where the window keeps its
    settings too (so a screenshot never shows this machine's recent projects)."""
    work = Path(tempfile.mkdtemp())
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    path = work / name
    with Project.create(path) as project:
        for title, body in articles():
            add_text(project, body, title)
    return path


def main() -> None:
    path = sample_project("samples.db")
    with Project.open(path) as project:
        for document_id in (2, 3, 4):
            project.set_status(document_id, "amira", Status.done)
        project.set_status(5, "amira", Status.skipped)
    app = application()
    window = open_window(path, "amira")
    window.resize(1400, 860)
    window.show()
    session = window.session
    session.open_document(1)
    text = session.document.text
    for needle, occurrence, label, attrs in SPANS:
        start = offset(text, needle, occurrence)
        session.add_span(start, start + len(needle), label, attrs)
    OUT.mkdir(parents=True, exist_ok=True)
    session.select_range(*_range(text, "regional military command", 0))
    app.processEvents()
    window.grab().save(str(OUT / "annotating.png"))
    session.click_at(offset(text, "Northern", 0))
    session.click_at(offset(text, "Northern", 0))
    window.article.zoom(3)
    app.processEvents()
    window.article.viewport().grab().copy(0, 0, 900, 330).save(str(OUT / "nested-spans.png"))
    window.article.zoom(0)
    casualty = session.spans_at(offset(text, "Between", 0))[0]
    session.select_span(casualty.id)
    app.processEvents()
    window.grab().save(str(OUT / "attributes.png"))
    window.close()
    print(f"wrote {', '.join(p.name for p in sorted(OUT.glob('*.png')))} to {OUT}")


def _range(text: str, needle: str, occurrence: int) -> tuple[int, int]:
    start = offset(text, needle, occurrence)
    return start, start + len(needle)


if __name__ == "__main__":
    main()
