"""Command line: wires the stages together, turns problems into one-line messages and exit codes.

Exit status, highest first when several apply: 4 an unexpected error (named; nothing replaced);
2 nothing processed (bad arguments, an invalid rule or vocabulary file, an empty input folder, an
output folder that cannot be written or that another run holds); 3 some inputs could not be read
(each named; the others written; when none could be read, nothing is written); 1 written but
validation found problems; 0 read and validated.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__
from .contract import EXIT_TERMS, STATUSES
from .documents import read_row, unread_row
from .engine import DocumentResult, check_entries, process_document, read_task, work_rows
from .errors import InputError, OutputError, RuleError
from .inputs import list_inputs
from .readers import Limits, Report, read_report
from .readers.source import DEFAULT_MAX_INPUT_MB
from .rule_files import RuleFiles, fingerprint
from .rules import RuleEntry, load_report_rules
from .timing import stage
from .vocabulary import Vocabulary, load_vocabulary


@dataclass
class Source:
    path: Path
    report: Report
    entries: list[RuleEntry]
    rule_file: Path | None = None

    @property
    def doc_id(self) -> str:
        return self.report.doc_id


def _problem(kind: str, message: str) -> None:
    print(f"{kind}: {message}", file=sys.stderr)


def _load_sources(paths: list[Path], rules_dir: Path, vocab: Vocabulary, report_rules: bool,
                  limits: Limits) -> tuple[list[Source], list[tuple[Path, str]]]:
    """Read every input and its rule file. InputErrors are named and collected with their
    reason; RuleErrors propagate. A report's rule file is `<rules>/<doc_id>.yaml` or, failing
    that, the one whose header carries the report's content fingerprint (a renamed copy); which
    one is said on stderr."""
    sources, failed, seen = [], [], set()
    rule_files = RuleFiles(rules_dir)
    for path in paths:
        try:
            if path.stem in seen:
                raise InputError(str(path), f"doc_id {path.stem!r} already used by another input")
            report = read_report(path, vocab, limits)
        except InputError as exc:
            _problem("error", str(exc))
            failed.append((path, exc.reason))
            continue
        seen.add(report.doc_id)
        found, others = rule_files.find(report) if report_rules else (None, [])
        entries = load_report_rules(found.path) if found else []
        check_entries(report.doc_id, report.rows, entries)
        for other in others:
            _problem("warning", f"{other}: also carries the content fingerprint of {path}; "
                     "not applied")
        if found and not entries:
            _problem("warning", f"{found.path}: empty rule file (no entries) for {path}")
        elif found:
            how = "its name" if found.how == "name" else "the report's content fingerprint"
            _problem("info", f"{path}: rule file {found.path} applied, found by {how} "
                     f"({sum(e.reviewed for e in entries)} reviewed of {len(entries)} entries)")
        sources.append(Source(path, report, entries, found.path if found else None))
    return sources, failed


_worker_vocab: Vocabulary | None = None


def _start_worker(rules_dir: str) -> None:
    global _worker_vocab
    _worker_vocab = load_vocabulary(Path(rules_dir))


def _work(report: Report, entries: list[RuleEntry]) -> DocumentResult:
    return process_document(report, _worker_vocab, entries)


def _failed(source: Source, exc: Exception) -> DocumentResult:
    """A report the engine could not process: an empty result that names why."""
    return DocumentResult(source.doc_id, source.report.layout,
                          failure=f"cannot process ({type(exc).__name__}): {exc}")


def _announce(result: DocumentResult, done: int, total: int) -> None:
    """Plain progress lines where no terminal shows a bar."""
    if not sys.stderr.isatty() and not result.failure:
        print(f"[{done}/{total}] {result.doc_id}: {len(result.tasks)} tasks, "
              f"{len(result.metrics)} targets", flush=True)


PARALLEL_FROM_ROWS = 2_000  # fewer rows to read afresh: a worker pool costs more than it saves
SPLIT_ROWS = 1_000  # a table report of at least twice this many rows is split over the workers


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _pieces(report: Report, jobs: int) -> list[Report]:
    """A large table report cut into row ranges for the workers (results merged in order). Prose is
    never cut: its repeated targets are recognised across the whole report."""
    rows = report.rows
    if jobs <= 1 or len(rows) < 2 * SPLIT_ROWS or any(r.layout == "prose" for r in rows):
        return [report]
    size = max(SPLIT_ROWS, -(-len(rows) // jobs))
    return [replace(report, rows=rows[i:i + size], unassigned=report.unassigned if i == 0 else [])
            for i in range(0, len(rows), size)]


def _merged(parts: list[DocumentResult]) -> DocumentResult:
    """The pieces of one report as one result, rows in their order."""
    failed = next((p for p in parts if p.failure), None)
    if failed is not None or len(parts) == 1:
        return failed or parts[0]
    return replace(parts[0], metrics=[m for p in parts for m in p.metrics],
                   tasks=[t for p in parts for t in p.tasks],
                   skipped=[k for p in parts for k in p.skipped],
                   unassigned=sorted((u for p in parts for u in p.unassigned),
                                     key=lambda u: u.line),
                   context_rows=sum(p.context_rows for p in parts))


def _process_all(sources: list[Source], vocab: Vocabulary, rules_dir: Path, jobs: int,
                 forked=lambda: None) -> list[DocumentResult]:
    """Each report in order; with jobs > 1 and enough rows, in worker processes (large table
    reports cut into row ranges), the same results as serially. One report's failure never stops
    the others."""
    total = len(sources)
    if jobs <= 1 or sum(work_rows(s.report) for s in sources) < PARALLEL_FROM_ROWS:
        results = []
        for done, source in enumerate(sources, start=1):
            with _bar(len(source.report.rows), source.doc_id) as bar:
                try:
                    result = process_document(source.report, vocab, source.entries,
                                              bar.update if bar else None)
                except RuleError:
                    raise
                except Exception as exc:
                    result = _failed(source, exc)
            _announce(result, done, total)
            results.append(result)
        return results
    pieces = [(i, piece) for i, s in enumerate(sources) for piece in _pieces(s.report, jobs)]
    if len(pieces) == 1:
        return _process_all(sources, vocab, rules_dir, 1)
    parts: list[list[DocumentResult | None]] = [[] for _ in sources]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker,
                             initargs=(str(rules_dir),)) as pool:
        futures = {}
        for i, piece in pieces:
            futures[pool.submit(_work, piece, sources[i].entries)] = (i, len(parts[i]))
            parts[i].append(None)
        forked()  # every worker process exists once all reports are submitted
        results: list[DocumentResult | None] = [None] * total
        done = 0
        with _bar(total, "reports") as bar:
            for future in as_completed(futures):
                i, k = futures[future]
                try:
                    parts[i][k] = future.result()
                except RuleError:
                    raise
                except Exception as exc:
                    parts[i][k] = _failed(sources[i], exc)
                if any(p is None for p in parts[i]):
                    continue
                results[i] = _merged(parts[i])
                done += 1
                if bar:
                    bar.update(1)
                _announce(results[i], done, total)
    return results


@contextmanager
def _bar(total: int, label: str):
    """A progress bar on a terminal only."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit="row", leave=False, file=sys.stderr) as bar:
        yield bar


def extract(args: argparse.Namespace) -> int:
    from .write import OutputLock, probe

    rules_dir, raw, out = Path(args.rules), Path(args.raw), Path(args.out)
    with stage("vocabulary"):
        vocab = load_vocabulary(rules_dir)
    try:
        paths, notices = list_inputs(raw)
    except FileNotFoundError:
        _problem("error", f"{raw}: no such file or folder")
        return 2
    for notice in notices:
        _problem(notice.level, f"{notice.path}: {notice.reason}")
    if not paths and not any(n.level == "error" for n in notices):
        _problem("error", f"{raw}: no report file to read (the folder is empty)")
        return 2
    probe(out)
    with OutputLock(out):
        return _extract_locked(args, vocab, paths, notices)


def _extract_locked(args: argparse.Namespace, vocab: Vocabulary, paths: list[Path],
                    notices: list) -> int:
    """The run itself, while this process holds the output folder's lock."""
    from .background import Validator, WorkbookWriter
    from .outputs import tables, write_outputs
    from .write import Staging

    validator = Validator(vocab.same_unit)  # imports Great Expectations while reports are read
    rules_dir, out = Path(args.rules), Path(args.out)
    documents = {n.path: unread_row(n.path, n.reason, n.kind) for n in notices}
    failed = [str(n.path) for n in notices if n.level == "error"]
    with stage("read"):
        sources, unread = _load_sources(paths, rules_dir, vocab, not args.no_report_rules,
                                        Limits(max_input_mb=args.max_input_mb))
    for path, reason in unread:
        documents[path] = unread_row(path, reason, path.suffix.lower()[1:])
        failed.append(str(path))
    results = []
    with stage("engine"):
        processed = _process_all(sources, vocab, rules_dir, args.jobs)
    for source, result in zip(list(sources), processed, strict=True):
        if result.failure:
            _problem("error", f"{source.path}: {result.failure}")
            failed.append(str(source.path))
            documents[source.path] = unread_row(source.path, result.failure, "", source.report)
            sources.remove(source)
            continue
        for warning in source.report.warnings:
            _problem("warning", f"{source.path}: {warning}")
        if not result.metrics:
            _problem("warning", f"{source.path}: no numeric target found "
                     f"({'no task rows' if not result.tasks else 'its tasks state none'}); "
                     "listed in documents.csv with no_numeric_target")
        results.append(result)
        documents[source.path] = read_row(result, source.report, source.rule_file)
    if not results:
        _problem("error", f"no input could be read; the outputs in {out} are left as they were")
        return 3
    with stage("tables"):
        t = tables(results, [documents[p] for p in sorted(documents)])
    tasks_in = sum(len(s.report.rows) for s in sources) - sum(r.context_rows for r in results)
    staging = Staging(out)
    workbook = None
    try:
        workbook = WorkbookWriter(staging, t)  # the slowest writer, beside everything else
        docs_dir = staging.folder("validation/docs") if args.docs else None
        validator.send(t.metrics, t.tasks, t.skipped, tasks_in, docs_dir)
        write_outputs(staging, t, validator, workbook)
        with stage("commit"):
            staging.commit()
    except BaseException:
        if workbook is not None:
            workbook.cancel()
        staging.discard()
        raise
    validation = validator.result()
    for check in validation.failures():
        _problem("error", f"validation: {check['table']}.{check['column'] or '*'} "
                 f"{check['check']} failed on rows {check['rows']}")
    counts = Counter(t.metrics["status"])
    print(f"{len(sources)} report(s), {len(t.tasks)} tasks, {len(t.metrics)} targets: "
          + ", ".join(f"{s} {counts.get(s, 0)}" for s in STATUSES))
    print(f"validation: {'passed' if validation.success else 'FAILED'}; outputs in {out}")
    if failed:
        return 3
    return 0 if validation.success else 1


def draft_rules(args: argparse.Namespace) -> int:
    from .draft import draft_entry, merge, render
    from .write import Staging

    rules_dir = Path(args.rules)
    vocab = load_vocabulary(rules_dir)
    path = Path(args.file)
    if not path.is_file():
        _problem("error", f"{path}: no such file")
        return 2
    sources, failed = _load_sources([path], rules_dir, vocab, report_rules=False, limits=Limits())
    if failed:
        return 2
    source = sources[0]
    found, _ = RuleFiles(rules_dir).find(source.report)  # a renamed copy refreshes its file
    rule_path = found.path if found else rules_dir / f"{source.doc_id}.yaml"
    previous = rule_path.read_text(encoding="utf-8-sig") if rule_path.exists() else ""
    existing = load_report_rules(rule_path) if rule_path.exists() else []
    check_entries(source.doc_id, source.report.rows, existing)
    drafted = []
    for row in source.report.rows:
        reading = read_task(row, vocab, [], source.report.period)
        drafted += [draft_entry(row.task_id, row.target_cell, row.actual_cell, p)
                    for p in reading.pairings]
    entries = merge(drafted, existing, args.force)
    staging = Staging(rules_dir)
    staging.text(rule_path.name, render(source.doc_id, entries, fingerprint(source.report),
                                        previous))
    staging.commit()
    kept = sum(1 for e in existing if e.reviewed) if not args.force else 0
    print(f"{rule_path}: {len(entries)} entries ({kept} reviewed kept, "
          f"{len(entries) - kept} drafted)")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (give 1 or more)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too few (give 1 or more)")
    return value


ABOUT = """\
Reads government progress reports (key-task tables or prose), finds every numeric target and
the figure reported against it, and says whether each target was met, missed, not reported or
cannot be judged, quoting the text and position of both figures."""

EXAMPLES = """\
examples:
  python -m pipeline extract
      every report in data/raw/ -> data/processed/ (what `make extract` runs)
  python -m pipeline extract --raw 新报告.xlsx --out 新报告输出/
      one report, outputs in a folder of its own
  python -m pipeline draft-rules data/raw/新报告.txt
      draft rules/新报告.yaml; correct entries, set `reviewed: true`, run extract again

outputs (in --out): metrics.csv (one row per target), tasks.csv, skipped.csv, unassigned.csv,
unmet.csv and unmet.md (targets not met), documents.csv, metrics.xlsx (the tables in Chinese),
report.html (the review page), validation/results.json. docs/columns.md explains every column."""


def _exit_statuses() -> str:
    return "exit status:\n" + "\n".join(f"  {t.code}  {t.meaning}" for t in EXIT_TERMS)


def parser() -> argparse.ArgumentParser:
    text = argparse.RawDescriptionHelpFormatter
    main = argparse.ArgumentParser(prog="python -m pipeline", description=ABOUT,
                                   epilog=EXAMPLES + "\n\n" + _exit_statuses(),
                                   formatter_class=text)
    main.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "extract", help="read reports and write every output", formatter_class=text,
        description="Read every report (a file, or each file at the top of a folder), compare "
                    "targets with what was reported,\nvalidate, and write every output. Only "
                    "files of a run that completes replace the previous outputs.",
        epilog=EXAMPLES + "\n\n" + _exit_statuses())
    run.add_argument("--raw", default="data/raw", metavar="FILE_OR_FOLDER",
                     help="a report, or a folder of reports (.txt .csv .xlsx .xls .html .htm .docx .pdf; default: %(default)s)")
    run.add_argument("--out", default="data/processed", metavar="FOLDER",
                     help="folder for the outputs, created if missing (default: %(default)s)")
    run.add_argument("--rules", default="rules", metavar="FOLDER",
                     help="vocabulary/ and the per-report rule files (default: %(default)s)")
    run.add_argument("--no-report-rules", action="store_true",
                     help="set aside the per-report rule files: the generic engine only")
    run.add_argument("--jobs", type=_positive, default=default_jobs(), metavar="N",
                     help="worker processes for the engine; a large table report is split over "
                     "them (default: the machine's cores, here %(default)s)")
    run.add_argument("--docs", action="store_true",
                     help="also build GX Data Docs under FOLDER/validation/docs")
    run.add_argument("--max-input-mb", type=_megabytes, default=DEFAULT_MAX_INPUT_MB, metavar="MB",
                     help="largest input file, and largest unpacked XLSX/DOCX, in MB "
                     f"(default {DEFAULT_MAX_INPUT_MB}); raise it for a larger report")
    draft = commands.add_parser(
        "draft-rules", help="write or refresh a report's rule file for review", formatter_class=text,
        description="Write RULES/<report>.yaml with the engine's reading of every target as "
                    "unreviewed entries. Drafting again\nkeeps reviewed entries and a hand-written "
                    "header; a renamed copy of the report refreshes the file\nthat carries its "
                    "content fingerprint.",
        epilog="exit status:\n  0  written\n  2  the report or the existing rule file is invalid")
    draft.add_argument("file", help="the report to draft rules for")
    draft.add_argument("--rules", default="rules", metavar="FOLDER",
                       help="where the rule file is written (default: %(default)s)")
    draft.add_argument("--force", action="store_true", help="replace reviewed entries too")
    return main


def _megabytes(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("must be a number of megabytes") from exc
    if not 0 < value < 1e9:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = parser().parse_args(argv)
    try:
        if args.command == "extract":
            with stage("extract"):
                return extract(args)
        if args.command == "draft-rules":
            return draft_rules(args)
    except (RuleError, OutputError) as exc:
        _problem("error", str(exc))
        return 2
    except KeyboardInterrupt:
        _problem("error", "interrupted; previous outputs left in place")
        return 130
    except Exception as exc:  # a bug, still one line: previous outputs are left in place
        _problem("error", f"internal error ({type(exc).__name__}): {exc}; outputs left unchanged")
        return 4
    return 2
