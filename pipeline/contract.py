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
    """A code written in the outputs, with its label for people and what it means."""

    code: str
    zh: str
    en: str
    meaning: str


def _codes(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(t.code for t in terms)


STATUS_TERMS = (
    Term("met", "达标", "met", "the reported figure reaches the target"),
    Term("missed", "未达标", "missed", "the reported figure for the whole period falls short"),
    Term("not_reported", "未报告数据", "not reported",
         "no figure for this target (an outcome in words only carries done_without_figure)"),
    Term("partial_period", "期中未达", "part-year, not yet reached",
         "the figure covers part of the year and has not reached the full-year target"),
    Term("not_comparable", "口径不一", "not comparable",
         "a figure is reported but measures something else, or the target is outside the "
         "report's scope"),
    Term("unparseable", "无法解析", "unparseable", "the figure is malformed or out of range"),
)
STATUSES = _codes(STATUS_TERMS)
STATUS_LABELS = {t.code: t.zh for t in STATUS_TERMS}
STATUS_COLOURS = dict(zip(STATUSES, ("#2e7d32", "#c62828", "#9e9e9e", "#ef6c00", "#6d4c41",
                                     "#6a1b9a"), strict=True))

COMPARATOR_TERMS = (
    Term(">=", "不低于", "at least", "以上, 不少于, 达到, 突破 (the default)"),
    Term(">", "高于", "more than", "超, 超过, 高于"),
    Term("<=", "不高于", "at most", "以下, 以内, 不超过, 控制在"),
    Term("<", "低于", "less than", "低于, 少于, 不到"),
    Term("~", "约", "about", "左右, 约: met within ±5% (±0.5 points for % kinds)"),
    Term("range", "区间", "range", "6.5%—7%: met when lower ≤ actual ≤ upper"),
    Term("<0", "负增长", "negative growth", "负增长: met only below zero"),
    Term("no_increase", "只减不增", "no increase", "只减不增: met by a change ≤ 0"),
    Term("=", "等于", "exactly", "清零, or an exact figure"),
)
COMPARATORS = _codes(COMPARATOR_TERMS)
COMPARATOR_LABELS = {t.code: t.zh for t in COMPARATOR_TERMS}

KIND_TERMS = (
    Term("amount", "累计量", "amount", "accumulates over the period (investment, new enterprises)"),
    Term("level", "水平值", "level", "a state at a point in time (拥有量, 人均, a concentration)"),
    Term("growth_rate", "增速", "growth rate", "增长 X%"),
    Term("reduction_rate", "降幅", "reduction rate", "下降/降低 X%, stored positive"),
    Term("rate", "比率", "rate", "a level in % (优良率, 占比, 覆盖率)"),
)
KINDS = _codes(KIND_TERMS)
KIND_LABELS = {t.code: t.zh for t in KIND_TERMS}
PERCENT_KINDS = ("growth_rate", "reduction_rate", "rate")

SOURCE_TERMS = (
    Term("rule", "已复核规则", "reviewed rule", "a reviewed entry of the report's rule file decided it"),
    Term("generic", "自动配对", "generic engine", "the generic engine decided it"),
)
SOURCES = _codes(SOURCE_TERMS)

FULL_YEAR = "full_year"


class Flag(NamedTuple):
    """A flag, where it is set, and whether a task's flag is copied onto its metrics rows."""

    code: str
    zh: str
    level: str  # "metric": set on a target; "task": set on a task row; "document"
    on_metrics: bool  # a task flag that is also written on each of the task's metrics rows
    attention: bool  # shown among the items a reviewer should look at
    meaning: str


FLAG_TERMS = (
    Flag("approximate", "约数", "metric", False, False, "约, 余, 多, 超 on the actual"),
    Flag("estimated", "预计数", "metric", False, True, "预计, 初步测算: an estimate"),
    Flag("hedged", "表述含糊", "metric", False, True, "基本实现, 可完成: a hedged outcome"),
    Flag("done_without_figure", "仅文字表述完成", "metric", False, True,
         "the outcome is stated in words only"),
    Flag("ratio_only", "仅有完成率", "metric", False, False,
         "the outcome is given only as a completion ratio"),
    Flag("spam", "疑似注入文字", "task", True, True, "injected text in the cell"),
    Flag("malformed_number", "数字格式错误", "metric", False, True, "a malformed number (4.895..87)"),
    Flag("number_out_of_range", "数字超出范围", "metric", False, True,
         "more than 15 significant digits"),
    Flag("restated_target", "复述目标", "metric", False, True,
         "a number in the actual cell only repeats the target"),
    Flag("ratio_mismatch", "完成率与数值不符", "metric", False, True,
         "a stated completion ratio differs from the computed one"),
    Flag("review", "配对需复核", "metric", False, True, "low confidence: check by hand"),
    Flag("on_track", "进度达标", "metric", False, False,
         "part-year actual has reached the pro-rata target"),
    Flag("behind", "进度滞后", "metric", False, False,
         "part-year actual has not reached the pro-rata target"),
    Flag("duplicate_id", "序号重复", "task", True, False, "a repeated 序号 (id#2)"),
    Flag("wrapped_row", "跨行", "task", True, False, "a row wrapped over several lines"),
    Flag("unknown_lead_unit", "未知牵头单位", "task", True, False,
         "a lead unit not listed in rules/vocabulary/lead_units.yaml"),
    Flag("derived_target", "由差距推算目标", "metric", False, False,
         "the target was derived from a gap in points"),
    Flag("cell_count", "单元格数不符", "task", True, False,
         "a row with too few or too many cells (kept)"),
    Flag("no_numeric_target", "无数字目标", "task", False, False,
         "a task (or document) that yields no metrics row"),
    Flag("control_characters", "含控制字符", "task", True, False,
         "NUL or control characters in a cell (ignored for matching)"),
    Flag("html_markup", "含网页标记", "task", True, False,
         "HTML tags or entities in a cell (ignored for matching)"),
    Flag("too_many_numbers", "数字过多", "task", True, False,
         "more than 500 figures in a cell: the rest are skipped with reason limit"),
    Flag("non_numeric_id", "序号非数字", "task", True, False, "a 序号 that is not a number"),
    Flag("unit_from_header", "单位取自表头", "metric", False, False,
         "a bare number took its unit from its column header (年度目标(万元))"),
    Flag("target_in_completion_cell", "目标见于完成情况", "metric", False, False,
         "the task's cell states no figure; the target is named in the completion cell, and "
         "target_start/target_end point into actual_cell"),
    Flag("cell_truncated", "单元格过长已截断", "task", True, True,
         "a cell longer than the limit (32,767 characters) was cut there"),
    Flag("formula_without_value", "公式无计算结果", "task", True, True,
         "a workbook formula saved without the value it computes: the cell is read as empty"),
    Flag("not_read", "未读取", "document", False, True,
         "an input that was not read; layout_reason says why"),
    Flag("glued_row", "粘连行", "task", True, False,
         "a row whose cells ran together, split by the column vocabularies"),
)
FLAGS = {f.code: f for f in FLAG_TERMS}
TASK_FLAGS_ON_METRICS = tuple(f.code for f in FLAG_TERMS if f.on_metrics)
ATTENTION_FLAGS = tuple(f.code for f in FLAG_TERMS if f.attention)
FLAG_LABELS = {f.code: f.zh for f in FLAG_TERMS}
# Flags the engine sets on a pairing; a reviewed entry naming the actual replaces them.
ENGINE_PAIRING_FLAGS = ("approximate", "estimated", "hedged", "ratio_only", "review",
                        "restated_target", "done_without_figure")

SKIP_TERMS = (
    Term("threshold", "门槛", "threshold", "10亿元以上项目: a threshold inside a name"),
    Term("name", "名称", "name", "a number inside a name (“5+1”, 5号线, PM2.5)"),
    Term("history", "历史", "history", "5000多年, 45周年: history, not a target"),
    Term("scope", "范围", "scope", "a count that describes the scope (30项民生实事)"),
    Term("year", "年份", "year", "2023年"),
    Term("phase", "阶段", "phase", "a phase or stage number"),
    Term("list_marker", "序号", "list marker", "1. 2、 at the start of an item"),
    Term("period", "期间", "period", "1-9月, 上半年"),
    Term("date", "日期", "date", "9月20日"),
    Term("no_unit", "无单位", "no unit", "a bare number"),
    Term("share", "分解", "share", "a figure right after a lead unit's name: its share"),
    Term("actual", "完成数", "actual", "prose: an outcome inside the target sentence"),
    Term("ratio", "完成率", "ratio", "prose: a completion ratio in brackets"),
    Term("restated", "复述", "restated", "a figure followed by 的目标/的任务"),
    Term("gap", "差距", "gap", "a gap in points against something"),
    Term("spam", "注入文字", "spam", "a figure inside injected text"),
    Term("limit", "超出上限", "limit", "past the per-cell figure limit"),
    Term("base", "基数", "base", "the level a target starts from (从574元提高到609元)"),
    Term("comparison", "同比", "comparison", "an outcome compared with the past (同比增长6.1%)"),
    Term("headline", "事项数", "headline", "a count of the report's own items (4个项目完成全年目标)"),
    Term("context", "叙述", "context", "prose: a figure no word makes a target"),
    Term("repeat", "重复", "repeat", "prose: a target the report stated before"),
    Term("unknown_unit", "未知单位", "unknown unit", "a figure whose unit the vocabulary lacks"),
)
SKIP_REASONS = _codes(SKIP_TERMS)

LAYOUT_TERMS = (
    Term("pipe", "竖线表格", "pipe table", "序号 | 重点工作 | 牵头单位 | 完成情况 |"),
    Term("lines", "逐格分行表格", "one cell per line", "a table pasted one cell per block"),
    Term("prose", "文字", "prose", "sentences; units s<N>"),
    Term("spaced", "空格分隔表格", "space-separated rows",
         "one table row per line, cells split on runs of blanks"),
    Term("grid", "地区指标网格", "flattened grid",
         "row labels × indicators pasted one value per line; tasks <row label>/<indicator>"),
    Term("form", "逐项表单", "stacked forms", "one project per form of label / value pairs"),
    Term("glued", "粘连行", "glued rows",
         "cells run together with no delimiter, split by the column vocabularies"),
    Term("csv", "CSV", "CSV", "a CSV sheet"),
    Term("xlsx", "XLSX", "XLSX", "an XLSX sheet"),
    Term("table", "表格", "table", "cells of an HTML, DOCX or PDF table"),
)
LAYOUTS = _codes(LAYOUT_TERMS)

EXIT_TERMS = (
    Term("0", "成功", "success", "everything read and validated"),
    Term("1", "校验未通过", "validation failed", "outputs written but validation found problems"),
    Term("2", "未处理", "nothing processed",
         "bad arguments, an invalid rule or vocabulary file (named with its line), an empty "
         "input folder, an output folder that cannot be written, or another run holding the "
         "output folder's lock (its pid named)"),
    Term("3", "部分文件未读", "some inputs not read",
         "one or more inputs could not be read (each named); the others processed and written; "
         "when no input could be read, nothing is written"),
    Term("4", "内部错误", "unexpected error",
         "an unexpected error (named on stderr); previous outputs left unchanged"),
)


def column(zh: str, en: str, numeric: bool = False):
    """A record field: its Chinese and English description, and whether it is numeric in CSV."""
    return field(default=None, metadata={"zh": zh, "en": en, "numeric": numeric})


@dataclass
class MetricRecord:
    """metrics.csv: one row per target."""

    doc_id: str = column("报告标识(文件名去扩展名)", "the input file's name without extension")
    task_id: str = column("任务序号", "the report's own id (序号), or the layout's")
    lead_units: str = column("牵头单位,分号分隔", "lead units, `;`-separated")
    metric: str = column("指标名称(报告原话)", "what is measured, in the report's words")
    target_text: str = column("目标原文", "the target as written")
    target_start: int = column("目标在单元格中的起始位置(从0计)", "start offset in target_cell", True)
    target_end: int = column("目标结束位置(不含)", "end offset in target_cell (exclusive)", True)
    comparator: str = column("比较方式", "comparator")
    kind: str = column("指标类型", "kind")
    target_value: Decimal = column("目标值(基本单位)", "target in the base unit, 万/亿 applied", True)
    unit: str = column("目标单位", "the target's canonical unit")
    actual_text: str = column("完成数原文", "the figure that reports this target, as written")
    actual_start: int = column("完成数起始位置", "start offset in actual_cell", True)
    actual_end: int = column("完成数结束位置", "end offset in actual_cell (exclusive)", True)
    actual_value: Decimal = column("完成值(基本单位)", "the actual in the base unit", True)
    period: str = column("统计期", "`full_year`, or the period as written")
    attainment: Decimal = column("完成度", "actual ÷ target (target ÷ actual for caps)", True)
    status: str = column("状态", "status")
    source: str = column("判定来源", "`rule` (reviewed entry) or `generic` (engine)")
    flags: str = column("标记,分号分隔", "flags, `;`-separated")
    confidence: float = column("配对置信度(0–1)", "the engine's confidence in the pairing", True)
    actual_unit: str = column("完成数单位", "the actual's canonical unit")
    period_months: int = column("统计期月数", "months the actual covers", True)
    pro_rata_target: Decimal = column("按进度应完成", "target × months ÷ 12 for amounts", True)
    note: str = column("说明", "a short reason in words")
    target_upper: Decimal = column("区间上限", "upper bound of a `range` target", True)
    target_period: str = column("目标期限", "the part of the year a target is set for, as written "
                                "(4月, 上半年); blank: the report's full period")
    area: str = column("地区", "a grid's row label (town, district): the target's scope")
    gap_points: Decimal = column("差距(百分点)", "%-kind targets: actual − target in "
                                 "percentage points", True)


@dataclass
class TaskRecord:
    """tasks.csv: one row per input task, none dropped."""

    doc_id: str = column("报告标识", "doc_id")
    task_id: str = column("任务序号", "task id")
    lead_units: str = column("牵头单位", "lead units, `;`-separated")
    target_cell: str = column("目标单元格原文", "the report's text for the target role")
    actual_cell: str = column("完成情况单元格原文", "the report's text for the outcome role")
    n_targets: int = column("目标数", "metrics rows of this task", True)
    n_met: int = column("达标数", "of which met", True)
    n_missed: int = column("未达标数", "of which missed", True)
    n_other: int = column("其他状态数", "of which another status", True)
    flags: str = column("标记", "flags, `;`-separated")


@dataclass
class SkippedRecord:
    """skipped.csv: every number in a target cell that is not a target."""

    doc_id: str = column("报告标识", "doc_id")
    task_id: str = column("任务序号", "task id")
    text: str = column("数字原文", "the number as written")
    start: int = column("起始位置", "start offset in target_cell", True)
    end: int = column("结束位置", "end offset in target_cell (exclusive)", True)
    reason: str = column("跳过原因", "why it is not a target")


@dataclass
class UnassignedRecord:
    """unassigned.csv: every input line that belongs to no task."""

    doc_id: str = column("报告标识", "doc_id")
    line: int = column("行号(从1计)", "line number, from 1", True)
    text: str = column("原文", "the line as written")
    reason: str = column("原因", "header, disclaimer, context, other")


@dataclass
class DocumentRecord:
    """documents.csv: one row per input, read or not (an unread one has flag `not_read`)."""

    doc_id: str = column("报告标识", "doc_id")
    title: str = column("标题", "the report's title, where it has one")
    year: int = column("年份", "the year, from the title or the file name", True)
    period: str = column("报告期", "the period the report covers, as written")
    layout: str = column("版式", "layout")
    tasks: int = column("任务数", "task rows", True)
    targets: int = column("目标数", "metrics rows", True)
    n_met: int = column("达标", "met", True)
    n_missed: int = column("未达标", "missed", True)
    n_not_reported: int = column("未报告数据", "not reported", True)
    n_partial_period: int = column("期中未达", "part-year", True)
    n_not_comparable: int = column("口径不一", "not comparable", True)
    n_unparseable: int = column("无法解析", "unparseable", True)
    flags: str = column("标记", "flags of its tasks")
    layout_reason: str = column("版式判定依据", "why this layout, or why the input was not read")
    file_kind: str = column("文件类型", "the file's kind (txt, csv, xlsx, xls, html, docx, pdf …)")
    reader: str = column("读取器", "the reader used (text, csv, xlsx, xls, html, docx, pdf)")
    rule_file: str = column("规则文件", "the report's rule file that was applied, or blank")
    encoding: str = column("文字编码", "the text encoding used (txt, csv, html), or blank")


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


def data_dictionary() -> str:
    """docs/columns.md: every output column, status, comparator, kind, flag and skip reason."""
    out = ["# Data dictionary / 数据字典", "",
           "Generated from `pipeline/contract.py` (`python -m pipeline.contract > docs/columns.md`);",
           "a test checks that this file is current. Columns are only ever appended.", ""]
    for name, record in RECORDS.items():
        doc = record.__doc__.split(":", 1)[1].strip()
        out += [f"## `{name}`", "", doc[0].upper() + doc[1:], "",
                "| # | column | 中文 | meaning | numeric |", "|---|---|---|---|---|"]
        for i, f in enumerate(dataclasses.fields(record), start=1):
            out.append(f"| {i} | `{f.name}` | {f.metadata['zh']} | {f.metadata['en']} | "
                       f"{'yes' if f.metadata['numeric'] else ''} |")
        out.append("")
    for title, terms in (("Statuses / 状态", STATUS_TERMS), ("Comparators / 比较方式", COMPARATOR_TERMS),
                         ("Kinds / 指标类型", KIND_TERMS), ("Sources / 判定来源", SOURCE_TERMS),
                         ("Skip reasons / 跳过原因", SKIP_TERMS), ("Layouts / 版式", LAYOUT_TERMS),
                         ("Exit statuses / 退出状态", EXIT_TERMS)):
        out += [f"## {title}", "", "| code | 中文 | English | meaning |", "|---|---|---|---|"]
        out += [f"| `{t.code}` | {t.zh} | {t.en} | {t.meaning} |" for t in terms]
        out.append("")
    out += ["## Flags / 标记", "", "| code | 中文 | set on | also on metrics rows | meaning |",
            "|---|---|---|---|---|"]
    out += [f"| `{f.code}` | {f.zh} | {f.level} | {'yes' if f.on_metrics else ''} | {f.meaning} |"
            for f in FLAG_TERMS]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(data_dictionary(), end="")
