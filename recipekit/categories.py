"""The category tree: paths, ancestors, descendants, moving nodes, and finding-or-creating paths.

Each tree query is one recursive CTE, so a notebook can ask for "Cuisine > Asian" and everything
under it without walking the tree in Python. Soft-deleted categories are not part of the tree.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Sequence

from sqlalchemy import Select, Text, cast, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import CTE

from recipekit.audit import current_actor
from recipekit.models import Category

PATH_SEPARATOR = " > "


class CategoryCycleError(ValueError):
    """Re-parenting would make a category its own ancestor."""


def slugify(name: str) -> str:
    """Lowercase ASCII words joined by hyphens: "Main Course" -> "main-course"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or uuid.uuid5(uuid.NAMESPACE_URL, name).hex[:12]


def _live() -> Select[uuid.UUID, uuid.UUID | None, str]:
    return select(Category.id, Category.parent_id, Category.name).where(
        Category.deleted_at.is_(None)
    )


async def descendant_ids(
    session: AsyncSession, category_id: uuid.UUID, *, include_self: bool = True
) -> set[uuid.UUID]:
    """Ids of every live category beneath ``category_id`` (one recursive query)."""
    tree = _live().where(Category.id == category_id).cte("tree", recursive=True)
    child = _live().join(tree, Category.parent_id == tree.c.id)
    tree = tree.union(child)
    ids = set((await session.scalars(select(tree.c.id))).all())
    if not include_self:
        ids.discard(category_id)
    return ids


async def ancestors(session: AsyncSession, category_id: uuid.UUID) -> list[Category]:
    """The chain from the root down to ``category_id`` itself, in one recursive query."""
    chain = (_live().add_columns(literal(0).label("depth")).where(Category.id == category_id)).cte(
        "chain", recursive=True
    )
    parent = (
        _live()
        .add_columns((chain.c.depth + 1).label("depth"))
        .join(chain, Category.id == chain.c.parent_id)
    )
    chain = chain.union(parent)
    rows = await session.execute(
        select(Category).join(chain, Category.id == chain.c.id).order_by(chain.c.depth.desc())
    )
    return list(rows.scalars())


async def category_path(session: AsyncSession, category_id: uuid.UUID) -> str:
    """The readable path of a category: "Cuisine > Asian > Thai".

    Raises:
        LookupError: No live category has that id.
    """
    chain = await ancestors(session, category_id)
    if not chain:
        raise LookupError(f"no live category with id {category_id}")
    return PATH_SEPARATOR.join(node.name for node in chain)


async def move_category(
    session: AsyncSession, category: Category, new_parent: Category | None
) -> None:
    """Re-parent ``category``; refuses to put it beneath itself or one of its descendants.

    Raises:
        CategoryCycleError: When ``new_parent`` is ``category`` or lies beneath it.
    """
    if new_parent is not None and new_parent.id in await descendant_ids(session, category.id):
        raise CategoryCycleError(
            f"cannot move {category.name!r} under {new_parent.name!r}: "
            f"{new_parent.name!r} is {category.name!r} itself or one of its descendants"
        )
    category.parent_id = new_parent.id if new_parent is not None else None
    try:
        await session.flush()
    except IntegrityError as error:  # the trigger saw a cycle through rows we cannot see
        if "category cycle" not in str(error.orig):
            raise
        raise CategoryCycleError(
            f"cannot move {category.name!r} under {new_parent.name if new_parent else None!r}: "
            "it would become its own ancestor"
        ) from error


async def _insert_or_find(
    session: AsyncSession, name: str, slug: str, parent: Category | None
) -> Category:
    """Create a category, or take the one a concurrent writer created with that slug first."""
    actor = current_actor()
    await session.execute(
        insert(Category)
        .values(
            name=name,
            slug=slug,
            parent_id=parent.id if parent else None,
            created_by=actor,
            updated_by=actor,
        )
        .on_conflict_do_nothing(index_elements=["slug"], index_where=Category.deleted_at.is_(None))
    )
    return (await session.scalars(select(Category).where(Category.slug == slug))).one()


async def find_or_create_path(
    session: AsyncSession, path: Sequence[str], cache: dict[str, Category] | None = None
) -> Category:
    """The category at the end of ``path`` (e.g. ``("Cuisine", "Thai")``), created if missing.

    A name is matched by slug anywhere in the tree first, so "Vegan" filed as a course finds
    the seeded Diet > Vegan, and "Main Dish" and "main dish" are one category. Only names found
    nowhere are created, beneath the previous element of the path.
    """
    cache = {} if cache is None else cache
    parent: Category | None = None
    for name in path:
        slug = slugify(name)
        node = cache.get(slug)
        if node is None:
            node = await session.scalar(select(Category).where(Category.slug == slug))
        if node is None:
            node = await _insert_or_find(session, name.strip(), slug, parent)
        cache[slug] = node
        parent = node
    if parent is None:
        raise ValueError("a category path needs at least one name")
    return parent


def category_paths() -> CTE:
    """A recursive CTE of every live category with its ``depth`` (0 = root) and ``path``."""
    roots = select(
        Category.id,
        Category.parent_id,
        Category.name,
        Category.slug,
        literal(0).label("depth"),
        cast(Category.name, Text).label("path"),
    ).where(Category.parent_id.is_(None), Category.deleted_at.is_(None))
    tree = roots.cte("category_paths", recursive=True)
    children = (
        select(
            Category.id,
            Category.parent_id,
            Category.name,
            Category.slug,
            (tree.c.depth + 1).label("depth"),
            (tree.c.path + PATH_SEPARATOR + cast(Category.name, Text)).label("path"),
        )
        .join(tree, Category.parent_id == tree.c.id)
        .where(Category.deleted_at.is_(None))
    )
    return tree.union_all(children)
