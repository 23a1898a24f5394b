"""Undo commands for relations, and for deleting a span together with its relations."""

from __future__ import annotations

from annotator.gui.undo import SessionCommand
from annotator.model import Span
from annotator.relation_editing import RelationEditor
from annotator.store.relations import StoredRelation, span_by_identity


class AddRelationCommand(SessionCommand):
    """Draw a relation; undo removes it, redo draws it again between the same spans."""

    def __init__(self, editor: RelationEditor, head: Span, tail: Span, label: str) -> None:
        super().__init__(f"relation {label}")
        self.editor, self.head, self.tail, self.label = editor, head, tail, label
        self.relation: StoredRelation | None = None

    def apply(self) -> None:
        if self.relation is None:
            self.relation = self.editor.add(self.head, self.tail, self.label)
        else:
            self.relation = self.editor.restore(self.relation)

    def revert(self) -> None:
        self.editor.delete(self.relation)


class DeleteRelationCommand(SessionCommand):
    def __init__(self, editor: RelationEditor, relation: StoredRelation) -> None:
        super().__init__(f"delete relation {relation.label}")
        self.editor, self.relation = editor, relation

    def apply(self) -> None:
        self.relation = self.editor.delete(self.relation)

    def revert(self) -> None:
        self.relation = self.editor.restore(self.relation)


class RetypeRelationCommand(SessionCommand):
    def __init__(self, editor: RelationEditor, relation: StoredRelation, label: str) -> None:
        super().__init__(f"relation {relation.label} to {label}")
        self.editor, self.relation, self.label = editor, relation, label
        self.before = relation.label

    def apply(self) -> None:
        self.relation = self.editor.retype(self.relation, self.label)

    def revert(self) -> None:
        self.relation = self.editor.retype(self.relation, self.before)


class DeleteSpanAndRelationsCommand(SessionCommand):
    """Delete a span and the relations that lead from or to it; undo brings all back."""

    def __init__(self, editor: RelationEditor, span_id: int) -> None:
        super().__init__("delete span")
        self.editor, self.span_id = editor, span_id
        self.span: Span | None = None
        self.removed: list[StoredRelation] = []

    def apply(self) -> None:
        if self.span is not None:  # redo: the span may have another row id by now
            self.span_id = span_by_identity(self.editor.project, self.span).id
        self.span, self.removed = self.editor.delete_span(self.span_id)

    def revert(self) -> None:
        self.span = self.editor.restore_span(self.span, self.removed)
