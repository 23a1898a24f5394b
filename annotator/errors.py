"""The base of every error a user can cause: the command line prints these and exits with 2."""


class AnnotatorError(Exception):
    """Bad input or a file that cannot be used; the message says which file and why."""


def one_line(reason: object, limit: int = 300) -> str:
    """Another library's error message as one line of at most `limit` characters (spaCy's
    messages run over several lines, with advice after the reason)."""
    text = " ".join(str(reason).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
