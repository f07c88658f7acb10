"""Which rule file belongs to a report: `rules/<doc_id>.yaml`, or the file whose header carries the
report's content fingerprint, so a renamed copy of a report keeps its reviewed corrections.

The fingerprint is taken over what rule entries key on (task ids and the three cells), not over
the file's bytes: the same report saved in another encoding or with other line endings keeps it,
while a report whose tasks changed does not. It is written by `draft-rules` as a header comment,
`# content-sha256: <hex>`. A title never identifies a report: two years' reports share one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .readers import Report

MARKER = "# content-sha256:"
FINGERPRINT = re.compile(r"^# content-sha256:\s*([0-9a-f]{64})\s*$", re.M)
HEADER_BYTES = 4096  # the fingerprint line sits in the header comment at the top


def fingerprint(report: Report) -> str:
    """SHA-256 over the report's task rows: id, target, lead-unit and actual cells."""
    digest = hashlib.sha256()
    for row in report.rows:
        for part in (row.task_id, row.target_cell, row.lead_cell, row.actual_cell):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()


def header(text: str) -> list[str]:
    """The comment lines (and blank lines among them) at the top of a rule file.

    >>> header("# mine\\n\\n# more\\nentries: []\\n")
    ['# mine', '', '# more']
    """
    lines = []
    for line in text.split("\n"):
        if line.startswith("#") or (not line.strip() and lines):
            lines.append(line)
        else:
            break
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def with_fingerprint(lines: list[str], digest: str) -> list[str]:
    """A header with this fingerprint line, replacing any earlier one.

    >>> with_fingerprint(["# mine", "# content-sha256: " + "0" * 64], "ab" * 32)[-1][-6:]
    'ababab'
    """
    return [line for line in lines if not line.startswith(MARKER)] + [f"{MARKER} {digest}"]


@dataclass(frozen=True)
class Found:
    path: Path
    how: str  # "name" or "content"


class RuleFiles:
    """The per-report rule files of one rules folder, indexed by name and by fingerprint."""

    def __init__(self, rules_dir: Path):
        self.dir = Path(rules_dir)
        self._by_content: dict[str, list[Path]] | None = None

    def _index(self) -> dict[str, list[Path]]:
        if self._by_content is None:
            self._by_content = {}
            for path in sorted(self.dir.glob("*.yaml")) if self.dir.is_dir() else []:
                try:
                    with open(path, "rb") as handle:
                        head = handle.read(HEADER_BYTES).decode("utf-8", "replace")
                except OSError:
                    continue  # an unreadable file is named when (if) it is loaded
                if match := FINGERPRINT.search(head):
                    self._by_content.setdefault(match.group(1), []).append(path)
        return self._by_content

    def find(self, report: Report) -> tuple[Found | None, list[Path]]:
        """The report's rule file, and any other files that carry its fingerprint (ignored)."""
        named = self.dir / f"{report.doc_id}.yaml"
        matches = self._index().get(fingerprint(report), []) if report.rows else []
        if named.is_file():
            return Found(named, "name"), [p for p in matches if p != named]
        if matches:
            return Found(matches[0], "content"), matches[1:]
        return None, []
