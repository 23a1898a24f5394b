"""The `annotator` command line: a thin Typer layer over the library; one module per command."""

from annotator.cli import init, stats  # noqa: F401  (each module registers its commands)
from annotator.cli._app import app


def main() -> None:
    app()
