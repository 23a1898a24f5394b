"""Regenerate resources/screenshots/suggestions.png: an article with its suggestions outlined
(patterns and casualty figures, as `annotator suggest --patterns --casualties` stores them),
one current and two already accepted.

Run under Xvfb (xvfb-run -a python tests/gui/make_suggestions_screenshot.py) or offscreen
(QT_QPA_PLATFORM=offscreen python tests/gui/make_suggestions_screenshot.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from annotator.gui.app import application, open_window  # noqa: E402
from annotator.store import Project  # noqa: E402
from annotator.suggest.run import suggest_project  # noqa: E402
from tests.gui.make_screenshots import OUT, sample_project  # noqa: E402


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    path = sample_project("suggestions.db")
    with Project.open(path) as project:
        suggest_project(project, patterns=True, casualties=True)
    app = application()
    window = open_window(path, "amira")
    window.resize(1400, 860)
    window.show()
    window.session.open_document(1)
    app.processEvents()
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Return, Qt.Key.Key_Tab):
        QTest.keyClick(window.article, key)  # accept two, step to the next
    app.processEvents()
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "suggestions.png"))
    window.close()
    print(f"wrote {OUT / 'suggestions.png'}")


if __name__ == "__main__":
    main()
