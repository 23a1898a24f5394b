"""The `annotator` command line: a thin Typer layer over the library; one module per command.

Every module in this package registers its commands on `app` when imported.
"""

import importlib
import pkgutil

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError

from annotator.cli._app import EXIT_BAD_INPUT, app

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")


INTERRUPTED = 130
"""The exit code of a command stopped by Ctrl-C (128 + SIGINT), as shells give it."""


def main() -> None:
    """Run a command; a mistake on the command line (a missing file, an unknown option) is one
    line naming it, not Click's usage text and box, and Ctrl-C one line, not a traceback."""
    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError as error:  # `annotator` alone: its help, as Click would print it
        typer.echo(error.ctx.get_help() if error.ctx else "")
        raise SystemExit(EXIT_BAD_INPUT) from None
    except UsageError as error:
        command = error.ctx.command_path if error.ctx else "annotator"
        typer.secho(
            f"✘ {error.format_message()} (`{command} --help` explains the command)",
            err=True,
            fg="red",
        )
        raise SystemExit(EXIT_BAD_INPUT) from None
    except typer.TyperException as error:
        typer.secho(f"✘ {error.format_message()}", err=True, fg="red")
        raise SystemExit(error.exit_code) from None
    except typer.Abort:
        code = INTERRUPTED
    if code == INTERRUPTED:  # Ctrl-C: what the command had not finished is not written
        typer.secho("✘ interrupted; nothing unfinished was written", err=True, fg="red")
    raise SystemExit(code if isinstance(code, int) else 0)
