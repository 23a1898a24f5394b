"""Event records' CSV lines, made without csv.writer, are the lines csv.writer writes."""

from __future__ import annotations

import csv
import io
import itertools

from annotator.exporters.event_csv import LINE_END, csv_line, spreadsheet_cell

TRICKY = [
    "plain",
    "",
    "a, b",
    'say "hi"',
    "two\nlines",
    "carriage\rreturn",
    "=SUM(A1)",
    "+44",
    "-3",
    "@user",
    "\ttab",
    "\rstart",
    " spaced ",
    "naïve 日本 \U0001d400",
    0,
    -7,
    12,
    None,
    True,
    False,
    2.5,
    -0.5,
    {"k": "v, w"},
    [],
    ["one"],
    ["=one"],
    [None],
    [3],
    [True],
    ["a", None, "b,c"],
    ["-x", "y"],
    [["nested", "list"]],
]


def _csv_writer_line(values):
    """The line csv.writer writes for the cells of `values` (a list of one item is that
    item's cell)."""
    cells = []
    for value in values:
        if type(value) is list and len(value) < 2:
            value = value[0] if value else ""
        cells.append(spreadsheet_cell(value))
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


def test_lines_are_csv_writer_lines():
    for values in itertools.permutations(TRICKY, 3):
        assert csv_line(values) + LINE_END == _csv_writer_line(values), values


def test_a_formula_is_defused_and_a_comma_quoted():
    assert csv_line(["=1+1", "a,b", ['say "x"'], ["p", "q"], True]) == (
        '\'=1+1,"a,b","say ""x""",p; q,true'
    )
