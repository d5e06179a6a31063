"""Speed of `repair server` and of a one-line `repair check` (what a pre-commit hook pays).

    PYTHONPATH=. python benchmarks/server.py [--changes 15] [--runs 10] [--cpu 0]

1. Diagnostics latency: the real server (``python -m repair server``, pinned to one core)
   driven by pygls's client over stdio. A 2,000-line document is opened, then changed one
   keystroke at a time; each latency runs from sending ``didChange`` to receiving the
   ``publishDiagnostics`` of that version, the server's debounce included. Two documents:
   the sample article's lines repeated (long paragraphs, 0.5 MB, about 2,500 findings) and
   the WMT21 system outputs of tests/data (one sentence a line). Three kinds of change: a
   letter typed inside a line, a new line inserted (every later finding moves), and a name
   introduced in full at the top (document-level context: the segments holding the name are checked again).
2. ``repair check`` of a one-line file: wall and CPU time of the whole process (bytecode
   compiled first with compileall, as an installed package has it), pinned to one core.

Figures go to docs/editors.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "samples" / "xinhua-2020-04-10-work-safety.mt.en.txt"
WMT = ROOT / "tests" / "data" / "wmt21-zh-en-dev"
LINES = 2000


def article_doc() -> str:
    lines = [ln for ln in ARTICLE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return "\n".join((lines * (LINES // len(lines) + 1))[:LINES]) + "\n"


def wmt_doc() -> str:
    lines: list[str] = []
    for f in sorted(WMT.glob("hyp.*.en")):
        lines += f.read_text(encoding="utf-8").splitlines()
        if len(lines) >= LINES:
            break
    return "\n".join(lines[:LINES]) + "\n"


def server_cpu(client: Client) -> float:
    """CPU seconds the server process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{client._server.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, AttributeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Client(LanguageClient):
    def __init__(self) -> None:
        super().__init__("benchmark", "1")
        self.waiting: dict[tuple[str, int], asyncio.Future] = {}
        self.counts: dict[tuple[str, int], int] = {}

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            key = (params.uri, params.version)
            self.counts[key] = len(params.diagnostics)
            future = self.waiting.pop(key, None)
            if future is not None and not future.done():
                future.set_result(time.perf_counter())

    def expect(self, uri: str, version: int) -> asyncio.Future:
        future = asyncio.get_running_loop().create_future()
        self.waiting[(uri, version)] = future
        return future


async def latencies(client: Client, name: str, text: str, changes: int) -> list[str]:
    uri = (ROOT / f"bench-{name}.txt").as_uri()
    done = client.expect(uri, 1)
    start = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)
        )
    )
    opened = await done - start
    out = [
        f"{name}: {len(text.splitlines())} lines, {len(text.encode()) / 1e6:.2f} MB, "
        f"{client.counts[(uri, 1)]} findings; open: {1000 * opened:.0f} ms"
    ]
    version = 1
    lines = text.splitlines(keepends=True)

    cpu: list[float] = []

    async def change(rng: types.Range, new: str) -> float:
        nonlocal version
        version += 1
        done = client.expect(uri, version)
        used = server_cpu(client)
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=rng, text=new)],
            )
        )
        latency = await done - start
        await asyncio.sleep(0.05)  # the server has sent its notification; let its CPU count settle
        cpu.append(server_cpu(client) - used)
        return latency

    def at(line: int, col: int) -> types.Position:
        return types.Position(line=line, character=col)

    kinds = {
        "type a letter in a line": lambda k: (types.Range(start=at(1000 + k, 5), end=at(1000 + k, 5)), "x"),
        "insert a line": lambda k: (types.Range(start=at(500 + k, 0), end=at(500 + k, 0)), "A new line of text.\n"),
    }
    for label, make in kinds.items():
        cpu.clear()
        times = [await change(*make(k)) for k in range(changes)]
        out.append(
            f"  {label}: latency median {1000 * statistics.median(times):.0f} ms, max {1000 * max(times):.0f} ms "
            f"({len(times)} changes, debounce included); server CPU median {1000 * statistics.median(cpu):.0f} ms"
        )
    del lines
    times = []
    cpu.clear()
    for _ in range(max(3, changes // 5)):  # a name in full changes what the name rule reads everywhere
        times.append(await change(types.Range(start=at(0, 0), end=at(0, 0)), "Premier Li Keqiang spoke.\n"))
    out.append(
        f"  introduce a name at the top (the segments holding it again): latency median {1000 * statistics.median(times):.0f} ms, "
        f"max {1000 * max(times):.0f} ms; server CPU median {1000 * statistics.median(cpu):.0f} ms"
    )
    return out


async def run_server(cpu: int | None, changes: int) -> list[str]:
    from repair.server.app import DEBOUNCE

    client = Client()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None and hasattr(os, "sched_setaffinity") else None
    await client.start_io(sys.executable, "-m", "repair", "server", env=env, preexec_fn=pin)
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=ROOT.as_uri())
    )
    client.initialized(types.InitializedParams())
    out = [f"server pinned to cpu {cpu}; debounce {1000 * DEBOUNCE:.0f} ms"]
    for name, text in (("article", article_doc()), ("wmt21", wmt_doc())):
        out += await latencies(client, name, text, changes)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return out


def one_line_check(runs: int, cpu: int | None) -> list[str]:
    compileall.compile_dir(str(ROOT / "repair"), quiet=1)
    exe = shutil.which("repair", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "repair"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None and hasattr(os, "sched_setaffinity") else None
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp) / "one.txt"
        one.write_text("Xi Jinping ’s important instructions on work safety.\n", encoding="utf-8")
        walls, cpus = [], []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run([*cmd, "check", str(one)], capture_output=True, env=env, preexec_fn=pin)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            assert done.returncode == 1, done.stderr
    return [
        f"repair check, one-line file ({runs} runs, bytecode compiled): wall min {1000 * min(walls):.0f} ms, "
        f"median {1000 * statistics.median(walls):.0f} ms; CPU min {1000 * min(cpus):.0f} ms, "
        f"median {1000 * statistics.median(cpus):.0f} ms"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=15, help="changes of each kind per document")
    parser.add_argument("--runs", type=int, default=10, help="runs of the one-line check")
    parser.add_argument("--cpu", type=int, default=0, help="the core to pin the measured process to (-1: none)")
    args = parser.parse_args()
    cpu = None if args.cpu < 0 else args.cpu
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    for line in asyncio.run(run_server(cpu, args.changes)):
        print(line)
    for line in one_line_check(args.runs, cpu):
        print(line)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
