"""What recipekit needs from an embedding model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt


class Embedder(Protocol):
    """Turns texts into vectors: ``embed(texts)`` returns a float32 array ``(len(texts),
    dimension)``. ``name`` is stored beside every vector (``recipes.embedding_model``), so
    vectors made by another embedder are recognised as stale."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Embed a batch of texts."""
        ...
