"""What the pipeline promises its readers, in one place: statuses, comparators, kinds, flags, skip
reasons, layouts, exit statuses, and the output records whose field order is the column order.

Every other module imports these; validation checks the outputs against them and
`docs/columns.md` is generated from them (`python -m pipeline.contract > docs/columns.md`), so
adding a status, a flag or a column is a change here and nowhere else.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


class Term(NamedTuple):
    """A code written in the outputs, with its label for people, what it means and an example."""

    code: str
    zh: str
    en: str
    meaning: str
    example: str = ""


def _codes(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(t.code for t in terms)


STATUS_TERMS = (
    Term("met", "达标", "met", "the reported figure reaches the target",
         "目标 技术合同交易额200亿元, 完成 213.83亿元"),
    Term("missed", "未达标", "missed", "the reported figure for the whole period falls short",
         "目标 实际利用外资10亿美元, 完成 8.89亿美元"),
    Term("not_reported", "未报告数据", "not reported",
         "no figure for this target (an outcome in words only carries done_without_figure)",
         "目标 网络零售额增长8%, 完成情况: 数源单位暂停公布"),
    Term("partial_period", "期中未达", "part-year, not yet reached",
         "the figure covers part of the year and has not reached the full-year target",
         "目标 全年20家, 完成 1-9月16家"),
    Term("not_comparable", "口径不一", "not comparable",
         "a figure is reported but measures something else, or the target is outside the "
         "report's scope", "目标 新增45家, 完成 累计认定325家"),
    Term("unparseable", "无法解析", "unparseable", "the figure is malformed or out of range",
         "完成 4.895..87亿元"),
)
STATUSES = _codes(STATUS_TERMS)
STATUS_LABELS = {t.code: t.zh for t in STATUS_TERMS}
# One colour per status: strong for the page's badges and bars, a light tint of the same hue for
# workbook cells (dark text stays readable on it, also printed in grey).
STATUS_COLOURS = dict(zip(STATUSES, ("#2e7d32", "#c62828", "#757575", "#ef6c00", "#6d4c41",
                                     "#6a1b9a"), strict=True))
STATUS_FILLS = dict(zip(STATUSES, ("#C6EFCE", "#FFC7CE", "#E0E0E0", "#FFE0B2", "#D7CCC8",
                                   "#E1BEE7"), strict=True))

COMPARATOR_TERMS = (
    Term(">=", "不低于", "at least", "以上, 不少于, 达到, 突破 (the default)", "200亿元以上"),
    Term(">", "高于", "more than", "超, 超过, 高于", "超过50家"),
    Term("<=", "不高于", "at most", "以下, 以内, 不超过, 控制在", "控制在3%以内"),
    Term("<", "低于", "less than", "低于, 少于, 不到", "低于35微克每立方米"),
    Term("~", "约", "about", "左右, 约: met within ±5% (±0.5 points for % kinds)", "增长6.5%左右"),
    Term("range", "区间", "range", "6.5%—7%: met when lower ≤ actual ≤ upper", "增长6.5%—7%"),
    Term("<0", "负增长", "negative growth", "负增长: met only below zero", "事故数负增长"),
    Term("no_increase", "只减不增", "no increase", "只减不增: met by a change ≤ 0",
         "三公经费只减不增"),
    Term("=", "等于", "exactly", "清零, or an exact figure", "欠薪清零"),
)
COMPARATORS = _codes(COMPARATOR_TERMS)
COMPARATOR_LABELS = {t.code: t.zh for t in COMPARATOR_TERMS}

KIND_TERMS = (
    Term("amount", "累计量", "amount", "accumulates over the period (investment, new enterprises)",
         "新增企业50家"),
    Term("level", "水平值", "level", "a state at a point in time (拥有量, 人均, a concentration)",
         "有效发明专利拥有量10000件"),
    Term("growth_rate", "增速", "growth rate", "增长 X%", "规上工业增加值增长6.5%"),
    Term("reduction_rate", "降幅", "reduction rate", "下降/降低 X%, stored positive",
         "单位GDP能耗下降3%"),
    Term("rate", "比率", "rate", "a level in % (优良率, 占比, 覆盖率)", "空气优良率达到90%"),
)
KINDS = _codes(KIND_TERMS)
KIND_LABELS = {t.code: t.zh for t in KIND_TERMS}
PERCENT_KINDS = ("growth_rate", "reduction_rate", "rate")

SOURCE_TERMS = (
    Term("rule", "已复核规则", "reviewed rule", "a reviewed entry of the report's rule file decided it",
         "rules/yuhang-2023-key-tasks.yaml, task 3, target 20所"),
    Term("generic", "自动配对", "generic engine", "the generic engine decided it",
         "confidence 0.78: 技术合同交易额 ↔ 技术交易额"),
)
SOURCES = _codes(SOURCE_TERMS)
SOURCE_LABELS = {t.code: t.zh for t in SOURCE_TERMS}

FULL_YEAR = "full_year"
PERIOD_LABELS = {FULL_YEAR: "全年"}


class Flag(NamedTuple):
    """A flag, where it is set, and whether a task's flag is copied onto its metrics rows."""

    code: str
    zh: str
    level: str  # "metric": set on a target; "task": set on a task row; "document"
    on_metrics: bool  # a task flag that is also written on each of the task's metrics rows
    attention: bool  # shown among the items a reviewer should look at
    meaning: str
    example: str = ""


FLAG_TERMS = (
    Flag("approximate", "约数", "metric", False, False, "约, 余, 多, 超 on the actual", "完成80余批"),
    Flag("estimated", "预计数", "metric", False, True, "预计, 初步测算: an estimate",
         "预计全年完成120亿元"),
    Flag("hedged", "表述含糊", "metric", False, True, "基本实现, 可完成: a hedged outcome",
         "基本完成改造30个"),
    Flag("done_without_figure", "仅文字表述完成", "metric", False, True,
         "the outcome is stated in words only", "首期基金已成立(未报告规模)"),
    Flag("ratio_only", "仅有完成率", "metric", False, False,
         "the outcome is given only as a completion ratio", "完成全年计划的85%"),
    Flag("spam", "疑似注入文字", "task", True, True, "injected text in the cell",
         "完成情况中夹带的网址或广告"),
    Flag("malformed_number", "数字格式错误", "metric", False, True, "a malformed number (4.895..87)",
         "4.895..87亿元"),
    Flag("number_out_of_range", "数字超出范围", "metric", False, True,
         "more than 15 significant digits", "1234567890123456789元"),
    Flag("restated_target", "复述目标", "metric", False, True,
         "a number in the actual cell only repeats the target", "完成200亿元的目标任务"),
    Flag("ratio_mismatch", "完成率与数值不符", "metric", False, True,
         "a stated completion ratio differs from the computed one", "完成90亿元,占全年计划95%"),
    Flag("review", "配对需复核", "metric", False, True, "low confidence: check by hand",
         "置信度0.45"),
    Flag("on_track", "进度达标", "metric", False, False,
         "part-year actual has reached the pro-rata target", "1-9月16家(按进度应完成15家)"),
    Flag("behind", "进度滞后", "metric", False, False,
         "part-year actual has not reached the pro-rata target", "1-9月10家(按进度应完成15家)"),
    Flag("duplicate_id", "序号重复", "task", True, False, "a repeated 序号 (id#2)", "12#2"),
    Flag("wrapped_row", "跨行", "task", True, False, "a row wrapped over several lines",
         "完成情况续写在下一行"),
    Flag("unknown_lead_unit", "未知牵头单位", "task", True, False,
         "a lead unit not listed in rules/vocabulary/lead_units.yaml", "某某指挥部"),
    Flag("derived_target", "由差距推算目标", "metric", False, False,
         "the target was derived from a gap in points", "高于目标2.1个百分点"),
    Flag("cell_count", "单元格数不符", "task", True, False,
         "a row with too few or too many cells (kept)", "一行只有三个单元格"),
    Flag("no_numeric_target", "无数字目标", "task", False, False,
         "a task (or document) that yields no metrics row", "推动大科学计划落户"),
    Flag("control_characters", "含控制字符", "task", True, False,
         "NUL or control characters in a cell (ignored for matching)", "单元格中的 U+0000"),
    Flag("html_markup", "含网页标记", "task", True, False,
         "HTML tags or entities in a cell (ignored for matching)", "新增<br>企业&nbsp;5家"),
    Flag("too_many_numbers", "数字过多", "task", True, False,
         "more than 500 figures in a cell: the rest are skipped with reason limit",
         "一个单元格含600个数字"),
    Flag("non_numeric_id", "序号非数字", "task", True, False, "a 序号 that is not a number", "一"),
    Flag("unit_from_header", "单位取自表头", "metric", False, False,
         "a bare number took its unit from its column header", "年度投资目标(万元) | 2954712"),
    Flag("target_in_completion_cell", "目标见于完成情况", "metric", False, False,
         "the task's cell states no figure; the target is named in the completion cell, and "
         "target_start/target_end point into actual_cell", "全年建成31个,超额完成25个的年度目标任务"),
    Flag("cell_truncated", "单元格过长已截断", "task", True, True,
         "a cell longer than the limit (32,767 characters) was cut there", "一个单元格有一百万字"),
    Flag("formula_without_value", "公式无计算结果", "task", True, True,
         "a workbook formula saved without the value it computes: the cell is read as empty",
         "=B2*0.8(未保存结果)"),
    Flag("not_read", "未读取", "document", False, True,
         "an input that was not read; layout_reason says why", "扫描版PDF"),
    Flag("glued_row", "粘连行", "task", True, False,
         "a row whose cells ran together, split by the column vocabularies",
         "1地区生产总值增长6%左右。区发展改革委…"),
)
FLAGS = {f.code: f for f in FLAG_TERMS}
TASK_FLAGS_ON_METRICS = tuple(f.code for f in FLAG_TERMS if f.on_metrics)
ATTENTION_FLAGS = tuple(f.code for f in FLAG_TERMS if f.attention)
FLAG_LABELS = {f.code: f.zh for f in FLAG_TERMS}
# Flags the engine sets on a pairing; a reviewed entry naming the actual replaces them.
ENGINE_PAIRING_FLAGS = ("approximate", "estimated", "hedged", "ratio_only", "review",
                        "restated_target", "done_without_figure")

SKIP_TERMS = (
    Term("threshold", "门槛", "threshold", "a threshold inside a name", "10亿元以上项目"),
    Term("name", "名称", "name", "a number inside a name", "“5+1”, 5号线, PM2.5"),
    Term("history", "历史", "history", "history, not a target", "5000多年, 45周年"),
    Term("scope", "范围", "scope", "a count that describes the scope", "30项民生实事"),
    Term("year", "年份", "year", "a year", "2023年"),
    Term("phase", "阶段", "phase", "a phase or stage number", "二期"),
    Term("list_marker", "序号", "list marker", "a number that opens an item", "1. 2、"),
    Term("period", "期间", "period", "a period", "1-9月, 上半年"),
    Term("date", "日期", "date", "a date", "9月20日"),
    Term("no_unit", "无单位", "no unit", "a bare number", "排名第3"),
    Term("share", "分解", "share", "a figure right after a lead unit's name: its share",
         "区商务局20家"),
    Term("actual", "完成数", "actual", "prose: an outcome inside the target sentence",
         "目标10万人,已完成8万人"),
    Term("ratio", "完成率", "ratio", "prose: a completion ratio in brackets", "(完成80%)"),
    Term("restated", "复述", "restated", "a figure followed by 的目标/的任务", "200亿元的目标"),
    Term("gap", "差距", "gap", "a gap in points against something", "高于全省2个百分点"),
    Term("spam", "注入文字", "spam", "a figure inside injected text", "广告中的电话号码"),
    Term("limit", "超出上限", "limit", "past the per-cell figure limit", "第501个数字"),
    Term("base", "基数", "base", "the level a target starts from", "从574元提高到609元"),
    Term("comparison", "同比", "comparison", "an outcome compared with the past, never a target",
         "同比增长6.1%"),
    Term("headline", "事项数", "headline", "a count of the report's own items",
         "4个项目完成全年目标"),
    Term("context", "叙述", "context", "prose: a figure no word makes a target",
         "全市户籍人口120万人"),
    Term("repeat", "重复", "repeat", "prose: a target the report stated before",
         "低于4.5%的控制目标"),
    Term("unknown_unit", "未知单位", "unknown unit", "a figure whose unit the vocabulary lacks",
         "1500樘"),
)
SKIP_REASONS = _codes(SKIP_TERMS)
SKIP_LABELS = {t.code: t.zh for t in SKIP_TERMS}

LAYOUT_TERMS = (
    Term("pipe", "竖线表格", "pipe table", "cells separated by |", "序号 | 重点工作 | 牵头单位 | 完成情况 |"),
    Term("lines", "逐格分行表格", "one cell per line", "a table pasted one cell per block",
         "序号\n重点工作\n…"),
    Term("prose", "文字", "prose", "sentences; units s<N>", "s7: 第7句"),
    Term("spaced", "空格分隔表格", "space-separated rows",
         "one table row per line, cells split on runs of blanks", "1 新增城镇就业 人社局 8950 7356 82%"),
    Term("grid", "地区指标网格", "flattened grid",
         "row labels × indicators pasted one value per line; tasks <row label>/<indicator>",
         "东坡区/城镇新增就业(人)"),
    Term("form", "逐项表单", "stacked forms", "one project per form of label / value pairs",
         "项目名称 …  进展情况 …"),
    Term("glued", "粘连行", "glued rows",
         "cells run together with no delimiter, split by the column vocabularies",
         "1地区生产总值增长6%左右。区发展改革委…"),
    Term("csv", "CSV", "CSV", "a CSV sheet", "report.csv"),
    Term("xlsx", "XLSX", "XLSX", "an XLSX sheet", "report.xlsx"),
    Term("table", "表格", "table", "cells of an HTML, DOCX or PDF table", "report.docx"),
)
LAYOUTS = _codes(LAYOUT_TERMS)
LAYOUT_LABELS = {t.code: t.zh for t in LAYOUT_TERMS}

EXIT_TERMS = (
    Term("0", "成功", "success", "everything read and validated", "make extract"),
    Term("1", "校验未通过", "validation failed", "outputs written but validation found problems",
         "error: validation: metrics.status …"),
    Term("2", "未处理", "nothing processed",
         "bad arguments, an invalid rule or vocabulary file (named with its line), an empty "
         "input folder, an output folder that cannot be written, or another run holding the "
         "output folder's lock (its pid named); nothing written",
         "error: rules/x.yaml:5: unknown key"),
    Term("3", "部分文件未读", "some inputs not read",
         "one or more inputs could not be read (each named); the others processed and written; "
         "when no input could be read, nothing is written", "error: data/raw/a.doc: …"),
    Term("4", "意外错误", "unexpected error",
         "an unexpected error (named); nothing is replaced", "error: internal error (…)"),
)

# The validation checks (validation/results.json `check`) as people read them.
CHECK_LABELS = {
    "expect_column_values_to_be_in_set": "取值均为规定的代码",
    "expect_column_values_to_not_be_null": "不为空",
    "expect_column_values_to_match_regex": "标记均为规定的代码",
    "expect_column_values_to_be_between": "取值在 0–1 之间",
    "expect_column_pair_values_to_be_equal": "完成数与目标单位一致",
    "expect_table_row_count_to_equal": "任务数与读入的任务行数相等(无丢失)",
    "expect_compound_columns_to_be_unique": "报告内任务序号不重复",
    "span_points_at_text": "位置指向原文中的该数字",
}
TABLE_LABELS = {"metrics": "目标表", "tasks": "任务表", "skipped": "跳过的数字"}

# Codes in these columns are shown to people by their Chinese label (page, workbook, unmet.md).
LABELS = {"status": STATUS_LABELS, "kind": KIND_LABELS, "comparator": COMPARATOR_LABELS,
          "source": SOURCE_LABELS, "reason": SKIP_LABELS, "layout": LAYOUT_LABELS,
          "period": PERIOD_LABELS, "flags": {f.code: f.zh for f in FLAG_TERMS}}
LIST_SEPARATOR = ";"  # flags and lead units in the CSVs
LABEL_SEPARATOR = "、"  # the same lists shown to people


def label(column_name: str, value) -> str:
    """A code as people read it: `met` → 达标, `review;behind` → 配对需复核、进度滞后.

    >>> label("status", "missed"), label("flags", "review;behind"), label("period", "1-9月")
    ('未达标', '配对需复核、进度滞后', '1-9月')
    """
    if value is None or value != value or value == "":  # None, NaN, empty
        return ""
    labels = LABELS.get(column_name)
    if labels is None:
        return str(value)
    if column_name == "flags":
        return LABEL_SEPARATOR.join(labels.get(f, f) for f in str(value).split(LIST_SEPARATOR) if f)
    return labels.get(str(value), str(value))


def column(zh: str, en: str, numeric: bool = False, *, header: str = "", example: str = "",
           width: int = 10):
    """A record field: its Chinese and English description, whether it is numeric in CSV, the
    short Chinese header people see (workbook, page), an example value, and the width of its
    column in the workbook (in characters; longer text wraps)."""
    return field(default=None, metadata={"zh": zh, "en": en, "numeric": numeric,
                                         "header": header or zh, "example": example,
                                         "width": width})


@dataclass
class MetricRecord:
    """metrics.csv: one row per target."""

    doc_id: str = column("报告标识(文件名去扩展名)", "the input file's name without extension",
                         header="报告", example="yuhang-2023-key-tasks", width=16)
    task_id: str = column("任务序号", "the report's own id (序号), or the layout's (`s7`, `t2_1`)",
                          header="序号", example="25", width=6)
    lead_units: str = column("牵头单位,分号分隔", "lead units, `;`-separated",
                             header="牵头单位", example="区国投集团;区科技局", width=16)
    metric: str = column("指标名称(报告原话)", "what is measured, in the report's words",
                         header="指标", example="技术合同交易额", width=28)
    target_text: str = column("目标原文", "the target as written", header="目标原文",
                              example="200亿元", width=11)
    target_start: int = column("目标在单元格中的起始位置(从0计)", "start offset in target_cell", True,
                               header="目标起点(从0计)", example="61", width=6)
    target_end: int = column("目标结束位置(不含)", "end offset in target_cell (exclusive)", True,
                             header="目标终点(不含)", example="66", width=6)
    comparator: str = column("比较方式", "comparator", header="比较方式", example=">=", width=7)
    kind: str = column("指标类型", "kind", header="指标类型", example="amount", width=7)
    target_value: Decimal = column("目标值(基本单位)", "target in the base unit, 万/亿 applied", True,
                                   header="目标值", example="20000000000", width=16)
    unit: str = column("目标单位", "the target's canonical unit", header="单位", example="元", width=6)
    actual_text: str = column("完成数原文", "the figure that reports this target, as written",
                              header="完成数原文", example="213.83亿元", width=12)
    actual_start: int = column("完成数起始位置", "start offset in actual_cell", True,
                               header="完成数起点(从0计)", example="15", width=6)
    actual_end: int = column("完成数结束位置", "end offset in actual_cell (exclusive)", True,
                             header="完成数终点(不含)", example="23", width=6)
    actual_value: Decimal = column("完成值(基本单位)", "the actual in the base unit", True,
                                   header="完成值", example="21383000000", width=16)
    period: str = column("统计期", "`full_year`, or the period as written", header="统计期",
                         example="1-9月", width=9)
    attainment: Decimal = column("完成度", "actual ÷ target (target ÷ actual for caps)", True,
                                 header="完成度", example="1.0692", width=8)
    status: str = column("状态", "status", header="状态", example="met", width=9)
    source: str = column("判定来源", "`rule` (reviewed entry) or `generic` (engine)",
                         header="判定来源", example="generic", width=9)
    flags: str = column("标记,分号分隔", "flags, `;`-separated", header="标记",
                        example="approximate;review", width=14)
    confidence: float = column("配对置信度(0–1)", "the engine's confidence in the pairing", True,
                               header="置信度", example="0.78", width=7)
    actual_unit: str = column("完成数单位", "the actual's canonical unit", header="完成数单位",
                              example="元", width=6)
    period_months: int = column("统计期月数", "months the actual covers", True,
                                header="统计期月数", example="9", width=6)
    pro_rata_target: Decimal = column("按进度应完成", "target × months ÷ 12 for amounts", True,
                                      header="按进度应完成", example="105000000000", width=16)
    note: str = column("说明", "a short reason in words", header="说明",
                       example="网络零售额增速自7月起,数源单位暂停公布", width=34)
    target_upper: Decimal = column("区间上限", "upper bound of a `range` target", True,
                                   header="区间上限", example="7", width=10)
    target_period: str = column("目标期限", "the part of the year a target is set for, as "
                                "written (4月, 上半年); blank: the report's full period",
                                header="目标期限", example="4月")
    area: str = column("地区", "a grid's row label (town, district): the target's scope",
                       header="地区", example="东坡区")
    gap_points: Decimal = column("差距(百分点)", "%-kind targets: actual − target in percentage "
                                 "points", True, header="差距(百分点)", example="-10.5")


@dataclass
class TaskRecord:
    """tasks.csv: one row per input task, none dropped."""

    doc_id: str = column("报告标识", "doc_id", header="报告", example="yuhang-2023-key-tasks", width=16)
    task_id: str = column("任务序号", "task id", header="序号", example="2", width=6)
    lead_units: str = column("牵头单位", "lead units, `;`-separated", header="牵头单位",
                             example="区科技局", width=16)
    target_cell: str = column("目标单元格原文", "the report's text for the target role",
                              header="目标原文(单元格)",
                              example="强化“卡脖子”技术攻关,入选…研发攻关计划项目25项。", width=60)
    actual_cell: str = column("完成情况单元格原文", "the report's text for the outcome role",
                              header="完成情况原文(单元格)",
                              example="入选2023年度浙江省“双尖”“双领”重大核心攻关项目25项。", width=60)
    n_targets: int = column("目标数", "metrics rows of this task", True, header="目标数",
                            example="1", width=7)
    n_met: int = column("达标数", "of which met", True, header="达标", example="1", width=6)
    n_missed: int = column("未达标数", "of which missed", True, header="未达标", example="0", width=7)
    n_other: int = column("其他状态数", "of which another status", True, header="其他状态",
                          example="0", width=7)
    flags: str = column("标记", "flags, `;`-separated", header="标记", example="wrapped_row", width=16)


@dataclass
class SkippedRecord:
    """skipped.csv: every number in a target cell that is not a target."""

    doc_id: str = column("报告标识", "doc_id", header="报告", example="yuhang-2023-key-tasks", width=16)
    task_id: str = column("任务序号", "task id", header="序号", example="9")
    text: str = column("数字原文", "the number as written", header="数字原文", example="TR35")
    start: int = column("起始位置", "start offset in target_cell", True, header="起点(从0计)",
                        example="2")
    end: int = column("结束位置", "end offset in target_cell (exclusive)", True,
                      header="终点(不含)", example="6")
    reason: str = column("跳过原因", "why it is not a target (skip reasons below)",
                         header="跳过原因", example="name")


@dataclass
class UnassignedRecord:
    """unassigned.csv: every input line that belongs to no task."""

    doc_id: str = column("报告标识", "doc_id", header="报告", example="yuhang-2023-key-tasks", width=16)
    line: int = column("行号(从1计)", "line number, from 1", True, header="行号(从1计)",
                       example="105")
    text: str = column("原文", "the line as written", header="原文", example="声明:本文有删减")
    reason: str = column("原因", "header, disclaimer, context, other", header="原因",
                         example="disclaimer")


@dataclass
class DocumentRecord:
    """documents.csv: one row per report."""

    doc_id: str = column("报告标识", "doc_id", header="报告", example="yuhang-2023-key-tasks", width=16)
    title: str = column("标题", "the report's title, where it has one", header="标题",
                        example="萧县2025年9月份民生实事进展情况", width=30)
    year: int = column("年份", "the year, from the title or the file name", True, header="年份",
                       example="2023")
    period: str = column("报告期", "the period the report covers, as written", header="报告期",
                         example="9月份")
    layout: str = column("版式", "layout", header="版式", example="pipe")
    tasks: int = column("任务数", "task rows", True, header="任务数", example="102")
    targets: int = column("目标数", "metrics rows", True, header="目标数", example="110")
    n_met: int = column("达标", "met", True, header="达标", example="75")
    n_missed: int = column("未达标", "missed", True, header="未达标", example="7")
    n_not_reported: int = column("未报告数据", "not reported", True, header="未报告数据",
                                 example="19")
    n_partial_period: int = column("期中未达", "part-year", True, header="期中未达", example="1")
    n_not_comparable: int = column("口径不一", "not comparable", True, header="口径不一",
                                   example="7")
    n_unparseable: int = column("无法解析", "unparseable", True, header="无法解析", example="1")
    flags: str = column("标记", "flags of its tasks", header="标记",
                        example="no_numeric_target;spam;wrapped_row", width=16)
    layout_reason: str = column("版式依据", "why this layout was read, or why the input was not "
                                "read", header="版式依据", example="pipe table: header …", width=24)
    file_kind: str = column("文件类型", "the input's kind by its content", header="文件类型",
                            example="html")
    reader: str = column("读取器", "the reader that read it", header="读取器", example="pdf")
    rule_file: str = column("规则文件", "the report's rule file that was applied, if any",
                            header="规则文件", example="rules/yuhang-2023-key-tasks.yaml", width=24)
    encoding: str = column("编码", "the text encoding read, where bytes were decoded",
                           header="编码", example="gb18030")


def columns(record: type) -> list[str]:
    """The record's field names: the output's column order."""
    return [f.name for f in dataclasses.fields(record)]


METRICS = columns(MetricRecord)
TASKS = columns(TaskRecord)
SKIPPED = columns(SkippedRecord)
UNASSIGNED = columns(UnassignedRecord)
DOCUMENTS = columns(DocumentRecord)
RECORDS = {"metrics.csv": MetricRecord, "unmet.csv": MetricRecord, "tasks.csv": TaskRecord,
           "skipped.csv": SkippedRecord, "unassigned.csv": UnassignedRecord,
           "documents.csv": DocumentRecord}
NUMERIC = frozenset(f.name for record in RECORDS.values() for f in dataclasses.fields(record)
                    if f.metadata["numeric"])


def headers(record: type) -> dict[str, str]:
    """Column name → the short Chinese header people see in the workbook and on the page."""
    return {f.name: f.metadata["header"] for f in dataclasses.fields(record)}


# metrics.xlsx, sheet by sheet: its name, the table it holds, what a row is.
SHEETS = (
    ("概况", "summary", "counts per status over the whole run and per report, and what each "
     "count counts"),
    ("全部目标", "metrics.csv", "one row per target, the CSV's columns with Chinese headers and "
     "labels, plus gap_points (差距) for %-kind targets"),
    ("未达标", "unmet.csv", "the targets that are not met, in unmet.csv's order"),
    ("任务", "tasks.csv", "one row per task, both cells as written"),
    ("牵头单位", "by_unit", "per report and lead unit: targets and counts per status; a target "
     "with several lead units counts once for each (shared: 与其他单位共同牵头)"),
    ("说明", "legend", "each status with its colour, and each column's meaning"),
)
# Columns the workbook and the page show beside the CSV's own (computed for display only).
DISPLAY_COLUMNS = (
    ("gap_points", "差距(百分点)", "actual − target in percentage points, for %-kind targets "
     "(growth_rate, reduction_rate, rate); from metrics.csv where it has the column", "-10.5"),
    ("shared", "共同牵头", "by_unit: targets of this unit that are also listed under another "
     "lead unit", "2"),
)
# validation/results.json: {"success": bool, "checks": [one object per check with these keys]}
VALIDATION_KEYS = (
    ("table", "表", "the output table checked", "metrics"),
    ("check", "检查", "the expectation's name (labelled in the page)",
     "expect_column_values_to_be_in_set"),
    ("column", "列", "the column checked, blank for a whole-table check", "status"),
    ("success", "结果", "whether every row passed", "true"),
    ("rows", "未通过的行", "0-based row numbers in the table that failed (at most 50)", "[3, 17]"),
    ("observed", "观测值", "what the check saw (a count, a value)", "110"),
)


def _table(head: tuple[str, ...], rows: list[tuple]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head),
            *("| " + " | ".join(str(c) for c in row) + " |" for row in rows), ""]


def _code(text: str) -> str:
    return f"`{text}`" if text else ""


def data_dictionary() -> str:
    """docs/columns.md: every output's columns, statuses, comparators, kinds, flags and skip
    reasons, in Chinese and English, each with an example."""
    out = ["# Data dictionary / 数据字典", "",
           "Generated from `pipeline/contract.py` (`python -m pipeline.contract > docs/columns.md`);",
           "a test checks that this file is current. Columns are only ever appended.",
           "本文件由 `pipeline/contract.py` 生成;各输出文件的列只会在末尾追加。", "",
           "CSV files are UTF-8 with a byte-order mark. A text cell that a spreadsheet would run as",
           "a formula (it starts with `=`, `+`, `-`, `@`, tab, CR or `'`) is written with one extra",
           "leading `'`; numeric columns are never quoted. The workbook and the page show the text",
           "without that quote. CSV 为带 BOM 的 UTF-8;以 `= + - @` 等开头的文本单元格前加一个 `'`,",
           "数值列不加;工作簿和网页显示去掉该引号的原文。", ""]
    for name, record in RECORDS.items():
        doc = record.__doc__.split(":", 1)[1].strip()
        out += [f"## `{name}`", ""]
        if name != "unmet.csv":
            out += [doc[0].upper() + doc[1:], ""]
        else:
            out += ["Same columns as `metrics.csv`; only rows whose status is not `met`: `missed`",
                    "first (lowest attainment first, blanks last), then `partial_period` with",
                    "`behind`, then the rest in row order. 列同 metrics.csv,仅含未达标的目标。", ""]
            continue
        out += _table(("#", "column", "表头 (xlsx)", "中文", "meaning", "numeric", "example"),
                      [(i, _code(f.name), f.metadata["header"], f.metadata["zh"], f.metadata["en"],
                        "yes" if f.metadata["numeric"] else "", _code(f.metadata["example"]))
                       for i, f in enumerate(dataclasses.fields(record), start=1)])
    out += ["## `metrics.xlsx`", "",
            "The CSV tables for people: Chinese headers (表头 above) and labels (codes below),",
            "one colour per status, attainment as a percentage, wrapped text, a frozen header row",
            "with filters, and a print setup (A4 landscape, fit to width, header row on every",
            "page). Text cells are text, never formulas. 供人阅读的工作簿:中文表头与标签。", ""]
    out += _table(("sheet / 工作表", "holds", "one row per"),
                  [(zh, _code(source), what) for zh, source, what in SHEETS])
    out += _table(("column", "表头", "meaning", "example"),
                  [(_code(c), zh, en, _code(ex)) for c, zh, en, ex in DISPLAY_COLUMNS])
    out += ["## `unmet.md`, `report.html`", "",
            "`unmet.md`: the rows of `unmet.csv` for people, by report, then by lead unit (the page's",
            "order); a target with several lead units is listed under each and marked 共同牵头.",
            "Positions are counted from 1 (第 N 个字符起). Every copied value is escaped; raw cell",
            "text is quoted in code spans. `report.html`: one self-contained page (data embedded,",
            "no network) with filters by status, lead unit, report and text that update every",
            "section, sorting, export of the filtered list as CSV (metrics.csv's columns), and a",
            "print stylesheet. 未达标清单与核查网页。", "",
            "## `validation/results.json`", "",
            "`{\"success\": true|false, \"checks\": [...]}`, one object per check:", ""]
    out += _table(("key", "中文", "meaning", "example"),
                  [(_code(k), zh, en, _code(ex)) for k, zh, en, ex in VALIDATION_KEYS])
    for title, terms in (("Statuses / 状态", STATUS_TERMS), ("Comparators / 比较方式", COMPARATOR_TERMS),
                         ("Kinds / 指标类型", KIND_TERMS), ("Sources / 判定来源", SOURCE_TERMS),
                         ("Skip reasons / 跳过原因", SKIP_TERMS), ("Layouts / 版式", LAYOUT_TERMS),
                         ("Exit statuses / 退出状态", EXIT_TERMS)):
        out += [f"## {title}", ""]
        out += _table(("code", "中文", "English", "meaning", "example"),
                      [(_code(t.code), t.zh, t.en, t.meaning, _code(t.example)) for t in terms])
    out += ["## Flags / 标记", ""]
    out += _table(("code", "中文", "set on", "also on metrics rows", "meaning", "example"),
                  [(_code(f.code), f.zh, f.level, "yes" if f.on_metrics else "", f.meaning,
                    _code(f.example)) for f in FLAG_TERMS])
    out += ["Periods: `full_year` is shown as 全年; any other period is the report's own words.", ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(data_dictionary(), end="")
