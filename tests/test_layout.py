"""The layout holds: every module imports only its own layer or the layers below it.

Read from the source (ast), so a new module or import is checked without touching this file;
a module missing from LAYERS fails the test, so its place is decided, not guessed.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A module may import from its own layer and any layer before it.
LAYERS: list[tuple[str, ...]] = [
    # Plain declarations every part may read: who may do what, and one-line errors.
    ("bot.access.buttons", "bot.access.registry", "bot.platform.validation",
     "bot.platform.locales", "bot.platform.catalogue"),
    # The environment and the content files, typed and checked at start-up.
    ("bot.platform.settings", "bot.platform.content"),
    # The pure core: decisions over plain data.
    ("bot.core",),
    # The database.
    ("bot.storage",),
    # What every handler stands on.
    ("bot.platform.texts", "bot.platform.context", "bot.platform.logs",
     "bot.platform.persistence", "bot.platform.updates", "bot.platform.rate_limit",
     "bot.platform.flood", "bot.platform.errors", "bot.platform.catch_all",
     "bot.platform.runner", "bot.platform.conversation_state", "bot.platform.language",
     "bot.platform.leader"),
    # The gate of the ordered path.
    ("bot.access.gate",),
    # Safety and escalation.
    ("bot.safety",),
    # Her journey after the screening.
    ("bot.journey",),
    # The staff desk.
    ("bot.desk",),
    # The conversations and the jobs.
    ("conversations", "bot.jobs"),
    # The composition root: the application factory and the entry points.
    ("bot.platform.app", "bot.platform.local_chat", "bot.__main__"),
]


def _layer(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, layer): the most specific prefix wins
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            matches = module == prefix or module.startswith(prefix + ".")
            if matches and (best is None or len(prefix) > best[0]):
                best = (len(prefix), index)
    return None if best is None else best[1]


def _modules() -> dict[str, Path]:
    found = {}
    for package in ("bot", "conversations"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {n for n in names if n.split(".")[0] in ("bot", "conversations")}


def test_every_module_has_a_layer() -> None:
    packages = {"bot", "bot.access", "bot.platform", "bot.journey", "bot.desk", "bot.jobs"}
    missing = [m for m in _modules() if _layer(m) is None and m not in packages]
    assert missing == []


def test_every_module_imports_down() -> None:
    modules = _modules()
    upward = []
    for name, path in modules.items():
        mine = _layer(name)
        if mine is None:
            continue
        for target in _imports(path):
            # "from bot.journey import day" names the module bot.journey.day
            theirs = _layer(target) if target in modules or "." in target else None
            if theirs is not None and theirs > mine:
                upward.append(f"{name} (layer {mine}) imports {target} (layer {theirs})")
    assert upward == []
