"""`annotator check`: a clean project passes; each kind of damage done on purpose is found."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess

import pytest

from annotator.store import Project
from annotator.store.check import SHOWN_PER_KIND, check_project
from tests.conftest import downgrade_to_v1, run_cli
from tests.labelled_project import add_labelled, sample_gold_project

TEXT = "Rebels shelled Ostrel on Monday."


@pytest.fixture
def labelled(tmp_path):
    path = tmp_path / "news.db"
    with Project.create(path) as project:
        add_labelled(project, TEXT, [("Rebels", "ACTOR"), ("Ostrel", "LOCATION")])
        add_labelled(project, "Two villagers were killed.", [("Two villagers", "CASUALTY")])
    return path


def damage(path, *statements: str) -> None:
    """Run SQL on the file the way another program could: no triggers of ours, no foreign keys."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    for trigger in ("span_counts_insert", "span_counts_delete", "span_counts_update"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def checked(path, *problem_parts: str) -> str:
    result = run_cli("check", path)
    assert result.exit_code == (1 if problem_parts else 0), result.output
    assert "Traceback" not in result.output
    for part in problem_parts:
        assert part in result.stdout, result.stdout
    return result.stdout


def test_a_clean_project_passes(labelled):
    said = checked(labelled)
    assert "no problems (2 documents, 3 spans checked)" in said


def test_the_sample_project_passes(tmp_path):
    checked(sample_gold_project(tmp_path / "gold.db"))


def test_a_span_outside_its_text(labelled):
    damage(labelled, "UPDATE spans SET start = 40, \"end\" = 45 WHERE label = 'LOCATION'")
    said = checked(labelled, "span outside its text: span 2 (LOCATION 40-45 by gold)")
    assert "the text has 32 characters" in said
    assert "1 problems (span outside its text 1)" in said


def test_a_span_off_token_boundaries(labelled):
    damage(labelled, "UPDATE spans SET start = 1 WHERE label = 'ACTOR'")
    checked(
        labelled, "span off token boundaries: span 1 (ACTOR 1-6 by gold) in document 1: 'ebels'"
    )


def test_attributes_and_meta_that_are_not_json(labelled):
    """Exports stop on them (naming the document); check names them too. A NaN an older
    version wrote is read by the exports, so it is no problem."""
    damage(
        labelled,
        "UPDATE spans SET attrs = 'not json' WHERE label = 'ACTOR'",
        "UPDATE documents SET meta = '{oops' WHERE id = 2",
        "UPDATE spans SET attrs = '{\"count\": NaN}' WHERE label = 'CASUALTY'",
    )
    said = checked(
        labelled,
        "not JSON: span attributes of span 1 in document 1: 'not json'",
        "not JSON: document meta of document 2: '{oops'",
    )
    assert "2 problems (not JSON 2)" in said


def test_a_wrong_span_counts_row(labelled):
    damage(labelled, "UPDATE span_counts SET spans = 7 WHERE label = 'ACTOR'")
    checked(labelled, "span count: span_counts says 7 ACTOR spans by gold; there are 1")


def test_a_span_without_its_span_counts_row(labelled):
    damage(labelled, "DELETE FROM span_counts WHERE label = 'CASUALTY'")
    checked(labelled, "span_counts says 0 CASUALTY spans by gold; there are 1")


def test_orphan_rows_written_with_foreign_keys_off(labelled):
    damage(
        labelled,
        'INSERT INTO spans (document, annotator, start, "end", label, created, updated)'
        " VALUES (99, 'ann', 0, 6, 'ACTOR', '', '')",
        "INSERT INTO span_counts VALUES ('ann', 'ACTOR', 1)",
        "INSERT INTO status VALUES (98, 'ann', 'done', '')",
        "INSERT INTO relations (head, tail, label) VALUES (1, 77, 'PLACE')",
    )
    said = checked(labelled, "orphan row: span 4 points at document 99, which does not exist")
    assert "orphan row: status of ann points at document 98, which does not exist" in said
    assert "orphan row: relation 1 points at span 77, which does not exist" in said
    assert "3 problems (orphan row 3)" in said


def test_an_invalid_status_and_an_unknown_label(labelled):
    damage(
        labelled,
        "PRAGMA ignore_check_constraints = ON",
        "UPDATE status SET status = 'finished' WHERE document = 2",
        "UPDATE spans SET label = 'PERSON' WHERE label = 'ACTOR'",
        "UPDATE span_counts SET label = 'PERSON' WHERE label = 'ACTOR'",
    )
    said = checked(labelled, "invalid status: status of gold on document 2: 'finished'")
    assert "unknown label: 1 spans labelled 'PERSON', not in the schema" in said


def test_problems_are_capped_per_kind_and_counted(labelled):
    with Project.open(labelled) as project:
        for number in range(SHOWN_PER_KIND + 5):
            add_labelled(project, f"Rebels shelled Ostrel {number} times.", [("Rebels", "ACTOR")])
    damage(labelled, "UPDATE spans SET start = 1 WHERE label = 'ACTOR'")
    said = checked(labelled, "span off token boundaries: ... and 6 more")
    assert said.count("span off token boundaries: span") == SHOWN_PER_KIND
    assert "16 problems (span off token boundaries 16)" in said
    report = json.loads(run_cli("check", labelled, "--json").stdout)
    assert report["ok"] is False and report["problems"] == {"span off token boundaries": 16}


def test_a_damaged_page_is_found(tmp_path):
    path = sample_gold_project(tmp_path / "gold.db")
    size = path.stat().st_size
    with path.open("r+b") as handle:  # a page in the middle of the file, overwritten
        handle.seek(size // 2 // 4096 * 4096 + 100)
        handle.write(bytes(range(256)) * 8)
    said = checked(path, "damaged file (SQLite integrity check)")
    assert said.strip().splitlines()[-1].startswith(f"✘ {path}: ")


def test_a_file_that_is_no_project_cannot_be_read(tmp_path):
    (tmp_path / "notes.db").write_text("not a database")
    result = run_cli("check", tmp_path / "notes.db")
    assert result.exit_code == 2 and "not an annotator project" in result.stderr
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    result = run_cli("check", other)
    assert result.exit_code == 2 and "not an annotator project" in result.stderr


def test_checking_changes_nothing(labelled):
    damage(labelled, "UPDATE span_counts SET spans = 7 WHERE label = 'ACTOR'")
    before = labelled.read_bytes()
    check_project(labelled)
    assert labelled.read_bytes() == before


def test_a_project_on_a_read_only_disk(labelled, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        shutil.copy(labelled, disk / "news.db")
        os.chmod(disk / "news.db", 0o444)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert "no problems (2 documents, 3 spans checked)" in checked(disk / "news.db")
        assert sorted(os.listdir(disk)) == ["news.db"]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_project_of_the_first_version_passes(labelled):
    conn = sqlite3.connect(labelled)
    downgrade_to_v1(conn)
    conn.commit()
    conn.close()
    checked(labelled)
