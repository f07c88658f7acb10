"""Benchmark what a user waits for: `python -m pipeline extract` as a process, start to last file.

Inputs are built from the bundled table: the table repeated with renumbered ids (102, 10,200 and
102,000 task rows) and a folder of 1,000 small reports of about ten rows each. For each, the wall
time of the whole process with default flags, its peak resident memory, and the time of every
stage including each writer (read from the run's own timing lines, `PIPELINE_TIMINGS`). Rates are
marginal over the 102-row run, so the fixed start-up cost is not counted as throughput; the growth
exponent says how time grows between sizes (1.0 = linear). Every figure is printed beside the
bare import floor (`python -c 'import pandas, great_expectations'`) measured in the same run; no
figure is asserted anywhere.

Run with `make bench`; `python -m tools.bench --sizes 102,10200` runs fewer sizes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "data" / "raw" / "yuhang-2023-key-tasks.txt"
SIZES = (102, 10_200, 102_000)
FOLDER_REPORTS = 1_000
FOLDER_ROWS = 10
REPEATS = 3  # median of three for the runs that take seconds; one run for the large ones
STAGES = ("vocabulary", "read", "engine", "tables", "validation_import", "validation",
          "wait_validation", "write_csv", "write_unmet_md", "write_workbook", "wait_workbook",
          "write_page", "commit")


def _table(text: str) -> tuple[str, list[str]]:
    lines = text.split("\n")
    return lines[0], [line for line in lines[1:] if line.strip()]


def _renumbered(body: list[str], first_id: int) -> tuple[list[str], int]:
    out, next_id = [], first_id
    for line in body:
        head, sep, rest = line.partition("|")
        if sep and head.strip().isdigit():
            out.append(f"{next_id} |{rest}")
            next_id += 1
        else:
            out.append(line)  # a wrapped row's continuation line
    return out, next_id


def replicate(text: str, min_rows: int) -> str:
    """The bundled table repeated with renumbered ids until it holds at least min_rows tasks."""
    header, body = _table(text)
    out, next_id = [header], 1
    while next_id <= min_rows:
        rows, next_id = _renumbered(body, next_id)
        out += rows
    return "\n".join(out)


def small_reports(text: str, count: int, rows: int) -> list[str]:
    """count reports of about `rows` task rows each, cut from the bundled table in turn."""
    header, body = _table(text)
    starts = [i for i, line in enumerate(body) if line.partition("|")[0].strip().isdigit()]
    reports = []
    for k in range(count):
        first = (k * rows) % (len(starts) - rows)
        chunk = body[starts[first]:starts[first + rows]]
        reports.append("\n".join([header, *_renumbered(chunk, 1)[0]]))
    return reports


@dataclass
class Run:
    label: str
    rows: int
    wall: float
    peak_mib: float
    stages: dict[str, float] = field(default_factory=dict)
    workbook_wait: float = 0.0


def _process(command: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one process and the children it waited for."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = child.stderr.read().decode("utf-8", "replace")
    child.stderr.close()
    if child.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(command)} exited {child.returncode}: {errors[-500:]}")
    return wall, usage.ru_maxrss / 1024


def _extract(label: str, raw: Path, rows: int, env: dict, repeats: int) -> Run:
    runs = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as out, tempfile.NamedTemporaryFile() as log:
            wall, peak = _process([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw),
                                   "--out", out, "--rules", str(ROOT / "rules")],
                                  {**env, "PIPELINE_TIMINGS": log.name})
            stages: dict[str, float] = {}
            waited = 0.0  # workbook time the main process waited for (in it, or for its end)
            items = [json.loads(line) for line in
                     Path(log.name).read_text(encoding="utf-8").splitlines()]
            main_pid = next((i["pid"] for i in items if i["stage"] == "extract"), None)
            for item in items:
                stages[item["stage"]] = stages.get(item["stage"], 0.0) + item["seconds"]
                if item["stage"] in ("write_workbook", "wait_workbook") and item["pid"] == main_pid:
                    waited += item["seconds"]
        runs.append(Run(label, rows, wall, peak, stages, waited))
    runs.sort(key=lambda r: r.wall)
    return runs[len(runs) // 2]


def _floor(env: dict) -> Run:
    walls, peaks = [], []
    for _ in range(REPEATS):
        wall, peak = _process([sys.executable, "-c", "import pandas, great_expectations"], env)
        walls.append(wall)
        peaks.append(peak)
    return Run("import floor", 0, statistics.median(walls), max(peaks))


def _exponent(small: Run, large: Run) -> str:
    if small.rows == large.rows or small.wall <= 0:
        return ""
    return f"{math.log(large.wall / small.wall) / math.log(large.rows / small.rows):.2f}"


def _print(runs: list[Run], floor: Run) -> None:
    base = next((r for r in runs if r.rows == SIZES[0] and r.label.startswith("table")), None)
    print(f"{'input':<28}{'rows':>8}{'wall s':>9}{'× floor':>9}{'rows/s':>9}{'marginal':>10}"
          f"{'peak MiB':>10}{'growth':>8}")
    print(f"{floor.label:<28}{'':>8}{floor.wall:>9.2f}{1:>9.2f}{'':>9}{'':>10}"
          f"{floor.peak_mib:>10.0f}{'':>8}")
    previous = None
    for run in runs:
        marginal = ""
        if base is not None and run is not base and run.wall > base.wall:
            marginal = f"{(run.rows - base.rows) / (run.wall - base.wall):.0f}"
        growth = _exponent(previous, run) if previous and run.label.startswith("table") else ""
        print(f"{run.label:<28}{run.rows:>8}{run.wall:>9.2f}{run.wall / floor.wall:>9.2f}"
              f"{run.rows / run.wall:>9.0f}{marginal:>10}{run.peak_mib:>10.0f}{growth:>8}")
        if run.label.startswith("table"):
            previous = run
    print("\ntime per stage (s; stages of processes beside the run overlap it; wait_* is the run "
          "waiting for them):")
    names = [s for s in STAGES if any(s in r.stages for r in runs)]
    print(f"{'stage':<20}" + "".join(f"{r.label.split(' ')[-1]:>12}" for r in runs))
    for name in [*names, "extract"]:
        print(f"{name:<20}" + "".join(
            f"{r.stages[name]:>12.2f}" if name in r.stages else f"{'':>12}" for r in runs))
    print(f"{'start-up':<20}" + "".join(
        f"{r.wall - r.stages.get('extract', 0):>12.2f}" for r in runs))
    for run in runs:  # the workbook is written beside the rest: the run waits only for its end
        if base is None or run is base or "extract" not in run.stages:
            continue
        spent, rest = run.wall - run.workbook_wait, base.wall - base.workbook_wait
        if spent > rest:
            print(f"{run.label}: everything but waiting for the workbook "
                  f"{(run.rows - base.rows) / (spent - rest):.0f} rows/s marginal")


def main(argv: list[str] | None = None) -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--sizes", default=",".join(map(str, SIZES)),
                         help="task rows of the repeated table (comma-separated)")
    options.add_argument("--no-folder", action="store_true", help="skip the folder of reports")
    args = options.parse_args(argv)
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    env.pop("PIPELINE_TIMINGS", None)
    text = REPORT.read_text(encoding="utf-8-sig")
    floor = _floor(env)
    runs = []
    with tempfile.TemporaryDirectory() as work:
        for size in (int(s) for s in args.sizes.split(",")):
            raw = Path(work) / f"table-{size}.txt"
            raw.write_text(replicate(text, size), encoding="utf-8")
            rows = sum(1 for line in raw.read_text(encoding="utf-8").split("\n")[1:]
                       if line.partition("|")[0].strip().isdigit())
            runs.append(_extract(f"table {rows}", raw, rows, env, REPEATS if rows < 50_000 else 1))
            print(f"measured {runs[-1].label}: {runs[-1].wall:.2f} s", file=sys.stderr)
        if not args.no_folder:
            folder = Path(work) / "folder"
            folder.mkdir()
            for k, report in enumerate(small_reports(text, FOLDER_REPORTS, FOLDER_ROWS)):
                (folder / f"report-{k:04d}.txt").write_text(report, encoding="utf-8")
            runs.append(_extract(f"folder {FOLDER_REPORTS} reports", folder,
                                 FOLDER_REPORTS * FOLDER_ROWS, env, 1))
    _print(runs, floor)


if __name__ == "__main__":
    main()
