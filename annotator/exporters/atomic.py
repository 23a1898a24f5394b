"""Export output written whole or not at all: staged beside the output, swapped in by rename.

A file or folder is first written under a staging name beside its output,
`.{output name}.{pid}-{random}.exporting`, then renamed onto the output in one step: a kill
at any moment leaves either the whole old output or the whole new one. A folder is swapped
with Linux's `renameat2(RENAME_EXCHANGE)`; where that is missing, the old folder is first
renamed aside (`....replaced`), and the next export to the same output puts it back if a
kill came between the two renames. Every export first removes what killed exports to the
same output left behind: staging (and an events export's `.parts` folder) whose owner process
(the pid in its name) is gone.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TextIO

from annotator.exporters.project_output import check_not_sqlite
from annotator.exporters.source import ExportError

STAGING_SUFFIX = "exporting"
REPLACED_SUFFIX = "replaced"
_LEFTOVER = re.compile(
    r"\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}(\.[0-9a-f]{8}\.parts|\.(?P<kind>exporting|replaced))"
)
"""Staging, an old output set aside, and the folder of an events export's parts (named for its
staging file, `.NAME.PID-RANDOM.RANDOM.parts`)."""
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def staging_path(output: Path, kind: str = STAGING_SUFFIX) -> Path:
    """A fresh hidden name beside `output` that says which process owns it."""
    return output.with_name(f".{output.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.{kind}")


def check_file_output(output: Path) -> None:
    """Refuse a folder where a one-file export must write, and an SQLite database (a project)."""
    if output.is_dir():
        raise ExportError(f"{output}: is a folder; this export writes one file (name the file)")
    check_not_sqlite(output)


@contextmanager
def atomic_text_file(output: Path) -> Iterator[TextIO]:
    """A text file to write in place of `output`, renamed onto it when the block ends without
    an error; an error (or a kill) leaves the old `output` as it was.

    A file system error (a full disk, a read-only folder) is raised as ExportError naming
    `output` and the reason.
    """
    check_file_output(output)
    staging = staging_path(output)
    try:
        with _file_system_errors(output):
            _prepare_parent(output)
            with staging.open("w", encoding="utf-8", newline="\n") as handle:
                yield handle
            os.replace(staging, output)
    finally:
        _remove(staging)


@contextmanager
def atomic_folder(output: Path, own_names: Callable[[str], bool]) -> Iterator[Path]:
    """A staging folder to fill in place of the folder `output`, swapped in when the block ends
    without an error; an error (or a kill) leaves the old `output` as it was.

    Entries of the old folder that `own_names` does not claim (a user's own files) are kept:
    hard-linked into the new folder before the swap. A file system error is raised as
    ExportError, as by `atomic_text_file`.
    """
    staging = staging_path(output)
    try:
        with _file_system_errors(output):
            _prepare_parent(output)
            staging.mkdir()
            yield staging
            if output.is_dir():
                keep_others(output, staging, own_names)
            replace_folder(staging, output)
    finally:
        _remove(staging)


@contextmanager
def _file_system_errors(output: Path) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        reason = file_system_reason(error)
        raise ExportError(f"{output}: cannot write the export: {reason}") from None


def file_system_reason(error: OSError) -> str:
    """The reason of a file system error in a few words ("No space left on device"), also for
    shutil's error that lists every file a copy failed on."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list):
        failures = error.args[0]
        return str(failures[0][2]).split(":")[0] if failures else "copy failed"
    return error.strerror or str(error)


def _prepare_parent(output: Path) -> None:
    """Create the folder `output` goes in; clear what killed exports to it left there."""
    for folder in (output.parent, *output.parent.parents):
        if folder.exists() and not folder.is_dir():
            raise ExportError(f"{output}: cannot write the export: {folder} is not a folder")
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(output)


def replace_folder(staging: Path, output: Path) -> None:
    """Put the folder `staging` in place of `output` (which may not exist) by renames only."""
    if not os.path.lexists(output):
        os.rename(staging, output)
    elif exchange_paths(staging, output):
        _remove(staging)  # now the old output
    else:
        aside = staging_path(output, REPLACED_SUFFIX)
        os.rename(output, aside)
        os.rename(staging, output)
        _remove(aside)


def exchange_paths(first: Path, second: Path) -> bool:
    """Swap two paths in one step (renameat2 RENAME_EXCHANGE); False where not supported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    names = os.fsencode(first), os.fsencode(second)
    if renameat2(_AT_FDCWD, names[0], _AT_FDCWD, names[1], _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


@cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (old glibc, some musl)
        return None


def remove_stale_staging(output: Path) -> list[Path]:
    """Remove what killed exports to `output` left beside it; returns what was removed.

    An old output renamed aside by a swap that a kill interrupted is put back first.
    """
    leftovers = []
    if output.parent.is_dir():
        for entry in output.parent.iterdir():
            match = _LEFTOVER.fullmatch(entry.name)
            if match and match["name"] == output.name and not process_alive(int(match["pid"])):
                leftovers.append((match["kind"], entry))
    for kind, entry in sorted(leftovers, key=lambda item: item[0] != REPLACED_SUFFIX):
        if kind == REPLACED_SUFFIX and not os.path.lexists(output):
            os.rename(entry, output)
        else:
            _remove(entry)
    return [entry for _, entry in leftovers]


def process_alive(pid: int) -> bool:
    """Whether process `pid` runs (a process that cannot be asked is taken as running)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def keep_others(output: Path, staging: Path, own_names: Callable[[str], bool]) -> None:
    """Hard-link into `staging` the entries of the folder `output` that `own_names` does not
    claim and `staging` does not hold, so that swapping `staging` in keeps them."""
    for entry in output.iterdir():
        if own_names(entry.name) or os.path.lexists(staging / entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, staging / entry.name, symlinks=True, copy_function=os.link)
        else:
            os.link(entry, staging / entry.name, follow_symlinks=False)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        path.unlink(missing_ok=True)
