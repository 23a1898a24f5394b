"""Event records as CSV lines that open in a spreadsheet as they are: lists joined, booleans as
true/false, formulas defused, quoted as Python's csv module quotes (its `excel` dialect).

The lines are made here rather than by csv.writer, which looks at each character of a cell apart
and was a sixth of a big export's time; a test holds our lines to csv.writer's. A document's
about cells (document, title, date, source) are made once a run of its records, and each
sentence once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TextIO

from annotator.exporters.events import COLUMNS

FORMULA_STARTS = frozenset("=+-@\t\r")
"""A cell beginning so is a formula to a spreadsheet: it is written after a ' (OWASP's advice)."""
LIST_SEPARATOR = "; "
LINE_END = "\r\n"
"""csv.writer's line end."""
_QUOTED = re.compile('[,"\r\n]')
"""A cell holding any of these is quoted (csv.QUOTE_MINIMAL: the delimiter, the quote char or
a character of the line end)."""
SENTENCE = COLUMNS.index("sentence")


def spreadsheet_cell(value: Any) -> Any:
    """A record's value as one CSV cell: lists joined, booleans as true/false, formulas defused."""
    kind = type(value)
    if kind is int:
        return value
    if kind is list:
        value = LIST_SEPARATOR.join("" if item is None else str(item) for item in value)
    elif kind is bool:
        return "true" if value else "false"
    elif value is None:
        return ""
    elif kind is not str:
        value = str(value)
    return "'" + value if value[:1] in FORMULA_STARTS else value


def csv_line(values: Iterable[Any]) -> str:
    """`spreadsheet_cell` of each value (but a list of one item is that item's cell), quoted
    where csv would and joined by commas; the common cells (text, whole numbers, nothing,
    flags) made without a call: a big export writes millions."""
    cells: list[str] = []
    for value in values:
        kind = type(value)
        if kind is list:
            if len(value) < 2:  # most lists hold one name or none
                value = value[0] if value else ""
                kind = type(value)
            else:
                value, kind = spreadsheet_cell(value), str
        if kind is str:
            cells.append("'" + value if value[:1] in FORMULA_STARTS else value)
        elif kind is int:
            cells.append(str(value))
        elif value is None:
            cells.append("")
        else:
            cells.append(str(spreadsheet_cell(value)))
    if _QUOTED.search("".join(cells)):  # one search for the line; rarely a cell needs quotes
        cells = [_quoted(cell) for cell in cells]
    return ",".join(cells)


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if _QUOTED.search(cell) else cell


class CsvRecordsWriter:
    """Writes runs of one document's records as CSV lines to `handle`, one write a run."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle

    def write(self, records: list[list[Any]]) -> None:
        if not records:
            return
        about = csv_line(records[0][:SENTENCE]) + ","
        lines, sentence, start = [], None, ""
        for record in records:
            if record[SENTENCE] is not sentence:
                sentence = record[SENTENCE]
                start = about + csv_line([sentence]) + ","
            lines.append(start + csv_line(record[SENTENCE + 1 :]) + LINE_END)
        self._handle.write("".join(lines))
