"""Writing recipes in bulk: DataFrames (and the importers' records) through COPY and upserts.

Example:
    >>> from recipekit.writing import write_recipes
    >>> result = await write_recipes(db, frame)
    >>> result.rejected  # row, column, reason for every refused row
"""

from recipekit.writing.layout import FrameLayout
from recipekit.writing.prepare import RowProblem
from recipekit.writing.records import records_frame
from recipekit.writing.writer import BATCH_SIZE, WriteResult, write_recipes

__all__ = [
    "BATCH_SIZE",
    "FrameLayout",
    "RowProblem",
    "WriteResult",
    "records_frame",
    "write_recipes",
]
