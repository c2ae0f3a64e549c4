"""Embeddings: turning recipes into vectors and finding their nearest neighbours."""

from recipekit.embeddings.backfill import embed_recipes
from recipekit.embeddings.hashing import HashingEmbedder
from recipekit.embeddings.matrix import embeddings_matrix
from recipekit.embeddings.search import nearest_recipes
from recipekit.embeddings.text import recipe_text

__all__ = [
    "HashingEmbedder",
    "embed_recipes",
    "embeddings_matrix",
    "nearest_recipes",
    "recipe_text",
]
