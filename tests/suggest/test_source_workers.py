"""Patterns and casualty figures suggested by worker processes, forked or spawned: the very
suggestions one process stores."""

from __future__ import annotations

import os

import pytest

from annotator.store import Project
from annotator.suggest import source_workers
from annotator.suggest.run import suggest_project
from annotator.suggest.source_workers import Recipe, proposals
from tests.bench.corpus import articles
from tests.conftest import add_text, run_cli


def stored(project):
    return project.conn.execute(
        'SELECT document, start, "end", label, source, attrs FROM suggestions ORDER BY 1, 2, 3, 4'
    ).fetchall()


@pytest.fixture
def news(tmp_path):
    path = tmp_path / "news.db"
    with Project.create(path) as project:
        for item in articles(30, seed=5, words=120):
            add_text(project, item["text"])
    return path


def run_in_workers(project, monkeypatch, fork: bool) -> list[tuple]:
    """`suggest_project` with workers from the first document; the pools it asked for."""
    pools = []
    real = source_workers.worker_pool

    def recorded(workers, needed, **options):
        pools.append((workers, needed))
        return real(workers, needed, fork=fork)

    with monkeypatch.context() as patched:
        patched.setattr(source_workers, "WORKERS_FROM", 1)
        patched.setattr(source_workers, "worker_pool", recorded)
        suggest_project(project, patterns=True, casualties=True, documents="all")
    return pools


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "spawned"])
def test_workers_store_what_one_process_stores(news, monkeypatch, fork):
    with Project.open(news) as project:
        suggest_project(project, patterns=True, casualties=True, documents="all")
        alone = stored(project)
        project.conn.execute("DELETE FROM suggestions")
        pools = run_in_workers(project, monkeypatch, fork)
        assert pools == [(source_workers.SUGGEST_WORKERS, True)]
        assert stored(project) == alone
    assert {row[4] for row in alone} == {"patterns", "casualties"}
    assert len({row[0] for row in alone}) == 30


def test_the_work_is_done_in_the_workers(monkeypatch, tmp_path):
    """Each piece of texts is proposed for in a worker process, not in the command's."""
    pids = tmp_path / "pids"
    real = source_workers.Sources.propose

    def noted(self, texts):
        with pids.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(self, texts)

    monkeypatch.setattr(source_workers.Sources, "propose", noted)
    monkeypatch.setattr(source_workers, "WORK_PIECE", 2)
    rows = [(n, f"Shelling killed {n + 2} civilians in Ostrel.") for n in range(6)]
    with proposals(Recipe("en", casualties=True), 10_000, workers=2) as propose:
        [(batch, (found, uncertainty))] = list(propose([rows]))
    assert batch == rows and uncertainty is None
    assert [per_text[0][3]["count"] for per_text in found["casualties"]] == [2, 3, 4, 5, 6, 7]
    workers = pids.read_text().split()
    assert len(workers) == 3 and str(os.getpid()) not in workers


def test_a_killed_worker_stops_the_command_with_one_line(news, monkeypatch):
    parent = os.getpid()
    real = source_workers.Sources.propose

    def dying(self, texts):
        if os.getpid() != parent:
            os._exit(9)  # as a worker killed by the system would end
        return real(self, texts)

    monkeypatch.setattr(source_workers.Sources, "propose", dying)
    monkeypatch.setattr(source_workers, "WORKERS_FROM", 1)
    result = run_cli("suggest", news, "--patterns", "--casualties")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "a worker process ended before its work was done" in line
    assert "Traceback" not in result.output
    with Project.open(news) as project:
        assert stored(project) == []
