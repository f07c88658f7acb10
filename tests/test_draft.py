import shutil

import yaml

from pipeline.cli import main
from pipeline.draft import occurrence
from pipeline.write import read_csv

from .conftest import ROOT

REPORT = ROOT / "data" / "raw" / "yuhang-2023-key-tasks.txt"


def setup(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "vocabulary", rules / "vocabulary")
    return rules


def extract(tmp_path, rules, out, *extra):
    return main(["extract", "--raw", str(REPORT), "--out", str(tmp_path / out),
                 "--rules", str(rules), *extra])


def test_occurrence():
    assert occurrence("8%与8%", "8%", 0) == 1
    assert occurrence("8%与8%", "8%", 3) == 2


def test_unedited_draft_reproduces_generic_results(tmp_path):
    rules = setup(tmp_path)
    assert main(["draft-rules", str(REPORT), "--rules", str(rules)]) == 0
    drafted = yaml.safe_load((rules / "yuhang-2023-key-tasks.yaml").read_text(encoding="utf-8"))
    entries = drafted["entries"]
    assert all(e["reviewed"] is False for e in entries)
    assert {"task", "target", "actual", "confidence"} <= set(entries[0])
    assert extract(tmp_path, rules, "drafted") == 0
    assert extract(tmp_path, rules, "generic", "--no-report-rules") == 0
    drafted_csv = (tmp_path / "drafted" / "metrics.csv").read_bytes()
    assert drafted_csv == (tmp_path / "generic" / "metrics.csv").read_bytes()
    assert len(entries) == len(read_csv(tmp_path / "generic" / "metrics.csv"))


def test_edited_draft_overrides_and_refresh_keeps_it(tmp_path):
    rules = setup(tmp_path)
    main(["draft-rules", str(REPORT), "--rules", str(rules)])
    path = rules / "yuhang-2023-key-tasks.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(e for e in data["entries"] if e["task"] == "15")
    entry.update(status="not_comparable", note="口径不同", reviewed=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert extract(tmp_path, rules, "edited") == 0
    row = read_csv(tmp_path / "edited" / "metrics.csv").query("task_id == '15'").iloc[0]
    assert (row.status, row.source, row.note) == ("not_comparable", "rule", "口径不同")

    assert main(["draft-rules", str(REPORT), "--rules", str(rules)]) == 0
    refreshed = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
    kept = [e for e in refreshed if e["reviewed"]]
    assert kept == [entry]
    assert sum(e["task"] == "15" for e in refreshed) == 1

    assert main(["draft-rules", str(REPORT), "--rules", str(rules), "--force"]) == 0
    forced = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
    assert not any(e["reviewed"] for e in forced)


def test_invalid_existing_rule_file_exits_2(tmp_path, capsys):
    rules = setup(tmp_path)
    (rules / "yuhang-2023-key-tasks.yaml").write_text("entries: [", encoding="utf-8")
    assert main(["draft-rules", str(REPORT), "--rules", str(rules)]) == 2
    assert "invalid YAML" in capsys.readouterr().err
