"""Attributes of a hand-tagged CASUALTY span filled from its figure, never over typed ones."""

from __future__ import annotations

from typing import Any

from annotator.schema import AttrError, LabelSchema

CASUALTY = "CASUALTY"


def filled_attrs(
    schema: LabelSchema,
    label: str,
    text: str,
    start: int,
    end: int,
    attrs: dict[str, Any],
    language: str = "en",
) -> dict[str, Any] | None:
    """`attrs` completed from the casualty figure at [start, end) of `text`, or None when
    there is nothing to add (another label, no figure, or every attribute already set).

    Values the project's schema would refuse (an older schema without a qualifier, say) are
    left out; what the annotator typed always stays.
    """
    if label != CASUALTY or label not in schema.label_names:
        return None
    from annotator.suggest.casualties import casualty_attrs  # the parser, on first use

    spec = schema.label(label)
    parsed = casualty_attrs(text, start, end, language)
    added: dict[str, Any] = {}
    for name, value in parsed.items():
        attribute = spec.attribute(name)
        if attribute is None or attrs.get(name) is not None:
            continue
        try:
            added[name] = attribute.check(value)
        except AttrError:
            continue
    return {**attrs, **added} if added else None
