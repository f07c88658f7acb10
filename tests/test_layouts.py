"""Each layout with a small fixture, through the CLI, with spans checked against the original."""

import pytest

from pipeline.cli import main
from pipeline.readers.prose import split_sentences
from pipeline.text import make_view
from pipeline.write import read_csv

from .conftest import ROOT

PIPE = """上海市今年实施了十方面34项为民办实事项目。
2024年上海市为民办实事项目完成情况
序号 | 实事项目名称 | 完成情况 | 占全年计划 |
1 | 新增4000张养老床位 | 4385 | 110% |
新增800张困难重度残疾人养护床位 | 810 | 120% | |
2 | 新增30个社区长者食堂 | 39 | 130%
"""

LINES = """附件:1.省民生实事项目涉及西湖区指标落实情况表

2.市民生实事项目涉及西湖区指标落实情况表

序号

工作目标

区责任单位

涉及西湖区
工作指标

进展情况

1

新增停车位10万个

*区住建局

*区城管局

9300个停车位。

已完成。完成10045个。

2

清除淤泥3000万立方米

区农业农村局

完成河湖库塘清淤13万方。其中区城管局3万方。

已完成。
"""

PROSE = """萧县9月份民生工程进展情况
剩余8项中,2个嵌入式养老机构建设已完成1个(50%)、126条农村黑臭水体治理已完成120条(95%),6个老旧小区改造正在施工中(90%)。
"""

TRADITIONAL = """主要預(yù)期目標(biāo)完成良好
城鎮(zhèn)登記失業(yè)率4.5%以內(nèi)。這項(xiàng)工作由人社部負(fù)責(zé),去年末城鎮(zhèn)登記失業(yè)率為4.02%,低於4.5%的控制目標(biāo)。
單位國內(nèi)生產(chǎn)總值能耗下降3.4%以上。這項(xiàng)工作由發(fā)展改革委負(fù)責(zé),去年單位國內(nèi)生產(chǎn)總值能耗下降5%。
"""


def without_review(flags: str) -> str:
    """The flags a layout decides; whether a pairing needs review is the calibration's to say."""
    return ";".join(f for f in flags.split(";") if f and f != "review")


def run(tmp_path, name, content):
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    if isinstance(content, str):
        (raw / name).write_text(content, encoding="utf-8")
    else:
        content(raw / name)
    out = tmp_path / "out"
    status = main(["extract", "--raw", str(raw), "--out", str(out), "--rules", str(ROOT / "rules"),
                   "--no-report-rules"])
    tables = {t: read_csv(out / f"{t}.csv") for t in ("metrics", "tasks", "unassigned", "skipped")}
    return status, tables


def spans_point_at_text(tables):
    cells = {r.task_id: (r.target_cell, r.actual_cell) for r in tables["tasks"].itertuples()}
    for row in tables["metrics"].itertuples():
        target, actual = cells[row.task_id]
        assert target[int(row.target_start):int(row.target_end)] == row.target_text
        if row.actual_start:
            assert actual[int(row.actual_start):int(row.actual_end)] == row.actual_text
    return True


def test_pipe_with_subrows_item_targets_and_ratio_column(tmp_path):
    status, t = run(tmp_path, "sh.txt", PIPE)
    assert status == 0
    assert t["tasks"].task_id.tolist() == ["1", "1_2", "2"]
    assert t["tasks"].actual_cell.tolist() == ["4385 | 110%", "810 | 120%", "39 | 130%"]
    metrics = t["metrics"].assign(flags=t["metrics"]["flags"].map(without_review))
    got = metrics[["task_id", "metric", "target_value", "unit", "actual_text", "actual_unit",
                   "status", "flags"]].values.tolist()
    assert got == [["1", "养老床位", "4000", "张", "4385", "张", "met", ""],
                   ["1_2", "困难重度残疾人养护床位", "800", "张", "810", "张", "met", "ratio_mismatch"],
                   ["2", "社区长者食堂", "30", "个", "39", "个", "met", ""]]
    assert t["unassigned"].reason.tolist() == ["other", "other", "header"]
    assert spans_point_at_text(t)


def test_lines_layout_with_split_header_and_multi_block_lead(tmp_path):
    status, t = run(tmp_path, "xh.txt", LINES)
    assert status == 0
    tasks = t["tasks"]
    assert tasks.task_id.tolist() == ["1", "2"]
    assert tasks.lead_units.iloc[0].split(";") == ["区住建局", "区城管局"]
    assert tasks.actual_cell.tolist() == ["已完成。完成10045个。", "已完成。"]
    metrics = t["metrics"]
    got = metrics[["task_id", "target_text", "status", "actual_text"]].values.tolist()
    assert got == [["1", "10万个", "not_comparable", ""], ["1", "9300个", "met", "10045个"],
                   ["2", "3000万立方米", "not_comparable", ""], ["2", "13万方", "not_reported", ""]]
    assert t["skipped"][["text", "reason"]].values.tolist() == [["3万方", "share"]]
    assert t["unassigned"].reason.tolist()[:2] == ["other", "other"]
    assert spans_point_at_text(t)


def test_prose_target_and_outcome_in_one_clause(tmp_path):
    status, t = run(tmp_path, "xx.txt", PROSE)
    assert status == 0
    assert t["tasks"].task_id.tolist() == ["s2"]
    got = t["metrics"][["metric", "target_text", "actual_text", "status", "period",
                        "period_months", "flags"]].values.tolist()
    assert got == [["嵌入式养老机构建设", "2个", "1个", "partial_period", "9月份", "9", "behind"],
                   ["农村黑臭水体治理", "126条", "120条", "partial_period", "9月份", "9", "on_track"],
                   ["老旧小区改造", "6个", "90%", "not_comparable", "9月份", "9", "review"]]
    assert t["unassigned"][["line", "reason"]].values.tolist() == [["1", "context"]]
    assert spans_point_at_text(t)


def test_traditional_prose_with_pinyin_glosses(tmp_path):
    status, t = run(tmp_path, "nat.txt", TRADITIONAL)
    assert status == 0
    assert t["tasks"].task_id.tolist() == ["s2", "s4"]
    assert t["tasks"].lead_units.tolist() == ["人社部", "發(fā)展改革委"]
    got = t["metrics"][["metric", "target_text", "comparator", "kind", "actual_text",
                        "actual_value", "status"]].values.tolist()
    assert got == [["城镇登记失业率", "4.5%", "<=", "rate", "4.02%", "4.02", "met"],
                   ["单位国内生产总值能耗", "3.4%", ">=", "reduction_rate", "5%", "5", "met"]]
    assert spans_point_at_text(t)


def test_csv_and_xlsx_found_by_header_words(tmp_path):
    def workbook(path):
        import openpyxl

        book = openpyxl.Workbook()
        for row in (["说明", "", ""], ["序号", "目标任务", "完成情况"],
                    ["1", "新增企业5家", "新增企业6家"], ["2", "=1+1新增项目3个", "新增2个"]):
            book.active.append(row)
        book.active["B4"].data_type = "s"  # text that starts with =, not a formula
        book.save(path)

    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.csv").write_text(
        "序号,目标任务,牵头单位,完成情况\n1,实现产值200亿元,区经信局,实现产值180亿元\n", encoding="utf-8")
    status, t = run(tmp_path, "b.xlsx", workbook)
    assert status == 0
    got = t["metrics"][["doc_id", "task_id", "target_text", "actual_text", "status"]].values.tolist()
    assert got == [["a", "1", "200亿元", "180亿元", "missed"], ["b", "1", "5家", "6家", "met"],
                   ["b", "2", "3个", "2个", "missed"]]
    assert t["tasks"].target_cell.tolist()[-1] == "=1+1新增项目3个"  # kept as text, never run


def test_file_with_no_table_and_no_target_is_listed_with_a_warning(tmp_path, capsys):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text("这是一段没有表格也没有目标的文字。\n", encoding="utf-8")
    status, t = run(tmp_path, "b.txt", PIPE)
    assert status == 0
    assert "warning: " in capsys.readouterr().err
    assert set(t["tasks"].doc_id) == {"b"}
    documents = read_csv(tmp_path / "out" / "documents.csv").set_index("doc_id")
    assert documents.loc["a", ["layout", "tasks", "targets", "flags"]].tolist() == [
        "prose", "0", "0", "no_numeric_target"]


@pytest.mark.parametrize("text,sentences", [
    ("甲。乙!丙? 丁", ["甲。", "乙!", "丙?", "丁"]),
    ("单位选定中?结果", ["单位选定中?结果"]),
    ("他说“完成了。”然后走了。", ["他说“完成了。”", "然后走了。"]),
    ("选定中?。下一句", ["选定中?。", "下一句"]),
    ("第一行\n第二行。", ["第一行", "第二行。"]),
    ("甲。 。;\n乙", ["甲。", "乙"]),
])
def test_sentences(text, sentences):
    assert [text[a:b] for a, b in split_sentences(text)] == sentences


@pytest.mark.parametrize("cell,view", [
    ("就業(yè)率", "就业率    "),  # the gloss closes up; the word reads whole
    ("國務(wù)院", "国务院    "),
    ("接種(HPV)疫苗(95%)", "接种(HPV)疫苗(95%)"),
    ("４．５％以內", "4.5%以内"),
])
def test_view_keeps_length_and_real_brackets(cell, view):
    assert make_view(cell, ()).text == view
    assert len(make_view(cell, ()).text) == len(cell)


def test_gap_against_the_target_derives_it_and_other_gaps_are_skipped(tmp_path):
    text = "全年地区生产总值增长6.5%,高于目标2.1个百分点;规上工业增加值增长5%,高于全市平均4.8个百分点。\n"
    status, t = run(tmp_path, "gap.txt", text)
    derived = t["metrics"].iloc[0]
    assert (derived.target_text, derived.target_value, derived.actual_text, derived.status,
            derived["flags"]) == ("高于目标2.1个百分点", "4.4", "6.5%", "met", "derived_target")
    assert t["skipped"][["text", "reason"]].values.tolist() == [
        ["6.5%", "actual"], ["2.1个百分点", "gap"], ["5%", "context"], ["4.8个百分点", "gap"]]


def test_a_report_dated_in_october_covers_january_to_september(tmp_path):
    text = "发表时间:2025-10-09 14:34\n新增托位540个,已完成300个。\n"
    status, t = run(tmp_path, "dated.txt", text)
    row = t["metrics"].iloc[0]
    assert (row.period, row.period_months, row.pro_rata_target, row.status, row["flags"]) == (
        "1-9月", "9", "405", "partial_period", "behind")


def test_pipe_table_without_an_id_column_numbers_rows_in_order(tmp_path):
    text = ("2024年实事项目完成情况\n实事项目 | 牵头单位 | 完成情况 |\n"
            "新增养老床位4000张 | 市民政局 | 已新增4385张 |\n新增社区食堂30个 | 市民政局 | 新增39个 |\n")
    status, t = run(tmp_path, "noid.txt", text)
    assert status == 0
    assert t["tasks"].task_id.tolist() == ["1", "2"]
    assert t["metrics"][["task_id", "target_text", "actual_text", "status"]].values.tolist() == [
        ["1", "4000张", "4385张", "met"], ["2", "30个", "39个", "met"]]
    assert spans_point_at_text(t)


def test_indicator_table_with_target_and_actual_value_columns(tmp_path):
    text = ("序号 | 指标名称 | 目标值 | 完成值 |\n1 | 地区生产总值增长 | 6.5% | 7.1% |\n"
            "2 | 新增城镇就业人数 | 3万人 | 3.6万人 |\n")
    status, t = run(tmp_path, "kv.txt", text)
    assert status == 0
    got = t["metrics"][["metric", "target_text", "kind", "actual_text", "status"]].values.tolist()
    assert got == [["地区生产总值", "6.5%", "growth_rate", "7.1%", "met"],
                   ["新增城镇就业人数", "3万人", "amount", "3.6万人", "met"]]
    assert spans_point_at_text(t)


def test_prose_that_names_its_target_makes_the_other_figures_outcomes(tmp_path):
    text = ("2024年上半年全市经济运行情况\n"
            "上半年,全市地区生产总值增长5.2%,全年目标为增长6%。"
            "城镇新增就业5.1万人,完成全年目标10万人的51%。\n")
    status, t = run(tmp_path, "half.txt", text)
    assert status == 0
    got = t["metrics"][["metric", "target_text", "actual_text", "period", "status",
                        "flags"]].values.tolist()
    assert got == [["地区生产总值", "6%", "5.2%", "上半年", "partial_period", ""],
                   ["城镇新增就业", "10万人", "5.1万人", "上半年", "partial_period", "on_track"]]
    assert spans_point_at_text(t)


def test_a_second_table_prefixes_its_ids(tmp_path):
    text = ("序号 | 重点工作 | 牵头单位 | 完成情况 |\n1 | 新增企业5家 | 区科技局 | 新增企业6家 |\n"
            "表二\n序号 | 重点工作 | 牵头单位 | 完成情况 |\n1 | 新增床位40张 | 区民政局 | 新增床位41张 |\n"
            "新增托位20个 | 区民政局 | 18个 | |\n")
    status, t = run(tmp_path, "two.txt", text)
    assert status == 0
    assert t["tasks"].task_id.tolist() == ["1", "t2_1", "t2_1_2"]
    assert t["metrics"].status.tolist() == ["met", "met", "missed"]
    assert t["unassigned"].reason.tolist() == ["header", "other", "header"]


def test_lines_layout_with_a_second_table(tmp_path):
    second = ("\n附件2\n\n市民生实事项目涉及西湖区指标落实情况表\n\n序号\n\n工作目标\n\n区责任单位\n\n"
              "涉及西湖区\n工作指标\n\n进展情况\n\n1\n\n新增床位500张\n\n区民政局\n\n40张床位。\n\n已完成。完成42张。\n")
    status, t = run(tmp_path, "two.txt", LINES + second)
    assert status == 0
    assert t["tasks"].task_id.tolist() == ["1", "2", "t2_1"]
    rows = t["metrics"][["task_id", "target_text", "status", "actual_text"]].values.tolist()
    assert rows[-2:] == [["t2_1", "500张", "not_comparable", ""], ["t2_1", "40张", "met", "42张"]]
    texts = t["unassigned"].text.tolist()
    assert "附件2" in texts and "市民生实事项目涉及西湖区指标落实情况表" in texts
