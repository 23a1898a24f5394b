"""SuggestionQueue: the open article's suggestions one annotator still has to decide on.

Qt-free, owned by the AnnotationSession. One suggestion is current (the first when an
article opens): accepting it stores a normal span of the annotator's (with the suggestion's
attributes), rejecting it is remembered in the project, and either way the next one becomes
current. The queue is read again after every edit, so an undone accept brings its
suggestion back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.model import Span, Suggestion
from annotator.store.suggestions import open_suggestions, reject_suggestion, unreject_suggestion

if TYPE_CHECKING:
    from annotator.session import AnnotationSession


class SuggestionQueue:
    """The open article's suggestions, in text order, and which one is current."""

    def __init__(self, session: AnnotationSession) -> None:
        self.session = session
        self.items: list[Suggestion] = []
        self.index: int | None = None

    def __len__(self) -> int:
        return len(self.items)

    @property
    def current(self) -> Suggestion | None:
        return self.items[self.index] if self.index is not None else None

    def reload(self, keep: int | None = None) -> None:
        """Read the open article's suggestions again; the current one is the one at position
        `keep` (the one after a decided suggestion), or the first."""
        session = self.session
        if session.document is None:
            self.items, self.index = [], None
        else:
            self.items = open_suggestions(session.project, session.document.id, session.annotator)
            where = keep if keep is not None else 0
            self.index = min(where, len(self.items) - 1) if self.items else None
        session.events.suggestions.emit()

    def step(self, step: int) -> Suggestion | None:
        """Make the next (1) or previous (-1) suggestion current, wrapping round."""
        if not self.items:
            return None
        start = self.index if self.index is not None else (-1 if step > 0 else 0)
        self.index = (start + step) % len(self.items)
        self.session.clear_selection()
        self.session.events.suggestions.emit()
        return self.current

    def choose_at(self, offset: int) -> Suggestion | None:
        """Make the shortest suggestion covering `offset` current."""
        covering = [i for i, s in enumerate(self.items) if s.start <= offset < s.end]
        if not covering:
            return None
        self.index = min(covering, key=lambda i: self.items[i].end - self.items[i].start)
        self.session.events.suggestions.emit()
        return self.current

    def in_range(self, start: int, end: int) -> list[Suggestion]:
        return [s for s in self.items if s.start < end and s.end > start]

    # Decisions: the session stores them, then the queue is read again

    def accept(self, suggestion: Suggestion) -> Span:
        """Store the suggestion as a span of the annotator's, selected."""
        where = self._position(suggestion)
        span = self.session.add_span(
            suggestion.start, suggestion.end, suggestion.label, dict(suggestion.attrs)
        )
        self.session.clear_selection()
        self.reload(where)
        return span

    def accept_all(self) -> list[Span]:
        """Store every suggestion of the article as spans, in one write."""
        return self.session.add_spans(
            [(s.start, s.end, s.label, dict(s.attrs)) for s in self.items]
        )

    def reject(self, suggestion: Suggestion) -> None:
        where = self._position(suggestion)
        reject_suggestion(self.session.project, suggestion, self.session.annotator)
        self.session.events.saved.emit(f"Rejected suggestion {suggestion.label}")
        self.reload(where)

    def unreject(self, suggestion: Suggestion) -> None:
        unreject_suggestion(self.session.project, suggestion, self.session.annotator)
        self.session.events.saved.emit(f"Suggestion {suggestion.label} back")
        self.reload(self._position(suggestion))
        self.index = next(
            (i for i, s in enumerate(self.items) if s.key == suggestion.key), self.index
        )
        self.session.events.suggestions.emit()

    def _position(self, suggestion: Suggestion) -> int:
        keys = [s.key for s in self.items]
        if suggestion.key in keys:
            return keys.index(suggestion.key)
        return sum(s.key < suggestion.key for s in self.items)
