"""report.html, the review page: one self-contained page a reviewer can open offline or receive by email.

Which lead units missed what, by how much, and where the report says so: counts and bar charts
(inline SVG), the unmet targets by lead unit with both cells and the figures highlighted, the
rest folded away, flagged items with their evidence, the validation summary, and client-side
filters. No network, no external scripts, styles or fonts.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from html import escape

import pandas as pd

from .contract import (
    ATTENTION_FLAGS,
    COMPARATOR_LABELS,
    FLAG_LABELS,
    KIND_LABELS,
    STATUS_COLOURS,
    STATUS_LABELS,
    STATUSES,
)

STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
 margin:0;color:#222;background:#fafafa;line-height:1.5}
header{background:#1a3d6d;color:#fff;padding:16px 24px;position:sticky;top:0;z-index:2}
header h1{margin:0 0 6px;font-size:22px}
.filters{display:flex;gap:12px;flex-wrap:wrap;align-items:center;font-size:14px}
.filters select,.filters input{font-size:14px;padding:3px 6px}
main{padding:16px 24px;max-width:1200px}
section{margin-bottom:28px}
h2{border-bottom:2px solid #1a3d6d;padding-bottom:4px;font-size:19px}
h3{margin:18px 0 6px;font-size:17px;color:#1a3d6d}
table{border-collapse:collapse;font-size:14px;background:#fff}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top;max-width:360px;
 overflow-wrap:anywhere}
th{background:#eef2f7}
.item{background:#fff;border:1px solid #ddd;border-left:6px solid #999;border-radius:4px;
 padding:10px 14px;margin:10px 0}
.item h4{margin:0 0 6px;font-size:15px}
.item dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0;font-size:14px}
.item dt{color:#555}.item dd{margin:0}
.badge{display:inline-block;color:#fff;border-radius:3px;padding:0 6px;font-size:13px;margin-right:6px}
.cell{font-size:13px;background:#f6f6f6;border-radius:3px;padding:6px 8px;margin:4px 0;
 white-space:pre-wrap;max-height:14em;overflow:auto}
.cell b{color:#555;margin-right:6px}
mark.t{background:#bbdefb;padding:0 2px;border-radius:2px}
mark.a{background:#ffe082;padding:0 2px;border-radius:2px}
.note{font-size:14px;color:#444;margin:4px 0}
.flag{display:inline-block;border:1px solid #bbb;border-radius:3px;font-size:12px;padding:0 4px;margin:0 3px 0 0}
.ok{color:#2e7d32}.fail{color:#c62828;font-weight:bold}
.hidden{display:none}
details summary{cursor:pointer;font-size:17px;color:#1a3d6d}
"""

SCRIPT = """
(function(){
  const status=document.getElementById('f-status'), unit=document.getElementById('f-unit'),
        doc=document.getElementById('f-doc'), search=document.getElementById('f-search'),
        count=document.getElementById('f-count');
  function apply(){
    const s=status.value, u=unit.value, d=doc.value, q=search.value.trim().toLowerCase();
    let shown=0;
    document.querySelectorAll('.item').forEach(function(el){
      const ok=(!s||el.dataset.status===s)&&(!u||el.dataset.units.split(';').indexOf(u)>=0)
        &&(!d||el.dataset.doc===d)&&(!q||el.textContent.toLowerCase().indexOf(q)>=0);
      el.classList.toggle('hidden',!ok); if(ok) shown++;
    });
    document.querySelectorAll('.unit-group').forEach(function(g){
      g.classList.toggle('hidden',!g.querySelector('.item:not(.hidden)'));
    });
    count.textContent=shown;
  }
  [status,unit,doc].forEach(function(el){el.addEventListener('change',apply);});
  search.addEventListener('input',apply);
  apply();
})();
"""


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def scaled(value, unit) -> str:
    """A base-unit value in the report's own scale.

    >>> scaled("20000000000", "元"), scaled(8.5, "%"), scaled(None, "家")
    ('200亿元', '8.5%', '—')
    """
    number = _decimal(value)
    if number is None:
        return "—"
    unit = unit if isinstance(unit, str) else ""
    for factor, word in ((Decimal(10**8), "亿"), (Decimal(10**4), "万")):
        if abs(number) >= factor and unit not in ("%", "百分点"):
            text = format((number / factor).quantize(Decimal("0.01")).normalize(), "f")
            return f"{text}{word}{unit}"
    return f"{format(number.normalize(), 'f')}{unit}"


def _percent(value) -> str:
    number = _decimal(value)
    return "—" if number is None else f"{number * 100:.1f}%"


def _highlight(cell: str, start, end, css: str) -> str:
    try:
        a, b = int(start), int(end)
    except (TypeError, ValueError):
        return escape(cell)
    return escape(cell[:a]) + f'<mark class="{css}">' + escape(cell[a:b]) + "</mark>" + escape(cell[b:])


def _highlight_two(cell: str, *marks) -> str:
    """Both figures marked in one cell, each where it stands."""
    spans = sorted((int(a), int(b), css) for a, b, css in marks
                   if isinstance(a, int | float | str) and str(a) not in ("", "nan")
                   and str(b) not in ("", "nan"))
    out, pos = "", 0
    for a, b, css in spans:
        if a < pos:
            continue
        out += escape(cell[pos:a]) + f'<mark class="{css}">' + escape(cell[a:b]) + "</mark>"
        pos = b
    return out + escape(cell[pos:])


def _bars(counts: dict[str, int], width: int = 520) -> str:
    total = max(sum(counts.values()), 1)
    rows, y = [], 0
    for status in STATUSES:
        n = counts.get(status, 0)
        length = int(width * n / total)
        rows.append(f'<text x="0" y="{y + 15}" font-size="13">{STATUS_LABELS[status]}</text>'
                    f'<rect x="90" y="{y + 3}" width="{length}" height="16" fill="{STATUS_COLOURS[status]}"/>'
                    f'<text x="{96 + length}" y="{y + 15}" font-size="13">{n}</text>')
        y += 22
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 140}" height="{y}" '
            f'role="img" aria-label="各状态目标数">{"".join(rows)}</svg>')


def _unit_bars(by_unit: pd.DataFrame, width: int = 480) -> str:
    if by_unit.empty:
        return ""
    peak = max(int(by_unit["targets"].max()), 1)
    rows, y = [], 0
    for row in by_unit.itertuples(index=False):
        x = 230
        parts = [f'<text x="0" y="{y + 14}" font-size="12">{escape(row.lead_unit)}</text>']
        for status in STATUSES:
            n = int(getattr(row, status))
            if n:
                length = max(int(width * n / peak), 2)
                parts.append(f'<rect x="{x}" y="{y + 3}" width="{length}" height="14" '
                             f'fill="{STATUS_COLOURS[status]}"><title>{STATUS_LABELS[status]} {n}</title></rect>')
                x += length
        parts.append(f'<text x="{x + 6}" y="{y + 14}" font-size="12">{int(row.targets)}'
                     f'(未达标 {int(row.missed)})</text>')
        rows.append("".join(parts))
        y += 20
    legend = "".join(f'<rect x="{230 + i * 90}" y="{y + 6}" width="12" height="12" fill="{STATUS_COLOURS[s]}"/>'
                     f'<text x="{246 + i * 90}" y="{y + 17}" font-size="12">{STATUS_LABELS[s]}</text>'
                     for i, s in enumerate(STATUSES))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 330}" height="{y + 26}" '
            f'role="img" aria-label="各牵头单位目标完成情况">{"".join(rows)}{legend}</svg>')


def _item(row, task) -> str:
    status = row.status
    flags = [f for f in (row.flags or "").split(";") if f]
    comparator = COMPARATOR_LABELS.get(row.comparator, row.comparator)
    target = f"{escape(str(row.target_text))}({comparator}"
    if row.target_value not in ("", None):
        target += f",即 {escape(scaled(row.target_value, row.unit))}"
    target += ")"
    if isinstance(row.target_upper, str) and row.target_upper:
        target += f" 至 {escape(scaled(row.target_upper, row.unit))}"
    actual = escape(str(row.actual_text)) if row.actual_text else "未报告数据"
    period = "全年" if row.period in ("full_year", "", None) else escape(str(row.period))
    details = [("目标", target), ("完成", actual), ("统计期", period)]
    if row.pro_rata_target and row.period not in ("full_year", ""):
        details.append(("按进度应完成", escape(scaled(row.pro_rata_target, row.unit))))
    details.append(("完成度", _percent(row.attainment)))
    details.append(("指标类型", KIND_LABELS.get(row.kind, row.kind)))
    if "target_in_completion_cell" in flags:  # the target is named in the completion cell
        target_cell = escape(task.target_cell)
        actual_cell = _highlight_two(task.actual_cell, (row.target_start, row.target_end, "t"),
                                     (row.actual_start, row.actual_end, "a"))
    else:
        target_cell = _highlight(task.target_cell, row.target_start, row.target_end, "t")
        actual_cell = (_highlight(task.actual_cell, row.actual_start, row.actual_end, "a")
                       if row.actual_text else escape(task.actual_cell))
    flag_html = "".join(f'<span class="flag">{escape(FLAG_LABELS.get(f, f))}</span>' for f in flags)
    note = f'<p class="note">说明:{escape(str(row.note))}</p>' if row.note else ""
    return (
        f'<article class="item" data-status="{status}" data-units="{escape(row.lead_units or "")}" '
        f'data-doc="{escape(row.doc_id)}" data-task="{escape(str(row.task_id))}" '
        f'data-target="{escape(str(row.target_text))}" data-metric="{escape(row.metric or "")}" '
        f'data-actual="{escape(str(row.actual_text or ""))}" '
        f'style="border-left-color:{STATUS_COLOURS[status]}">'
        f'<h4><span class="badge" style="background:{STATUS_COLOURS[status]}">{STATUS_LABELS[status]}</span>'
        f'{escape(row.doc_id)} 第{escape(str(row.task_id))}项 · {escape(row.metric or "")}</h4>'
        f'<dl>{"".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in details)}</dl>{flag_html}'
        f'<p class="cell"><b>目标原文</b>{target_cell}</p>'
        f'<p class="cell"><b>完成情况原文</b>{actual_cell}</p>{note}</article>')


def render(metrics: pd.DataFrame, unmet: pd.DataFrame, tasks: pd.DataFrame,
           documents: pd.DataFrame, by_unit: pd.DataFrame, checks: list[dict]) -> str:
    """All frames hold text as written in the CSVs (numbers may be Decimal or text)."""
    task_of = {(t.doc_id, str(t.task_id)): t for t in tasks.itertuples(index=False)}
    counts = metrics["status"].value_counts().to_dict()
    units = sorted({u for units in metrics["lead_units"] for u in (units or "").split(";") if u})
    docs = sorted(set(metrics["doc_id"]))
    options = lambda values, labels=None: "".join(  # noqa: E731
        f'<option value="{escape(v)}">{escape((labels or {}).get(v, v))}</option>' for v in values)
    doc_rows = "".join(
        "<tr>" + "".join(f"<td>{escape('' if v is None or (isinstance(v, float) and pd.isna(v)) else str(v))}</td>"
                         for v in row) + "</tr>"
        for row in documents.itertuples(index=False))
    doc_table = ("<table><tr>" + "".join(f"<th>{escape(c)}</th>" for c in documents.columns)
                 + f"</tr>{doc_rows}</table>")

    groups: dict[str, list[str]] = {}
    for row in unmet.itertuples(index=False):
        task = task_of[(row.doc_id, str(row.task_id))]
        for unit in (row.lead_units or "(未列牵头单位)").split(";"):
            groups.setdefault(unit, []).append(_item(row, task))
    missed_by_unit = {u: n for u, n in zip(by_unit["lead_unit"], by_unit["missed"], strict=True)}
    unmet_html = "".join(
        f'<div class="unit-group"><h3>{escape(unit)}(未达标 {int(missed_by_unit.get(unit, 0))},'
        f'共 {len(items)} 项需关注)</h3>{"".join(items)}</div>'
        for unit, items in sorted(groups.items(), key=lambda kv: -missed_by_unit.get(kv[0], 0)))
    met = metrics[metrics["status"] == "met"]
    met_html = "".join(_item(row, task_of[(row.doc_id, str(row.task_id))])
                       for row in met.itertuples(index=False))
    flagged = metrics[metrics["flags"].fillna("").map(
        lambda f: any(x in f.split(";") for x in ATTENTION_FLAGS))]
    flag_rows = "".join(
        f"<tr><td>{escape(r.doc_id)} 第{escape(str(r.task_id))}项</td><td>{escape(r.metric or '')}</td>"
        f"<td>{escape(STATUS_LABELS[r.status])}</td><td>"
        + "".join(f'<span class="flag">{escape(FLAG_LABELS.get(f, f))}</span>'
                  for f in r.flags.split(";") if f in ATTENTION_FLAGS)
        + f"</td><td>{escape(str(r.actual_text or ''))}</td><td>{escape(str(r.note or ''))}</td></tr>"
        for r in flagged.itertuples(index=False))
    check_rows = "".join(
        f"<tr><td>{escape(c['table'])}</td><td>{escape(c['check'])}</td><td>{escape(str(c['column']))}</td>"
        f"<td class=\"{'ok' if c['success'] else 'fail'}\">{'通过' if c['success'] else '未通过'}</td>"
        f"<td>{escape(json.dumps(c['rows'][:20]))}</td></tr>" for c in checks)
    passed = all(c["success"] for c in checks)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>目标完成情况核查报告</title><style>{STYLE}</style></head>
<body>
<header><h1>目标完成情况核查报告</h1>
<div class="filters">
<label>状态 <select id="f-status"><option value="">全部</option>{options(STATUSES, STATUS_LABELS)}</select></label>
<label>牵头单位 <select id="f-unit"><option value="">全部</option>{options(units)}</select></label>
<label>报告 <select id="f-doc"><option value="">全部</option>{options(docs)}</select></label>
<label>搜索 <input id="f-search" type="search" placeholder="指标、原文、说明"></label>
<span>显示 <b id="f-count">{len(metrics)}</b> 项</span></div></header>
<main>
<section id="overview"><h2>总体情况</h2>
<p>{len(documents)} 份报告,{len(tasks)} 项任务,{len(metrics)} 项数字目标;
达标 {counts.get('met', 0)} 项,未达标 {counts.get('missed', 0)} 项。校验:<span class="{'ok' if passed else 'fail'}">{'全部通过' if passed else '有未通过项'}</span>。</p>
{_bars(counts)}
<h3>报告</h3>{doc_table}</section>
<section id="by-unit"><h2>各牵头单位完成情况</h2>
<p>一项目标有多个牵头单位时,在每个单位下各计一次。</p>{_unit_bars(by_unit)}</section>
<section id="unmet"><h2>未达标及无法判定的目标(按牵头单位,完成度最低者在前)</h2>
<p>蓝色为目标原文中的目标数字,黄色为完成情况原文中对应的数字。</p>{unmet_html}</section>
<section id="met"><details><summary>达标的目标({len(met)} 项)</summary>{met_html}</details></section>
<section id="flagged"><h2>需关注的标记({len(flagged)} 项)</h2>
<table><tr><th>任务</th><th>指标</th><th>状态</th><th>标记</th><th>完成情况数字</th><th>说明</th></tr>{flag_rows}</table></section>
<section id="validation"><h2>数据校验</h2>
<p>校验的是本流程自身的约束:状态和标记取值、达标/未达标行有数值、单位一致、每个数字的位置指向原文、任务数不丢失。</p>
<table><tr><th>表</th><th>检查</th><th>列</th><th>结果</th><th>未通过的行</th></tr>{check_rows}</table></section>
</main><script>{SCRIPT}</script></body></html>
"""
