"""pyproject says what the app environment's code imports, and all of it is installed."""

from tests.dependency_declarations import declared_but_missing, undeclared_imports


def test_every_import_of_the_app_side_is_a_declared_dependency():
    assert undeclared_imports("app") == {}


def test_every_declared_dependency_of_the_app_side_is_installed():
    assert declared_but_missing("app") == []
