"""report.html, the review page: one self-contained file a reviewer opens offline or gets by email.

The page carries its data (every target as metrics.csv has it, the cells it quotes, the lead-unit
order shared with unmet.md and the workbook, the validation results) as JSON, and a small script
draws every section from that data under the current filters: the counts, the per-unit bars, the
evidence cards (a page of cards at a time, so 11,600 targets open at once), the flagged table and
the validation table. Sorting, a link from each flagged row to its card, export of the filtered
list as CSV, and a print stylesheet come with it. No network: no external scripts, styles or fonts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pandas as pd

from .contract import (
    ATTENTION_FLAGS,
    CHECK_LABELS,
    LABELS,
    NUMERIC,
    STATUS_COLOURS,
    STATUS_LABELS,
    STATUSES,
    TABLE_LABELS,
    MetricRecord,
    SkippedRecord,
    TaskRecord,
    headers,
    label,
)
from .frames import (
    UNLISTED,
    UNLISTED_NOTE,
    by_lead_unit,
    gap_points,
    lead_units,
    task_label,
    unmet_order,
)
from .write import UNSAFE_START, number_text

ASSETS = Path(__file__).with_name("page")
JSON_BATCH = 1_000
TITLE = "目标完成情况核查报告"


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _cells(table: pd.DataFrame, numeric: frozenset[str]) -> list[list[str]]:
    """Rows as metrics.csv writes them, before the formula guard: numbers in the CSV's own
    notation, text as it is (the page shows it unguarded; the export adds the guard)."""
    columns = [table[c].map(number_text if c in numeric else _text).tolist() for c in table.columns]
    return [list(row) for row in zip(*columns, strict=True)] if columns else []


def _names(documents: pd.DataFrame) -> dict[str, str]:
    return {d: (t if isinstance(t, str) and t else d)
            for d, t in zip(documents["doc_id"], documents["title"], strict=True)}


def page_data(metrics: pd.DataFrame, tasks: pd.DataFrame,
              documents: pd.DataFrame, checks: list[dict]) -> dict:
    """Everything the page shows, as plain JSON-ready data."""
    names = _names(documents)
    layouts = dict(zip(documents["doc_id"], documents["layout"], strict=True))
    order = by_lead_unit(metrics)
    unit_list = [[doc, unit] for doc, unit in zip(order["doc_id"], order["lead_unit"], strict=True)]
    unit_index = {(doc, unit): i for i, (doc, unit) in enumerate(unit_list)}
    task_index: dict[tuple[str, str], int] = {}
    task_cells: list[list[str]] = []
    needed = set(zip(metrics["doc_id"], metrics["task_id"].map(str), strict=True))
    for doc, task, target_cell, actual_cell in zip(tasks["doc_id"], tasks["task_id"],
                                                   tasks["target_cell"], tasks["actual_cell"],
                                                   strict=True):
        if (doc, str(task)) in needed:
            task_index[(doc, str(task))] = len(task_cells)
            task_cells.append([_text(target_cell), _text(actual_cell)])
    # the default order: unmet.csv's order first, then the met targets in row order
    first = unmet_order(metrics)
    rest = sorted(set(range(len(metrics))) - set(first))
    rank = [0] * len(metrics)
    for r, i in enumerate(first + rest):
        rank[i] = r
    rows = list(metrics.itertuples(index=False))
    gaps = [gap_points(r) for r in rows]
    return {
        "title": TITLE,
        "columns": list(metrics.columns),
        "numeric": [c in NUMERIC for c in metrics.columns],
        "headers": {**headers(SkippedRecord), **headers(TaskRecord), **headers(MetricRecord)},
        "unsafe": list(UNSAFE_START),
        "statuses": list(STATUSES),
        "labels": LABELS,
        "colours": STATUS_COLOURS,
        "attention": list(ATTENTION_FLAGS),
        "checkLabels": CHECK_LABELS,
        "tableLabels": TABLE_LABELS,
        "unlisted": [UNLISTED, UNLISTED_NOTE],
        "docs": [{"id": d.doc_id, "name": names[d.doc_id], "title": _text(d.title),
                  "layout": label("layout", d.layout),
                  "period": _text(d.period), "tasks": int(d.tasks or 0)}
                 for d in documents.itertuples(index=False)],
        "units": unit_list,
        "tasks": task_cells,
        "rows": _cells(metrics, NUMERIC),
        "rowUnits": [[unit_index[(r.doc_id, u)] for u in lead_units(r.lead_units)] for r in rows],
        "rowTask": [task_index[(r.doc_id, str(r.task_id))] for r in rows],
        "rowLabel": [task_label(r.task_id, layouts.get(r.doc_id)) for r in rows],
        "rowGap": [None if g is None else format(g.normalize(), "f") for g in gaps],
        "rowRank": rank,
        "checks": [{**c, "rows": list(c.get("rows") or [])} for c in checks],
    }


def _json(value) -> str:
    """JSON that cannot end its <script> element or open a comment: every < is escaped."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).replace(
        "<", "\\u003c")


def _json_parts(data: dict) -> Iterator[str]:
    """The data as JSON in pieces: long lists a thousand items at a time, so a page of 100,000
    targets is never one string."""
    yield "{"
    for i, (key, value) in enumerate(data.items()):
        yield ("," if i else "") + _json(key) + ":"
        if isinstance(value, list) and len(value) > JSON_BATCH:
            yield "["
            for start in range(0, len(value), JSON_BATCH):
                yield ("," if start else "") + _json(value[start:start + JSON_BATCH])[1:-1]
            yield "]"
        else:
            yield _json(value)
    yield "}"


def render(metrics: pd.DataFrame, tasks: pd.DataFrame, documents: pd.DataFrame, checks: list[dict]) -> str:
    """The page; all frames hold text as written in the CSVs (numbers may be Decimal or text)."""
    data = page_data(metrics, tasks, documents, checks)
    style = (ASSETS / "review.css").read_text(encoding="utf-8")
    script = (ASSETS / "review.js").read_text(encoding="utf-8")
    status_options = "".join(f'<option value="{s}">{escape(STATUS_LABELS[s])}</option>'
                             for s in STATUSES)
    yield f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{TITLE}</title><style>{style}</style></head>
<body>
<header id="bar"><h1>{TITLE}</h1>
<form class="filters" id="filters" onsubmit="return false">
<label>状态 <select id="f-status"><option value="unmet">需关注(非达标)</option>
<option value="">全部</option>{status_options}</select></label>
<label>报告 <select id="f-doc"><option value="">全部</option></select></label>
<label>牵头单位 <select id="f-unit"><option value="">全部</option></select></label>
<label>标记 <select id="f-flag"><option value="">不限</option>
<option value="*">任一需关注标记</option></select></label>
<label>判定来源 <select id="f-source"><option value="">不限</option>
<option value="rule">{escape(label("source", "rule"))}</option>
<option value="generic">{escape(label("source", "generic"))}</option></select></label>
<label>搜索 <input id="f-search" type="search" placeholder="指标、原文、说明、单位"></label>
<label>排序 <select id="f-sort"><option value="rank">问题优先</option>
<option value="attainment">完成度从低到高</option><option value="-attainment">完成度从高到低</option>
<option value="confidence">置信度从低到高</option><option value="order">报告原有顺序</option></select></label>
<button type="button" id="f-reset">清除筛选</button>
<button type="button" id="f-export">导出筛选结果(CSV)</button>
</form>
<p class="shown" id="shown"></p>
<nav><a href="#overview">概况</a> <a href="#cards">目标明细</a> <a href="#by-unit">各牵头单位</a>
<a href="#flagged">需关注的标记</a> <a href="#documents">报告</a> <a href="#validation">数据校验</a></nav>
</header>
<noscript><p class="warn">本页的各部分由页内数据生成,需要启用 JavaScript;
同样的数据见 metrics.csv、unmet.md 与 metrics.xlsx。</p></noscript>
<main>
<section id="overview"><h2>概况</h2><div id="overview-body"></div></section>
<section id="cards"><h2>目标明细</h2>
<p class="hint">蓝色为目标原文中的目标数字,黄色为完成情况原文中与之对应的数字。每张卡片写明判定来源
(已复核规则或自动配对)与配对置信度。</p><div id="cards-body"></div>
<button type="button" class="more" id="cards-more"></button></section>
<section id="by-unit"><h2>各牵头单位完成情况</h2>
<p class="hint">同一报告内按未达标数排列;一项目标有多个牵头单位时,在每个单位下各计一次并计入“共同牵头”。
{escape(UNLISTED)}:{escape(UNLISTED_NOTE)}</p><div id="units-body"></div></section>
<section id="flagged"><h2>需关注的标记</h2><p class="hint screen">点击列标题排序;点击任务跳到对应卡片。</p>
<div id="flagged-body"></div><button type="button" class="more" id="flagged-more"></button></section>
<section id="documents"><h2>报告</h2><div id="documents-body"></div></section>
<section id="validation"><h2>数据校验</h2>
<p class="hint">校验的是本流程自身的约束:状态和标记取值、达标/未达标行有数值、单位一致、每个数字的位置指向原文、任务数不丢失。</p>
<div id="validation-body"></div></section>
</main>
<script type="application/json" id="data">"""
    yield from _json_parts(data)
    yield f"""</script>
<script>{script}</script></body></html>
"""
