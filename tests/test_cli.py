"""Exit statuses and one-line messages: bad rule files stop the run, bad inputs are named."""

import shutil

import pytest

from pipeline import cli
from pipeline.cli import _pieces, main
from pipeline.write import read_csv

from .conftest import ROOT

REPORT = "yuhang-2023-key-tasks"
ROW = "1 | 新增企业5家。 | 区科技局 | 新增企业6家。 |\n"


@pytest.fixture
def rules(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "vocabulary", target / "vocabulary")
    return target


def run(tmp_path, rules, *extra):
    return main(["extract", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"),
                 "--rules", str(rules), *extra])


def write_raw(tmp_path, name, content):
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    path = raw / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("rule_text,message", [
    ("entries:\n  - task: '1'\n    target: [unclosed\n", "invalid YAML"),
    ("entries:\n  - task: '9'\n    target: 5家\n    reviewed: true\n", "task '9' is not in"),
    ("entries:\n  - task: '1'\n    pattern: '(['\n    reviewed: true\n", "does not compile"),
    ("entries:\n  - task: '1'\n    target: 7家\n    reviewed: true\n", "not found in the report"),
    ("entries:\n  - task: '1'\n    target: 5家\n    status: done\n    reviewed: true\n", "status: 'done' is not one of"),
    ("entries:\n  - task: '1'\n    target: 5家\n    colour: red\n    reviewed: true\n", "unknown key"),
])
def test_invalid_rule_file_stops_before_processing(tmp_path, rules, capsys, rule_text, message):
    write_raw(tmp_path, "doc.txt", ROW)
    (rules / "doc.yaml").write_text(rule_text, encoding="utf-8")
    assert run(tmp_path, rules) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "doc.yaml" in errors[0] and message in errors[0]
    assert all(line.startswith(("error: ", "info: ")) for line in err.splitlines())
    assert not (tmp_path / "out" / "metrics.csv").exists()


def test_rule_line_number_is_reported(tmp_path, rules, capsys):
    write_raw(tmp_path, "doc.txt", ROW)
    (rules / "doc.yaml").write_text(
        "entries:\n  - task: '1'\n    target: 5家\n    reviewed: true\n"
        "  - task: '2'\n    target: 5家\n    reviewed: true\n", encoding="utf-8")
    assert run(tmp_path, rules) == 2
    assert "doc.yaml:5:" in capsys.readouterr().err


def test_unreviewed_entries_are_ignored(tmp_path, rules):
    write_raw(tmp_path, "doc.txt", ROW)
    (rules / "doc.yaml").write_text(
        "entries:\n  - task: '1'\n    target: 5家\n    actual: null\n    reviewed: false\n",
        encoding="utf-8")
    assert run(tmp_path, rules) == 0
    assert read_csv(tmp_path / "out" / "metrics.csv").status.tolist() == ["met"]


def test_reviewed_entry_overrides_the_engine(tmp_path, rules):
    write_raw(tmp_path, "doc.txt", ROW)
    (rules / "doc.yaml").write_text(
        "entries:\n  - task: '1'\n    target: 5家\n    actual: null\n    note: 口径不同\n"
        "    status: not_comparable\n    reviewed: true\n", encoding="utf-8")
    assert run(tmp_path, rules) == 0
    row = read_csv(tmp_path / "out" / "metrics.csv").iloc[0]
    assert (row.status, row.source, row.note, row.confidence) == ("not_comparable", "rule", "口径不同", "1")


def test_a_unit_pint_cannot_parse_stops_the_run(tmp_path, rules, capsys):
    write_raw(tmp_path, "doc.txt", ROW)
    units = rules / "vocabulary" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("  亩: 亩\n", "  亩: 不存在的单位\n"),
                     encoding="utf-8")
    assert run(tmp_path, rules) == 2
    assert "units.yaml" in capsys.readouterr().err


def test_unreadable_inputs_are_named_and_the_rest_processed(tmp_path, rules, capsys):
    write_raw(tmp_path, "a-good.txt", ROW)
    write_raw(tmp_path, "b-empty.txt", "")
    write_raw(tmp_path, "c-binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe\xfa")
    write_raw(tmp_path, "d-prose.txt", "这是一段没有表格的文字。\n")
    assert run(tmp_path, rules) == 3
    err = capsys.readouterr().err.splitlines()
    assert [(line.split(":")[0], line.split(":")[1].strip().rsplit("/", 1)[-1]) for line in err] == [
        ("error", "b-empty.txt"), ("error", "c-binary.txt"), ("warning", "d-prose.txt")]
    assert read_csv(tmp_path / "out" / "tasks.csv").doc_id.tolist() == ["a-good"]
    documents = read_csv(tmp_path / "out" / "documents.csv")
    assert documents[["doc_id", "tasks", "flags", "layout_reason"]].values.tolist() == [
        ["a-good", "1", "", "pipe rows without a header (序号 | 任务 | 单位 | 情况), 4 cells"],
        ["b-empty", "", "not_read", "empty file"],
        ["c-binary", "", "not_read", "not a text file (it looks like an image, a PDF or an archive)"],
        ["d-prose", "0", "no_numeric_target", "prose: no table explains the text"]]


def test_same_doc_id_twice_is_an_error_for_the_second(tmp_path, rules, capsys):
    write_raw(tmp_path, "doc.TXT", ROW)
    write_raw(tmp_path, "doc.txt", ROW)
    assert run(tmp_path, rules) == 3
    assert "doc.txt: doc_id 'doc' already used" in capsys.readouterr().err
    assert read_csv(tmp_path / "out" / "tasks.csv").doc_id.tolist() == ["doc"]


def test_missing_input_is_a_bad_argument(tmp_path, rules, capsys):
    assert main(["extract", "--raw", str(tmp_path / "nowhere"), "--rules", str(rules)]) == 2
    assert "no such file" in capsys.readouterr().err


def test_bad_arguments_exit_2():
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--jobs", "many"])
    assert exc.value.code == 2


def test_jobs_write_the_same_outputs_as_a_serial_run(tmp_path, capsys, monkeypatch):
    """Workers for any number of rows, and the bundled table (102 rows) cut into pieces of 40."""
    monkeypatch.setattr(cli, "PARALLEL_FROM_ROWS", 0)
    monkeypatch.setattr(cli, "SPLIT_ROWS", 40)
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "dev" / "raw", raw)
    shutil.copy(ROOT / "data" / "raw" / "yuhang-2023-key-tasks.txt", raw)
    n = len(list(raw.iterdir()))
    outputs, codes = {}, {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        codes[jobs] = main(["extract", "--raw", str(raw), "--out", str(out), "--rules",
                            str(ROOT / "rules"), "--jobs", jobs])
        outputs[jobs] = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert codes["1"] == codes["2"] == 0
    assert outputs["1"] == outputs["2"]
    assert set(outputs["1"]) >= {"metrics.csv", "documents.csv", "metrics.xlsx", "report.html"}
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("[")]
    assert len(lines) == 2 * n and lines[0].startswith(f"[1/{n}] ")


def test_docs_builds_gx_data_docs_beside_the_results(tmp_path, rules):
    write_raw(tmp_path, "doc.txt", ROW)
    assert run(tmp_path, rules, "--docs") == 0
    docs = tmp_path / "out" / "validation" / "docs"
    assert (docs / "index.html").exists()
    assert list((docs / "validations").rglob("*.html"))
    assert not list((tmp_path / "out").glob(".staging-*"))


@pytest.mark.parametrize("code", range(0x11F50, 0x11F5A), ids=lambda c: f"U+{c:04X}")
def test_digit_of_a_newer_script_never_crashes(tmp_path, rules, capsys, code):
    """新增企业𑽕家 in a completion cell: exit 0, never an internal error."""
    write_raw(tmp_path, "doc.txt", f"1 | 新增企业5家。 | 区科技局 | 新增企业{chr(code)}家。 |\n")
    assert run(tmp_path, rules) == 0
    assert "internal error" not in capsys.readouterr().err
    metrics = read_csv(tmp_path / "out" / "metrics.csv")
    assert list(metrics["target_text"]) == ["5家"]


def test_a_failure_inside_one_report_names_it_and_processes_the_others(tmp_path, rules, capsys,
                                                                         monkeypatch):
    import pipeline.cli as cli

    real = cli.process_document

    def broken(report, *args, **kwargs):
        if report.doc_id == "bad":
            raise TypeError("unsupported operand")
        return real(report, *args, **kwargs)

    monkeypatch.setattr(cli, "process_document", broken)
    write_raw(tmp_path, "bad.txt", ROW)
    write_raw(tmp_path, "good.txt", ROW)
    assert run(tmp_path, rules) == 3
    err = capsys.readouterr().err
    assert "bad.txt: cannot process (TypeError): unsupported operand" in err
    assert list(read_csv(tmp_path / "out" / "metrics.csv")["doc_id"]) == ["good"]


def test_help_is_a_users_guide(capsys):
    for argv in (["--help"], ["extract", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
        text = capsys.readouterr().out
        assert "python -m pipeline extract --raw 新报告.xlsx --out 新报告输出/" in text
        assert "exit status:\n  0  everything read and validated\n" in text
        assert "  4  an unexpected error (named); nothing is replaced" in text
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    text = capsys.readouterr().out
    assert "--out FOLDER" in text and "folder for the outputs" in text
    assert "--rules FOLDER" in text and "per-report rule files" in text


def test_version_is_the_projects(capsys):
    version = next(line.split('"')[1] for line in
                   (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines()
                   if line.startswith("version"))
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0 and capsys.readouterr().out == f"python -m pipeline {version}\n"


@pytest.mark.parametrize("jobs,message", [
    ("abc", "argument --jobs: 'abc' is not a whole number (give 1 or more)"),
    ("0", "argument --jobs: 0 is too few (give 1 or more)"),
])
def test_bad_jobs_are_named(capsys, jobs, message):
    with pytest.raises(SystemExit) as exc:
        main(["extract", "--jobs", jobs])
    assert exc.value.code == 2 and capsys.readouterr().err.endswith(f"error: {message}\n")


def test_an_output_folder_that_is_a_file_is_a_bad_argument(tmp_path, rules, capsys):
    write_raw(tmp_path, "doc.txt", ROW)
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    under = tmp_path / "taken" / "out"  # a path under a regular file cannot be created
    for out in (tmp_path / "taken", under):
        assert main(["extract", "--raw", str(tmp_path / "raw"), "--out", str(out),
                     "--rules", str(rules)]) == 2
        assert capsys.readouterr().err == (
            f"error: {out}: cannot write outputs here: a file is in the way (the path or one of "
            "its parents is not a folder)\n")


def test_an_unexpected_error_exits_4_and_replaces_nothing(tmp_path, rules, capsys, monkeypatch):
    import pipeline.outputs as outputs

    write_raw(tmp_path, "doc.txt", ROW)
    assert run(tmp_path, rules) == 0
    before = (tmp_path / "out" / "metrics.csv").read_bytes()
    monkeypatch.setattr(outputs, "unmet_markdown", lambda *a: 1 / 0)
    write_raw(tmp_path, "doc.txt", ROW.replace("6家", "7家"))
    assert run(tmp_path, rules) == 4
    assert "error: internal error (ZeroDivisionError)" in capsys.readouterr().err
    assert (tmp_path / "out" / "metrics.csv").read_bytes() == before
    assert not list((tmp_path / "out").glob(".staging-*"))


def test_a_validation_that_fails_beside_the_run_is_named_and_replaces_nothing(
        tmp_path, rules, capsys, monkeypatch):
    import pipeline.validate as validate

    write_raw(tmp_path, "doc.txt", ROW)
    assert run(tmp_path, rules) == 0
    before = (tmp_path / "out" / "report.html").read_bytes()
    monkeypatch.setattr(validate, "validate", lambda *args: 1 / 0)  # the forked validator's
    assert run(tmp_path, rules) == 4
    err = capsys.readouterr().err.splitlines()
    assert err == ["error: internal error (RuntimeError): validation failed "
                   "(ZeroDivisionError: division by zero); outputs left unchanged"]
    assert (tmp_path / "out" / "report.html").read_bytes() == before


def test_a_large_table_report_is_cut_in_order_and_prose_never(monkeypatch):
    from pipeline.readers import Report, TaskRow
    rows = [TaskRow("d", str(i), i, "x", "", "") for i in range(1, 2502)]
    pieces = _pieces(Report("d", "pipe", rows, []), 2)
    assert [len(p.rows) for p in pieces] == [1251, 1250]
    assert [r.task_id for p in pieces for r in p.rows] == [r.task_id for r in rows]
    prose = [TaskRow("d", f"s{i}", i, "x", "", "", layout="prose") for i in range(2500)]
    assert len(_pieces(Report("d", "prose", prose, []), 2)) == 1
