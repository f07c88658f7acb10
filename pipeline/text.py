"""A derived view of a cell for matching, the same length as the original so offsets carry over.

Full-width ASCII folds to half-width and injected spam becomes clause separators; nothing is
inserted or removed, so view[i] always stands for cell[i].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
FOLD.update({0x3000: 0x20, 0x2212: 0x2D, 0xFE6A: 0x25, 0x3002: 0x3002})
SPAM_FILL = "，"


@dataclass(frozen=True)
class View:
    text: str  # same length as the cell
    spam: tuple[tuple[int, int], ...]  # spans of injected text in the cell


FOLDABLE = re.compile("[\uff01-\uff5e\u3000\u2212\ufe6a]")


def make_view(cell: str, spam_phrases: tuple[str, ...]) -> View:
    folded = cell.translate(FOLD) if FOLDABLE.search(cell) else cell
    spans: list[tuple[int, int]] = []
    for phrase in spam_phrases:  # longest first: the full phrase claims its span before a part
        start = folded.find(phrase)
        while start != -1:
            end = start + len(phrase)
            if not any(s <= start < e or s < end <= e for s, e in spans):
                spans.append((start, end))
            start = folded.find(phrase, end)
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = SPAM_FILL * (end - start)
    return View("".join(chars), tuple(sorted(spans)))
