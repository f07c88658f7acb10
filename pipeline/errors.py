"""Errors that end a run or skip a file with a one-line message instead of a traceback."""


class InputError(Exception):
    """An input file cannot be read; the run goes on with the other files (exit 3)."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):  # raised in a worker process, re-raised in the parent
        return (self.__class__, (self.path, self.reason, self.line))


class RuleError(Exception):
    """A rule file is invalid; nothing is processed (exit 2)."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = path, reason, line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):  # raised in a worker process, re-raised in the parent
        return (self.__class__, (self.path, self.reason, self.line))


class OutputError(Exception):
    """The output folder cannot be used (not writable, or held by another run); nothing is
    processed (exit 2)."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")
