"""Regenerate resources/screenshots/first-run.png, search.png and name-dialog.png: what a
newcomer sees on `make run` (the sample as amira, F2's guidelines open), a search with its
matches marked, and the name dialog.

Run: xvfb-run -a python tests/gui/make_first_hour_screenshots.py  (or QT_QPA_PLATFORM=offscreen)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QInputDialog  # noqa: E402

from annotator.gui.app import application, ask_annotator, open_window  # noqa: E402
from annotator.samples import build_sample  # noqa: E402

OUT = REPO / "resources" / "screenshots"


def settle(app, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> None:
    work = Path(tempfile.mkdtemp())
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    path = work / "sample.db"
    build_sample(target=path)
    app = application()
    window = open_window(path, "amira")
    window.resize(1500, 880)
    window.show()
    window.guidelines()
    window.resizeDocks([window.guidelines_panel], [330], Qt.Orientation.Horizontal)
    settle(app)
    window.grab().save(str(OUT / "first-run.png"))
    window.guidelines()
    window.documents.search.setText("grain depot")
    window.documents._apply_filter()
    window.documents._enter_results(open_it=True)
    settle(app)
    window.grab().save(str(OUT / "search.png"))

    def shoot_dialog() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog))
        settle(app)
        dialog.grab().save(str(OUT / "name-dialog.png"))
        dialog.reject()

    QTimer.singleShot(300, shoot_dialog)
    ask_annotator(window, window.project.annotators())
    window.close()
    print(f"wrote first-run.png, search.png, name-dialog.png to {OUT}")


if __name__ == "__main__":
    main()
