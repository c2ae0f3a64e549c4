"""Turning a DataFrame into checked rows ready for COPY, and rejecting the rows that are not.

Every rule the database enforces is checked here first, cell by cell, so one bad row never
aborts a batch: it is reported with its index label, the column and the reason, and left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from recipekit.categories import PATH_SEPARATOR, slugify
from recipekit.ingest.diets import diet_type
from recipekit.ingest.ingredient_lines import parse_ingredient_line
from recipekit.ingest.records import IngredientLine, InstructionStep
from recipekit.models import DietType, Ingredient
from recipekit.models.recipe import NUTRIENTS_PER_SERVING
from recipekit.vectors import usable_vector
from recipekit.writing import cells
from recipekit.writing.cells import CellError
from recipekit.writing.layout import NUTRITION_SOURCES, SCALAR_COLUMNS, FrameLayout

Line = tuple[
    str, float | None, float | None, str | None, str | None, str | None, str | None, str | None
]
"""An ingredient line without its position: original_text, quantity, quantity_max, unit, name,
preparation, size, comment."""
IngredientRow = tuple[int, *Line]
"""position, then the `Line`."""

_UNIT_LENGTH = Ingredient.__table__.c.unit.type.length  # type: ignore[attr-defined]
_CATEGORY_NAME_LENGTH = 200
_DIETS = ", ".join(diet.value for diet in DietType)


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one row was not written: its index label, the column at fault and the reason."""

    row: Hashable
    column: str
    reason: str


@dataclass(slots=True)
class PreparedRow:
    """One checked recipe: its ``recipes`` values (in `FrameLayout.recipe_columns` order) and
    its children."""

    row: Hashable
    recipe: list[Any]
    ingredients: list[IngredientRow] = field(default_factory=list)
    nutrition: tuple[Any, ...] = ()
    category_paths: list[tuple[str, ...]] = field(default_factory=list)
    category_slugs: list[str] = field(default_factory=list)


def _checked_line(fields: dict[str, Any]) -> Line:
    """An ingredient line's fields as the database will accept them."""
    quantity = cells.amount(fields.get("quantity"))
    quantity_max = cells.amount(fields.get("quantity_max"))
    if quantity is not None and quantity_max is not None and quantity_max < quantity:
        raise CellError(f"quantity_max {quantity_max:g} < quantity {quantity:g}")
    return (
        cells.required_text(fields.get("text", fields.get("original_text"))),
        quantity,
        quantity_max,
        cells.text(fields.get("unit"), _UNIT_LENGTH),
        cells.text(fields.get("name"), indexed=True),
        cells.text(fields.get("preparation")),
        cells.text(fields.get("size")),
        cells.text(fields.get("comment")),
    )


@lru_cache(maxsize=100_000)
def _line_from_text(text: str) -> Line | str:
    """A text line parsed and checked, or why it cannot be stored. Cached: recipe collections
    repeat the same lines ("1 tsp salt") thousands of times."""
    line = parse_ingredient_line(text)
    try:
        return _checked_line({"text": text, **_line_fields(line)})
    except CellError as error:
        return str(error)


def _line_fields(line: IngredientLine) -> dict[str, Any]:
    return {
        "quantity": line.quantity,
        "quantity_max": line.quantity_max,
        "unit": line.unit,
        "name": line.name,
        "preparation": line.preparation,
        "size": line.size,
        "comment": line.comment,
    }


def _ingredient(item: Any) -> Line | None:
    if isinstance(item, str):
        if not item.strip():
            return None
        checked = _line_from_text(item)
        if isinstance(checked, str):
            raise CellError(checked)
        return checked
    if isinstance(item, IngredientLine):
        return _checked_line({"text": item.text, **_line_fields(item)})
    if isinstance(item, dict):
        return _checked_line(item)
    raise CellError(f"expected text or a dict, got {type(item).__name__}")


def ingredient_rows(value: Any) -> list[IngredientRow]:
    """An ``ingredients`` cell as rows numbered from 1; blank lines are dropped."""
    rows: list[IngredientRow] = []
    for item in cells.items(value):
        try:
            line = _ingredient(item)
        except CellError as error:
            raise CellError(f"line {len(rows) + 1}: {error}") from None
        if line is not None:
            rows.append((len(rows) + 1, *line))
    return rows


def _step(item: Any) -> dict[str, str | None] | None:
    if isinstance(item, InstructionStep):
        item = item.as_json()
    if isinstance(item, str):
        return {"text": cells.storable_text(item), "section": None} if item.strip() else None
    if isinstance(item, dict) and "text" in item:
        return {
            "text": cells.required_text(item["text"]),
            "section": cells.text(item.get("section")),
        }
    raise CellError(f"a step must be text or a dict with 'text', not {item!r}")


def instruction_steps(value: Any) -> list[dict[str, str | None]]:
    """An ``instructions`` cell as the JSON steps ``recipes.instructions`` holds."""
    return [step for step in map(_step, cells.items(value)) if step is not None]


def diet_values(value: Any) -> list[str]:
    """A ``diet_types`` cell as sorted, distinct `DietType` values."""
    found = set()
    for item in cells.items(value):
        diet = diet_type(item) if isinstance(item, str) else None
        if diet is None:
            raise CellError(f"unknown diet type {item!r}; expected one of {_DIETS}")
        found.add(diet.value)
    return sorted(found)


def _category_name(name: Any, path: Any) -> str:
    cleaned = (cells.text(name) or "").strip()
    if not cleaned:
        raise CellError(f"category path {path!r} has an empty name")
    if max(len(cleaned), len(slugify(cleaned))) > _CATEGORY_NAME_LENGTH:
        raise CellError(
            f"category name {cleaned[:20]!r}... is too long: names and their slugs hold at most"
            f" {_CATEGORY_NAME_LENGTH} characters"
        )
    return cleaned


@lru_cache(maxsize=10_000)
def _path_of_text(item: str) -> tuple[str, ...] | str:
    """A path written as text, or why it is unusable (cached: few paths, many recipes)."""
    try:
        return tuple(_category_name(name, item) for name in item.split(PATH_SEPARATOR.strip()))
    except CellError as error:
        return str(error)


def _path(item: Any) -> tuple[str, ...]:
    if isinstance(item, str):
        path = _path_of_text(item)
        if isinstance(path, str):
            raise CellError(path)
        return path
    if isinstance(item, list | tuple | np.ndarray):
        return tuple(_category_name(name, item) for name in item)
    raise CellError(f"a category path must be text or a list of names, not {item!r}")


def category_paths(value: Any) -> list[tuple[str, ...]]:
    """A ``categories`` cell as paths of names from the top of the tree."""
    return [_path(item) for item in cells.items(value)]


def keyword_slugs(value: Any) -> list[str]:
    """A ``keywords`` cell as slugs to look up among the seeded categories."""
    return [slugify(word) for word in map(cells.text, cells.items(value)) if word]


def embedding_vector(value: Any, dimension: int) -> npt.NDArray[np.float32] | None:
    """An ``embedding`` cell as a float32 vector of ``dimension`` numbers with a cosine
    direction, or ``None``."""
    if not isinstance(value, list | tuple | np.ndarray | pd.Series) and cells.is_missing(value):
        return None
    if isinstance(value, str):  # a JSON array, as CSV exports write it
        value = cells.items(value)
    try:
        return usable_vector(value, dimension)
    except ValueError as error:
        raise CellError(str(error)) from None


def derived_source_key(title: str, ingredients: list[IngredientRow]) -> str:
    """The key of a row without a ``source_key``: a digest of its title and ingredient lines."""
    content = "\n".join([title, *(row[1] for row in ingredients)])
    return "content:" + hashlib.sha256(content.encode()).hexdigest()[:32]


def _source_key(value: Any) -> str | None:
    return cells.text(value, indexed=True)


class _RowChecker:
    """Converts the cells of one row, collecting every problem instead of stopping at one."""

    def __init__(self, row: Hashable) -> None:
        self.row = row
        self.problems: list[RowProblem] = []

    def check(self, column: str, convert: Any, value: Any) -> Any:
        try:
            return convert(value)
        except CellError as error:
            self.problems.append(RowProblem(self.row, column, str(error)))
            return None


def _nutrition_source(value: Any) -> str:
    return cells.choice(value, NUTRITION_SOURCES, "nutrition source") or "label"


_NUTRITION_CONVERTERS: dict[str, Any] = {
    **dict.fromkeys(NUTRIENTS_PER_SERVING, cells.amount),
    "serving_size": cells.text,
    "nutrition_source": _nutrition_source,
}


def _nutrition(
    layout: FrameLayout, checker: _RowChecker, cell: dict[str, Any]
) -> tuple[bool, *tuple[Any, ...]]:
    """Whether the row gives any nutrition figure, then its present nutrition fields."""
    values = [
        checker.check(name, _NUTRITION_CONVERTERS[name], cell[name])
        for name in layout.nutrition_columns
    ]
    given = any(
        value is not None
        for name, value in zip(layout.nutrition_columns, values, strict=True)
        if name != "nutrition_source"
    )
    return (given, *values)


def _recipe_converters(layout: FrameLayout) -> dict[str, Any]:
    """The converter of each ``recipes`` column the layout writes."""
    return {
        **SCALAR_COLUMNS,
        "diet_types": diet_values,
        "instructions": instruction_steps,
        "embedding": partial(embedding_vector, dimension=layout.embedding_dimension),
    }


def _prepare(
    layout: FrameLayout, converters: dict[str, Any], row: Hashable, cell: dict[str, Any]
) -> PreparedRow | list[RowProblem]:
    checker = _RowChecker(row)
    values = {
        name: checker.check(name, converters[name], cell[name])
        for name in layout.recipe_columns[1:]
    }
    prepared = PreparedRow(row, list(values.values()))
    if layout.ingredients:
        prepared.ingredients = (
            checker.check("ingredients", ingredient_rows, cell["ingredients"]) or []
        )
    if layout.nutrition_columns:
        prepared.nutrition = _nutrition(layout, checker, cell)
    if not cells.is_missing(cell.get("deleted_at")):
        checker.problems.append(
            RowProblem(row, "deleted_at", "the recipe is soft-deleted; restore it to write it")
        )
    if layout.links:
        paths = checker.check("categories", category_paths, cell.get("categories"))
        keywords = checker.check("keywords", keyword_slugs, cell.get("keywords"))
        prepared.category_paths = paths or []
        prepared.category_slugs = [*(keywords or []), *(values.get("diet_types") or [])]
    key = checker.check("source_key", _source_key, cell.get("source_key"))
    if key is None and not cells.is_missing(cell.get("id")):
        checker.problems.append(
            RowProblem(
                row,
                "source_key",
                "is missing on a row with an id: a stored recipe is matched by its source_key,"
                " so writing this row would make a copy",
            )
        )
    if checker.problems:
        return checker.problems
    prepared.recipe.insert(0, key or derived_source_key(values["title"], prepared.ingredients))
    return prepared


def prepare_rows(
    frame: pd.DataFrame, layout: FrameLayout
) -> Iterator[PreparedRow | list[RowProblem]]:
    """Each row of ``frame`` checked and converted, or the problems that keep it out.

    A row repeating an earlier row's ``source_key`` is refused: the first one is written.
    """
    columns = {name: frame[name].tolist() for name in layout.frame_columns}
    converters = _recipe_converters(layout)
    first_with_key: dict[str, Hashable] = {}
    for position, row in enumerate(frame.index):
        cell = {name: values[position] for name, values in columns.items()}
        result = _prepare(layout, converters, row, cell)
        if isinstance(result, PreparedRow):
            key = result.recipe[0]
            if key in first_with_key:
                earlier = first_with_key[key]
                result = [RowProblem(row, "source_key", f"repeats row {earlier!r} ({key})")]
            else:
                first_with_key[key] = row
        yield result
