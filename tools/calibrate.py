"""Fit the confidence calibration (rules/vocabulary/calibration.yaml) on the hand-checked labels.

Runs the generic engine with an identity calibration on the dev reports (gold.csv and
gold-added.csv), then fits a monotone
map from the raw score to the share of pairings that are right: bins of the raw score, pooled
where a higher bin is right less often than a lower one (pool adjacent violators). Run with
`make calibrate`; `make score` prints the bands it yields.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import yaml

from tools.score import DEV, ROOT, _bundled_pairs, _dev_pairs, _labels, _run

BIN = 0.05  # width of a raw-score bin
MIN_BIN = 4  # pairings a bin needs to stand on its own before pooling


def fit(pairs: list[tuple[float, bool]]) -> list[list[float]]:
    """Knots (raw, share right) of a non-decreasing map, one per pooled bin centre."""
    bins: dict[int, list[bool]] = {}
    for raw, ok in pairs:
        bins.setdefault(min(int(raw / BIN), int(1 / BIN) - 1), []).append(ok)
    blocks = [[sum(v), len(v), (k + 0.5) * BIN] for k, v in sorted(bins.items())]
    merged: list[list[float]] = []
    for right, n, centre in blocks:  # small bins join their neighbour first
        if merged and (merged[-1][1] < MIN_BIN or n < MIN_BIN):
            r0, n0, c0 = merged.pop()
            merged.append([r0 + right, n0 + n, (c0 * n0 + centre * n) / (n0 + n)])
        else:
            merged.append([right, n, centre])
    pooled: list[list[float]] = []
    for block in merged:  # pool adjacent violators
        pooled.append(block)
        while len(pooled) > 1 and pooled[-2][0] / pooled[-2][1] > pooled[-1][0] / pooled[-1][1]:
            r1, n1, c1 = pooled.pop()
            r0, n0, c0 = pooled.pop()
            pooled.append([r0 + r1, n0 + n1, (c0 * n0 + c1 * n1) / (n0 + n1)])
    knots = [[round(c, 3), round(r / n, 3)] for r, n, c in pooled]
    return [[0.0, knots[0][1]], *knots, [1.0, knots[-1][1]]] if knots else [[0.0, 0.0], [1.0, 1.0]]


def main() -> None:
    shared, added = _labels("gold.csv"), _labels("gold-added.csv")
    labels = pd.concat([shared, added]) if len(added) else shared
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules"
        shutil.copytree(ROOT / "rules", rules)
        path = rules / "vocabulary" / "calibration.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump({**data, "knots": [[0.0, 0.0], [1.0, 1.0]]}),
                        encoding="utf-8")
        dev = _run(DEV / "raw", Path(tmp) / "dev", "--no-report-rules", "--rules", str(rules))
        generic = _run(ROOT / "data" / "raw", Path(tmp) / "generic", "--no-report-rules",
                       "--rules", str(rules))
        reviewed = _run(ROOT / "data" / "raw", Path(tmp) / "reviewed", "--rules", str(rules))
    pairs = _dev_pairs(labels, dev)  # the dev labels decide; the bundled report is a check
    knots = fit(pairs)
    bundled = _bundled_pairs(generic, reviewed)
    print(f"bundled report: {sum(ok for _, ok in bundled)} of {len(bundled)} pairings right")
    target = ROOT / "rules" / "vocabulary" / "calibration.yaml"
    text = target.read_text(encoding="utf-8")
    head = text[:text.index("knots:")]
    rest = text[text.index("knots:"):].splitlines(keepends=True)[1:]
    while rest and rest[0].startswith(" "):  # the old knots' continuation lines
        rest.pop(0)
    flow = yaml.safe_dump(knots, default_flow_style=True, width=10_000).strip()
    target.write_text(head + "knots: " + flow + "\n" + "".join(rest), encoding="utf-8")
    print(f"{len(pairs)} pairings; knots written to {target}: {knots}")


if __name__ == "__main__":
    main()
