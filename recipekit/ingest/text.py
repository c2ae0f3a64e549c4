"""Cleaning the text found in web pages and Markdown: HTML entities, tags and stray whitespace.

Recipe sites put HTML inside JSON-LD strings (``&amp;``, ``<strong>``, ``&nbsp;``, sometimes
entities encoded twice); every importer passes its text through here before using it.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[A-Za-z/!][^>]*>")
_LINE_BREAK_TAG = re.compile(r"<\s*(?:br|/p|/li|/div|/h[1-6])\s*/?\s*>", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


def _unescape(value: str) -> str:
    """Decode HTML entities, repeating for text that was encoded twice (``&amp;amp;``)."""
    for _ in range(3):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return value


def clean_text(value: str) -> str:
    """One line of plain text: entities decoded, tags removed, whitespace folded to single spaces.

    Example:
        >>> clean_text("Salt &amp; <b>pepper</b>&nbsp; to taste ")
        'Salt & pepper to taste'
    """
    return _WHITESPACE.sub(" ", _TAG.sub(" ", _unescape(value))).strip()


def clean_lines(value: str) -> list[str]:
    """Split text on line breaks (newlines and ``<br>``/``</p>``/``</li>`` tags), clean each line
    and drop the empty ones."""
    with_breaks = _LINE_BREAK_TAG.sub("\n", _unescape(value))
    return [line for line in (clean_text(part) for part in with_breaks.splitlines()) if line]


def optional_text(value: object) -> str | None:
    """`clean_text` for a value that may be missing or not a string; ``None`` when no text."""
    if not isinstance(value, str):
        return None
    return clean_text(value) or None
