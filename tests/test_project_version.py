"""The project version keeps a schema with relation types from readers that do not know them."""

import json

import pytest

from annotator.store import Project, ProjectError
from annotator.store import connection as connection_module
from annotator.store.migrations import CURRENT_VERSION

SCHEMA_KEYS_OF_VERSION_6 = {"name", "version", "description", "labels"}
"""The keys a version-6 reader's label schema model accepts (it refuses any other)."""


def _stored_schema(project):
    (text,) = project.conn.execute("SELECT value FROM project WHERE key = 'schema'").fetchone()
    return json.loads(text)


def test_a_reader_of_version_6_refuses_a_project_with_relation_types_clearly(
    project_path, monkeypatch
):
    with Project.open(project_path) as project:
        assert set(_stored_schema(project)) - SCHEMA_KEYS_OF_VERSION_6 == {
            "relations",
            "guidelines",
        }
        assert project.conn.execute("PRAGMA user_version").fetchone() == (7,)
    before = project_path.read_bytes()
    monkeypatch.setattr(connection_module, "CURRENT_VERSION", 6)  # the version gate of 6
    refused = pytest.raises(
        ProjectError,
        match=r"made by a newer version of annotator \(project version 7; this version reads"
        r" up to 6\)\. Upgrade annotator to open it\.",
    )
    with refused:
        Project.open(project_path)
    assert project_path.read_bytes() == before


def test_a_version_6_project_opens_and_migrates_keeping_its_schema(project_path):
    with Project.open(project_path) as project:
        schema = _stored_schema(project)
        project.conn.execute("PRAGMA user_version = 6")
    with Project.open(project_path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone() == (CURRENT_VERSION,)
        assert _stored_schema(project) == schema
        assert project.schema.relation_names == ["VICTIM", "PERPETRATOR", "PLACE", "MEANS"]
