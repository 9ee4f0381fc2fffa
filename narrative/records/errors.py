"""A record that could not be read, and its one-line output.

Readers yield ``RecordError`` values instead of raising them, so one bad line
never stops a batch and every input line is accounted for in the output.
"""
from __future__ import annotations

from ..result import Result


class RecordError(Exception):
    """Why one input record (a line, a CSV row, a NEMSIS report or a whole file) was rejected."""

    def __init__(self, source: str, message: str, record_id: str | None = None,
                 field: str | None = None) -> None:
        self.source = source  # "input.jsonl:12", "run.xml:PatientCareReport[3]"
        self.message = message
        self.record_id = record_id
        self.field = field
        super().__init__(str(self))

    @property
    def where(self) -> str:
        """The record id when known (with its position), else the position."""
        return f"{self.record_id} ({self.source})" if self.record_id else self.source

    def __str__(self) -> str:
        prefix = f"{self.field}: " if self.field else ""
        return f"{self.where}: {prefix}{self.message}"

    def __reduce__(self):  # keep attributes when pickled to worker processes
        return (RecordError, (self.source, self.message, self.record_id, self.field))


def error_result(err: RecordError) -> Result:
    """The output row for a rejected record: its id (or position) and the reason."""
    return Result(id=err.record_id or err.source, errors=[str(err)])
