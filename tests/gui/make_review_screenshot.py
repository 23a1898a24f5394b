"""Regenerate the review window's screenshots over the sample annotators:

- review.png: the window, one version accepted;
- review-versions.png: A on an "attributes differ" item: the version chooser, each version's
  label, exact text and attributes side by side;
- review-compare.png: the Compare menu, one annotator unticked (left out of the comparison);
- review-pending.png: Ctrl+Enter with items still pending: the question it asks.

Run: xvfb-run -a -s "-screen 0 1920x1080x24" python tests/gui/make_review_screenshot.py
[SAMPLES_DIR] (a screen larger than the window, so pop-ups show where they belong; with no
display it runs offscreen, where pop-ups are moved onto a small virtual screen).
The samples' annotator files are imported as `annotator import` would; then the project is
adjudicated with --min-agree 2, as a reviewer would. Pop-ups (menus, the question) are
windows of their own: each is drawn onto the window's image where it shows.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from annotator.importers import import_files  # noqa: E402
from annotator.review import adjudicate  # noqa: E402
from annotator.store import Project  # noqa: E402

DEFAULT_SAMPLES = REPO / "resources" / "samples"
OUTPUT = REPO / "resources" / "screenshots" / "review.png"
VERSIONS = OUTPUT.with_name("review-versions.png")
COMPARE = OUTPUT.with_name("review-compare.png")
PENDING = OUTPUT.with_name("review-pending.png")


def shot_with(window, *popups):
    """The window's image with `popups` (menus, dialogs) drawn where they show on screen; the
    image grows to hold a pop-up that reaches past the window's edge."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QColor, QPainter, QPixmap

    shown = window.grab()
    places = [
        (popup.grab(), window.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0)))) for popup in popups
    ]
    area = QRect(QPoint(0, 0), shown.size())
    for image, where in places:
        area = area.united(QRect(where, image.size()))
    canvas = QPixmap(area.size())
    canvas.fill(QColor("#d0d0d0"))
    painter = QPainter(canvas)
    painter.drawPixmap(-area.topLeft(), shown)
    for image, where in places:
        painter.drawPixmap(where - area.topLeft(), image)
    painter.end()
    return canvas


def open_pending_attributes_item(window, app) -> int:
    """Open the best-ranked document with a pending "attributes differ" item (or, if none is
    pending, the first document's first such item); returns the item's row."""
    from annotator.review import ItemKind, ItemState

    def found(pending_only: bool) -> int | None:
        review = window.review
        for row, item in enumerate(review.items):
            pending = review.states[row] is ItemState.pending
            if item.kind is ItemKind.attrs_differ and (pending or not pending_only):
                return row
        return None

    first = window.review.document.id
    for summary in window.documents.rank_model.summaries:
        window.documents.select_document(summary.document)
        app.processEvents()
        row = found(pending_only=True)
        if row is not None:
            return row
    window.documents.select_document(first)
    app.processEvents()
    return found(pending_only=False)


def save_versions(window, app) -> None:
    """A on a pending "attributes differ" item."""

    window.select_item(open_pending_attributes_item(window, app))
    app.processEvents()
    window.choose_version()  # what A does
    app.processEvents()
    shot_with(window, window.version_menu).save(str(VERSIONS))
    window.version_menu.close()


def save_compare(window, app) -> None:
    """The Compare menu open, the last annotator unticked."""
    menu = window.compare_menu
    window.menuBar().setActiveAction(menu.menuAction())
    app.processEvents()
    last = [action for action in menu.actions() if action.isCheckable()][-1]
    last.trigger()  # leaves them out; the menu is shown again with them unticked
    app.processEvents()
    window.menuBar().setActiveAction(menu.menuAction())
    app.processEvents()
    shot_with(window, menu).save(str(COMPARE))
    menu.close()
    last.trigger()
    app.processEvents()


def save_pending(window, app) -> None:
    """Ctrl+Enter on a document with pending items: the question, answered No."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    def grab_and_answer() -> None:
        question = window.pending_question
        if question is None or not question.isVisible():
            QTimer.singleShot(50, grab_and_answer)
            return
        app.processEvents()
        shot_with(window, question).save(str(PENDING))
        question.reject()

    QTimer.singleShot(0, grab_and_answer)
    QTest.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def main(samples: Path = DEFAULT_SAMPLES) -> Path:
    from PySide6.QtTest import QTest
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
        window.activateWindow()
        QTest.qWaitForWindowActive(window)  # the keys below go to the active window
        app.processEvents()
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        window.accept_version(window.review.annotators[0])
        app.processEvents()
        window.grab().save(str(OUTPUT))
        save_pending(window, app)
        save_compare(window, app)
        save_versions(window, app)
        window.close()
    return OUTPUT


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SAMPLES))
