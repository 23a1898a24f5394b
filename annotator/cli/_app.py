"""The Typer app every command registers on, the one message printer, and error handling."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from wasabi import Printer
from wasabi.util import color as color_text
from wasabi.util import locale_escape

from annotator.errors import AnnotatorError
from annotator.terminal import colour_wanted

app = typer.Typer(
    name="annotator",
    help="Label conflict-news articles: import, annotate, agree, review, export, train.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OneLinePrinter(Printer):
    """wasabi's printer, without its wrapping at 80 columns: a message naming a long path (one
    with spaces, say) stays one line that a script can match and a person can copy whole.
    Colour only on a terminal: a pipe or a file gets plain text, and so does NO_COLOR set."""

    def __init__(self) -> None:
        super().__init__()
        self.show_color = self.show_color and colour_wanted()

    def divider(
        self, text: str = "", char: str = "=", show: bool = True, icon: str | None = None
    ) -> None:
        if not show:
            return
        deco = char * max(2, (self.line_max - len(text)) // 2 - 2)
        line = f"{deco} {text} {deco}" if text else char * self.line_max
        print("\n" + (color_text(line, bold=True) if self.show_color else line))

    def text(
        self,
        title: Any = "",
        text: Any = "",
        color: str | int | None = None,
        bg_color: str | int | None = None,
        icon: str | None = None,
        spaced: bool = False,
        show: bool = True,
        no_print: bool = False,
        exits: int | None = None,
    ) -> str | None:
        if not show:
            return None
        line = str(title)
        if self.pretty:
            mark = self.icons.get(icon) if icon else None
            line = locale_escape(f"{mark} {line}").strip() if mark else line
            if self.show_color:
                line = color_text(
                    line, fg=self.colors.get(color, color), bg=self.colors.get(bg_color, bg_color)
                )
        line = f"{line}\n{text}" if text else line
        line = f"\n{line}\n" if exits is not None or spaced else line
        if no_print or self.no_print:
            return line
        print(line)
        if exits is not None:
            raise typer.Exit(exits)
        return None


msg = OneLinePrinter()


def comma_names(value: str | None) -> list[str] | None:
    """Names given as `A,B, C`: stripped, empty ones dropped; None when none is left."""
    names = [name.strip() for name in (value or "").split(",") if name.strip()]
    return names or None


EXIT_BAD_INPUT = 2


def fail(text: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print an error to stderr and exit with `code`."""
    typer.secho(f"✘ {text}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


@contextmanager
def user_errors(project: Path | None = None) -> Iterator[None]:
    """Turn an AnnotatorError into a message on stderr and exit code 2; so too a failure of
    the project file itself (a full disk, an I/O error, another program writing to it for
    longer than the store waits), named by `project`."""
    try:
        yield
    except AnnotatorError as error:
        fail(str(error))
    except Exception as error:
        from annotator.store import DatabaseError, is_busy  # loaded by whatever raised it

        if not isinstance(error, DatabaseError):
            raise
        where = f"{project}: " if project is not None else "the project file: "
        if is_busy(error):
            fail(f"{where}busy: another program is writing to it ({error}); try again later")
        damaged = "malformed" in str(error) and project is not None
        check = f"; `annotator check {project}` says what is damaged" if damaged else ""
        fail(
            f"{where}SQLite failed ({error}); what the command had not finished is not"
            f" written{check}"
        )


@contextmanager
def progress_bar(show: bool, title: str) -> Iterator[Callable[[int, int], bool] | None]:
    """A progress callback `(done, total) -> True` drawing a bar titled `title` on stderr, or
    None when `show` is false (stderr is no terminal). The bar is redrawn by each call, not by
    a thread of its own: with no other thread running, workers can be forked (see workers)."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        title,
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,
    ) as bar:
        task = bar.add_task(title, total=None)

        def update(done: int, total: int) -> bool:
            bar.update(task, completed=done, total=total, refresh=True)
            return True

        yield update


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


PROJECT_ARG = typer.Argument(..., help="Project file (.db).", dir_okay=False)
EXISTING_PROJECT_ARG = typer.Argument(
    ..., help="Project file (.db).", exists=True, dir_okay=False, readable=True
)
JSON_OPTION = typer.Option(False, "--json", help="Print one JSON object instead of text.")
