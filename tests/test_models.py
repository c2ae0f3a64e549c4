"""The model rules, each checked against the real database."""

from __future__ import annotations

import asyncio
import copy
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, InvalidRequestError
from sqlalchemy.ext.asyncio import AsyncSession

from recipekit import acting_as, current_actor
from recipekit.categories import (
    CategoryCycleError,
    ancestors,
    category_path,
    descendant_ids,
    move_category,
)
from recipekit.db.engine import Database
from recipekit.models import (
    INCLUDE_DELETED,
    Category,
    Difficulty,
    Food,
    Ingredient,
    Recipe,
    RecipeCategory,
)


async def _category(db: Database, slug: str) -> Category:
    async with db.session() as session:
        category = await session.scalar(select(Category).where(Category.slug == slug))
        assert category is not None, slug
        return category


async def test_difficulty_is_stored_by_value(db: Database) -> None:
    async with db.transaction() as session:
        session.add(Recipe(title="Soup", difficulty=Difficulty.MEDIUM))
    async with db.connect() as connection:
        stored = await connection.scalar(text("SELECT difficulty::text FROM recipes"))
        labels = await connection.scalar(
            text(
                "SELECT array_agg(enumlabel ORDER BY enumsortorder)::text FROM pg_enum "
                "JOIN pg_type ON pg_type.oid = enumtypid WHERE typname = 'difficulty'"
            )
        )
    assert stored == "medium"
    assert labels == "{easy,medium,hard}"


async def test_ids_and_timestamps_come_back_without_lazy_loads(db: Database) -> None:
    async with db.transaction() as session:
        recipe = Recipe(title="Toast")
        session.add(recipe)
    # expire_on_commit=False and eager_defaults: readable after commit, no IO needed
    assert isinstance(recipe.id, uuid.UUID)
    assert recipe.created_at.tzinfo is not None
    assert recipe.created_at == recipe.updated_at
    assert recipe.diet_types == []
    assert recipe.instructions == []


async def test_soft_deleted_recipe_is_hidden_unless_asked_for(db: Database) -> None:
    async with db.transaction() as session:
        kept, gone = Recipe(title="Kept"), Recipe(title="Gone")
        session.add_all([kept, gone])
    async with db.transaction() as session:
        gone = await session.get_one(Recipe, gone.id)
        gone.soft_delete()
        assert gone.is_deleted
    async with db.session() as session:
        live = (await session.scalars(select(Recipe.title))).all()
        every = (
            await session.scalars(select(Recipe.title).execution_options(**INCLUDE_DELETED))
        ).all()
        assert await session.get(Recipe, gone.id) is None
    assert live == ["Kept"]
    assert sorted(every) == ["Gone", "Kept"]


async def test_soft_deleted_category_is_hidden_in_relationships_and_joins(db: Database) -> None:
    thai, vegan = await _category(db, "thai"), await _category(db, "vegan")
    async with db.transaction() as session:
        recipe = Recipe(
            title="Green curry",
            category_links=[
                RecipeCategory(category_id=thai.id),
                RecipeCategory(category_id=vegan.id),
            ],
        )
        session.add(recipe)
    async with db.transaction() as session:
        (await session.get_one(Category, thai.id)).soft_delete()

    async with db.session() as session:
        loaded = await session.get_one(Recipe, recipe.id)
        assert [category.slug for category in loaded.categories] == ["vegan"]
        joined = await session.scalars(
            select(Recipe.title).join(Recipe.categories).where(Category.slug == "thai")
        )
        assert joined.all() == []
        via_junction = await session.scalars(
            select(Category.slug)
            .join(RecipeCategory, RecipeCategory.category_id == Category.id)
            .where(RecipeCategory.recipe_id == recipe.id)
            .order_by(Category.slug)
        )
        assert via_junction.all() == ["vegan"]
        with_deleted = await session.scalars(
            select(Category.slug)
            .join(RecipeCategory, RecipeCategory.category_id == Category.id)
            .where(RecipeCategory.recipe_id == recipe.id)
            .order_by(Category.slug)
            .execution_options(**INCLUDE_DELETED)
        )
        assert with_deleted.all() == ["thai", "vegan"]


async def test_deleted_slug_can_be_reused_but_live_slugs_are_unique(db: Database) -> None:
    async with db.transaction() as session:
        session.add(Category(name="Brunch bowls", slug="brunch-bowls"))
    with pytest.raises(IntegrityError, match="uq_categories_slug_live"):
        async with db.transaction() as session:
            session.add(Category(name="Brunch Bowls", slug="brunch-bowls"))
    async with db.transaction() as session:
        old = await session.scalar(select(Category).where(Category.slug == "brunch-bowls"))
        assert old is not None
        old.soft_delete()
    async with db.transaction() as session:
        session.add(Category(name="Brunch bowls (new)", slug="brunch-bowls"))
    async with db.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT name, deleted_at IS NOT NULL FROM categories "
                "WHERE slug = 'brunch-bowls' ORDER BY name"
            )
        )
        assert rows.all() == [("Brunch bowls", True), ("Brunch bowls (new)", False)]


async def test_a_category_or_food_added_without_a_slug_gets_one_from_its_name(
    db: Database,
) -> None:
    async with db.transaction() as session:
        category, food = Category(name="Street Food"), Food(name="Crème Fraîche")
        session.add_all([category, food])
        await session.flush()
        assert (category.slug, food.slug) == ("street-food", "creme-fraiche")


async def test_updated_at_is_bumped_by_raw_sql_and_bulk_updates(db: Database) -> None:
    async with db.transaction() as session:
        recipe = Recipe(title="Stew")
        session.add(recipe)
    created = recipe.updated_at
    await asyncio.sleep(0.01)
    async with db.connect() as connection:
        await connection.execute(text("UPDATE recipes SET title = 'Beef stew'"))
    async with db.connect() as connection:
        after_raw = await connection.scalar(text("SELECT updated_at FROM recipes"))
    assert after_raw > created
    await asyncio.sleep(0.01)
    async with db.transaction() as session:
        await session.execute(update(Recipe).values(servings=4))
    async with db.session() as session:
        after_bulk = await session.scalar(select(Recipe.updated_at))
    assert after_bulk is not None and after_bulk > after_raw


async def test_orm_update_returns_the_new_updated_at(db: Database) -> None:
    async with db.transaction() as session:
        recipe = Recipe(title="Stew")
        session.add(recipe)
    first = recipe.updated_at
    await asyncio.sleep(0.01)
    async with db.transaction() as session:
        recipe = await session.get_one(Recipe, recipe.id)
        recipe.title = "Irish stew"
    assert recipe.updated_at > first


async def test_copy_inserted_rows_get_ids_timestamps_and_audit(db: Database) -> None:
    async with db.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        await raw.copy_records_to_table(
            "categories", records=[("Copied", "copied")], columns=["name", "slug"]
        )
        row = (
            await connection.execute(
                text(
                    "SELECT id, created_at, updated_at, created_by FROM categories "
                    "WHERE slug = 'copied'"
                )
            )
        ).one()
    assert isinstance(row.id, uuid.UUID)
    assert row.created_at is not None and row.created_at == row.updated_at
    assert row.created_by == "postgres"


async def test_audit_fields_follow_the_current_actor(db: Database) -> None:
    with acting_as("importer-bot"):
        async with db.transaction() as session:
            recipe = Recipe(title="Bread")
            session.add(recipe)
    with acting_as("alice"):
        async with db.transaction() as session:
            recipe = await session.get_one(Recipe, recipe.id)
            recipe.servings = 8
    assert (recipe.created_by, recipe.updated_by) == ("importer-bot", "alice")


async def test_category_tree_paths_and_descendants(db: Database) -> None:
    thai = await _category(db, "thai")
    asian = await _category(db, "asian")
    async with db.session() as session:
        assert await category_path(session, thai.id) == "Cuisine > Asian > Thai"
        assert [node.slug for node in await ancestors(session, thai.id)] == [
            "cuisine",
            "asian",
            "thai",
        ]
        below_asian = await descendant_ids(session, asian.id)
    assert thai.id in below_asian and asian.id in below_asian
    italian = await _category(db, "italian")
    assert italian.id not in below_asian


async def test_moving_a_category_under_its_descendant_is_refused(db: Database) -> None:
    asian, thai = await _category(db, "asian"), await _category(db, "thai")
    async with db.transaction() as session:
        asian = await session.get_one(Category, asian.id)
        thai = await session.get_one(Category, thai.id)
        with pytest.raises(CategoryCycleError, match="'Asian' under 'Thai'"):
            await move_category(session, asian, thai)
        with pytest.raises(CategoryCycleError):
            await move_category(session, asian, asian)
    # the database refuses it too, whoever writes
    with pytest.raises(DBAPIError, match="category cycle"):
        async with db.connect() as connection:
            await connection.execute(
                text("UPDATE categories SET parent_id = :thai WHERE id = :asian"),
                {"thai": thai.id, "asian": asian.id},
            )


async def test_ingredients_load_in_order_and_lazy_loads_raise(db: Database) -> None:
    async with db.transaction() as session:
        recipe = Recipe(
            title="Pancakes",
            ingredients=[
                Ingredient(position=2, original_text="2 eggs"),
                Ingredient(position=1, original_text="100 g flour"),
            ],
        )
        session.add(recipe)
    async with db.session() as session:
        loaded = await session.get_one(Recipe, recipe.id)
        assert [line.original_text for line in loaded.ingredients] == ["100 g flour", "2 eggs"]
        category = await _category(db, "italian")
        category = await session.get_one(Category, category.id)
        with pytest.raises(InvalidRequestError, match="lazy='raise'"):
            _ = category.children


async def test_unknown_diet_type_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="carnivore"):
        Recipe(title="Steak", diet_types=["carnivore"])
    with pytest.raises(IntegrityError, match="ck_recipes_known_diet_types"):
        async with db.connect() as connection:
            await connection.execute(
                text("INSERT INTO recipes (title, diet_types) VALUES ('Steak', '{carnivore}')")
            )


async def test_a_new_recipes_relationships_are_readable_after_flush_and_commit(
    db: Database,
) -> None:
    async with db.transaction() as session:
        recipe = Recipe(title="Plain")
        session.add(recipe)
        await session.flush()
        assert (recipe.ingredients, recipe.category_links, recipe.nutrition) == ([], [], None)
    assert (recipe.ingredients, recipe.category_links, recipe.nutrition) == ([], [], None)


async def test_soft_deleting_a_category_hides_its_subtree_and_links(db: Database) -> None:
    asian, thai = await _category(db, "asian"), await _category(db, "thai")
    async with db.transaction() as session:
        recipe = Recipe(title="Pad thai", category_links=[RecipeCategory(category_id=thai.id)])
        session.add(recipe)
    async with db.transaction() as session:
        (await session.get_one(Category, asian.id)).soft_delete()
    async with db.session() as session:
        assert await session.get(Category, thai.id) is None  # the subtree went with it
        links = await session.scalars(
            select(RecipeCategory).where(RecipeCategory.recipe_id == recipe.id)
        )
        assert links.all() == []
    async with db.transaction() as session:
        asian = await session.get_one(Category, asian.id, execution_options=INCLUDE_DELETED)
        asian.restore()
    async with db.session() as session:
        assert (await session.get_one(Category, thai.id)).slug == "thai"
        loaded = await session.get_one(Recipe, recipe.id)
        assert [category.slug for category in loaded.categories] == ["thai"]


async def test_links_of_a_soft_deleted_recipe_are_hidden(db: Database) -> None:
    thai = await _category(db, "thai")
    async with db.transaction() as session:
        recipe = Recipe(title="Gone", category_links=[RecipeCategory(category_id=thai.id)])
        session.add(recipe)
    async with db.transaction() as session:
        (await session.get_one(Recipe, recipe.id)).soft_delete()
    async with db.session() as session:
        assert (await session.scalars(select(RecipeCategory))).all() == []
        every = await session.scalars(select(RecipeCategory).execution_options(**INCLUDE_DELETED))
        assert len(every.all()) == 1


async def test_bulk_updates_record_the_actor_and_skip_deleted_rows(db: Database) -> None:
    async with db.transaction() as session:
        kept, gone = Recipe(title="Kept"), Recipe(title="Gone")
        session.add_all([kept, gone])
    async with db.transaction() as session:
        (await session.get_one(Recipe, gone.id)).soft_delete()
    with acting_as("carol"):
        async with db.transaction() as session:
            result = await session.execute(update(Recipe).values(cuisine="Fusion"))
            assert result.rowcount == 1  # type: ignore[attr-defined]
    async with db.connect() as connection:
        rows = await connection.execute(
            text("SELECT title, cuisine, updated_by FROM recipes ORDER BY title")
        )
        assert rows.all() == [("Gone", None, current_actor()), ("Kept", "Fusion", "carol")]


async def test_category_path_of_a_missing_category_is_an_error(db: Database) -> None:
    async with db.session() as session:
        with pytest.raises(LookupError, match="no live category"):
            await category_path(session, uuid.uuid4())


async def test_moving_a_category_to_the_top_and_back(db: Database) -> None:
    thai, asian = await _category(db, "thai"), await _category(db, "asian")
    async with db.transaction() as session:
        thai = await session.get_one(Category, thai.id)
        await move_category(session, thai, None)
        assert await category_path(session, thai.id) == "Thai"
        await move_category(session, thai, await session.get_one(Category, asian.id))
        assert await category_path(session, thai.id) == "Cuisine > Asian > Thai"


async def test_edits_inside_instruction_steps_are_saved(db: Database) -> None:
    async with db.transaction() as session:
        recipe = Recipe(title="Tea", instructions=[{"text": "Boil water", "section": None}])
        session.add(recipe)
    async with db.transaction() as session:
        loaded = await session.get_one(Recipe, recipe.id)
        loaded.instructions[0]["text"] = "Boil fresh water"
        loaded.instructions.append({"text": "Steep", "section": None})
        loaded.instructions[1]["section"] = "Brewing"
    async with db.session() as session:
        again = await session.get_one(Recipe, recipe.id)
        assert again.instructions == [
            {"text": "Boil fresh water", "section": None},
            {"text": "Steep", "section": "Brewing"},
        ]
    async with db.connect() as connection:
        kind = await connection.scalar(text("SELECT jsonb_typeof(instructions -> 0) FROM recipes"))
    assert kind == "object"


Steps = list[dict[str, Any]]
STEP_EDITS: dict[str, Callable[[Steps], object]] = {
    "step[key] =": lambda steps: steps[0].__setitem__("text", "edited"),
    "del step[key]": lambda steps: steps[0].__delitem__("section"),
    "step.update": lambda steps: steps[0].update(text="edited"),
    "step |=": lambda steps: steps[0].__ior__({"text": "edited"}),
    "step.pop": lambda steps: steps[0].pop("section"),
    "step.popitem": lambda steps: steps[0].popitem(),
    "step.setdefault": lambda steps: steps[0].setdefault("note", "new key"),
    "step.clear": lambda steps: steps[0].clear(),
    "steps[i] =": lambda steps: steps.__setitem__(0, {"text": "replaced"}),
    "steps[i:j] =": lambda steps: steps.__setitem__(slice(0, 1), [{"text": "x"}, {"text": "y"}]),
    "del steps[i]": lambda steps: steps.__delitem__(0),
    "del steps[i:j]": lambda steps: steps.__delitem__(slice(1, None)),
    "steps.append": lambda steps: steps.append({"text": "Serve"}),
    "steps.extend": lambda steps: steps.extend([{"text": "Pour"}, {"text": "Serve"}]),
    "steps +=": lambda steps: steps.__iadd__([{"text": "Serve"}]),
    "steps *=": lambda steps: steps.__imul__(2),
    "steps.insert": lambda steps: steps.insert(1, {"text": "Warm the pot"}),
    "steps.remove": lambda steps: steps.remove(steps[1]),
    "steps.pop": lambda steps: steps.pop(0),
    "steps.clear": lambda steps: steps.clear(),
    "steps.sort": lambda steps: steps.sort(key=lambda step: str(step["text"]), reverse=True),
    "steps.reverse": lambda steps: steps.reverse(),
}
"""Every mutating method of a list of steps and of a step, named as written."""


async def _stored_steps(session: AsyncSession, recipe: Recipe) -> Any:
    """The recipe's instructions as the database holds them now (after an autoflush)."""
    return await session.scalar(select(Recipe.instructions).where(Recipe.id == recipe.id))


async def test_every_edit_of_the_steps_is_saved_and_each_list_owns_its_steps(
    db: Database,
) -> None:
    """Each mutating method of the list and of a step marks the recipe, steps entering the list
    by any of them are tracked there, and a step moved to another recipe's list belongs to
    that list (it used to stay tied to the first: a later edit marked the wrong recipe)."""
    steps: Steps = [{"text": "Boil", "section": "Tea"}, {"text": "Steep", "section": None}]
    async with db.transaction() as session:
        recipes = {name: Recipe(title=name, instructions=steps) for name in [*STEP_EDITS, "B"]}
        session.add_all(recipes.values())
    async with db.transaction() as session:
        for name, edit in STEP_EDITS.items():
            loaded, expected = await session.get_one(Recipe, recipes[name].id), copy.deepcopy(steps)
            edit(loaded.instructions)
            edit(expected)
            assert await _stored_steps(session, loaded) == expected, name
            for step in [*loaded.instructions, *expected]:
                step["checked"] = True  # one write per step, also for a step listed twice
            assert await _stored_steps(session, loaded) == expected, f"{name}, then edited"
        a = await session.get_one(Recipe, recipes["step[key] ="].id)
        b = await session.get_one(Recipe, recipes["B"].id)
        b.instructions.append(a.instructions[0])
        await session.flush()
        b.instructions[-1]["text"] = "B's own"
        assert [step["text"] for step in await _stored_steps(session, b)] == [
            "Boil",
            "Steep",
            "B's own",
        ]
        assert (await _stored_steps(session, a))[0]["text"] == "edited"
        # a copy of the steps is a list of plain dicts, the new list's own once added
        assert copy.deepcopy(b.instructions) == b.instructions
