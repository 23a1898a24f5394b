"""The Typer app every command registers on, the one message printer, and error handling."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from wasabi import Printer

from annotator.errors import AnnotatorError

app = typer.Typer(
    name="annotator",
    help="Label conflict-news articles: import, annotate, agree, review, export, train.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

msg = Printer()

EXIT_BAD_INPUT = 2


def fail(text: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print an error to stderr and exit with `code`."""
    typer.secho(f"✘ {text}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn an AnnotatorError into a message on stderr and exit code 2."""
    try:
        yield
    except AnnotatorError as error:
        fail(str(error))


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


PROJECT_ARG = typer.Argument(..., help="Project file (.db).", dir_okay=False)
EXISTING_PROJECT_ARG = typer.Argument(
    ..., help="Project file (.db).", exists=True, dir_okay=False, readable=True
)
JSON_OPTION = typer.Option(False, "--json", help="Print one JSON object instead of text.")
