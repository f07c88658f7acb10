"""Draft a report's rule file from the generic engine, keeping what a reviewer already decided.

Every target becomes an unreviewed entry naming the actual the engine chose (as text) and its
confidence. A reviewer edits an entry and sets `reviewed: true`; `extract` ignores the rest, so
an unedited draft reproduces the generic results exactly.
"""

from __future__ import annotations

import yaml

from .pairing import Pairing
from .rule_files import header, with_fingerprint
from .rules import RuleEntry

HEADER = """\
# Rule file for {doc_id}, drafted by `python -m pipeline draft-rules`.
# Each entry is the engine's reading of one target. To correct one: edit it (actual, status,
# note, not_target …), set `reviewed: true`, and run extract on the report again. Unreviewed
# entries are ignored and rewritten on the next draft; reviewed ones are kept, and so is this
# header if you rewrite it. The content-sha256 line lets a renamed copy of the report find this
# file; see rules/README.md.
"""


def occurrence(cell: str, text: str, start: int) -> int:
    """Which occurrence of text in cell starts at start (1-based).

    >>> occurrence("新增5家,另5家", "5家", 6)
    2
    """
    count, index = 0, cell.find(text)
    while index != -1 and index <= start:
        count += 1
        index = cell.find(text, index + 1)
    return max(count, 1)


def draft_entry(task_id: str, target_cell: str, actual_cell: str, pairing: Pairing) -> dict:
    target = pairing.target
    entry: dict = {"task": task_id, "target": target.text}
    n = occurrence(target_cell, target.text, target.start)
    if n > 1:
        entry["occurrence"] = n
    if target.subject:
        entry["subject"] = target.subject
    entry["metric"] = target.metric
    actual = pairing.actual
    if actual is not None and actual_cell[actual.start:actual.end] == actual.text:
        entry["actual"] = actual.text
        n = occurrence(actual_cell, actual.text, actual.start)
        if n > 1:
            entry["actual_occurrence"] = n
    else:
        entry["actual"] = None
    if pairing.note:
        entry["note"] = pairing.note
    entry["confidence"] = pairing.confidence
    entry["reviewed"] = False
    return entry


def _key(task: str, target: str | None, occurrence_: int, subject: str | None) -> tuple:
    return (str(task), target, occurrence_, subject)


def merge(drafted: list[dict], existing: list[RuleEntry], force: bool) -> list[dict]:
    """Reviewed entries stay (unless force); drafts fill in every other target."""
    if force:
        return drafted
    kept = [dict(entry.raw) for entry in existing if entry.reviewed]
    taken = {_key(e.task, e.target, e.occurrence, e.subject) for e in existing if e.reviewed}
    taken_any_subject = {_key(e.task, e.target, e.occurrence, None) for e in existing
                         if e.reviewed and e.subject is None}
    fresh = [d for d in drafted
             if _key(d["task"], d["target"], d.get("occurrence", 1), d.get("subject")) not in taken
             and _key(d["task"], d["target"], d.get("occurrence", 1), None) not in taken_any_subject]
    order = {(d["task"]): i for i, d in enumerate(drafted)}
    return sorted([*kept, *fresh], key=lambda d: order.get(str(d["task"]), len(order)))


def render(doc_id: str, entries: list[dict], digest: str, previous: str = "") -> str:
    """The rule file's text: the header comment (a reviewer's own, kept when the file is drafted
    again; the template otherwise) with the report's content fingerprint, then the entries."""
    lines = header(previous) or HEADER.format(doc_id=doc_id).rstrip("\n").split("\n")
    body = yaml.safe_dump({"entries": entries}, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(with_fingerprint(lines, digest)) + "\n" + body
