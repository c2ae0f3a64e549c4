"""Analysis of nutrition figures as DataFrames: macronutrient energy, impossible values and
label against computed figures. Every function takes the frame `nutrition_frame` returns.
"""

from __future__ import annotations

import pandas as pd

KCAL_PER_GRAM = {"protein_g": 4.0, "carbohydrates_g": 4.0, "fat_g": 9.0}
"""Atwater factors: energy per gram of each macronutrient."""

SERVING_LIMITS = {
    "calories_kcal": 5_000.0,
    "protein_g": 400.0,
    "fat_g": 500.0,
    "carbohydrates_g": 1_000.0,
    "sugar_g": 800.0,
    "sodium_mg": 20_000.0,
}
"""Per serving, more than any one serving of food has: a figure above is an error somewhere
(a whole-recipe figure stored per serving, a unit read wrongly, a typo on the label)."""

COMPARED = ("calories_kcal", "protein_g", "fat_g", "carbohydrates_g", "sodium_mg")
"""The figures `label_vs_computed` compares."""


def energy_split(nutrition: pd.DataFrame) -> pd.DataFrame:
    """Per row: kcal from protein, carbohydrates and fat (4/4/9 kcal per g), each one's share of
    their sum, and ``macro_kcal`` (that sum) beside the stated ``calories_kcal``.

    Rows lacking any of the three macronutrients get NaN shares.
    """
    split = nutrition[["recipe_id", "title", "source", "calories_kcal"]].copy()
    for column, factor in KCAL_PER_GRAM.items():
        split[column.removesuffix("_g") + "_kcal"] = nutrition[column].astype(float) * factor
    energy = [name.removesuffix("_g") + "_kcal" for name in KCAL_PER_GRAM]
    split["macro_kcal"] = split[energy].sum(axis=1, min_count=len(energy))
    for name in energy:
        split[name.removesuffix("_kcal") + "_share"] = split[name] / split["macro_kcal"]
    return split


def outliers(nutrition: pd.DataFrame) -> pd.DataFrame:
    """The per-serving figures above `SERVING_LIMITS`, one row per figure: recipe_id, title,
    source, figure, value and limit. Whole-recipe figures (``per_serving`` False) are skipped."""
    per_serving = nutrition[nutrition["per_serving"].astype(bool)]
    found = []
    for figure, limit in SERVING_LIMITS.items():
        above = per_serving[per_serving[figure].astype(float) > limit]
        found.append(
            above[["recipe_id", "title", "source"]].assign(
                figure=figure, value=above[figure].astype(float), limit=limit
            )
        )
    return pd.concat(found, ignore_index=True).sort_values(["title", "figure"], ignore_index=True)


def label_vs_computed(nutrition: pd.DataFrame) -> pd.DataFrame:
    """The recipes with both label and per-serving computed figures, one row each: for every
    figure of `COMPARED` the ``label_*`` and ``computed_*`` values and ``*_error_pct``, the
    computed one's absolute error relative to the label, in percent (NaN where the label says
    0); with the computed row's ``mass_coverage`` and ``line_coverage``."""
    keys = ["recipe_id", "title"]
    label = nutrition[nutrition["source"].astype(str) == "label"]
    computed = nutrition[
        (nutrition["source"].astype(str) == "computed") & nutrition["per_serving"].astype(bool)
    ]
    both = label[[*keys, *COMPARED]].merge(
        computed[[*keys, *COMPARED, "mass_coverage", "line_coverage"]],
        on=keys,
        suffixes=("_label", "_computed"),
    )
    compared = both[keys].copy()
    for figure in COMPARED:
        stated = both[f"{figure}_label"].astype(float)
        worked_out = both[f"{figure}_computed"].astype(float)
        compared[f"label_{figure}"] = stated
        compared[f"computed_{figure}"] = worked_out
        compared[f"{figure}_error_pct"] = (
            (worked_out - stated).abs() / stated.where(stated > 0) * 100
        )
    compared["mass_coverage"] = both["mass_coverage"].astype(float)
    compared["line_coverage"] = both["line_coverage"].astype(float)
    return compared.sort_values("title", ignore_index=True)
