import os
import signal
import subprocess
import sys
import time
from decimal import Decimal

import pandas as pd
import pytest

from pipeline import write
from pipeline.write import Staging, csv_text, read_csv, safe_text

from .conftest import ROOT


@pytest.mark.parametrize("value,written", [
    ("=1+1", "'=1+1"), ("+86", "'+86"), ("-4%", "'-4%"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("'quoted", "''quoted"), ("新增企业", "新增企业"), ("", ""),
])
def test_safe_text(value, written):
    assert safe_text(value) == written


def test_numeric_columns_stay_numeric_and_text_round_trips(tmp_path):
    table = pd.DataFrame({"actual_text": ["-4%", "=HYPERLINK()"], "actual_value": [Decimal(-4), None],
                          "target_value": [Decimal("20000000000"), Decimal("2.65")]}, dtype=object)
    text = csv_text(table)
    assert text.splitlines()[1] == "'-4%,-4,20000000000"
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8-sig")
    back = read_csv(path)
    assert back.actual_text.tolist() == ["-4%", "=HYPERLINK()"]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_failed_commit_leaves_each_file_old_or_new(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_text("old a", encoding="utf-8")
    (tmp_path / "b.csv").write_text("old b", encoding="utf-8")
    staging = Staging(tmp_path)
    staging.text("a.csv", "new a")
    staging.text("b.csv", "new b")
    real = os.replace
    calls = []

    def crash_on_second(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk gone")
        real(src, dst)

    monkeypatch.setattr(write.os, "replace", crash_on_second)
    with pytest.raises(OSError):
        staging.commit()
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "new a"
    assert (tmp_path / "b.csv").read_text(encoding="utf-8") == "old b"
    assert not any(p.name.startswith(".staging-") for p in tmp_path.iterdir())


def test_killed_run_leaves_old_or_new_outputs(tmp_path):
    """Kill real runs at several moments: every output is byte-identical to the old or new one."""
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}

    def extract(raw, out):
        return [sys.executable, "-m", "pipeline", "extract", "--raw", str(raw), "--out", str(out)]

    def files(folder):
        return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.parts)}

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "small.txt").write_text("1 | 新增企业5家。 | 区科技局 | 新增企业6家。 |\n", encoding="utf-8")
    out, reference = tmp_path / "out", tmp_path / "reference"
    subprocess.run(extract(raw, out), cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(extract(ROOT / "data" / "raw", reference), cwd=ROOT, env=env, check=True,
                   capture_output=True)
    old, new = files(out), files(reference)
    assert set(old) == set(new) and all(old[p] != new[p] for p in old if p.suffix == ".csv")
    for delay in (0.5, 1.5, 2.5, 3.0, 3.5):
        process = subprocess.Popen(extract(ROOT / "data" / "raw", out), cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path, content in files(out).items():
            assert content in (old[path], new[path]), f"{path} is partial after a kill at {delay}s"


HOLDER = """
import sys, time
from pathlib import Path
from pipeline.write import OutputLock, Staging
out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
lock = OutputLock(out).__enter__()
if sys.argv[2] == "stage":
    Staging(out).text("metrics.csv", "half written")
print("locked", flush=True)
time.sleep(120)
"""


def hold_lock(out, stage: bool) -> subprocess.Popen:
    """Another process holding the output folder's lock (and, if stage, a staging folder)."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(out), "stage" if stage else "-"],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "locked"
    return process


def extract_args(out):
    return ["extract", "--raw", str(ROOT / "data" / "raw" / "yuhang-2023-key-tasks.txt"),
            "--out", str(out)]


def test_a_second_run_is_refused_at_once_naming_the_first(tmp_path, capsys):
    from pipeline.cli import main

    out = tmp_path / "out"
    holder = hold_lock(out, stage=False)
    try:
        start = time.monotonic()
        assert main(extract_args(out)) == 2
        assert time.monotonic() - start < 5
        assert capsys.readouterr().err.strip() == (
            f"error: {out}: another run (pid {holder.pid}) is writing this folder; nothing done "
            "(try again when it has finished)")
        assert not (out / "metrics.csv").exists()
    finally:
        holder.kill()
        holder.wait()


def test_a_run_killed_while_holding_the_lock_blocks_nothing(tmp_path):
    """kill -9 releases the lock; the next run removes the dead run's staging folder and no
    live one's, and writes every output."""
    from pipeline.cli import main

    out = tmp_path / "out"
    holder = hold_lock(out, stage=True)
    dead = [p.name for p in out.iterdir() if p.name.startswith(".staging-")]
    assert dead == [name for name in dead if name.startswith(f".staging-{holder.pid}-")] != []
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    live = out / f".staging-{other.pid}-x"
    live.mkdir()
    try:
        assert main(extract_args(out)) == 0
        left = sorted(p.name for p in out.iterdir() if p.name.startswith(".staging-"))
        assert left == [live.name]
        golden = read_csv(ROOT / "tests" / "golden" / "bundled" / "metrics.csv")
        assert read_csv(out / "metrics.csv").shape[0] == golden.shape[0]
    finally:
        other.kill()
        other.wait()


def test_two_runs_started_together_leave_the_outputs_of_one(tmp_path):
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    out, reference = tmp_path / "out", tmp_path / "reference"
    subprocess.run([sys.executable, "-m", "pipeline", *extract_args(reference)], cwd=ROOT,
                   env=env, check=True, capture_output=True)
    runs = []
    for _ in range(2):
        runs.append(subprocess.Popen([sys.executable, "-m", "pipeline", *extract_args(out)],
                                     cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True))
        time.sleep(0.3)
    finished = [(run.wait(timeout=120), run.stderr.read(), run.pid) for run in runs]
    assert sorted(code for code, _, _ in finished) == [0, 2]
    (_, refused, _), (_, _, winner) = sorted(finished, key=lambda f: -f[0])
    assert f"another run (pid {winner}) is writing this folder" in refused
    for path in reference.rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            assert (out / path.relative_to(reference)).read_bytes() == path.read_bytes(), path
