"""The basic fixture site, built end to end, matches the committed expected tree byte for byte.

When a change to templates or rendering is intended, regenerate the tree and
review its diff like any other change:

    UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from microsite.cli import main

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "basic"


def rendered(folder: Path) -> dict[str, bytes]:
    """Every generated file; copied media and static files are the sources themselves."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] not in ("media", "static")
    }


def test_basic_site_matches_golden(tmp_path: Path) -> None:
    output = tmp_path / "site"
    argv = [
        "build",
        "--content",
        str(HERE / "sites/basic"),
        "--templates",
        str(HERE.parent / "templates"),
    ]
    assert main([*argv, "--output", str(output), "--now", "2026-11-25T09:00", "--quiet"]) == 0
    built = rendered(output)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in built.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = rendered(GOLDEN)
    assert sorted(built) == sorted(expected)
    for rel, data in built.items():
        assert data == expected[rel], f"{rel} differs from tests/golden/basic/{rel}"
