"""Embeddings: turning recipes into vectors and finding their nearest neighbours."""

from recipekit.embeddings.backfill import embed_recipes
from recipekit.embeddings.hashing import HashingEmbedder
from recipekit.embeddings.search import nearest_recipes
from recipekit.embeddings.text import recipe_text

__all__ = ["HashingEmbedder", "embed_recipes", "nearest_recipes", "recipe_text"]
