"""The one check every embedding passes before it is stored or searched with."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from recipekit.config import EMBEDDING_DIMENSION


def usable_vector(value: Any, dimension: int = EMBEDDING_DIMENSION) -> npt.NDArray[np.float32]:
    """``value`` as a float32 vector with a cosine direction: ``dimension`` finite numbers, not
    all zero.

    Raises:
        ValueError: Naming what is wrong (shape with both dimensions, NaN or infinity, zeros).
    """
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # overflow shows as inf, refused below
            vector = np.asarray(value, dtype=np.float32)
    except (TypeError, ValueError, OverflowError):
        raise ValueError("is not a list of numbers") from None
    if vector.shape != (dimension,):
        raise ValueError(f"has shape {vector.shape}; recipes.embedding holds {dimension} numbers")
    if not np.isfinite(vector).all():
        raise ValueError("contains NaN or infinite values (or numbers beyond float32)")
    if not vector.any():
        raise ValueError("is all zeros, so it has no cosine direction")
    return vector
