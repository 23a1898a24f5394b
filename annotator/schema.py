"""Label schema: pydantic models for labels and their typed attributes, loading and validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from annotator.errors import AnnotatorError
from annotator.locations import data_folder

SCHEMAS_DIR = data_folder("schemas", "schemas")
DEFAULT_SCHEMA_PATH = SCHEMAS_DIR / "conflict.json"

AttrValue = str | int | bool


class SchemaError(AnnotatorError, ValueError):
    """A label schema file that cannot be used; the message names the file and field."""


class AttrError(ValueError):
    """A span attribute that does not fit its label's schema."""


class AttributeSpec(BaseModel):
    """One typed attribute a span of a label can carry."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    type: Literal["choice", "integer", "text", "boolean"]
    description: str = ""
    choices: list[str] | None = None
    minimum: int | None = None
    maximum: int | None = None

    @model_validator(mode="after")
    def _choices_fit_type(self) -> AttributeSpec:
        if self.type == "choice" and not self.choices:
            raise ValueError("a 'choice' attribute needs a non-empty 'choices' list")
        if self.type != "choice" and self.choices is not None:
            raise ValueError(f"'choices' only goes with type 'choice', not {self.type!r}")
        return self

    def check(self, value: Any) -> AttrValue:
        """Return `value` if it fits this attribute, else raise AttrError saying why."""
        if self.type == "choice":
            if value not in (self.choices or []):
                allowed = ", ".join(self.choices or [])
                raise AttrError(f"{self.name} must be one of {allowed}, not {value!r}")
        elif self.type == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise AttrError(f"{self.name} must be an integer, not {value!r}")
            if self.minimum is not None and value < self.minimum:
                raise AttrError(f"{self.name} must be at least {self.minimum}, not {value}")
            if self.maximum is not None and value > self.maximum:
                raise AttrError(f"{self.name} must be at most {self.maximum}, not {value}")
        elif self.type == "text":
            if not isinstance(value, str):
                raise AttrError(f"{self.name} must be text, not {value!r}")
        elif not isinstance(value, bool):
            raise AttrError(f"{self.name} must be true or false, not {value!r}")
        return value


class LabelSpec(BaseModel):
    """A span label: its name, look, hotkey and attributes."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
    hotkey: Annotated[str, Field(pattern=r"^[0-9a-z]$")]
    description: str = ""
    attributes: list[AttributeSpec] = []

    @model_validator(mode="after")
    def _unique_attribute_names(self) -> LabelSpec:
        names = [a.name for a in self.attributes]
        if len(names) != len(set(names)):
            raise ValueError(f"label {self.name} repeats an attribute name: {names}")
        return self

    def attribute(self, name: str) -> AttributeSpec | None:
        return next((a for a in self.attributes if a.name == name), None)


class LabelSchema(BaseModel):
    """The labels of a project; stored in the project file it was created with."""

    model_config = ConfigDict(extra="forbid")

    name: str
    version: int = 1
    description: str = ""
    labels: Annotated[list[LabelSpec], Field(min_length=1)]
    guidelines: str = ""
    """Longer annotation guidelines (markdown), shown in the window's Guidelines panel (F2)."""

    @model_validator(mode="after")
    def _unique_names_and_hotkeys(self) -> LabelSchema:
        for field in ("name", "hotkey"):
            values = [getattr(label, field) for label in self.labels]
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"labels repeat a {field}: {', '.join(repeated)}")
        return self

    @property
    def label_names(self) -> list[str]:
        return [label.name for label in self.labels]

    def label(self, name: str) -> LabelSpec:
        """The label called `name`; an unknown name raises AttrError listing the labels."""
        for label in self.labels:
            if label.name == name:
                return label
        known = ", ".join(self.label_names)
        raise AttrError(f"unknown label {name!r} (labels: {known})")

    def check_attrs(self, label_name: str, attrs: dict[str, Any] | None) -> dict[str, AttrValue]:
        """Validated copy of `attrs` for a span of `label_name`; None values are dropped."""
        label = self.label(label_name)
        checked: dict[str, AttrValue] = {}
        for name, value in (attrs or {}).items():
            spec = label.attribute(name)
            if spec is None:
                known = ", ".join(a.name for a in label.attributes) or "none"
                raise AttrError(
                    f"label {label_name} has no attribute {name!r} (attributes: {known})"
                )
            if value is not None:
                checked[name] = spec.check(value)
        return checked

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_defaults=False)


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def parse_schema(text: str, source: str = "<schema>") -> LabelSchema:
    """Parse schema JSON text; errors name `source` and the field at fault."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SchemaError(f"{source}:{error.lineno}: not valid JSON: {error.msg}") from None
    try:
        return LabelSchema.model_validate(data)
    except ValidationError as error:
        raise SchemaError(f"{source}: {_describe(error)}") from None


def load_schema(path: Path | str = DEFAULT_SCHEMA_PATH) -> LabelSchema:
    """Load and validate a label schema file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemaError(f"{path}: no such schema file") from None
    except UnicodeDecodeError:
        raise SchemaError(f"{path}: not a UTF-8 text file") from None
    return parse_schema(text, str(path))


def json_schema() -> dict[str, Any]:
    """The JSON Schema of label schema files, generated from the pydantic models."""
    return LabelSchema.model_json_schema()


if __name__ == "__main__":
    print(json.dumps(json_schema(), indent=2))
