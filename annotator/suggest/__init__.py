"""Suggestions: casualty figures read from text, SpanRuler patterns and a trained model.

The casualty parser's names are read from this package on first use (PEP 562), so that
opening the window, which imports `annotator.suggest.fill`, does not load the parser and
its number words before a CASUALTY span is tagged.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CasualtyMention",
    "casualty_attrs",
    "find_casualties",
    "parse_casualty",
    "supported_languages",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from annotator.suggest import casualties

        return getattr(casualties, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
