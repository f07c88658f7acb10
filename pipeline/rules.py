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
import yaml

from .contract import COMPARATORS, KINDS, STATUSES
from .errors import RuleError

KEYS = {"task", "target", "pattern", "occurrence", "subject", "actual", "actual_occurrence",
        "not_target", "metric", "comparator", "kind", "tolerance", "status", "note", "flags",
        "reviewed", "confidence"}
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


def load_report_rules(path: Path) -> list[RuleEntry]:
    """Read and check one report's rule file; RuleError names file, line and reason."""
    text_path = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except OSError as exc:
        raise RuleError(text_path, f"cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleError(text_path, f"invalid YAML: {getattr(exc, 'problem', exc)}",
                        mark.line + 1 if mark else None) from exc
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise RuleError(text_path, "expected a mapping with a list under `entries`", 1)
    nodes = next((v for k, v in root.value if k.value == "entries"), None)
    lines = [n.start_mark.line + 1 for n in nodes.value] if nodes is not None else []
    return [_entry(text_path, line, raw) for line, raw in zip(lines, data.get("entries") or [],
                                                               strict=True)]


def _entry(path: str, line: int, raw) -> RuleEntry:
    def fail(reason: str):
        raise RuleError(path, reason, line)

    if not isinstance(raw, dict):
        fail("an entry must be a mapping")
    unknown = set(raw) - KEYS
    if unknown:
        fail(f"unknown key {sorted(unknown)[0]!r}")
    if "task" not in raw:
        fail("entry has no `task`")
    if ("target" in raw) == ("pattern" in raw):
        fail("entry needs exactly one of `target` and `pattern`")
    if not isinstance(raw.get("reviewed", False), bool):
        fail("`reviewed` must be true or false")
    for key, allowed in (("status", STATUSES), ("comparator", COMPARATORS), ("kind", KINDS)):
        if key in raw and raw[key] not in allowed:
            fail(f"{key} {raw[key]!r} is not one of {', '.join(allowed)}")
    for key in ("occurrence", "actual_occurrence"):
        if key in raw and (not isinstance(raw[key], int) or raw[key] < 1):
            fail(f"`{key}` must be a whole number from 1")
    if "pattern" in raw:
        try:
            regex.compile(str(raw["pattern"]))
        except regex.error as exc:
            fail(f"pattern {raw['pattern']!r} does not compile: {exc}")
    tolerance = raw.get("tolerance")
    if tolerance is not None and not isinstance(tolerance, int | float):
        fail("`tolerance` must be a number")
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
        comparator=raw.get("comparator"), kind=raw.get("kind"), tolerance=tolerance,
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
