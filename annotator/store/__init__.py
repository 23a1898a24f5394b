"""The only package that speaks SQL: the project file and everything stored in it."""

from annotator.store.connection import DatabaseError, ProjectError, is_busy
from annotator.store.project import Project

__all__ = ["DatabaseError", "Project", "ProjectError", "is_busy"]
