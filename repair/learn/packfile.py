"""The pack ``repair learn`` writes: one ``substitution`` rule per kept family and one
``edges`` rule per kept edge rule (:mod:`repair.learn.edges`), with their evidence, and examples
proven as ``repair rules --test`` proves them.

Each rule gets ``bad``/``fixed`` examples from the MT segments it was learned from (shortest
first, those the whole engine changes only at the learned phrase preferred) and ``good``
examples from the post-edits of the same pairs (the human side), each checked with
:func:`repair.rules.examples.check_example` against the packs the user runs with; a rule none
of whose MT segments makes a passing example is dropped, and so is one that makes an example of
a loaded pack fail (it changes text those packs call good or fixed). Its ``learned`` mapping
records the support (human segments), the human segments whose MT holds a phrase of the rule
(``in_mt``), the inputs and ``category_guessed: true`` (set it to false once a person has
checked it). An ``edges`` rule's examples carry their source (the MT and the post-edit with
the source of their pair).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import yaml

from repair.document import Document
from repair.edits import Applicability, Severity
from repair.engine import Engine
from repair.learn.align import fold
from repair.learn.edges import EdgeRule
from repair.learn.mine import EXAMPLES, HUMAN, Family, Mined, Options, changed_lines
from repair.rules.examples import check_example, example_document, run_examples
from repair.rules.kinds.casing import keep_case
from repair.rules.pack import Example, Pack, Rule, parse_pack

#: Rounds of proving examples (each may drop rules, which can change what the others do).
MAX_PROOFS = 4

HEADER = (
    "# Learned by `repair learn`: rules mined from MT beside its post-edits. Check each rule before use;\n"
    "# categories are guessed (learned.category_guessed). Prove it with: repair rules --test --pack {path}\n"
)


@dataclass
class Written:
    """A pack made by :func:`build_pack`.

    Attributes:
        text: the YAML text.
        pack: the pack as parsed back from ``text`` (validated by the pack schema).
        families: the families written, in rule order (the first rules of the pack).
        edge_rules: the edge rules written, in rule order (the rules after them).
    """

    text: str
    pack: Pack
    families: list[Family]
    edge_rules: list[EdgeRule] = field(default_factory=list)


def slug(phrase: str) -> str:
    """A rule-id part for ``phrase``: ASCII letters and digits joined by hyphens, at most 40
    characters ("new crown pneumonia" -> "new-crown-pneumonia"); ``"rule"`` when none is left."""
    ascii_ = unicodedata.normalize("NFKD", phrase).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:40].strip("-")
    return s or "rule"


def _rule(family: Family, rid: str, name: str, options: Options, examples: tuple[Example, ...] = ()) -> Rule:
    first = family.entries[0]
    return Rule(
        id=rid,
        kind="substitution",
        category=family.category,
        severity=Severity.MINOR,
        applicability=family.applicability(options),
        message=f"post-editors changed '{first.phrase}' to '{first.replacement}' ({family.support} segments; learned)",
        params={"entries": {e.phrase: e.replacement for e in family.entries}},
        examples=examples,
        pack=name,
    )


def _edge_rule(edge: EdgeRule, rid: str, name: str, options: Options, examples: tuple[Example, ...] = ()) -> Rule:
    safe = (
        edge.support >= options.safe_support
        and edge.support >= options.safe_consistency * edge.in_mt
        and not any(c.contradictions for c in edge.actions.values())
    )
    return Rule(
        id=rid,
        kind="edges",
        category="fluency/punctuation",
        severity=Severity.MINOR,
        applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        message=edge.message(),
        params=edge.params(),
        examples=examples,
        pack=name,
    )


def _edge_examples(engine: Engine, rule: Rule, edge: EdgeRule, mined: Mined, options: Options) -> tuple[Example, ...]:
    """Passing examples for an ``edges`` rule: the MT of its pairs (``bad``/``fixed``, shortest
    first) and their post-edits (``good``), each with its source."""
    unsafe = not rule.applicability.applies()
    samples = sorted(edge.samples, key=lambda n: (len(mined.pairs[n].mt), n))
    bad: list[Example] = []
    good: list[Example] = []
    seen: set[tuple[str, str]] = set()
    for n in samples:
        p = mined.pairs[n]
        if p.source is None or any("\n" in t or "\r" in t for t in (p.mt, p.pe, p.source)):
            continue
        if len(bad) < options.examples and (p.mt, p.source) not in seen:
            seen.add((p.mt, p.source))
            doc = example_document(p.mt, p.source)
            if any(e.rule_id == rule.id for e in engine.check(doc)):
                fixed, _ = engine.fix(doc, unsafe=unsafe)
                ex = Example(bad=p.mt, fixed=fixed.render(), unsafe=unsafe, source=p.source)
                if check_example(engine, rule, ex) is None:
                    bad.append(ex)
    for n in samples:
        p = mined.pairs[n]
        if p.source is None or len(good) >= options.good_examples or (p.pe, p.source) in seen:
            continue
        if any("\n" in t or "\r" in t for t in (p.pe, p.source)):
            continue
        seen.add((p.pe, p.source))
        ex = Example(good=p.pe, source=p.source)
        if check_example(engine, rule, ex) is None:
            good.append(ex)
    return tuple(bad) + tuple(good) if bad else ()


def _edge_changed_lines(rules: Sequence[Rule], mined: Mined) -> set[str]:
    """Ids of the ``edges`` rules that change a post-edit (with its source), run by the real
    matcher (the final proof that they leave the human side alone)."""
    if not rules:
        return set()
    engine = Engine.from_packs([Pack("learned-edges", "", list(rules), "")])
    out: set[str] = set()
    for pe, source in {(p.pe, p.source) for p in mined.pairs if p.source and p.pe}:
        if "\n" in pe or "\r" in pe or "\n" in source or "\r" in source:
            continue
        out |= {e.rule_id for e in engine.check(example_document(pe, source))}
    return out


def _own_fix(text: str, family: Family, start: int, end: int, doc: Document) -> str:
    """``text`` with the learned replacement at ``[start, end)`` only, its case kept."""
    key = fold(text[start:end])
    entry = next((e for e in family.entries if e.key == key), family.entries[0])
    at_start = doc.segments[0].is_sentence_start(start)
    return text[:start] + keep_case(text[start:end], entry.replacement, at_start) + text[end:]


def _examples(engine: Engine, rule: Rule, family: Family, mined: Mined, options: Options) -> tuple[Example, ...]:
    """Passing examples for ``rule``: ``bad``/``fixed`` first, then ``good``."""
    unsafe = not rule.applicability.applies()
    samples = sorted(
        (s for e in family.entries for s in e.samples), key=lambda s: (len(mined.pairs[s.pair].mt), s.pair)
    )
    bad: list[tuple[bool, Example]] = []
    seen: set[str] = set()
    for s in samples:
        text = mined.pairs[s.pair].mt
        if text in seen or "\n" in text or "\r" in text:
            continue
        seen.add(text)
        doc = example_document(text)
        if not any(e.rule_id == rule.id for e in engine.check(doc)):
            continue
        fixed, _ = engine.fix(doc, unsafe=unsafe)
        ex = Example(bad=text, fixed=fixed.render(), unsafe=unsafe)
        if check_example(engine, rule, ex) is None:
            bad.append((ex.fixed == _own_fix(text, family, s.start, s.end, doc), ex))
    bad.sort(key=lambda b: not b[0])  # only the learned change first; stable: shortest first within
    good: list[Example] = []
    for s in samples:
        text = mined.pairs[s.pair].pe
        if text in seen or "\n" in text or "\r" in text or len(good) >= options.good_examples:
            continue
        seen.add(text)
        ex = Example(good=text)
        if check_example(engine, rule, ex) is None:
            good.append(ex)
    return tuple(ex for _, ex in bad[: options.examples]) + tuple(good) if bad else ()


def _yaml(rule: Rule, family: Family | EdgeRule, inputs: str) -> dict:
    out: dict = {
        "id": rule.id,
        "kind": rule.kind,
        "category": rule.category,
        "severity": rule.severity.value,
        "applicability": rule.applicability.value,
        "message": rule.message,
    }
    if isinstance(family, Family):
        out["entries"] = dict(rule.params["entries"])
    else:
        out.update(rule.params)
    out["learned"] = {"support": family.support, "in_mt": family.in_mt, "category_guessed": True, "from": inputs}
    out["examples"] = []
    for ex in rule.examples:
        if ex.good is not None:
            item: dict[str, str | bool | None] = {"good": ex.good}
        else:
            item = {"bad": ex.bad, "fixed": ex.fixed}
            if ex.unsafe:
                item["unsafe"] = True
        if ex.source is not None:
            item["source"] = ex.source
        out["examples"].append(item)
    return out


def render(name: str, description: str, rules: Sequence[tuple[Rule, Family | EdgeRule]], inputs: str, path: str) -> str:
    """The pack's YAML text (with a header comment)."""
    data = {"pack": name, "description": description, "rules": [_yaml(r, f, inputs) for r, f in rules]}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100000, default_flow_style=False)
    return HEADER.format(path=path) + body


def _drop(family: Family | EdgeRule, reason: str) -> None:
    for e in family.entries if isinstance(family, Family) else family.actions.values():
        e.dropped = reason


def _culprits(engine: Engine, name: str) -> set[str]:
    """Ids of the learned rules (pack ``name``) behind a failing example of any rule: those that
    propose an edit on the example's text, or apply one while it is fixed."""
    _, failures = run_examples(engine)
    out: set[str] = set()
    for f in failures:
        if f.rule.pack == name:
            out.add(f.rule.id)
        ex = f.example
        doc = example_document(ex.good if ex.good is not None else ex.bad or "", ex.source)
        _, rounds = engine.fix(doc, unsafe=True)
        out |= {e.rule_id for e in engine.check(doc) if e.rule_id.startswith(name + "/")}
        out |= {e.rule_id for r in rounds for e in r if e.rule_id.startswith(name + "/")}
    return out


def build_pack(
    mined: Mined,
    options: Options,
    base_packs: Sequence[Pack],
    name: str,
    inputs: str,
    path: str,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    demote: Sequence[str] = (),
) -> Written:
    """Write the kept families as a pack whose examples pass ``repair rules --test``.

    Args:
        mined: what :func:`repair.learn.mine.mine` kept.
        options: thresholds and example counts.
        base_packs: the packs the user runs with (the examples are proven with them).
        name: the pack's name (rule ids are ``name/<phrase>``).
        inputs: the input files, for each rule's ``learned.from``.
        path: where the pack will be written (for the header and errors).
        select / ignore / demote: the user's rule selection and demotions.

    Returns:
        the pack; families without a passing example are marked dropped (:data:`EXAMPLES`)
        and left out.
    """
    ids: set[str] = set()

    def unique(base: str) -> str:
        rid, n = base, 2
        while rid in ids:
            rid, n = f"{base}-{n}", n + 1
        ids.add(rid)
        return rid

    rules: list[tuple[Rule, Family | EdgeRule]] = []
    for family in mined.families:
        rules.append((_rule(family, unique(f"{name}/{slug(family.entries[0].phrase)}"), name, options), family))
    # the guarantee, by the real matcher: no rule changes a line of the human side
    changed = changed_lines([r for r, f in rules], {p.pe for p in mined.pairs})
    edge_rules = [(_edge_rule(e, unique(f"{name}/{e.slug()}"), name, options), e) for e in mined.edge_rules]
    changed_edges = _edge_changed_lines([r for r, _ in edge_rules], mined)
    for rule, fam in rules:
        if changed[rule.id]:
            _drop(fam, HUMAN)
    for rule, edge in edge_rules:
        if rule.id in changed_edges:
            _drop(edge, HUMAN)
    rules = [(r, f) for r, f in rules if not changed[r.id]] + [
        (r, e) for r, e in edge_rules if r.id not in changed_edges
    ]
    sel = list(select) + [name] if select else []
    for _ in range(MAX_PROOFS):  # dropping a rule can change what an overlapping one does: prove again
        engine = Engine.from_packs(
            [*base_packs, Pack(name, "", [r for r, _ in rules], path)], sel, ignore, demote=demote
        )
        proven: list[tuple[Rule, Family | EdgeRule]] = []
        for rule, fam in rules:
            if isinstance(fam, Family):
                examples = _examples(engine, rule, fam, mined, options)
            else:
                examples = _edge_examples(engine, rule, fam, mined, options)
            if examples:
                proven.append((replace(rule, examples=examples), fam))
            else:
                _drop(fam, EXAMPLES)
        # every example of every loaded pack must hold with the learned rules beside them
        engine = Engine.from_packs(
            [*base_packs, Pack(name, "", [r for r, _ in proven], path)], sel, ignore, demote=demote
        )
        culprits = _culprits(engine, name)
        for rule, fam in proven:
            if rule.id in culprits:
                _drop(fam, EXAMPLES)
        stable = len(proven) == len(rules) and not culprits
        rules = [(r, f) for r, f in proven if r.id not in culprits]
        if stable:
            break
    description = (
        f"Rules learned by repair learn from {inputs}: {len(mined.pairs)} segment pairs, "
        f"{mined.human_segments} human segments"
    )
    text = render(name, description, rules, inputs, path)
    pack = parse_pack(text, path)
    mined.families = [f for _, f in rules if isinstance(f, Family)]
    mined.edge_rules = [e for _, e in rules if isinstance(e, EdgeRule)]
    return Written(text, pack, mined.families, mined.edge_rules)
