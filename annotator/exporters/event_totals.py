"""Casualty totals of event records: per document, per perpetrator and per victim, each kind
(killed, injured, captured, missing) with its range kept as a range.

A figure counts as [low, high]: an exact `count` as [count, count]; `count_low`/`count_high`
as given, a missing low as 0 and a missing high as no upper bound. Totals sum the lows and
the highs apart (never an average); `high` is None once any figure has no upper bound. A
figure with several victims (or perpetrators) counts towards each of them; a figure with no
number at all ("several were hurt") counts as [0, no bound] and in `unnumbered`.
"""

from __future__ import annotations

from typing import Any

NO_ONE = "(none linked or found)"
TOTAL_GROUPS = {"documents": "document", "perpetrators": "perpetrators", "victims": "victims"}


def document_name(record: dict[str, Any]) -> str:
    """How totals name a document: its uid's first 12 characters, then its title."""
    return f"{record['document'][:12]} {record['title']}"


def figure_range(record: dict[str, Any]) -> tuple[int, int | None]:
    """[low, high] of one figure (high None: no upper bound)."""
    count, low, high = record.get("count"), record.get("count_low"), record.get("count_high")
    if count is not None:
        return count, count
    return (low or 0), high


class EventTotals:
    """Running totals, added one record at a time."""

    def __init__(self) -> None:
        self.groups: dict[str, dict[str, dict[str, dict[str, Any]]]] = {
            group: {} for group in TOTAL_GROUPS
        }
        self._named: tuple[tuple[str, str] | None, str] = (None, "")

    def _cell(self, group: str, name: str, kind: str) -> dict[str, Any]:
        cells = self.groups[group].get(name)
        if cells is None:
            cells = self.groups[group][name] = {}
        cell = cells.get(kind)
        if cell is None:
            cell = cells[kind] = {"figures": 0, "unnumbered": 0, "low": 0, "high": 0}
        return cell

    def add(self, record: dict[str, Any]) -> None:
        kind = record.get("kind") or "unspecified"
        low, high = figure_range(record)
        numberless = (
            record.get("count") is None
            and record.get("count_low") is None
            and record.get("count_high") is None
        )
        for group, key in TOTAL_GROUPS.items():
            names = record[key]
            if type(names) is not list:
                names = [self._document_name(record)]
            elif not names:
                names = [NO_ONE]
            elif len(names) > 1:
                names = dict.fromkeys(names)
            for name in names:
                cell = self._cell(group, name, kind)
                cell["figures"] += 1
                cell["unnumbered"] += numberless
                cell["low"] += low
                cell["high"] = None if high is None or cell["high"] is None else cell["high"] + high

    def _document_name(self, record: dict[str, Any]) -> str:
        """`document_name`, made once for a run of records of one document."""
        if self._named[0] != (record["document"], record["title"]):
            self._named = ((record["document"], record["title"]), document_name(record))
        return self._named[1]

    def merge(self, other: dict[str, Any]) -> None:
        """Add totals made elsewhere (another process's `as_dict`)."""
        for group, names in other.items():
            for name, kinds in names.items():
                for kind, theirs in kinds.items():
                    cell = self._cell(group, name, kind)
                    for field in ("figures", "unnumbered", "low"):
                        cell[field] += theirs[field]
                    both = None not in (cell["high"], theirs["high"])
                    cell["high"] = cell["high"] + theirs["high"] if both else None

    def as_dict(self) -> dict[str, Any]:
        return {group: dict(sorted(values.items())) for group, values in self.groups.items()}


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
