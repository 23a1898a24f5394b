"""Suggestions: casualty figures read from text, SpanRuler patterns and a trained model."""

from annotator.suggest.casualties import (
    CasualtyMention,
    casualty_attrs,
    find_casualties,
    parse_casualty,
    supported_languages,
)

__all__ = [
    "CasualtyMention",
    "casualty_attrs",
    "find_casualties",
    "parse_casualty",
    "supported_languages",
]
