"""unmet.md: the targets that are not met, for people: by report, then by lead unit in the page's
order, quoting target and actual as written.

Every value copied from a report (cell text, unit names, titles, file names, notes) is either
escaped or, where the raw text is quoted, put in a code span, and never contains a line break:
a lead-unit cell holding `<script>` or `[x](javascript:…)`, or a file name with a newline and
`## `, must stay text and cannot start a line of its own.
"""

from __future__ import annotations

import re

import pandas as pd

from .contract import label
from .frames import UNLISTED, UNLISTED_NOTE, by_lead_unit, gap_points, grouped, lead_units

# ASCII punctuation that means something to Markdown or HTML inside a line (emphasis, links,
# images, autolinks, entities, tags, code, tables, strikethrough): each gets a backslash. Marks
# that only count at the start of a line (-, +, 1.) need none: no copied value starts a line.
MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#!|~&:@])")  # ( ) make a link only after [ ]
WWW = re.compile(r"(?i)(www)\.")  # an extended autolink without a scheme
LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def escape(value) -> str:
    r"""Text that Markdown and HTML show as written, on one line.

    >>> print(escape("<b>[x](javascript:y)\n## z"))
    \<b\>\[x\](javascript\:y) \#\# z
    """
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    text = CONTROL.sub("\ufffd", LINE_BREAKS.sub(" ", text))
    return WWW.sub(r"\1\\.", MARKDOWN.sub(r"\\\1", text))


def code(value) -> str:
    """Raw text in a code span: nothing inside is markup; line breaks show as ↵.

    >>> code("a`b"), code("`x"), code("1\\n## 2")
    ('``a`b``', '`` `x ``', '`1↵## 2`')
    """
    text = CONTROL.sub("\ufffd", LINE_BREAKS.sub("↵", "" if value is None else str(value)))
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value != ""


def _figure(text, start, period=None) -> str:
    if not _filled(text):
        return "—"
    where = f"第 {int(start) + 1} 个字符起"
    if _filled(period):
        where += f",统计期 {escape(label('period', period))}"
    return f"{code(text)}({where})"


def _percent(value) -> str:
    return f"{float(value):.1%}" if _filled(value) else ""


def _points(value) -> str:
    return f"{value.normalize():+f} 个百分点" if value is not None else ""


def _item(row, shared: bool) -> list[str]:
    status = label("status", row.status)
    gap = gap_points(row)
    if gap is not None:
        status += f",差距 {_points(gap)}"
    elif _filled(row.attainment):
        status += f",完成度 {_percent(row.attainment)}"
    source = label("source", row.source)
    head = (f"- **第{escape(row.task_id)}项 · {escape(row.metric)}** — {status}"
            f"(置信度 {float(row.confidence):.2f},{source})")
    lines = [head]
    if shared:
        units = "、".join(lead_units(row.lead_units))
        lines.append(f"  - 共同牵头:{escape(units)}(在每个牵头单位下各列一次)")
    lines.append(f"  - 目标:{_figure(row.target_text, row.target_start)}")
    lines.append(f"  - 完成:{_figure(row.actual_text, row.actual_start, row.period)}")
    if _filled(row.note):
        lines.append(f"  - 说明:{escape(row.note)}")
    if _filled(row.flags):
        lines.append(f"  - 标记:{escape(label('flags', row.flags))}")
    return lines


def unmet_markdown(unmet_rows: pd.DataFrame, metrics: pd.DataFrame,
                   documents: pd.DataFrame) -> str:
    """unmet_rows in unmet.csv's order; metrics for the lead-unit order (the page's);
    documents for the reports' titles."""
    titles = {d: t for d, t in zip(documents["doc_id"], documents["title"], strict=True)
              if _filled(t)}
    listed = sum(len(lead_units(u)) for u in unmet_rows["lead_units"])
    shared = sum(len(lead_units(u)) > 1 for u in unmet_rows["lead_units"])
    lines = ["# 未达标及无法判定的目标", "",
             f"共 {len(unmet_rows)} 项目标未达标或无法判定(不含达标的 "
             f"{int((metrics['status'] == 'met').sum())} 项,全部目标 {len(metrics)} 项)。"
             + (f"其中 {shared} 项由多个单位共同牵头,在每个牵头单位下各列一次,"
                f"故下列条目共 {listed} 条。" if shared else ""),
             "每项引用原文中的目标与完成情况;括号内为该数字在单元格中的位置,从第 1 个字符数起。",
             ""]
    current = None
    for doc, unit, rows in grouped(unmet_rows, by_lead_unit(metrics)):
        if doc != current:
            lines += [f"## {escape(titles.get(doc, doc))}", ""]
            if doc in titles:
                lines += [f"报告文件:{code(doc)}", ""]
            current = doc
        missed = sum(r.status == "missed" for r in rows)
        lines += [f"### {escape(unit)}(未达标 {missed} 项,共 {len(rows)} 项需关注)", ""]
        if unit == UNLISTED:
            lines += [UNLISTED_NOTE, ""]
        for row in rows:
            lines += _item(row, len(lead_units(row.lead_units)) > 1)
        lines.append("")
    return "\n".join(lines)
