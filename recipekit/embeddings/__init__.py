"""Embeddings: turning recipes into vectors and finding their nearest neighbours."""

from recipekit.embeddings.backfill import embed_recipes
from recipekit.embeddings.explore import cluster_recipes, plot_projection, projection
from recipekit.embeddings.hashing import HashingEmbedder
from recipekit.embeddings.matrix import embeddings_matrix, mean_embedding
from recipekit.embeddings.protocol import Embedder
from recipekit.embeddings.recall import search_recall
from recipekit.embeddings.search import explain_search, nearest_recipes
from recipekit.embeddings.text import recipe_text
from recipekit.embeddings.transformer import SentenceTransformerEmbedder

__all__ = [
    "Embedder",
    "HashingEmbedder",
    "SentenceTransformerEmbedder",
    "cluster_recipes",
    "embed_recipes",
    "embeddings_matrix",
    "explain_search",
    "mean_embedding",
    "nearest_recipes",
    "plot_projection",
    "projection",
    "recipe_text",
    "search_recall",
]
