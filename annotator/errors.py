"""The base of every error a user can cause: the command line prints these and exits with 2."""


class AnnotatorError(Exception):
    """Bad input or a file that cannot be used; the message says which file and why."""
