"""Load rule packs: YAML files validated against :mod:`repair.rules.schema`.

Every error names the file, the line and the offending key or value, e.g.
``my-pack.yaml:14: rule 'mine/x': unknown key 'replacment'``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from repair.edits import Applicability, Severity
from repair.errors import PackError
from repair.rules.schema import CHARACTER_MODES, KIND_PROPERTIES, PACK_SCHEMA, rule_schema

#: The packs shipped with `repair`, loaded unless ``--no-builtin-packs`` is given.
BUILTIN_PACKS = ("mt-en", "zh-en", "bilingual")


@dataclass(frozen=True)
class Example:
    """One example of a rule: ``bad`` -> ``fixed`` (a fix), ``bad`` flagged (no fix), or ``good``.

    ``unsafe`` marks a fix expected only with ``--unsafe-fixes``; ``flagged`` names text
    that ``check`` must report without ``fix`` changing anything.
    """

    bad: str | None = None
    fixed: str | None = None
    good: str | None = None
    flagged: str | None = None
    unsafe: bool = False
    line: int = 0
    source: str | None = None  # the source text, for rules of source-aware kinds


@dataclass(frozen=True)
class Rule:
    """A rule as data: its common fields plus the kind's own ``params``.

    Attributes:
        id: slash-separated id, e.g. ``zh-en/calque/covid``; selection is by id prefix.
        kind: the matcher kind (``substitution``, ``pattern``, ...).
        category: MQM category path.
        severity / applicability: MQM severity and fix tier.
        message: one line for a person.
        params: the kind-specific keys as written in the pack.
        examples: the rule's own test cases.
        pack: the pack's name; path/line: where the rule is defined.
    """

    id: str
    kind: str
    category: str
    severity: Severity
    applicability: Applicability
    message: str
    params: dict[str, Any]
    examples: tuple[Example, ...]
    priority: int = 0
    exceptions: tuple[str, ...] = ()
    source: str = ""
    pack: str = ""
    path: str = ""
    line: int = 0


@dataclass
class Pack:
    """A loaded pack: its name, description, rules and where it came from."""

    name: str
    description: str
    rules: list[Rule] = field(default_factory=list)
    path: str = ""


def _line_map(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict[tuple, tuple[int, int]]:
    """Map each path in the YAML tree to ``(key_line, value_line)``, 1-based."""
    out = {} if out is None else out
    out.setdefault(path, (node.start_mark.line + 1, node.start_mark.line + 1))
    if isinstance(node, yaml.MappingNode):
        for knode, vnode in node.value:
            sub = path + (knode.value,)
            out[sub] = (knode.start_mark.line + 1, vnode.start_mark.line + 1)
            _line_map(vnode, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, vnode in enumerate(node.value):
            sub = path + (i,)
            out[sub] = (vnode.start_mark.line + 1, vnode.start_mark.line + 1)
            _line_map(vnode, sub, out)
    return out


def _parse_yaml(text: str, path: str) -> tuple[Any, dict]:
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise PackError(path, "empty pack: expected a mapping with 'pack' and 'rules'")
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PackError(path, f"YAML syntax: {exc.problem or exc.context}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise PackError(path, f"YAML syntax: {exc}") from None
    return data, _line_map(node)


def _schema_error(err: jsonschema.ValidationError, base: tuple, lines: dict, path: str, what: str) -> PackError:
    loc = base + tuple(err.absolute_path)
    if err.validator == "additionalProperties":
        bad = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        key = bad[0] if bad else "?"
        line = lines.get(loc + (key,), lines.get(loc, (None, None)))[0]
        return PackError(path, f"{what}: unknown key '{key}'", line)
    if err.validator == "required":
        line = lines.get(loc, (None, None))[1]
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return PackError(path, f"{what}: missing key '{missing}'", line)
    key = ".".join(str(p) for p in err.absolute_path) or "(top)"
    line = lines.get(loc, (None, None))[1]
    detail = err.message if len(err.message) < 160 else err.message[:157] + "..."
    if err.validator == "oneOf" and "examples" in err.absolute_path:
        detail = "an example needs 'bad' with 'fixed' or 'flagged', or 'good'"
    return PackError(path, f"{what}: bad value for '{key}': {detail}", line)


def _errors(schema: dict, data: Any) -> list[jsonschema.ValidationError]:
    """Schema errors, an unknown key first (it usually explains a 'missing' one: a typo)."""
    errors = jsonschema.Draft202012Validator(schema).iter_errors(data)
    return sorted(errors, key=lambda e: (e.validator != "additionalProperties", len(e.absolute_path)))


def _check_kind_data(raw: dict, rid: str, loc: tuple, lines: dict, path: str) -> None:
    """Checks the schema cannot express: regexes compile, one characters mode, no chained entries."""
    kind = raw["kind"]

    def fail(key: str, msg: str) -> PackError:
        return PackError(path, f"rule '{rid}': {msg}", lines.get(loc + (key,), lines.get(loc, (None, None)))[0])

    for key in ("pattern",):
        if key in raw:
            try:
                compiled = re.compile(raw[key])
            except re.error as exc:
                raise fail(key, f"bad regex in '{key}': {exc}") from None
            if "replacement" in raw:
                try:  # sub() parses the template (group references) even with nothing to replace
                    compiled.sub(raw["replacement"], "")
                except (re.error, IndexError) as exc:
                    raise fail("replacement", f"bad replacement template: {exc}") from None
    if kind == "characters":
        modes = [m for m in CHARACTER_MODES if m in raw]
        if len(modes) != 1:
            raise fail("kind", f"a characters rule needs exactly one of {', '.join(CHARACTER_MODES)}")
    if kind == "substitution":
        keys = {k.lower() for k in raw["entries"]}
        for k, v in raw["entries"].items():
            if not k.strip():
                raise fail("entries", "an empty phrase in 'entries'")
            for cand in [v] if isinstance(v, str) else v:
                if cand.lower() in keys and cand.lower() != k.lower():
                    raise fail("entries", f"entry '{k}' corrects to '{cand}', itself an entry")
    if kind == "coordination" and ("replacement" in raw) != ("word" in raw):
        raise fail("kind", "a coordination rule gives 'word' and 'replacement' together, or neither")


def _examples(raw: list, loc: tuple, lines: dict) -> tuple[Example, ...]:
    out = []
    for i, ex in enumerate(raw):
        out.append(Example(bad=ex.get("bad"), fixed=ex.get("fixed"), good=ex.get("good"), flagged=ex.get("flagged"),
                           unsafe=bool(ex.get("unsafe", False)), line=lines.get(loc + ("examples", i), (0, 0))[1],
                           source=ex.get("source")))
    return tuple(out)


def parse_pack(text: str, path: str) -> Pack:
    """Parse and validate a pack's YAML text.

    Args:
        text: the YAML source.
        path: the file name for error messages.

    Raises:
        PackError: on YAML syntax errors, schema violations (unknown or missing keys, bad
            values), unknown kinds, bad regexes, duplicate rule ids, or chained entries.
    """
    data, lines = _parse_yaml(text, path)
    if not isinstance(data, dict):
        raise PackError(path, "a pack is a mapping with 'pack' and 'rules'", 1)
    for err in _errors(PACK_SCHEMA, data):
        raise _schema_error(err, (), lines, path, "pack")
    pack = Pack(data["pack"], data.get("description", ""), [], path)
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["rules"]):
        loc = ("rules", i)
        line = lines.get(loc, (0, 0))[1]
        rid = raw.get("id", f"#{i + 1}")
        kind = raw.get("kind")
        if kind not in KIND_PROPERTIES:
            kl = lines.get(loc + ("kind",), (line, line))[1]
            raise PackError(path, f"rule '{rid}': unknown kind {kind!r} (one of: {', '.join(KIND_PROPERTIES)})", kl)
        for err in _errors(rule_schema(kind), raw):
            raise _schema_error(err, loc, lines, path, f"rule '{rid}'")
        if rid in seen:
            raise PackError(path, f"rule '{rid}': duplicate id (first on line {seen[rid]})", line)
        seen[rid] = line
        _check_kind_data(raw, rid, loc, lines, path)
        common = {"id", "kind", "category", "severity", "applicability", "message", "examples", "priority", "exceptions", "source",
                  "learned"}
        pack.rules.append(
            Rule(
                id=rid,
                kind=kind,
                category=raw["category"],
                severity=Severity(raw["severity"]),
                applicability=Applicability(raw["applicability"]),
                message=raw["message"],
                params={k: v for k, v in raw.items() if k not in common},
                examples=_examples(raw["examples"], loc, lines),
                priority=raw.get("priority", 0),
                exceptions=tuple(raw.get("exceptions", ())),
                source=raw.get("source", ""),
                pack=pack.name,
                path=path,
                line=line,
            )
        )
    return pack


def load_pack(path: str | Path) -> Pack:
    """Load a pack from a YAML file.

    Raises:
        PackError: when the file is missing, unreadable, not UTF-8 or malformed.
    """
    p = Path(path)
    if not p.is_file():
        raise PackError(str(path), "no such pack file" if not p.exists() else "not a file")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), f"cannot read pack: {exc}") from None
    return parse_pack(text, str(path))


def load_builtin(name: str) -> Pack:
    """Load a pack shipped in ``repair/packs`` by name (e.g. ``"zh-en"``).

    Raises:
        PackError: for an unknown name.
    """
    ref = resources.files("repair.packs").joinpath(f"{name}.yaml")
    if not ref.is_file():
        raise PackError(name, f"no built-in pack named '{name}' (have: {', '.join(BUILTIN_PACKS)})")
    return parse_pack(ref.read_text(encoding="utf-8"), f"repair/packs/{name}.yaml")
