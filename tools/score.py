"""Development scorer: the generic engine against hand-checked labels (data/dev/gold.csv).

Per document and on average: recall (labels found), precision (emitted rows that match a label),
values (target and actual right, of found) and status (of found); the calibration of the
engine's confidence; and, for the bundled report, how far the generic engine is from the reviewed
rule file. Labels added to the shared set (`gold-added.csv`) are scored in a section of their own.
Run with `make score`.
"""

from __future__ import annotations

import re
import sys
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from pipeline.cli import main as cli
from pipeline.write import read_csv

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "data" / "dev"
RATIO_TOLERANCE = Decimal("0.005")  # target × stated ratio against the label's actual (±0.5%)
PROSE_REF = re.compile(r"s\d+")  # a prose label matches whatever sentence number the engine gave


def _number(text) -> Decimal | None:
    try:
        return Decimal(str(text)) if text not in ("", None) else None
    except InvalidOperation:
        return None


def _same(a, b) -> bool:
    x, y = _number(a), _number(b)
    return x == y if x is not None or y is not None else True


def _overlap(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


def match(gold: pd.DataFrame, predicted: pd.DataFrame) -> list[tuple[int, int]]:
    """Pairs (gold row, predicted row) within one document: overlapping target text, and the same
    task where the label's task is one the engine emitted; a prose label (sN), or one whose task
    the engine numbered otherwise, matches any row with the same target value and text."""
    pairs, used = [], set()
    ids = set(predicted["task_id"])
    for gi, g in gold.iterrows():
        same_task = g.task_ref in ids and not PROSE_REF.fullmatch(g.task_ref)
        candidates = []
        for pi, p in predicted.iterrows():
            if pi in used or not _overlap(p.target_text, g.target_text):
                continue
            if same_task and p.task_id != g.task_ref:
                continue
            if not same_task and not _same(g.target_value, p.target_value):
                continue
            candidates.append((int(_same(g.target_value, p.target_value)), -pi, pi))
        if candidates:
            best = max(candidates)[2]
            used.add(best)
            pairs.append((gi, best))
    return pairs


def actual_right(g, p) -> bool:
    """The label's actual value, or (for a ratio-only row) target × ratio within ±0.5%."""
    if _same(g.actual_value, p.actual_value):
        return True
    flags = str(p["flags"] or "").split(";")
    ratio, target, wanted = _number(p.actual_text.rstrip("%") if isinstance(p.actual_text, str)
                                    and p.actual_text.endswith("%") else None), \
        _number(p.target_value), _number(g.actual_value)
    if "ratio_only" not in flags or None in (ratio, target, wanted) or wanted == 0:
        return False
    return abs(target * ratio / 100 - wanted) <= abs(wanted) * RATIO_TOLERANCE


def score(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict:
    pairs = match(gold, predicted)
    values = sum(_same(gold.loc[g, "target_value"], predicted.loc[p, "target_value"])
                 and actual_right(gold.loc[g], predicted.loc[p]) for g, p in pairs)
    statuses = sum(gold.loc[g, "status"] == predicted.loc[p, "status"] for g, p in pairs)
    n = len(pairs)
    return dict(labels=len(gold), extracted=len(predicted), matched=n,
                recall=n / len(gold) if len(gold) else 1.0,
                precision=n / len(predicted) if len(predicted) else (1.0 if not len(gold) else 0.0),
                values=values / n if n else 0.0, status=statuses / n if n else 0.0)


def _run(raw: Path, out: Path, *extra: str) -> pd.DataFrame:
    cli(["extract", "--raw", str(raw), "--out", str(out), *extra])
    return read_csv(out / "metrics.csv")


def _labels(name: str) -> pd.DataFrame:
    path = DEV / name
    if not path.exists():
        return pd.DataFrame()
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    gold["doc_id"] = gold["doc"].str.removesuffix(".txt")
    return gold


def table(gold: pd.DataFrame, predicted: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for doc_id, labels in gold.groupby("doc_id", sort=True):
        mine = predicted[predicted.doc_id == doc_id].reset_index(drop=True)
        rows.append(dict(doc=doc_id, **score(labels.reset_index(drop=True), mine)))
    return pd.DataFrame(rows)


def _print_table(title: str, scores: pd.DataFrame) -> None:
    print(title)
    print(scores.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    print(f"mean per document: recall {scores.recall.mean():.2f}, precision "
          f"{scores.precision.mean():.2f}, values {scores['values'].mean():.2f}, status "
          f"{scores.status.mean():.2f}")


def main() -> None:
    shared, added = _labels("gold.csv"), _labels("gold-added.csv")
    with tempfile.TemporaryDirectory() as tmp:
        predicted = _run(DEV / "raw", Path(tmp) / "dev", "--no-report-rules")
        generic = _run(ROOT / "data" / "raw", Path(tmp) / "generic", "--no-report-rules")
        reviewed = _run(ROOT / "data" / "raw", Path(tmp) / "reviewed")
    pd.set_option("display.width", 160)
    _print_table("generic mode on the shared dev reports (no rule files):", table(shared, predicted))
    if len(added):
        _print_table("\ngeneric mode on the reports added to the dev set:", table(added, predicted))
    key = ["doc_id", "task_id", "target_text", "metric"]
    both = generic.merge(reviewed, on=key, how="outer", suffixes=("_generic", "_reviewed"),
                         indicator=True)
    common = both[both["_merge"] == "both"]
    agree = (common.status_generic == common.status_reviewed).mean() if len(common) else 0.0
    false_missed = common[(common.status_generic == "missed") & (common.status_reviewed != "missed")]
    unflagged = false_missed[~false_missed.flags_generic.fillna("").str.split(";").map(
        lambda f: "review" in f)]
    print(f"\nbundled report, generic vs reviewed: {len(generic)} vs {len(reviewed)} targets; "
          f"{len(common)} in both; status agreement {agree:.2f}; missed where the reviewed run "
          f"is not: {len(false_missed)} ({len(unflagged)} without `review`)")
    print(f"  generic statuses {generic.status.value_counts().to_dict()}")
    print(f"  reviewed statuses {reviewed.status.value_counts().to_dict()}")
    labelled = pd.concat([shared, added]) if len(added) else shared
    print("\nconfidence calibration on the dev labels (pairings the labels confirm, per band):")
    print(calibration(_dev_pairs(labelled, predicted)))
    print("bundled report against its reviewed rule file:")
    print(calibration(_bundled_pairs(generic, reviewed)))
    sys.stdout.flush()


BANDS = tuple((round(low / 10, 1), round(low / 10 + 0.1, 1)) for low in range(0, 10))


def calibration(pairs: list[tuple[float, bool]]) -> str:
    """Per band: pairings, mean stated confidence, share right. Calibrated: the two agree."""
    lines = ["  band        n  stated  right"]
    for low, high in BANDS:
        inside = [(c, ok) for c, ok in pairs if low <= c < high or (high == 1.0 and c == 1.0)]
        if not inside:
            continue
        stated = sum(c for c, _ in inside) / len(inside)
        right = sum(ok for _, ok in inside) / len(inside)
        mark = "" if len(inside) < 10 or abs(stated - right) <= 0.10 else "  <- off by more than 0.10"
        lines.append(f"  [{low:.1f},{high:.1f}) {len(inside):4d}  {stated:6.2f}  {right:5.2f}{mark}")
    return "\n".join(lines)


def _dev_pairs(gold: pd.DataFrame, predicted: pd.DataFrame) -> list[tuple[float, bool]]:
    out = []
    for doc_id, labels in gold.groupby("doc_id"):
        mine = predicted[predicted.doc_id == doc_id].reset_index(drop=True)
        labels = labels.reset_index(drop=True)
        for g, p in match(labels, mine):
            ok = actual_right(labels.loc[g], mine.loc[p]) and (
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
