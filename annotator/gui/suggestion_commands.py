"""Undo commands for suggestions: accept one, reject one, accept all of an article's."""

from __future__ import annotations

from annotator.gui.undo import SessionCommand
from annotator.model import Span, Suggestion
from annotator.session import AnnotationSession


def _open(session: AnnotationSession, document_id: int) -> None:
    if session.document is None or session.document.id != document_id:
        session.open_document(document_id)


class AcceptSuggestionCommand(SessionCommand):
    """Store a suggestion as a span of the annotator's; undo removes the span, and the
    suggestion is back (current)."""

    def __init__(self, session: AnnotationSession, suggestion: Suggestion) -> None:
        super().__init__(f"accept {suggestion.label}")
        self.session, self.suggestion = session, suggestion
        self.span: Span | None = None

    def apply(self) -> None:
        if self.span is None:
            self.span = self.session.suggested.accept(self.suggestion)
        else:
            self.session.restore_span(self.span)
        self.session.clear_selection()

    def revert(self) -> None:
        self.span = self.session.delete_span(self.span.id)
        self.session.suggested.choose_at(self.suggestion.start)


class RejectSuggestionCommand(SessionCommand):
    """Reject a suggestion (remembered for this annotator); undo brings it back."""

    def __init__(self, session: AnnotationSession, suggestion: Suggestion) -> None:
        super().__init__(f"reject {suggestion.label}")
        self.session, self.suggestion = session, suggestion

    def apply(self) -> None:
        _open(self.session, self.suggestion.document)
        self.session.suggested.reject(self.suggestion)

    def revert(self) -> None:
        _open(self.session, self.suggestion.document)
        self.session.suggested.unreject(self.suggestion)


class AcceptAllCommand(SessionCommand):
    """Store every suggestion of the open article as spans, in one write and one undo step."""

    def __init__(self, session: AnnotationSession) -> None:
        super().__init__("accept all suggestions")
        self.session = session
        self.spans: list[Span] | None = None
        self.document = session.document.id if session.document else None

    def apply(self) -> None:
        _open(self.session, self.document)
        if self.spans is None:
            self.spans = self.session.suggested.accept_all()
        else:
            self.session.restore_spans(self.spans)

    def revert(self) -> None:
        _open(self.session, self.document)
        self.session.delete_spans(self.spans)
