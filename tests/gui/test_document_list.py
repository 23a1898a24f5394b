"""The document list reads pages lazily: far rows show the right article without reading all."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QApplication

from annotator.gui import document_list
from annotator.gui.document_list import PAGE
from annotator.model import Document, Status
from annotator.store import Project
from annotator.store.listing import document_page
from annotator.tokens import Tokens, document_uid
from tests.conftest import add_text
from tests.gui.conftest import open_window


def test_far_rows_are_read_a_page_at_a_time(qtbot, project_path, project, monkeypatch):
    template = "Patrol {:04d} came under fire near Teskin."
    tokens = Tokens.from_text(template.format(0))
    with project.transaction():
        for number in range(3 * PAGE + 10):
            text = template.format(number)
            document = Document(uid=document_uid(text), title=f"Patrol {number:04d}", text=text)
            project.add_document(document, Tokens(tokens.starts, tokens.ends, text))
    project.set_status(3 * PAGE + 5, "amira", Status.done)
    reads: list[tuple[int, int]] = []

    def counted_page(*args, offset: int, limit: int):
        reads.append((offset, limit))
        return document_page(*args, offset=offset, limit=limit)

    monkeypatch.setattr(document_list, "document_page", counted_page)
    window = open_window(qtbot, project_path)
    model = window.documents.model
    assert model.rowCount() == 3 * PAGE + 10
    table = window.documents.table
    table.scrollToBottom()
    qtbot.waitUntil(lambda: model.index(3 * PAGE + 4, 0).data() is not None)
    assert model.index(3 * PAGE + 4, 0).data() == f"Patrol {3 * PAGE + 4:04d}"
    assert model.index(3 * PAGE + 4, 1).data() == "done"
    # Only the pages shown were read, a page at a time: the first, then the last.
    assert {limit for _, limit in reads} == {PAGE}
    assert {offset for offset, _ in reads} <= {0, 2 * PAGE, 3 * PAGE}
    window.documents.status.setCurrentText("done")
    assert model.rowCount() == 1
    rect = table.visualRect(model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.document.id == 3 * PAGE + 5


class PaintedRegions(QObject):
    """The regions of the paint events a widget receives."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.regions: list[QRegion] = []
        widget.installEventFilter(self)

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.regions.append(QRegion(event.region()))
        return False


def test_a_switch_repaints_the_rows_whose_highlight_changes_not_the_whole_list(qtbot, project_path):
    with Project.open(project_path) as project:
        for number in range(8):
            add_text(project, f"Patrol {number} came under fire near Teskin.", f"Patrol {number}")
    window = open_window(qtbot, project_path)
    table, model = window.documents.table, window.documents.model
    painted = PaintedRegions(table.viewport())
    before = model.row_of(window.session.document.id)
    qtbot.keyClick(window.article, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(painted.regions))
    QApplication.processEvents()
    region = QRegion()
    for part in painted.regions:
        region = region.united(part)
    after = model.row_of(window.session.document.id)
    assert after == before + 1
    for row in (before, after):  # the old highlight goes, the new one comes
        for column in range(model.columnCount()):
            assert region.contains(table.visualRect(model.index(row, column)))
    untouched = table.visualRect(model.index(after + 2, 0))
    assert not region.contains(untouched.center())
