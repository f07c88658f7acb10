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


def test_a_renamed_copy_finds_its_rule_file_by_content(tmp_path, capsys):
    """The bundled rule file carries the report's fingerprint: a copy under another name gets
    the same reviewed results, and stderr says which file was applied and how it was found."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(REPORT, raw / "余杭-副本.txt")
    assert main(["extract", "--raw", str(raw), "--out", str(tmp_path / "copy")]) == 0
    err = capsys.readouterr().err
    assert (f"info: {raw / '余杭-副本.txt'}: rule file rules/yuhang-2023-key-tasks.yaml applied, "
            "found by the report's content fingerprint") in err
    assert main(["extract", "--out", str(tmp_path / "named")]) == 0
    assert "found by its name" in capsys.readouterr().err
    copy, named = (read_csv(tmp_path / d / "metrics.csv") for d in ("copy", "named"))
    assert (copy.source == "rule").sum() == (named.source == "rule").sum() > 10
    assert copy.drop(columns="doc_id").equals(named.drop(columns="doc_id"))


def test_a_changed_report_does_not_match_a_fingerprint(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = REPORT.read_text(encoding="utf-8-sig").replace("200亿元", "300亿元", 1)
    (raw / "changed.txt").write_text(text, encoding="utf-8")
    assert main(["extract", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 0
    assert "rule file" not in capsys.readouterr().err
    assert set(read_csv(tmp_path / "out" / "metrics.csv").source) == {"generic"}


def test_an_empty_rule_file_is_named(tmp_path, capsys):
    rules = setup(tmp_path)
    (rules / "yuhang-2023-key-tasks.yaml").write_text("# nothing yet\n", encoding="utf-8")
    assert extract(tmp_path, rules, "out") == 0
    assert (f"warning: {rules / 'yuhang-2023-key-tasks.yaml'}: empty rule file (no entries) for "
            in capsys.readouterr().err)


def test_redrafting_keeps_a_hand_written_header_and_refreshes_the_fingerprint(tmp_path):
    rules = setup(tmp_path)
    path = rules / "yuhang-2023-key-tasks.yaml"
    assert main(["draft-rules", str(REPORT), "--rules", str(rules)]) == 0
    drafted = path.read_text(encoding="utf-8")
    digest = "9dece7b2858c74d2ca6863e2d71a575dc29a4fca00a862d3f95b9f98e770e7b0"
    assert drafted.startswith("# Rule file for yuhang-2023-key-tasks, drafted by")
    assert f"\n# content-sha256: {digest}\nentries:\n" in drafted
    body = drafted.split("entries:\n", 1)[1]
    path.write_text("# 余杭区2023年重点工作:王审核,2024年3月\n# content-sha256: " + "0" * 64
                    + "\n\nentries:\n" + body, encoding="utf-8")
    assert main(["draft-rules", str(REPORT), "--rules", str(rules)]) == 0
    assert path.read_text(encoding="utf-8") == (
        f"# 余杭区2023年重点工作:王审核,2024年3月\n# content-sha256: {digest}\nentries:\n" + body)
