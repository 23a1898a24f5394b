"""Starting the window: QApplication, settings (annotator name, recent projects), dialogs."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel

from annotator.errors import AnnotatorError
from annotator.gui.plain_text import show_error
from annotator.store import Project

RECENT_KEY = "recent_projects"
ANNOTATOR_KEY = "annotator"
RECENT_KEPT = 10


def settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "annotator", "annotator"
    )


def recent_projects() -> list[Path]:
    """Recently opened projects that still exist, newest first."""
    stored = settings().value(RECENT_KEY, []) or []
    paths = [Path(p) for p in ([stored] if isinstance(stored, str) else stored)]
    return [p for p in paths if p.exists()]


def remember_project(path: Path) -> None:
    paths = [path.resolve(), *(p for p in recent_projects() if p.resolve() != path.resolve())]
    settings().setValue(RECENT_KEY, [str(p) for p in paths[:RECENT_KEPT]])


def remembered_annotator() -> str | None:
    return settings().value(ANNOTATOR_KEY) or None


NAME_QUESTION = (
    "Your annotator name is written with every span you label and every article you mark done,"
    " so that your work can be told apart from your colleagues' and compared with theirs."
    " Use the same name every time; it is remembered on this computer."
)


def annotator_dialog(known: list[str], parent=None) -> QInputDialog:
    """The dialog that asks who is annotating: it says what the name is for and offers the
    project's annotators to pick from (or a new name to type)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("Who is annotating?")
    text = NAME_QUESTION
    if known:
        text += "\n\nThis project's annotators: " + ", ".join(known) + ". Pick yours or type"
        text += " a new name:"
    else:
        text += "\n\nNobody has annotated this project yet. Your name:"
    dialog.setLabelText(text)
    dialog.setComboBoxItems(known)
    dialog.setComboBoxEditable(True)
    dialog.setTextValue(remembered_annotator() or "")
    for label in dialog.findChildren(QLabel):
        label.setWordWrap(True)
    dialog.resize(520, dialog.sizeHint().height())
    return dialog


def ask_annotator(parent=None, known: list[str] | None = None) -> str | None:
    """Ask for the annotator's name (offering `known` names); it is remembered for next time."""
    dialog = annotator_dialog([name for name in known or [] if name != "gold"], parent)
    name = dialog.textValue().strip() if dialog.exec() else ""
    if not name:
        return None
    settings().setValue(ANNOTATOR_KEY, name)
    return name


def project_annotators(path: Path) -> list[str]:
    with Project.open(path) as project:
        return project.annotators()


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    return app


def open_window(path: Path | str, annotator: str):
    """Open a project in a new main window (the caller keeps it alive and shows it)."""
    path = Path(path)
    from annotator.gui.main_window import MainWindow

    project = Project.open(path)
    remember_project(path)
    return MainWindow(project, annotator)


def _known(path: Path) -> list[str]:
    try:
        return project_annotators(path)
    except AnnotatorError:
        return []


def run(path: Path | None = None, annotator: str | None = None) -> int:
    """Open the window on `path` (or ask for a project), as `annotator` (or ask once)."""
    from annotator.gui.open_dialog import OpenDialog

    app = application()
    if path is None:
        dialog = OpenDialog()
        if not dialog.exec():
            return 0
        path = dialog.chosen
    annotator = annotator or remembered_annotator() or ask_annotator(known=_known(path))
    if not annotator:
        return 0
    settings().setValue(ANNOTATOR_KEY, annotator)
    try:
        window = open_window(path, annotator)
    except AnnotatorError as error:
        show_error(None, "Cannot open the project", str(error))
        return 2
    window.show()
    return app.exec()
