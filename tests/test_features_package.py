"""The minidl.features package: one module per concept, one public door. (Its examples run in
tests/test_docstrings.py, which walks the subpackages.)"""
import ast
import subprocess
import sys
from pathlib import Path

import minidl.features

PACKAGE = Path(minidl.features.__file__).parent
# Where each public name lives: the module named as the book's page that teaches it.
HOME = {"color_histogram_hsv": "color", "rgb_to_gray": "color", "hog": "hog",
        "extract_patches": "bag_of_words", "kmeans": "bag_of_words",
        "BagOfVisualWords": "bag_of_words", "extract_features": "pipeline"}


def test_every_public_name_is_imported_from_the_package_and_lives_in_its_concept_module():
    assert sorted(minidl.features.__all__) == sorted(HOME)
    for name, module in HOME.items():
        obj = getattr(minidl.features, name)
        assert obj.__module__ == f"minidl.features.{module}", name
        assert name in sys.modules[f"minidl.features.{module}"].__all__


def test_feature_modules_import_no_private_name_of_another_module():
    # Shared checks live in the private module _checks, whose names are its public ones.
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"


def test_feature_modules_stay_under_about_500_lines():
    for path in PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 500, path.name


def test_importing_the_features_loads_neither_matplotlib_nor_scikit_image():
    code = ("import sys, minidl.features; "
            "print(any(m in sys.modules for m in ('matplotlib', 'skimage', 'sklearn')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
