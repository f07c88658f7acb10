"""Output records -> the contract's tables: DataFrames in column order, the unmet list's order,
and counts per lead unit."""

from __future__ import annotations

import pandas as pd

from .contract import METRICS, STATUSES, columns


def frame(records: list, record_type: type) -> pd.DataFrame:
    """Records of one type (field order = column order) as a table of objects."""
    names = columns(record_type)
    return pd.DataFrame([list(vars(r).values()) for r in records], columns=names, dtype=object)


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


def by_lead_unit(metrics: pd.DataFrame) -> pd.DataFrame:
    """Counts per status for each lead unit; a target counts once for each of its lead units."""
    rows: dict[str, dict[str, int]] = {}
    for units, status in zip(metrics["lead_units"], metrics["status"], strict=True):
        for unit in (units or "").split(";") or [""]:
            counts = rows.setdefault(unit or "(未列)", dict.fromkeys(STATUSES, 0))
            counts[status] += 1
    table = pd.DataFrame([{"lead_unit": unit, "targets": sum(c.values()), **c}
                          for unit, c in rows.items()])
    if table.empty:
        return pd.DataFrame(columns=["lead_unit", "targets", *STATUSES])
    return table.sort_values(["missed", "targets"], ascending=False).reset_index(drop=True)
