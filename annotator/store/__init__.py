"""The only package that speaks SQL: the project file and everything stored in it."""

from annotator.store.connection import DatabaseError, ProjectError, ProjectFileGone, is_busy
from annotator.store.project import Project

__all__ = ["DatabaseError", "Project", "ProjectError", "ProjectFileGone", "is_busy"]
