"""The probe set (data/dev/probes.csv): short invented cases, one construction each, as table cells
and as prose, scored like the dev reports (recall, precision, values and status), per construction.

Run with `make score` (after the dev reports) or `python -m tools.probes [--show]`.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pandas as pd

from pipeline.compare import compare
from pipeline.engine import process_document, read_task
from pipeline.readers import TaskRow, report_from_text
from pipeline.vocabulary import load_vocabulary
from tools.score import _number, _same

ROOT = Path(__file__).resolve().parents[1]
PROBES = ROOT / "data" / "dev" / "probes.csv"


def _rows(case: pd.DataFrame, vocab) -> list[dict]:
    """The engine's rows for one case: target text, values and status."""
    first = case.iloc[0]
    if first["where"] == "cell":
        reading = read_task(TaskRow("probe", "1", 1, first.target_cell, "", first.actual_cell),
                            vocab, [])
        out = []
        for pairing in reading.pairings:
            outcome = compare(pairing, vocab.same_unit, vocab.notes)
            actual = pairing.actual
            out.append(dict(target_text=pairing.target.text, target_value=pairing.target.value,
                            actual_text=actual.text if actual else "",
                            actual_value=None if "ratio_only" in outcome.flags else outcome.actual_value,
                            status=outcome.status, flags=outcome.flags))
        return out
    report = report_from_text("probe", first.target_cell, vocab)
    result = process_document(report, vocab, [])
    return [dict(target_text=m.target_text, target_value=m.target_value,
                 actual_text=m.actual_text or "", actual_value=m.actual_value, status=m.status,
                 flags=(m.flags or "").split(";")) for m in result.metrics]


def _actual_right(label, row) -> bool:
    if _same(label.actual_value, row["actual_value"]):
        return True
    if "ratio_only" in row["flags"] and row["actual_text"].endswith("%"):
        ratio, target, wanted = _number(row["actual_text"][:-1]), _number(row["target_value"]), \
            _number(label.actual_value)
        if None not in (ratio, target, wanted) and wanted:
            return abs(target * ratio / 100 - wanted) <= abs(wanted) * Decimal("0.005")
    return False


def score(show: bool = False) -> pd.DataFrame:
    vocab = load_vocabulary(ROOT / "rules")
    probes = pd.read_csv(PROBES, dtype=str, keep_default_na=False)
    totals = defaultdict(lambda: defaultdict(int))
    for _, case in probes.groupby(["construction", "where", "target_cell", "actual_cell"],
                                  sort=False):
        key = (case.iloc[0].construction, case.iloc[0]["where"])
        rows = _rows(case, vocab)
        labels = case[case.target_text != ""]
        used = set()
        for label in labels.itertuples():
            found = next((i for i, r in enumerate(rows) if i not in used and (
                label.target_text in r["target_text"] or r["target_text"] in label.target_text)
                and _same(label.target_value, r["target_value"])), None)
            totals[key]["labels"] += 1
            if found is None:
                if show:
                    print(f"MISS  {key}: {label.target_text} in {case.iloc[0].target_cell[:60]}"
                          f" | {case.iloc[0].actual_cell[:60]}")
                continue
            used.add(found)
            row = rows[found]
            totals[key]["found"] += 1
            right = _actual_right(label, row) and row["status"] == label.status
            totals[key]["right"] += right
            if show and not right:
                print(f"WRONG {key}: {label.target_text} -> want {label.actual_text} "
                      f"{label.status}, got {row['actual_text']} {row['status']} "
                      f"| {case.iloc[0].target_cell[:50]} | {case.iloc[0].actual_cell[:50]}")
        totals[key]["emitted"] += len(rows)
        if show:
            for i, r in enumerate(rows):
                if i not in used:
                    print(f"EXTRA {key}: {r['target_text']} | {case.iloc[0].target_cell[:60]}")
    table = pd.DataFrame([dict(construction=c, where=w, **v) for (c, w), v in totals.items()])
    table["recall"] = table.found / table.labels.where(table.labels > 0)
    table["precision"] = table.found / table.emitted.where(table.emitted > 0)
    table["status"] = table.right / table.found.where(table.found > 0)
    return table


def main() -> None:
    table = score(show="--show" in sys.argv)
    pd.set_option("display.width", 160)
    print("probe set (invented constructions), per construction and place:")
    print(table.astype(object).fillna("—").to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    n = table[["labels", "found", "emitted", "right"]].sum()
    print(f"overall: recall {n.found / n.labels:.2f}, precision {n.found / max(n.emitted, 1):.2f}, "
          f"status of found {n.right / max(n.found, 1):.2f}")


if __name__ == "__main__":
    main()
