"""Every input read or named, resources bounded, and exit statuses that tell the truth: special
files, symlinks, empty and unreadable runs, unwritable outputs, bombs, long cells, bad rule
files and unexpected errors."""

import os
import resource
import socket
import subprocess
import sys
import time

import pytest

from pipeline.cli import main
from pipeline.write import read_csv

from . import renderings
from .conftest import ROOT

GOOD = renderings.pipe_text(2)


def run(tmp_path, *extra, raw=None):
    return main(["extract", "--raw", str(raw or tmp_path / "raw"), "--out", str(tmp_path / "out"),
                 *extra])


def folder(tmp_path, files: dict):
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, content in files.items():
        (raw / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    return raw


def outputs(tmp_path):
    out = tmp_path / "out"
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()
            and not p.name.startswith(".")}


# (entry made in the folder, level, what stderr says about it)
def _fifo(path):
    os.mkfifo(path)


def _socket(path):
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return server


def _link_to(target):
    return lambda path: os.symlink(target, path)


SPECIAL = [
    ("pipe.txt", _fifo, "error", "a FIFO (named pipe), not a report file: not read"),
    ("sock.txt", _socket, "error", "a socket, not a report file: not read"),
    ("null.txt", _link_to("/dev/null"), "error", "a symlink to a character device"),
    ("broken.txt", _link_to("/nowhere/at/all.txt"), "error", "a symlink that points to nothing"),
    ("sub", lambda path: path.mkdir(), "warning", "a folder: not read"),
    (".hidden.txt", lambda path: path.write_text(GOOD), "warning", "hidden or temporary file"),
    ("~$book.xlsx", lambda path: path.write_bytes(b"x"), "warning", "hidden or temporary file"),
    ("notes.rtf", lambda path: path.write_text("x"), "error", "(.rtf): save it as .docx"),
]


@pytest.mark.parametrize("name,make,level,message", SPECIAL, ids=[s[0] for s in SPECIAL])
def test_special_entries_are_named_and_the_report_beside_them_read(tmp_path, capsys, name, make,
                                                                   level, message):
    raw = folder(tmp_path, {"good.txt": GOOD})
    kept = make(raw / name)
    status = run(tmp_path)
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{level}: {raw / name}: {message}"] or (
        len(err) == 1 and err[0].startswith(f"{level}: {raw / name}: ") and message in err[0])
    assert status == (3 if level == "error" else 0)
    assert read_csv(tmp_path / "out" / "tasks.csv").doc_id.tolist() == ["good", "good"]
    documents = read_csv(tmp_path / "out" / "documents.csv")
    rows = {d: (f, r) for d, f, r in documents[["doc_id", "flags", "layout_reason"]].values}
    flags, reason = rows.pop("good")
    assert (flags, reason.split(":")[0]) == ("", "pipe table")
    [(flags, reason)] = rows.values()
    assert flags == "not_read" and message in reason
    if isinstance(kept, socket.socket):
        kept.close()


def test_a_symlink_to_a_regular_file_is_read(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text(GOOD, encoding="utf-8")
    raw = folder(tmp_path, {})
    os.symlink(elsewhere, raw / "linked.txt")
    assert run(tmp_path) == 0
    assert read_csv(tmp_path / "out" / "tasks.csv").doc_id.tolist() == ["linked", "linked"]


@pytest.mark.parametrize("files", [{}, {".DS_Store": "x"}], ids=["empty", "only-hidden"])
def test_an_empty_input_folder_is_a_bad_argument(tmp_path, capsys, files):
    folder(tmp_path, files)
    assert run(tmp_path) == 2
    assert "no report file to read" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("files", [
    {"scan.pdf": b"%PDF-1.4 not really", "empty.txt": b""},
    {"only.docx": b"PK\x03\x04 broken"},
    {"a.wav": b"RIFF"},
], ids=["unreadable", "broken-docx", "unsupported"])
def test_a_run_that_reads_nothing_leaves_the_last_outputs_byte_identical(tmp_path, capsys, files):
    folder(tmp_path, {"good.txt": GOOD})
    assert run(tmp_path) == 0
    before = outputs(tmp_path)
    for path in (tmp_path / "raw").iterdir():
        path.unlink()
    folder(tmp_path, files)
    assert run(tmp_path) == 3
    assert outputs(tmp_path) == before
    err = capsys.readouterr().err
    assert "no input could be read; the outputs in" in err and "Traceback" not in err


def test_an_output_folder_that_cannot_be_written_is_found_before_any_work(tmp_path, capsys):
    folder(tmp_path, {"good.txt": GOOD})
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    status = main(["extract", "--raw", str(tmp_path / "raw"), "--out", str(blocker / "out")])
    err = capsys.readouterr()
    assert status == 2
    assert err.err.strip() == (f"error: {blocker / 'out'}: cannot write outputs here: a file is "
                               "in the way (the path or one of its parents is not a folder)")
    assert err.out == ""  # no report was read


def test_an_unexpected_error_is_named_with_exit_4_and_nothing_replaced(tmp_path, capsys,
                                                                       monkeypatch):
    folder(tmp_path, {"good.txt": GOOD})
    assert run(tmp_path) == 0
    before = outputs(tmp_path)
    (tmp_path / "raw" / "good.txt").write_text(renderings.pipe_text(3), encoding="utf-8")

    def broken(*args):
        raise KeyError("a bug")

    monkeypatch.setattr("pipeline.outputs.write_outputs", broken)
    assert run(tmp_path) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: internal error (KeyError): 'a bug'; outputs left unchanged"]
    assert outputs(tmp_path) == before
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".staging-")]


@pytest.mark.parametrize("name,data,limit,message", [
    ("big.txt", GOOD.encode() * 40, "0.001", "is over the input limit of 0.001 MB"),
    ("bomb.xlsx", renderings.zip_bomb("xlsx", 3), "2", "XLSX unpacks to 3.0 MB, over the input "
     "limit of 2 MB (raise it with --max-input-mb); refused as a possible zip bomb"),
    ("bomb.docx", renderings.zip_bomb("docx", 3), "2", "DOCX unpacks to 3.0 MB"),
    ("span.html", "<html><body><table><tr><th>序号</th><th>目标任务</th><th>完成情况</th></tr>"
     + "<tr><td rowspan=0 colspan=100000>1</td><td>新增企业5家</td><td>6家</td></tr>" * 3000
     + "</table></body></html>", "100", "a table spans more than 2000000 cells; refused"),
])
def test_inputs_over_the_limit_are_refused_naming_file_and_limit(tmp_path, capsys, name, data,
                                                                  limit, message):
    folder(tmp_path, {name: data, "good.txt": GOOD})
    assert run(tmp_path, "--max-input-mb", limit) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {tmp_path / 'raw' / name}: ")
    assert message in err[0]


def test_a_zip_bomb_at_the_default_limit_costs_seconds_and_megabytes(tmp_path):
    """A 1 GiB sheet packed into a megabyte: refused before it is inflated, in a child process
    whose peak memory is measured."""
    raw = folder(tmp_path, {"bomb.xlsx": renderings.zip_bomb("xlsx", 1024)})
    assert (raw / "bomb.xlsx").stat().st_size < 2 * 1024 * 1024
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false"}
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pipeline", "extract", "--raw", str(raw),
                           "--out", str(tmp_path / "out")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert done.returncode == 3
    assert "XLSX unpacks to 1024.0 MB, over the input limit of 100 MB" in done.stderr
    assert elapsed < 30 and peak_mb < 600, (elapsed, peak_mb)


def test_a_cell_over_the_length_limit_is_cut_and_flagged(tmp_path):
    long_cell = "新增企业6家。" + "项目推进顺利," * 6_000
    folder(tmp_path, {"long.txt": f"1 | 新增企业5家 | 区科技局 | {long_cell} |\n"})
    assert run(tmp_path) == 0
    task = read_csv(tmp_path / "out" / "tasks.csv").iloc[0]
    assert len(long_cell) > 32_767 and task.actual_cell == long_cell[:32_767]
    assert "cell_truncated" in task["flags"].split(";")
    metric = read_csv(tmp_path / "out" / "metrics.csv").iloc[0]
    assert (metric.status, metric.actual_text) == ("met", "6家")
    assert "cell_truncated" in metric["flags"].split(";")


ROW = "1 | 新增企业5家。 | 区科技局 | 新增企业6家。 |\n"


@pytest.mark.parametrize("data,where,message", [
    ("entries:\n  - task: '1'\n    note: 口径不同\n".encode("gbk"), "doc.yaml:3", "not UTF-8 text"),
    (("entries:\n  - task: '1'\n    note: " + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
     "doc.yaml:3", "nested more than 20 levels deep"),
    (b"entries:\n  - task: '1'\n    target: 5\xe5\xae\xb6\n    metric: [1, 2]\n"
     b"    reviewed: true\n", "doc.yaml:4", "metric: expected"),
    (b"entries:\n  - task: '1'\n    target: 5\xe5\xae\xb6\n    reviewed: true\n"
     b"    reviewed: false\n", "doc.yaml:5", "given twice"),
], ids=["gbk", "nested-100000", "metric-list", "key-twice"])
def test_a_bad_rule_file_is_exit_2_with_file_and_line(tmp_path, capsys, data, where, message):
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "vocabulary", rules / "vocabulary")
    (rules / "doc.yaml").write_bytes(data)
    folder(tmp_path, {"doc.txt": ROW})
    assert run(tmp_path, "--rules", str(rules)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{where}:" in err and message in err, err
    assert not (tmp_path / "out" / "metrics.csv").exists()
