"""JSON Schema of a rule pack (validated with ``jsonschema``), one schema per rule kind.

A pack is a YAML mapping ``{pack, description, version, rules: [...]}``; each rule has the
common keys below plus the keys of its kind, which the kind's own file declares
(:attr:`repair.rules.kinds.base.Matcher.keys`). Unknown keys are errors, so a typo such as
``replacment`` fails loudly with its file and line instead of being ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from repair.edits import MQM_DIMENSIONS, Applicability

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)+$"}
_CATEGORY = {"type": "string", "pattern": r"^(" + "|".join(MQM_DIMENSIONS) + r")(/[a-z][a-z-]*)*$"}
_STR_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}
#: An example's source text (for source-aware kinds): line n is the source of line n.
_EXAMPLE_SOURCE = {"type": "string"}
_EXAMPLE = {
    "type": "object",
    "oneOf": [
        {
            "required": ["bad", "fixed"],
            "properties": {
                "bad": {"type": "string"},
                "fixed": {"type": "string"},
                "unsafe": {"type": "boolean"},
                "source": _EXAMPLE_SOURCE,
            },
            "additionalProperties": False,
        },
        {
            "required": ["bad", "flagged"],
            "properties": {"bad": {"type": "string"}, "flagged": {"type": "string"}, "source": _EXAMPLE_SOURCE},
            "additionalProperties": False,
        },
        {
            "required": ["good"],
            "properties": {"good": {"type": "string"}, "source": _EXAMPLE_SOURCE},
            "additionalProperties": False,
        },
    ],
}

COMMON = {
    "id": _ID,
    "kind": {"type": "string"},
    "category": _CATEGORY,
    "severity": {"enum": ["minor", "major", "critical"]},
    "applicability": {"enum": [tier.value for tier in Applicability]},
    "message": {"type": "string", "minLength": 1},
    "priority": {"type": "integer"},
    "exceptions": _STR_LIST,
    "source": {"type": "string"},
    "examples": {"type": "array", "items": _EXAMPLE, "minItems": 1},
    # Evidence of a rule written by `repair learn` (documentation only: no effect on matching).
    "learned": {
        "type": "object",
        "properties": {
            "support": {"type": "integer", "minimum": 0},  # human segments that made the change
            "in_mt": {"type": "integer", "minimum": 0},  # human segments whose MT holds the phrase
            "category_guessed": {"type": "boolean"},  # true until a person has checked the category
            "from": {"type": "string"},  # the inputs it was learned from
        },
        "additionalProperties": False,
    },
}
REQUIRED = ["id", "kind", "category", "severity", "applicability", "message", "examples"]

#: Shared fragments for the kinds' own keys (see :attr:`repair.rules.kinds.base.Matcher.keys`):
#: a list of non-empty strings, and a replacement (one string, or a list of candidates).
STR_LIST = _STR_LIST
REPLACEMENT = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}


class KindKeys(Protocol):
    """What :func:`rule_schema` reads of a rule kind (a :class:`~repair.rules.kinds.base.Matcher` class)."""

    keys: Mapping[str, Any]
    required: tuple[str, ...]


def rule_schema(kind: KindKeys) -> dict:
    """The JSON Schema for one rule of ``kind``: the common keys plus the kind's own
    (``kind.keys``), the common required keys plus ``kind.required``; no other key."""
    return {
        "type": "object",
        "properties": {**COMMON, **kind.keys},
        "required": REQUIRED + list(kind.required),
        "additionalProperties": False,
    }


PACK_SCHEMA = {
    "type": "object",
    "properties": {
        "pack": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*$"},
        "description": {"type": "string"},
        "version": {"type": ["integer", "string"]},
        "rules": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["pack", "rules"],
    "additionalProperties": False,
}
