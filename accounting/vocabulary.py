"""Closed vocabularies beyond the sheet layout: products and processes per sector, provinces.

Read from ``sector_items.toml`` and ``provinces.csv`` beside this module. Names compare folded
(:func:`accounting.schema.fold`), in Chinese, English or an alias.
"""

from __future__ import annotations

import csv
import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from accounting import schema

HERE = Path(__file__).parent


@dataclass(frozen=True)
class Item:
    """A product or a process parameter, and the unit its quantity must convert to."""

    name: str
    en: str
    unit: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.en, *self.aliases)


@dataclass(frozen=True)
class Process:
    name: str
    en: str
    parameters: tuple[Item, ...]

    def parameter(self, name: str) -> Item | None:
        return find(self.parameters, name)


@dataclass(frozen=True)
class SectorItems:
    """A sector's products (None: any name is accepted) and processes."""

    sector: str
    products: tuple[Item, ...] | None
    processes: tuple[Process, ...]

    def product(self, name: str) -> Item | None:
        return None if self.products is None else find(self.products, name)

    def process(self, name: str) -> Process | None:
        folded = schema.fold(name)
        return next((p for p in self.processes if folded in (schema.fold(p.name), schema.fold(p.en))), None)


def _items(rows: Iterable[dict[str, Any]]) -> tuple[Item, ...]:
    return tuple(Item(r["name"], r.get("en", ""), r["unit"],
                      tuple(a for a in r.get("aliases", "").split(";") if a)) for r in rows)


@cache
def _data() -> dict[str, Any]:
    with (HERE / "sector_items.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def sector_items(sector: str) -> SectorItems:
    """The vocabulary of ``sector`` (a key of :data:`accounting.schema.SECTORS` values)."""
    data = _data()
    entry = data.get(sector, data["other"])
    shared = {"carbonates": _items(data["carbonates"]["parameters"])}
    processes = []
    for p in entry.get("processes", []):
        params = p["parameters"]
        processes.append(Process(p["name"], p.get("en", ""),
                                 shared[params] if isinstance(params, str) else _items(params)))
    products = _items(entry["products"]) if "products" in entry else None
    return SectorItems(sector, products, tuple(processes))


def find(items: Iterable[Item], name: str) -> Item | None:
    folded = schema.fold(name)
    return next((i for i in items if folded in {schema.fold(n) for n in i.names if n}), None)


def suggest(value: object, choices: Iterable[str]) -> str:
    """'，是否为「X」？' naming the closest choice, or '' when nothing is close."""
    near = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.3)
    return f"，是否为「{near[0]}」？" if near else ""


@dataclass(frozen=True)
class Province:
    code: str  # the first two digits of GB/T 2260 codes
    name: str
    short: str


@cache
def provinces() -> tuple[Province, ...]:
    with (HERE / "provinces.csv").open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return tuple(Province(r["code"], r["name"], r["short"]) for r in csv.DictReader(lines))


def province(name: str) -> Province | None:
    """The province named ``name`` in full (青海省) or short (青海)."""
    folded = schema.fold(name).replace(" ", "")
    return next((p for p in provinces() if folded in (p.name, p.short)), None)
