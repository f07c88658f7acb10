"""The matcher as an example table: (target cell, actual cell) -> the actual it pairs, the status,
and the flags that must be set. One line per pairing rule; known failures are `xfail` entries that
say why, for later work to empty."""

from typing import NamedTuple

import pytest

from pipeline.compare import compare
from pipeline.engine import process_document, read_task
from pipeline.readers import TaskRow, report_from_text


class Case(NamedTuple):
    target_cell: str
    actual_cell: str
    actual: str | None  # the figure paired, as written
    status: str
    flags: tuple[str, ...] = ()  # flags that must be among the row's


RULES = {
    "words agree, same unit": Case("新增企业50家", "新增企业62家", "62家", "met"),
    "short of the target": Case("新增企业50家", "新增企业40家", "40家", "missed"),
    "multipliers in both cells": Case("完成投资10亿元", "完成投资12.5亿元", "12.5亿元", "met"),
    "a part (其中) loses to the whole": Case(
        "新增就业5000人", "新增就业6000人(其中高校毕业生3000人)", "6000人", "met"),
    "a total (共计) for a target naming several subjects": Case(
        "高标准农田新建、改造提升10000亩", "新建6000亩,改造提升5000亩,共计11000亩", "11000亩", "met"),
    "a restatement of the task is never the actual": Case(
        "新增企业50家", "完成新增企业50家的任务,实际新增48家", "48家", "missed", ("restated_target",)),
    "only a completion ratio": Case(
        "实现出让金400亿元", "出让金完成年度任务的102%", "102%", "met", ("ratio_only",)),
    "a stated reason for no figure": Case(
        "网络零售额增长10%", "网络零售额增速数源单位暂停公布", None, "not_reported"),
    "a direction target met by a fall": Case("事故数负增长", "事故数同比下降12%", "12%", "met"),
    "零增长 against 负增长": Case("亡人数负增长", "亡人数零增长", "零增长", "missed"),
    "a figure of another kind naming the metric": Case(
        "改造老旧小区6个", "老旧小区改造完成投资3000万元", "3000万元", "not_comparable"),
    "done in words only": Case(
        "建设美丽河湖1条", "美丽河湖建设已完成", None, "not_reported", ("done_without_figure",)),
    "a part-year figure": Case(
        "技术交易额200亿元", "1-9月,技术交易额完成150亿元", "150亿元", "partial_period", ("on_track",)),
    "growth rate against growth rate": Case(
        "地区生产总值增长6.5%", "地区生产总值增长7.1%", "7.1%", "met"),
    "a fall against a growth target": Case(
        "地区生产总值增长6.5%", "地区生产总值下降4%", "4%", "missed"),
    "thresholds named in both cells agree": Case(
        "10亿元以上项目不少于50个", "10亿元以上项目63个", "63个", "met"),
    "approximate actual": Case("新增企业50家", "新增企业50余家", "50余家", "met", ("approximate",)),
    "estimated actual": Case("新增企业50家", "预计全年新增企业55家", "55家", "met", ("estimated",)),
    "a stated ratio that disagrees": Case(
        "新增企业50家", "新增企业60家,完成年度任务的110%", "60家", "met", ("ratio_mismatch",)),
    "a growth figure beside the outcome is not it": Case(
        "城镇新增就业5000人", "城镇新增就业5200人,同比增长6.1%", "5200人", "met"),
    "the target named again after the outcome": Case(
        "全年新建口袋公园20个", "全年新建口袋公园26个,超额完成20个的年度目标任务", "26个", "met"),
    "an outcome below the control target": Case(
        "失业率控制在5.5%以内", "失业率为4.9%,低于控制目标5.5%", "4.9%", "met"),
    "a ratio of a target named in the actual cell": Case(
        "新增就业8万人", "完成全年8万人目标的62%", "62%", "missed", ("ratio_only",)),
    "a ceiling with tolerance met by another growth word": Case(
        "物价涨幅控制在3%左右", "居民消费价格上涨2.0%", "2.0%", "met"),
    "the cut of a measure where less is better is more-is-better": Case(
        "单位GDP能耗降低率3%", "单位GDP能耗降低率4.1%", "4.1%", "met"),
    "a level to reach against an amount added": Case(
        "扩充公办幼儿园学位至1800个", "新增学位1290个", "1290个", "not_comparable"),
    "a level to reach against the level reached": Case(
        "城乡低保标准提高到每人每月600元", "城乡低保标准提高到每人每月620元", "620元", "met"),
    "a plan's cap against one year's figure": Case(
        "“十三五”能耗总量增量控制在133万吨", "2017年度能耗总量增长20.26万吨", "20.26万吨",
        "not_comparable"),
    "a plan's target against its running total": Case(
        "“十三五”节能目标进度40%", "“十三五”累计完成节能目标进度85.28%", "85.28%", "met"),
    "a general 个 counting another noun": Case(
        "公共场所配置自动体外除颤仪47台", "已完成47个点位设置", "47个", "not_comparable"),
    "a general 个 counting the same noun": Case("新建幼儿园3所", "建成3个幼儿园", "3个", "met"),
    "one example of a class named by examples": Case(
        "建设公园、绿道等休闲设施20处", "新建公园10处", "10处", "not_comparable"),
    "a target per unit against a total": Case(
        "每个网格配备1名以上专兼职网格员", "全市共有专兼职网格员11450名", "11450名", "not_comparable"),
    "a target per unit against a figure per unit": Case(
        "每村建成1个文化广场", "每村均建成1个文化广场", "1个", "met"),
    "the class itself reported": Case(
        "建设公园、绿道等休闲设施20处", "新建公园、绿道等休闲设施10处", "10处", "missed"),
}
KNOWN_FAILURES = {
    "a completion cell that restates the target": (Case(
        "新增企业50家", "新增企业50家", "50家", "met", ("actual_restates_target",)),
        "an actual equal to the target's words is read as no figure"),
}


# Reports whose targets the engine does not yet read, as short invented texts of the same shape:
# text -> (target text, actual text, status) of every row, as a careful reader would give them.
KNOWN_REPORT_FAILURES = {
    "a budget adjusted in the completion text is a target of its own": (
        "区级一般公共预算收入增长2%左右。\n一般公共预算收入由年初预算300亿元调整为280亿元左右,增长由年初的"
        "2%调整为-5%左右。全年一般公共预算收入完成281亿元,完成调整后目标。",
        [("2%", "281亿元", "not_comparable"), ("300亿元", "281亿元", "missed"),
         ("280亿元", "281亿元", "met"), ("-5%", None, "not_reported")],
        "由年初预算X调整为Y: the base and the new level are read as a base and an outcome, "
        "not as the original and the adjusted target"),
    "each of several subjects after the noun (各一个)": (
        "工作任务:培养省、市名牌产品各一个。\n进展情况:申报省名牌产品5家,市名牌产品2家。",
        [("一个", "5家", "not_comparable"), ("一个", "2家", "not_comparable")],
        "各 after the noun with a bare 一个 is read as one target without a unit"),
    "a target set at the start of a year, reported a year later": (
        "去年初,某省将地区生产总值增长目标设定为6%左右,该省今年的政府工作报告显示,去年实际增幅为4.5%左右。",
        [("6%", "4.5%", "missed")],
        "设定为 after 目标 is not a target cue, and the sentence's period words point both ways"),
    "promised increases listed with 分别 and kept only in words": (
        "居民医保和公共卫生服务经费人均财政补助标准分别再增加30元和5元的承诺也得到兑现。",
        [("30元", None, "not_reported"), ("5元", None, "not_reported")],
        "the first figure of a 分别 pair before 的承诺 gets no role"),
}
REPORTS = {  # read right, beside the known failures
    "a floor per unit (每个…1名以上), done in words only": (
        "要求每个网格配备1名以上专兼职网格员,目前已提前完成。", [("1名", None, "not_reported")]),
    "a count above a floor, with its noun": (
        "全年确定20个以上示范镇培育点。截至12月底,共确定27个示范镇培育点。", [("20个", "27个", "met")]),
}


def _report_rows(vocab, text: str) -> list[tuple]:
    result = process_document(report_from_text("doc", text, vocab), vocab, [])
    return [(m.target_text, m.actual_text or None, m.status) for m in result.metrics]


@pytest.mark.parametrize("text,expected", [
    *[pytest.param(text, expected, id=name) for name, (text, expected) in REPORTS.items()],
    *[pytest.param(text, expected, id=name, marks=pytest.mark.xfail(reason=reason, strict=True))
      for name, (text, expected, reason) in KNOWN_REPORT_FAILURES.items()]])
def test_reports(vocab, text, expected):
    assert _report_rows(vocab, text) == expected


def pair(vocab, case: Case):
    reading = read_task(TaskRow("doc", "1", 1, case.target_cell, "", case.actual_cell), vocab, [])
    assert len(reading.pairings) == 1
    pairing = reading.pairings[0]
    outcome = compare(pairing, vocab.same_unit, vocab.notes)
    return pairing.actual.text if pairing.actual else None, outcome.status, set(outcome.flags)


@pytest.mark.parametrize("case", [
    *[pytest.param(case, id=name) for name, case in RULES.items()],
    *[pytest.param(case, id=name, marks=pytest.mark.xfail(reason=reason, strict=True))
      for name, (case, reason) in KNOWN_FAILURES.items()],
])
def test_pairing(vocab, case):
    actual, status, flags = pair(vocab, case)
    assert (actual, status) == (case.actual, case.status)
    assert set(case.flags) <= flags


def test_two_targets_take_their_own_figures(vocab):
    row = TaskRow("doc", "1", 1, "新增企业50家、科技型中小企业90家", "",
                  "新增企业55家,科技型中小企业80家")
    reading = read_task(row, vocab, [])
    assert [(p.target.text, p.actual.text) for p in reading.pairings] == [
        ("50家", "55家"), ("90家", "80家")]


def test_a_higher_levels_target_does_not_compete(vocab):
    row = TaskRow("doc", "1", 1, "全省100条 | 本区1条", "", "完成1条", local_from=6)
    reading = read_task(row, vocab, [])
    outcomes = [compare(p, vocab.same_unit, vocab.notes) for p in reading.pairings]
    assert [(p.target.text, p.actual.text if p.actual else None, o.status)
            for p, o in zip(reading.pairings, outcomes, strict=True)] == [
        ("100条", None, "not_comparable"), ("1条", "1条", "met")]
