"""RelationEditor: the open article's relations for one annotator, the relation being drawn,
and every relation edit the window makes (Qt-free; widgets draw from it).

Drawing a relation: with a span selected, `start()` remembers it; the annotator selects the
other span (click or Tab) and picks a type (`finish`). The two spans may be chosen in either
order: the relation is turned to lead from the span its type starts at (CASUALTY -> ACTOR).
"""

from __future__ import annotations

from annotator.model import Span
from annotator.schema import RelationSpec
from annotator.session import AnnotationSession, Event
from annotator.store import relations as store


class RelationEvents:
    """relations: the list changed; draft: a relation started, ended or its other end moved;
    chosen: the relation picked in the list changed."""

    def __init__(self) -> None:
        self.relations = Event()
        self.draft = Event()
        self.chosen = Event()


class RelationEditor:
    """Relations of the session's open article, kept in step with its spans."""

    def __init__(self, session: AnnotationSession) -> None:
        self.session = session
        self.project = session.project
        self.events = RelationEvents()
        self.relations: list[store.StoredRelation] = []
        self.draft: Span | None = None
        self.chosen: store.StoredRelation | None = None
        session.events.document.connect(self._on_document_change)
        session.events.spans.connect(self.reload)
        session.events.selection.connect(self._on_selection_change)

    # Reading

    def reload(self) -> None:
        document = self.session.document
        self.relations = (
            store.relations(self.project, document.id, self.session.annotator) if document else []
        )
        if self.chosen is not None and self.chosen.key not in {r.key for r in self.relations}:
            self.chosen = None
            self.events.chosen.emit()
        self.events.relations.emit()

    def _on_document_change(self) -> None:
        self.draft, self.chosen = None, None
        self.reload()
        self.events.draft.emit()
        self.events.chosen.emit()

    def _on_selection_change(self) -> None:
        if self.draft is not None:
            self.events.draft.emit()
        selected = self.session.span(self.session.selected_span or -1)
        if self.chosen is not None and (selected is None or selected.key != self.chosen.head.key):
            self.chosen = None  # another span selected: type keys no longer retype it
            self.events.chosen.emit()

    def describe(self, span: Span, limit: int | None = 40) -> str:
        """LABEL “its words”, cut to `limit` characters (None: whole)."""
        text = self.session.document.text[span.start : span.end] if self.session.document else ""
        text = text.replace("\n", " ")
        if limit is not None and len(text) > limit:
            text = text[: limit - 1] + "…"
        return f"{span.label} “{text}”"

    def outlined(self) -> list[tuple[int, int, str]]:
        """(start, end, colour) of the spans to frame besides the selected one: the tail of
        the chosen relation, or the span a relation being drawn starts at."""
        schema = self.project.schema
        if self.draft is not None:
            return [(self.draft.start, self.draft.end, "#1d3557")]
        if self.chosen is not None:
            colour = schema.relation(self.chosen.label).colour
            return [(self.chosen.tail.start, self.chosen.tail.end, colour)]
        return []

    # Drawing a relation

    def start(self) -> str:
        """Begin a relation at the selected span; returns what to do next (or raises)."""
        span = self.session.span(self.session.selected_span or -1)
        if span is None:
            raise store.RelationError("select a span first, then press R")
        if not any(span.label in s.head + s.tail for s in self.project.schema.relations or []):
            raise store.RelationError(f"no relation type joins a {span.label} span")
        self.draft = span
        self.events.draft.emit()
        return f"Relation from {self.describe(span)}: click or Tab to the other span, then pick"

    def cancel(self) -> None:
        if self.draft is not None:
            self.draft = None
            self.events.draft.emit()

    def other_end(self) -> Span | None:
        """The span selected now, if it is not the one the relation started at."""
        span = self.session.span(self.session.selected_span or -1)
        return span if span is not None and self.draft is not None and span != self.draft else None

    def types_now(self) -> list[RelationSpec]:
        """The relation types that may join the draft's span and the one selected now."""
        other = self.other_end()
        if other is None:
            return []
        schema = self.project.schema
        return [
            spec
            for spec in schema.relations or []
            if spec.connects(self.draft.label, other.label)
            or spec.connects(other.label, self.draft.label)
        ]

    def oriented(self, label: str) -> tuple[Span, Span]:
        """(head, tail) of the drawn relation for type `label`; RelationError if none fits."""
        other = self.other_end()
        if other is None:
            raise store.RelationError("select the other span (click or Tab), then pick the type")
        spec = self.project.schema.relation(label)
        if spec.connects(self.draft.label, other.label):
            return self.draft, other
        if spec.connects(other.label, self.draft.label):
            return other, self.draft
        store.check_relation(self.project, label, self.draft, other)  # raises, saying why
        raise store.RelationError(f"{label} cannot join these spans")

    def end_draft(self) -> None:
        self.draft = None
        self.events.draft.emit()

    # Choosing a relation in the list

    def choose(self, relation: store.StoredRelation | None) -> None:
        """Pick a relation: both its ends are shown, the head selected."""
        self.chosen = relation
        if relation is not None:
            self.session.select_span(store.span_by_identity(self.project, relation.head).id)
        self.events.chosen.emit()

    # Edits: each commits, then reloads

    def add(self, head: Span, tail: Span, label: str) -> store.StoredRelation:
        self._open(head)
        stored = store.add_relation(self.project, head.id, tail.id, label)
        self._saved(f"Saved {label} from {self.describe(head)} to {self.describe(tail)}")
        return stored

    def restore(self, relation: store.StoredRelation) -> store.StoredRelation:
        self._open(relation.head)
        stored = store.restore_relation(self.project, relation)
        self._saved(f"Restored {relation.label} from {self.describe(stored.head)}")
        return stored

    def delete(self, relation: store.StoredRelation) -> store.StoredRelation:
        self._open(relation.head)
        removed = store.delete_relation(self.project, relation)
        self._saved(f"Deleted {relation.label} from {self.describe(removed.head)}")
        return removed

    def retype(self, relation: store.StoredRelation, label: str) -> store.StoredRelation:
        self._open(relation.head)
        after = store.retype_relation(self.project, relation, label)
        if self.chosen is not None and self.chosen.key == relation.key:
            self.chosen = after
        self._saved(f"Saved {relation.label} as {label}")
        return after

    def delete_span(self, span_id: int) -> tuple[Span, list[store.StoredRelation]]:
        """Delete a span and its relations (each logged); returns both for an undo."""
        removed = store.relations_of_span(self.project, span_id)
        for relation in removed:
            store.delete_relation(self.project, relation)
        return self.session.delete_span(span_id), removed

    def restore_span(self, span: Span, removed: list[store.StoredRelation]) -> Span:
        restored = self.session.restore_span(span)
        for relation in removed:
            store.restore_relation(self.project, relation)
        self.reload()
        return restored

    def check_relabel(self, span_id: int, label: str) -> None:
        """RelationError if relabelling the span would break one of its relations."""
        store.check_relabel(self.project, span_id, label)

    def _open(self, span: Span) -> None:
        if self.session.document is None or self.session.document.id != span.document:
            self.session.open_document(span.document)

    def _saved(self, message: str) -> None:
        self.session.events.saved.emit(message)
        self.reload()
