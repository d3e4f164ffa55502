"""Closed vocabularies beyond the sheet layout: products and processes per sector, provinces.

Read from ``sector_items.toml`` and ``provinces.csv`` beside this module. Names compare folded
(:func:`accounting.schema.fold`), in Chinese, English or an alias.
"""

from __future__ import annotations

import csv
import difflib
import math
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from accounting import schema, units

HERE = Path(__file__).parent


CARBON_SUFFIX = "含碳量"  # "<item>含碳量": the measured carbon mass fraction of an item
PURITY_SUFFIX = "纯度"
CALCINATION_SUFFIX = "煅烧比例"


@dataclass(frozen=True)
class Item:
    """A product or a process parameter, and the unit its quantity must convert to.

    ``band``: a screening range in ``unit`` (a value outside is a warning); ``of``: for a
    measured property of another item ("电极含碳量"), that item's name.
    """

    name: str
    en: str
    unit: str
    aliases: tuple[str, ...] = ()
    band: tuple[float, float] | None = None
    of: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, self.en, *self.aliases)

    @property
    def is_amount(self) -> bool:
        """A mass or a gas volume (months add up), not a rate."""
        return units.fits(self.unit, "t") or units.fits(self.unit, "Nm3")


@dataclass(frozen=True)
class Process:
    """A process and its parameters; a ``free`` process takes any name (amounts in t, and
    "<name>含碳量" in %)."""

    name: str
    en: str
    parameters: tuple[Item, ...]
    free: bool = False

    def parameter(self, name: str) -> Item | None:
        if not self.free:
            return find(self.parameters, name)
        text = str(name).strip()
        if text.endswith(CARBON_SUFFIX) and len(text) > len(CARBON_SUFFIX):
            return Item(text, "", "%", (), None, text.removesuffix(CARBON_SUFFIX))
        return Item(text, "", "t") if text else None


@dataclass(frozen=True)
class SectorItems:
    """A sector's products (None: any name is accepted) and processes."""

    sector: str
    products: tuple[Item, ...] | None
    processes: tuple[Process, ...]

    def product(self, name: str) -> Item | None:
        return None if self.products is None else find(self.products, name)

    def unit_for(self, product: str, first_unit: str) -> str:
        """The unit output of ``product`` is summed in: the sector's unit for it; else t for a mass,
        MWh for energy in a multiple of the watt-hour (kWh, 万千瓦时, 度), GJ for other energy (GJ,
        MJ, kcal); else the product's first unit."""
        item = self.product(product)
        if item:
            return item.unit
        if units.fits(first_unit, "t"):
            return "t"
        if units.fits(first_unit, "GJ"):
            exponent = math.log10(units.factor(first_unit, "MWh"))  # a watt-hour multiple: a power of ten
            return "MWh" if abs(exponent - round(exponent)) < 1e-9 else "GJ"
        return first_unit

    def process(self, name: str) -> Process | None:
        folded = schema.fold(name)
        return next((p for p in self.processes if folded in (schema.fold(p.name), schema.fold(p.en))), None)


def _items(rows: Iterable[dict[str, Any]]) -> tuple[Item, ...]:
    """The items of a toml list, each followed by the measured properties its ``measured`` names."""
    out = []
    for r in rows:
        aliases = tuple(a for a in r.get("aliases", "").split(";") if a)
        band = tuple(r["band"]) if "band" in r else None
        out.append(Item(r["name"], r.get("en", ""), r["unit"], aliases, band))
        en = r.get("en", "")
        if r.get("measured") == "carbon":
            out.append(
                Item(
                    r["name"] + CARBON_SUFFIX,
                    f"carbon content of {en}",
                    "%",
                    tuple(a + CARBON_SUFFIX for a in aliases),
                    None,
                    r["name"],
                )
            )
        elif r.get("measured") == "purity":
            out.append(
                Item(
                    r["name"] + PURITY_SUFFIX,
                    f"purity of {en}",
                    "%",
                    tuple(a + PURITY_SUFFIX for a in aliases),
                    None,
                    r["name"],
                )
            )
            out.append(
                Item(
                    r["name"] + CALCINATION_SUFFIX,
                    f"calcination fraction of {en}",
                    "%",
                    tuple(a + CALCINATION_SUFFIX for a in aliases),
                    None,
                    r["name"],
                )
            )
    return tuple(out)


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
        if params == "free":
            processes.append(Process(p["name"], p.get("en", ""), (), free=True))
        else:
            processes.append(
                Process(p["name"], p.get("en", ""), shared[params] if isinstance(params, str) else _items(params))
            )
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
    en: str


@cache
def provinces() -> tuple[Province, ...]:
    with (HERE / "provinces.csv").open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return tuple(Province(r["code"], r["name"], r["short"], r["en"]) for r in csv.DictReader(lines))


def province(name: str) -> Province | None:
    """The province named ``name`` in full (青海省) or short (青海)."""
    folded = schema.fold(name).replace(" ", "")
    return next((p for p in provinces() if folded in (p.name, p.short)), None)
