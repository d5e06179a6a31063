"""Load rule packs: YAML files validated against :mod:`repair.rules.schema`.

Every error names the file, the line and the offending key or value, e.g.
``my-pack.yaml:14: rule 'mine/x': unknown key 'replacment'``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from repair.edits import Applicability, Severity
from repair.errors import PackError
from repair.rules.regexes import exceptions_pattern, matches_empty
from repair.rules.schema import CHARACTER_MODES, KIND_PROPERTIES, PACK_SCHEMA, rule_schema

if TYPE_CHECKING:
    import jsonschema

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
                raise PackError(path, f"YAML aliases expand to more than {MAX_ALIAS_NODES:,} values "
                                      "(an alias bomb?): write the values out", line)
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
                    raise PackError(path, f"key {knode.value!r} is read by YAML as {kind}, not text: put it in quotes", kline)
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


#: libyaml's loader when PyYAML was built with it (faster; its nodes carry the same marks,
#: so errors keep their line numbers), else the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str, path: str) -> tuple[Any, dict]:
    """The pack's data and its line map (see :func:`_line_map`), loaded safely (no Python
    objects; aliases, nesting and keys checked on the node tree before it is constructed)."""
    try:
        loader = SafeLoader(text)
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


def _has_phrase(text: str, phrase: str, case_sensitive: bool) -> tuple[int, int] | None:
    """The first span of ``phrase`` in ``text`` between word boundaries, as the substitution
    kind finds it (case-insensitive unless ``case_sensitive``; ’ and ' alike), or ``None``."""
    fold = (lambda t: t.replace("’", "'")) if case_sensitive else (lambda t: t.replace("’", "'").lower())
    hay, needle = fold(text), fold(phrase)
    pos = hay.find(needle)
    while pos >= 0:
        end = pos + len(needle)
        if not (pos and _word_char(hay[pos - 1])) and not (end < len(hay) and _word_char(hay[end])):
            return pos, end
        pos = hay.find(needle, pos + 1)
    return None


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _check_kind_data(raw: dict, rid: str, loc: tuple, lines: dict, path: str) -> None:
    """Checks the schema cannot express, so that nothing fails or runs away after loading:
    every regex (``pattern``, each of ``exceptions``, and the exceptions together, as the
    matchers combine them) compiles and cannot match the empty string; the replacement
    template's group references exist; a ``map`` replaces single characters; one characters
    mode; no chained entries, and no entry whose replacement holds the phrase and more
    ("production" -> "production production": every fix would be fixed again; a change of
    case only, "well-off Society" -> "well-off society", settles).
    """
    kind = raw["kind"]

    def fail(msg: str, *keys: Any) -> PackError:
        at = loc + keys
        while at not in lines and len(at) > len(loc):
            at = at[:-1]
        return PackError(path, f"rule '{rid}': {msg}", lines.get(at, (None, None))[0])

    if "pattern" in raw:
        flags = re.IGNORECASE if raw.get("ignore_case") else 0
        compiled, why = _regex(raw["pattern"], flags)
        if compiled is None:
            raise fail(f"bad regex in 'pattern': {why}", "pattern")
        if matches_empty(raw["pattern"], flags):
            raise fail(f"pattern {raw['pattern']!r} can match the empty string (a fix would insert text "
                       "wherever it matches, again in every round): make it match at least one character", "pattern")
        if "replacement" in raw:
            try:  # sub() parses the template (group references) even with nothing to replace
                compiled.sub(raw["replacement"], "")
            except (re.error, IndexError) as exc:
                raise fail(f"bad replacement template: {exc}", "replacement") from None
    exceptions = raw.get("exceptions", [])
    for i, pattern in enumerate(exceptions):
        compiled, why = _regex(pattern, re.IGNORECASE)
        if compiled is None:
            raise fail(f"bad regex in 'exceptions': {pattern!r}: {why}", "exceptions", i)
        if matches_empty(pattern, re.IGNORECASE):
            raise fail(f"exception {pattern!r} can match the empty string: make it match at least one character",
                       "exceptions", i)
    excepting = None
    if exceptions:
        excepting, why = _regex(exceptions_pattern(exceptions), re.IGNORECASE)
        if excepting is None:
            raise fail(f"the exceptions do not work together in one regex ({why}): "
                       "give each group a name of its own, and inline flags such as (?i) only as (?i:...)", "exceptions")
    if kind == "characters":
        modes = [m for m in CHARACTER_MODES if m in raw]
        if len(modes) != 1:
            raise fail(f"a characters rule needs exactly one of {', '.join(CHARACTER_MODES)}", "kind")
        for key in raw.get("map", {}):
            if len(key) != 1:
                raise fail(f"map key {key!r} is not one character (a map replaces single characters; "
                           "use a substitution rule for longer text)", "map", key)
    if kind == "substitution":
        keys = {k.lower() for k in raw["entries"]}
        for k, v in raw["entries"].items():
            if not k.strip():
                raise fail("an empty phrase in 'entries'", "entries", k)
            for cand in [v] if isinstance(v, str) else v:
                if cand.lower() in keys and cand.lower() != k.lower():
                    raise fail(f"entry '{k}' corrects to '{cand}', itself an entry", "entries", k)
                span = _has_phrase(cand, k, bool(raw.get("case_sensitive")))
                if span and span != (0, len(cand)) and not (excepting and any(m.start() <= span[0] and m.end() >= span[1]
                                                   for m in excepting.finditer(cand))):
                    raise fail(f"entry '{k}' -> '{cand}': the replacement holds the phrase again, "
                               "so each fix would be fixed again", "entries", k)
    if kind == "glossary":
        for k in raw["terms"]:
            if not k.strip():
                raise fail("an empty term in 'terms'", "terms", k)
    if kind in ("structure", "polarity", "placeholders"):  # until issue 11's registry calls validate_rule
        from repair.rules.kinds import KINDS

        for problem in KINDS[kind].validate_rule(raw):
            raise fail(problem, "kind")
    if kind == "coordination" and ("replacement" in raw) != ("word" in raw):
        raise fail("a coordination rule gives 'word' and 'replacement' together, or neither", "kind")


def _examples(raw: list, loc: tuple, lines: dict) -> tuple[Example, ...]:
    out = []
    for i, ex in enumerate(raw):
        out.append(Example(bad=ex.get("bad"), fixed=ex.get("fixed"), good=ex.get("good"), flagged=ex.get("flagged"),
                           unsafe=bool(ex.get("unsafe", False)), line=lines.get(loc + ("examples", i), (0, 0))[1],
                           source=ex.get("source")))
    return tuple(out)


def parse_pack(text: str, path: str, validate: bool = True) -> Pack:
    """Parse and validate a pack's YAML text.

    Args:
        text: the YAML source.
        path: the file name for error messages.
        validate: check against the JSON Schema (jsonschema) and run the checks it cannot
            express (regexes, maps, entries: :func:`_check_kind_data`); off only for the
            shipped packs, which the test suite validates (``tests/test_startup.py``).

    Raises:
        PackError: on YAML syntax errors, schema violations (unknown or missing keys, bad
            values), unknown kinds, bad regexes, duplicate rule ids, or chained entries.
    """
    data, lines = _parse_yaml(text, path)
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
        if not isinstance(kind, str) or kind not in KIND_PROPERTIES:
            kl = lines.get(loc + ("kind",), (line, line))[1]
            raise PackError(path, f"rule '{rid}': unknown kind {kind!r} (one of: {', '.join(KIND_PROPERTIES)})", kl)
        for err in _errors(rule_schema(kind), raw) if validate else ():
            raise _schema_error(err, loc, lines, path, f"rule '{rid}'")
        if rid in seen:
            raise PackError(path, f"rule '{rid}': duplicate id (first on line {seen[rid]})", line)
        seen[rid] = line
        if validate:
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
    """Load a pack shipped in ``repair/packs`` by name (e.g. ``"zh-en"``), without the JSON
    Schema and regex checks of :func:`parse_pack`, which would import jsonschema and compile
    every regex a second time at every start (the test suite validates these packs:
    ``tests/test_startup.py``).

    Raises:
        PackError: for an unknown name.
    """
    ref = resources.files("repair.packs").joinpath(f"{name}.yaml")
    if not ref.is_file():
        raise PackError(name, f"no built-in pack named '{name}' (have: {', '.join(BUILTIN_PACKS)})")
    return parse_pack(ref.read_text(encoding="utf-8"), f"repair/packs/{name}.yaml", validate=False)
