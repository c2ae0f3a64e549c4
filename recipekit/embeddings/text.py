"""The text an embedder sees for a recipe: deterministic and documented."""

from __future__ import annotations

from recipekit.models import Recipe


def recipe_text(recipe: Recipe) -> str:
    """Title, cuisine, category names and ingredient names, one field per line, in that order.

    Ingredient names fall back to the original line when the parser found no name.
    """
    ingredients = [line.name or line.original_text for line in recipe.ingredients]
    return "\n".join(
        [
            recipe.title,
            recipe.cuisine or "",
            ", ".join(category.name for category in recipe.categories),
            ", ".join(ingredients),
        ]
    )
