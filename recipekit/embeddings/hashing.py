"""A deterministic embedder that needs no model download and no GPU.

Signed feature hashing (the "hashing trick"): every word and word pair of the text is hashed to
one of ``dimension`` slots with a sign; counts are damped with ``1 + log(count)`` and the vector
is L2-normalised, so cosine distance compares which words two recipes share. Recipes with
common ingredients end up near each other. Hashes come from BLAKE2b, not Python's salted
``hash``, so vectors are identical across processes and machines.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from recipekit.config import EMBEDDING_DIMENSION

_WORD = re.compile(r"[^\W\d_]{2,}")


def _slot_and_sign(feature: str, dimension: int) -> tuple[int, float]:
    digest = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")
    return digest % dimension, 1.0 if (digest >> 63) & 1 else -1.0


class HashingEmbedder:
    """Feature-hashing embedder: ``embed(["text", ...])`` -> float32 array ``(n, dimension)``."""

    def __init__(self, dimension: int = EMBEDDING_DIMENSION) -> None:
        self.dimension = dimension
        self.name = f"hashing-v1-{dimension}"

    def _features(self, text: str) -> Counter[str]:
        words = _WORD.findall(text.lower())
        return Counter(words) + Counter(f"{a} {b}" for a, b in pairwise(words))

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Embed a batch of texts; a text with no words gets a zero vector."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature, count in self._features(text).items():
                slot, sign = _slot_and_sign(feature, self.dimension)
                vectors[row, slot] += sign * (1.0 + math.log(count))
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        np.divide(vectors, norms, out=vectors, where=norms > 0)
        return vectors
