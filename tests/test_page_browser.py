"""report.html in a real browser (headless Chromium; skipped where it is not installed): filtered by
each status and by one lead unit, every section shows exactly the matching targets, and the
exported CSV is metrics.csv's own lines."""

import html
import json
import re
import shutil
import subprocess
from collections import Counter

import pytest

from pipeline.cli import main
from pipeline.contract import ATTENTION_FLAGS, STATUSES
from pipeline.frames import lead_units
from pipeline.write import read_csv

from .conftest import ROOT

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed")
UNIT = "区商务局"
PROBE = """<script>
(function () {
  var out = [];
  VARIANTS.forEach(function (filters) {
    var selection = reviewPage.show(filters), counts = {};
    document.querySelectorAll('[data-count]').forEach(function (e) {
      counts[e.getAttribute('data-count')] = Number(e.textContent);
    });
    out.push({filters: filters, selection: selection,
      cards: Array.prototype.map.call(document.querySelectorAll('#cards-body .card'), function (c) {
        return [Number(c.getAttribute('data-row')), Number(c.getAttribute('data-unit'))]; }),
      flagged: document.querySelectorAll('#flagged-table > tr').length,
      counts: counts, csv: reviewPage.exportCsv()});
  });
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script></body>"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("page")
    assert main(["extract", "--raw", str(ROOT / "data" / "raw"), "--out", str(out),
                 "--rules", str(ROOT / "rules")]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>',
                                page, re.S).group(1))
    unit = next(i for i, (_, name) in enumerate(data["units"]) if name == UNIT)
    variants = [{"status": s} for s in ["", "unmet", *STATUSES]]
    variants += [{"status": "", "unit": str(unit)}, {"status": "", "q": "外资"},
                 {"status": "", "flag": "*"}, {"status": "", "source": "rule"},
                 {"status": "", "sort": "attainment"}]
    probe = PROBE.replace("VARIANTS", json.dumps(variants))
    (out / "probe.html").write_text(page.replace("</body>", probe, 1), encoding="utf-8")
    profile = tmp_path_factory.mktemp("profile")
    dom = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={profile}", "--dump-dom", (out / "probe.html").as_uri()],
        capture_output=True, text=True, timeout=120, check=True).stdout
    results = json.loads(html.unescape(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S).group(1)))
    return out, data, unit, {json.dumps(r["filters"], sort_keys=True): r for r in results}


def result(run, **filters):
    return run[3][json.dumps(filters, sort_keys=True)]


def expected_rows(metrics, keep) -> list[int]:
    return [i for i, row in enumerate(metrics.itertuples()) if keep(row)]


@pytest.mark.parametrize("status", ["", "unmet", *STATUSES])
def test_each_status_shows_exactly_its_targets_in_every_section(run, status):
    out, data, _, _ = run
    metrics = read_csv(out / "metrics.csv")
    got = result(run, status=status)
    keep = {"": lambda r: True, "unmet": lambda r: r.status != "met"}.get(
        status, lambda r: r.status == status)
    rows = expected_rows(metrics, keep)
    assert sorted(got["selection"]) == rows
    assert sorted(map(tuple, got["cards"])) == sorted((i, u) for i in rows for u in data["rowUnits"][i])
    counts = Counter(metrics.status)
    assert {s: got["counts"][f"status-{s}"] for s in STATUSES} == {s: counts[s] for s in STATUSES}
    assert got["counts"]["shown"] == len(rows) and got["counts"]["all"] == len(metrics)
    assert got["counts"].get("cards", len(rows)) == len(got["cards"])
    flagged = [i for i in rows
               if set(metrics["flags"][i].split(";")) & set(ATTENTION_FLAGS)]
    assert got["flagged"] == got["counts"]["flagged"] == len(flagged)
    for u, (_, name) in enumerate(data["units"]):
        listed = sum(name in lead_units(metrics.lead_units[i]) for i in rows)
        assert got["counts"].get(f"unit-{u}", 0) == listed, name


def test_one_lead_unit_shows_its_targets_once_each(run):
    out, _, unit, _ = run
    metrics = read_csv(out / "metrics.csv")
    got = result(run, status="", unit=str(unit))
    rows = expected_rows(metrics, lambda r: UNIT in r.lead_units.split(";"))
    assert len(rows) > 5 and sorted(got["selection"]) == rows
    assert sorted(map(tuple, got["cards"])) == [(i, unit) for i in rows]
    assert [k for k in got["counts"] if k.startswith("unit-")] == [f"unit-{unit}"]


def test_search_flag_and_source_filters(run):
    out, _, _, _ = run
    metrics = read_csv(out / "metrics.csv")
    tasks = read_csv(out / "tasks.csv").set_index("task_id")
    found = expected_rows(metrics, lambda r: any(
        "外资" in text for text in (r.metric, r.target_text, r.actual_text, r.note,
                                  tasks.target_cell[r.task_id], tasks.actual_cell[r.task_id])))
    assert len(found) > 1 and result(run, status="", q="外资")["selection"] == found
    flagged = result(run, status="", flag="*")
    assert flagged["selection"] == expected_rows(
        metrics, lambda r: bool(set(r.flags.split(";")) & set(ATTENTION_FLAGS)))
    assert result(run, status="", source="rule")["selection"] == expected_rows(
        metrics, lambda r: r.source == "rule")


def test_sorting_by_attainment_puts_the_lowest_first_within_each_unit(run):
    out, data, _, _ = run
    metrics = read_csv(out / "metrics.csv")
    cards = result(run, status="", sort="attainment")["cards"]
    for u in {u for _, u in cards}:
        values = [metrics.attainment[i] for i, unit in cards if unit == u]
        numbers = [float(v) for v in values if v]
        assert numbers == sorted(numbers) and values == [*(v for v in values if v),
                                                        *(v for v in values if not v)]


def test_export_of_the_filtered_list_is_metrics_csv_lines(run):
    out, _, _, _ = run
    written = (out / "metrics.csv").read_text(encoding="utf-8")  # the BOM is kept as \ufeff
    assert result(run, status="")["csv"] == written
    lines = written.split("\n")
    metrics = read_csv(out / "metrics.csv")
    missed = [lines[0], *(lines[i + 1] for i in expected_rows(metrics,
                                                              lambda r: r.status == "missed")), ""]
    assert result(run, status="missed")["csv"] == "\n".join(missed)
    assert "'-4%" in result(run, status="missed")["csv"]  # the formula guard, as in the CSV


def test_print_stylesheet_keeps_cards_whole_and_evidence_uncut():
    css = (ROOT / "pipeline" / "page" / "review.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print"):]
    assert ".card{break-inside:avoid" in printed and ".cell{max-height:none;overflow:visible}" in printed
    assert "#bar form" in printed and "position:static" in printed
