"""Roles read from language, construction by construction, in a table cell and in prose: which
figure is the target, which the outcome, and the status. Examples are invented; each line is
one case (target cell, completion cell or None for prose) -> (target, actual, status)."""

from typing import NamedTuple

import pytest

from pipeline.compare import compare
from pipeline.engine import process_document, read_task
from pipeline.quantities import find_quantities
from pipeline.readers import TaskRow, report_from_text
from pipeline.roles import assign_roles


class Case(NamedTuple):
    target_cell: str
    actual_cell: str | None  # None: target_cell is a prose paragraph
    expected: list[tuple[str, str | None, str]]  # (target text, actual text, status)


def read(vocab, case: Case) -> list[tuple[str, str | None, str]]:
    if case.actual_cell is not None:
        reading = read_task(TaskRow("doc", "1", 1, case.target_cell, "", case.actual_cell), vocab, [])
        return [(p.target.text, p.actual.text if p.actual else None,
                 compare(p, vocab.same_unit, vocab.notes).status) for p in reading.pairings]
    result = process_document(report_from_text("doc", case.target_cell, vocab), vocab, [])
    return [(m.target_text, m.actual_text, m.status) for m in result.metrics]


CASES = {
    # the target as the object of a completion verb, after the outcome
    "object after outcome, cell": Case("建设口袋公园", "全年新建口袋公园18个,超额完成15个的年度目标任务。",
                                       [("15个", "18个", "met")]),
    "object after outcome, prose": Case("今年新建口袋公园18个,超额完成15个的年度目标任务。", None,
                                        [("15个", "18个", "met")]),
    # the target inside a completion phrase
    "completion phrase, cell": Case("重点项目投资", "全年完成投资64亿元,完成年度目标任务80亿元的80%。",
                                    [("80亿元", "64亿元", "missed")]),
    "completion phrase, prose": Case("全年完成投资64亿元,完成年度目标任务80亿元的80%。", None,
                                     [("80亿元", "64亿元", "missed")]),
    "ratio of a named target, prose": Case("全年完成年度目标任务80亿元的104%。", None,
                                           [("80亿元", "104%", "met")]),
    # modal + verb, and a cue a few words before its figure
    "modal, cell": Case("需完成植树造林6000亩", "完成植树造林6300亩", [("6000亩", "6300亩", "met")]),
    "modal, prose": Case("今年需完成植树造林6000亩,全年实际完成6300亩。", None,
                         [("6000亩", "6300亩", "met")]),
    "cue at a distance, prose": Case("全年目标是新增市场主体5000户,实际新增4800户。", None,
                                     [("5000户", "4800户", "missed")]),
    # comparison with the target; gaps; outcome-only statements
    "below a control target, cell": Case("城镇调查失业率", "全年城镇调查失业率为4.8%,低于控制目标5.5%。",
                                         [("5.5%", "4.8%", "met")]),
    "below a control target, prose": Case("全年城镇调查失业率为4.8%,低于控制目标5.5%。", None,
                                          [("5.5%", "4.8%", "met")]),
    "gap below the target, prose": Case("全年地区生产总值增长5.1%,低于年度目标1.4个百分点。", None,
                                        [("低于年度目标1.4个百分点", "5.1%", "missed")]),
    "gap to another, prose": Case("全年地区生产总值增长5.1%,高出全省0.3个百分点。", None, []),
    "outcome only, prose": Case("全年城镇新增就业1.2万人,同比增长6.1%,排全省第3位。", None, []),
    "headline count, prose": Case("截至11月底,全县15项民生实事中已有12项完成全年目标。", None, []),
    # lists carry the role of their head; 分别 lists pair in order
    "list of outcomes, cell": Case("改造老旧小区2万套、1.8万套", "分别完成改造2.1万套、1.7万套",
                                   [("2万套", "2.1万套", "met"), ("1.8万套", "1.7万套", "missed")]),
    "list of targets and ratios, prose": Case(
        "全年计划新建幼儿园8所、小学5所,分别完成年度任务的100%、80%。", None,
        [("8所", "100%", "met"), ("5所", "80%", "missed")]),
    # ceilings
    "ceiling about, cell": Case("居民消费价格涨幅控制在3%左右", "全年居民消费价格上涨3.3%",
                                [("3%", "3.3%", "met")]),
    "ceiling about, prose": Case("全年居民消费价格涨幅要控制在3%左右,实际上涨3.6%。", None,
                                 [("3%", "3.6%", "missed")]),
}


@pytest.mark.parametrize("case", [pytest.param(c, id=n) for n, c in CASES.items()])
def test_construction(vocab, case):
    assert read(vocab, case) == case.expected


@pytest.mark.parametrize("text,roles", [
    ("任务目标是棚改开工800套,安置房建成600套。", ["target", "target"]),
    ("今年计划搬迁3万人,力争4万人以上。", ["target", "target"]),
    ("已向上争取新增建设用地指标3000亩。", ["outcome"]),
    ("从每人每月500元提高到每人每月560元。", ["base", "target"]),
    ("12条河道治理已完成10条(83%)。", ["target", "outcome", "ratio"]),
    ("项目正在施工中(60%)。", ["outcome"]),
])
def test_roles_in_prose(vocab, text, roles):
    view = vocab.view(text)
    quantities = find_quantities(text, vocab, view)
    got = [r.role for q, r in zip(quantities, assign_roles(view.text, quantities, vocab, None),
                                   strict=True) if q.skip is None]
    assert got == roles
