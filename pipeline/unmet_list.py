"""unmet.md: the targets that are not met, for people, grouped by lead unit, quoting both texts."""

from __future__ import annotations

import pandas as pd

from .contract import STATUS_LABELS


def _figure(text, start) -> str:
    return f"「{text}」(字符 {start})" if isinstance(text, str) and text else "—"


def unmet_markdown(unmet_rows: pd.DataFrame) -> str:
    lines = ["# 未达标及无法判定的目标", "",
             f"共 {len(unmet_rows)} 项。每项引用原文中的目标与完成情况,括号内为在单元格中的字符位置。", ""]
    groups: dict[str, list] = {}
    for row in unmet_rows.itertuples(index=False):
        for unit in (row.lead_units or "(未列牵头单位)").split(";"):
            groups.setdefault(unit, []).append(row)
    for unit, rows in groups.items():
        lines += [f"## {unit}", ""]
        for row in rows:
            attainment = "" if row.attainment is None or pd.isna(row.attainment) else (
                f",完成度 {float(row.attainment):.1%}")
            lines.append(f"- **{row.doc_id} 第{row.task_id}项 · {row.metric}** — "
                         f"{STATUS_LABELS[row.status]}{attainment}")
            lines.append(f"  - 目标:{_figure(row.target_text, row.target_start)}")
            period = "" if row.period in (None, "full_year") or pd.isna(row.period) else f"({row.period})"
            lines.append(f"  - 完成:{_figure(row.actual_text, row.actual_start)}{period}")
            if isinstance(row.note, str) and row.note:
                lines.append(f"  - 说明:{row.note}")
            if isinstance(row.flags, str) and row.flags:
                lines.append(f"  - 标记:{row.flags}")
        lines.append("")
    return "\n".join(lines)
