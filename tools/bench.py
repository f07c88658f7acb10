"""Benchmark: stage throughput in task rows/s, peak memory, and `extract` wall time as a ratio.

Stage rates are over all task rows, as the pipeline runs them: actual cells are read only for
tasks that state a target.

Run with `make bench`. Figures are measured in this run against a baseline measured in the same
run (the bare import of pandas and Great Expectations), never asserted as limits in tests.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.actuals import read_actual
from pipeline.engine import process_document
from pipeline.pairing import pair_generic
from pipeline.readers import report_from_text
from pipeline.readers.decode import read_text
from pipeline.targets import extract_targets
from pipeline.vocabulary import load_vocabulary

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "raw" / "yuhang-2023-key-tasks.txt"
MIN_ROWS = 10_000
REPEATS = 3


def replicate(text: str, min_rows: int) -> str:
    """The bundled table repeated with renumbered ids until it holds at least min_rows tasks."""
    lines = text.split("\n")
    header, body = lines[0], [line for line in lines[1:] if line.strip()]
    out, next_id = [header], 1
    while next_id <= min_rows:
        for line in body:
            head, sep, rest = line.partition("|")
            if sep and head.strip().isdigit():
                out.append(f"{next_id} |{rest}")
                next_id += 1
            else:
                out.append(line)
    return "\n".join(out)


def _timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def stages(text: str) -> dict[str, float]:
    vocab = load_vocabulary(ROOT / "rules")
    report, read_s = _timed(report_from_text, "bench", text, vocab)
    rows = report.rows
    targets, targets_s = _timed(lambda: [extract_targets(r.target_cell, vocab) for r in rows])
    wanted = [(t, r) for (t, _), r in zip(targets, rows, strict=True) if t]  # as the pipeline does
    cells, actual_s = _timed(lambda: [read_actual(r.actual_cell, vocab) for _, r in wanted])
    _, pair_s = _timed(lambda: [pair_generic(t, c, vocab) for (t, _), c in zip(wanted, cells,
                                                                                 strict=True)])
    _, whole_s = _timed(process_document, report, vocab, [])
    return dict(rows=len(rows), read=read_s, targets=targets_s, actuals=actual_s, pairing=pair_s,
                end_to_end=whole_s)


def _wall(command: list[str], env: dict) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    text = replicate(read_text(REPORT), MIN_ROWS)
    figures = stages(text)
    rows = figures["rows"]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"stage throughput on {rows} task rows (one process, one core):")
    for stage in ("read", "targets", "actuals", "pairing", "end_to_end"):
        seconds = figures[stage]
        print(f"  {stage:<11} {seconds:7.3f} s  {rows / seconds:10.0f} rows/s")
    print(f"  peak resident memory {peak_mib:.0f} MiB")

    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    floor = _wall([sys.executable, "-c", "import pandas, great_expectations"], env)
    with tempfile.TemporaryDirectory() as out:
        extract = _wall([sys.executable, "-m", "pipeline", "extract", "--out", out], env)
    print(f"extract on the bundled report: {extract:.2f} s; import floor {floor:.2f} s; "
          f"ratio {extract / floor:.2f}x (median of {REPEATS})")


if __name__ == "__main__":
    main()
