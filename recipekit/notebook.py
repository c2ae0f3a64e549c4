"""Running recipekit's coroutines from synchronous code: scripts, and Jupyter cells that
prefer not to ``await``.

`run` hands the coroutine to one private event loop on a background thread and waits for it.
That works the same with no loop (a script) and inside a running one (Jupyter), unlike
``asyncio.run``; and because the loop lives as long as the process, the pooled engine it holds
is reused across calls. In a notebook, top-level ``await`` is just as good.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from recipekit.db.engine import dispose_all

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_thread: threading.Thread | None = None


def _background_loop() -> asyncio.AbstractEventLoop:
    """The private loop, started (or started again, if its thread died) on first use."""
    global _loop, _thread
    with _lock:
        if _loop is None or _thread is None or not _thread.is_alive():
            _loop = asyncio.new_event_loop()
            _thread = threading.Thread(target=_loop.run_forever, name="recipekit-loop", daemon=True)
            _thread.start()
        return _loop


async def _contained(coroutine: Coroutine[Any, Any, T]) -> T:
    """Keep ``SystemExit``/``KeyboardInterrupt`` raised by the coroutine from killing the loop
    thread (which would leave the caller waiting forever); the caller gets them wrapped."""
    try:
        return await coroutine
    except (SystemExit, KeyboardInterrupt) as error:
        raise RuntimeError(f"the coroutine raised {type(error).__name__}") from error


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion and return its result, from any synchronous code.

    Example:
        >>> from recipekit import Database, recipes_frame
        >>> frame = run(recipes_frame(Database()))

    Raises:
        RuntimeError: When called from a coroutine that `run` is itself running (that would
            wait on its own thread forever: ``await`` the coroutine instead).
    """
    loop = _background_loop()
    if threading.current_thread() is _thread:
        coroutine.close()
        raise RuntimeError("recipekit.run called from inside recipekit.run: await it instead")
    future = asyncio.run_coroutine_threadsafe(_contained(coroutine), loop)
    try:
        return future.result()
    except BaseException:
        # Ctrl-C (or any error) in the waiting thread: stop the work too, so it neither keeps
        # its locks nor commits later behind the caller's back
        future.cancel()
        raise


def shutdown() -> None:
    """Close the connections opened through `run` and stop its loop thread.

    Registered to run at interpreter (and Jupyter kernel) exit; calling it earlier is fine — a
    later `run` starts a new loop. The embedded server stops by itself when the last process
    using it exits.
    """
    global _loop, _thread
    with _lock:
        loop, thread = _loop, _thread
        _loop = _thread = None
    if loop is None or thread is None or not thread.is_alive():
        return
    asyncio.run_coroutine_threadsafe(dispose_all(), loop).result(timeout=10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=10)
    loop.close()


atexit.register(shutdown)


def allow_nested_event_loops() -> None:
    """Opt in to ``nest_asyncio``: lets ``asyncio.run`` and ``loop.run_until_complete`` be
    called inside an already running loop (for third-party code that does so in Jupyter).

    recipekit itself never needs it (`run` uses its own loop thread); it patches asyncio for
    the whole process, so it is off unless asked for.
    """
    import nest_asyncio

    nest_asyncio.apply()
