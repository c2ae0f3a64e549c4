"""Reading an attribute that is not loaded raises `UnloadedAttributeError`, never
``MissingGreenlet``.

An async session cannot load anything when plain code reads an attribute: that would be
database IO outside ``await``, and SQLAlchemy fails deep inside the driver with
``MissingGreenlet: greenlet_spawn has not been called``, which names neither the attribute nor
the fix. It happens to expired attributes (after a rollback — `RecoveringSession` rolls back
after every failed statement — or ``session.expire()``) and to relationships that were never
loaded (``Recipe.categories`` of a recipe created in this session, a collection expired with
its object). Relationships declared ``lazy="raise"`` already raise SQLAlchemy's own clear
error; everything else is caught here, before any IO is attempted, by a ``do_orm_execute``
hook that refuses a query an async session's sync half is asked to run outside SQLAlchemy's
greenlet.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, RelationshipProperty, Session
from sqlalchemy.orm.state import InstanceState
from sqlalchemy.util.concurrency import in_greenlet

from recipekit.db.errors import RecipekitError


class UnloadedAttributeError(RecipekitError):
    """An attribute was read that an async session would have to load from the database.

    Load it explicitly first: ``await session.refresh(obj, ["name"])``,
    ``await obj.awaitable_attrs.name``, or ``selectinload(...)`` in the query.
    """


def _class_name(state: InstanceState[object] | None) -> str:
    return "object" if state is None else type(state.obj()).__name__


def _description(orm_state: ORMExecuteState) -> str:
    """What was touched, and how to load it."""
    path = orm_state.loader_strategy_path
    relationship = next(
        (
            element
            for element in reversed(path.path if path is not None else ())
            if isinstance(element, RelationshipProperty)
        ),
        None,
    )
    if relationship is not None:
        owner = relationship.parent.class_.__name__
        return (
            f"{owner}.{relationship.key} is not loaded, and an async session cannot load it "
            f"when the attribute is read (that would be database IO outside 'await'). Load it "
            f"first: 'await session.refresh(obj, [{relationship.key!r}])' or "
            f"'await obj.awaitable_attrs.{relationship.key}', or query with "
            f"'selectinload({owner}.{relationship.key})'"
        )
    refreshed = orm_state.load_options._refresh_state if orm_state.is_column_load else None
    return (
        f"this {_class_name(refreshed)}'s attributes are not loaded: the session expired them "
        f"(after a rollback, which recipekit does after a failed statement, or expire()), and "
        f"an async session cannot reload them when an attribute is read (that would be "
        f"database IO outside 'await'). Reload them first: 'await session.refresh(obj)', or "
        f"read one with 'await obj.awaitable_attrs.name'"
    )


@event.listens_for(Session, "do_orm_execute")
def _refuse_implicit_io(orm_state: ORMExecuteState) -> None:
    """Refuse, with the attribute's name, a query an async session's sync half would run
    outside SQLAlchemy's greenlet (an attribute read in plain code): it could only fail with
    ``MissingGreenlet`` once it reached the driver."""
    bind = orm_state.session.bind
    if bind is None or not bind.dialect.is_async or in_greenlet():
        return
    raise UnloadedAttributeError(_description(orm_state))
