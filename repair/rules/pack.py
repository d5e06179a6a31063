"""Load rule packs: YAML files validated against :mod:`repair.rules.schema`.

Every error names the file, the line and the offending key or value, e.g.
``my-pack.yaml:14: rule 'mine/x': unknown key 'replacment'``.
"""

from __future__ import annotations

import pkgutil
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repair import usercache
from repair.edits import Applicability, Severity
from repair.errors import PackError
from repair.rules.kinds import KINDS
from repair.rules.kinds.base import Problem
from repair.rules.regexes import exceptions_pattern, matches_empty
from repair.rules.rule import Example, Rule
from repair.rules.schema import COMMON, PACK_SCHEMA, rule_schema

if TYPE_CHECKING:
    import jsonschema
    import yaml

#: The packs shipped with `repair`, loaded unless ``--no-builtin-packs`` is given.
BUILTIN_PACKS = ("mt-en", "zh-en", "bilingual")


@dataclass
class Pack:
    """A loaded pack: its name, description, rules and where it came from."""

    name: str
    description: str
    rules: list[Rule] = field(default_factory=list)
    path: str = ""


#: Nodes that YAML aliases may add to a pack, all together: an anchor can share a list between
#: rules, but a few nested aliases expand to billions of nodes (an "alias bomb").
MAX_ALIAS_NODES = 10_000
#: How deep a pack may nest (a pack needs 6 levels: rules, a rule, examples, an example...).
MAX_DEPTH = 32

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _line_map(root: yaml.Node, path: str) -> dict[tuple, tuple[int, int]]:
    """Map each path in the YAML tree to ``(key_line, value_line)``, 1-based, refusing on the
    way what would blow up later: aliases that expand to more than :data:`MAX_ALIAS_NODES`
    nodes (or into themselves), nesting deeper than :data:`MAX_DEPTH`, mapping keys that YAML
    reads as something other than text (``yes``, ``1``, ``null``) and keys given twice.

    Works on the composed node tree (from the pure-Python or the libyaml loader), before any
    object is constructed; iterative, so deep input cannot exhaust the stack.

    Raises:
        PackError: naming ``path`` and the line (of the alias, for an alias bomb).
    """
    import yaml

    first = root.start_mark.line + 1
    out: dict[tuple, tuple[int, int]] = {(): (first, first)}
    visited: set[int] = set()
    aliased = 0
    # (node, its path, the line of its place in the text, reached through an alias)
    stack: list[tuple[yaml.Node, tuple, int, bool]] = [(root, (), first, False)]
    while stack:
        node, at, line, via_alias = stack.pop()
        if id(node) in visited and isinstance(node, yaml.CollectionNode):
            via_alias = True  # a node met before: an alias of its anchor
        visited.add(id(node))
        if via_alias:
            aliased += 1
            if aliased > MAX_ALIAS_NODES:
                raise PackError(
                    path,
                    f"YAML aliases expand to more than {MAX_ALIAS_NODES:,} values "
                    "(an alias bomb?): write the values out",
                    line,
                )
        if len(at) > MAX_DEPTH:
            raise PackError(path, f"YAML nested deeper than {MAX_DEPTH} levels", line)
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for knode, vnode in node.value:
                kline = knode.start_mark.line + 1
                if not isinstance(knode, yaml.ScalarNode):
                    raise PackError(path, "a mapping key must be plain text, not a list or a mapping", kline)
                if knode.tag == _MERGE_TAG:
                    pass
                elif knode.tag != _STR_TAG:
                    kind = knode.tag.rsplit(":", 1)[-1]
                    raise PackError(
                        path, f"key {knode.value!r} is read by YAML as {kind}, not text: put it in quotes", kline
                    )
                elif knode.value in keys and not via_alias:
                    raise PackError(path, f"key {knode.value!r} given twice (first on line {keys[knode.value]})", kline)
                else:
                    keys[knode.value] = kline
                sub = at + (knode.value,)
                out[sub] = (kline, vnode.start_mark.line + 1)
                stack.append((vnode, sub, line if via_alias else kline, via_alias))
        elif isinstance(node, yaml.SequenceNode):
            for i, vnode in enumerate(node.value):
                sub = at + (i,)
                vline = vnode.start_mark.line + 1
                out[sub] = (vline, vline)
                stack.append((vnode, sub, line if via_alias or id(vnode) in visited else vline, via_alias))
    return out


def _safe_loader() -> type:
    """libyaml's loader when PyYAML was built with it (faster; its nodes carry the same marks,
    so errors keep their line numbers), else the pure-Python one. PyYAML is imported here, not
    at start: the shipped packs are usually read from the user cache (:func:`load_builtin`)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def __getattr__(name: str) -> Any:  # ``SafeLoader``, without importing PyYAML with this module
    if name == "SafeLoader":
        return _safe_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _parse_yaml(text: str, path: str) -> tuple[Any, dict]:
    """The pack's data and its line map (see :func:`_line_map`), loaded safely (no Python
    objects; aliases, nesting and keys checked on the node tree before it is constructed)."""
    import yaml

    try:
        loader = _safe_loader()(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise PackError(path, "empty pack: expected a mapping with 'pack' and 'rules'")
            lines = _line_map(node, path)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PackError(path, f"YAML syntax: {exc.problem or exc.context}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise PackError(path, f"YAML syntax: {exc}") from None
    except RecursionError:
        raise PackError(path, f"YAML nested deeper than {MAX_DEPTH} levels") from None
    return data, lines


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
    import jsonschema  # imported when a pack is validated: the shipped packs are not, see load_builtin

    errors = jsonschema.Draft202012Validator(schema).iter_errors(data)
    return sorted(errors, key=lambda e: (e.validator != "additionalProperties", len(e.absolute_path)))


_REGEX_FAILURES = (re.error, OverflowError, RecursionError, ValueError)


def _regex(pattern: str, flags: int) -> tuple[re.Pattern[str] | None, str]:
    """``(compiled, "")``, or ``(None, why)`` when ``pattern`` does not compile."""
    try:
        return re.compile(pattern, flags), ""
    except _REGEX_FAILURES as exc:
        return None, str(exc) or type(exc).__name__


def _check_rule_data(raw: dict, rid: str, loc: tuple, lines: dict, path: str) -> None:
    """Checks the schema cannot express, so that nothing fails or runs away after loading:
    each of the ``exceptions`` compiles and cannot match the empty string, and they work
    together (the matchers join them into one regex); then the rule kind's own checks
    (:meth:`~repair.rules.kinds.base.Matcher.validate_rule`: its regexes, maps, entries).

    Raises:
        PackError: for the first problem, naming the line of the offending key.
    """

    def fail(msg: str, *keys: Any) -> PackError:
        at = loc + keys
        while at not in lines and len(at) > len(loc):
            at = at[:-1]
        return PackError(path, f"rule '{rid}': {msg}", lines.get(at, (None, None))[0])

    exceptions = raw.get("exceptions", [])
    for i, pattern in enumerate(exceptions):
        compiled, why = _regex(pattern, re.IGNORECASE)
        if compiled is None:
            raise fail(f"bad regex in 'exceptions': {pattern!r}: {why}", "exceptions", i)
        if matches_empty(pattern, re.IGNORECASE):
            raise fail(
                f"exception {pattern!r} can match the empty string: make it match at least one character",
                "exceptions",
                i,
            )
    if exceptions:
        excepting, why = _regex(exceptions_pattern(exceptions), re.IGNORECASE)
        if excepting is None:
            raise fail(
                f"the exceptions do not work together in one regex ({why}): "
                "give each group a name of its own, and inline flags such as (?i) only as (?i:...)",
                "exceptions",
            )
    for problem in KINDS[raw["kind"]].validate_rule(raw):
        if isinstance(problem, Problem):
            raise fail(problem.message, *problem.at)
        raise fail(problem)


def _examples(raw: list, loc: tuple, lines: dict) -> tuple[Example, ...]:
    out = []
    for i, ex in enumerate(raw):
        out.append(
            Example(
                bad=ex.get("bad"),
                fixed=ex.get("fixed"),
                good=ex.get("good"),
                flagged=ex.get("flagged"),
                unsafe=bool(ex.get("unsafe", False)),
                line=lines.get(loc + ("examples", i), (0, 0))[1],
                source=ex.get("source"),
            )
        )
    return tuple(out)


def parse_pack(text: str, path: str, validate: bool = True) -> Pack:
    """Parse and validate a pack's YAML text.

    Args:
        text: the YAML source.
        path: the file name for error messages.
        validate: check against the JSON Schema (jsonschema) and run the checks it cannot
            express (regexes, maps, entries: :func:`_check_rule_data`); off only for the
            shipped packs, which the test suite validates (``tests/test_startup.py``).

    Raises:
        PackError: on YAML syntax errors, schema violations (unknown or missing keys, bad
            values), unknown kinds, bad regexes, duplicate rule ids, or chained entries.
    """
    return _pack(*_parse_yaml(text, path), path, validate)


def _pack(data: Any, lines: dict, path: str, validate: bool) -> Pack:
    """The pack of parsed YAML ``data`` with its line map (see :func:`parse_pack`)."""
    if not isinstance(data, dict):
        raise PackError(path, "a pack is a mapping with 'pack' and 'rules'", 1)
    for err in _errors(PACK_SCHEMA, data) if validate else ():
        raise _schema_error(err, (), lines, path, "pack")
    pack = Pack(data["pack"], data.get("description", ""), [], path)
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["rules"]):
        loc = ("rules", i)
        line = lines.get(loc, (0, 0))[1]
        rid = raw.get("id", f"#{i + 1}")
        kind = raw.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            kl = lines.get(loc + ("kind",), (line, line))[1]
            raise PackError(path, f"rule '{rid}': unknown kind {kind!r} (one of: {', '.join(KINDS)})", kl)
        for err in _errors(rule_schema(KINDS[kind]), raw) if validate else ():
            raise _schema_error(err, loc, lines, path, f"rule '{rid}'")
        if rid in seen:
            raise PackError(path, f"rule '{rid}': duplicate id (first on line {seen[rid]})", line)
        seen[rid] = line
        if validate:
            _check_rule_data(raw, rid, loc, lines, path)
        pack.rules.append(
            Rule(
                id=rid,
                kind=kind,
                category=raw["category"],
                severity=Severity(raw["severity"]),
                applicability=Applicability(raw["applicability"]),
                message=raw["message"],
                params={k: v for k, v in raw.items() if k not in COMMON},
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
    """Load a pack shipped in ``repair/packs`` by name (e.g. ``"zh-en"``), without the JSON
    Schema and regex checks of :func:`parse_pack`, which would import jsonschema and compile
    every regex a second time at every start (the test suite validates these packs:
    ``tests/test_startup.py``). The parsed YAML (data and line map) is kept in the user
    cache (:mod:`repair.usercache`), keyed by the pack file's bytes, so a start reads it
    without parsing (or importing) YAML; the pack built from it is the same.

    Raises:
        PackError: for an unknown name.
    """
    try:  # pkgutil rather than importlib.resources, which costs more to import than reading the pack
        raw = pkgutil.get_data("repair.packs", f"{name}.yaml")
    except OSError:
        raw = None
    if raw is None:
        raise PackError(name, f"no built-in pack named '{name}' (have: {', '.join(BUILTIN_PACKS)})")
    path = f"repair/packs/{name}.yaml"
    text = lambda: raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads it  # noqa: E731
    data, lines = usercache.cached(f"pack-{name}", raw, lambda: _parse_yaml(text(), path))
    return _pack(data, lines, path, validate=False)
