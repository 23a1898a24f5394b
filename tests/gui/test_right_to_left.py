"""Arabic paragraphs read right to left: layout, arrow keys, clicks, highlights on mixed lines."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from annotator.model import Span
from annotator.store import Project
from tests.conftest import add_text
from tests.gui.conftest import open_window, rows

# An original short article (fiction, like every sample): Arabic, English, Arabic again.
ARABIC = (
    "قصفت قوات الجبهة الشمالية بلدة أوسترل فجر الاثنين.\n\n"
    "Rebels shelled Ostrel at dawn on Monday.\n\n"
    "وقالت منظمة Human Rights Watch إن 12 مدنيا قتلوا في الهجوم."
)
FIRST, SECOND = "قصفت", "قوات"
MIXED = "12 مدنيا"  # digits run left to right inside the right-to-left sentence
# From the end of the English name (a left-to-right run) on into Arabic: shown as two pieces
# apart, the rest of the name between them.
SPLIT = "Watch إن"


@pytest.fixture
def arabic_window(qtbot, project_path):
    with Project.open(project_path) as project:
        document = add_text(project, ARABIC, "غارة على أوسترل")
        for text, label in ((MIXED, "CASUALTY"), (SPLIT, "WEAPON")):
            start = ARABIC.index(text)
            project.add_span(
                Span(
                    document=document,
                    annotator="amira",
                    start=start,
                    end=start + len(text),
                    label=label,
                )
            )
    return open_window(qtbot, project_path)


def colour_at(view, point: QPoint) -> str:
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(point.x() * ratio), int(point.y() * ratio)).name()


def test_arabic_paragraphs_are_laid_out_from_the_right_and_english_from_the_left(
    arabic_window,
):
    view = arabic_window.article
    width = view.viewport().width()
    first, english = view.char_rect(0), view.char_rect(ARABIC.index("Rebels"))
    assert first.right() > width * 0.8  # the first Arabic letter stands at the right
    assert english.left() < width * 0.2
    # Reading order: the second Arabic word stands left of the first.
    assert view.char_rect(ARABIC.index(SECOND)).right() < first.left()


def test_arrow_keys_move_in_reading_order_and_a_hotkey_labels_the_arabic_word(
    qtbot, arabic_window, project_path
):
    view = arabic_window.article
    qtbot.keyClick(view, Qt.Key.Key_Left)  # forward in a right-to-left paragraph
    assert arabic_window.session.selection == (0, len(FIRST))
    qtbot.keyClick(view, Qt.Key.Key_Left)
    second = ARABIC.index(SECOND)
    assert arabic_window.session.selection == (second, second + len(SECOND))
    qtbot.keyClick(view, Qt.Key.Key_Right)  # back
    assert arabic_window.session.selection == (0, len(FIRST))
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert ("LOCATION", FIRST, {}) in rows(project_path)


def test_a_double_click_on_an_arabic_word_selects_that_word(qtbot, arabic_window):
    view = arabic_window.article
    second = ARABIC.index(SECOND)
    centre = view.char_rect(second + 1).center().toPoint()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert arabic_window.session.selection == (second, second + len(SECOND))


def test_a_span_over_digits_and_arabic_is_highlighted_in_both_pieces_only(arabic_window):
    view = arabic_window.article
    fill = QColor(
        next(
            label.colour
            for label in arabic_window.project.schema.labels
            if label.name == "CASUALTY"
        )
    )
    fill = fill.lighter(112).name()
    start = ARABIC.index(MIXED)
    digits, word = view.char_rect(start), view.char_rect(start + 4)
    # The digits are laid out left to right, so they stand right of the word that follows.
    assert digits.left() > word.right()
    for rect in (digits, word):
        assert colour_at(view, QPoint(int(rect.center().x()), int(rect.top()) + 2)) == fill
    after = view.char_rect(start + len(MIXED) + 2)  # "قتلوا", outside, left of the word
    assert colour_at(view, QPoint(int(after.center().x()), int(after.top()) + 2)) != fill


def test_a_span_from_an_english_name_into_arabic_leaves_the_rest_of_the_name_unpainted(
    arabic_window,
):
    view = arabic_window.article
    schema = arabic_window.project.schema
    fill = next(label.colour for label in schema.labels if label.name == "WEAPON")
    fill = QColor(fill).lighter(112).name()
    start = ARABIC.index(SPLIT)
    watch, arabic = view.char_rect(start + 2), view.char_rect(start + len(SPLIT) - 1)
    rights = view.char_rect(ARABIC.index("Rights") + 2)
    assert arabic.right() < rights.left() < rights.right() < watch.left()
    for rect, painted in ((watch, True), (arabic, True), (rights, False)):
        point = QPoint(int(rect.center().x()), int(rect.top()) + 2)
        assert (colour_at(view, point) == fill) is painted
