"""How recipekit talks to PostgreSQL: directly, or through a pooler in transaction mode.

A pooler in transaction mode (PgBouncer ``pool_mode = transaction``, Supavisor, RDS Proxy's
transaction pinning off) hands each *transaction* whichever server connection is free, so
nothing may outlive a transaction on a connection. With ``Settings(pooler="transaction")``
(``RECIPEKIT_POOLER=transaction``):

* prepared statements are never reused across transactions: asyncpg's statement cache is off
  (``statement_cache_size=0``) and so is SQLAlchemy's (``prepared_statement_cache_size=0``);
  otherwise a cached statement is executed on a server connection that never prepared it
  ("prepared statement ... does not exist");
* every prepared statement gets a name unique across processes (`statement_name`), where
  asyncpg's own names (``__asyncpg_stmt_1__``, ...) collide between two clients that share a
  server connection ("prepared statement ... already exists");
* the statement timeout is not a startup parameter (PgBouncer refuses unknown ones, and one
  it ignored would not follow the client to the next server connection): it is set with
  ``set_config(..., true)`` at the start of every transaction
  (`recipekit.db.timeouts.limit_transactions`). ``timezone`` and
  ``application_name`` stay startup parameters, which PgBouncer tracks per client.

recipekit itself never uses session-level ``SET``: its settings are transaction-local
(``SET LOCAL``, ``set_config(..., true)``). Configure PgBouncer with
``server_reset_query = DISCARD ALL`` and ``server_reset_query_always = 1`` (before 1.21), so
the uniquely named statements do not pile up on server connections.
"""

from __future__ import annotations

import uuid
from typing import Any

from recipekit.config import TRANSACTION_POOLER


def statement_name() -> str:
    """A prepared statement name no other client of the server uses."""
    return f"__recipekit_{uuid.uuid4().hex}__"


def driver_arguments(statement_timeout_ms: int, pooler: str | None) -> dict[str, Any]:
    """asyncpg ``connect_args``: server settings, and the statement caching a pooler allows."""
    server_settings = {"application_name": "recipekit", "timezone": "UTC"}
    if pooler != TRANSACTION_POOLER:
        return {
            "server_settings": {**server_settings, "statement_timeout": str(statement_timeout_ms)}
        }
    return {
        "server_settings": server_settings,
        "statement_cache_size": 0,
        "prepared_statement_cache_size": 0,
        "prepared_statement_name_func": statement_name,
    }
