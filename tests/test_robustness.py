"""Bad input, hostile text and odd bytes: each case ends in a result or a one-line message."""

import pytest

from pipeline.cli import main
from pipeline.quantities import find_quantities
from pipeline.write import read_csv

from .conftest import ROOT

HEADER = "序号 | 重点工作 | 牵头单位 | 完成情况 |\n"
ROWS = ("1 | 新增国家高新技术企业500家。 | 区科技局 | 新增国家高新技术企业637家。 |\n"
        "2 | 实际利用外资10亿美元。 | 区商务局 | 全年实际利用外资8.89亿美元 |\n")
REPORT = HEADER + ROWS
EXPECTED = [["1", "500家", "637家", "met"], ["2", "10亿美元", "8.89亿美元", "missed"]]


def extract(tmp_path, files: dict):
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, content in files.items():
        (raw / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    out = tmp_path / "out"
    status = main(["extract", "--raw", str(raw), "--out", str(out), "--rules", str(ROOT / "rules")])
    tables = {}
    if (out / "metrics.csv").exists():
        tables = {t: read_csv(out / f"{t}.csv") for t in ("metrics", "tasks", "skipped")}
    return status, tables


def summary(tables):
    return tables["metrics"][["task_id", "target_text", "actual_text", "status"]].values.tolist()


@pytest.mark.parametrize("name,data", [
    ("utf8-bom", b"\xef\xbb\xbf" + REPORT.encode("utf-8")),
    ("gb18030", REPORT.encode("gb18030")),
    ("gbk", REPORT.encode("gbk")),
    ("utf16", REPORT.encode("utf-16")),
    ("crlf", REPORT.replace("\n", "\r\n").encode("utf-8")),
    ("cr", REPORT.replace("\n", "\r").encode("utf-8")),
    ("no-final-newline", REPORT.rstrip("\n").encode("utf-8")),
])
def test_encodings_and_line_endings_give_the_same_metrics(tmp_path, name, data):
    status, tables = extract(tmp_path, {f"{name}.txt": data})
    assert status == 0
    assert summary(tables) == EXPECTED


def test_control_characters_are_ignored_for_matching_and_flagged(tmp_path):
    report = HEADER + "1 | 新增国家高新\x00技术企业500家。 | 区科技局 | 新增国家高新技术企业\x07637家。 |\n"
    status, tables = extract(tmp_path, {"ctl.txt": report})
    row = tables["metrics"].iloc[0]
    assert (status, row.status, row.actual_text) == (0, "met", "637家")
    assert "control_characters" in row["flags"].split(";")
    cell = tables["tasks"].actual_cell.iloc[0]
    assert cell[int(row.actual_start):int(row.actual_end)] == "637家"


def test_html_left_by_copy_paste_is_ignored_for_matching_and_flagged(tmp_path):
    report = HEADER + ("1 | 新增国家高新技术企业&nbsp;500家。<br> | 区科技局 | "
                       "新增国家高新技术企业<br/>637家&amp;。 |\n")
    status, tables = extract(tmp_path, {"html.txt": report})
    row = tables["metrics"].iloc[0]
    assert (status, row.status, row.target_text, row.actual_text) == (0, "met", "500家", "637家")
    assert "html_markup" in row["flags"].split(";")
    cell = tables["tasks"].target_cell.iloc[0]
    assert cell[int(row.target_start):int(row.target_end)] == "500家"


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"\n \n\t\n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not a text file"),
    ("noise.txt", bytes(range(256)) * 8, "not a text file"),
    ("book.xlsx", b"not really a workbook", "cannot read as XLSX"),
])
def test_unreadable_files_are_named_and_the_others_processed(tmp_path, capsys, name, data, message):
    status, tables = extract(tmp_path, {name: data, "good.txt": REPORT})
    assert status == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and name in err[0] and message in err[0]
    assert summary(tables) == EXPECTED


def test_structure_problems_are_row_flags_not_losses(tmp_path):
    report = (HEADER + "1 | 新增企业5家 | 区科技局 |\n"
              "2 | 新增企业5家 | 区科技局 | 新增企业6家 | 多余 | 单元格 |\n"
              "2 | 新增企业7家 | 区科技局 | 新增企业8家 |\n"
              "A3 | 新增企业9家 | 区科技局 | 新增企业9家 |\n"
              "4 | 新增企业3家,\n"
              "| 区科技局 | 新增企业3家")
    status, tables = extract(tmp_path, {"structure.txt": report})
    tasks = tables["tasks"]
    assert status == 0
    assert tasks.task_id.tolist() == ["1", "2", "2#2", "A3", "4"]
    flags = dict(zip(tasks.task_id, tasks["flags"].str.split(";"), strict=True))
    assert "cell_count" in flags["1"] and "cell_count" in flags["2"]
    assert "duplicate_id" in flags["2#2"] and "non_numeric_id" in flags["A3"]
    assert "wrapped_row" in flags["4"]
    assert tables["metrics"].task_id.tolist() == ["1", "2", "2#2", "A3", "4"]


def test_a_huge_number_is_out_of_range_never_guessed(tmp_path):
    report = HEADER + f"1 | 新增企业{'9' * 100_000}家 | 区科技局 | 新增企业{'8' * 20}家 |\n"
    status, tables = extract(tmp_path, {"digits.txt": report})
    row = tables["metrics"].iloc[0]
    assert (status, row.status, row.target_value, row.actual_value) == (0, "unparseable", "", "")
    assert "number_out_of_range" in row["flags"].split(";")


def test_hostile_cells_finish_with_every_number_accounted_for(vocab):
    big = "新增企业5家," * 200_000
    quantities = find_quantities(big, vocab)
    assert len(quantities) == 200_000
    assert sum(q.skip == "limit" for q in quantities) == 200_000 - 500
    markers = find_quantities("1. " * 50_000 + "新增企业5家", vocab)
    assert [q.text for q in markers if q.skip is None] == ["5家"]
    assert sum(q.skip in ("list_marker", "limit") for q in markers) == 50_000
    nested = find_quantities("(" * 5_000 + "新增企业5家" + ")" * 5_000 + "“" * 5_000, vocab)
    assert [(q.text, q.value) for q in nested] == [("5家", 5)]


def test_injected_text_beyond_the_known_phrases_is_flagged(tmp_path):
    report = HEADER + ("1 | 新增企业5家,详见www.ok8899.com百家乐在线 | 区科技局 | "
                       "新增企业6家 |\n")
    status, tables = extract(tmp_path, {"spam.txt": report})
    assert "spam" in tables["tasks"]["flags"].iloc[0].split(";")
    assert tables["skipped"][["text", "reason"]].values.tolist() == [
        ["www.ok8899.com", "spam"], ["百家乐", "spam"]]
    assert summary(tables) == [["1", "5家", "6家", "met"]]


def test_rule_pattern_that_runs_away_is_stopped(tmp_path, capsys):
    rules = tmp_path / "rules"
    import shutil

    shutil.copytree(ROOT / "rules" / "vocabulary", rules / "vocabulary")
    (rules / "slow.yaml").write_text(
        "entries:\n  - task: '1'\n    pattern: '(a|aa)+$'\n    reviewed: true\n", encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "slow.txt").write_text(HEADER + "1 | " + "a" * 120 + "b 新增企业5家 | 区科技局 | 6家 |\n",
                                  encoding="utf-8")
    assert main(["extract", "--raw", str(raw), "--out", str(tmp_path / "out"),
                 "--rules", str(rules)]) == 2
    assert "timed out" in capsys.readouterr().err
