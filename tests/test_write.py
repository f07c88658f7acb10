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
