"""The one validation every span passes, whether it comes from the window, an import or review."""

from __future__ import annotations

from annotator.errors import AnnotatorError
from annotator.model import Span
from annotator.schema import AttrError, LabelSchema
from annotator.tokens import Tokens


class SpanError(AnnotatorError, ValueError):
    """A span that cannot be stored; the message says why."""


def check_span(span: Span, tokens: Tokens, schema: LabelSchema) -> tuple[Span, bool]:
    """Validated span, widened to token boundaries, and whether it had to be widened.

    Raises SpanError for offsets outside the text, a range that covers no token, an unknown
    label (the message lists the schema's labels) or an attribute that does not fit.
    """
    length = len(tokens.text)
    if span.end > length:
        raise SpanError(f"span [{span.start}, {span.end}) ends past the text ({length} characters)")
    snapped = tokens.snap(span.start, span.end)
    if snapped is None:
        raise SpanError(f"span [{span.start}, {span.end}) covers only whitespace")
    try:
        attrs = schema.check_attrs(span.label, span.attrs)
    except AttrError as error:
        raise SpanError(str(error)) from None
    widened = snapped != (span.start, span.end)
    start, end = snapped
    return span.model_copy(update={"start": start, "end": end, "attrs": attrs}), widened
