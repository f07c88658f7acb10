"""Tables as they come: each shape with a small invented example, checked at the reader (task rows,
their cells, offsets and header facts) and, where the engine already reads them, end to end."""

import pytest

from pipeline.readers.align import EMPTY, ID, LEAD, NUM, PCT, TEXT, align, cell_kind
from pipeline.readers.cells import joined_headers
from pipeline.readers.facts import document_period
from pipeline.readers.tablewords import table_words
from pipeline.readers.textfile import read_text_report

from .test_layouts import run, spans_point_at_text, without_review


def read(text, vocab):
    report = read_text_report("doc", text, vocab)
    for row in report.rows:  # every cell is the report's own text
        for cell in (row.target_cell, row.lead_cell, row.actual_cell):
            assert cell in text
    return report


def cells(report):
    return [(r.task_id, r.target_cell, r.lead_cell, r.actual_cell) for r in report.rows]


SPACED = """城东区2023年1-9月民生实事完成情况表
序号 实事项目名称 责任单位 目标任务 1- 9月完成数 完成率% 备注
1 新增养老床位 区民政局 200张 150 75% 已开工3处
2 新增城镇就业   区人社局 5000 4100 82%
3 建设公办幼儿园(所) 区教育局 4所 50% 主体完工
新建托育机构 区卫健局 6个 6 100%
4 新增停车位 区住建局 500个 已建成520个
"""


def test_space_separated_rows_are_aligned_by_content(vocab):
    report = read(SPACED, vocab)
    assert report.layout == "spaced"
    assert report.period == ("1-9月", 9)
    assert cells(report) == [
        ("1", "新增养老床位 区民政局 200张", "区民政局", "150 75% 已开工3处"),
        ("2", "新增城镇就业   区人社局 5000", "区人社局", "4100 82%"),
        # no 完成数 cell: 50% is the ratio, 主体完工 the remark
        ("3", "建设公办幼儿园(所) 区教育局 4所", "区教育局", "50% 主体完工"),
        ("3_2", "新建托育机构 区卫健局 6个", "区卫健局", "6 100%"),  # no 序号: a sub-row
        ("4", "新增停车位 区住建局 500个", "区住建局", "已建成520个")]  # only a remark
    first, _, third, sub, _ = report.rows
    assert first.actual_cell[first.ratio_from:] == "75% 已开工3处"
    assert third.ratio_from == 0 and sub.actual_cell[sub.ratio_from:] == "100%"
    assert first.unit_hints == {"ratio": "%"}  # 完成率%
    assert third.unit_hints == {"ratio": "%", "target": "所", "actual": "所"}  # 幼儿园(所)
    assert [r.flags for r in report.rows] == [[], *[["cell_count"]] * 4]
    assert "1-9月完成数" in report.layout_reason


def test_a_unit_column_gives_each_row_its_unit(vocab):
    text = ("2023年1-10月主要指标完成情况\n序号 指标名称 单位 年度目标 1-10月完成 完成率 责任单位\n"
            "1 工业投资 亿元 120 95 79% 区经信局\n2 城镇登记失业率 % 4.5 3.8 区人社局\n")
    report = read(text, vocab)
    assert cells(report) == [("1", "工业投资 亿元 120", "区经信局", "95 79%"),
                             ("2", "城镇登记失业率 % 4.5", "区人社局", "3.8")]
    assert [r.unit_hints for r in report.rows] == [{"target": "亿元", "actual": "亿元"},
                                                  {"target": "%", "actual": "%"}]
    assert [r.ratio_from for r in report.rows] == [3, None]


LABELLED = """2023年1-6月各县投资完成情况
  单位:亿元

县(市、区) 1-6月固投

  增速情况
1-6月项目完成情况
年度投资计划 上半年

  投资计划
1-6月

  完成投资
完成上半年目标任务占比(%)
全市 8.1% 300.5 160.2 150.1 93.7%
东城区   100.0 52.0 50.0 96.2%
"""


def test_labelled_rows_under_a_header_spread_over_lines(vocab):
    """Header cells continue on an indented line after a blank one; a group header
    (1-6月项目完成情况) over the columns is dropped; 东城区 lacks its growth cell."""
    report = read(LABELLED, vocab)
    assert report.layout == "spaced"
    assert cells(report) == [("全市/年度投资计划", "300.5 160.2", "", "150.1 93.7%"),
                             ("东城区/年度投资计划", "100.0 52.0", "", "50.0 96.2%")]
    whole, east = report.rows
    assert (whole.area, east.area) == ("全市", "东城区")
    assert whole.unit_hints == {"target": "亿元", "actual": "亿元", "ratio": "%"}
    assert whole.target_cell[whole.milestone_from:] == "160.2"
    assert whole.milestone_period == ("上半年", 6)
    assert east.actual_cell[east.ratio_from:] == "96.2%"
    assert east.flags == ["cell_count"]
    assert report.title == "2023年1-6月各县投资完成情况"  # the 单位 line belongs to the header


GRID = "\n\n".join([
    "2023年民生工程完成情况表", "地区", "促进就业", "城镇新增就业(人)", "失业率控制在(%)",
    "培训农民工", "(人次)", "区人社局", "目标", "任务", "进度", "完成比例(%)", "目标", "任务", "进度",
    "完成比例(%)", "目标", "任务", "进度", "完成比例(%)",
    "全区", "5000", "5500", "110", "4.5", "3.9", "800", "800", "100",
    "甲镇", "2000", "2100", "105", "4.5", "4.1", "300", "330", "110",
    "乙镇",
    "丙镇", "1000", "900", "90", "4.5", "3.2", "200", "180", "90",
    "丁镇", "1000", "1230", "123", "4.3", "3.5", "200", "210", "105",
    "区本级", "100", "120", "120"]) + "\n"


def test_flattened_grid_one_task_per_row_and_indicator(vocab):
    """目标 / 任务 is one header cell; the 失业率 group has no ratio cell (丁镇's 3.5 happens to be
    100 × 4.3 / 123, so the row alone cannot tell: the other rows' cut decides); 乙镇 is empty;
    区本级 holds only the last group, found by the size of its figures."""
    report = read(GRID, vocab)
    assert report.layout == "grid"
    assert [r.task_id for r in report.rows] == [
        f"{town}/{indicator}" for town in ("全区", "甲镇", "丙镇", "丁镇")
        for indicator in ("城镇新增就业(人)", "失业率控制在(%)", "培训农民工(人次)")] + [
        "区本级/培训农民工(人次)"]
    by_id = {r.task_id: r for r in report.rows}
    jobs = by_id["甲镇/城镇新增就业(人)"]
    assert (jobs.target_cell, jobs.actual_cell, jobs.lead_cell, jobs.area) == (
        "2000", "2100\n\n105", "区人社局", "甲镇")
    assert jobs.actual_cell[jobs.ratio_from:] == "105"
    assert jobs.unit_hints == {"ratio": "%", "target": "人", "actual": "人"}
    rate = by_id["丙镇/失业率控制在(%)"]
    assert (rate.target_cell, rate.actual_cell, rate.ratio_from) == ("4.5", "3.2", None)
    assert rate.unit_hints == {"target": "%", "actual": "%"}
    fourth = [(by_id[f"丁镇/{i}"].target_cell, by_id[f"丁镇/{i}"].actual_cell)
              for i in ("城镇新增就业(人)", "失业率控制在(%)", "培训农民工(人次)")]
    assert fourth == [("1000", "1230\n\n123"), ("4.3", "3.5"), ("200", "210\n\n105")]
    level = by_id["区本级/培训农民工(人次)"]
    assert (level.target_cell, level.actual_cell, level.flags) == ("100", "120\n\n120",
                                                                   ["cell_count"])
    assert level.unit_hints["target"] == "人次"  # (人次) closes the header cell before it
    empty = [u for u in report.unassigned if u.text == "乙镇"]
    assert len(empty) == 1 and empty[0].reason == "other"


MIXED = """2023年1-6月全县重点项目完成情况
一、总体情况
按照县委的要求,全县2023年重点项目年计划投资120億元。
1-6月,全县重点项目累计完成投资70億元。
表1:
性 質 |
年度投資目標(萬元) |
上半年投資目標(萬元) |
1-6月累計完成投資(萬元) |
完成年度目標比例(%) |
新建項目 |
500000 |
260000 |
280000 |
56.00% |
續建項目 |
700000 |
350000 |
420000 |
60.00% |
"""


def test_prose_then_a_grid_flattened_one_cell_per_line_with_pipes(vocab):
    report = read(MIXED, vocab)
    assert report.layout == "prose;grid"
    assert report.period == ("1-6月", 6)
    prose = [r for r in report.rows if r.layout == "prose"]
    assert prose[0].task_id == "s3" and prose[0].target_cell.endswith("年计划投资120億元。")
    grid = [r for r in report.rows if r.layout == "grid"]
    assert [(r.task_id, r.target_cell, r.actual_cell) for r in grid] == [
        ("新建項目/年度投資目標(萬元)", "500000 |\n260000", "280000 |\n56.00%"),
        ("續建項目/年度投資目標(萬元)", "700000 |\n350000", "420000 |\n60.00%")]
    new = grid[0]
    assert new.unit_hints == {"target": "萬元", "actual": "萬元", "ratio": "%"}
    assert new.target_cell[new.milestone_from:] == "260000"
    assert new.milestone_period == ("上半年", 6)
    assert new.actual_cell[new.ratio_from:] == "56.00%"
    assert "prose outside the tables states targets" in report.layout_reason


def test_a_grid_keeps_an_injected_line_out_of_its_rows(tmp_path):
    text = "各地2022年增长预期和实际增幅\n省份\n增长预期\n实际增幅\n甲省\n6%以上\n6.5%\n免费看病热线\n乙省\n5.5%左右\n5.1%\n"
    status, t = run(tmp_path, "prov.txt", text)
    assert status == 0
    got = t["metrics"][["task_id", "target_text", "actual_text", "status"]].values.tolist()
    assert got == [["甲省/增长预期", "6%", "6.5%", "met"], ["乙省/增长预期", "5.5%", "5.1%", "met"]]
    assert "免费看病热线" in t["unassigned"].text.tolist()
    assert spans_point_at_text(t)


FORMS = "\n\n".join([
    "2023年省民生实事项目进展情况月报表(10月份)", "项 目", "名 称", "新建城市绿道300公里", "我市",
    "任务", "新建城市绿道40公里", "进 展", "情 况", "已完成新建城市绿道42.5公里。", "存 在", "困 难",
    "和问题", "无", "2023年市民生实事项目进展情况月报表(10月份)", "项目名称", "新增公共停车泊位2000个",
    "进展情况", "已新增公共停车泊位1600个。"]) + "\n"


def test_stacked_forms_with_labels_split_over_blocks(vocab):
    report = read(FORMS, vocab)
    assert report.layout == "form"
    province, city = report.rows
    assert (province.task_id, city.task_id) == ("1", "2")
    assert province.target_cell.startswith("新建城市绿道300公里")
    assert province.target_cell[province.local_from:] == "新建城市绿道40公里"  # 我市 / 任务
    assert province.actual_cell == "已完成新建城市绿道42.5公里。\n\n存 在\n\n困 难\n\n和问题\n\n无"
    assert (city.target_cell, city.actual_cell, city.local_from) == (
        "新增公共停车泊位2000个", "已新增公共停车泊位1600个。", None)
    title = [u for u in report.unassigned if u.text.startswith("2023年市民生")]
    assert title and title[0].reason == "other"


def test_stacked_forms_end_to_end(tmp_path):
    status, t = run(tmp_path, "forms.txt", FORMS)
    assert status == 0
    got = t["metrics"][["task_id", "target_text", "actual_text", "status", "period"]]
    assert got.values.tolist() == [["1", "300公里", "", "not_comparable", ""],
                                   ["1", "40公里", "42.5公里", "met", "10月份"],
                                   ["2", "2000个", "1600个", "partial_period", "10月份"]]
    assert spans_point_at_text(t)


GLUED = """城南区政府2022年重点工作完成情况
类别序号重点督办内容牵头单位全年完成情况
主要预期目标1地区生产总值增长6%左右。区发展改革委全区地区生产总值增长6.3%。
主要预期目标2城镇新增就业1.2万人。区人力社保局区统计局全年城镇新增就业1.35万人。
"""


def test_glued_rows_split_at_the_id_and_the_lead_units(vocab):
    report = read(GLUED, vocab)
    assert report.layout == "glued"
    assert cells(report) == [
        ("1", "地区生产总值增长6%左右。", "区发展改革委", "全区地区生产总值增长6.3%。"),
        ("2", "城镇新增就业1.2万人。", "区人力社保局区统计局", "全年城镇新增就业1.35万人。")]
    assert all(r.flags == ["glued_row"] for r in report.rows)


def test_glued_rows_without_a_lead_column_split_where_the_list_starts_again(tmp_path):
    text = ("序号职能目标考核指标累计进度\n1城市更新1.老旧小区:完成改造30个小区。\n2.绿道:新建绿道20公里。\n"
            "1、老旧小区改造完成32个。\n2、新建绿道21.5公里。\n")
    status, t = run(tmp_path, "glued.txt", text)
    assert status == 0
    task = t["tasks"].iloc[0]
    assert task.target_cell == "城市更新1.老旧小区:完成改造30个小区。\n2.绿道:新建绿道20公里。"
    assert task.actual_cell == "1、老旧小区改造完成32个。\n2、新建绿道21.5公里。"
    metrics = t["metrics"].assign(flags=t["metrics"]["flags"].map(without_review))
    got = metrics[["target_text", "actual_text", "status", "flags"]].values.tolist()
    assert got == [["30个", "32个", "met", "glued_row;wrapped_row"],
                   ["20公里", "21.5公里", "met", "glued_row;wrapped_row"]]
    assert spans_point_at_text(t)


def test_pipe_rows_without_their_first_cell_are_aligned_by_content(tmp_path, vocab):
    text = ("大类 | 序号 | 工作任务 | 分管领导 | 牵头单位 | 落实进展情况 |\n"
            "一、提高保障水平 | 1 | 新增养老床位200张。 | 张三 | 市民政局 | 已新增养老床位210张。 |\n"
            "2 | 新增托位300个。 | 李四 | 市卫健委 | 已新增托位280个。 |\n")
    assert cells(read(text, vocab)) == [
        ("1", "新增养老床位200张。", "市民政局", "已新增养老床位210张。"),
        ("2", "新增托位300个。", "市卫健委", "已新增托位280个。")]
    status, t = run(tmp_path, "short.txt", text)
    assert status == 0
    assert t["tasks"]["flags"].tolist() == ["unknown_lead_unit", "cell_count;unknown_lead_unit"]
    got = t["metrics"][["task_id", "target_text", "actual_text", "status"]].values.tolist()
    assert got == [["1", "200张", "210张", "met"], ["2", "300个", "280个", "missed"]]


def test_pipe_row_without_its_lead_cell_and_a_monthly_plan_column(vocab):
    text = ("2024年4月民生实事项目进展情况汇总表\n序号 | 项目内容 | 月度工作计划 | 牵头单位 | 落实情况 |\n"
            "1 | 培训应急救护人员500人。 | 4月:完成培训100人。 | 县红十字会 | 已培训120人。 |\n"
            "2 | 新增托位300个。 | 4月:新增托位60个。 | 已新增托位90个。 | |\n")
    report = read(text, vocab)
    assert report.period == ("2024年4月", 4)
    assert cells(report) == [
        ("1", "培训应急救护人员500人。 | 4月:完成培训100人。", "县红十字会", "已培训120人。"),
        ("2", "新增托位300个。 | 4月:新增托位60个。", "", "已新增托位90个。")]
    second = report.rows[1]
    assert second.target_cell[second.milestone_from:] == "4月:新增托位60个。"
    assert second.milestone_period == ("4月", 4)
    assert second.flags == ["cell_count"]


def test_one_cell_per_line_with_new_header_words_split_over_blocks(vocab):
    text = ("2023年6月民生实事进展情况\n\n序号\n\n实事内容\n\n牵头单位\n\n进 展\n\n情 况\n\n1\n\n"
            "新增公共停车位3000个。\n\n市住建局\n\n已新增停车位3200个。\n\n2\n\n完成老旧小区改造20个。\n\n"
            "市住建局\n\n已完成改造12个。\n")
    report = read(text, vocab)
    assert report.layout == "lines"
    assert cells(report) == [("1", "新增公共停车位3000个。", "市住建局", "已新增停车位3200个。"),
                             ("2", "完成老旧小区改造20个。", "市住建局", "已完成改造12个。")]
    assert [u.text for u in report.unassigned if u.reason == "header"] == [
        "序号", "实事内容", "牵头单位", "进 展", "情 况"]


def test_the_title_sets_the_period_of_a_pipe_table(tmp_path):
    text = ("2023年1-9月重点工作完成情况\n序号 | 重点工作 | 牵头单位 | 完成情况 |\n"
            "1 | 新增企业40家 | 区科技局 | 新增企业35家 |\n")
    status, t = run(tmp_path, "q3.txt", text)
    row = t["metrics"].iloc[0]
    assert (status, row.period, row.period_months, row.status) == (
        0, "1-9月", "9", "partial_period")


@pytest.mark.parametrize("text,period", [
    ("萧县9月份民生工程进展情况\n新增托位540个,已完成300个。\n", ("9月份", 9)),
    ("民生工程进展情况\n今年以来工作有序推进,新增托位540个。\n另据统计,上半年新增托位300个。\n", None),
    ("2020年西城区重点工作全年完成情况\n发布时间:2021-03-08\n新增企业5家。\n", None),
    ("民生实事进展\n发布时间:2025-10-09\n新增托位540个。\n", ("1-9月", 9)),
    ("2024年4月民生实事项目进展情况汇总表\n新增托位540个。\n", ("2024年4月", 4)),
    ("2019年10月—2020年3月空气质量改善目标完成情况\n细颗粒物浓度下降4%。\n", None),
])
def test_the_report_period_comes_from_its_head(vocab, text, period):
    """A 上半年 deep in the text is that sentence's; a report published the next year covers the
    whole of its own."""
    assert document_period(text, vocab) == period


@pytest.mark.parametrize("fragments,joined", [
    (["项 目", "名 称", "新建绿道"], [(0, 2), (2, 3)]),
    (["目标", "任务", "进度", "完成比例(%)"], [(0, 2), (2, 3), (3, 4)]),
    (["存 在", "困 难", "和问题", "无"], [(0, 3), (3, 4)]),
    (["我市", "任务", "新建绿道"], [(0, 2), (2, 3)]),
    (["开展培训", "(人次)", "目标"], [(0, 2), (2, 3)]),
    (["1-", "8月实际完成情况", "备注"], [(0, 2), (2, 3)]),
    (["序号", "实事内容", "牵头单位"], [(0, 1), (1, 2), (2, 3)]),
])
def test_header_cells_split_over_lines_are_joined(vocab, fragments, joined):
    assert joined_headers(fragments, table_words(vocab)) == joined


def test_cells_are_placed_by_what_they_hold(vocab):
    words = table_words(vocab)
    texts = ["2", "新增托位300个。", "李四", "市卫健委", "已新增托位280个。"]
    kinds = [cell_kind(t, words.is_lead) for t in texts]
    assert kinds == [ID, TEXT, TEXT, LEAD, TEXT]
    assert [cell_kind(t, words.is_lead) for t in ("75%", "10%以上", "1300人", " ")] == [
        PCT, PCT, NUM, EMPTY]
    taken, _ = align(kinds, ["label", "id", "target", None, "lead", "actual"])
    assert taken == [[], [0], [1], [2], [3], [4]]
