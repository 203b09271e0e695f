"""The clinical sources travel with the content: every source key a content file cites is
explained in content/SOURCES.md, and nothing points outside the project any more."""

from __future__ import annotations

import re

from bot.platform.content import CONTENT_DIR

SOURCES = CONTENT_DIR / "SOURCES.md"
# Upper-case words with a hyphen or a digit that are words, not source keys.
NOT_KEYS = {"OB-GYN", "OVER-TRIGGERING", "POST-BIRTH"}
KEY = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]*(?:-[A-Z0-9+]+)+|[A-Z]+[0-9]+[A-Z0-9]*)(?![\w-])")


def _comments() -> dict[str, str]:
    return {path.name: "\n".join(line[line.index("#"):] for line in
                                 path.read_text(encoding="utf-8").splitlines() if "#" in line)
            for path in sorted(CONTENT_DIR.glob("*.toml"))}


def _listed_keys() -> set[str]:
    """The keys in the first column of the table under "## The sources"."""
    table = SOURCES.read_text(encoding="utf-8").split("## The sources", 1)[1]
    return {key.strip() for line in table.splitlines() if line.startswith("| ")
            for key in line.split("|")[1].split(",")}


def test_every_source_key_cited_in_content_is_in_sources_md() -> None:
    listed = _listed_keys()
    cited = {key: name for name, text in _comments().items() for key in KEY.findall(text)}
    assert {"GOOM19", "BJSM-TAB1", "HSE-CS", "DEERING24", "C25K"} <= set(cited)
    missing = {key: name for key, name in cited.items() if key not in NOT_KEYS | listed}
    assert not missing, f"cited in content but not in content/SOURCES.md: {missing}"


def test_content_points_at_its_own_sources_not_outside_the_project() -> None:
    for name, text in _comments().items():
        assert "CONTENT-FACTS" not in text and "/work/" not in text, name
    assert "content/SOURCES.md" in _comments()["programme.toml"]


def test_sources_md_says_what_the_clinic_has_confirmed() -> None:
    sources = SOURCES.read_text(encoding="utf-8")
    assert "## What the clinic has confirmed" in sources
    rows = [line for line in sources.splitlines() if line.startswith("| `")]
    assert rows, "the rules table"
    for row in rows:
        assert "Not yet confirmed by the clinic" in row or "Our choice" in row, row
