"""Plain rows -> the contract's output tables, in the contract's column order and row order."""

from __future__ import annotations

import pandas as pd

METRICS = ["doc_id", "task_id", "lead_units", "metric", "target_text", "target_start",
           "target_end", "comparator", "kind", "target_value", "unit", "actual_text",
           "actual_start", "actual_end", "actual_value", "period", "attainment", "status",
           "source", "flags", "confidence", "actual_unit", "period_months", "pro_rata_target",
           "note", "target_upper"]
TASKS = ["doc_id", "task_id", "lead_units", "target_cell", "actual_cell", "n_targets", "n_met",
         "n_missed", "n_other", "flags"]
SKIPPED = ["doc_id", "task_id", "text", "start", "end", "reason"]
UNASSIGNED = ["doc_id", "line", "text", "reason"]
DOCUMENTS = ["doc_id", "title", "year", "period", "layout", "tasks", "targets", "n_met",
             "n_missed", "n_not_reported", "n_partial_period", "n_not_comparable",
             "n_unparseable", "flags"]
NUMERIC = {"target_start", "target_end", "target_value", "actual_start", "actual_end",
           "actual_value", "attainment", "confidence", "period_months", "pro_rata_target",
           "target_upper", "n_targets", "n_met", "n_missed", "n_other", "start", "end", "line",
           "tasks", "targets", "n_not_reported", "n_partial_period", "n_not_comparable",
           "n_unparseable"}
STATUSES = ["met", "missed", "not_reported", "partial_period", "not_comparable", "unparseable"]
STATUS_LABELS = {"met": "达标", "missed": "未达标", "not_reported": "未报告数据",
                 "partial_period": "期中未达", "not_comparable": "口径不一", "unparseable": "无法解析"}


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns, dtype=object)


def unmet(metrics: pd.DataFrame) -> pd.DataFrame:
    """missed (lowest attainment first, blanks last), then partial_period behind, then the rest."""
    rows = metrics[metrics["status"] != "met"].copy()
    flags = rows["flags"].fillna("").str.split(";")
    missed = rows["status"] == "missed"
    behind = (rows["status"] == "partial_period") & flags.map(lambda f: "behind" in f)
    attainment = pd.to_numeric(rows["attainment"].map(
        lambda v: None if v is None or pd.isna(v) else float(v)), errors="coerce")
    rows["_group"] = 2
    rows.loc[behind, "_group"] = 1
    rows.loc[missed, "_group"] = 0
    rows["_blank"] = missed & attainment.isna()
    rows["_attainment"] = attainment.where(missed, 0.0).fillna(0.0)
    rows["_row"] = range(len(rows))
    ordered = rows.sort_values(["_group", "_blank", "_attainment", "_row"], kind="stable")
    return ordered[METRICS].reset_index(drop=True)


def _figure(text, start) -> str:
    return f"「{text}」(字符 {start})" if isinstance(text, str) and text else "—"


def unmet_markdown(unmet_rows: pd.DataFrame) -> str:
    """The unmet list for people: grouped by lead unit, quoting target and actual text."""
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
