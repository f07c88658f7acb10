"""Per-report rule files (rules/<doc_id>.yaml): load, check, and apply reviewed entries.

An entry is keyed by task id, the target's text and its occurrence in the cell (plus `subject`
where one text yields several targets), never by offsets, so it survives re-extraction. A
reviewed entry that no longer finds its task or text stops the run: a stale correction must
not pass silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import regex

from .checked_yaml import Either, Flag, ListOf, Nothing, Number, Record, Text, load
from .contract import COMPARATORS, FLAGS, KINDS, SKIP_REASONS, STATUSES
from .errors import RuleError

PATTERN_TIMEOUT = 0.5  # seconds per search
UNSET = object()


@dataclass(frozen=True)
class RuleEntry:
    path: str
    line: int
    task: str
    target: str | None
    pattern: str | None = None
    occurrence: int = 1
    subject: str | None = None
    actual: object = UNSET  # UNSET: keep the engine's; None: no figure; str: this figure
    actual_occurrence: int = 1
    not_target: str | None = None
    metric: str | None = None
    comparator: str | None = None
    kind: str | None = None
    tolerance: float | None = None
    status: str | None = None
    note: str | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)
    reviewed: bool = False
    raw: dict = field(default_factory=dict, compare=False, repr=False)  # as written, for drafts


FIGURE_TEXT = Either(Text(), Number())  # 5家 is text; a bare 5 may be written unquoted
ENTRY = Record(
    {"task": Either(Text(), Number(whole=True))},
    {"target": FIGURE_TEXT, "pattern": Text(pattern=True),
     "occurrence": Number(whole=True, minimum=1), "subject": Text(),
     "actual": Either(FIGURE_TEXT, Nothing()), "actual_occurrence": Number(whole=True, minimum=1),
     "not_target": Text(choices=SKIP_REASONS), "metric": Text(),
     "comparator": Text(choices=COMPARATORS), "kind": Text(choices=KINDS),
     "tolerance": Number(minimum=0), "status": Text(choices=STATUSES), "note": Text(),
     "flags": ListOf(Text(choices=tuple(FLAGS))), "reviewed": Flag(),
     "confidence": Number(minimum=0)})
RULE_FILE = Either(Nothing(), Record({}, {"entries": Either(ListOf(ENTRY, unique=False),
                                                              Nothing())}))


def load_report_rules(path: Path) -> list[RuleEntry]:
    """Read and check one report's rule file; RuleError names file, line and reason."""
    loaded = load(path)
    RULE_FILE.check(str(path), loaded.data, loaded.node, "")
    if loaded.data is None or not loaded.data.get("entries"):
        return []
    entries = next(v for k, v in loaded.node.value if k.value == "entries")
    return [_entry(str(path), node.start_mark.line + 1, raw)
            for node, raw in zip(entries.value, loaded.data["entries"], strict=True)]


def _entry(path: str, line: int, raw: dict) -> RuleEntry:
    if ("target" in raw) == ("pattern" in raw):
        raise RuleError(path, "entry needs exactly one of `target` and `pattern`", line)
    actual = raw.get("actual", UNSET)
    if actual is not UNSET and actual is not None:
        actual = str(actual)
    return RuleEntry(
        path=path, line=line, task=str(raw["task"]),
        target=str(raw["target"]) if "target" in raw else None,
        pattern=str(raw["pattern"]) if "pattern" in raw else None,
        occurrence=raw.get("occurrence", 1), subject=raw.get("subject"),
        actual=actual, actual_occurrence=raw.get("actual_occurrence", 1),
        not_target=raw.get("not_target"), metric=raw.get("metric"),
        comparator=raw.get("comparator"), kind=raw.get("kind"), tolerance=raw.get("tolerance"),
        status=raw.get("status"), note=raw.get("note"), flags=tuple(raw.get("flags") or ()),
        reviewed=raw.get("reviewed", False), raw=raw,
    )


def find_text(cell: str, entry: RuleEntry, text: str | None, occurrence: int) -> int | None:
    """Start of the occurrence-th literal match (or `pattern:` match, with a timeout)."""
    if text is None and entry.pattern is not None:
        try:
            matches = list(regex.finditer(entry.pattern, cell, timeout=PATTERN_TIMEOUT))
        except TimeoutError as exc:
            raise RuleError(entry.path, f"pattern {entry.pattern!r} timed out", entry.line) from exc
        return matches[occurrence - 1].start() if len(matches) >= occurrence else None
    start = -1
    for _ in range(occurrence):
        start = cell.find(text, start + 1)
        if start == -1:
            return None
    return start
