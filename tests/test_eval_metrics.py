"""`repair eval` metrics on a tiny hand-made set: exact values, compared with sacrebleu called directly."""

import pytest
import sacrebleu
from repair.engine import Engine, Settings
from repair.eval.evaluate import system_names
from repair.eval.metrics import (
    CorpusScorer,
    Moves,
    corpus_scores,
    evaluate_system,
    false_positives,
    segment_chrf,
    signatures,
)
from repair.formats.text import parse_text
from repair.pipeline.run import repair_document

HYP = [
    "New crown pneumonia cases rose again.",
    "The the meeting was held in Beijing.",
    "The new crown pneumonia epidemic spread.",
    "The weather was fine ，and warm.",
    "He said it was a good day.",
]
REF = [
    "COVID-19 cases rose again.",
    "The meeting was held in Beijing.",
    "The novel coronavirus pneumonia epidemic spread.",
    "The weather was fine , and warm.",
    "He said it was a good day.",
]
FIXED = [
    "COVID-19 cases rose again.",
    "The meeting was held in Beijing.",
    "The COVID-19 epidemic spread.",
    "The weather was fine, and warm.",
    "He said it was a good day.",
]


def direct(hyps, refs):
    return {
        "chrF": sacrebleu.corpus_chrf(hyps, [refs]).score,
        "BLEU": sacrebleu.corpus_bleu(hyps, [refs]).score,
        "TER": sacrebleu.corpus_ter(hyps, [refs]).score,
    }


@pytest.fixture(scope="module")
def packs_engine():
    # only the two shipped packs this set was written for, so other packs do not move the numbers
    return Engine.from_settings(Settings(builtin=["mt-en", "zh-en"]))


@pytest.fixture(scope="module")
def run(packs_engine):
    return repair_document(packs_engine, parse_text("\n".join(HYP) + "\n", "hyp.en"), unsafe=True)


def test_the_repair_itself(run):
    assert run.fixed.texts == FIXED
    assert run.changed == [0, 1, 2, 3]
    assert [run.rules_of(i) for i in run.changed] == [
        ["zh-en/calque/covid-19"],
        ["mt-en/repetition/function-word"],
        ["zh-en/calque/covid-19"],
        ["mt-en/characters/fullwidth-punctuation"],
    ]


def test_corpus_scores_are_sacrebleus(run):
    s = evaluate_system(run, REF)
    assert s.before == direct(HYP, REF)
    assert s.after == direct(FIXED, REF)
    assert {k: round(v, 4) for k, v in s.before.items()} == {"chrF": 76.7503, "BLEU": 63.7499, "TER": 26.6667}
    assert {k: round(v, 4) for k, v in s.after.items()} == {"chrF": 80.6773, "BLEU": 87.0215, "TER": 16.6667}
    assert round(s.delta("TER"), 4) == -10.0


def test_segment_moves_by_sentence_chrf(run):
    before = [sacrebleu.sentence_chrf(h, [r]).score for h, r in zip(HYP, REF)]
    after = [sacrebleu.sentence_chrf(h, [r]).score for h, r in zip(FIXED, REF)]
    assert segment_chrf(HYP, REF) == before
    # segments 0, 1, 3 move to the reference; 2 ("novel coronavirus" in the reference) moves away
    assert [a > b for a, b in zip(after[:4], before[:4])] == [True, True, False, True]
    s = evaluate_system(run, REF)
    assert s.moves == Moves(up=3, down=1, same=0)
    assert s.changed == 4 and s.edits == 4 and s.segments == 5 and s.words == 32
    assert s.rule_moves == {
        "zh-en/calque/covid-19": Moves(1, 1, 0),
        "mt-en/repetition/function-word": Moves(1, 0, 0),
        "mt-en/characters/fullwidth-punctuation": Moves(1, 0, 0),
    }
    assert s.to_dict()["rules"]["zh-en/calque/covid-19"] == {"edits": 2, "up": 1, "down": 1, "same": 0}


def test_false_positives_on_the_reference(packs_engine):
    ref_run = repair_document(packs_engine, parse_text("\n".join(REF) + "\n", "ref.en"), unsafe=True)
    fp = false_positives(ref_run)
    assert fp.words == 30 and fp.changed == 2
    assert dict(fp.rule_edits) == {"mt-en/characters/space-before-comma": 1, "zh-en/calque/covid-19": 1}
    assert fp.rate() == 2 / 30 * 10_000
    assert fp.rate("zh-en/calque/covid-19") == 1 / 30 * 10_000
    assert fp.rate("mt-en/repetition/word") == 0.0
    assert fp.to_dict() == {
        "path": "ref.en",
        "words": 30,
        "segments_changed": 2,
        "edits": 2,
        "per_10k_words": 666.6667,
        "rules": {
            "mt-en/characters/space-before-comma": {"edits": 1, "per_10k_words": 333.3333},
            "zh-en/calque/covid-19": {"edits": 1, "per_10k_words": 333.3333},
        },
    }


def test_scorer_reuses_segment_statistics_without_changing_results():
    scorer = CorpusScorer()
    assert scorer.score(HYP, REF) == direct(HYP, REF)
    mixed = HYP[:2] + FIXED[2:]
    assert scorer.score(mixed, REF) == direct(mixed, REF)
    assert len(scorer._stats) == 7  # 5 pairs, then FIXED[2] and FIXED[3] (FIXED[4] == HYP[4])
    assert corpus_scores(FIXED, REF) == direct(FIXED, REF)
    with pytest.raises(ValueError, match="5 hypotheses but 4 references"):
        scorer.score(HYP, REF[:4])


def test_signatures_are_sacrebleus():
    sig = signatures()
    assert sig["chrF"] == f"nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:{sacrebleu.__version__}"
    assert sig["BLEU"] == f"nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:{sacrebleu.__version__}"
    assert sig["TER"] == f"nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:{sacrebleu.__version__}"


def test_system_names():
    assert system_names(["d/hyp.Online-A.en", "d/hyp.Online-B.en", "d/hyp.UF.en"]) == ["Online-A", "Online-B", "UF"]
    assert system_names(["d/hyp.Online-A.en"]) == ["hyp.Online-A.en"]
    assert system_names(["a/out.txt", "b/out.txt"]) == ["out.txt", "out.txt"]
    assert system_names(["x.en", "y.en"]) == ["x", "y"]


def test_scorer_reports_progress_per_segment():
    calls = []
    scorer = CorpusScorer()
    scorer.CHUNK = 2
    scorer.score(HYP, REF, calls.append)
    assert calls == [2, 2, 1]
    calls.clear()
    scorer.score(HYP[:2] + FIXED[2:], REF, calls.append)
    assert calls == [2, 3]  # FIXED[2], FIXED[3] scored; the other 3 already known


def test_rule_moves_count_each_rules_own_edits(packs_engine):
    """A segment edited by two rules: each is judged by its own edits (the capital fix moves the
    segment towards the reference, the calque fix away from it), not by the segment's sum."""
    hyp = ["The new crown pneumonia cases rose in Beijing, Strengthen the checks."]
    ref = ["The novel coronavirus pneumonia cases rose in Beijing, strengthen the checks."]
    run = repair_document(packs_engine, parse_text("\n".join(hyp) + "\n", "hyp.en"), unsafe=True)
    assert run.fixed.texts == ["The COVID-19 cases rose in Beijing, strengthen the checks."]
    steps = run.rule_steps(0)
    assert steps == {
        "zh-en/calque/covid-19": [(hyp[0], "The COVID-19 cases rose in Beijing, Strengthen the checks.")],
        "mt-en/capitalization/mid-sentence": [
            (hyp[0], "The new crown pneumonia cases rose in Beijing, strengthen the checks.")
        ],
    }
    s = evaluate_system(run, ref)
    assert s.moves == Moves(down=1)
    assert s.rule_moves == {"zh-en/calque/covid-19": Moves(down=1), "mt-en/capitalization/mid-sentence": Moves(up=1)}


def test_verdict_marks_rules_that_move_away_or_edit_the_reference(run, packs_engine):
    from repair.eval.metrics import EvalResult, verdict

    assert verdict(Moves(up=3, down=1), 0) == {"verdict": "ok", "reasons": []}
    assert verdict(Moves(up=1, down=1), 0) == {"verdict": "ok", "reasons": []}
    assert verdict(Moves(up=22, down=74), 0) == {"verdict": "marked", "reasons": ["chrF down 74 > up 22"]}
    assert verdict(Moves(up=5), 2) == {"verdict": "marked", "reasons": ["edits the reference (2)"]}
    ref_run = repair_document(packs_engine, parse_text("\n".join(REF) + "\n", "ref.en"), unsafe=True)
    ev = EvalResult([evaluate_system(run, REF)], false_positives(ref_run), {}, True)
    totals = ev.rule_totals()
    assert {r: (t["verdict"], t["reasons"]) for r, t in totals.items()} == {
        "mt-en/characters/fullwidth-punctuation": ("ok", []),
        "mt-en/characters/space-before-comma": ("marked", ["edits the reference (1)"]),
        "mt-en/repetition/function-word": ("ok", []),
        "zh-en/calque/covid-19": ("marked", ["edits the reference (1)"]),
    }
    assert ev.to_dict()["rules"]["mt-en/repetition/function-word"]["verdict"] == "ok"
