"""ImportDialog: runs the importers in a worker thread behind a cancellable progress dialog."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QMessageBox,
    QProgressDialog,
    QTreeView,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.gui.plain_text import message_box
from annotator.store import Project

CANCELLED = "Import cancelled; nothing was added."
IMPORT_FILTER = "Articles (*.txt *.html *.htm *.jsonl *.csv);;All (*)"


def import_file_dialog(parent: QWidget | None = None) -> QFileDialog:
    """The dialog that picks files to import: a detailed list whose name column stretches and
    whose other columns fit their contents, so names and dates are read whole."""
    dialog = QFileDialog(parent, "Import articles", "", IMPORT_FILTER)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.resize(900, 520)
    for view in dialog.findChildren(QTreeView):
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return dialog


def in_window_words(message: str) -> str:
    """An importer's message, its command-line advice put as the window can follow it."""
    return message.replace(
        "; give --format",
        "; rename the file with one of those extensions, or import it with"
        " `annotator import --format FORMAT`",
    )


class ImportWorker(QObject):
    """Imports files into its own connection to the project (connections are per thread)."""

    progressed = Signal(int, int)
    succeeded = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, project_path: Path, paths: list[Path]) -> None:
        super().__init__()
        self.project_path, self.paths = project_path, paths
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            from annotator.importers import ImportCancelled, import_files
        except ImportError as error:
            self.failed.emit(f"the importers are not installed: {error}")
            return
        try:
            with Project.open(self.project_path) as project:
                report = import_files(project, self.paths, progress=self._progress)
        except ImportCancelled:
            self.cancelled.emit()
        except AnnotatorError as error:
            self.failed.emit(in_window_words(str(error)))
        except Exception as error:  # noqa: BLE001 - shown to the user rather than lost
            self.failed.emit(f"{type(error).__name__}: {error}")
        else:
            self.succeeded.emit(
                f"Imported {report.documents_new} new articles"
                f" ({report.documents_existing} already there), {report.spans} spans."
            )

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancel.is_set()


class ImportDialog(QProgressDialog):
    """Shows the import's progress; Cancel stops it and leaves the project as it was.

    Not modal: the annotator goes on labelling while it runs (the import writes in short
    steps that leave the lock free between them). `finished_import(message, ok)` is emitted
    once the worker is done.
    """

    finished_import = Signal(str, bool)

    def __init__(self, project_path: Path, paths: list[Path], parent: QWidget | None = None):
        super().__init__("Importing…", "Cancel", 0, 0, parent)
        self.setWindowTitle("Import — annotator")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.thread_ = QThread(self)
        self.worker = ImportWorker(project_path, paths)
        self.worker.moveToThread(self.thread_)
        self.thread_.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_progress)
        # Bound methods of this dialog, so they run in the window's thread (queued).
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.worker.cancelled.connect(self._cancelled)
        # Not worker.cancel itself: that slot would queue behind the running import.
        self.canceled.connect(self._cancel_clicked)

    def start(self) -> None:
        self.show()
        self.thread_.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.setMaximum(total)
        self.setValue(done)
        self.setLabelText(f"Importing… {done} / {total}")

    @property
    def running(self) -> bool:
        return self.thread_.isRunning()

    def stop(self) -> None:
        """Cancel the import and wait until it has undone its steps (the window is closing)."""
        self.worker.cancel()
        self.thread_.quit()
        self.thread_.wait()

    def _cancel_clicked(self) -> None:
        self.setLabelText("Cancelling…")
        self.worker.cancel()

    def _succeeded(self, text: str) -> None:
        self._done(text, True)

    def _failed(self, text: str) -> None:
        self._done(text, False)

    def _cancelled(self) -> None:
        self._done(CANCELLED, False)

    def _done(self, text: str, ok: bool) -> None:
        self.thread_.quit()
        self.thread_.wait()
        self.close()
        if not ok and text != CANCELLED:
            self.error_box = message_box(
                QMessageBox.Icon.Critical, "Import failed", text, self.parentWidget()
            )
            self.error_box.open()
        self.finished_import.emit(text, ok)
