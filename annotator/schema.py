"""Label schema: pydantic models for labels, their typed attributes and the relation types between
them; loading and validation."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from annotator.errors import AnnotatorError
from annotator.locations import data_folder

SCHEMAS_DIR = data_folder("schemas", "schemas")
DEFAULT_SCHEMA_PATH = SCHEMAS_DIR / "conflict.json"

AttrValue = str | int | bool
LABEL_NAME_PATTERN = r"^[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$"
LABEL_NAME_LENGTH = 100
RELATION_NAME_PATTERN = r"^[A-Z][A-Z0-9_]*$"
HOTKEYS = "1234567890abcdefghijklmnopqrstuvwxyz"
PALETTE = (
    "#e6194b",
    "#3cb44b",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#42d4f4",
    "#f032e6",
    "#bfef45",
    "#fabed4",
    "#469990",
    "#dcbeff",
    "#9a6324",
)
"""Colours of labels made from a file's label names, in turn (Sasha Trubetskoy's list)."""
INTEGER_RANGE = (0, 1_000_000_000)
"""The range of an integer attribute whose schema gives no minimum or maximum."""
INTEGER_LIMIT = 2**31 - 1
"""No range reaches past ±INTEGER_LIMIT: the window's number fields end there."""


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
    minimum: Annotated[
        int | None,
        Field(
            ge=-INTEGER_LIMIT,
            le=INTEGER_LIMIT,
            description=f"Smallest value of an integer attribute (default {INTEGER_RANGE[0]}).",
        ),
    ] = None
    maximum: Annotated[
        int | None,
        Field(
            ge=-INTEGER_LIMIT,
            le=INTEGER_LIMIT,
            description=f"Largest value of an integer attribute (default {INTEGER_RANGE[1]}).",
        ),
    ] = None

    @model_validator(mode="after")
    def _choices_fit_type(self) -> AttributeSpec:
        if self.type == "choice" and not self.choices:
            raise ValueError("a 'choice' attribute needs a non-empty 'choices' list")
        if self.type != "choice" and self.choices is not None:
            raise ValueError(f"'choices' only goes with type 'choice', not {self.type!r}")
        return self

    @model_validator(mode="after")
    def _integer_range(self) -> AttributeSpec:
        """Every integer attribute has a range: the schema's, else INTEGER_RANGE."""
        if self.type != "integer":
            if self.minimum is not None or self.maximum is not None:
                raise ValueError(
                    f"'minimum' and 'maximum' only go with type 'integer' ({self.name})"
                )
            return self
        if self.minimum is None:
            self.minimum = INTEGER_RANGE[0]
        if self.maximum is None:
            self.maximum = INTEGER_RANGE[1]
        if self.minimum > self.maximum:
            raise ValueError(f"{self.name}: minimum {self.minimum} is above maximum {self.maximum}")
        return self

    def check(self, value: Any) -> AttrValue:
        """Return `value` if it fits this attribute, else raise AttrError saying why."""
        if self.type == "choice":
            if value not in (self.choices or []):
                allowed = ", ".join(self.choices or [])
                raise AttrError(f"{self.name} must be one of {allowed}, not {shown(value)}")
        elif self.type == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise AttrError(f"{self.name} must be an integer, not {shown(value)}")
            if value < self.minimum:
                raise AttrError(f"{self.name} must be at least {self.minimum}, not {shown(value)}")
            if value > self.maximum:
                raise AttrError(f"{self.name} must be at most {self.maximum}, not {shown(value)}")
        elif self.type == "text":
            if not isinstance(value, str):
                raise AttrError(f"{self.name} must be text, not {shown(value)}")
        elif not isinstance(value, bool):
            raise AttrError(f"{self.name} must be true or false, not {shown(value)}")
        return value


def shown(value: Any, length: int = 40) -> str:
    """`value` as an error message quotes it: its repr cut to `length` characters, and a long
    number by its count of digits (Python refuses to write one of over 4,300 digits)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 100:
        return f"a number of {digit_count(value)} digits"
    text = repr(value)
    return text if len(text) <= length else text[: length - 1] + "…"


class LabelSpec(BaseModel):
    """A span label: its name, look, hotkey and attributes."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(pattern=LABEL_NAME_PATTERN, max_length=LABEL_NAME_LENGTH)]
    """As users name labels ("ACTOR", "Dish", "Price range"): no spaces at either end and
    no control characters."""
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


class RelationError(AttrError):
    """A relation the schema does not allow (unknown type, or labels it may not connect)."""


class RelationSpec(BaseModel):
    """A relation type: which labels it may lead from (head) and to (tail), its look and hotkey.

    The hotkey picks the type once the two spans are chosen; it may not be a label's hotkey
    nor R, which starts a relation.
    """

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(pattern=RELATION_NAME_PATTERN)]
    head: Annotated[list[str], Field(min_length=1)]
    tail: Annotated[list[str], Field(min_length=1)]
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = "#555555"
    hotkey: Annotated[str, Field(pattern=r"^[0-9a-z]$")]
    description: str = ""

    def connects(self, head_label: str, tail_label: str) -> bool:
        return head_label in self.head and tail_label in self.tail


@lru_cache(maxsize=1)
def default_relations() -> tuple[RelationSpec, ...]:
    """The relation types of the default schema file, given to a schema that lists none
    (a project made before relations existed)."""
    data = json.loads(DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8"))
    return tuple(RelationSpec.model_validate(item) for item in data.get("relations", []))


class LabelSchema(BaseModel):
    """The labels of a project and the relations between them; stored in the project file."""

    model_config = ConfigDict(extra="forbid")

    name: str
    version: int = 1
    description: str = ""
    labels: Annotated[list[LabelSpec], Field(min_length=1)]
    relations: list[RelationSpec] | None = None
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

    @model_validator(mode="after")
    def _relations_between_known_labels(self) -> LabelSchema:
        names = set(self.label_names)
        if self.relations is None:
            self.relations = [
                spec.model_copy()
                for spec in default_relations()
                if set(spec.head) <= names and set(spec.tail) <= names
            ]
        for field in ("name", "hotkey"):
            values = [getattr(spec, field) for spec in self.relations]
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"relations repeat a {field}: {', '.join(repeated)}")
        taken = {label.hotkey for label in self.labels} | {"r"}  # R starts a relation
        clashing = sorted(spec.hotkey for spec in self.relations if spec.hotkey in taken)
        if clashing:
            raise ValueError(
                f"relation hotkeys repeat a label's hotkey or R: {', '.join(clashing)}"
            )
        for spec in self.relations:
            unknown = sorted(set(spec.head + spec.tail) - names)
            if unknown:
                raise ValueError(f"relation {spec.name} names unknown labels: {', '.join(unknown)}")
        return self

    @property
    def relation_names(self) -> list[str]:
        return [spec.name for spec in self.relations or []]

    def relation(self, name: str) -> RelationSpec:
        """The relation type `name`; an unknown name raises RelationError listing the types."""
        for spec in self.relations or []:
            if spec.name == name:
                return spec
        known = ", ".join(self.relation_names) or "none"
        raise RelationError(f"unknown relation type {name!r} (relation types: {known})")

    def check_relation(self, name: str, head_label: str, tail_label: str) -> RelationSpec:
        """The relation type, if it may lead from a `head_label` span to a `tail_label` one;
        else RelationError saying which labels it connects."""
        spec = self.relation(name)
        if not spec.connects(head_label, tail_label):
            raise RelationError(
                f"a {name} relation leads from {' or '.join(spec.head)} to "
                f"{' or '.join(spec.tail)}, not from {head_label} to {tail_label}"
            )
        return spec

    def relations_between(self, head_label: str, tail_label: str) -> list[RelationSpec]:
        """The relation types that may lead from a `head_label` span to a `tail_label` one."""
        return [s for s in self.relations or [] if s.connects(head_label, tail_label)]

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


def digit_count(value: int) -> int:
    """Decimal digits of `value`, without writing it out."""
    value, digits = abs(value), max(int(value.bit_length() * 0.30102999566398) - 1, 1)
    while value >= 10**digits:
        digits += 1
    return digits


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
    except RecursionError:
        raise SchemaError(f"{source}:1: JSON nested too deeply to read") from None
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


def schema_for_labels(
    names: list[str], name: str, relations: list[tuple[str, list[str], list[str]]] | None = None
) -> LabelSchema:
    """A schema of `names` (no attributes), coloured and given hotkeys 1-9, 0, a-z in order,
    and of `relations` (name, head labels, tail labels) with the hotkeys left after them;
    without `relations`, the default relation types between its labels."""
    if not names:
        raise SchemaError(f"{name}: no labels found")
    if len(names) > len(HOTKEYS):
        raise SchemaError(
            f"{name}: {len(names)} labels, more than the {len(HOTKEYS)} hotkeys (1-9, 0, a-z)"
        )
    labels = [
        {"name": label, "colour": PALETTE[index % len(PALETTE)], "hotkey": HOTKEYS[index]}
        for index, label in enumerate(names)
    ]
    data: dict[str, Any] = {"name": name, "labels": labels}
    if relations is not None:
        free = [key for key in HOTKEYS[len(names) :] if key != "r"]  # R starts a relation
        if len(relations) > len(free):
            raise SchemaError(
                f"{name}: {len(names)} labels and {len(relations)} relation types, more than "
                f"the {len(HOTKEYS) - 1} hotkeys (1-9, 0, a-z but r)"
            )
        data["relations"] = [
            {"name": relation, "head": head, "tail": tail, "hotkey": key}
            for (relation, head, tail), key in zip(relations, free, strict=False)
        ]
    try:
        return LabelSchema.model_validate(data)
    except ValidationError as error:
        raise SchemaError(f"{name}: {_describe(error)}") from None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of label schema files, generated from the pydantic models."""
    return LabelSchema.model_json_schema()


if __name__ == "__main__":
    print(json.dumps(json_schema(), indent=2))
