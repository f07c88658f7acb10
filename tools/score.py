"""Development scorer: the generic engine against hand-checked labels (data/dev/gold.csv).

Reports per document and overall: target recall, precision (share of extracted targets that match
a label), value correctness and status agreement; and, for the bundled report, how far the generic
engine is from the reviewed rule file. Run with `make score`.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from pipeline.cli import main as cli
from pipeline.write import read_csv

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "data" / "dev"


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text not in ("", None) else None
    except InvalidOperation:
        return None


def _same(a: str, b: str) -> bool:
    x, y = _number(a), _number(b)
    return x == y if x is not None or y is not None else True


def match(gold: pd.DataFrame, predicted: pd.DataFrame) -> list[tuple[int, int]]:
    """Pairs (gold row, predicted row): same unit of the report, overlapping target text."""
    pairs, used = [], set()
    for gi, g in gold.iterrows():
        candidates = [
            (int(_same(g.target_value, p.target_value)), pi) for pi, p in predicted.iterrows()
            if pi not in used and p.task_id == g.task_ref and p.target_text
            and (p.target_text in g.target_text or g.target_text in p.target_text)]
        if candidates:
            _, best = max(candidates)
            used.add(best)
            pairs.append((gi, best))
    return pairs


def score(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict:
    pairs = match(gold, predicted)
    values = sum(_same(gold.loc[g, "target_value"], predicted.loc[p, "target_value"])
                 and _same(gold.loc[g, "actual_value"], predicted.loc[p, "actual_value"])
                 for g, p in pairs)
    statuses = sum(gold.loc[g, "status"] == predicted.loc[p, "status"] for g, p in pairs)
    n = len(pairs)
    return dict(labels=len(gold), extracted=len(predicted), matched=n,
                recall=n / len(gold) if len(gold) else 1.0,
                precision=n / len(predicted) if len(predicted) else float("nan"),
                values=values / n if n else 0.0, status=statuses / n if n else 0.0)


def _run(raw: Path, out: Path, *extra: str) -> pd.DataFrame:
    cli(["extract", "--raw", str(raw), "--out", str(out), *extra])
    return read_csv(out / "metrics.csv")


def main() -> None:
    gold = pd.read_csv(DEV / "gold.csv", dtype=str, keep_default_na=False)
    gold["doc_id"] = gold["doc"].str.removesuffix(".txt")
    with tempfile.TemporaryDirectory() as tmp:
        predicted = _run(DEV / "raw", Path(tmp) / "dev", "--no-report-rules")
        generic = _run(ROOT / "data" / "raw", Path(tmp) / "generic", "--no-report-rules")
        reviewed = _run(ROOT / "data" / "raw", Path(tmp) / "reviewed")
    rows = []
    for doc_id, labels in gold.groupby("doc_id", sort=True):
        mine = predicted[predicted.doc_id == doc_id].reset_index(drop=True)
        rows.append(dict(doc=doc_id, **score(labels.reset_index(drop=True), mine)))
    table = pd.DataFrame(rows)
    overall = score(gold.reset_index(drop=True), predicted.reset_index(drop=True))
    pd.set_option("display.width", 160)
    print("generic mode on the dev reports (no rule files):")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    print(f"mean per document: recall {table.recall.mean():.2f}, precision {table.precision.mean():.2f}, "
          f"values {table['values'].mean():.2f}, status {table.status.mean():.2f}")
    print(f"pooled: recall {overall['recall']:.2f}, precision {overall['precision']:.2f}, "
          f"values {overall['values']:.2f}, status {overall['status']:.2f}")
    key = ["doc_id", "task_id", "target_text", "metric"]
    both = generic.merge(reviewed, on=key, how="outer", suffixes=("_generic", "_reviewed"),
                         indicator=True)
    common = both[both["_merge"] == "both"]
    agree = (common.status_generic == common.status_reviewed).mean() if len(common) else 0.0
    print(f"bundled report, generic vs reviewed: {len(generic)} vs {len(reviewed)} targets; "
          f"{len(common)} in both; status agreement {agree:.2f}; "
          f"generic statuses {generic.status.value_counts().to_dict()}; "
          f"reviewed statuses {reviewed.status.value_counts().to_dict()}")
    print("confidence calibration (share of generic pairings that the reference confirms):")
    for name, pairs in (("dev labels", _dev_pairs(gold, predicted)),
                        ("bundled, reviewed", _bundled_pairs(generic, reviewed))):
        print(f"  {name}: " + calibration(pairs))
    sys.stdout.flush()


BUCKETS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))


def calibration(pairs: list[tuple[float, bool]]) -> str:
    """Accuracy per confidence bucket: a calibrated engine is right more often when surer."""
    parts = []
    for low, high in BUCKETS:
        inside = [ok for confidence, ok in pairs if low <= confidence < high]
        share = f"{sum(inside) / len(inside):.2f}" if inside else "—"
        parts.append(f"[{low:.1f},{min(high, 1.0):.1f}) {share} of {len(inside)}")
    return "; ".join(parts)


def _dev_pairs(gold: pd.DataFrame, predicted: pd.DataFrame) -> list[tuple[float, bool]]:
    out = []
    for doc_id, labels in gold.groupby("doc_id"):
        mine = predicted[predicted.doc_id == doc_id].reset_index(drop=True)
        labels = labels.reset_index(drop=True)
        for g, p in match(labels, mine):
            ok = _same(labels.loc[g, "actual_value"], mine.loc[p, "actual_value"]) and (
                labels.loc[g, "status"] == mine.loc[p, "status"])
            out.append((float(mine.loc[p, "confidence"]), bool(ok)))
    return out


def _bundled_pairs(generic: pd.DataFrame, reviewed: pd.DataFrame) -> list[tuple[float, bool]]:
    key = ["doc_id", "task_id", "target_text", "metric"]
    both = generic.merge(reviewed, on=key, how="left", suffixes=("", "_reviewed"))
    return [(float(r.confidence), r.actual_text == r.actual_text_reviewed
             and r.status == r.status_reviewed) for r in both.itertuples()]


if __name__ == "__main__":
    main()
