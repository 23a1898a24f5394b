"""The only package that speaks SQL: the project file and everything stored in it."""

from annotator.store.connection import ProjectError
from annotator.store.project import Project

__all__ = ["Project", "ProjectError"]
