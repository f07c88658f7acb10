"""A row's cells matched to the table's columns by what they hold, not by where they stand.

Real tables lose cells (a merged 大类 cell only on the first row, an empty 牵头单位 cell dropped, a
completion-ratio cell missing) and gain some (an item text holding a space). Each cell gets a kind
(a figure, a percentage, a small id, a lead unit, text, empty); each column a role. The cheapest
monotone assignment wins: every cell lands in exactly one column (several in a row merge into
one cell), a column may stay empty. Never a cell dropped, so never a row lost.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..text import make_view

EMPTY, ID, NUM, PCT, LEAD, TEXT = "empty", "id", "num", "pct", "lead", "text"

# A cell that is one figure: a number, then at most a short unit, multiplier or bound word.
FIGURE = regex.compile(r"[-+]?\d+(?:[.,]\d+)*\s*(?P<rest>[^\d]{0,6})")
SMALL_ID = regex.compile(r"\d{1,3}[.、]?")
BOUND_WORDS = ("以上", "以下", "左右", "以内", "余", "多")

SKIP = 0.4  # a column the row has no cell for
MOST = 64  # cells or columns beyond this are read where they stand (the assignment is quadratic)
# ...by role: a task rarely lacks its target, often its figures (not reported) or its remarks.
SKIP_ROLE = {"target": 0.5, "actual": 0.3, "ratio": 0.3, "note": 0.2, None: 0.3}
MERGE = 0.5  # a further cell joined into the same column (a cell that held a space)
NEVER = 9.0
COSTS: dict[str | None, dict[str, float]] = {
    "id": {ID: 0, NUM: NEVER, PCT: NEVER, LEAD: NEVER, TEXT: 3},
    "target": {TEXT: 0, NUM: 0, ID: 0.3, PCT: 0.5, LEAD: 2},
    "lead": {LEAD: 0, TEXT: 1.2, NUM: 5, ID: 5, PCT: 5},
    "actual": {NUM: 0, ID: 0.2, TEXT: 0.3, PCT: 0.6, LEAD: 2},
    "ratio": {PCT: 0, NUM: 0.8, ID: 0.9, TEXT: 3, LEAD: 5},
    "note": {TEXT: 0, NUM: 0.8, ID: 1, PCT: 1, LEAD: 2},
    "label": {TEXT: 0, LEAD: 0.5, NUM: 3, ID: 3, PCT: 3},
    "unit": {TEXT: 0.3, NUM: 3, ID: 3, PCT: 3, LEAD: 3},
    None: {TEXT: 0.5, NUM: 0.5, ID: 0.5, PCT: 0.5, LEAD: 0.5},
}


LONG_CELL = 60  # longer than any figure cell or lead unit's name: text


ANY_DIGIT = regex.compile(r"\d")


def cell_kind(cell: str, is_lead) -> str:
    """What a cell holds, read on its simplified view."""
    if len(cell) > LONG_CELL:
        return TEXT if cell.strip() else EMPTY
    shape = _shape(cell)
    if shape != TEXT:
        return shape
    return LEAD if not ANY_DIGIT.search(cell) and is_lead(cell) else TEXT


@lru_cache(maxsize=1 << 16)
def _shape(cell: str) -> str:
    view = "".join(make_view(cell, ()).text.split())
    if not view:
        return EMPTY
    if SMALL_ID.fullmatch(view):
        return ID
    m = FIGURE.fullmatch(view)
    if m:
        rest = m.group("rest")
        for word in BOUND_WORDS:
            rest = rest.removesuffix(word)
        if rest.startswith(("%", "％")):
            return PCT
        if len(rest) <= 4:
            return NUM
    return TEXT


def cost(kind: str, role: str | None) -> float:
    return 0.0 if kind == EMPTY else COSTS.get(role, COSTS[None]).get(kind, NEVER)


def align(kinds: list[str], roles: list[str | None], skip: list[float] | None = None
          ) -> tuple[list[list[int]], float]:
    """Cells (by kind) onto columns (by role), in order: for each column the cells it takes, and
    the total cost. `skip` can price leaving a column empty per column (default SKIP)."""
    n, m = len(kinds), len(roles)
    if n > MOST or m > MOST:  # a hostile row: cell k in column k, the rest in the last column
        taken = [[k] if k < n else [] for k in range(m)]
        if n > m and m:
            taken[-1] += list(range(m, n))
        return taken, positional_cost(kinds[:m], roles)
    skip = skip or [SKIP_ROLE.get(r, SKIP) for r in roles]
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for j in range(m):
        for i in range(n + 1):
            here = best[i][j]
            if here == inf:
                continue
            if here + skip[j] < best[i][j + 1]:  # column j left empty
                best[i][j + 1], back[i][j + 1] = here + skip[j], (i, j)
            total = here
            for k in range(i, n):  # column j takes cells i..k (an empty one joins for free)
                total += cost(kinds[k], roles[j]) + (MERGE if k > i and kinds[k] != EMPTY else 0.0)
                if total < best[k + 1][j + 1]:
                    best[k + 1][j + 1], back[k + 1][j + 1] = total, (i, j)
    taken: list[list[int]] = [[] for _ in range(m)]
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = back[i][j]
        taken[pj] = list(range(pi, i))
        i, j = pi, pj
    return taken, best[n][m]


def positional_cost(kinds: list[str], roles: list[str | None]) -> float:
    """The cost of reading the cells where they stand (cell k in column k)."""
    if len(kinds) > len(roles):
        return float("inf")
    return sum(cost(k, r) for k, r in zip(kinds, roles, strict=False)) + sum(
        SKIP_ROLE.get(r, SKIP) for r in roles[len(kinds):])


def spans_by_column(spans: list[tuple[int, int]], taken: list[list[int]], kinds: list[str]
                    ) -> list[tuple[int, int]]:
    """One span per column from the cells it took (merged cells run first to last, empty cells
    left out); a column without a filled cell gets an empty span where it would stand."""
    out, at = [], spans[0][0] if spans else 0
    for cells in taken:
        filled = [k for k in cells if kinds[k] != EMPTY]
        if filled:
            out.append((spans[filled[0]][0], spans[filled[-1]][1]))
            at = spans[filled[-1]][1]
        else:
            out.append((at, at))
    return out
