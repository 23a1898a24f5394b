"""Exporters: project labels -> JSONL, spaCy DocBin, CoNLL."""
