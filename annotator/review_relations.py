"""Relations in review: each annotator's relations of a document side by side with gold's, and
accepting one annotator's version into gold (with its two spans, if gold lacks them).

Accepting is one transaction with a `review.accept_relation` log row in the reviewer's name;
`undo_accept_relation` takes back exactly what it added, found by identity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.model import GOLD, Span
from annotator.store import Project
from annotator.store import relations as store
from annotator.store.review import finished_annotators


@dataclass
class RelationVersion:
    """One relation (its spans' keys and type) and who drew it; `in_gold` once accepted."""

    key: tuple[tuple[int, int, str], tuple[int, int, str], str]
    annotators: list[str] = field(default_factory=list)
    in_gold: bool = False

    @property
    def label(self) -> str:
        return self.key[2]


@dataclass
class AcceptedRelation:
    """What accepting a relation added to gold: the spans gold lacked, and the relation."""

    spans: list[Span]
    relation: store.StoredRelation


def relation_versions(project: Project, document: int) -> list[RelationVersion]:
    """The relations of the annotators who finished `document`, and gold's, by relation."""
    finished = finished_annotators(project, [document]).get(document, [])
    versions: dict[tuple, RelationVersion] = {}
    for relation in store.relations(project, document):
        annotator = relation.head.annotator
        if annotator != GOLD and annotator not in finished:
            continue
        version = versions.setdefault(relation.key, RelationVersion(relation.key))
        if annotator == GOLD:
            version.in_gold = True
        else:
            version.annotators.append(annotator)
    return sorted(versions.values(), key=lambda v: (v.key[0][0], v.key[1][0], v.key[2]))


def accept_relation(
    project: Project, document: int, annotator: str, version: RelationVersion, *, reviewer: str
) -> AcceptedRelation:
    """Copy `annotator`'s relation into gold, with its spans (and their attributes) where gold
    has none at those offsets and labels. RelationError if gold has it already."""
    head_key, tail_key, label = version.key
    source = {s.key: s for s in project.spans(document, annotator)}
    with project.transaction():
        gold = {s.key: s for s in project.spans(document, GOLD)}
        added = []
        for key in (head_key, tail_key):
            if key not in gold:
                span = source[key].model_copy(update={"id": None, "annotator": GOLD})
                gold[key] = project.add_span(span)
                added.append(gold[key])
        relation = store.add_relation(project, gold[head_key].id, gold[tail_key].id, label)
        project.log(
            "review.accept_relation",
            reviewer,
            document=document,
            data={"from": annotator, "label": label, "spans_added": len(added)},
        )
    return AcceptedRelation(added, relation)


def undo_accept_relation(project: Project, accepted: AcceptedRelation, *, reviewer: str) -> None:
    """Take back an accepted relation and the gold spans it brought (by identity)."""
    with project.transaction():
        store.delete_relation(project, accepted.relation)
        for span in accepted.spans:
            project.delete_span(store.span_by_identity(project, span).id)
        project.log(
            "review.undo_accept_relation",
            reviewer,
            document=accepted.relation.head.document,
            data={"label": accepted.relation.label},
        )


def redo_accept_relation(project: Project, accepted: AcceptedRelation, *, reviewer: str) -> None:
    """Accept the same relation again after an undo."""
    with project.transaction():
        for span in accepted.spans:
            project.add_span(span.model_copy(update={"id": None}))
        store.restore_relation(project, accepted.relation)
        project.log(
            "review.redo_accept_relation",
            reviewer,
            document=accepted.relation.head.document,
            data={"label": accepted.relation.label},
        )
