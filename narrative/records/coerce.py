"""Type coercion for structured PCR fields.

Exports arrive with numbers as strings ("7.3"), booleans as "Y"/"no"/1 and dates in
US or ISO form; these helpers accept what can be read without guessing and raise
``FieldError`` (naming the field) for anything else.
"""
from __future__ import annotations

import math
import re
from datetime import datetime
from functools import lru_cache
from typing import Any

TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "0"})
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y%m%d", "%m-%d-%Y")


class FieldError(ValueError):
    """A structured field holds a value of the wrong type."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def to_str(value: Any, field: str) -> str | None:
    """Text, or a number written without quotes (ids, ZIP codes); blank is None."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    raise FieldError(field, f"expected text, got {type(value).__name__} {_show(value)}")


def to_float(value: Any, field: str) -> float | None:
    """A finite number, or a string holding one ("7.3", " 12 "); blank is None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise FieldError(field, f"expected a number, got boolean {value}")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            raise FieldError(field, f"expected a number, got {_show(value)}") from None
    else:
        raise FieldError(field, f"expected a number, got {type(value).__name__} {_show(value)}")
    if not math.isfinite(number):
        raise FieldError(field, f"expected a finite number, got {_show(value)}")
    return number


def to_bool(value: Any, field: str) -> bool | None:
    """true/false, yes/no, Y/N, 1/0 in any case; blank is None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise FieldError(field, f"expected true/false (yes/no, Y/N, 1/0), got {_show(value)}")


def to_date(value: Any, field: str) -> str | None:
    """An ISO date string from ISO dates/datetimes or US dates (03/02/2024); blank is None."""
    text = to_str(value, field)
    if text is None:
        return None
    iso = _iso_date(text)
    if iso is None:
        raise FieldError(field, f"expected a date (YYYY-MM-DD or MM/DD/YYYY), got {_show(value)}")
    return iso


@lru_cache(maxsize=4096)
def _iso_date(text: str) -> str | None:
    """The ISO date a text spells, or None. Cached: a batch repeats the same few hundred dates, and
    strptime costs ~10 us a try (the formats are numeric, so the answer does not depend on the locale)."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]", text)
    if match:
        text = match.group(1)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def to_dict(value: Any, field: str) -> dict[str, Any]:
    """A JSON object section; null is empty."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise FieldError(field, f"expected an object, got {type(value).__name__} {_show(value)}")


def to_list(value: Any, field: str) -> list[Any]:
    """A JSON array section; null is empty."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise FieldError(field, f"expected a list, got {type(value).__name__} {_show(value)}")


