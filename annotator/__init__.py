"""annotator: offline span annotation of conflict-news articles, for event data."""

__version__ = "0.1.0"
