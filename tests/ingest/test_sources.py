"""Files and folders -> sourced records and rejections, never an exception."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

from recipekit.ingest.records import Rejection, SourcedRecord
from recipekit.ingest.sources import read_records


def _recipe(name: str, **fields: object) -> dict[str, object]:
    return {"@type": "Recipe", "name": name, **fields}


def test_jsonl_reports_bad_lines_with_their_line_numbers_and_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    lines = [
        json.dumps(_recipe("One")),
        "",
        "{not json",
        json.dumps({"@type": "WebPage"}),
        json.dumps(_recipe("")),
        json.dumps({"wrapper": [_recipe("Two"), _recipe("Three")]}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(read_records(path))
    records = [
        (r.position, r.record.title, r.record.source_key)
        for r in results
        if isinstance(r, SourcedRecord)
    ]
    rejections = [(r.position, r.field) for r in results if isinstance(r, Rejection)]
    uri = path.resolve().as_uri()
    assert records == [
        (1, "One", f"{uri}#1"),
        (6, "Two", f"{uri}#6.1"),
        (6, "Three", f"{uri}#6.2"),
    ]
    assert rejections == [(3, "json"), (4, "@type"), (5, "name")]
    assert all(r.source == str(path) for r in results)


def test_json_object_and_list(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"@graph": [_recipe("Soup", url="https://x.org/soup")]}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([_recipe("A"), {"@type": "Person"}]))
    results = list(read_records(single)) + list(read_records(many))
    assert [(type(r).__name__, r.position) for r in results] == [
        ("SourcedRecord", 1),
        ("SourcedRecord", 1),
        ("Rejection", 2),
    ]
    assert isinstance(results[0], SourcedRecord)
    assert results[0].record.source_key == "https://x.org/soup"


def test_html_with_two_ld_json_blocks_one_broken(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head>\n"
        '<script type="application/ld+json">{"@type": "Organization",</script>\n'
        "<title>Soup</title>\n"
        '<script type="application/ld+json">\n'
        + json.dumps({"@graph": [{"@type": "WebPage"}, _recipe("Soup &amp; Bread")]})
        + "\n</script>\n</head><body><script>var x = 1;</script></body></html>\n",
        encoding="utf-8",
    )
    results = list(read_records(path))
    assert [type(r).__name__ for r in results] == ["Rejection", "SourcedRecord"]
    broken, found = results
    assert isinstance(broken, Rejection) and isinstance(found, SourcedRecord)
    assert (broken.position, broken.field) == (2, "json")
    assert (found.position, found.record.title, found.record.source_key) == (
        4,
        "Soup & Bread",
        f"{path.resolve().as_uri()}#4",
    )


def test_html_without_a_recipe_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text('<script type="application/ld+json">{"@type": "WebPage"}</script>')
    assert list(read_records(path)) == [
        Rejection(str(path), 0, "@type", "no schema.org Recipe node in the page")
    ]


def test_a_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.json").write_text(json.dumps(_recipe("B")))
    (tmp_path / "sub" / "c.md").write_text(
        "---\ntitle: C\nauthor: Ann\n---\n## Ingredients\n- 1 egg\n"
    )
    (tmp_path / "a.md").write_text("no front matter")
    (tmp_path / "notes.txt").write_text("ignored")
    results = list(read_records(tmp_path))
    assert [Path(r.source).name for r in results] == ["a.md", "b.json", "c.md"]
    rejected, json_record, markdown_record = results
    assert isinstance(rejected, Rejection) and rejected.field == "front matter"
    assert isinstance(markdown_record, SourcedRecord)
    assert markdown_record.record.source_key == (tmp_path / "sub" / "c.md").resolve().as_uri()
    assert markdown_record.record.source_name == "sub"
    assert isinstance(json_record, SourcedRecord)


def _rejections(path: Path) -> list[Rejection]:
    items = list(read_records(path))
    assert all(isinstance(item, Rejection) for item in items)
    return [item for item in items if isinstance(item, Rejection)]


def test_unsupported_and_unreadable_files_are_rejections(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("x")
    binary = tmp_path / "broken.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert [(r.position, r.field) for r in _rejections(text_file)] == [(0, "path")]
    assert [(r.position, r.field) for r in _rejections(binary)] == [(0, "file")]


def test_jsonl_lines_may_hold_unicode_line_separators_inside_strings(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(_recipe("Soup\u2028Bread"), ensure_ascii=False) + "\n")
    results = list(read_records(path))
    assert len(results) == 1 and isinstance(results[0], SourcedRecord)
    assert results[0].record.title == "Soup Bread"


def test_same_file_names_in_different_folders_get_different_keys(tmp_path: Path) -> None:
    keys = []
    for folder in ("site1", "site2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "recipes.jsonl").write_text(json.dumps(_recipe("Soup")) + "\n")
        (tmp_path / folder / "pie.md").write_text("---\ntitle: Pie\n---\n")
        keys += [
            r.record.source_key
            for r in read_records(tmp_path / folder)
            if isinstance(r, SourcedRecord)
        ]
    assert len(set(keys)) == 4


def test_hostile_input_is_rejected_not_raised(tmp_path: Path) -> None:
    lines = [
        '{"@type": "Recipe", "name": "x", "prepTime": ' + "9" * 310 + "}",
        '{"a": ' * 500 + json.dumps(_recipe("Deep")) + "}" * 500,
        "[" * 1000 + "]" * 1000,
        '{"n": ' + "1" * 5000 + "}",
        json.dumps(_recipe("Fine")),
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n")
    results = list(read_records(path))
    assert [r.record.title for r in results if isinstance(r, SourcedRecord)] == ["Fine"]
    assert [
        (r.position, r.field, r.reason.split(":")[0]) for r in results if isinstance(r, Rejection)
    ] == [
        (1, "record", "OverflowError"),
        (2, "record", "RecursionError"),
        (3, "json", "invalid JSON"),
        (4, "json", "invalid JSON"),
    ]


def test_yaml_alias_bomb_title_is_rejected(tmp_path: Path) -> None:
    bomb = "\n".join(
        ["---", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
        + [f"{n}: &{n} [{', '.join(['*' + p] * 10)}]" for p, n in pairwise("abcdefgh")]
        + ["title: *h", "---", "## Ingredients", "- 1 egg"]
    )
    path = tmp_path / "bomb.md"
    path.write_text(bomb)
    results = list(read_records(path))
    assert [(type(r).__name__, getattr(r, "field", None)) for r in results] == [
        ("Rejection", "title")
    ]


def test_html_page_with_only_a_broken_block_is_reported_once(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<html><script type="application/ld+json">{"@type": </script></html>')
    assert [(r.position, r.field) for r in _rejections(page)] == [(1, "json")]
    empty = tmp_path / "empty.html"
    empty.write_text('<script type="application/ld+json">{"@type": "Organization"}</script>')
    assert [(r.position, r.field) for r in _rejections(empty)] == [(0, "@type")]


def test_a_file_reached_by_another_relative_path_is_the_same_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "pie.md").write_text("---\ntitle: Pie\n---\n")
    monkeypatch.chdir(folder)
    here = next(iter(read_records(Path("pie.md"))))
    monkeypatch.chdir(tmp_path)
    there = next(iter(read_records(Path("inputs") / ".." / "inputs" / "pie.md")))
    assert isinstance(here, SourcedRecord) and isinstance(there, SourcedRecord)
    assert here.record == there.record
    assert here.record.source_name == "inputs"
