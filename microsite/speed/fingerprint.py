"""Digests of model values that are the same in every process.

Python's `hash()` of a string changes from one run to the next, so it cannot
say whether a page's inputs are the same as in the last build. These digests
can: they are made from each value's content, and each model object is
digested once per build however many pages it appears on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from types import FunctionType
from typing import Any


class Fingerprints:
    """Digests for one build; model objects are remembered (and kept alive) by identity.

    A value is spelt out as a list of tokens, each length-prefixed so that no
    two different values spell the same, and the list is hashed once. Model
    objects (dataclasses) spell as their own digest, so a story that appears
    on a hundred pages is spelt out once.
    """

    def __init__(self) -> None:
        self._known: dict[int, str] = {}  # id -> digest of a model object, each...
        self._alive: list[Any] = []  # ...kept alive, so that no other object takes its id

    def of(self, value: Any) -> str:
        """`value`'s digest. A model object given here is not remembered: the values a
        build digests whole (a page's job) are digested once, and thousands of them
        remembered cost a big site's helper processes megabytes each."""
        tokens: list[str] = []
        if _is_model_kind(type(value)):
            tokens.append(self._model(value, remember=False))
        else:
            self._spell(value, tokens)
        return hashlib.sha1("".join(tokens).encode()).hexdigest()

    def _spell(self, value: Any, tokens: list[str]) -> None:
        kind = type(value)
        if kind is str:
            tokens.append(f"s{len(value)}:")
            tokens.append(value)
        elif kind is tuple or kind is list:
            tokens.append(f"t{len(value)}(")
            self._items(value, tokens)
        elif kind is dict:
            tokens.append(f"d{len(value)}(")
            for key in sorted(value, key=self.of):
                self._spell(key, tokens)
                self._spell(value[key], tokens)
        elif value is None:
            tokens.append("n")
        elif kind is FunctionType:  # a step's function: the same code in every run
            tokens.append(f"f{value.__module__}.{value.__qualname__};")
        elif kind is frozenset:  # no order of its own: spelt in its members' digests' order
            tokens.append(f"z{len(value)}(")
            tokens.extend(sorted(self.of(item) for item in value))
        elif _is_model_kind(kind):
            tokens.append(self._model(value))
        elif isinstance(value, str):  # Markup and other kinds of text, told apart by class
            tokens.append(f"{kind.__qualname__}{len(value)}:")
            tokens.append(value)
            _NAMED_TEXT.add(kind)
        elif kind is bytes:
            tokens.append(f"b{len(value)}:{value.hex()}")
        else:
            text = repr(value)  # numbers, dates, zones: short, and stable between runs
            tokens.append(f"r{len(text)}:")
            tokens.append(text)

    def _items(self, values: Any, tokens: list[str]) -> None:
        """Each of `values` spelt as `_spell` would. The commonest kinds are spelt here,
        without a call each: a big site's pages hold hundreds of thousands of values."""
        known = self._known
        for item in values:
            kind = type(item)
            if kind is str:
                tokens += (f"s{len(item)}:", item)
            elif item is None:
                tokens.append("n")
            elif kind in _FIELDS:  # a model object, most often one already digested
                tokens.append(known.get(id(item)) or self._model(item))
            elif kind is datetime or kind is date:  # an event's dates: thousands of them
                tokens.append(_moment(item))
            elif kind in _PLAIN_REPR:
                text = repr(item)
                tokens += (f"r{len(text)}:", text)
            elif kind is tuple:
                if item:
                    tokens.append(f"t{len(item)}(")
                    self._items(item, tokens)
                else:
                    tokens.append("t0(")
            elif kind in _NAMED_TEXT:  # a status and other kinds of text
                tokens += (f"{kind.__qualname__}{len(item)}:", item)
            else:
                self._spell(item, tokens)

    def _model(self, value: Any, remember: bool = True) -> str:
        seen = self._known.get(id(value))
        if seen is not None:  # the object with this id is still the one digested
            return seen
        kind = type(value)
        tokens = [f"c{kind.__qualname__}("]
        self._items(_GETTERS[kind](value), tokens)
        digest = "m" + hashlib.sha1("".join(tokens).encode()).hexdigest()
        if remember:
            self._known[id(value)] = digest
            self._alive.append(value)
        return digest


def _moment(value: date) -> str:
    """A date or datetime (not a subclass) spelt from its pickled state, which holds every
    field (`fold` too), and its zone's `repr`: what `repr` says, in a quarter of the time."""
    state = value.__reduce_ex__(4)[1]
    code = "D" if type(value) is datetime else "d"
    if len(state) == 1:
        return f"@{code}{state[0].hex()};"
    zone = state[1]
    known = _ZONES.get(id(zone))
    if known is None or known[0] is not zone:
        if len(_ZONES) >= 64:  # a zone made for each date (fixed offsets) is not kept forever
            _ZONES.clear()
        known = _ZONES[id(zone)] = (zone, repr(zone))  # kept: no other zone takes its id
    return f"@{code}{state[0].hex()}|{len(known[1])}:{known[1]}"


_ZONES: dict[int, tuple[Any, str]] = {}  # the zones of the dates spelt, and their `repr`
_FIELDS: dict[type, tuple[str, ...]] = {}  # each model class's compared fields
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}  # ...and their values, in order
_PLAIN: set[type] = set()  # classes known not to be model classes
_NAMED_TEXT: set[type] = set()  # kinds of text `_spell` has met: `_items` spells them alike
# Kinds `_spell` spells by `repr`, whatever else it checks first.
_PLAIN_REPR = frozenset({bool, int, float, date, datetime, time, timedelta})


def _is_model_kind(kind: type) -> bool:
    return kind in _FIELDS or (kind not in _PLAIN and _is_model(kind))


def _is_model(kind: type) -> bool:
    if is_dataclass(kind):
        names = tuple(f.name for f in fields(kind) if f.compare)
        get = attrgetter(*names) if names else lambda _: ()
        _GETTERS[kind] = get if len(names) != 1 else lambda value: (get(value),)
        _FIELDS[kind] = names
        return True
    _PLAIN.add(kind)
    return False
