"""Rebuild tests/data/markdown_corpus.json, the Markdown that the reference test converts.

It gathers the Markdown sources of Python-Markdown's own tests (its legacy
`.txt` files and the first argument of every `assertMarkdownRenders` call)
and the CommonMark spec's examples, so the test needs no network. Fetch the
two packages from their registries, unpack them, and point this at them:

    pip download markdown==3.11.3 --no-binary :all: --no-deps && tar xzf markdown-3.11.3.tar.gz
    npm pack commonmark-spec@0.31.2 && tar xzf commonmark-spec-0.31.2.tgz
    python tools/markdown_corpus.py markdown-3.11.3 package
"""

from __future__ import annotations

import ast
import json
import re
import sys
import textwrap
from pathlib import Path

OUT = Path(__file__).parent.parent / "tests" / "data" / "markdown_corpus.json"
LARGEST = 30_000  # characters: leaves out one long file of a thousand footnotes
EXAMPLE = re.compile(r"^`{32} example\n(.*?)^\.\n", re.M | re.S)


def legacy_files(tests: Path) -> dict[str, str]:
    """The `.txt` inputs of Python-Markdown's legacy tests, by path."""
    return {
        p.relative_to(tests).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(tests.rglob("*.txt"))
    }


def syntax_sources(tests: Path) -> dict[str, str]:
    """The Markdown given to each `assertMarkdownRenders` in tests/test_syntax."""
    found = {}
    for path in sorted((tests / "test_syntax").rglob("*.py")):
        calls = [
            node
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "assertMarkdownRenders"
        ]
        for number, call in enumerate(calls, 1):
            text = _literal(call.args[0]) if call.args else None
            if text is not None:
                found[f"{path.relative_to(tests).as_posix()}#{number}"] = text
    return found


def _literal(node: ast.expr) -> str | None:
    """A string literal, or `self.dedent(literal)` as the test case would dedent it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "dedent" and node.args:
        inner = _literal(node.args[0])
        return None if inner is None else textwrap.dedent(inner).strip()
    return None


def spec_examples(spec: Path) -> dict[str, str]:
    """The CommonMark spec's examples; the spec writes a tab as `→`."""
    text = spec.read_text(encoding="utf-8")
    return {
        f"spec.txt#{n}": m.group(1).replace("→", "\t")
        for n, m in enumerate(EXAMPLE.finditer(text), 1)
    }


def main(markdown_sdist: str, commonmark_package: str) -> None:
    tests = Path(markdown_sdist) / "tests"
    spec = Path(commonmark_package) / "spec.txt"
    sources = {
        "python-markdown 3.11.3 (BSD-3-Clause)": {**legacy_files(tests), **syntax_sources(tests)},
        "commonmark-spec 0.31.2 (CC-BY-SA-4.0)": spec_examples(spec),
    }
    seen: set[str] = set()
    for documents in sources.values():
        for name, text in list(documents.items()):
            if text in seen or len(text) > LARGEST:
                del documents[name]
            seen.add(text)
    OUT.write_text(json.dumps(sources, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
