import sys
def test_probe():
    print(sys.path[:5])
    import recipekit.ingest.quantities  # noqa
    from tests.shared_data import shared_data_path  # noqa
