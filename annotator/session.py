"""AnnotationSession: one annotator's open article, its spans and selection, and every edit.

The window's widgets draw from a session and call its methods; they keep no state of their own.
Each edit is committed to the project before the session changes and emits its events, so
whatever a widget shows as saved is already on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.model import Document, Span, Status
from annotator.span_index import SpanIndex
from annotator.spans import SpanError
from annotator.store import Project, listing
from annotator.store.suggestions import add_patterns, most_uncertain_todo
from annotator.suggest.fill import filled_attrs
from annotator.suggest.queue import SuggestionQueue
from annotator.tokens import Tokens


class Event:
    """A list of callbacks called, in order, with the event's arguments."""

    def __init__(self) -> None:
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        self._callbacks.remove(callback)

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            callback(*args)


class SessionEvents:
    """document: another article opened; spans: its spans changed; selection: the selected
    range or span changed; status: an article's status was set; suggestions: the article's
    suggestions or the current one changed; saved(message): an edit was committed (emitted
    first, before the events that redraw it)."""

    def __init__(self) -> None:
        self.document = Event()
        self.spans = Event()
        self.selection = Event()
        self.status = Event()
        self.suggestions = Event()
        self.saved = Event()


class AnnotationSession:
    """What one annotator has open in the window, and the edits they make to it."""

    def __init__(self, project: Project, annotator: str) -> None:
        self.project = project
        self.annotator = annotator
        self.events = SessionEvents()
        self.document: Document | None = None
        self.tokens: Tokens | None = None
        self.spans = SpanIndex(0, annotator)
        self.status = Status.todo
        self.selection: tuple[int, int] | None = None
        self.selected_span: int | None = None
        self._anchor = self._head = -1
        self.language = project.language
        self.suggested = SuggestionQueue(self)

    # Opening articles

    def open_document(self, document_id: int) -> None:
        self.document = self.project.document(document_id)
        self.tokens = self.project.tokens(document_id)
        positions = self.project.span_positions(document_id, self.annotator)
        self.spans = SpanIndex(document_id, self.annotator, positions, self.project.span_attrs)
        self.status = self.project.status(document_id, self.annotator)
        self.selection, self.selected_span = None, None
        self._anchor = self._head = -1
        for event in (self.events.document, self.events.spans, self.events.selection):
            event.emit()
        self.suggested.reload()

    def open_first(self) -> int | None:
        """Open the first article still to do (or the first article); None for an empty project."""
        target = listing.next_todo(self.project, self.annotator)
        target = target if target is not None else listing.first_document(self.project)
        if target is not None:
            self.open_document(target)
        return target

    def go(self, step: int) -> int | None:
        """Open the next (1) or previous (-1) article; None at either end."""
        if self.document is None:
            return self.open_first()
        target = listing.neighbour(self.project, self.document.id, step)
        if target is not None:
            self.open_document(target)
        return target

    def go_next_todo(self) -> int | None:
        """Open the next article still to do after this one; None when none is left."""
        current = self.document.id if self.document else None
        target = listing.next_todo(self.project, self.annotator, current)
        if target is not None and target != current:
            self.open_document(target)
            return target
        return None

    def go_most_uncertain(self) -> int | None:
        """Open the article still to do that the last model suggesting was least sure of
        (`annotator suggest --model`); without scores, the next to do in order."""
        current = self.document.id if self.document else None
        target = most_uncertain_todo(self.project, self.annotator, current)
        if target is not None:
            self.open_document(target)
        return target

    def search_matches(self, search: str) -> list[tuple[int, int]]:
        """Where the open article's text matches a search of the article list."""
        if self.document is None:
            return []
        return listing.match_ranges(self.project, self.document.id, search)

    def progress(self) -> tuple[int, int]:
        return listing.progress(self.project, self.annotator)

    def _ensure_open(self, document_id: int) -> None:
        if self.document is None or self.document.id != document_id:
            self.open_document(document_id)

    # Selection

    def select_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Select the tokens [start, end) touches (snapped); None when it touches none."""
        if self.tokens is None:
            return None
        low, high = min(start, end), max(start, end)
        snapped = self.tokens.snap(low, high if high > low else low + 1)
        if snapped is None:
            return None
        first = self.tokens.word_token_at(snapped[0]) or 0
        last = self.tokens.word_token_at(snapped[1] - 1) or 0
        self._anchor, self._head = (last, first) if start > end else (first, last)
        self._set_selection(snapped, None)
        return snapped

    def clear_selection(self) -> None:
        self._set_selection(None, None)

    def move_cursor(self, step: int, extend: bool = False) -> None:
        """Move the selection by `step` words; with `extend`, grow or shrink it instead."""
        if self.tokens is None or not len(self.tokens.word_index):
            return
        count = len(self.tokens.word_index)
        if self._head < 0:
            head = 0 if step > 0 else count - 1
        else:
            head = min(max(self._head + step, 0), count - 1)
        anchor = self._anchor if extend and self._anchor >= 0 else head
        self._anchor, self._head = anchor, head
        words = self.tokens.word_index
        first, last = words[min(anchor, head)], words[max(anchor, head)]
        self._set_selection((int(self.tokens.starts[first]), int(self.tokens.ends[last])), None)

    def spans_at(self, offset: int) -> list[Span]:
        """The spans covering character `offset`, shortest first."""
        return self.spans.covering(offset)

    def click_at(self, offset: int) -> Span | None:
        """Select the span under `offset`; clicking again selects the next one around it.

        On plain text nothing is selected and the keyboard caret moves to the word clicked
        (or the one after the space clicked): Right and Left then go on from there."""
        covering = self.spans_at(offset)
        if not covering:
            if self.tokens is not None and len(self.tokens.word_index):
                word = self.tokens.word_token_at(offset)
                self._anchor = self._head = (
                    len(self.tokens.word_index) - 1 if word is None else word
                )
            self.clear_selection()
            self.suggested.choose_at(offset)
            return None
        ids = [s.id for s in covering]
        if self.selected_span in ids:
            chosen = covering[(ids.index(self.selected_span) + 1) % len(covering)]
        else:
            chosen = covering[0]
        self.select_span(chosen.id)
        return chosen

    def select_span(self, span_id: int | None) -> None:
        span = self.span(span_id) if span_id is not None else None
        if span is not None and self.tokens is not None:
            self._anchor = self.tokens.word_token_at(span.start) or 0
            self._head = self.tokens.word_token_at(span.end - 1) or 0
        self._set_selection(None, span.id if span else None)

    def step_span(self, step: int) -> Span | None:
        """Select the next (1) or previous (-1) span, wrapping round."""
        if not self.spans:
            return None
        index = self.selected_index()
        where = self.selection[0] if self.selection else -1
        if index is not None:
            row = (index + step) % len(self.spans)
        elif step > 0:
            row = self.spans.first_after(where)
            row = 0 if row is None else row
        else:
            row = self.spans.last_before(where)
            row = len(self.spans) - 1 if row is None else row
        chosen = self.spans[row]
        self.select_span(chosen.id)
        return chosen

    def span(self, span_id: int) -> Span | None:
        return self.spans.get(span_id)

    def selected_index(self) -> int | None:
        return self.spans.position(self.selected_span)

    def _set_selection(self, selection: tuple[int, int] | None, span_id: int | None) -> None:
        self.selection, self.selected_span = selection, span_id
        self.events.selection.emit()

    # Edits: each commits first, then updates what the widgets show

    def add_span(
        self, start: int, end: int, label: str, attrs: dict[str, Any] | None = None
    ) -> Span:
        """Store a new span of this annotator on the open article and select it."""
        stored = self.project.add_span(self._new_span(start, end, label, attrs or {}))
        return self._after_insert(stored, "Saved")

    def _new_span(self, start: int, end: int, label: str, attrs: dict[str, Any]) -> Span:
        """A span of this annotator on the open article, not stored yet."""
        assert self.document is not None, "no article is open"
        return Span(
            document=self.document.id,
            annotator=self.annotator,
            start=start,
            end=end,
            label=label,
            attrs=attrs,
        )

    def restore_span(self, span: Span) -> Span:
        """Put back a removed span of this annotator (undo of a delete, redo of an add)."""
        self._check_own(span)
        self._ensure_open(span.document)
        return self._after_insert(self.project.restore_span(span), "Restored")

    def delete_span(self, span: Span | int) -> Span:
        """Delete one of this annotator's spans: a record (found by its identity, as undo
        does) or a span id (as the window passes). Returns it as it was."""
        target = self._own(span)
        self._ensure_open(target.document)
        before = self.project.delete_span(target)
        self.events.saved.emit(f"Deleted {before.label} “{self._text_of(before)}”")
        self.spans.remove(before.id)
        self.events.spans.emit()
        if self.selected_span == before.id:
            self._set_selection(None, None)
        self.suggested.reload(self.suggested.index)
        return before

    def add_spans(self, items: list[tuple[int, int, str, dict[str, Any]]]) -> list[Span]:
        """Store several spans (start, end, label, attrs) on the open article in one write."""
        with self.project.transaction():
            stored = [self.project.add_span(self._new_span(*item)) for item in items]
        self._after_bulk(stored, f"Accepted {len(stored)} suggestion(s)", add=True)
        return stored

    def delete_spans(self, spans: list[Span]) -> None:
        """Remove several spans of the open article in one write (undo of `add_spans`)."""
        with self.project.transaction():
            for span in spans:
                self.project.delete_span(span.id)
        self._after_bulk(spans, f"Removed {len(spans)} span(s)", add=False)

    def restore_spans(self, spans: list[Span]) -> None:
        with self.project.transaction():
            for span in spans:
                self.project.restore_span(span)
        self._after_bulk(spans, f"Restored {len(spans)} span(s)", add=True)

    def _after_bulk(self, spans: list[Span], message: str, *, add: bool) -> None:
        self.events.saved.emit(message)
        for span in spans:
            if add:
                self.spans.insert(span)
            else:
                self.spans.remove(span.id)
        self.events.spans.emit()
        self._set_selection(None, None)
        self.suggested.reload()

    def update_span(
        self, span: Span | int, *, label: str | None = None, attrs: dict[str, Any] | None = None
    ) -> tuple[Span, Span]:
        """Relabel one of this annotator's spans or replace its attributes; returns
        (before, after). `span` as for `delete_span`."""
        target = self._own(span)
        self._ensure_open(target.document)
        before = self.project.find_span(target) or target
        after = self.project.update_span(target, label=label, attrs=attrs)
        what = "attributes of " if label is None else ""
        self.events.saved.emit(f"Saved {what}{after.label} “{self._text_of(after)}”")
        self.spans.remove(after.id)
        self.spans.insert(after)
        self.events.spans.emit()
        if self.selected_span != after.id:
            self.select_span(after.id)
        else:
            self.events.selection.emit()
        return before, after

    def _own(self, span: Span | int) -> Span:
        """The record of one of this annotator's spans; SpanError for anyone else's."""
        if isinstance(span, int):
            found = self.span(span)
            try:
                span = found or self.project.span(span)
            except KeyError:
                raise SpanError(f"no span {span}; nothing was changed") from None
        self._check_own(span)
        return span

    def _check_own(self, span: Span) -> None:
        if span.annotator != self.annotator:
            raise SpanError(
                f"that span is {span.annotator}'s, not {self.annotator}'s; nothing was changed"
            )

    def casualty_fill(self, span_id: int) -> dict[str, Any] | None:
        """The span's attributes completed from its casualty figure, None if nothing to add."""
        span = self.span(span_id)
        if span is None or self.document is None:
            return None
        return filled_attrs(
            self.project.schema,
            span.label,
            self.document.text,
            span.start,
            span.end,
            span.attrs,
            self.language,
        )

    def add_pattern(self, start: int, end: int, label: str, attrs: dict[str, Any]) -> str:
        """Store the text at [start, end) as a pattern of `label` ("Always suggest this");
        returns the text."""
        assert self.document is not None, "no article is open"
        text = self.document.text[start:end]
        add_patterns(self.project, [{"label": label, "pattern": text, "attrs": attrs}])
        return text

    def set_status(self, document_id: int, status: Status) -> Status:
        """Set this annotator's status of an article (opening it); returns the previous one."""
        self._ensure_open(document_id)
        previous = self.project.set_status(document_id, self.annotator, status)
        self.status = Status(status)
        self.events.saved.emit(f"Marked “{self.document.title}” {self.status.value}")
        self.events.status.emit()
        return previous

    def _after_insert(self, stored: Span, verb: str) -> Span:
        self.events.saved.emit(f"{verb} {stored.label} “{self._text_of(stored)}”")
        self.spans.insert(stored)
        self.events.spans.emit()
        self.select_span(stored.id)
        self.suggested.reload(self.suggested.index)
        return stored

    def _text_of(self, span: Span, limit: int = 40) -> str:
        text = self.document.text[span.start : span.end] if self.document else ""
        return text if len(text) <= limit else text[: limit - 1] + "…"
