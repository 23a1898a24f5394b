"""The PySide6 annotation window; the only package that imports Qt."""
