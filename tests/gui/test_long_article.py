"""Long articles: one paragraph of 30,000 words with thousands of nested spans, painted exactly."""

import random

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor

from annotator import span_index
from annotator.gui.article_layout import shown_text
from annotator.gui.span_fills import pieces_on_lines, visible_runs
from annotator.model import Span
from annotator.span_index import order_key
from annotator.store import Project
from annotator.tokens import Tokens
from tests.conftest import add_text
from tests.gui.conftest import open_window, rows

SENTENCE = "Militia fighters fired mortars at the army post near Brannick on Tuesday. "
LABELS = ("ACTOR", "LOCATION", "WEAPON", "CASUALTY")


@pytest.fixture
def long_path(project_path):
    """One article: 30,000 words in one paragraph, 6,000 spans of one to three words."""
    text = (SENTENCE * (30_000 // len(SENTENCE.split()))).strip()
    with Project.open(project_path) as project:
        document_id = add_text(project, text, "Long")
        tokens = Tokens.from_text(text)
        words = tokens.word_index
        spans = []
        for number in range(6_000):
            first = number * 5
            last = min(first + number % 3, len(words) - 1)
            span = Span(
                document=document_id,
                annotator="amira",
                start=int(tokens.starts[words[first]]),
                end=int(tokens.ends[words[last]]),
                label=LABELS[number % 4],
            )
            spans.append(project.prepare_span(span)[0])
        project.insert_checked_spans(spans)
    return project_path


def test_a_label_in_a_long_paragraph_builds_no_record_per_span(qtbot, long_path, monkeypatch):
    made: set[int] = set()

    class CountedSpan(Span):
        """A span record, noted as it is made from the article's span arrays."""

        def __init__(self, **fields) -> None:
            super().__init__(**fields)
            made.add(fields["id"])

    monkeypatch.setattr(span_index, "Span", CountedSpan)
    window = open_window(qtbot, long_path)
    view = window.article
    text = window.session.document.text
    assert view.toPlainText().replace("\n", " ") == text  # shown in blocks, same offsets
    assert view.document().blockCount() > 50
    for _ in range(3 * 5 + 4):  # past the spans of the first sentences
        qtbot.keyClick(view, Qt.Key.Key_Right)
    start, end = window.session.selection
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert ("LOCATION", text[start:end], {}) in rows(long_path)
    assert window.spans.model.rowCount() == len(window.session.spans)
    view.viewport().repaint()
    # The whole article's spans are looked up by position: only those shown become records.
    assert 0 < len(made) < 300


def pixel(view, offset: int, dy: float = 0) -> str:
    """Colour of the viewport in the middle of the space at `offset`, `dy` below its centre."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(offset)
    left = view.cursorRect(cursor)
    cursor.setPosition(offset + 1)
    right = view.cursorRect(cursor)
    image = view.viewport().grab().toImage()
    point = QPoint((left.x() + right.x()) // 2, int(left.center().y() + dy))
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(point.x() * ratio), int(point.y() * ratio)).name()


def test_nested_spans_paint_the_inner_colour_over_the_outer_and_underline_it(qtbot, filled_path):
    text = "Rebels of the Northern Front shelled Ostrel on Monday, killing 12 civilians."
    with Project.open(filled_path) as project:
        for start, end, label in ((0, 28, "ACTOR"), (14, 28, "LOCATION")):
            project.add_span(Span(document=1, annotator="amira", start=start, end=end, label=label))
    window = open_window(qtbot, filled_path)
    view, colours = window.article, window.project.schema
    fill = {label.name: QColor(label.colour).lighter(112).name() for label in colours.labels}
    under = {label.name: QColor(label.colour).darker(160).name() for label in colours.labels}
    assert text.startswith(window.session.document.text[:28])
    assert pixel(view, text.index(" of")) == fill["ACTOR"]
    assert pixel(view, text.index(" Front")) == fill["LOCATION"]
    line_height = view.cursorRect().height()
    assert pixel(view, text.index(" of"), line_height / 2 - 1.5) == under["ACTOR"]
    assert pixel(view, text.index(" shelled")) != fill["ACTOR"]


def test_visible_runs_show_the_innermost_span_as_painting_longest_first_would():
    spans = random_spans(4, count=80, length=200)
    starts = np.array([s.start for s in spans])
    ends = np.array([s.end for s in spans])
    painted = np.argsort(starts - ends, kind="stable")
    line_starts, line_ends = np.array([0, 60, 130]), np.array([59, 129, 200])
    [(numbers, lows, highs, owners)] = visible_runs(starts, ends, [painted], line_starts, line_ends)
    shown = {}
    for number, low, high, owner in zip(numbers, lows, highs, owners, strict=True):
        assert line_starts[number] <= low < high <= line_ends[number]
        for offset in range(low, high):
            shown[offset] = owner
    for offset in range(200):
        on_line = any(a <= offset < b for a, b in zip(line_starts, line_ends, strict=True))
        last = None
        for k in painted:  # painting in order: the last one painted there shows
            if starts[k] <= offset < ends[k]:
                last = k
        assert shown.get(offset) == (last if on_line else None)


def test_pieces_on_lines_are_each_range_cut_at_every_line_it_touches():
    spans = random_spans(5, count=80, length=200)
    starts = np.array([s.start for s in spans])
    ends = np.array([s.end for s in spans])
    line_starts, line_ends = np.array([0, 60, 130]), np.array([59, 129, 200])
    found = pieces_on_lines(starts, ends, line_starts, line_ends)
    expected = sorted(
        (k, number, max(start, low), min(end, high))
        for k, (start, end) in enumerate(zip(starts.tolist(), ends.tolist()))
        for number, (low, high) in enumerate(zip(line_starts.tolist(), line_ends.tolist()))
        if max(start, low) < min(end, high)
    )
    numbers, lows, highs, owners = (column.tolist() for column in found)
    assert sorted(zip(owners, numbers, lows, highs)) == expected
    assert len(expected) > len(spans)  # some ranges do cross lines


def test_shown_text_breaks_long_paragraphs_at_spaces_and_keeps_every_offset():
    sentence = "Rebels shelled the town at dawn, officials said. "
    text = (sentence * 400).strip() + "\n\nA short paragraph.\n\n" + "x" * 5000
    shown = shown_text(text, limit=1000)
    assert len(shown) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(text, shown, strict=True)) if a != b]
    assert changed and all(text[i] == " " and shown[i] == "\n" for i in changed)
    assert max(len(block) for block in shown.split("\n")[:-1]) <= 1000
    assert all(text[i - 1] == "." for i in changed)  # after a sentence end where there is one
    assert shown.endswith("x" * 5000)  # no space to break at: left whole


def random_spans(seed: int, count: int, length: int) -> list[Span]:
    rng = random.Random(seed)
    found = {}
    for number in range(count):
        start = rng.randrange(length - 1)
        end = min(start + rng.choice((1, 2, 5, 20, 120)), length)
        label = rng.choice(LABELS)
        found[(start, end, label)] = Span(
            id=number + 1, document=1, annotator="a", start=start, end=end, label=label
        )
    return sorted(found.values(), key=order_key)


def on_screen(window, view, offset: int, dy: float = 0) -> str:
    """Colour on screen (the window as last painted, not painted afresh) at the middle of
    character `offset`, `dy` below the centre of its line."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    rect = view.char_rect(offset)
    point = view.viewport().mapTo(window, QPoint(int(rect.center().x()), int(rect.center().y())))
    image = QApplication.primaryScreen().grabWindow(window.winId()).toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(point.x() * ratio), int((point.y() + dy) * ratio)).name()


def test_a_label_and_its_undo_repaint_what_they_change_on_screen(qtbot, filled_path):
    """Only the lines an edit changes are repainted: the screen must still show exactly the
    spans, the underline of the span that comes to hold another, and their removal."""
    text = "Rebels of the Northern Front shelled Ostrel on Monday, killing 12 civilians."
    with Project.open(filled_path) as project:
        project.add_span(Span(document=1, annotator="amira", start=0, end=28, label="ACTOR"))
    window = open_window(qtbot, filled_path)
    view, schema = window.article, window.project.schema
    fill = {label.name: QColor(label.colour).lighter(112).name() for label in schema.labels}
    under = {label.name: QColor(label.colour).darker(160).name() for label in schema.labels}
    bottom = view.cursorRect().height() / 2 - 1.5
    of = text.index(" of")
    assert on_screen(window, view, of) == fill["ACTOR"]
    assert on_screen(window, view, of, bottom) == fill["ACTOR"]  # holds nothing: no underline
    northern = text.index("Northern")
    qtbot.mouseDClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.char_rect(northern + 2).center().toPoint(),
    )
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert ("LOCATION", "Northern", {}) in rows(filled_path)
    assert on_screen(window, view, of, bottom) == under["ACTOR"]  # now holds LOCATION
    assert on_screen(window, view, text.index(" Front")) == fill["ACTOR"]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ("LOCATION", "Northern", {}) not in rows(filled_path)
    assert on_screen(window, view, of, bottom) == fill["ACTOR"]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert on_screen(window, view, text.index(" shelled")) == "#ffffff"
