"""Durations: well-formed and malformed ISO-8601 and free text -> whole minutes or None."""

from __future__ import annotations

import pytest

from recipekit.ingest.durations import parse_duration, total_time


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("PT1H30M", 90),
        ("PT90M", 90),
        ("P0DT1H30M", 90),
        ("P0DT0H35M0S", 35),
        ({"@type": "Duration", "@value": "P0DT0H35M0S"}, 35),
        ("PT1200S", 20),
        ("PT0H21M00S", 21),
        ("PT1,5H", 90),
        ("P7DT10M", 7 * 24 * 60 + 10),
        ("PTH25MS", 25),
        ("PT1HMS", 60),
        ("P30M", 30),
        ("P1H", 60),
        (45, 45),
    ],
)
def test_iso_durations_as_pages_write_them(value: object, minutes: int) -> None:
    assert parse_duration(value) == minutes


@pytest.mark.parametrize(("value", "minutes"), [("PT45S", 45), ("PT30S", 30), ("PT75S", 75)])
def test_seconds_only_that_are_not_whole_minutes_mean_minutes(value: str, minutes: int) -> None:
    assert parse_duration(value) == minutes


@pytest.mark.parametrize(
    "value",
    ["PTundefinedM", "PTNaNM", "P", "PT", "", "PT-475323H41M52S", "-5", "PT0S", "P0D", "PT0H0M"],
)
def test_placeholders_negative_and_zero_durations_are_none(value: str) -> None:
    assert parse_duration(value) is None


def test_absurdly_long_durations_are_none() -> None:
    assert parse_duration("P400D") is None
    assert parse_duration("P1Y") is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("~20 minutes + prep", 20),
        ("1 hour 30 min", 90),
        ("1 1/2 hours", 90),
        ("1½ hours", 90),
        ("2h 30min", 150),
        ("35 minuti", 35),
        ("25-30 min", 30),
        ("45 ~ 60 min", 60),
        ("20 min + 30 min for rising", 50),
        ("3 days", 3 * 24 * 60),
        ("one hour", 60),
        ("20", 20),
    ],
)
def test_free_text_times(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


def test_text_without_a_time_is_none() -> None:
    assert parse_duration("Depends") is None
    assert parse_duration(None) is None


def test_total_time_prefers_the_stated_total_then_sums_the_parts() -> None:
    assert total_time(45, 10, 20) == 45
    assert total_time(None, 10, 20) == 30
    assert total_time(None, None, 20) == 20
    assert total_time(None, 10, None) == 10
    assert total_time(None, None, None) is None
