"""The ingredient-line parser on hand-written lines, one construct each, and the evaluation
script's scoring on a small labelled file."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from recipekit.ingest.ingredient_lines import parse_ingredient_line
from recipekit.ingest.records import IngredientLine

_EVAL = Path(__file__).resolve().parents[1] / "bench" / "parser_eval.py"


def _line(text: str, **fields: object) -> IngredientLine:
    return IngredientLine(text, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # mixed numbers, unicode fractions, decimals with point or comma
        ("2 1/2 cups rolled oats", {"quantity": 2.5, "unit": "cup", "name": "rolled oats"}),
        ("⅓ cup honey", {"quantity": 1 / 3, "unit": "cup", "name": "honey"}),
        ("2¾ cups buttermilk", {"quantity": 2.75, "unit": "cup", "name": "buttermilk"}),
        ("0,25 l Sahne", {"quantity": 0.25, "unit": "l", "name": "Sahne"}),
        ("2.5 kg pumpkin", {"quantity": 2.5, "unit": "kg", "name": "pumpkin"}),
        # ranges
        ("4-5 shallots", {"quantity": 4.0, "quantity_max": 5.0, "name": "shallots"}),
        (
            "1 to 2 tablespoons maple syrup",
            {"quantity": 1.0, "quantity_max": 2.0, "unit": "tbsp", "name": "maple syrup"},
        ),
        ("6\u20138 prunes", {"quantity": 6.0, "quantity_max": 8.0, "name": "prunes"}),
        (
            "300g-400g new potatoes",
            {"quantity": 300.0, "quantity_max": 400.0, "unit": "g", "name": "new potatoes"},
        ),
        # metric/imperial pairs: the metric figure, whichever comes first
        ("225g/8oz caster sugar", {"quantity": 225.0, "unit": "g", "name": "caster sugar"}),
        ("400ml/14fl oz coconut milk", {"quantity": 400.0, "unit": "ml", "name": "coconut milk"}),
        ("1.1kg/2lb 7oz lamb shoulder", {"quantity": 1.1, "unit": "kg", "name": "lamb shoulder"}),
        ("6oz (170g) ricotta", {"quantity": 170.0, "unit": "g", "name": "ricotta"}),
        # plurals written as optional, and meal-kit "unit(s)" counts
        ("2 cup(s) flour", {"quantity": 2.0, "unit": "cup", "name": "flour"}),
        ("½ unit(s) red chilli", {"quantity": 0.5, "unit": "piece", "name": "red chilli"}),
        (
            "3 tomato(es), diced",
            {"quantity": 3.0, "unit": None, "name": "tomatoes", "preparation": "diced"},
        ),
        ("3 lbs (1.4 kg) leeks", {"quantity": 1.4, "unit": "kg", "name": "leeks"}),
        # parenthesised and hyphenated sizes of a container
        (
            "2 (15 ounce) cans black beans, drained",
            {
                "quantity": 2.0,
                "unit": "can",
                "size": "15 ounce",
                "name": "black beans",
                "preparation": "drained",
            },
        ),
        # a can or jar holds food sold prepared: the preparation is part of its name
        (
            "1 28-ounce can crushed tomatoes",
            {"quantity": 1.0, "unit": "can", "size": "28-ounce", "name": "crushed tomatoes"},
        ),
        (
            "1 x 200g tin sliced peaches",
            {"quantity": 200.0, "unit": "g", "name": "sliced peaches", "comment": "can"},
        ),
        # size words
        ("3 medium carrots", {"quantity": 3.0, "size": "medium", "name": "carrots"}),
        (
            "1 lg zucchini",
            {"quantity": 1.0, "size": "large", "name": "zucchini"},
        ),
        ("small bunch dill", {"unit": "bunch", "size": "small", "name": "dill"}),
        # "a pinch of", "to taste", nothing to measure
        ("a pinch of nutmeg", {"quantity": 1.0, "unit": "pinch", "name": "nutmeg"}),
        (
            "a heaped teaspoon of cumin seeds",
            {"quantity": 1.0, "unit": "tsp", "name": "cumin seeds", "comment": "heaped"},
        ),
        ("black pepper to taste", {"name": "black pepper", "comment": "to taste"}),
        ("Salt, to taste", {"name": "Salt", "comment": "to taste"}),
        ("oil and vinegar", {"name": "oil and vinegar"}),
        # HTML entities and tags
        (
            "1&frac14; cups <strong>sugar</strong>",
            {"quantity": 1.25, "unit": "cup", "name": "sugar"},
        ),
        ("2 tbsp salt &amp; pepper", {"quantity": 2.0, "unit": "tbsp", "name": "salt & pepper"}),
        # alternatives: in the name they stay; after a comma or in parentheses they are comments
        (
            "1 tbsp lime or lemon juice",
            {"quantity": 1.0, "unit": "tbsp", "name": "lime or lemon juice"},
        ),
        (
            "100g/3½oz spinach, or kale",
            {"quantity": 100.0, "unit": "g", "name": "spinach", "comment": "or kale"},
        ),
        (
            "2 tbsp tahini (or peanut butter)",
            {"quantity": 2.0, "unit": "tbsp", "name": "tahini", "comment": "or peanut butter"},
        ),
        (
            "1 leek or 2 onions, sliced",
            {"quantity": 1.0, "name": "leek", "preparation": "sliced", "comment": "or 2 onions"},
        ),
        # preparation, in front of the name or after a comma; comments such as "such as ..."
        (
            "2 waxy potatoes, such as Charlotte, peeled and halved",
            {
                "quantity": 2.0,
                "name": "waxy potatoes",
                "preparation": "peeled and halved",
                "comment": "such as Charlotte",
            },
        ),
        (
            "1 tsp freshly grated ginger",
            {"quantity": 1.0, "unit": "tsp", "name": "ginger", "preparation": "freshly grated"},
        ),
        ("1 tsp ground coriander", {"quantity": 1.0, "unit": "tsp", "name": "ground coriander"}),
        (
            "olive oil, for frying",
            {"name": "olive oil", "comment": "for frying"},
        ),
        # counting units after the food, multipliers, parts of a fruit
        (
            "3 garlic cloves, sliced",
            {"quantity": 3.0, "unit": "clove", "name": "garlic", "preparation": "sliced"},
        ),
        (
            "2 x 200g tubs crème fraîche",
            {"quantity": 400.0, "unit": "g", "name": "crème fraîche", "comment": "tub"},
        ),
        ("juice of 2 limes", {"quantity": 2.0, "name": "limes", "comment": "juice of"}),
        (
            "½ cup plus 1 tablespoon cream",
            {"quantity": 0.5, "unit": "cup", "name": "cream", "comment": "plus 1 tablespoon"},
        ),
        # fractions joined by "and", fraction slash (U+2044) and spaced slashes
        ("1 and 1/2 teaspoons salt", {"quantity": 1.5, "unit": "tsp", "name": "salt"}),
        ("2 and a half cups flour", {"quantity": 2.5, "unit": "cup", "name": "flour"}),
        ("1 \u2044 4 tsp. pepper", {"quantity": 0.25, "unit": "tsp", "name": "pepper"}),
        ("1\u20442 cup milk", {"quantity": 0.5, "unit": "cup", "name": "milk"}),
        ("1 / 2 cup milk", {"quantity": 0.5, "unit": "cup", "name": "milk"}),
        # a measure after a count: the size of a container or of the item itself
        (
            "1 13oz. can coconut milk",
            {"quantity": 1.0, "unit": "can", "size": "13oz.", "name": "coconut milk"},
        ),
        (
            "2 14.5-oz cans tomatoes",
            {"quantity": 2.0, "unit": "can", "size": "14.5-oz", "name": "tomatoes"},
        ),
        ("1 3 lb pork shoulder", {"quantity": 1.0, "size": "3 lb", "name": "pork shoulder"}),
        ("1 (3-pound) chicken", {"quantity": 1.0, "size": "3-pound", "name": "chicken"}),
        # non-English units (EL/TL only in capitals)
        ("2 tsk salt", {"quantity": 2.0, "unit": "tsp", "name": "salt"}),
        ("1 ss smør", {"quantity": 1.0, "unit": "tbsp", "name": "smør"}),
        ("3 dl melk", {"quantity": 3.0, "unit": "dl", "name": "melk"}),
        ("2 EL Öl", {"quantity": 2.0, "unit": "tbsp", "name": "Öl"}),
        ("1 el pollo", {"quantity": 1.0, "name": "el pollo"}),
        ("1 Prise Salz", {"quantity": 1.0, "unit": "pinch", "name": "Salz"}),
        ("1 c. à s. sel", {"quantity": 1.0, "unit": "tbsp", "name": "sel"}),
        ("1 c. à c. sucre", {"quantity": 1.0, "unit": "tsp", "name": "sucre"}),
        ("2 cucharaditas azúcar", {"quantity": 2.0, "unit": "tsp", "name": "azúcar"}),
        # amounts after the name, "+" for "plus", optional markers, bullets and emphasis
        ("Butter: 50 g | 2 oz", {"quantity": 50.0, "unit": "g", "name": "Butter"}),
        ("Chinese 5 spice", {"name": "Chinese 5 spice"}),
        (
            "1 cup + 2 tbsp sugar",
            {"quantity": 1.0, "unit": "cup", "name": "sugar", "comment": "+ 2 tbsp"},
        ),
        (
            "(optional) ½ tsp nutmeg",
            {"quantity": 0.5, "unit": "tsp", "name": "nutmeg", "comment": "optional"},
        ),
        ("- **1 kg** beans", {"quantity": 1.0, "unit": "kg", "name": "beans"}),
        ("a quarter of a pound of rice", {"quantity": 0.25, "unit": "lb", "name": "rice"}),
        ("2 tbsp honey ()", {"quantity": 2.0, "unit": "tbsp", "name": "honey"}),
        # sizes: of a slice in parentheses, ranges and compound measures before a container,
        # the other figure of a pair in parentheses dropped
        (
            "4 (1/2 inch thick) slices ham",
            {"quantity": 4.0, "unit": "slice", "size": "1/2 inch thick", "name": "ham"},
        ),
        (
            "Two 14 oz (400g) cans chickpeas",
            {"quantity": 2.0, "unit": "can", "size": "14 oz", "name": "chickpeas"},
        ),
        (
            "1 15- to 16-ounce box cake mix",
            {"quantity": 1.0, "unit": "box", "size": "15- to 16-ounce", "name": "cake mix"},
        ),
        (
            "1 2-pound-3-ounce can tomatoes",
            {"quantity": 1.0, "unit": "can", "size": "2-pound-3-ounce", "name": "tomatoes"},
        ),
        (
            "1/2 of 8-ounce package cream cheese",
            {"quantity": 0.5, "unit": "package", "size": "8-ounce", "name": "cream cheese"},
        ),
        # "packed" before the unit; a percentage is part of the name, not a quantity
        (
            "1 lightly packed cup basil",
            {"quantity": 1.0, "unit": "cup", "name": "basil", "comment": "lightly packed"},
        ),
        ("70% dark chocolate", {"name": "70% dark chocolate"}),
        # adjectives before a comma, another word in parentheses inside the name, a second
        # amount after the name or after "plus", a count per person
        (
            "3 large ripe, firm pears, halved",
            {"quantity": 3.0, "size": "large", "name": "ripe firm pears", "preparation": "halved"},
        ),
        (
            "1 cup light (single) cream",
            {"quantity": 1.0, "unit": "cup", "name": "light single cream"},
        ),
        (
            "1 tsp cumin seeds 5 mL",
            {"quantity": 1.0, "unit": "tsp", "name": "cumin seeds", "comment": "5 mL"},
        ),
        (
            "1 cup plus 2 tbsp/250 g flour",
            {"quantity": 1.0, "unit": "cup", "name": "flour", "comment": "plus 2 tbsp"},
        ),
        (
            "2 sausages per person",
            {"quantity": 2.0, "name": "sausages", "comment": "per person"},
        ),
        # inch marks after a count: the size of the piece or slice
        (
            '1 3" piece ginger, peeled',
            {
                "quantity": 1.0,
                "unit": "piece",
                "size": '3"',
                "name": "ginger",
                "preparation": "peeled",
            },
        ),
        (
            "4 1\u201d-thick slices rye bread",
            {"quantity": 4.0, "unit": "slice", "size": "1\u201d-thick", "name": "rye bread"},
        ),
        # containers and counting units of American lines; a celery rib is a stalk
        (
            "1 (8 ounce) container sour cream",
            {"quantity": 1.0, "unit": "container", "size": "8 ounce", "name": "sour cream"},
        ),
        (
            "6 (1 ounce) squares dark chocolate",
            {"quantity": 6.0, "unit": "square", "size": "1 ounce", "name": "dark chocolate"},
        ),
        ("3 pods green cardamom", {"quantity": 3.0, "unit": "pod", "name": "green cardamom"}),
        (
            "2 ribs celery, diced",
            {"quantity": 2.0, "unit": "stalk", "name": "celery", "preparation": "diced"},
        ),
        ("3 celery ribs", {"quantity": 3.0, "unit": "stalk", "name": "celery"}),
        # a counted part of a food is named in the singular
        ("5 bay leaves", {"quantity": 5.0, "name": "bay leaf"}),
        ("2 teaspoons ground cloves", {"quantity": 2.0, "unit": "tsp", "name": "ground clove"}),
        # preparations in a row or joined by "and", and in front of the second food of a pair
        (
            "1 cup cooked and mashed sweet potato",
            {
                "quantity": 1.0,
                "unit": "cup",
                "name": "sweet potato",
                "preparation": "cooked and mashed",
            },
        ),
        (
            "1/2 cup chopped peeled seeded melon",
            {
                "quantity": 0.5,
                "unit": "cup",
                "name": "melon",
                "preparation": "chopped peeled seeded",
            },
        ),
        (
            "4 cups hot cooked noodles",
            {"quantity": 4.0, "unit": "cup", "name": "noodles", "preparation": "hot cooked"},
        ),
        ("3 hard-boiled eggs", {"quantity": 3.0, "name": "eggs", "preparation": "hard-boiled"}),
        (
            "Salt and freshly ground white pepper",
            {"name": "Salt and white pepper", "preparation": "freshly ground"},
        ),
        # what a food is for, and other remarks after the name without a comma
        ("brown sugar for sprinkling", {"name": "brown sugar", "comment": "for sprinkling"}),
        (
            "2 cups stock to cover",
            {"quantity": 2.0, "unit": "cup", "name": "stock", "comment": "to cover"},
        ),
        (
            "1 tbsp sugar like turbinado",
            {"quantity": 1.0, "unit": "tbsp", "name": "sugar", "comment": "like turbinado"},
        ),
        (
            "1 cup raisins if using",
            {"quantity": 1.0, "unit": "cup", "name": "raisins", "comment": "if using"},
        ),
    ],
)
def test_each_construct_is_parsed_exactly(text: str, expected: dict[str, object]) -> None:
    assert parse_ingredient_line(text) == _line(text, **expected)


def _evaluation_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("parser_eval", _EVAL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def test_the_evaluation_scores_a_labelled_file(tmp_path: Path) -> None:
    data = tmp_path / "lines.csv"
    data.write_text(
        "input,name,quantity,unit,size,preparation,comment,purpose\n"
        '"250g/9oz dried apricots, halved",dried apricots,250 9,g oz,,halved,,\n'  # all right
        "1¼ cups whole milk,whole milk,1#1$4,c,,,,\n"  # all right ("c" is "cup")
        "2-3 heaped tbsp sultanas,sultanas,2-3,heaped tbsp,,,,\n"  # all right
        "2 x 400g tins lentils,lentils,2x 400,g tin,,,,\n"  # all right (2 x 400 = 800)
        "2 (15 ounce) cans beans,beans,2 15,ounce can,,,,\n"  # all right (2 cans of 15 oz)
        "Two 6-ounce jars pesto,pesto,Two 6,ounce jar,,,,\n"  # all right (2 jars)
        "handful of rocket,wild rocket,,handful,,,of,\n"  # name wrong
        "a dash of milk,milk,,dash,,,a of,\n"  # quantity wrong (the parser reads 1)
        "unlabelled line,,,,,,,\n",  # skipped
        encoding="utf-8",
    )
    scores = _evaluation_script().evaluate(data)
    assert (scores.lines, scores.quantity, scores.unit, scores.name) == (8, 7, 8, 7)
    assert scores.share(scores.quantity) == pytest.approx(7 / 8)
