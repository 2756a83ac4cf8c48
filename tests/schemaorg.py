"""A small validator of JSON-LD against schema.org's own vocabulary (a vendored subset).

Checks what a typo or a wrong nesting would break: every `@type` is a
schema.org class, every property is defined for that type (or a parent),
every value has a type the property accepts, and enumeration values
(`EventScheduled`, `InStock`) are members of the enumeration the property
takes. `tools/schemaorg_subset.py` says where the vocabulary comes from.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

VOCABULARY = Path(__file__).parent / "data" / "schemaorg-subset.jsonld"
SCHEMA = "https://schema.org/"
DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
DATETIME = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)\Z")


def _ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return [item["@id"].removeprefix("schema:") for item in items if isinstance(item, dict)]


def _kinds(node: dict) -> list[str]:
    kind = node.get("@type", [])
    return [k.removeprefix("schema:") for k in (kind if isinstance(kind, list) else [kind])]


@cache
def vocabulary() -> tuple[dict, dict, dict]:
    """Classes (name -> parents), properties (name -> (domains, ranges)), members (name -> types)."""
    graph = json.loads(VOCABULARY.read_text(encoding="utf-8"))["@graph"]
    classes, properties, members = {}, {}, {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        kinds = _kinds(node)
        if "rdfs:Class" in kinds:
            classes[name] = _ids(node.get("rdfs:subClassOf"))
        elif "rdf:Property" in kinds:
            properties[name] = (
                _ids(node.get("schema:domainIncludes")),
                _ids(node.get("schema:rangeIncludes")),
            )
        else:
            members[name] = kinds
    return classes, properties, members


def ancestors(name: str) -> set[str]:
    classes = vocabulary()[0]
    found, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo += classes.get(current, [])
    return found


def problems(node: Any, where: str = "") -> list[str]:
    """Everything in `node` (a JSON-LD object or list of them) schema.org would not accept."""
    if isinstance(node, list):
        return [p for i, item in enumerate(node) for p in problems(item, f"{where}[{i}]")]
    kind = node.get("@type", "")
    if kind not in vocabulary()[0]:
        return [f"{where}: @type {kind!r} is not a schema.org class"]
    found = []
    for key, value in node.items():
        if not key.startswith("@"):
            found += _property(kind, key, value, f"{where}.{key}")
    return found


def _property(kind: str, key: str, value: Any, where: str) -> list[str]:
    properties = vocabulary()[1]
    if key not in properties:
        return [f"{where}: {key!r} is not a schema.org property"]
    domains, ranges = properties[key]
    if not set(domains) & ancestors(kind):
        return [f"{where}: {key!r} is not a property of {kind}"]
    values = value if isinstance(value, list) else [value]
    return [p for v in values for p in _value(v, set(ranges), where)]


def _value(value: Any, ranges: set[str], where: str) -> list[str]:
    if isinstance(value, dict):
        if not ancestors(value.get("@type", "")) & ranges:
            return [f"{where}: a {value.get('@type')} is not one of {sorted(ranges)}"]
        return problems(value, where)
    if isinstance(value, bool):
        return (
            [] if "Boolean" in ranges else [f"{where}: true/false is not one of {sorted(ranges)}"]
        )
    if isinstance(value, int | float):
        return [] if "Number" in ranges else [f"{where}: a number is not one of {sorted(ranges)}"]
    return _text(str(value), ranges, where)


def _text(value: str, ranges: set[str], where: str) -> list[str]:
    members = vocabulary()[2]
    member = value.removeprefix(SCHEMA)
    if value.startswith(SCHEMA) and member in members:
        ok = any(ancestors(k) & ranges for k in members[member])
        return [] if ok else [f"{where}: {member} is not one of {sorted(ranges)}"]
    if "Text" in ranges or ("URL" in ranges and value.startswith("https://")):
        return []
    if ranges & {"Date", "DateTime"} and (DATE.match(value) or DATETIME.match(value)):
        return []
    return [f"{where}: {value!r} is not one of {sorted(ranges)}"]
