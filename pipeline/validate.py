"""Check the pipeline's own invariants on the output frames with Great Expectations.

Bad input is a row flag, not a validation failure; a failure here means the pipeline broke a
promise of the contract (an unknown status, a met row without values, a figure whose span does
not point at its text, a task lost on the way).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
import pandas as pd  # noqa: E402
import regex  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.expectations.row_conditions import Column  # noqa: E402

from .contract import COMPARATORS, FLAGS, KINDS, SOURCES, STATUSES  # noqa: E402
from .validation_result import Validation  # noqa: E402

for _name in ("great_expectations", "great_expectations.data_context.types.base"):
    logging.getLogger(_name).setLevel(logging.WARNING)  # GX announces its temporary folders
NUMERAL = regex.compile(r"[0-9零〇一二两三四五六七八九十百千万亿]")
COMPARED = ("met", "missed", "partial_period")
DOCS_SITE = "validation"


def _flag_pattern() -> str:
    one = "(?:" + "|".join(FLAGS) + ")"
    return rf"^(?:{one}(?:;{one})*)?$"


def _prepare(metrics: pd.DataFrame, same_unit) -> pd.DataFrame:
    frame = metrics.copy()
    for column in ("target_value", "actual_value", "confidence", "attainment"):
        frame[column] = pd.to_numeric(frame[column].map(
            lambda v: None if v is None else float(v)), errors="coerce")
    frame["flags"] = frame["flags"].fillna("")
    ratio_only = frame["flags"].str.split(";").map(lambda f: "ratio_only" in f)
    numeral = frame["target_text"].fillna("").map(lambda t: bool(NUMERAL.search(t)))
    frame["_needs_values"] = frame["status"].isin(["met", "missed"]) & numeral & ~ratio_only
    compared = frame["status"].isin(COMPARED) & frame["unit"].notna() & frame["actual_unit"].notna()
    frame["_check_unit"] = compared & ~ratio_only
    frame["_unit"] = frame["unit"].fillna("")
    frame["_actual_unit"] = [
        u if same_unit(u, a) else (a or "") for u, a in zip(frame["unit"], frame["actual_unit"],
                                                              strict=True)]
    return frame


def _metric_suite() -> gx.ExpectationSuite:
    E = gx.expectations
    suite = gx.ExpectationSuite(name="metrics")
    for column, values in (("status", STATUSES), ("comparator", COMPARATORS), ("kind", KINDS),
                           ("source", SOURCES)):
        suite.add_expectation(E.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)))
        suite.add_expectation(E.ExpectColumnValuesToNotBeNull(column=column))
    suite.add_expectation(E.ExpectColumnValuesToMatchRegex(column="flags", regex=_flag_pattern()))
    suite.add_expectation(E.ExpectColumnValuesToBeBetween(column="confidence", min_value=0,
                                                          max_value=1))
    suite.add_expectation(E.ExpectColumnValuesToNotBeNull(column="confidence"))
    for column in ("target_value", "actual_value"):
        suite.add_expectation(E.ExpectColumnValuesToNotBeNull(
            column=column, row_condition=Column("_needs_values") == True))  # noqa: E712
    suite.add_expectation(E.ExpectColumnPairValuesToBeEqual(
        column_A="_unit", column_B="_actual_unit",
        row_condition=Column("_check_unit") == True))  # noqa: E712
    return suite


def _task_suite(tasks_in: int) -> gx.ExpectationSuite:
    E = gx.expectations
    suite = gx.ExpectationSuite(name="tasks")
    suite.add_expectation(E.ExpectTableRowCountToEqual(value=tasks_in))
    suite.add_expectation(E.ExpectCompoundColumnsToBeUnique(column_list=["doc_id", "task_id"]))
    return suite


def _run(context, name: str, frame: pd.DataFrame, suite: gx.ExpectationSuite,
         docs: bool = False) -> list[dict]:
    asset = context.data_sources.add_pandas(name).add_dataframe_asset(name)
    definition = context.validation_definitions.add(gx.ValidationDefinition(
        name=name, data=asset.add_batch_definition_whole_dataframe(name),
        suite=context.suites.add(suite)))
    batch = {"dataframe": frame.reset_index(drop=True)}
    if docs:  # through a checkpoint, so the results land in the Data Docs site
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=name, validation_definitions=[definition], result_format="COMPLETE",
            actions=[gx.checkpoint.UpdateDataDocsAction(name="docs", site_names=[DOCS_SITE])]))
        result = next(iter(checkpoint.run(batch_parameters=batch).run_results.values()))
    else:
        result = definition.run(batch_parameters=batch, result_format="COMPLETE")
    checks = []
    for item in result.results:
        config = item.expectation_config
        column = (config.kwargs.get("column") or config.kwargs.get("column_A") or "").lstrip("_")
        rows = item.result.get("unexpected_index_list") or []
        checks.append(dict(table=name, check=config.type, column=column,
                           success=bool(item.success),
                           rows=[int(r) if not isinstance(r, dict) else r for r in rows][:50],
                           observed=item.result.get("observed_value")))
    return checks


def _span_checks(metrics: pd.DataFrame, tasks: pd.DataFrame, skipped: pd.DataFrame) -> list[dict]:
    """cell[start:end] == text for every target, actual and skipped number."""
    cells = {(t.doc_id, t.task_id): (t.target_cell, t.actual_cell) for t in tasks.itertuples()}
    checks = []
    for table, rows, fields in (
            ("metrics", metrics, (("target_text", "target_start", "target_end", 0),
                                  ("actual_text", "actual_start", "actual_end", 1))),
            ("skipped", skipped, (("text", "start", "end", 0),))):
        for text_col, start_col, end_col, which in fields:
            bad = []
            for index, row in enumerate(rows.itertuples(index=False)):
                text, start, end = getattr(row, text_col), getattr(row, start_col), getattr(row, end_col)
                if text is None or pd.isna(start):
                    continue
                in_actual = which == 0 and table == "metrics" and "target_in_completion_cell" in (
                    row.flags or "").split(";")
                cell = cells.get((row.doc_id, row.task_id), ("", ""))[1 if in_actual else which]
                if cell[int(start):int(end)] != text:
                    bad.append(index)
            checks.append(dict(table=table, check="span_points_at_text", column=text_col,
                               success=not bad, rows=bad[:50], observed=len(bad)))
    return checks


def validate(metrics: pd.DataFrame, tasks: pd.DataFrame, skipped: pd.DataFrame, tasks_in: int,
             same_unit, docs_dir: Path | None = None) -> Validation:
    """docs_dir: also build GX Data Docs there (its pages fetch styles from the internet)."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    if docs_dir is not None:
        context.add_data_docs_site(site_name=DOCS_SITE, site_config={
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                              "base_directory": str(Path(docs_dir).resolve())},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"}})
    docs = docs_dir is not None
    checks = _run(context, "metrics", _prepare(metrics, same_unit), _metric_suite(), docs)
    checks += _run(context, "tasks", tasks, _task_suite(tasks_in), docs)
    if docs:
        context.build_data_docs(site_names=[DOCS_SITE])
    checks += _span_checks(metrics, tasks, skipped)
    return Validation(all(c["success"] for c in checks), checks)
