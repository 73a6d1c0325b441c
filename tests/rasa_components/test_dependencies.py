"""pyproject says what the Rasa environment's code imports, and all of it is installed."""

from tests.dependency_declarations import declared_but_missing, undeclared_imports


def test_every_import_of_the_rasa_side_is_a_declared_dependency():
    assert undeclared_imports("rasa") == {}


def test_every_declared_dependency_of_the_rasa_side_is_installed():
    assert declared_but_missing("rasa") == []
