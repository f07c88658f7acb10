"""Stacked one-project forms pasted one cell per block: label / value pairs (项目名称 / the project,
我市任务 / the city's task, 进展情况 / the progress), the labels often spaced out or split over
blocks (`项 目` / `名 称`, `我市` / `任务`, `存 在` / `困 难` / `和问题`).

Each form is one task: the target cell runs from the first target value to the last (a 我市任务
value after a province's 项目名称 is the local target: `local_from`), the actual cell from the
progress value through the remarks after it. Forms are numbered in document order (or by their
序号 value); text between forms (a form's title) is unassigned.
"""

from __future__ import annotations

from .cells import build_row, joined_headers, line_reason
from .lines import blocks_of
from .model import TaskRow, Unassigned
from .reading import Reading
from .tablewords import TableWords, compact_view

LABEL = 10  # a label holds at most this many characters once its blanks are removed


def read_form(doc_id: str, text: str, vocab, words: TableWords) -> Reading | None:
    blocks = blocks_of(text)
    items = _items(text, blocks, words)
    forms: list[list[tuple[int, int, str, list[int]]]] = []  # (first, end block, role, values)
    current: list = []
    for kind, first, end, role in items:
        if kind == "label":
            roles_so_far = {r for _, _, r, _ in current}
            if role == "target" and "actual" in roles_so_far or role == "id" and current:
                forms.append(current)
                current = []
            if current or role in ("target", "id"):
                current.append((first, end, role, []))
        elif current:
            current[-1][3].append(first)
    if current:
        forms.append(current)
    forms = [f for f in forms if {"target", "actual"} <= {r for _, _, r, v in f if v}]
    if not forms:
        return None
    rows: list[TaskRow] = []
    used: set[int] = set()
    labels: set[int] = set()
    explained = 0
    for number, form in enumerate(forms, start=1):
        fields = [(first, end, role, values[:1] if k == len(form) - 1 else values)
                  for k, (first, end, role, values) in enumerate(form)]
        valued = [f for f in fields if f[3]]
        start = blocks[valued[0][3][0]][0]
        stop = blocks[valued[-1][3][-1]][1]
        spans, roles, headers = [], {}, []
        for first, end, role, values in valued:
            roles[len(spans)] = role
            spans.append((blocks[values[0]][0] - start, blocks[values[-1]][1] - start))
            headers.append("".join(text[blocks[b][0]:blocks[b][1]] for b in range(first, end)))
            used.update(values)
        for first, end, _, _ in fields:
            labels.update(range(first, end))
        ids = [text[blocks[v[0]][0]:blocks[v[0]][1]].strip() for _, _, r, v in valued if r == "id"]
        task_id = ids[0] if ids else str(number)
        rows.append(build_row(doc_id, task_id, blocks[form[0][0]][2], text[start:stop], spans,
                              {k: r for k, r in roles.items() if r != "id"}, headers,
                              vocab.local_target_words, [], "form", words))
        explained += len(fields) + len(valued)
    unassigned = [Unassigned(doc_id, line, text[a:b].replace("\n", " "),
                             "header" if k in labels else
                             line_reason(text[a:b], vocab.unassigned_reasons))
                  for k, (a, b, line) in enumerate(blocks) if k not in used]
    first_line = blocks[forms[0][0][0]][2]
    last = blocks[max(used)]
    covered = set(range(first_line, last[2] + text[last[0]:last[1]].count("\n") + 1))
    covered -= {u.line for u in unassigned if u.reason != "header"}
    reason = (f"stacked forms: {len(forms)} label/value forms "
              f"({' / '.join(compact_view(h) for h in headers)}), {explained} cells")
    return Reading("form", rows, sorted(unassigned, key=lambda u: u.line), explained, reason,
                   covered, first_line)


def _items(text: str, blocks, words: TableWords) -> list[tuple[str, int, int, str | None]]:
    """The blocks as labels (joined where split) and values, in order."""
    cells = [text[a:b] for a, b, _ in blocks]
    items, i = [], 0
    while i < len(cells):
        a, b = joined_headers(cells[i:i + 3], words)[0]
        joined = "".join(cells[i + a:i + b])
        role = words.role(joined)
        if role is not None and 0 < len(compact_view(joined)) <= LABEL:
            items.append(("label", i, i + b, role))
            i += b
        else:
            items.append(("value", i, i + 1, None))
            i += 1
    return items
