"""MainWindow: document list, label bar, article, span panel; menus, shortcuts and status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCursor, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.article_view import ArticleView
from annotator.gui.document_list import DocumentList
from annotator.gui.failure_notice import STORE_ERRORS, FailureNotice, failure_text
from annotator.gui.label_bar import LabelBar
from annotator.gui.plain_text import show_error
from annotator.gui.relation_actions import RelationActions
from annotator.gui.relation_commands import (
    DeleteRelationCommand,
    DeleteSpanAndRelationsCommand,
)
from annotator.gui.relation_panel import RelationPanel
from annotator.gui.shortcuts import (
    SHORTCUTS,
    Shortcut,
    help_html,
    label_shortcuts,
    relation_shortcuts,
)
from annotator.gui.span_panel import SpanPanel
from annotator.gui.suggestion_commands import (
    AcceptAllCommand,
    AcceptSuggestionCommand,
    RejectSuggestionCommand,
)
from annotator.gui.undo import (
    AddSpanCommand,
    SessionCommand,
    SetStatusCommand,
    UpdateSpanCommand,
    push,
    redo,
    undo,
)
from annotator.model import Status
from annotator.relation_editing import RelationEditor
from annotator.session import AnnotationSession
from annotator.store import Project
from annotator.store.relations import RelationError

SEARCH_MATCH = QColor(255, 210, 0, 110)  # see-through: span colours show beneath
ARTICLE_ACTIONS = {"accept_suggestion"}
MENUS = ("File", "Edit", "Label", "Relation", "Go", "View", "Help")


def article_title() -> QLabel:
    """The open article's title above its text: large, wrapped, selectable with the mouse."""
    title = QLabel()
    title.setWordWrap(True)
    title.setTextFormat(Qt.TextFormat.PlainText)
    title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    title.setContentsMargins(6, 4, 6, 2)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    title.setFont(font)
    return title


class MainWindow(RelationActions, QMainWindow):
    """One project, one annotator. Every edit goes through the undo stack to the session."""

    def __init__(self, project: Project, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.session = AnnotationSession(project, annotator)
        self.undo_stack = QUndoStack(self)
        self.failures = FailureNotice(self)
        self.setWindowTitle(f"{project.path.name} — {annotator} — annotator")
        self.documents = DocumentList(self.session)
        self.labels = LabelBar(project.schema)
        self.article = ArticleView(self.session)
        self.spans = SpanPanel(self.session)
        self.relation_editor = RelationEditor(self.session)
        self.relations = RelationPanel(self.relation_editor)
        self.title = article_title()
        self.guidelines_panel = None
        self._lay_out()
        self.progress = QLabel()
        self._progress = self.session.progress()
        self.statusBar().addPermanentWidget(self.progress)
        self.actions_by_name: dict[str, QAction] = {}
        self._make_actions()
        self.article.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.article.customContextMenuRequested.connect(self.span_menu)
        for event in (self.relation_editor.events.draft, self.relation_editor.events.chosen):
            event.connect(lambda: self.article.set_outlined(self.relation_editor.outlined()))
        self.labels.label_chosen.connect(self.apply_label)
        self.documents.search_changed.connect(self._show_search_matches)
        self.documents.article_chosen.connect(self.article.setFocus)
        self.spans.form.attrs_edited.connect(self._attrs_edited)
        self.session.events.saved.connect(self._on_saved_change)
        self.session.events.status.connect(self._on_status_change)
        self.session.events.document.connect(self._on_document_change)
        self.resize(1280, 800)
        if self.session.open_first() is None:
            self.statusBar().showMessage("This project has no articles yet: File > Import…")
            self._on_status_change()
        self.article.setFocus()

    def _lay_out(self) -> None:
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.labels)
        column.addWidget(self.article, 1)
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.spans)
        side.addWidget(self.relations)
        side.setSizes([420, 380])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.documents, centre, side):
            splitter.addWidget(widget)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 680, 300])
        self.setCentralWidget(splitter)

    def _make_actions(self) -> None:
        menus = {name: self.menuBar().addMenu(f"&{name}") for name in MENUS}
        schema = self.project.schema
        for shortcut in (*SHORTCUTS, *label_shortcuts(schema), *relation_shortcuts(schema)):
            if shortcut.action is not None:
                menus[shortcut.menu].addAction(self._action(shortcut))

    def _action(self, shortcut: Shortcut) -> QAction:
        action = QAction(shortcut.text, self)
        action.setShortcuts([QKeySequence(key) for key in shortcut.keys])
        if shortcut.action in ARTICLE_ACTIONS:  # keys a form field needs too (Return)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.article.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if shortcut.action.startswith("label_"):
            name = shortcut.action.removeprefix("label_")
            action.triggered.connect(lambda _=False, name=name: self.apply_label(name))
        elif shortcut.action.startswith("relation_"):
            name = shortcut.action.removeprefix("relation_")
            action.triggered.connect(lambda _=False, name=name: self.apply_relation_type(name))
        else:
            action.triggered.connect(getattr(self, shortcut.action))
        self.actions_by_name[shortcut.action] = action
        return action

    # Edits

    def _push(self, command: SessionCommand) -> bool:
        """Make an edit; False (and a message) when it was refused or could not be saved."""
        text = command.text()
        return self._step(text[:1].upper() + text[1:], push, command)

    def _step(self, action: str, step, *args) -> bool:
        try:
            step(self.undo_stack, *args)
        except STORE_ERRORS as error:
            self.failures.show(action, error)
            return False
        return True

    def apply_label(self, label: str) -> None:
        """Label the selected words, or relabel the selected span."""
        session = self.session
        if session.selection is not None:
            self._push(AddSpanCommand(session, *session.selection, label))
        elif session.selected_span is not None:
            if session.span(session.selected_span).label != label:
                try:
                    self.relation_editor.check_relabel(session.selected_span, label)
                except RelationError as error:
                    self.statusBar().showMessage(f"✘ {error}")
                    return
                self._push(UpdateSpanCommand(session, session.selected_span, label=label))
        else:
            self.statusBar().showMessage("Select some words first (drag, double-click or arrows).")
            return
        self._fill_casualty()

    def _fill_casualty(self) -> None:
        """Fill a CASUALTY span's figure at once, as its own undo step."""
        span_id = self.session.selected_span
        filled = self.session.casualty_fill(span_id) if span_id is not None else None
        if filled is not None:
            command = UpdateSpanCommand(self.session, span_id, attrs=filled)
            command.setText("fill casualty figure")
            self._push(command)

    def _attrs_edited(self, span_id: int, attrs: dict) -> None:
        if not self._push(UpdateSpanCommand(self.session, span_id, attrs=attrs)):
            self.session.events.selection.emit()  # the form shows the stored values again

    def delete_span(self) -> None:
        """Delete the relation chosen in the list (when it has focus), else the selected span
        with its relations; with neither, reject the current suggestion."""
        chosen = self.relation_editor.chosen
        if chosen is not None and self.relations.list.hasFocus():
            self._push(DeleteRelationCommand(self.relation_editor, chosen))
        elif self.session.selected_span is not None:
            span_id = self.session.selected_span
            self._push(DeleteSpanAndRelationsCommand(self.relation_editor, span_id))
        elif self.session.suggested.current is not None:
            self._push(RejectSuggestionCommand(self.session, self.session.suggested.current))

    def accept_suggestion(self) -> None:
        current = self.session.suggested.current
        if current is None:
            self.statusBar().showMessage("No suggestion left on this article.")
        else:
            self._push(AcceptSuggestionCommand(self.session, current))

    def accept_all_suggestions(self) -> None:
        if not len(self.session.suggested):
            self.statusBar().showMessage("No suggestion left on this article.")
        else:
            self._push(AcceptAllCommand(self.session))

    def always_suggest(self, start: int, end: int, label: str, attrs: dict) -> None:
        """Add the text at [start, end) to the project's patterns as `label`."""
        try:
            text = self.session.add_pattern(start, end, label, attrs)
        except STORE_ERRORS as error:
            self.failures.show("Add pattern", error)
            return
        self.statusBar().showMessage(
            f"✔ “{text}” will be suggested as {label} (annotator suggest --patterns)"
        )

    def clear_selection(self) -> None:
        if self.relation_editor.draft is not None:
            self.relation_editor.cancel()
            self.statusBar().showMessage("Relation cancelled.")
            return
        self.session.clear_selection()

    def undo(self) -> None:
        self._step(f"Undo {self.undo_stack.undoText()}", undo)

    def redo(self) -> None:
        self._step(f"Redo {self.undo_stack.redoText()}", redo)

    def mark_done(self) -> None:
        self._settle(Status.done)

    def skip(self) -> None:
        self._settle(Status.skipped)

    def _settle(self, status: Status) -> None:
        if self.session.document is None:
            return
        if not self._push(SetStatusCommand(self.session, self.session.document.id, status)):
            return
        if self.session.go_next_todo() is None:
            self.statusBar().showMessage("All articles are done or skipped.")

    # Navigation and view

    def next_document(self) -> None:
        self.session.go(1)

    def previous_document(self) -> None:
        self.session.go(-1)

    def next_todo(self) -> None:
        if self.session.go_next_todo() is None:
            self.statusBar().showMessage("No other article is left to do.")

    def next_uncertain(self) -> None:
        if self.session.go_most_uncertain() is None:
            self.statusBar().showMessage("No other article is left to do.")

    def find(self) -> None:
        self.documents.search.setFocus()
        self.documents.search.selectAll()

    def toggle_uncertainty_sort(self) -> None:
        self.documents.toggle_order()

    def zoom_in(self) -> None:
        self.article.zoom(1)

    def zoom_out(self) -> None:
        self.article.zoom(-1)

    def zoom_reset(self) -> None:
        self.article.zoom(0)

    def help(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Shortcuts — annotator")
        box.setText(help_html(self.project.schema))
        box.open()
        self.help_box = box

    def review(self) -> None:
        """Open review mode on this project, with this window's annotator as the reviewer."""
        from annotator.gui.review_window import ReviewWindow

        try:
            self.review_window = ReviewWindow(self.project.path, self.session.annotator)
        except STORE_ERRORS as error:
            show_error(self, "Cannot open review mode", failure_text(error))
            return
        self.review_window.show()

    # Files

    def open(self) -> None:
        from annotator.gui.app import open_window
        from annotator.gui.open_dialog import OpenDialog

        dialog = OpenDialog(self)
        if dialog.exec() and dialog.chosen:
            self._replace_with(open_window, dialog.chosen, self.session.annotator)

    def guidelines(self) -> None:
        """F2: show the Guidelines panel (label descriptions, schema guidelines), or hide it."""
        from annotator.gui.guidelines_panel import GuidelinesPanel

        if self.guidelines_panel is None:
            self.guidelines_panel = GuidelinesPanel(self.project.schema, self)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.guidelines_panel)
            self.guidelines_panel.show()
        else:
            self.guidelines_panel.setVisible(not self.guidelines_panel.isVisible())

    def _show_search_matches(self, search: str) -> None:
        """Highlight where the open article matches the list's search (FTS5's own matches)."""
        marks = []
        for start, end in self.session.search_matches(search):
            mark = QTextEdit.ExtraSelection()
            mark.format.setBackground(SEARCH_MATCH)
            mark.format.setFontUnderline(True)
            mark.cursor = QTextCursor(self.article.document())
            mark.cursor.setPosition(start)
            mark.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            marks.append(mark)
        self.search_matches = marks
        self.article.setExtraSelections(marks)

    def switch_annotator(self) -> None:
        """Ask for another name (offering the project's annotators) and reopen the project
        as them in a new window, in place of this one."""
        from annotator.gui.app import ask_annotator, open_window

        name = ask_annotator(self, self.project.annotators())
        if name and name != self.session.annotator:
            self._replace_with(open_window, self.project.path, name)

    def _replace_with(self, open_window, path: Path, annotator: str) -> None:
        """Open `path` as `annotator` in a new window in place of this one; if it cannot be
        opened (no project, deleted, damaged), say why and keep this window as it is."""
        try:
            self.next_window = open_window(path, annotator)
        except STORE_ERRORS as error:
            show_error(self, "Cannot open the project", failure_text(error))
            return
        self.next_window.show()
        self.close()

    def import_files(self) -> None:
        from annotator.gui.import_dialog import import_file_dialog

        self.import_files_dialog = import_file_dialog(self)
        if self.import_files_dialog.exec():
            self.start_import([Path(name) for name in self.import_files_dialog.selectedFiles()])

    def start_import(self, paths: list[Path]) -> None:
        """Import files in a worker thread behind a progress dialog (the window stays live)."""
        from annotator.gui.import_dialog import ImportDialog

        if self._running_import() is not None:
            self.statusBar().showMessage("✘ An import is running; wait for it, or cancel it")
            return
        self.import_dialog = ImportDialog(self.project.path, paths, self)
        self.import_dialog.finished_import.connect(self._import_finished)
        self.import_dialog.start()

    def _running_import(self):
        """The import dialog whose import still runs, or None."""
        dialog = getattr(self, "import_dialog", None)
        return dialog if dialog is not None and dialog.running else None

    def _import_finished(self, message: str, ok: bool) -> None:
        self.statusBar().showMessage(("" if ok else "✘ ") + message)
        self.documents.model.set_filter(self.documents.model.filter)
        self._on_status_change()
        if self.session.document is None:
            self.session.open_first()

    def quit(self) -> None:
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if (running := self._running_import()) is not None:
            running.finished_import.disconnect(self._import_finished)  # nothing left to update
            running.stop()  # an import goes in whole or not at all: closing cancels it
        self.project.close()
        super().closeEvent(event)

    # Session events

    def _on_saved_change(self, message: str) -> None:
        self.statusBar().showMessage(f"✔ {message}")

    def _on_status_change(self) -> None:
        self._progress = self.session.progress()
        self._show_progress()

    def _show_progress(self) -> None:
        done, total = self._progress
        status = self.session.status.value if self.session.document else "-"
        self.progress.setText(f"this article: {status}    done {done} / {total}")

    def _on_document_change(self) -> None:
        self._show_progress()
        document = self.session.document
        if not self.documents.table.hasFocus():  # stepping through results keeps the keys there
            self.article.setFocus()
        self.title.setText(document.title if document else "")
        self._show_search_matches(self.documents.search.text())
        self.statusBar().clearMessage()  # the title stands above the text, not in here
