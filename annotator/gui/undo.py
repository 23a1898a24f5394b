"""Undo commands: every edit the window makes is one of these, made through the session."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.model import Span, Status
from annotator.session import AnnotationSession

ATTRS_COMMAND_ID = 1


class SessionCommand(QUndoCommand):
    """An edit made first by `push` (so a refused edit never reaches the stack), then by
    the stack's redo and undo."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._applied_by_push = False
        self._reverted_by_undo = False

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self._applied_by_push:
            self._applied_by_push = False
            return
        self.apply()

    def undo(self) -> None:
        if self._reverted_by_undo:
            self._reverted_by_undo = False
            return
        self.revert()


# The stack moves only after the edit was saved: a refusal or a failure of the project file
# (raised to the caller) leaves the stack, the session and the file as they were.


def push(stack: QUndoStack, command: SessionCommand) -> None:
    """Make the edit, then put it on the undo stack."""
    command.apply()
    command._applied_by_push = True
    stack.push(command)


def undo(stack: QUndoStack) -> None:
    """Undo the last edit, if any."""
    if stack.canUndo():
        command = stack.command(stack.index() - 1)
        command.revert()
        command._reverted_by_undo = True
        stack.undo()


def redo(stack: QUndoStack) -> None:
    """Redo the edit undone last, if any."""
    if stack.canRedo():
        command = stack.command(stack.index())
        command.apply()
        command._applied_by_push = True
        stack.redo()


class AddSpanCommand(SessionCommand):
    """Create a span; undo removes it and redo puts it back, each finding it by identity."""

    def __init__(self, session: AnnotationSession, start: int, end: int, label: str) -> None:
        super().__init__(f"label {label}")
        self.session, self.start, self.end, self.label = session, start, end, label
        self.span: Span | None = None

    def apply(self) -> None:
        if self.span is None:
            self.span = self.session.add_span(self.start, self.end, self.label)
        else:
            self.span = self.session.restore_span(self.span)

    def revert(self) -> None:
        self.span = self.session.delete_span(self.span)


class DeleteSpanCommand(SessionCommand):
    def __init__(self, session: AnnotationSession, span_id: int) -> None:
        super().__init__("delete span")
        self.session, self.span_id = session, span_id
        self.span: Span | None = None

    def apply(self) -> None:
        self.span = self.session.delete_span(self.span or self.span_id)

    def revert(self) -> None:
        self.span = self.session.restore_span(self.span)


class UpdateSpanCommand(SessionCommand):
    """Relabel a span or replace its attributes; successive edits of one attribute of one span
    (typing 1 then 12 in a spin box) are one undo step. Undo and redo find the span by the
    identity it has at that moment (`after`, `before`), never by its row id alone."""

    def __init__(
        self,
        session: AnnotationSession,
        span_id: int,
        *,
        label: str | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(f"relabel {label}" if label else "edit attributes")
        self.session, self.span_id = session, span_id
        self.label, self.attrs = label, attrs
        self.before: Span | None = None
        self.after: Span | None = None
        self.changed: set[str] = set()

    def id(self) -> int:
        return ATTRS_COMMAND_ID if self.label is None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        same = isinstance(other, UpdateSpanCommand) and other.span_id == self.span_id
        if not same or other.changed != self.changed:
            return False
        self.attrs, self.after = other.attrs, other.after
        return True

    def apply(self) -> None:
        before, after = self.session.update_span(
            self.before or self.span_id, label=self.label, attrs=self.attrs
        )
        self.before, self.after = self.before or before, after
        names = before.attrs.keys() | after.attrs.keys()
        self.changed = {n for n in names if before.attrs.get(n) != after.attrs.get(n)}

    def revert(self) -> None:
        self.session.update_span(self.after, label=self.before.label, attrs=self.before.attrs)


class SetStatusCommand(SessionCommand):
    """Mark an article done or skipped (or back); undo restores the old status and reopens it."""

    def __init__(self, session: AnnotationSession, document_id: int, status: Status) -> None:
        super().__init__(f"mark {Status(status).value}")
        self.session, self.document_id, self.status = session, document_id, Status(status)
        self.previous: Status | None = None

    def apply(self) -> None:
        self.previous = self.session.set_status(self.document_id, self.status)

    def revert(self) -> None:
        self.session.set_status(self.document_id, self.previous)
