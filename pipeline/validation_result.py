"""What validation found, as plain data: readable without importing Great Expectations, so the
run can receive it from the process that validated."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Validation:
    success: bool
    checks: list[dict] = field(default_factory=list)  # one per check: name, success, failing rows

    def failures(self) -> list[dict]:
        return [c for c in self.checks if not c["success"]]
