"""JSON Schema of a rule pack (validated with ``jsonschema``), one schema per rule kind.

A pack is a YAML mapping ``{pack, description, version, rules: [...]}``; each rule has the
common keys below plus the keys of its kind. Unknown keys are errors, so a typo such as
``replacment`` fails loudly with its file and line instead of being ignored.
"""

from __future__ import annotations

from repair.edits import MQM_DIMENSIONS

_ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)+$"}
_CATEGORY = {"type": "string", "pattern": r"^(" + "|".join(MQM_DIMENSIONS) + r")(/[a-z][a-z-]*)*$"}
_STR_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}}
#: An example's source text (for source-aware kinds): line n is the source of line n.
_EXAMPLE_SOURCE = {"type": "string"}
_EXAMPLE = {
    "type": "object",
    "oneOf": [
        {"required": ["bad", "fixed"], "properties": {"bad": {"type": "string"}, "fixed": {"type": "string"}, "unsafe": {"type": "boolean"}, "source": _EXAMPLE_SOURCE}, "additionalProperties": False},
        {"required": ["bad", "flagged"], "properties": {"bad": {"type": "string"}, "flagged": {"type": "string"}, "source": _EXAMPLE_SOURCE}, "additionalProperties": False},
        {"required": ["good"], "properties": {"good": {"type": "string"}, "source": _EXAMPLE_SOURCE}, "additionalProperties": False},
    ],
}

COMMON = {
    "id": _ID,
    "kind": {"type": "string"},
    "category": _CATEGORY,
    "severity": {"enum": ["minor", "major", "critical"]},
    "applicability": {"enum": ["safe", "unsafe", "display"]},
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

_REPLACEMENT = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}

KIND_PROPERTIES: dict[str, tuple[dict, list[str]]] = {
    "substitution": (
        {
            "entries": {"type": "object", "minProperties": 1, "additionalProperties": _REPLACEMENT},
            "case_sensitive": {"type": "boolean"},
        },
        ["entries"],
    ),
    "pattern": (
        {
            "pattern": {"type": "string", "minLength": 1},
            "replacement": {"type": "string"},
            "ignore_case": {"type": "boolean"},
            "requires": _STR_LIST,
        },
        ["pattern"],
    ),
    "repetition": ({"words": _STR_LIST}, []),
    "coordination": (
        {
            "word": {"type": "string", "minLength": 1},
            "preceded_by": _STR_LIST,
            "replacement": {"type": "string"},
            "keep_comparatives": {"type": "boolean"},
        },
        [],
    ),
    "name": ({"surnames": _STR_LIST, "min_given_length": {"type": "integer", "minimum": 1}}, ["surnames"]),
    "capitalization": (
        {
            "safe_after": _STR_LIST,
            "skip_after_words": _STR_LIST,
        },
        [],
    ),
    "characters": (
        {
            "map": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}},
            "script": {"enum": ["han"]},
            "space_before": _STR_LIST,
        },
        [],
    ),
    # Source-aware kinds: they read Segment.source and skip segments without one.
    "numbers": ({"mode": {"enum": ["changed", "missing"]}}, ["mode"]),
    "untranslated": (
        {"min_letters": {"type": "integer", "minimum": 1}, "cjk_share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1}},
        [],
    ),
    "cjk": ({"copied_only": {"type": "boolean"}, "glosses": {"type": "boolean"}}, []),
    "length": (
        {"min_ratio": {"type": "number", "minimum": 0}, "max_ratio": {"type": "number", "minimum": 0},
         "min_source": {"type": "integer", "minimum": 1}},
        [],
    ),
    # the same as RomanisationMatcher.keys/required (a copy until the kind registry lands)
    "romanisation": (
        {"check": {"enum": ["spelling", "order", "given-alone"]},
         "min_similarity": {"type": "number", "minimum": 50, "maximum": 100}},
        ["check"],
    ),
    "terms": ({"list": {"type": "string", "minLength": 1}}, ["list"]),  # = TermsMatcher.keys/required
    "glossary": (
        {"terms": {"type": "object", "minProperties": 1, "additionalProperties": _REPLACEMENT}},
        ["terms"],
    ),
}

#: Exactly one of these keys must be present in a ``characters`` rule.
CHARACTER_MODES = ("map", "script", "space_before")


def rule_schema(kind: str) -> dict:
    """The JSON Schema for one rule of ``kind``.

    Raises:
        KeyError: for an unknown kind.
    """
    props, required = KIND_PROPERTIES[kind]
    return {
        "type": "object",
        "properties": {**COMMON, **props},
        "required": REQUIRED + required,
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
