"""`repair eval`'s metric statistics: computed in worker processes (-j) and kept in the user
cache; the scores are sacrebleu's own for any -j, cold or warm cache, and a bad cache file is ignored."""

import json

import pytest
import sacrebleu
from repair import usercache
from repair.eval import metrics, stats_cache
from repair.eval.metrics import CorpusScorer, signatures
from repair.eval.stats_cache import StatsCache

from conftest import DATA, run_repair

WMT = DATA / "wmt21-zh-en-dev"
N = 7  # segments: with CHUNK 3, three chunks (3, 3, 1)
REFS = (WMT / "ref.A.en").read_text(encoding="utf-8").splitlines()[:N]
HYPS_A = (WMT / "hyp.Online-A.en").read_text(encoding="utf-8").splitlines()[:N]
HYPS_B = (WMT / "hyp.Online-B.en").read_text(encoding="utf-8").splitlines()[:N]


def direct(hyps, refs):
    return {
        "chrF": sacrebleu.corpus_chrf(hyps, [refs]).score,
        "BLEU": sacrebleu.corpus_bleu(hyps, [refs]).score,
        "TER": sacrebleu.corpus_ter(hyps, [refs]).score,
    }


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("REPAIR_EVAL_CACHE", raising=False)
    return tmp_path / "repair" / "eval-stats.marshal"


def scorer(jobs, cache=True):
    s = CorpusScorer(jobs, StatsCache(signatures()) if cache else None)
    s.CHUNK = 3
    return s


@pytest.mark.parametrize("jobs", [1, 2])
def test_scores_are_sacrebleus_for_any_jobs_cold_and_warm(jobs, cache_home, monkeypatch):
    monkeypatch.setattr(metrics, "_worker_metrics", None)
    calls = []
    cold = scorer(jobs)
    assert cold.score(HYPS_A, REFS, calls.append) == direct(HYPS_A, REFS)
    assert calls == [3, 3, 1]
    # -j 2: every chunk was scored in a worker process, none here
    assert (metrics._worker_metrics is None) == (jobs == 2)
    assert cold.score(HYPS_B, REFS) == direct(HYPS_B, REFS)
    assert not cache_home.exists()
    cold.save()
    found, entries = usercache.load("eval-stats", StatsCache(signatures()).key)
    assert found and len(entries) == 2 * N

    def boom(pairs):
        raise AssertionError(f"scored again: {pairs}")

    monkeypatch.setattr(metrics, "pair_statistics", boom)
    warm = scorer(jobs)
    calls.clear()
    assert warm.score(HYPS_A, REFS, calls.append) == direct(HYPS_A, REFS)
    assert calls == [N]  # all known at once
    assert warm.score(HYPS_B, REFS) == direct(HYPS_B, REFS)
    mixed = HYPS_A[:4] + HYPS_B[4:]
    assert warm.score(mixed, REFS) == direct(mixed, REFS)


def test_a_changed_segment_is_the_only_one_scored(cache_home):
    first = scorer(1)
    first.score(HYPS_A, REFS)
    first.save()
    changed = [*HYPS_A[:3], HYPS_A[3] + " Extra words.", *HYPS_A[4:]]
    scored = []
    second = scorer(1)
    second.score(changed, REFS, scored.append)
    assert scored == [1, N - 1]
    assert second.score(changed, REFS) == direct(changed, REFS)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"not a cache file at all",
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-3] + bytes(b ^ 0xFF for b in data[-3:]),  # flipped bytes: checksum fails
        lambda data: b"",
    ],
)
def test_a_corrupt_cache_file_is_ignored_and_replaced(damage, cache_home):
    s = scorer(1)
    s.score(HYPS_A, REFS)
    s.save()
    cache_home.write_bytes(damage(cache_home.read_bytes()))
    calls = []
    again = scorer(2)
    assert again.score(HYPS_A, REFS, calls.append) == direct(HYPS_A, REFS)
    assert calls == [3, 3, 1]  # everything scored again
    again.save()
    found, entries = usercache.load("eval-stats", again.cache.key)
    assert found and len(entries) == N


def test_well_checksummed_but_malformed_entries_are_ignored(cache_home):
    cache = StatsCache(signatures())
    good = scorer(1, cache=False)
    good.score(HYPS_A[:2], REFS[:2])
    k0, k1 = (stats_cache.pair_hash(h, r) for h, r in zip(HYPS_A[:2], REFS[:2]))
    bad_shape = [[1, 2], [3], "x"]
    usercache.store("eval-stats", cache.key, {k0: bad_shape, k1: good._stats[(HYPS_A[1], REFS[1])]})
    assert cache.get(HYPS_A[0], REFS[0]) is None
    assert cache.get(HYPS_A[1], REFS[1]) == good._stats[(HYPS_A[1], REFS[1])]
    usercache.store("eval-stats", cache.key, ["not", "a", "dict"])
    assert StatsCache(signatures()).get(HYPS_A[1], REFS[1]) is None


def test_other_metric_settings_are_never_served(cache_home):
    s = scorer(1)
    s.score(HYPS_A, REFS)
    s.save()
    other = StatsCache(
        {
            **signatures(),
            "TER": "nrefs:1|case:mixed|tok:tercom|norm:no|punct:yes|asian:no|version:" + sacrebleu.__version__,
        }
    )
    assert other.get(HYPS_A[0], REFS[0]) is None
    assert StatsCache(signatures()).get(HYPS_A[0], REFS[0]) is not None


def test_two_runs_at_once_keep_both_and_the_size_is_bounded(cache_home, monkeypatch):
    one, two = scorer(1), scorer(1)
    one.score(HYPS_A, REFS)
    two.score(HYPS_B, REFS)
    one.save()
    two.save()  # merges with what `one` wrote since `two` read the file
    found, entries = usercache.load("eval-stats", one.cache.key)
    assert found and len(entries) == 2 * N
    monkeypatch.setattr(stats_cache, "LIMIT", 5)
    three = scorer(1)
    three.score(HYPS_A[:1] + [h + " again" for h in HYPS_A[1:]], REFS)  # 1 served, N - 1 new
    three.save()
    found, entries = usercache.load("eval-stats", one.cache.key)
    last = [stats_cache.pair_hash(h + " again", r) for h, r in zip(HYPS_A[2:], REFS[2:])]
    assert found and list(entries) == last  # the 5 used last
    warm = scorer(1)
    warm.score([HYPS_A[2] + " again"], [REFS[2]])  # served, not scored: it becomes the last used
    warm.save()
    found, entries = usercache.load("eval-stats", one.cache.key)
    assert found and list(entries) == last[1:] + last[:1]


def test_unwritable_cache_folder_is_never_fatal(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder should be
    s = scorer(1)
    assert s.score(HYPS_A, REFS) == direct(HYPS_A, REFS)
    s.save()
    assert blocker.read_text() == "x"


@pytest.mark.parametrize("value,on", [("0", False), ("off", False), ("No", False), ("1", True), ("", True)])
def test_environment_turns_the_cache_off(value, on, monkeypatch):
    monkeypatch.setenv("REPAIR_EVAL_CACHE", value)
    assert stats_cache.enabled() is on


def eval_json(tmp_path, *extra):
    out = tmp_path / "out.json"
    out.unlink(missing_ok=True)
    mts = []
    for name, hyps in (("Online-A", HYPS_A), ("Online-B", HYPS_B)):
        path = tmp_path / f"hyp.{name}.en"
        path.write_text("\n".join(hyps) + "\n", encoding="utf-8")
        mts.append(str(path))
    ref = tmp_path / "ref.A.en"
    ref.write_text("\n".join(REFS) + "\n", encoding="utf-8")
    r = run_repair("eval", "-q", *extra, *mts, "--ref", str(ref), "--unsafe-fixes", "--json", str(out))
    assert r.returncode == 0, r.stderr
    return out.read_bytes()


def test_eval_json_is_the_same_for_any_jobs_and_cache(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("REPAIR_EVAL_CACHE", "0")
    off = eval_json(tmp_path, "-j", "1")
    assert not (home / "repair" / "eval-stats.marshal").exists()
    monkeypatch.delenv("REPAIR_EVAL_CACHE")
    cold = eval_json(tmp_path, "-j", "2")
    assert (home / "repair" / "eval-stats.marshal").exists()
    warm1, warm2 = eval_json(tmp_path, "-j", "1"), eval_json(tmp_path, "-j", "2")
    assert off == cold == warm1 == warm2
    data = json.loads(off)
    for system, hyps in zip(data["systems"], (HYPS_A, HYPS_B)):
        assert system["before"] == {k: round(v, 4) for k, v in direct(hyps, REFS).items()}
