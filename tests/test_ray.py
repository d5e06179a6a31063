"""``--engine ray``: the same units as Ray Data tasks on a small local Ray (one for the whole
session), with the findings, order and output bytes of ``-j 1``; per-file atomic outputs, a
completion record that ``--resume`` trusts only for whole, unchanged outputs; retries; the
actor pool's setup once per actor; and one line, exit 2, where Ray is not installed."""

from __future__ import annotations

import functools
import json
import math
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from repair.cli import main
from repair.errors import RepairError
from repair.pipeline import ray_engine
from repair.pipeline.finished import RECORD_NAME
from repair.pipeline.ray_engine import RayEngine

from conftest import DATA

WMT = sorted((DATA / "wmt21-zh-en-dev").glob("hyp.*.en"))[:4]
XINHUA = Path(__file__).parent.parent / "samples" / "xinhua-2020-04-10-work-safety.mt.en.txt"


def cli(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="repair")


@pytest.fixture(scope="session")
def ray_session():
    ray = pytest.importorskip("ray")
    from ray import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers get this module's helpers by value
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray
    if started:
        ray.shutdown()


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Four WMT21 hypotheses (their first 40 lines each) and the Xinhua sample, in tmp_path/in."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in WMT:
        lines = path.read_bytes().splitlines(keepends=True)[:40]
        (folder / f"{path.name}.txt").write_bytes(b"".join(lines))
    (folder / "xinhua.txt").write_bytes(XINHUA.read_bytes())
    return folder


def test_without_ray_the_engine_is_one_line_and_exit_2(monkeypatch, inputs):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    result = cli("check", "--engine", "ray", str(inputs))
    assert result.exit_code == 2
    assert result.stderr == (
        "repair: error: --engine ray: Ray is not installed: pip install 'repair[ray]' "
        "(or use the default --engine local)\n"
    )
    assert result.stdout == ""


def test_ray_options_without_the_engine_and_a_bad_manifest(tmp_path, inputs):
    result = cli("check", "--ray-address", "auto", str(inputs))
    assert result.exit_code == 2 and "--ray-address and --ray-gpus-per-worker go with --engine ray" in result.stderr
    empty = tmp_path / "list.txt"
    empty.write_text("# nothing\n\n")
    result = cli("check", "--manifest", str(empty))
    assert (result.exit_code, result.stderr) == (2, f"repair: error: {empty}: the manifest lists no paths\n")
    missing = tmp_path / "missing.txt"  # the manifest's line named, not only the path
    missing.write_text(f"{sorted(inputs.iterdir())[0]}\n\n  {tmp_path / 'nope.txt'}  \n")
    result = cli("check", "--manifest", str(missing))
    assert (result.exit_code, result.stderr) == (
        2,
        f"repair: error: {missing}:3: {tmp_path / 'nope.txt'}: no such file or folder\n",
    )
    result = cli("fix", "--resume", "--out-dir", str(tmp_path / "out"), str(inputs))
    assert result.exit_code == 2 and "--resume goes with --engine ray and --out-dir" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_check_on_ray_prints_what_one_process_prints(ray_session, inputs, tmp_path, fmt):
    local = cli("check", "-j", "1", "--format", fmt, str(inputs))
    manifest = tmp_path / "list.txt"
    manifest.write_text("".join(f"{p}\n" for p in sorted(inputs.iterdir())))
    on_ray = cli("check", "--engine", "ray", "-j", "2", "--format", fmt, "--manifest", str(manifest))
    assert local.exit_code == on_ray.exit_code == 1
    assert len(local.stdout.splitlines()) > 20
    assert on_ray.stdout == local.stdout
    assert on_ray.stderr == ""


def test_fix_on_ray_writes_the_bytes_of_one_process_and_resume_redoes_only_what_is_not_whole(
    ray_session, inputs, tmp_path
):
    local, out = tmp_path / "local", tmp_path / "ray"
    first = cli("fix", "--unsafe-fixes", "-j", "1", "--out-dir", str(local), str(inputs))
    on_ray = cli("fix", "--unsafe-fixes", "--engine", "ray", "--out-dir", str(out), str(inputs))
    assert first.exit_code == on_ray.exit_code
    names = sorted(p.name for p in local.iterdir())
    assert names == sorted([f"{p.name}.txt" for p in WMT] + ["xinhua.txt"])
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, RECORD_NAME])
    for name in names:
        assert (out / name).read_bytes() == (local / name).read_bytes()
    assert on_ray.stderr.replace(str(out), str(local)) == first.stderr
    record = (out / RECORD_NAME).read_text().splitlines()
    assert [json.loads(line)["input"] for line in record] == [str(inputs / n) for n in names]

    # one output changed since, one removed, the last record line cut short (a crash while appending it)
    (out / names[1]).write_bytes(b"half")
    (out / names[2]).unlink()
    (out / RECORD_NAME).write_text("\n".join(record[:3]) + "\n" + record[3][:40])
    again = cli("fix", "--unsafe-fixes", "--engine", "ray", "--resume", "--out-dir", str(out), str(inputs))
    assert again.exit_code == first.exit_code
    assert again.stderr.splitlines()[-1] == f"repair: 1 finished file skipped (--resume; record: {out / RECORD_NAME})"
    assert [line.split(":")[0] for line in again.stderr.splitlines()[:-1]] == [str(inputs / n) for n in names[1:]]
    for name in names:
        assert (out / name).read_bytes() == (local / name).read_bytes()

    # everything finished: nothing runs; other rules: nothing is skipped
    done = cli("fix", "--unsafe-fixes", "--engine", "ray", "--resume", "--out-dir", str(out), str(inputs))
    assert done.stderr == f"repair: 5 finished files skipped (--resume; record: {out / RECORD_NAME})\n"
    other = cli("fix", "--engine", "ray", "--resume", "--out-dir", str(out), "--ignore", "mt-en", str(inputs))
    assert "skipped" not in other.stderr and other.stderr.count(" applied -> ") == 5


def test_a_bad_input_stops_the_run_at_its_place_after_the_outputs_before_it(ray_session, inputs, tmp_path):
    names = sorted(p.name for p in inputs.iterdir())
    (inputs / names[2]).write_bytes(b"\xff\xfe\x00broken \xc3")
    out = tmp_path / "out"
    result = cli("fix", "--engine", "ray", "--out-dir", str(out), str(inputs))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"repair: error: {inputs / names[2]}: ")
    assert sorted(p.name for p in out.iterdir()) == sorted([*names[:2], RECORD_NAME])


def _flaky(path: str) -> str:
    """Fails the first time it is called for ``path`` (a lost worker), then reads it."""
    marker = Path(path + ".tried")
    if not marker.exists():
        marker.write_text("1")
        raise RuntimeError("worker lost")
    return Path(path).read_text()


def test_a_failed_task_is_retried_and_one_that_always_fails_is_reported_with_its_input(ray_session, tmp_path):
    paths = []
    for k in range(3):
        (tmp_path / f"{k}.txt").write_text(f"text {k}")
        paths.append(str(tmp_path / f"{k}.txt"))
    assert list(ray_engine.ordered_map(_flaky, paths, RayEngine(retries=1))) == ["text 0", "text 1", "text 2"]
    with pytest.raises(RepairError) as caught:
        list(
            ray_engine.ordered_map(math.sqrt, [4.0, 9.0, -1.0, 16.0], RayEngine(retries=1), name=lambda x: f"item {x}")
        )
    assert str(caught.value) == "item -1.0: failed on each of 2 tries: ValueError: math domain error"


def _setup(folder: str) -> None:
    Path(folder, f"setup-{os.getpid()}").write_text("loaded")


def _pid(item: int) -> tuple[int, int]:
    return item, os.getpid()


def test_the_actor_pool_runs_its_setup_once_per_actor(ray_session, tmp_path):
    engine = RayEngine(model=True, workers=1)
    results = list(ray_engine.ordered_map(_pid, range(6), engine, functools.partial(_setup, str(tmp_path))))
    assert [item for item, _ in results] == list(range(6))
    pids = {pid for _, pid in results}
    assert len(pids) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"setup-{pid}" for pid in pids]


def test_eval_on_ray_measures_what_one_process_measures(ray_session, inputs, tmp_path):
    ref = tmp_path / "ref.txt"
    ref.write_bytes(b"".join((DATA / "wmt21-zh-en-dev" / "ref.A.en").read_bytes().splitlines(keepends=True)[:40]))
    files = [str(p) for p in sorted(inputs.iterdir()) if p.name != "xinhua.txt"]
    local = cli("eval", "-q", "-j", "1", "--ref", str(ref), "--json", "-", *files)
    on_ray = cli("eval", "-q", "--engine", "ray", "--ref", str(ref), "--json", "-", *files)
    assert local.exit_code == on_ray.exit_code == 0
    assert json.loads(on_ray.stdout) == json.loads(local.stdout)


@pytest.mark.parametrize(
    ("address", "env", "workers", "cpus"),
    [
        (None, None, 3, 3),  # a local Ray of our own: -j N is its CPUs
        (None, None, None, None),  # every core
        ("head:6379", None, 3, None),  # a cluster: -j N is the tasks at once, its CPUs are its own
        (None, "ray://head:10001", 3, None),
    ],
)
def test_j_sets_the_cpus_of_the_local_ray_the_run_starts(monkeypatch, address, env, workers, cpus):
    ray = pytest.importorskip("ray")
    calls = []
    monkeypatch.setattr(ray, "is_initialized", lambda: False)
    monkeypatch.setattr(ray, "init", lambda **kwargs: calls.append(kwargs))
    monkeypatch.delenv(ray_engine.RETRY_NOTES, raising=False)
    if env is None:
        monkeypatch.delenv("RAY_ADDRESS", raising=False)
    else:
        monkeypatch.setenv("RAY_ADDRESS", env)
    ray_engine.start(RayEngine(address=address, workers=workers))
    assert len(calls) == 1
    assert calls[0].get("num_cpus") == cpus
    assert calls[0]["address"] == (address or env)
    assert os.environ[ray_engine.RETRY_NOTES] == "0"  # no note on stdout for each retried task


def test_rays_messages_to_the_driver_go_to_stderr_not_stdout(ray_session, capsys):
    ray_engine.start(RayEngine())
    from ray._private import worker

    # what Ray's listen_error_messages thread calls for each message the cluster publishes
    worker.print_to_stdstream({"lines": ["A worker died."], "pid": "raylet", "is_err": False}, ignore_prefix=False)
    out, err = capsys.readouterr()
    assert out == ""
    assert "A worker died." in err


def _fails_once(marks: str, args: tuple) -> object:
    """``ray_engine._run``, but each unit's first try fails (a worker lost)."""
    from repair.pipeline.work import run_unit

    mark = Path(marks, f"{args[1].index}-{args[1].chunk.start if args[1].chunk else 0}")
    if not mark.exists():
        mark.write_text("1")
        raise RuntimeError("worker lost")
    return run_unit(*args)


def test_check_json_on_ray_with_retried_tasks_is_the_json_of_one_process(ray_session, inputs, tmp_path, monkeypatch):
    local = cli("check", "-j", "1", "--format", "json", str(inputs))
    marks = tmp_path / "marks"
    marks.mkdir()
    monkeypatch.setattr(ray_engine, "_run", functools.partial(_fails_once, str(marks)))
    on_ray = cli("check", "--engine", "ray", "-j", "2", "--format", "json", str(inputs))
    assert len(list(marks.iterdir())) == 5  # every unit failed once, and was retried
    assert local.exit_code == on_ray.exit_code == 1
    assert json.loads(on_ray.stdout) == json.loads(local.stdout)
    assert on_ray.stdout == local.stdout


def test_fix_on_ray_writes_to_stdout_with_o_dash_and_refuses_stdin(ray_session, inputs):
    path = str(inputs / "xinhua.txt")
    local = cli("fix", "-j", "1", "--unsafe-fixes", "-o", "-", path)
    on_ray = cli("fix", "--engine", "ray", "--unsafe-fixes", "-o", "-", path)
    assert local.exit_code == on_ray.exit_code
    assert on_ray.stdout_bytes == local.stdout_bytes
    assert len(on_ray.stdout_bytes) > 1000
    text = XINHUA.read_text(encoding="utf-8")
    refused = {
        "check": f"repair: error: <stdin>: {ray_engine.STDIN_HINT}\n",
        "fix": "repair: error: --engine ray does not take - (stdin): use --out-dir (or the local engine) "
        "(see `repair fix --help`)\n",
    }
    for command, message in refused.items():
        result = CliRunner().invoke(main, [command, "--engine", "ray", "-"], input=text, prog_name="repair")
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


def test_an_interrupted_fix_on_ray_lists_the_files_written_then_the_interruption_last(
    ray_session, inputs, tmp_path, monkeypatch
):
    from repair.commands import fix_ray

    written = []

    def write_twice(target, data, like):  # Ctrl-C as the third output is about to be written
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(target)
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_bytes(data)

    monkeypatch.setattr(fix_ray, "atomic_write", write_twice)
    out = tmp_path / "out"
    result = cli("fix", "--engine", "ray", "--out-dir", str(out), str(inputs))
    assert result.exit_code == 130
    lines = result.stderr.splitlines()
    names = sorted(p.name for p in inputs.iterdir())
    assert [line.split(":")[0] for line in lines[:-1]] == [str(inputs / n) for n in names[:2]]
    assert lines[-1] == "repair: interrupted; 2 outputs written whole before it; `--resume` skips them next time"
