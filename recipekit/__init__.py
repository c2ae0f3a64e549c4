"""recipekit: a real PostgreSQL + pgvector recipe database for notebooks and pipelines."""

from recipekit.audit import acting_as, current_actor, set_actor
from recipekit.categories import CategoryCycleError, category_path, move_category
from recipekit.config import Settings
from recipekit.db.admin import fresh_database
from recipekit.db.engine import Database
from recipekit.db.errors import (
    QueryTimeoutError,
    RecipekitError,
    SyncConnectionRequiredError,
    TransactionAbortedError,
)
from recipekit.db.lazy_loads import UnloadedAttributeError
from recipekit.db.retry import RetryPolicy, run_in_transaction, transactional
from recipekit.db.session import ConcurrentSessionUseError
from recipekit.db.timeouts import statement_timeout
from recipekit.demo import run_demo
from recipekit.embeddings import (
    Embedder,
    HashingEmbedder,
    SentenceTransformerEmbedder,
    cluster_recipes,
    embed_recipes,
    embeddings_matrix,
    explain_search,
    mean_embedding,
    nearest_recipes,
    plot_projection,
    projection,
    search_recall,
)
from recipekit.exports import export_frame, to_csv, to_parquet
from recipekit.frames import (
    categories_frame,
    ingredients_frame,
    nutrition_frame,
    recipes_frame,
)
from recipekit.importing import import_path, import_records
from recipekit.ingest.sources import read_records
from recipekit.migrations import downgrade, upgrade
from recipekit.models import (
    INCLUDE_DELETED,
    Category,
    DietType,
    Difficulty,
    Food,
    Ingredient,
    NutritionalInfo,
    Recipe,
    RecipeCategory,
)
from recipekit.notebook import run, shutdown
from recipekit.nutrition import nutrition_by_category, summarise_by_category
from recipekit.raw_sql import read_sql
from recipekit.writing import WriteResult, write_recipes

__all__ = [
    "INCLUDE_DELETED",
    "Category",
    "CategoryCycleError",
    "ConcurrentSessionUseError",
    "Database",
    "DietType",
    "Difficulty",
    "Embedder",
    "Food",
    "HashingEmbedder",
    "Ingredient",
    "NutritionalInfo",
    "QueryTimeoutError",
    "Recipe",
    "RecipeCategory",
    "RecipekitError",
    "RetryPolicy",
    "SentenceTransformerEmbedder",
    "Settings",
    "SyncConnectionRequiredError",
    "TransactionAbortedError",
    "UnloadedAttributeError",
    "WriteResult",
    "acting_as",
    "categories_frame",
    "category_path",
    "cluster_recipes",
    "current_actor",
    "downgrade",
    "embed_recipes",
    "embeddings_matrix",
    "explain_search",
    "export_frame",
    "fresh_database",
    "import_path",
    "import_records",
    "ingredients_frame",
    "mean_embedding",
    "move_category",
    "nearest_recipes",
    "nutrition_by_category",
    "nutrition_frame",
    "plot_projection",
    "projection",
    "read_records",
    "read_sql",
    "recipes_frame",
    "run",
    "run_demo",
    "run_in_transaction",
    "search_recall",
    "set_actor",
    "shutdown",
    "statement_timeout",
    "summarise_by_category",
    "to_csv",
    "to_parquet",
    "transactional",
    "upgrade",
    "write_recipes",
]
