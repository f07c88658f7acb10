"""Output records -> the contract's tables: DataFrames in column order, the unmet list's order,
counts per lead unit, and the one order of lead units that the page, the workbook and unmet.md
share.

A lead unit belongs to its report: 区科技局 in two districts' reports are two bodies, so units
are counted and listed per report. A target with several lead units counts once overall and once
under each of its units, where it is marked as shared.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pandas as pd

from .contract import LIST_SEPARATOR, PERCENT_KINDS, STATUSES, columns
from .text import ANNOTATION

UNLISTED = "(未列牵头单位)"
COMPARED = ("met", "missed", "partial_period")  # statuses where a figure was compared
PROSE_UNIT = re.compile(r"s(\d+)$")  # the contract's s<N>: N-th sentence
NESTED_ID = re.compile(r"([ts])(\d+)_(.+)$")  # t<table>_<id>, s<sheet>_<id>
UNLISTED_NOTE = ("任务未写明牵头单位(如文字报告、无牵头单位列的表格,或该单元格为空)的目标归入此组。")


def frame(records: list, record_type: type) -> pd.DataFrame:
    """Records of one type (field order = column order) as a table of objects."""
    names = columns(record_type)
    return pd.DataFrame([list(vars(r).values()) for r in records], columns=names, dtype=object)


def unmet_order(metrics: pd.DataFrame) -> list[int]:
    """Positions of the rows that are not met, in unmet.csv's order: missed (lowest attainment
    first, blanks last), then partial_period behind, then the rest in row order."""
    rows = pd.DataFrame({"status": metrics["status"].to_numpy(),
                         "flags": metrics["flags"].fillna("").to_numpy(),
                         "attainment": metrics["attainment"].to_numpy(),
                         "_row": range(len(metrics))})
    rows = rows[rows["status"] != "met"].copy()
    flags = rows["flags"].str.split(";")
    missed = rows["status"] == "missed"
    behind = (rows["status"] == "partial_period") & flags.map(lambda f: "behind" in f)
    attainment = pd.to_numeric(rows["attainment"].map(
        lambda v: None if v is None or pd.isna(v) else float(v)), errors="coerce")
    rows["_group"] = 2
    rows.loc[behind, "_group"] = 1
    rows.loc[missed, "_group"] = 0
    rows["_blank"] = missed & attainment.isna()
    rows["_attainment"] = attainment.where(missed, 0.0).fillna(0.0)
    ordered = rows.sort_values(["_group", "_blank", "_attainment", "_row"], kind="stable")
    return ordered["_row"].tolist()


def unmet(metrics: pd.DataFrame) -> pd.DataFrame:
    """The rows that are not met, in unmet.csv's order (unmet_order)."""
    return metrics.iloc[unmet_order(metrics)].reset_index(drop=True)


def unit_name(name: str) -> str:
    """A lead unit as people read it: pinyin glosses dropped, blanks trimmed, empty → unlisted.

    >>> unit_name("區發(fā)改局"), unit_name(" "), unit_name("区科技局")
    ('區發改局', '(未列牵头单位)', '区科技局')
    """
    name = ANNOTATION.sub("", name or "").strip()
    return name or UNLISTED


def lead_units(cell) -> list[str]:
    """The lead units of one metrics row, as people read them, in the row's order."""
    text = cell if isinstance(cell, str) else ""
    return list(dict.fromkeys(unit_name(u) for u in text.split(LIST_SEPARATOR))) or [UNLISTED]


def by_lead_unit(metrics: pd.DataFrame) -> pd.DataFrame:
    """Per report and lead unit: targets, how many of them are shared with another unit, and
    counts per status. Reports in output order; within one, most missed first, then most targets.
    """
    rows: dict[tuple[str, str], dict[str, int]] = {}
    for doc, cell, status in zip(metrics["doc_id"], metrics["lead_units"], metrics["status"],
                                 strict=True):
        units = lead_units(cell)
        for unit in units:
            counts = rows.setdefault((doc, unit), {"targets": 0, "shared": 0,
                                                   **dict.fromkeys(STATUSES, 0)})
            counts["targets"] += 1
            counts["shared"] += len(units) > 1
            counts[status] += 1
    names = ["doc_id", "lead_unit", "targets", "shared", *STATUSES]
    if not rows:
        return pd.DataFrame(columns=names)
    documents = list(dict.fromkeys(metrics["doc_id"]))
    table = pd.DataFrame([{"doc_id": doc, "lead_unit": unit, **c} for (doc, unit), c in rows.items()],
                         columns=names)
    table["_doc"] = table["doc_id"].map(documents.index)
    table = table.sort_values(["_doc", "missed", "targets"], ascending=[True, False, False],
                              kind="stable")
    return table[names].reset_index(drop=True)


def grouped(rows: pd.DataFrame, order: pd.DataFrame) -> list[tuple[str, str, list]]:
    """rows (metrics columns) under each of their lead units, in the order of `order`
    (by_lead_unit's rows): [(doc_id, unit, [row, …]), …], groups without rows left out."""
    groups: dict[tuple[str, str], list] = {key: [] for key in zip(order["doc_id"],
                                                                  order["lead_unit"], strict=True)}
    for row in rows.itertuples(index=False):
        for unit in lead_units(row.lead_units):
            groups.setdefault((row.doc_id, unit), []).append(row)
    return [(doc, unit, items) for (doc, unit), items in groups.items() if items]


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def gap_points(row) -> Decimal | None:
    """actual − target in percentage points for a %-kind target (6.5% target, −4% actual:
    −10.5), from the row's own `gap_points` where metrics.csv has that column.

    >>> from types import SimpleNamespace as R
    >>> gap_points(R(kind="growth_rate", status="missed", target_value="6.5", actual_value="-4"))
    Decimal('-10.5')
    >>> gap_points(R(kind="amount", status="missed", target_value="200", actual_value="180"))
    >>> gap_points(R(kind="rate", status="not_comparable", target_value="50", actual_value="49"))
    """
    if hasattr(row, "gap_points"):
        return _decimal(row.gap_points)
    if row.kind not in PERCENT_KINDS or row.status not in COMPARED:
        return None  # like attainment: no gap between unlike figures
    target, actual = _decimal(row.target_value), _decimal(row.actual_value)
    if target is None or actual is None:
        return None
    return actual - target


def with_gap_points(metrics: pd.DataFrame) -> pd.DataFrame:
    """The metrics table with a `gap_points` column (computed where the engine wrote none)."""
    if "gap_points" in metrics.columns:
        return metrics
    out = metrics.copy()
    out["gap_points"] = [gap_points(r) for r in metrics.itertuples(index=False)]
    return out



def task_label(task_id, layout) -> str:
    """A task as people name it: prose units are sentences, later tables and sheets say which.

    >>> task_label("25", "pipe"), task_label("s7", "prose"), task_label("t2_1", "pipe")
    ('第25项', '第7句', '表2第1项')
    >>> task_label("s3_4", "xlsx")
    '工作表3第4项'
    """
    task = str(task_id)
    layouts = str(layout or "").split(";")
    if "prose" in layouts and (sentence := PROSE_UNIT.match(task)):
        return f"第{sentence.group(1)}句"
    if nested := NESTED_ID.match(task):
        where = "表" if nested.group(1) == "t" else "工作表"
        return f"{where}{nested.group(2)}第{nested.group(3)}项"
    return f"第{task}项"
