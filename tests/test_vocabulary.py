"""Every vocabulary file is checked on load: a misspelt key, a wrong type or a word listed twice
stops the run with exit 2 and the file and line, never turning a rule off in silence."""

import shutil

import pytest

from pipeline.cli import main

from .conftest import ROOT

VOCABULARY = ROOT / "rules" / "vocabulary"


@pytest.fixture
def rules(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(VOCABULARY, target / "vocabulary")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "doc.txt").write_text("1 | 新增企业5家。 | 区科技局 | 新增企业6家。 |\n", encoding="utf-8")
    return target


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


# (file, text to replace, replacement, message, the line named is the replacement's)
BROKEN = [
    ("words.yaml", "part_words:", "part_word:", "unknown key 'part_word' (did you mean 'part_words'?)"),
    ("words.yaml", "hedged: [", "hedges: [", "unknown key 'hedges'"),
    ("words.yaml", "  达到: \">=\"", "  达到: \"at least\"", "bounds_before.达到: 'at least' is not one of"),
    ("words.yaml", "part_words: [其中]", "part_words: [其中, 其中]", "part_words: '其中' is listed twice"),
    ("words.yaml", "level_words: [", "level_words: 5\nold_level_words: [", "level_words: expected a list"),
    ("words.yaml", "  - '由(?P<unit>", "  - '由(?P<who>", "needs a group (?P<unit>"),
    ("words.yaml", "  history: [集中展示]", "  histories: [集中展示]", "key: 'histories' is not one of"),
    ("units.yaml", "multipliers:", "multiplier:", "unknown key 'multiplier' (did you mean 'multipliers'?)"),
    ("units.yaml", "  万: 10000", "  万: 一万", "multipliers.万: expected a whole number"),
    ("units.yaml", "  元: 元\n", "  元: 元\n  元: 美元\n", "key '元' given twice"),
    ("lead_units.yaml", "units:", "unit:", "unknown key 'unit'"),
    ("lead_units.yaml", "  区科技局: []", "  区科技局: 区科技局", "区科技局: expected a list or nothing"),
]


@pytest.mark.parametrize("name,old,new,message", BROKEN, ids=[f"{b[0]}:{b[2][:14]}" for b in BROKEN])
def test_a_broken_vocabulary_file_stops_the_run(tmp_path, rules, capsys, name, old, new, message):
    path = rules / "vocabulary" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    code = main(["extract", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out"),
                 "--rules", str(rules)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    first_changed = line_of(changed, new)
    named = int(err.split(f"{name}:", 1)[1].split(":", 1)[0])
    assert first_changed <= named <= first_changed + new.count("\n"), err
    assert message in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text,message", [
    ("a: &x [1]\nb: *x\n", "anchors (&name) are not allowed"),
    ("a: !!python/object:os.system []\n", "tags (tag:yaml.org,2002:python/object:os.system)"),
    ("a: [1\n", "invalid YAML"),
    ("a: " + "[" * 50 + "]" * 50 + "\n", "nested more than 20 levels deep"),
])
def test_only_plain_yaml_is_read(tmp_path, rules, capsys, text, message):
    (rules / "vocabulary" / "words.yaml").write_text(text, encoding="utf-8")
    assert main(["extract", "--raw", str(tmp_path / "raw"), "--rules", str(rules),
                 "--out", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err


def test_a_vocabulary_file_that_is_not_utf8_is_named(tmp_path, rules, capsys):
    path = rules / "vocabulary" / "lead_units.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert main(["extract", "--raw", str(tmp_path / "raw"), "--rules", str(rules),
                 "--out", str(tmp_path / "out")]) == 2
    assert "lead_units.yaml:2: not UTF-8 text" in capsys.readouterr().err


def test_a_broken_unit_definition_is_named(tmp_path, rules, capsys):
    path = rules / "vocabulary" / "units.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n= 3\n", encoding="utf-8")
    assert main(["extract", "--raw", str(tmp_path / "raw"), "--rules", str(rules),
                 "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    lines = path.read_text(encoding="utf-8").count("\n")
    assert f"units.txt:{lines}: pint cannot load the definitions" in err and err.count("\n") == 1


def test_the_shipped_vocabulary_loads(vocab):
    assert vocab.multipliers["亿"] == 10**8 and "分别" in vocab.respectively_words
