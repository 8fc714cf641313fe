"""A located data problem and the error that lists them, shared by the validator and its topic rules."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as a spreadsheet user would find it."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        return f"{where}: {self.field or '-'}: {self.message}"


class DataError(ValueError):
    """The data package is invalid; lists every problem as 'file:row: field: message'."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data package:\n{lines}")
