"""`annotator agreement`: how far annotators agree, per pair and label, and Krippendorff's alpha."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from annotator.cli._app import (
    EXISTING_PROJECT_ARG,
    JSON_OPTION,
    app,
    comma_names,
    msg,
    print_json,
    user_errors,
)
from annotator.store import Project

if TYPE_CHECKING:
    from annotator.agreement_report import AgreementReport, Progress


def measure_agreement(
    *,
    path: Path,
    annotators: list[str] | None = None,
    labels: list[str] | None = None,
    progress: Progress | None = None,
) -> AgreementReport:
    from annotator.agreement_report import project_agreement

    with Project.open(path, read_only=True) as project:
        return project_agreement(project, annotators=annotators, labels=labels, progress=progress)


@contextmanager
def _progress_bar(label: str) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; started at the first report."""
    if not sys.stderr.isatty():
        yield None
        return
    with ExitStack() as stack:
        bars: list = []

        def update(done: int, total: int) -> None:
            if not bars:
                bar = typer.progressbar(length=total, label=label, file=sys.stderr)
                bars.append(stack.enter_context(bar))
            bars[0].update(done - bars[0].pos)

        yield update


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _print_tables(report: AgreementReport) -> None:
    msg.info(
        f"{report.documents} documents finished by every one of {', '.join(report.annotators)}"
    )
    header = ("pair", "docs", "exact F1", "overlap F1", "token kappa", "relation F1")
    rows = [
        (
            f"{p.a} / {p.b}",
            p.documents,
            *map(_number, (p.exact_f1, p.overlap_f1, p.token_kappa, p.relation_f1)),
        )
        for p in report.pairs
    ]
    msg.table(rows, header=header, divider=True, aligns=("l", "r", "r", "r", "r", "r"))
    for pair in report.pairs:
        if not pair.documents:
            continue
        msg.divider(f"{pair.a} / {pair.b} per label")
        rows = [
            (label, *map(_number, (m.exact_f1, m.overlap_f1, m.token_kappa)))
            for label, m in pair.per_label.items()
        ]
        msg.table(rows, header=("label", *header[2:5]), divider=True, aligns=("l", "r", "r", "r"))
        if pair.relations is not None and pair.relations.a + pair.relations.b:
            rows = [(name, _number(f1)) for name, f1 in pair.relations.per_type.items()]
            msg.table(rows, header=("relation", "F1"), divider=True, aligns=("l", "r"))
    msg.divider("Krippendorff's alpha (nominal, tokens)")
    alpha = [(label, _number(value)) for label, value in report.krippendorff_alpha.items()]
    msg.table(alpha, header=("label", "alpha"), divider=True, aligns=("l", "r"))
    msg.text("'-': undefined (no spans to compare, or chance agreement is already total)")


@app.command("agreement")
def agreement_cli(
    path: Path = EXISTING_PROJECT_ARG,
    annotators: str = typer.Option(
        None, "--annotators", help="Comma-separated annotators (default: all but gold)."
    ),
    labels: str = typer.Option(
        None, "--labels", help="Comma-separated labels (default: all of the schema)."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Measure inter-annotator agreement on the documents all compared annotators marked done.

    Per pair: exact span F1, overlap span F1 and token-level Cohen's kappa, overall and per
    label, and relation F1 overall and per type (same type between exactly matching spans);
    over all chosen annotators: Krippendorff's alpha per label on tokens.

    Example: annotator agreement news.db --annotators amira,ben --labels ACTOR,CASUALTY
    """
    with user_errors(path):
        report = measure_agreement(
            path=path, annotators=comma_names(annotators), labels=comma_names(labels)
        )
    if json_:
        print_json(report.model_dump(mode="json"))
    else:
        _print_tables(report)
