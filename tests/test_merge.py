"""Merging projects labelled on other machines: what is added, idempotence, refusals, rollback."""

import json
import shutil

import pytest

from annotator.model import Span, Status
from annotator.schema import load_schema
from annotator.store import Project, ProjectError
from annotator.store import merge as merge_module
from annotator.store.merge import MergeError, merge_projects
from annotator.store.relations import (
    add_relation,
    delete_relation,
    relations,
    retype_relation,
    span_by_identity,
)
from annotator.tokens import document_uid
from tests.conftest import add_text, run_cli

FIRST = "Rebels shelled Ostrel on Monday, killing 18 civilians."
SECOND = "Government troops entered Varna after airstrikes."
THIRD = "Militia fighters withdrew from Kessa overnight."
TABLES = ("documents", "spans", "relations", "status", "log")


def _dump(path):
    """Every row of every table, with spans and statuses keyed by document uid."""
    with Project.open(path) as project:
        conn = project.conn
        dump = {
            table: sorted(map(repr, conn.execute(f"SELECT * FROM {table}"))) for table in TABLES
        }
        dump["fts"] = conn.execute(
            "SELECT rowid, title FROM documents_fts ORDER BY rowid"
        ).fetchall()
        return dump


def _span(project, text, annotator, start, end, label, **attrs):
    document = project.document_id(document_uid(text))
    return project.add_span(
        Span(document=document, annotator=annotator, start=start, end=end, label=label, attrs=attrs)
    )


@pytest.fixture
def machines(tmp_path):
    """The same articles imported on two machines (in another order), labelled by two people."""
    here, there = tmp_path / "amira.db", tmp_path / "ben.db"
    with Project.create(here) as amira:
        for text in (FIRST, SECOND):
            add_text(amira, text)
        _span(amira, FIRST, "amira", 0, 6, "ACTOR", actor_type="rebel_group")
        _span(amira, FIRST, "amira", 15, 21, "LOCATION")
        amira.set_status(amira.document_id(document_uid(FIRST)), "amira", Status.done)
    with Project.create(there) as ben:
        for text in (THIRD, SECOND, FIRST):
            add_text(ben, text)
        _span(ben, FIRST, "ben", 0, 6, "ACTOR")
        tail = _span(ben, FIRST, "ben", 15, 21, "LOCATION", precision="town")
        _span(ben, THIRD, "ben", 0, 16, "ACTOR", actor_type="political_militia")
        head = _span(ben, FIRST, "ben", 41, 53, "CASUALTY", kind="killed", count=18)
        add_relation(ben, head.id, tail.id, "PLACE")
        for text in (FIRST, THIRD):
            ben.set_status(ben.document_id(document_uid(text)), "ben", Status.done)
    return here, there


def test_merge_adds_documents_spans_relations_statuses_and_log(machines):
    here, there = machines
    ben_log = {row[0] for row in _rows(there, "SELECT uid FROM log")}
    with Project.open(here) as project:
        (report,) = merge_projects(project, [there])
        assert (report.documents, report.spans, report.relations) == (1, 4, 1)
        # ben logged 4 span.add, 1 relation.add and 2 status.set
        assert (report.statuses, report.log, report.spans_updated) == (2, 7, 0)
        assert project.document_count() == 3
        first = project.document_id(document_uid(FIRST))
        third = project.document_id(document_uid(THIRD))
        ben = [(s.start, s.end, s.label, s.attrs) for s in project.spans(first, "ben")]
        assert ben == [
            (0, 6, "ACTOR", {}),
            (15, 21, "LOCATION", {"precision": "town"}),
            (41, 53, "CASUALTY", {"kind": "killed", "count": 18}),
        ]
        assert project.spans(third, "ben")[0].attrs == {"actor_type": "political_militia"}
        assert project.tokens(third).snap(0, 3) == (0, 7)
        assert project.status(first, "amira") == Status.done
        assert project.status(third, "ben") == Status.done
        assert project.documents_with_status("ben") == sorted([first, third])
        relation = project.conn.execute(
            "SELECT h.label, t.label, t.document FROM relations"
            " JOIN spans AS h ON h.id = head JOIN spans AS t ON t.id = tail"
        ).fetchall()
        assert relation == [("CASUALTY", "LOCATION", first)]
        merged_log = project.conn.execute(
            "SELECT uid, document, span FROM log WHERE annotator = 'ben'"
        ).fetchall()
        assert {uid for uid, _, _ in merged_log} == ben_log
        # Log rows point at this project's documents and spans.
        assert {document for _, document, _ in merged_log} == {first, third}
        assert project.conn.execute(
            "SELECT count(*) FROM log WHERE action = 'project.merge'"
        ).fetchone() == (1,)
        hits = project.conn.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'Kessa'"
        ).fetchall()
        assert hits == [(third,)]


def _rows(path, sql):
    with Project.open(path) as project:
        return project.conn.execute(sql).fetchall()


def test_merging_the_same_file_twice_changes_nothing(machines):
    here, there = machines
    with Project.open(here) as project:
        merge_projects(project, [there])
    once = _dump(here)
    with Project.open(here) as project:
        (report,) = merge_projects(project, [there, there])
    assert not report.changed
    assert _dump(here) == once


def test_the_other_file_is_never_changed(machines):
    here, there = machines
    before = there.read_bytes()
    with Project.open(here) as project:
        merge_projects(project, [there])
    assert there.read_bytes() == before


def test_newer_status_and_attributes_win(machines, tmp_path):
    here, _ = machines
    laptop = tmp_path / "laptop.db"
    shutil.copy(here, laptop)
    with Project.open(laptop) as copy:
        first = copy.document_id(document_uid(FIRST))
        copy.set_status(first, "amira", Status.skipped)
        actor = copy.spans(first, "amira")[0]
        copy.update_span(actor.id, attrs={"actor_type": "political_militia"})
    with Project.open(here) as project:
        (report,) = merge_projects(project, [laptop])
        assert (report.documents, report.spans, report.spans_updated, report.statuses) == (
            0,
            0,
            1,
            1,
        )
        assert project.status(first, "amira") == Status.skipped
        assert project.spans(first, "amira")[0].attrs == {"actor_type": "political_militia"}
    # The older side merged back changes nothing in the newer one.
    with Project.open(laptop) as copy:
        (report,) = merge_projects(copy, [here])
        assert (report.spans_updated, report.statuses) == (0, 0)
        assert copy.status(first, "amira") == Status.skipped


def test_a_different_label_schema_is_refused_and_nothing_changes(machines, tmp_path):
    here, _ = machines
    schema = load_schema()
    other = tmp_path / "other-labels.db"
    three_labels = {"labels": schema.labels[:3], "relations": []}
    Project.create(other, schema.model_copy(update=three_labels)).close()
    before_here, before_other = here.read_bytes(), other.read_bytes()
    with (
        Project.open(here) as project,
        pytest.raises(MergeError, match="labels only here: CASUALTY"),
    ):
        merge_projects(project, [other])
    assert here.read_bytes() == before_here
    assert other.read_bytes() == before_other
    result = run_cli("merge", here, other)
    assert result.exit_code == 2
    assert "label schema differs" in result.stderr and "CASUALTY" in result.stderr
    assert here.read_bytes() == before_here


def test_files_that_are_no_projects_are_refused(machines, tmp_path):
    here, _ = machines
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"not a database")
    with Project.open(here) as project:
        with pytest.raises(ProjectError, match="not an annotator project"):
            merge_projects(project, [notes])
        with pytest.raises(MergeError, match="is the project itself"):
            merge_projects(project, [here])


def test_an_interrupted_merge_leaves_the_project_as_it_was(machines, monkeypatch):
    here, there = machines
    before = _dump(here)

    def interrupted(conn, alias):
        raise KeyboardInterrupt

    monkeypatch.setattr(merge_module, "_merge_statuses", interrupted)
    with Project.open(here) as project:
        with pytest.raises(KeyboardInterrupt):
            merge_projects(project, [there])
        assert project.conn.execute("PRAGMA database_list").fetchall()[-1][1] == "main"
    assert _dump(here) == before
    monkeypatch.undo()
    with Project.open(here) as project:
        assert merge_projects(project, [there])[0].documents == 1


def test_merge_command_reports_what_was_added(machines):
    here, there = machines
    result = run_cli("merge", here, there, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["merged"][0]["spans"] == 4 and data["merged"][0]["documents"] == 1
    again = run_cli("merge", here, there)
    assert again.exit_code == 0
    assert "Nothing new" in again.stdout


def test_labels_with_other_attributes_are_refused_but_colours_may_differ(machines, tmp_path):
    here, _ = machines
    schema = load_schema()
    actor, *rest = schema.labels
    recoloured = tmp_path / "recoloured.db"
    Project.create(
        recoloured,
        schema.model_copy(
            update={"labels": [actor.model_copy(update={"colour": "#000000"}), *rest]}
        ),
    ).close()
    stripped = tmp_path / "stripped.db"
    Project.create(
        stripped,
        schema.model_copy(update={"labels": [actor.model_copy(update={"attributes": []}), *rest]}),
    ).close()
    with Project.open(here) as project:
        with pytest.raises(MergeError, match=r"\(other attributes: ACTOR\)"):
            merge_projects(project, [recoloured, stripped])
        assert merge_projects(project, [recoloured])[0].documents == 0


def test_relations_join_the_same_spans_when_row_ids_differ(machines):
    here, there = machines
    with Project.open(here) as project:
        # amira's spans hold the row ids ben's relation points at in his file.
        merge_projects(project, [there])
        first = project.document_id(document_uid(FIRST))
        (merged,) = relations(project, first)
        assert (merged.label, merged.head.annotator, merged.tail.annotator) == (
            "PLACE",
            "ben",
            "ben",
        )
        assert (merged.head.key, merged.tail.key) == ((41, 53, "CASUALTY"), (15, 21, "LOCATION"))
    with Project.open(there) as ben:
        (original,) = relations(ben, ben.document_id(document_uid(FIRST)))
    assert (original.head.id, original.tail.id) != (merged.head.id, merged.tail.id)


def test_a_relation_outside_the_schema_is_refused_and_nothing_changes(machines):
    here, there = machines
    with Project.open(there) as ben:
        first = ben.document_id(document_uid(FIRST))
        actor, location = ben.spans(first, "ben")[:2]
        ben.conn.execute(
            "INSERT INTO relations (head, tail, label) VALUES (?, ?, 'LOCATED_IN')",
            (actor.id, location.id),
        )
    before = here.read_bytes()
    refused = pytest.raises(MergeError, match="unknown relation type 'LOCATED_IN'.*nothing was")
    with Project.open(here) as project, refused:
        merge_projects(project, [there])
    assert here.read_bytes() == before


def _labels(path, annotator):
    with Project.open(path) as project:
        return sorted(
            (s.start, s.end, s.label, tuple(sorted(s.attrs.items())))
            for d in project.documents()
            for s in project.spans(d.id, annotator)
        )


@pytest.fixture
def lead(tmp_path, machines):
    """The lead's project: a copy of amira's that has merged ben's once."""
    here, there = machines
    lead = tmp_path / "lead.db"
    shutil.copy(here, lead)
    with Project.open(lead) as project:
        merge_projects(project, [there])
    return lead


def test_deletions_and_relabels_in_a_copy_reach_the_project(lead, machines):
    here, there = machines
    with Project.open(there) as ben:
        first = ben.document_id(document_uid(FIRST))
        actor, location = ben.spans(first, "ben")[:2]
        for relation in relations(ben, first):  # its PLACE would not fit a WEAPON
            delete_relation(ben, relation)
        ben.delete_span(actor)
        ben.update_span(location, label="WEAPON")
    with Project.open(lead) as project:
        (report,) = merge_projects(project, [there])
    assert (report.spans_deleted, report.spans_updated, report.spans) == (1, 1, 0)
    assert report.relations_deleted == 1  # the PLACE ben deleted before relabelling
    assert _labels(lead, "ben") == _labels(there, "ben")
    assert (15, 21, "WEAPON", (("precision", "town"),)) not in _labels(lead, "ben")
    with Project.open(lead) as project:
        (again,) = merge_projects(project, [there])
    assert not again.changed
    assert _labels(lead, "amira") == _labels(here, "amira")


def test_an_edit_here_after_the_deletion_there_wins(lead, machines):
    _, there = machines
    with Project.open(there) as ben:
        actor = ben.spans(ben.document_id(document_uid(FIRST)), "ben")[0]
        ben.delete_span(actor)
    with Project.open(lead) as project:
        here_actor = actor.model_copy(update={"document": project.document_id(document_uid(FIRST))})
        project.update_span(here_actor, attrs={"actor_type": "rebel_group"})
        (report,) = merge_projects(project, [there])
        assert report.spans_deleted == 0
        assert project.find_span(here_actor).attrs == {"actor_type": "rebel_group"}


def test_merge_reports_deletions_on_the_command_line(lead, machines):
    _, there = machines
    with Project.open(there) as ben:
        ben.delete_span(ben.spans(ben.document_id(document_uid(THIRD)), "ben")[0])
    result = run_cli("merge", lead, there, "--json")
    (merged,) = json.loads(result.stdout)["merged"]
    assert merged["spans_deleted"] == 1


def _relation_rows(path):
    with Project.open(path) as project:
        return sorted(
            project.conn.execute(
                'SELECT h.annotator, h.start, h."end", h.label, t.start, t."end", t.label, r.label'
                " FROM relations r JOIN spans h ON h.id = r.head JOIN spans t ON t.id = r.tail"
            ).fetchall()
        )


def _ben_span(project, start, end, label):
    document = project.document_id(document_uid(FIRST))
    probe = Span(document=document, annotator="ben", start=start, end=end, label=label)
    return span_by_identity(project, probe)


def _add_here(path, head, tail, label):
    with Project.open(path) as project:
        add_relation(project, _ben_span(project, *head).id, _ben_span(project, *tail).id, label)


CASUALTY, ACTOR, LOCATION = (41, 53, "CASUALTY"), (0, 6, "ACTOR"), (15, 21, "LOCATION")


def test_a_relabel_there_that_breaks_a_relation_here_refuses_the_merge(lead, machines):
    _, there = machines
    _add_here(lead, CASUALTY, ACTOR, "PERPETRATOR")
    with Project.open(there) as ben:
        ben.update_span(_ben_span(ben, *ACTOR), label="WEAPON")  # no relation there
    before = _dump(lead)
    with Project.open(lead) as project:
        refused = pytest.raises(
            MergeError,
            match=r"ben relabelled ACTOR \[0, 6\) as WEAPON there, but here a PERPETRATOR"
            r" relation leads from CASUALTY to ACTOR, not from CASUALTY to WEAPON;"
            r" delete the PERPETRATOR relation first; nothing was merged",
        )
        with refused:
            merge_projects(project, [there])
    assert _dump(lead) == before
    with Project.open(lead) as project:  # the lead settles it, and the merge goes through
        (relation,) = [
            r for r in relations(project, _first_document(project)) if r.label == "PERPETRATOR"
        ]
        delete_relation(project, relation)
        (report,) = merge_projects(project, [there])
    assert report.spans_updated == 1
    assert ("ben", 0, 6, "WEAPON") in {row[:4] for row in _dump_spans(lead)}


def _first_document(project):
    return project.document_id(document_uid(FIRST))


def _dump_spans(path):
    with Project.open(path) as project:
        return project.conn.execute(
            'SELECT annotator, start, "end", label FROM spans ORDER BY id'
        ).fetchall()


def test_a_span_moved_there_keeps_the_relations_drawn_here(lead, machines):
    _, there = machines
    _add_here(lead, CASUALTY, ACTOR, "PERPETRATOR")
    with Project.open(there) as ben:
        ben.update_span(_ben_span(ben, *CASUALTY), start=33)  # "killing 18 civilians"
    with Project.open(lead) as project:
        (report,) = merge_projects(project, [there])
    assert (report.spans_deleted, report.spans_updated, report.relations_deleted) == (0, 1, 0)
    assert _relation_rows(lead) == [
        ("ben", 33, 53, "CASUALTY", 0, 6, "ACTOR", "PERPETRATOR"),
        ("ben", 33, 53, "CASUALTY", 15, 21, "LOCATION", "PLACE"),
    ]


def test_relations_deleted_or_retyped_there_go_here_unless_added_again_here(lead, machines):
    _, there = machines
    with Project.open(there) as ben:
        (place,) = relations(ben, _first_document(ben))
        delete_relation(ben, place)
        victim = add_relation(
            ben, _ben_span(ben, *CASUALTY).id, _ben_span(ben, *ACTOR).id, "VICTIM"
        )
    with Project.open(lead) as project:
        (report,) = merge_projects(project, [there])
    assert (report.relations, report.relations_deleted) == (1, 1)
    assert _relation_rows(lead) == [("ben", 41, 53, "CASUALTY", 0, 6, "ACTOR", "VICTIM")]
    with Project.open(there) as ben:
        perpetrator = retype_relation(ben, victim, "PERPETRATOR")
    with Project.open(lead) as project:
        (report,) = merge_projects(project, [there])
    assert (report.relations, report.relations_deleted) == (1, 1)
    assert _relation_rows(lead) == [("ben", 41, 53, "CASUALTY", 0, 6, "ACTOR", "PERPETRATOR")]
    with Project.open(there) as ben:
        delete_relation(ben, perpetrator)
    with Project.open(lead) as project:  # drawn again here after ben deleted it: newest wins
        delete_relation(project, relations(project, _first_document(project))[0])
    _add_here(lead, CASUALTY, ACTOR, "PERPETRATOR")
    with Project.open(lead) as project:
        (report,) = merge_projects(project, [there])
    assert report.relations_deleted == 0
    assert _relation_rows(lead) == [("ben", 41, 53, "CASUALTY", 0, 6, "ACTOR", "PERPETRATOR")]
