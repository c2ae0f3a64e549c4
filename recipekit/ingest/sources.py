"""Reading recipe files and folders -> a stream of `SourcedRecord`s and `Rejection`s.

`read_records` dispatches on what a path is: a folder (every supported file in it, recursively,
in sorted order), ``.json`` (one value, or a list whose items are the records), ``.jsonl`` (one
JSON value a line), ``.html``/``.htm`` (every ``<script type="application/ld+json">`` block)
or ``.md``/``.markdown``. Each recipe comes wrapped in a `SourcedRecord` (file and position, so
the database writer can name it in its own error reports). Every problem becomes a `Rejection`
naming the file, the position and what was wrong; nothing raises for bad input and one bad
record never stops the rest.

Positions are 1-based: the line for JSONL, the item for a JSON list (1 for a single object),
the line of the ``<script>`` tag for HTML, 1 for a Markdown file; 0 means the file as a whole
(unreadable, unsupported). A record without a URL gets the file's absolute ``file://`` URI as
``source_key``, plus ``"#<position>"`` for JSON/HTML (and ``".<n>"`` when one position holds
several recipes), so same-named files in different folders never collide.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Final

from recipekit.ingest.markdown import record_from_markdown
from recipekit.ingest.records import RecordError, Rejection, SourcedRecord
from recipekit.ingest.schema_org import find_recipe_nodes, record_from_schema_org

Result = SourcedRecord | Rejection

_MARKDOWN: Final = frozenset({".md", ".markdown"})
_HTML: Final = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES: Final = frozenset({".json", ".jsonl", *_HTML, *_MARKDOWN})


class _JsonLdScripts(HTMLParser):
    """Collects the text of every ``<script type="application/ld+json">`` with its line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[tuple[int, str]] = []
        self._open: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
        if tag == "script" and kind == "application/ld+json":
            self._open = (self.getpos()[0], [])

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.blocks.append((self._open[0], "".join(self._open[1])))
            self._open = None


UNPARSEABLE = (ValueError, OverflowError, RecursionError, MemoryError)
"""What hostile or broken input can make a parser raise (RecordError is a ValueError): absurd
numbers, nesting deeper than Python recurses, YAML alias bombs. Each becomes a rejection."""


def _rejection(source: Path, position: int, error: BaseException) -> Rejection:
    if isinstance(error, RecordError):
        return Rejection(str(source), position, error.field, error.message)
    return Rejection(str(source), position, "record", f"{type(error).__name__}: {error}"[:500])


def _fallback_key(source: Path, position: int | None = None) -> str:
    """The identity of a record that names no URL: its file's absolute path (as a file: URI, so
    same-named files in different folders never collide) and its position in the file."""
    uri = source.resolve().as_uri()
    return uri if position is None else f"{uri}#{position}"


def _records_in(value: object, source: Path, position: int) -> Iterator[Result]:
    """The recipes found in one parsed JSON value, or one rejection saying there are none."""
    try:
        nodes = find_recipe_nodes(value)
    except UNPARSEABLE as error:
        yield _rejection(source, position, error)
        return
    if not nodes:
        yield Rejection(str(source), position, "@type", "no schema.org Recipe node found")
    for index, node in enumerate(nodes, start=1):
        key = _fallback_key(source, position) + (f".{index}" if len(nodes) > 1 else "")
        try:
            record = record_from_schema_org(node, fallback_key=key)
        except UNPARSEABLE as error:
            yield _rejection(source, position, error)
        else:
            yield SourcedRecord(str(source), position, record)


def _parse_json(text: str, source: Path, position: int) -> object | Rejection:
    try:
        value: object = json.loads(text, strict=False)  # strict=False: raw newlines in strings
    except (ValueError, RecursionError) as error:  # JSONDecodeError, digit limits, deep nesting
        return Rejection(str(source), position, "json", f"invalid JSON: {error}"[:500])
    return value


def _read_json(source: Path, text: str) -> Iterator[Result]:
    value = _parse_json(text, source, 1)
    if isinstance(value, Rejection):
        yield value
    elif isinstance(value, list):
        for position, item in enumerate(value, start=1):
            yield from _records_in(item, source, position)
    else:
        yield from _records_in(value, source, 1)


def _read_jsonl(source: Path, text: str) -> Iterator[Result]:
    # split on "\n" only: str.splitlines would also split at U+2028 inside JSON strings
    for position, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        value = _parse_json(line, source, position)
        if isinstance(value, Rejection):
            yield value
        else:
            yield from _records_in(value, source, position)


def _read_html(source: Path, text: str) -> Iterator[Result]:
    scripts = _JsonLdScripts()
    scripts.feed(text)
    scripts.close()
    reported = False
    for line, block in scripts.blocks:
        value = _parse_json(block, source, line)
        if isinstance(value, Rejection):
            reported = True
            yield value
        elif _has_recipe(value):
            reported = True
            yield from _records_in(value, source, line)
    if not reported:
        yield Rejection(str(source), 0, "@type", "no schema.org Recipe node in the page")


def _has_recipe(value: object) -> bool:
    try:
        return bool(find_recipe_nodes(value))
    except UNPARSEABLE:
        return True  # let _records_in report it


def _read_markdown(source: Path, text: str) -> Iterator[Result]:
    try:
        record = record_from_markdown(
            text, source_key=_fallback_key(source), source_name=source.resolve().parent.name or None
        )
    except UNPARSEABLE as error:
        yield _rejection(source, 1, error)
    else:
        yield SourcedRecord(str(source), 1, record)


def _read_file(source: Path) -> Iterator[Result]:
    suffix = source.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield Rejection(str(source), 0, "path", f"unsupported file type {suffix or '(none)'}")
        return
    try:
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        yield Rejection(str(source), 0, "file", f"cannot read: {error}")
        return
    if suffix == ".json":
        yield from _read_json(source, text)
    elif suffix == ".jsonl":
        yield from _read_jsonl(source, text)
    elif suffix in _HTML:
        yield from _read_html(source, text)
    else:
        yield from _read_markdown(source, text)


def read_records(path: Path) -> Iterator[SourcedRecord | Rejection]:
    """Every recipe (or the reason it was rejected) in a file or a folder of files.

    Example:
        >>> results = list(read_records(Path("cases.jsonl")))  # doctest: +SKIP
        >>> recipes = [r.record for r in results if isinstance(r, SourcedRecord)]  # doctest: +SKIP
    """
    if path.is_dir():
        files = (p for p in sorted(path.rglob("*")) if p.suffix.lower() in SUPPORTED_SUFFIXES)
        for file in files:
            if file.is_file():
                yield from _read_file(file)
    else:
        yield from _read_file(path)
