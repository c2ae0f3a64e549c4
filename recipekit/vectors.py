"""The one check every embedding passes before it is stored or searched with."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt


def usable_vector(value: Any, dimension: int | None = None) -> npt.NDArray[np.float32]:
    """``value`` as a float32 vector with a cosine direction: ``dimension`` finite numbers (any
    number of them when ``None``), not all zero.

    Raises:
        ValueError: Naming what is wrong (shape with both dimensions, NaN or infinity, zeros).
    """
    try:
        with np.errstate(over="ignore", invalid="ignore"):  # overflow shows as inf, refused below
            vector = np.asarray(value, dtype=np.float32)
    except (TypeError, ValueError, OverflowError):
        raise ValueError("is not a list of numbers") from None
    if vector.ndim != 1 or not vector.size:
        raise ValueError(f"has shape {vector.shape}; an embedding is a flat list of numbers")
    if dimension is not None and vector.shape != (dimension,):
        raise ValueError(f"has {vector.size} dimensions; recipes.embedding is vector({dimension})")
    if not np.isfinite(vector).all():
        raise ValueError("contains NaN or infinite values (or numbers beyond float32)")
    if not vector.any():
        raise ValueError("is all zeros, so it has no cosine direction")
    return vector


def vector_text(vector: npt.NDArray[np.float32]) -> str:
    """pgvector's text form of a float32 vector, exact (nine significant digits bring every
    float32 back), and about three times quicker to build than pgvector's own."""
    return ("[" + ",".join(["%.9g"] * len(vector)) + "]") % tuple(vector.tolist())
