"""Build ``alembic/seed/foods.csv``: common recipe ingredients with USDA SR28 nutrients.

Usage (from the repository root)::

    python alembic/seed/build_foods.py [--usda DIR] [--out FILE]

``DIR`` defaults to ``../shared/data/usda-sr28`` relative to the repository root and must hold
``sr28_per100g_core.csv`` and ``sr28_household_weights.csv``. The curated list below names, for
each ingredient, the SR28 food a recipe line most plausibly means (raw vegetables and meat, dry
pasta and rice, whole milk, unsalted butter, ...). Nutrient figures are copied per 100 g exactly
as USDA gives them; an empty USDA cell (not measured) stays empty, never 0. ``grams_per_unit`` is
derived from the USDA household measures (grams per one unit: cup, tbsp, tsp, fl oz, oz, each,
large/medium/small, clove, slice, can, stick, pinch, stalk, bunch, leaf, sprig, packet; the plainest
measure per unit, a medium one before other sizes, then the first;
missing volumes are derived from a listed one). The output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_USDA = REPO_ROOT.parent / "shared" / "data" / "usda-sr28"
DEFAULT_OUT = Path(__file__).resolve().parent / "foods.csv"

# (slug, USDA ndb_no, display name, aliases separated by ";", countable)
# Countable foods also get the plural of their name and of each alias as aliases.
Food = tuple[str, str, str, str, bool]

CATALOG: dict[str, list[Food]] = {
    "grains": [
        (
            "all-purpose-flour",
            "20081",
            "all-purpose flour",
            "plain flour; flour; ap flour; all purpose flour; white flour; wheat flour",
            False,
        ),
        (
            "bread-flour",
            "20083",
            "bread flour",
            "strong flour; strong white flour; strong bread flour",
            False,
        ),
        ("cake-flour", "20084", "cake flour", "soft flour; pastry flour", False),
        (
            "self-rising-flour",
            "20082",
            "self-rising flour",
            "self-raising flour; self raising flour",
            False,
        ),
        (
            "whole-wheat-flour",
            "20080",
            "whole-wheat flour",
            "whole wheat flour; wholemeal flour; whole-grain flour; wholewheat flour",
            False,
        ),
        ("semolina", "20066", "semolina", "semolina flour; durum semolina", False),
        ("cornmeal", "20022", "cornmeal", "yellow cornmeal; polenta; corn meal; maize meal", False),
        ("masa-harina", "20017", "masa harina", "masa; corn masa flour", False),
        ("cornstarch", "20027", "cornstarch", "cornflour; corn starch; maize starch", False),
        (
            "rolled-oats",
            "08120",
            "rolled oats",
            "oats; old-fashioned oats; porridge oats; oatmeal; quick oats; oat flakes",
            False,
        ),
        (
            "white-rice",
            "20044",
            "white rice",
            "rice; long-grain rice; long grain rice; "
            "basmati rice; jasmine rice; long-grain white rice",
            False,
        ),
        (
            "medium-grain-rice",
            "20050",
            "medium-grain rice",
            "arborio rice; risotto rice; carnaroli rice; paella rice; bomba rice; calrose rice",
            False,
        ),
        (
            "short-grain-rice",
            "20052",
            "short-grain rice",
            "sushi rice; pudding rice; short grain rice",
            False,
        ),
        ("glutinous-rice", "20054", "glutinous rice", "sticky rice; sweet rice", False),
        ("brown-rice", "20036", "brown rice", "long-grain brown rice", False),
        (
            "pasta",
            "20120",
            "pasta",
            "dried pasta; spaghetti; penne; linguine; "
            "fettuccine; macaroni; elbow macaroni; rigatoni; "
            "fusilli; farfalle; orzo; lasagne sheets; lasagna noodles; tagliatelle; bucatini; "
            "conchiglie; pasta shells",
            False,
        ),
        ("egg-noodles", "20109", "egg noodles", "dried egg noodles", False),
        (
            "rice-noodles",
            "20133",
            "rice noodles",
            "rice vermicelli; rice sticks; flat rice noodles",
            False,
        ),
        ("soba-noodles", "20114", "soba noodles", "soba; buckwheat noodles", False),
        (
            "glass-noodles",
            "16082",
            "glass noodles",
            "cellophane noodles; bean thread noodles; mung bean noodles",
            False,
        ),
        ("couscous", "20028", "couscous", "", False),
        ("quinoa", "20035", "quinoa", "white quinoa", False),
        ("bulgur", "20012", "bulgur", "bulgur wheat; bulghur; cracked wheat", False),
        ("pearl-barley", "20005", "pearl barley", "barley; pearled barley", False),
    ],
    "breads": [
        (
            "white-bread",
            "18069",
            "white bread",
            "bread; sandwich bread; sliced bread; white sandwich bread",
            False,
        ),
        (
            "whole-wheat-bread",
            "18075",
            "whole-wheat bread",
            "whole wheat bread; wholemeal bread; brown bread; wholegrain bread",
            False,
        ),
        (
            "baguette",
            "18029",
            "baguette",
            "baguettes; french bread; french stick; "
            "sourdough bread; sourdough; crusty bread; ciabatta",
            False,
        ),
        ("pita-bread", "18041", "pita bread", "pita; pitta; pitta bread; pocket bread", True),
        ("naan", "28307", "naan", "naan bread; nan bread", True),
        ("flour-tortilla", "18364", "flour tortilla", "tortilla; wheat tortilla; wrap", True),
        ("corn-tortilla", "18363", "corn tortilla", "", True),
        ("burger-bun", "18350", "burger bun", "hamburger bun; hot dog bun; bread roll; roll", True),
        (
            "breadcrumbs",
            "18079",
            "breadcrumbs",
            "dry breadcrumbs; bread crumbs; dried breadcrumbs; panko; panko breadcrumbs",
            False,
        ),
        (
            "puff-pastry",
            "18337",
            "puff pastry",
            "frozen puff pastry; ready-rolled puff pastry",
            False,
        ),
    ],
    "sweeteners": [
        (
            "granulated-sugar",
            "19335",
            "granulated sugar",
            "sugar; white sugar; caster sugar; superfine sugar; castor sugar; cane sugar",
            False,
        ),
        (
            "brown-sugar",
            "19334",
            "brown sugar",
            "light brown sugar; dark brown sugar; "
            "soft brown sugar; muscovado sugar; packed brown sugar",
            False,
        ),
        (
            "powdered-sugar",
            "19336",
            "powdered sugar",
            "icing sugar; confectioners' sugar; confectioners sugar; confectioner's sugar",
            False,
        ),
        (
            "turbinado-sugar",
            "19908",
            "turbinado sugar",
            "demerara sugar; raw sugar; demerara",
            False,
        ),
        ("honey", "19296", "honey", "runny honey; clear honey", False),
        ("maple-syrup", "19353", "maple syrup", "pure maple syrup", False),
        ("molasses", "19304", "molasses", "black treacle; treacle", False),
        ("corn-syrup", "19350", "corn syrup", "light corn syrup; glucose syrup", False),
        (
            "jam",
            "19297",
            "jam",
            "preserves; fruit jam; jelly; raspberry jam; strawberry jam",
            False,
        ),
    ],
    "dairy-eggs": [
        ("egg", "01123", "egg", "large egg; whole egg; hen's egg; medium egg", True),
        ("egg-white", "01124", "egg white", "", True),
        ("egg-yolk", "01125", "egg yolk", "yolk", True),
        (
            "whole-milk",
            "01077",
            "whole milk",
            "milk; full-fat milk; full fat milk; full cream milk",
            False,
        ),
        (
            "reduced-fat-milk",
            "01079",
            "reduced-fat milk",
            "2% milk; semi-skimmed milk; semi skimmed milk; low-fat milk",
            False,
        ),
        ("skim-milk", "01085", "skim milk", "skimmed milk; fat-free milk; nonfat milk", False),
        ("buttermilk", "01088", "buttermilk", "cultured buttermilk", False),
        ("evaporated-milk", "01096", "evaporated milk", "", False),
        ("sweetened-condensed-milk", "01095", "sweetened condensed milk", "condensed milk", False),
        (
            "heavy-cream",
            "01053",
            "heavy cream",
            "double cream; heavy whipping cream; whipping cream; thickened cream; cream",
            False,
        ),
        ("light-cream", "01050", "light cream", "single cream; table cream; coffee cream", False),
        ("half-and-half", "01049", "half-and-half", "half and half", False),
        ("sour-cream", "01056", "sour cream", "soured cream", False),
        (
            "plain-yogurt",
            "01116",
            "plain yogurt",
            "yogurt; yoghurt; natural yogurt; natural yoghurt; plain yoghurt; whole milk yogurt",
            False,
        ),
        (
            "greek-yogurt",
            "01293",
            "Greek yogurt",
            "greek yoghurt; strained yogurt; greek-style yogurt",
            False,
        ),
        ("unsalted-butter", "01145", "unsalted butter", "butter; sweet butter", False),
        ("salted-butter", "01001", "salted butter", "", False),
        ("ghee", "01003", "ghee", "clarified butter; butter oil", False),
        ("cream-cheese", "01017", "cream cheese", "soft cheese; philadelphia", False),
        (
            "cheddar",
            "01009",
            "cheddar",
            "cheddar cheese; sharp cheddar; mature cheddar; grated cheese; shredded cheese; cheese",
            False,
        ),
        (
            "parmesan",
            "01032",  # grated: what "1 cup parmesan" measures (the hard block has no volumes)
            "parmesan",
            "parmesan cheese; parmigiano-reggiano; parmigiano reggiano; parmigiano; grana padano",
            False,
        ),
        ("pecorino-romano", "01038", "pecorino romano", "pecorino; romano cheese; romano", False),
        (
            "american-cheese",
            "01253",
            "american cheese",
            "american cheese slices; processed cheese; cheese slices",
            False,
        ),
        (
            "mozzarella",
            "01026",
            "mozzarella",
            "mozzarella cheese; fresh mozzarella; buffalo mozzarella",
            False,
        ),
        ("feta", "01019", "feta", "feta cheese", False),
        ("ricotta", "01036", "ricotta", "ricotta cheese", False),
        (
            "goat-cheese",
            "01159",
            "goat cheese",
            "goat's cheese; goats cheese; chevre; soft goat cheese",
            False,
        ),
        ("gruyere", "01023", "gruyère", "gruyere; gruyere cheese; comte", False),
        ("swiss-cheese", "01040", "Swiss cheese", "emmental; emmentaler", False),
        ("monterey-jack", "01025", "Monterey Jack", "monterey jack cheese; jack cheese", False),
        ("blue-cheese", "01004", "blue cheese", "gorgonzola; stilton; roquefort", False),
        ("cottage-cheese", "01012", "cottage cheese", "", False),
        ("cotija", "01267", "cotija", "cotija cheese; queso cotija", False),
    ],
    "oils-fats": [
        (
            "olive-oil",
            "04053",
            "olive oil",
            "extra-virgin olive oil; extra virgin olive oil; evoo; light olive oil",
            False,
        ),
        (
            "vegetable-oil",
            "04044",
            "vegetable oil",
            "oil; cooking oil; neutral oil; soybean oil; corn oil; groundnut oil",
            False,
        ),
        ("canola-oil", "04582", "canola oil", "rapeseed oil", False),
        ("sunflower-oil", "04060", "sunflower oil", "", False),
        ("sesame-oil", "04058", "sesame oil", "toasted sesame oil", False),
        ("coconut-oil", "04047", "coconut oil", "virgin coconut oil", False),
        ("peanut-oil", "04042", "peanut oil", "", False),
        ("lard", "04002", "lard", "", False),
        ("vegetable-shortening", "04031", "vegetable shortening", "shortening; crisco", False),
    ],
    "vegetables": [
        (
            "onion",
            "11282",
            "onion",
            "yellow onion; brown onion; white onion; red onion; sweet onion",
            True,
        ),
        (
            "garlic",
            "11215",
            "garlic",
            "garlic clove; clove of garlic; cloves of garlic; fresh garlic",
            False,
        ),
        ("shallot", "11677", "shallot", "eschalot; banana shallot", True),
        ("leek", "11246", "leek", "", True),
        ("spring-onion", "11291", "spring onion", "scallion; green onion; salad onion", True),
        ("ginger", "11216", "ginger", "fresh ginger; ginger root; root ginger", False),
        (
            "tomato",
            "11529",
            "tomato",
            "fresh tomato; cherry tomato; plum tomato; roma tomato; vine tomato",
            True,
        ),
        (
            "bell-pepper-red",
            "11821",
            "red bell pepper",
            "red pepper; red capsicum; red sweet pepper; bell pepper",
            True,
        ),
        ("bell-pepper-green", "11333", "green bell pepper", "green pepper; green capsicum", True),
        (
            "bell-pepper-yellow",
            "11951",
            "yellow bell pepper",
            "yellow pepper; yellow capsicum",
            True,
        ),
        ("jalapeno", "11979", "jalapeño", "jalapeno; jalapeno pepper; jalapeño pepper", True),
        (
            "red-chili",
            "11819",
            "red chili",
            "red chile; red chilli; fresh chili; fresh red chili; chili; chilli; chile; "
            "bird's eye chili; thai chili; fresno chili",
            True,
        ),
        (
            "green-chili",
            "11670",
            "green chili",
            "green chilli; green chile; serrano; serrano pepper",
            True,
        ),
        ("carrot", "11124", "carrot", "", True),
        ("celery", "11143", "celery", "celery stalk; celery stick; celery rib", False),
        (
            "potato",
            "11352",
            "potato",
            "russet potato; baking potato; maris piper; yukon gold potato; "
            "new potato; waxy potato; floury potato",
            True,
        ),
        ("sweet-potato", "11507", "sweet potato", "yam; kumara", True),
        ("spinach", "11457", "spinach", "baby spinach; fresh spinach; spinach leaves", False),
        ("kale", "11233", "kale", "cavolo nero; lacinato kale; curly kale", False),
        (
            "romaine-lettuce",
            "11251",
            "romaine lettuce",
            "romaine; cos lettuce; little gem; lettuce",
            False,
        ),
        ("iceberg-lettuce", "11252", "iceberg lettuce", "iceberg", False),
        (
            "mixed-salad-greens",
            "11253",
            "mixed salad greens",
            "salad leaves; mixed greens; green leaf lettuce; mesclun; salad greens",
            False,
        ),
        ("cabbage", "11109", "cabbage", "white cabbage; green cabbage", False),
        ("red-cabbage", "11112", "red cabbage", "purple cabbage", False),
        ("savoy-cabbage", "11114", "savoy cabbage", "", False),
        ("bok-choy", "11116", "bok choy", "pak choi; pak choy; bok choi", False),
        ("napa-cabbage", "11119", "napa cabbage", "chinese cabbage; chinese leaf; wombok", False),
        ("broccoli", "11090", "broccoli", "broccoli florets; tenderstem broccoli", False),
        ("cauliflower", "11135", "cauliflower", "cauliflower florets", False),
        ("mushroom", "11260", "mushroom", "white mushroom; button mushroom", True),
        (
            "cremini-mushroom",
            "11266",
            "cremini mushroom",
            "crimini mushroom; chestnut mushroom; baby bella mushroom; brown mushroom",
            True,
        ),
        (
            "portobello-mushroom",
            "11265",
            "portobello mushroom",
            "portabella mushroom; portobello; flat mushroom",
            True,
        ),
        ("shiitake-mushroom", "11238", "shiitake mushroom", "shiitake; fresh shiitake", True),
        (
            "dried-shiitake",
            "11268",
            "dried shiitake",
            "dried shiitake mushrooms; dried mushrooms",
            False,
        ),
        ("zucchini", "11477", "zucchini", "courgette; courgettes; summer squash", False),
        ("eggplant", "11209", "eggplant", "aubergine; brinjal", True),
        ("cucumber", "11205", "cucumber", "english cucumber; persian cucumber", True),
        (
            "sweet-corn",
            "11167",
            "sweet corn",
            "corn; corn kernels; sweetcorn; corn on the cob; ear of corn",
            False,
        ),
        ("green-peas", "11312", "green peas", "peas; frozen peas; garden peas; petits pois", False),
        ("edamame", "11211", "edamame", "edamame beans; shelled edamame", False),
        (
            "green-beans",
            "11052",
            "green beans",
            "string beans; french beans; snap beans; haricots verts",
            False,
        ),
        ("asparagus", "11011", "asparagus", "asparagus spears", False),
        ("avocado", "09037", "avocado", "hass avocado", True),
        ("pumpkin", "11422", "pumpkin", "", False),
        ("butternut-squash", "11485", "butternut squash", "butternut; winter squash", False),
        ("beet", "11080", "beet", "beetroot; beetroots; red beet", True),
        ("radish", "11429", "radish", "", True),
        ("arugula", "11959", "arugula", "rocket; roquette; wild rocket", False),
        ("fennel", "11957", "fennel", "fennel bulb; florence fennel", False),
        ("swiss-chard", "11147", "Swiss chard", "chard; rainbow chard; silverbeet", False),
        ("bean-sprouts", "11043", "bean sprouts", "mung bean sprouts; beansprouts", False),
        ("brussels-sprouts", "11098", "Brussels sprouts", "brussels sprout; sprouts", False),
        ("parsnip", "11298", "parsnip", "", True),
        ("okra", "11278", "okra", "ladies' fingers; bhindi", False),
        ("artichoke", "11007", "artichoke", "globe artichoke", True),
        ("black-olives", "09193", "black olives", "ripe olives; kalamata olives; olives", False),
        ("green-olives", "09195", "green olives", "", False),
        ("capers", "02054", "capers", "caper", False),
        ("kimchi", "11118", "kimchi", "kimchee", False),
        (
            "dill-pickles",
            "11937",
            "dill pickles",
            "pickles; gherkins; pickle; dill pickle; cornichons",
            False,
        ),
        ("sauerkraut", "11439", "sauerkraut", "", False),
        ("bamboo-shoots", "11028", "bamboo shoots", "", False),
    ],
    "fruits": [
        ("apple", "09003", "apple", "eating apple; granny smith apple; gala apple", True),
        ("banana", "09040", "banana", "ripe banana", True),
        ("lemon", "09150", "lemon", "", True),
        ("rhubarb", "09307", "rhubarb", "rhubarb stalks", False),
        ("cranberries", "09078", "cranberries", "cranberry; fresh cranberries", False),
        ("applesauce", "09019", "applesauce", "apple sauce; unsweetened applesauce", False),
        ("lemon-juice", "09152", "lemon juice", "fresh lemon juice; juice of a lemon", False),
        ("lemon-zest", "09156", "lemon zest", "lemon peel; grated lemon zest; lemon rind", False),
        ("lime", "09159", "lime", "", True),
        ("lime-juice", "09160", "lime juice", "fresh lime juice", False),
        ("orange", "09200", "orange", "navel orange", True),
        ("orange-juice", "09206", "orange juice", "fresh orange juice", False),
        ("orange-zest", "09216", "orange zest", "orange peel; orange rind", False),
        ("strawberries", "09316", "strawberries", "strawberry", False),
        ("blueberries", "09050", "blueberries", "blueberry", False),
        ("raspberries", "09302", "raspberries", "raspberry", False),
        ("cherries", "09070", "cherries", "cherry; sweet cherries", False),
        ("mango", "09176", "mango", "mangos", True),
        ("pineapple", "09266", "pineapple", "pineapple chunks", True),
        ("peach", "09236", "peach", "nectarine", True),
        ("pear", "09252", "pear", "", True),
        ("grapes", "09132", "grapes", "grape; red grapes; green grapes; seedless grapes", False),
        ("watermelon", "09326", "watermelon", "", False),
        ("pomegranate", "09286", "pomegranate", "pomegranate seeds; pomegranate arils", True),
        ("raisins", "09298", "raisins", "raisin; seedless raisins", False),
        ("golden-raisins", "09297", "golden raisins", "sultanas; sultana; golden raisin", False),
        ("dates", "09087", "dates", "date; pitted dates; dried dates", False),
        ("medjool-dates", "09421", "medjool dates", "medjool date", False),
        (
            "dried-cranberries",
            "09079",
            "dried cranberries",
            "craisins; sweetened dried cranberries",
            False,
        ),
        ("dried-apricots", "09032", "dried apricots", "dried apricot", False),
        (
            "desiccated-coconut",
            "12108",
            "desiccated coconut",
            "unsweetened shredded coconut; shredded coconut; coconut flakes; dried coconut",
            False,
        ),
    ],
    "herbs": [
        ("basil", "02044", "basil", "fresh basil; basil leaves; sweet basil; thai basil", False),
        (
            "parsley",
            "11297",
            "parsley",
            "fresh parsley; flat-leaf parsley; flat leaf parsley; italian parsley; curly parsley",
            False,
        ),
        (
            "cilantro",
            "11165",
            "cilantro",
            "coriander; fresh coriander; coriander leaves; cilantro leaves",
            False,
        ),
        ("dill", "02045", "dill", "fresh dill; dill weed", False),
        ("mint", "02065", "mint", "fresh mint; mint leaves; spearmint", False),
        ("rosemary", "02063", "rosemary", "fresh rosemary; rosemary sprigs", False),
        ("thyme", "02049", "thyme", "fresh thyme; thyme sprigs; thyme leaves", False),
        ("chives", "11156", "chives", "fresh chives; chive", False),
        ("lemongrass", "11972", "lemongrass", "lemon grass; lemongrass stalk", False),
        ("dried-oregano", "02027", "dried oregano", "oregano", False),
        ("dried-basil", "02003", "dried basil", "", False),
        ("dried-thyme", "02042", "dried thyme", "", False),
        ("dried-rosemary", "02036", "dried rosemary", "", False),
        ("dried-parsley", "02029", "dried parsley", "parsley flakes", False),
        ("dried-sage", "02038", "sage", "dried sage; ground sage; rubbed sage; fresh sage", False),
        ("dried-tarragon", "02041", "tarragon", "dried tarragon; fresh tarragon", False),
        ("dried-marjoram", "02023", "marjoram", "dried marjoram", False),
        ("bay-leaves", "02004", "bay leaves", "bay leaf; dried bay leaves", False),
    ],
    "spices": [
        (
            "poultry-seasoning",
            "02034",
            "poultry seasoning",
            "italian seasoning; mixed herbs; herbes de provence",
            False,
        ),
        (
            "salt",
            "02047",
            "salt",
            "table salt; sea salt; kosher salt; fine salt; flaky sea salt; sea salt flakes",
            False,
        ),
        (
            "black-pepper",
            "02030",
            "black pepper",
            "pepper; ground black pepper; "
            "freshly ground black pepper; black peppercorns; peppercorns",
            False,
        ),
        ("white-pepper", "02032", "white pepper", "ground white pepper", False),
        ("cumin", "02014", "cumin", "ground cumin; cumin seeds; cumin seed", False),
        (
            "paprika",
            "02028",
            "paprika",
            "smoked paprika; sweet paprika; hot paprika; pimenton",
            False,
        ),
        (
            "cayenne-pepper",
            "02031",
            "cayenne pepper",
            "cayenne; red pepper flakes; chili flakes; chilli flakes; crushed red pepper; "
            "crushed red pepper flakes; ground red pepper; gochugaru",
            False,
        ),
        ("chili-powder", "02009", "chili powder", "chilli powder; chile powder", False),
        (
            "cinnamon",
            "02010",
            "cinnamon",
            "ground cinnamon; cinnamon stick; cinnamon sticks",
            False,
        ),
        ("nutmeg", "02025", "nutmeg", "ground nutmeg; grated nutmeg; freshly grated nutmeg", False),
        ("cloves", "02011", "cloves", "ground cloves; whole cloves", False),
        ("ground-ginger", "02021", "ground ginger", "ginger powder", False),
        ("turmeric", "02043", "turmeric", "ground turmeric; turmeric powder", False),
        ("curry-powder", "02015", "curry powder", "garam masala; madras curry powder", False),
        (
            "ground-coriander",
            "02013",
            "ground coriander",
            "coriander seeds; coriander seed; coriander powder",
            False,
        ),
        ("cardamom", "02006", "cardamom", "ground cardamom; cardamom pods; green cardamom", False),
        ("garlic-powder", "02020", "garlic powder", "granulated garlic", False),
        ("onion-powder", "02026", "onion powder", "", False),
        ("allspice", "02001", "allspice", "ground allspice", False),
        (
            "mustard-seed",
            "02024",
            "mustard seed",
            "mustard seeds; mustard powder; dry mustard; ground mustard",
            False,
        ),
        ("fennel-seed", "02018", "fennel seed", "fennel seeds", False),
        ("saffron", "02037", "saffron", "saffron threads", False),
        ("caraway-seed", "02005", "caraway seed", "caraway seeds; caraway", False),
        ("poppy-seed", "02033", "poppy seed", "poppy seeds", False),
        ("anise-seed", "02002", "anise seed", "aniseed; anise; star anise", False),
        ("pumpkin-pie-spice", "02035", "pumpkin pie spice", "mixed spice; pumpkin spice", False),
        ("fenugreek", "02019", "fenugreek", "fenugreek seeds; methi seeds", False),
    ],
    "meat": [
        (
            "ground-beef",
            "23572",
            "ground beef",
            "minced beef; beef mince; mince; hamburger meat; ground chuck; 80/20 ground beef",
            False,
        ),
        (
            "lean-ground-beef",
            "23562",
            "lean ground beef",
            "lean beef mince; extra-lean ground beef; 90% lean ground beef",
            False,
        ),
        (
            "beef-stew-meat",
            "23093",
            "beef stew meat",
            "stewing beef; beef chuck; chuck roast; braising steak; stew meat; diced beef",
            False,
        ),
        (
            "sirloin-steak",
            "13929",
            "sirloin steak",
            "beef steak; steak; top sirloin; rump steak",
            True,
        ),
        ("beef-brisket", "13803", "beef brisket", "brisket", False),
        ("ground-pork", "10219", "ground pork", "pork mince; minced pork", False),
        ("pork-tenderloin", "10218", "pork tenderloin", "pork fillet; pork loin", False),
        ("pork-chop", "10164", "pork chop", "boneless pork chop; pork loin chop", True),
        ("pork-shoulder", "10070", "pork shoulder", "pork butt; boston butt; pulled pork", False),
        ("pork-belly", "10005", "pork belly", "", False),
        (
            "beef-short-ribs",
            "23128",
            "beef short ribs",
            "short ribs; short rib; beef short rib; boneless short ribs",
            False,
        ),
        (
            "bacon",
            "10123",
            "bacon",
            "streaky bacon; bacon rashers; bacon strips; pancetta; lardons",
            False,
        ),
        ("ham", "10150", "ham", "cooked ham; smoked ham", False),
        (
            "italian-sausage",
            "07036",
            "Italian sausage",
            "pork sausage; sausage; sausages; sausage meat",
            False,
        ),
        ("chorizo", "07019", "chorizo", "chorizo sausage; spanish chorizo", False),
        ("ground-lamb", "17224", "ground lamb", "lamb mince; minced lamb", False),
        ("lamb-leg", "17011", "leg of lamb", "lamb leg; lamb", False),
        (
            "lamb-shoulder",
            "17035",
            "lamb shoulder",
            "shoulder of lamb; diced lamb; lamb stew meat",
            False,
        ),
    ],
    "poultry": [
        (
            "chicken-breast",
            "05062",
            "chicken breast",
            "boneless skinless chicken breast; chicken breast fillet; skinless chicken breast",
            True,
        ),
        (
            "chicken-thigh",
            "05096",
            "chicken thigh",
            "boneless skinless chicken thigh; chicken thigh fillet; boneless chicken thigh",
            True,
        ),
        (
            "whole-chicken",
            "05006",
            "whole chicken",
            "chicken; roasting chicken; broiler chicken",
            False,
        ),
        ("chicken-drumstick", "05066", "chicken drumstick", "drumstick; chicken leg", True),
        ("chicken-wings", "05100", "chicken wings", "chicken wing; wings", False),
        ("ground-turkey", "05305", "ground turkey", "turkey mince; minced turkey", False),
        ("turkey-breast", "05219", "turkey breast", "turkey; turkey breast meat", False),
    ],
    "seafood": [
        (
            "salmon",
            "15236",
            "salmon",
            "salmon fillet; salmon fillets; atlantic salmon; salmon steak",
            False,
        ),
        ("smoked-salmon", "15179", "smoked salmon", "lox; cold-smoked salmon", False),
        ("cod", "15015", "cod", "cod fillet; cod fillets; white fish; whitefish; cod loin", False),
        ("haddock", "15033", "haddock", "haddock fillet", False),
        ("tilapia", "15261", "tilapia", "tilapia fillet", False),
        (
            "tuna-steak",
            "15127",
            "tuna steak",
            "fresh tuna; ahi tuna; yellowfin tuna; tuna steaks",
            False,
        ),
        (
            "canned-tuna",
            "15121",
            "canned tuna",
            "tuna; tinned tuna; tuna in water; chunk light tuna",
            False,
        ),
        (
            "shrimp",
            "15149",
            "shrimp",
            "prawns; prawn; shrimps; king prawns; raw prawns; tiger prawns",
            False,
        ),
        ("mussels", "15164", "mussels", "mussel", False),
        ("scallops", "15172", "scallops", "scallop; sea scallops", False),
        ("clams", "15157", "clams", "clam", False),
        ("crab-meat", "15141", "crab meat", "crabmeat; lump crab meat; crab", False),
        ("anchovies", "15002", "anchovies", "anchovy; anchovy fillets; anchovies in oil", False),
    ],
    "legumes": [
        (
            "chickpeas",
            "16358",
            "chickpeas",
            "garbanzo beans; canned chickpeas; chick peas; chickpea",
            False,
        ),
        ("dried-chickpeas", "16056", "dried chickpeas", "dry chickpeas", False),
        (
            "black-beans",
            "16018",
            "black beans",
            "canned black beans; black bean; black turtle beans",
            False,
        ),
        ("kidney-beans", "16145", "kidney beans", "red kidney beans; canned kidney beans", False),
        (
            "white-beans",
            "16051",
            "white beans",
            "cannellini beans; cannellini; great northern beans; "
            "navy beans; haricot beans; butter beans",
            False,
        ),
        ("pinto-beans", "16345", "pinto beans", "canned pinto beans", False),
        ("lentils", "16069", "lentils", "brown lentils; green lentils; puy lentils; lentil", False),
        (
            "red-lentils",
            "16144",
            "red lentils",
            "split red lentils; masoor dal; pink lentils",
            False,
        ),
        ("firm-tofu", "16426", "firm tofu", "tofu; extra-firm tofu; extra firm tofu", False),
        ("silken-tofu", "16127", "silken tofu", "soft tofu", False),
        ("tempeh", "16114", "tempeh", "", False),
        ("hummus", "16158", "hummus", "houmous; hummous", False),
        ("miso", "16112", "miso", "white miso; miso paste; red miso; shiro miso", False),
    ],
    "nuts-seeds": [
        (
            "almonds",
            "12061",
            "almonds",
            "almond; whole almonds; sliced almonds; flaked almonds; slivered almonds",
            False,
        ),
        (
            "blanched-almonds",
            "12062",
            "blanched almonds",
            "ground almonds; almond flour; almond meal",
            False,
        ),
        ("walnuts", "12155", "walnuts", "walnut; walnut halves; chopped walnuts", False),
        ("pecans", "12142", "pecans", "pecan; pecan halves", False),
        ("cashews", "12087", "cashews", "cashew nuts; cashew; raw cashews", False),
        ("pine-nuts", "12147", "pine nuts", "pignoli; pine kernels", False),
        ("pistachios", "12151", "pistachios", "pistachio; pistachio nuts", False),
        ("hazelnuts", "12120", "hazelnuts", "hazelnut; filberts", False),
        ("peanuts", "16087", "peanuts", "peanut; groundnuts", False),
        (
            "peanut-butter",
            "16098",
            "peanut butter",
            "smooth peanut butter; creamy peanut butter; crunchy peanut butter",
            False,
        ),
        ("almond-butter", "12195", "almond butter", "", False),
        ("sesame-seeds", "12023", "sesame seeds", "sesame seed; sesame; white sesame seeds", False),
        ("sunflower-seeds", "12036", "sunflower seeds", "sunflower seed", False),
        ("pumpkin-seeds", "12014", "pumpkin seeds", "pepitas; pumpkin seed", False),
        ("chia-seeds", "12006", "chia seeds", "chia", False),
        ("flaxseed", "12220", "flaxseed", "flax seeds; linseed; ground flaxseed; flaxseeds", False),
        ("tahini", "12166", "tahini", "tahina; sesame paste", False),
    ],
    "canned-goods": [
        (
            "canned-tomatoes",
            "11531",
            "canned tomatoes",
            "chopped tomatoes; diced tomatoes; tinned tomatoes; whole peeled tomatoes; "
            "canned diced tomatoes; plum tomatoes, canned",
            False,
        ),
        ("crushed-tomatoes", "11693", "crushed tomatoes", "canned crushed tomatoes", False),
        (
            "tomato-paste",
            "11546",
            "tomato paste",
            "tomato concentrate; double concentrated tomato paste",
            False,
        ),
        (
            "tomato-puree",
            "11547",
            "tomato puree",
            "passata; tomato purée; strained tomatoes",
            False,
        ),
        ("tomato-sauce", "11549", "tomato sauce", "canned tomato sauce", False),
        (
            "sun-dried-tomatoes",
            "11955",
            "sun-dried tomatoes",
            "sundried tomatoes; sun dried tomatoes",
            False,
        ),
        (
            "coconut-milk",
            "12118",
            "coconut milk",
            "canned coconut milk; full-fat coconut milk; tinned coconut milk",
            False,
        ),
        ("coconut-cream", "12115", "coconut cream", "", False),
        ("chicken-broth", "06194", "chicken broth", "chicken stock; stock; broth", False),
        ("beef-broth", "06008", "beef broth", "beef stock; beef bouillon", False),
        ("vegetable-broth", "06700", "vegetable broth", "vegetable stock; veggie stock", False),
    ],
    "condiments": [
        (
            "marinara-sauce",
            "06931",
            "marinara sauce",
            "marinara; pasta sauce; spaghetti sauce; tomato pasta sauce",
            False,
        ),
        (
            "soy-sauce",
            "16123",
            "soy sauce",
            "light soy sauce; shoyu; dark soy sauce; soya sauce",
            False,
        ),
        ("tamari", "16124", "tamari", "gluten-free soy sauce", False),
        ("fish-sauce", "06179", "fish sauce", "nam pla; nuoc mam", False),
        ("oyster-sauce", "06176", "oyster sauce", "", False),
        ("hoisin-sauce", "06175", "hoisin sauce", "hoisin", False),
        ("sriracha", "06631", "sriracha", "sriracha sauce; chili sauce; sweet chili sauce", False),
        ("hot-sauce", "06168", "hot sauce", "tabasco; pepper sauce; louisiana hot sauce", False),
        (
            "worcestershire-sauce",
            "06971",
            "Worcestershire sauce",
            "worcestershire; worcester sauce",
            False,
        ),
        ("teriyaki-sauce", "06112", "teriyaki sauce", "teriyaki", False),
        ("barbecue-sauce", "06150", "barbecue sauce", "bbq sauce", False),
        ("ketchup", "11935", "ketchup", "tomato ketchup; catsup", False),
        ("mayonnaise", "04025", "mayonnaise", "mayo", False),
        (
            "mustard",
            "02046",
            "mustard",
            "yellow mustard; prepared mustard; dijon mustard; "
            "dijon; wholegrain mustard; whole-grain mustard",
            False,
        ),
        ("horseradish", "02055", "horseradish", "prepared horseradish; horseradish sauce", False),
        ("apple-cider-vinegar", "02048", "apple cider vinegar", "cider vinegar", False),
        (
            "white-vinegar",
            "02053",
            "white vinegar",
            "distilled vinegar; vinegar; rice vinegar; rice wine vinegar",
            False,
        ),
        (
            "wine-vinegar",
            "02068",
            "wine vinegar",
            "red wine vinegar; white wine vinegar; sherry vinegar; champagne vinegar",
            False,
        ),
        ("balsamic-vinegar", "02069", "balsamic vinegar", "balsamic", False),
        ("salsa", "06164", "salsa", "tomato salsa; jarred salsa", False),
        ("pesto", "06626", "pesto", "basil pesto; pesto sauce", False),
    ],
    "baking": [
        (
            "graham-crackers",
            "18173",
            "graham crackers",
            "graham cracker; graham cracker crumbs; graham crumbs; digestive biscuits; digestives",
            False,
        ),
        (
            "chocolate-sandwich-cookies",
            "18166",
            "chocolate sandwich cookies",
            "oreo cookies; oreos; oreo; oreo cookie crumbs",
            False,
        ),
        ("baking-powder", "18369", "baking powder", "double-acting baking powder", False),
        (
            "baking-soda",
            "18372",
            "baking soda",
            "bicarbonate of soda; bicarb soda; bicarb; sodium bicarbonate",
            False,
        ),
        (
            "active-dry-yeast",
            "18375",
            "active dry yeast",
            "yeast; dried yeast; instant yeast; fast-action yeast; easy-blend yeast; dry yeast",
            False,
        ),
        ("fresh-yeast", "18374", "fresh yeast", "compressed yeast; cake yeast", False),
        ("cream-of-tartar", "18373", "cream of tartar", "", False),
        (
            "cocoa-powder",
            "19165",
            "cocoa powder",
            "unsweetened cocoa powder; cocoa; unsweetened cocoa; natural cocoa powder",
            False,
        ),
        (
            "dutch-process-cocoa",
            "19166",
            "Dutch-process cocoa",
            "dutch-processed cocoa; dutch process cocoa powder; alkalized cocoa",
            False,
        ),
        (
            "dark-chocolate",
            "19903",
            "dark chocolate",
            "bittersweet chocolate; plain chocolate; dark chocolate, 60-70%",
            False,
        ),
        (
            "semisweet-chocolate",
            "19080",
            "semisweet chocolate",
            "semi-sweet chocolate; chocolate chips; "
            "semisweet chocolate chips; chocolate chunks; chocolate",
            False,
        ),
        ("milk-chocolate", "19120", "milk chocolate", "milk chocolate chips", False),
        (
            "unsweetened-chocolate",
            "19078",
            "unsweetened chocolate",
            "baking chocolate; unsweetened baking chocolate",
            False,
        ),
        (
            "vanilla-extract",
            "02050",
            "vanilla extract",
            "vanilla; vanilla essence; pure vanilla extract",
            False,
        ),
        ("gelatin", "19177", "gelatin", "gelatine; powdered gelatin; unflavored gelatin", False),
    ],
    "beverages": [
        (
            "whiskey",
            "14037",
            "whiskey",
            "bourbon; whisky; rum; vodka; brandy; gin; dark rum",
            False,
        ),
        (
            "water",
            "14411",
            "water",
            "tap water; cold water; warm water; hot water; boiling water; ice water; ice",
            False,
        ),
        ("red-wine", "14096", "red wine", "dry red wine", False),
        ("white-wine", "14106", "white wine", "dry white wine; wine", False),
        ("beer", "14003", "beer", "lager; ale", False),
        (
            "rice-wine",
            "43479",
            "rice wine",
            "sake; shaoxing wine; chinese cooking wine; shaoxing rice wine",
            False,
        ),
        ("coffee", "14209", "coffee", "brewed coffee; strong coffee; espresso", False),
        ("almond-milk", "14091", "almond milk", "unsweetened almond milk", False),
        (
            "soy-milk",
            "16222",
            "soy milk",
            "soya milk; unsweetened soy milk; plant milk; non-dairy milk",
            False,
        ),
    ],
}

# Descriptions that are right even though they contain a word the check below flags.
EXPECTED_PROCESSED = {
    "16018",  # canned black beans, solids and liquids: what "1 can black beans" means
    "16145",
    "16345",
    "16358",  # canned beans, drained
    "18069",
    "18075",
    "28307",  # breads are bought "commercially prepared"
    "16426",
    "16127",  # tofu "prepared with" its coagulant, still raw
    "16098",  # peanut butter "with salt": the ordinary jar
    "12166",  # tahini from roasted kernels: the most common type
    "02046",
    "02055",  # prepared mustard and horseradish: the condiment in the jar
    "14209",  # brewed coffee, as a recipe pours it
}
SUSPECT_WORDS = re.compile(
    r"\b(cooked|boiled|roasted|baked|fried|braised|broiled|stewed|prepared|toasted|"
    r"microwaved|grilled|heated|sauteed|stir-fried|with salt)\b",
    re.I,
)

NUTRIENTS = [
    ("energy_kcal", "energy_kcal"),
    ("protein_g", "protein_g"),
    ("fat_g", "fat_g"),
    ("saturated_fat_g", "saturated_fat_g"),
    ("carbohydrates_g", "carbohydrate_g"),
    ("fiber_g", "fiber_g"),
    ("sugars_g", "sugars_g"),
    ("sodium_mg", "sodium_mg"),
    ("cholesterol_mg", "cholesterol_mg"),
]
COLUMNS = [
    "slug",
    "name",
    "aliases",
    "food_group",
    "usda_ndb_no",
    "usda_description",
    *(out for out, _ in NUTRIENTS),
    "grams_per_unit",
]

# --- household measures -------------------------------------------------------------------

UNIT_WORDS = {
    "cup": "cup",
    "cups": "cup",
    "tbsp": "tbsp",
    "tbsps": "tbsp",
    "tablespoon": "tbsp",
    "tablespoons": "tbsp",
    "tsp": "tsp",
    "tsps": "tsp",
    "teaspoon": "tsp",
    "teaspoons": "tsp",
    "oz": "oz",
    "large": "large",
    "medium": "medium",
    "small": "small",
    "clove": "clove",
    "cloves": "clove",
    "slice": "slice",
    "slices": "slice",
    "can": "can",
    "cans": "can",
    "stick": "stick",
    "sticks": "stick",
    "pinch": "pinch",
    "pinches": "pinch",
    "each": "each",
    "whole": "each",
    "fruit": "each",
    "item": "each",
    "head": "each",
    "ear": "each",
    "bulb": "each",
    "link": "each",
    "links": "each",
    "stalk": "stalk",
    "stalks": "stalk",
    "bunch": "bunch",
    "leaf": "leaf",
    "leaves": "leaf",
    "sprig": "sprig",
    "sprigs": "sprig",
    "packet": "package",  # a yeast or gelatin packet; "package" sizes vary too much to name
}
SIZES = {"large", "medium", "small"}
# Head words never taken as "one of the food", even when the food's description names them.
NOT_EACH = {
    "piece",
    "pieces",
    "serving",
    "nlea",
    "fillet",
    "steak",
    "chop",
    "roast",
    "strip",
    "strips",
    "ring",
    "rings",
    "wedge",
    "cubic",
    "jar",
    "bottle",
    "container",
    "package",
    "block",
    "spear",
    "dash",
    "lb",
    "quart",
    "pint",
    "liter",
    "unit",
    "portion",
    "half",
    "cup",
    "meat",
    "skin",
    "raw",
}
VOLUME_TSP = {"cup": 48, "fl oz": 6, "tbsp": 3, "tsp": 1}
KEY_ORDER = [
    "cup",
    "tbsp",
    "tsp",
    "fl oz",
    "oz",
    "each",
    "large",
    "medium",
    "small",
    "clove",
    "slice",
    "can",
    "stick",
    "pinch",
    "stalk",
    "bunch",
    "leaf",
    "sprig",
    "package",
]
# Foods whose USDA "piece" is one whole item as recipes count it (a boneless breast half).
PIECE_IS_EACH = {"05062"}


def _singular(word: str) -> str:
    if word.endswith("oes"):
        return word[:-2]
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def food_nouns(long_desc: str, name: str, piece_is_each: bool = False) -> set[str]:
    """Words that, heading a measure, mean "one of this food" (``1 pepper``, ``1 potato``,
    ``1 sweetpotato`` for "sweet potato"; ``1 piece`` too for foods of `PIECE_IS_EACH`)."""
    words = re.findall(r"[a-z]+", f"{long_desc} {name}".lower())
    joined = [first + second for first, second in itertools.pairwise(words)]
    nouns = {_singular(w) for w in [*words, *joined] if len(w) > 2} - NOT_EACH
    return nouns | {"piece"} if piece_is_each else nouns


def classify_measure(desc: str, nouns: set[str]) -> tuple[str, int] | None:
    """Map a USDA measure description to (unit key, plainness); lower plainness is plainer.

    0: the description is just the unit ("cup"); 1: the unit then a comma/parenthesised
    qualifier ("cup, sifted", "medium (2-1/2" dia)"); 2: the unit followed by other words
    ("cup spaghetti", "tbsp chopped", "Potato large (...)").
    """
    text = desc.strip().lower()
    tokens = re.findall(r"[a-z]+|[,(]", text)
    if not tokens:
        return None
    head = tokens[0]
    rest = tokens[1:]
    if head == "fl" and rest[:1] == ["oz"]:
        key, rest = "fl oz", rest[1:]
    elif head in SIZES:
        key = head
        # "large whole (3" dia)" is a large one; "small box (1.5 oz)", "medium slice" are not.
        if (
            rest
            and rest[0] not in {",", "("}
            and rest[0] != "whole"
            and _singular(rest[0]) not in nouns
        ):
            return None
    elif head in UNIT_WORDS or _singular(head) in nouns:
        key = UNIT_WORDS.get(head, "each")
        if key == "each":
            # "Potato large (3" dia)", "head, medium (...)", "ear, small": the size names the key.
            sized = [t for t in rest[:2] if t in SIZES]
            if sized:
                return sized[0], 2
            # "thigh without skin", "lemon yields" are one of the food; "watermelon balls" is not.
            if rest and rest[0] not in {",", "(", "yields", "with", "without"}:
                return None
    else:
        return None
    if not rest:
        return key, 0
    if rest[0] in {",", "("} and "whipped" not in rest[:2]:
        return key, 1
    # "cup, whipped" (cream: 120 g) is not what "1 cup heavy cream" pours (238 g, fluid).
    return key, 2


def _fmt(grams: float) -> float | int:
    value = round(grams, 2)
    return int(value) if value == int(value) else value


def grams_per_unit(measures: list[dict[str, str]], nouns: set[str]) -> dict[str, float | int]:
    best: dict[str, tuple[int, int, int, float]] = {}
    for m in measures:
        found = classify_measure(m["measure_desc"], nouns)
        if found is None:
            continue
        key, plainness = found
        amount = float(m["amount"])
        weight = float(m["gram_weight"])
        if amount <= 0 or weight <= 0:
            continue
        # "stalk, medium" before "stalk, large": a recipe's plain "1 stalk" is a medium one
        words = set(re.findall(r"[a-z]+", m["measure_desc"].lower()))
        other_size = key not in VOLUME_TSP and bool(words & (SIZES - {"medium"}))
        rank = (plainness, int(other_size), int(m["seq"]))
        if key not in best or rank < best[key][:3]:
            best[key] = (plainness, int(other_size), int(m["seq"]), weight / amount)
    grams = {k: v[3] for k, v in best.items()}
    # cup/tbsp/tsp that USDA does not list are derived from a listed volume (US: 1 cup = 8 fl oz
    # = 16 tbsp = 48 tsp), preferring cup, then fl oz, tbsp, tsp as the source.
    for source in ("cup", "fl oz", "tbsp", "tsp"):
        if source in grams:
            per_tsp = grams[source] / VOLUME_TSP[source]
            for unit, tsp in VOLUME_TSP.items():
                if unit != "fl oz":  # fluid ounces only where USDA lists them (liquids)
                    grams.setdefault(unit, per_tsp * tsp)
            break
    return {k: _fmt(grams[k]) for k in KEY_ORDER if k in grams}


# --- aliases ------------------------------------------------------------------------------


def plural(phrase: str) -> str:
    head, sep, tail = phrase.partition(",")  # "eggs, large" style: pluralise the first part
    words = head.split(" ")
    last = words[-1]
    if last.endswith(("s", "x", "z", "ch", "sh")):
        last = last + "es" if not last.endswith("s") else last
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith("i") or last in {"tomato", "potato", "mango"}:
        last = last + "es"  # chili -> chilies, chilli -> chillies, tomato -> tomatoes
    else:
        last = last + "s"
    words[-1] = last
    return " ".join(words) + (sep + tail if sep else "")


def expand_aliases(name: str, aliases: str, countable: bool) -> list[str]:
    out: list[str] = []
    base = [a.strip().lower() for a in aliases.split(";") if a.strip()]
    candidates = list(base)
    if countable:
        for phrase in [name.lower(), *base]:
            if not phrase.split(",")[0].endswith("s"):
                candidates.append(plural(phrase))
    for a in candidates:
        if a != name.lower() and a not in out:
            out.append(a)
    return out


# --- main ---------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def build(usda_dir: Path) -> tuple[list[dict[str, str]], list[str]]:
    core = {r["ndb_no"]: r for r in read_csv(usda_dir / "sr28_per100g_core.csv")}
    weights: dict[str, list[dict[str, str]]] = {}
    for r in read_csv(usda_dir / "sr28_household_weights.csv"):
        weights.setdefault(r["ndb_no"], []).append(r)

    problems: list[str] = []
    rows: list[dict[str, str]] = []
    owner: dict[str, str] = {}  # every name/alias -> slug
    slugs: set[str] = set()
    for group, foods in CATALOG.items():
        for slug, ndb, name, aliases, countable in foods:
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
                problems.append(f"{slug}: bad slug")
            if slug in slugs:
                problems.append(f"{slug}: duplicate slug")
            slugs.add(slug)
            food = core.get(ndb)
            if food is None:
                problems.append(f"{slug}: ndb_no {ndb} not in SR28")
                continue
            alias_list = expand_aliases(name, aliases, countable)
            for term in [name.lower(), *alias_list]:
                if term in owner and owner[term] != slug:
                    problems.append(f"{slug}: alias {term!r} already belongs to {owner[term]}")
                owner.setdefault(term, slug)
            if SUSPECT_WORDS.search(food["long_desc"]) and ndb not in EXPECTED_PROCESSED:
                problems.append(f"{slug}: check description {food['long_desc']!r}")
            nouns = food_nouns(food["long_desc"], name, ndb in PIECE_IS_EACH)
            units = grams_per_unit(weights.get(ndb, []), nouns)
            row = {
                "slug": slug,
                "name": name,
                "aliases": "|".join(alias_list),
                "food_group": group,
                "usda_ndb_no": ndb,
                "usda_description": food["long_desc"],
                **{out: food[src].strip() for out, src in NUTRIENTS},
                "grams_per_unit": json.dumps(units, separators=(",", ":"), ensure_ascii=False),
            }
            rows.append(row)
    return rows, problems


def sanity_checks(rows: list[dict[str, str]]) -> list[str]:
    by_slug = {r["slug"]: r for r in rows}
    problems = []

    def expect(slug: str, column: str, value: float, tol: float = 0.0) -> None:
        got = by_slug[slug][column]
        if column == "grams_per_unit":
            return
        if got == "" or abs(float(got) - value) > tol:
            problems.append(f"{slug}.{column} = {got!r}, expected {value}")

    def expect_unit(slug: str, unit: str, grams: float) -> None:
        units = json.loads(by_slug[slug]["grams_per_unit"])
        if units.get(unit) != grams:
            problems.append(f"{slug} {unit} = {units.get(unit)!r} g, expected {grams}")

    expect("water", "energy_kcal", 0)
    expect("salt", "sodium_mg", 38758)
    expect("all-purpose-flour", "energy_kcal", 364)
    expect_unit("all-purpose-flour", "cup", 125)
    expect_unit("egg", "large", 50)
    expect_unit("garlic", "clove", 3)
    expect_unit("unsalted-butter", "stick", 113)
    expect_unit("heavy-cream", "cup", 238)
    if len(rows) < 170:
        problems.append(f"only {len(rows)} foods")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--usda", type=Path, default=DEFAULT_USDA, help="folder with the SR28 CSVs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="CSV to write")
    args = parser.parse_args(argv)

    rows, problems = build(args.usda)
    problems += sanity_checks(rows)
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    if problems:
        return 1
    with args.out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} foods to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
