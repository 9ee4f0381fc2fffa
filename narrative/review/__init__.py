"""The self-contained HTML review page for documentation specialists."""
from .summary import ReviewStats
from .writer import write_review

__all__ = ["ReviewStats", "write_review"]
