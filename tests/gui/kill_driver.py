"""Run by test_kill.py: opens the real window offscreen, labels the first word with key events,
and prints SAVED the moment the status bar shows the label as saved. Then it waits to be killed."""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from annotator.gui.app import application, open_window  # noqa: E402


def main(path: Path) -> None:
    app = application()
    window = open_window(path, "amira")
    window.show()
    window.activateWindow()

    def on_message(text: str) -> None:
        if text.startswith("✔ Saved"):
            print("SAVED", text, flush=True)

    def drive() -> None:
        window.article.setFocus()
        QTest.keyClick(window.article, Qt.Key.Key_Right)
        QTest.keyClick(window.article, Qt.Key.Key_1)

    window.statusBar().messageChanged.connect(on_message)
    QTimer.singleShot(50, drive)
    app.exec()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
