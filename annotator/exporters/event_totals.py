"""Casualty totals of event records: per document, per perpetrator and per victim, each kind
(killed, injured, captured, missing) with its range kept as a range.

A figure counts as [low, high]: an exact `count` as [count, count]; `count_low`/`count_high`
as given, a missing low as 0 and a missing high as no upper bound. Totals sum the lows and
the highs apart (never an average); `high` is None once any figure has no upper bound. A
figure with several victims (or perpetrators) counts towards each of them; a figure with no
number at all ("several were hurt") counts as [0, no bound] and in `unnumbered`. A figure
inside another of the same kind ("40 people" within "at least 40 people", both labelled)
is the same casualties told twice: only the outer one counts.
"""

from __future__ import annotations

from typing import Any

from annotator.exporters.events import COLUMNS

NO_ONE = "(none linked or found)"
TOTAL_GROUPS = {"documents": "document", "perpetrators": "perpetrators", "victims": "victims"}
DOCUMENT, TITLE, START, END, KIND, COUNT, COUNT_LOW, COUNT_HIGH, VICTIMS, PERPETRATORS = (
    COLUMNS.index(name)
    for name in (
        "document",
        "title",
        "start",
        "end",
        "kind",
        "count",
        "count_low",
        "count_high",
        "victims",
        "perpetrators",
    )
)
CELL_FIELDS = ("figures", "unnumbered", "low", "high")


def document_name(uid: str, title: str) -> str:
    """How totals name a document: its uid's first 12 characters, then its title."""
    return f"{uid[:12]} {title}"


def figure_range(count: Any, low: Any, high: Any) -> tuple[int, int | None]:
    """[low, high] of one figure from its count, count_low and count_high (high None: no
    upper bound)."""
    if count is not None:
        return count, count
    return (low or 0), high


def outermost(records: list[list[Any]]) -> list[list[Any]]:
    """The records whose figure lies inside no other figure of the same kind, in their order
    (a span's offsets are unique per label, so a later one of equal start that ends no later
    lies inside it)."""
    inside: set[int] = set()
    reach: dict[Any, int] = {}  # per kind: the furthest end of a figure started so far
    order = sorted(range(len(records)), key=lambda i: (records[i][START], -records[i][END]))
    for index in order:
        record = records[index]
        kind = record[KIND]
        if record[END] <= reach.get(kind, -1):
            inside.add(index)
        reach[kind] = max(reach.get(kind, -1), record[END])
    return [record for index, record in enumerate(records) if index not in inside]


class EventTotals:
    """Running totals, added a run of one document's records (lists in COLUMNS order) at a
    time. A cell is a list [figures, unnumbered, low, high] until `as_dict`."""

    def __init__(self) -> None:
        self.groups: dict[str, dict[str, dict[str, list[Any]]]] = {
            group: {} for group in TOTAL_GROUPS
        }

    def add_document(self, records: list[list[Any]]) -> None:
        """Add records of one document."""
        if not records:
            return
        documents, perpetrators, victims = (self.groups[group] for group in TOTAL_GROUPS)
        document = document_name(records[0][DOCUMENT], records[0][TITLE])
        for record in outermost(records):
            kind = record[KIND] or "unspecified"
            count, low, high = record[COUNT], record[COUNT_LOW], record[COUNT_HIGH]
            figure = (
                1,
                count is None and low is None and high is None,
                *figure_range(count, low, high),
            )
            _add(documents, document, kind, figure)
            for cells, names in ((perpetrators, record[PERPETRATORS]), (victims, record[VICTIMS])):
                if len(names) == 1:
                    _add(cells, names[0], kind, figure)
                elif not names:
                    _add(cells, NO_ONE, kind, figure)
                else:
                    for name in dict.fromkeys(names):
                        _add(cells, name, kind, figure)

    def merge(self, other: EventTotals) -> None:
        """Add totals made elsewhere (another process's, pickled as they are)."""
        for group, names in other.groups.items():
            cells = self.groups[group]
            for name, kinds in names.items():
                for kind, cell in kinds.items():
                    _add(cells, name, kind, cell)

    def as_dict(self) -> dict[str, Any]:
        return {
            group: {
                name: {kind: dict(zip(CELL_FIELDS, cell)) for kind, cell in kinds.items()}
                for name, kinds in sorted(values.items())
            }
            for group, values in self.groups.items()
        }


def _add(cells: dict[str, dict[str, list[Any]]], name: str, kind: str, counts: Any) -> None:
    """Add `counts` (figures, unnumbered, low, high: one figure's, or another process's cell)
    to `name`'s cell of `kind` (written out, without calls: a big export counts millions)."""
    kinds = cells.get(name)
    if kinds is None:
        kinds = cells[name] = {}
    cell = kinds.get(kind)
    if cell is None:
        cell = kinds[kind] = [0, 0, 0, 0]
    figures, unnumbered, low, high = counts
    cell[0] += figures
    cell[1] += unnumbered
    cell[2] += low
    cell[3] = None if high is None or cell[3] is None else cell[3] + high


def describe(cell: dict[str, Any]) -> str:
    """'12-15 (2 figures)', 'at least 18 (1 figure)', '4 (1 figure)', 'at least 3 (2
    figures, 1 without a number)'."""
    low, high, figures = cell["low"], cell["high"], cell["figures"]
    amount = f"at least {low}" if high is None else str(low) if low == high else f"{low}-{high}"
    unnumbered = f", {cell['unnumbered']} without a number" if cell["unnumbered"] else ""
    return f"{amount} ({figures} figure{'s' if figures != 1 else ''}{unnumbered})"


def totals_lines(totals: dict[str, Any], limit: int = 20) -> list[str]:
    """Readable lines of the totals: each group, each name with its kinds (the first
    `limit` names of a group; the JSON report holds them all)."""
    lines = []
    for group, names in totals.items():
        lines.append(f"totals per {group.rstrip('s')}:")
        for name, kinds in list(names.items())[:limit]:
            described = ", ".join(f"{kind} {describe(cell)}" for kind, cell in kinds.items())
            lines.append(f"  {name}: {described}")
        if len(names) > limit:
            lines.append(f"  ... {len(names) - limit} more (--json lists them all)")
    return lines
