"""Shared test set-up. Only the standard library here: both environments load it.

The suite runs in the app environment (.venv, Python 3.11); tests/rasa_components
runs in the Rasa environment (.venv-rasa, Python 3.10) because it imports Rasa.
"""

import importlib.util
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

collect_ignore_glob = [] if importlib.util.find_spec("rasa") else ["rasa_components/*"]
