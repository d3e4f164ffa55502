"""Factor sets: versioned CSV tables with a descriptor, each value with its source and confidence.

A factor set is a folder holding ``set.toml`` (id, kind, title, years, source_ids, tables) and the
CSV tables it names. ``factors/sources.csv`` is the bibliography every ``source_id`` points into;
``factors/methods.toml`` names the methods. Users add their own sets from further folders of the
same shape (:func:`load_library`). Loading checks each table's schema, so a broken table is an
error naming its file and row, never a wrong number.
"""

from __future__ import annotations

import hashlib
import io
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from accounting.errors import FactorError, MethodError

CONFIDENCE = ("official", "secondary", "uncertain")
CONFIDENCE_ZH = {"official": "官方", "secondary": "二手转录", "uncertain": "待核实"}

# Columns each kind of table must have, besides source_id and confidence.
REQUIRED: dict[tuple[str, str], tuple[str, ...]] = {
    ("fuel", "values"): (
        "fuel",
        "activity_unit",
        "ncv",
        "ncv_unit",
        "carbon_per_heat",
        "carbon_per_heat_unit",
        "oxidation",
        "oxidation_unit",
    ),
    ("grid", "values"): ("scope", "area", "variant", "data_year", "value", "unit"),
    ("grid", "regions"): ("province", "region"),
    ("grid_reporting", "values"): ("area", "year_from", "year_to", "value", "unit"),
    ("heat", "values"): ("key", "value", "unit"),
    ("steam", "saturated"): ("pressure", "pressure_unit", "enthalpy", "enthalpy_unit"),
    ("steam", "superheated"): ("pressure", "pressure_unit", "temperature", "enthalpy", "enthalpy_unit", "phase"),
    ("coal_equivalent", "values"): ("energy", "key", "fuels", "coefficient", "unit"),
    ("gwp", "values"): ("gwp_set", "gas", "gwp100"),
    ("process", "values"): ("sector", "key", "name", "value", "unit", "valid_from", "valid_to", "applies_to"),
    ("fuel_rule", "values"): ("fuels", "parameter", "value", "unit", "valid_from", "valid_to", "warn", "name"),
    ("rule", "values"): ("key", "value", "unit", "name"),
    ("allocation", "benchmarks"): ("category", "product", "year", "value", "unit"),
    ("allocation", "corrections"): ("key", "fuel", "condition", "year_from", "year_to", "lower", "upper", "expression"),
    ("allocation_rule", "rules"): ("sector", "year", "stage", "method", "share", "condition"),
    ("rule", "coverage"): ("sector", "year_from", "categories"),
}
NUMERIC = {
    "ncv",
    "carbon_per_heat",
    "oxidation",
    "value",
    "data_year",
    "year_from",
    "year_to",
    "pressure",
    "temperature",
    "enthalpy",
    "coefficient",
    "gwp100",
    "year",
    "lower",
    "upper",
    "share",
}


def default_root() -> Path:
    """The bundled ``factors/`` folder: $TANHE_FACTORS, the wheel's copy, or the checkout's."""
    if env := os.environ.get("TANHE_FACTORS"):
        return Path(env)
    packaged = Path(__file__).with_name("_factors")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "factors"


@dataclass(frozen=True)
class Source:
    source_id: str
    title: str
    issuer: str
    document_no: str
    published: str
    kind: str
    notes: str = ""


@dataclass(frozen=True)
class FactorSet:
    """One versioned set; ``tables`` maps a table name to its rows."""

    id: str
    kind: str
    title: str
    title_en: str
    version: str
    years: tuple[int, int]
    source_ids: tuple[str, ...]
    notes: str
    folder: Path
    tables: dict[str, pd.DataFrame] = field(repr=False, hash=False, compare=False)
    # SHA-256 of the set's files (set.toml, then each table file by table name): what a stored
    # calculation records, so that a recalculation knows whether it has the same factors
    fingerprint: str = ""

    def table(self, name: str = "values") -> pd.DataFrame:
        return self.tables[name]


@dataclass(frozen=True)
class Method:
    """A named choice of factor sets and rules (factors/methods.toml)."""

    id: str
    title: str
    title_en: str
    fuel: str
    electricity: str
    electricity_rule: str
    heat: str
    steam: str
    coal_equivalent: str
    gwp: str
    gwp_set: str
    process: str = "process-cn"
    fuel_rules: str = ""  # a set of the guideline's own fuel defaults by fuel and month (发电设施: fuel-power)
    exclude_processes: tuple[str, ...] = ()  # processes outside the guideline's scope

    @property
    def set_ids(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(
                s
                for s in (
                    self.fuel,
                    self.fuel_rules,
                    self.electricity,
                    self.heat,
                    self.steam,
                    self.coal_equivalent,
                    self.gwp,
                    self.process,
                )
                if s
            )
        )


@dataclass(frozen=True)
class Library:
    """Every factor set, source and method available to a calculation."""

    sets: dict[str, FactorSet]
    sources: dict[str, Source]
    methods: dict[str, Method]
    defaults: tuple[dict[str, Any], ...]

    def set(self, set_id: str) -> FactorSet:
        try:
            return self.sets[set_id]
        except KeyError:
            raise FactorError(f"没有因子集「{set_id}」", expected="、".join(sorted(self.sets))) from None

    def method(self, method_id: str) -> Method:
        try:
            return self.methods[method_id]
        except KeyError:
            raise MethodError(f"没有核算方法「{method_id}」", expected="、".join(sorted(self.methods))) from None

    def default_method(self, sector: str, year: int) -> Method:
        """The first default rule whose sector and first year match."""
        for rule in self.defaults:
            sectors = rule["sector"] if isinstance(rule["sector"], list) else [rule["sector"]]
            if ("*" in sectors or sector in sectors) and year >= int(rule["year_from"]):
                return self.method(rule["method"])
        raise MethodError(f"行业 {sector}、年度 {year} 没有缺省核算方法")


def read_table(path: Path) -> pd.DataFrame:
    """A factor CSV, its leading '#' comment lines (generator notes) skipped."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return pd.read_csv(io.StringIO("".join(lines[start:])), dtype=str, keep_default_na=False)


def _check(frame: pd.DataFrame, kind: str, name: str, path: Path, sources: dict[str, Source]) -> pd.DataFrame:
    missing = [c for c in (*REQUIRED.get((kind, name), ()), "source_id", "confidence") if c not in frame]
    if missing:
        raise FactorError("因子表缺少列", file=str(path), found="、".join(missing))
    for number, (sid, confidence) in enumerate(zip(frame.source_id, frame.confidence, strict=True), start=2):
        if sid not in sources:
            raise FactorError("source_id 不在 sources.csv 中", file=str(path), cell=f"第 {number} 行", found=sid)
        if confidence not in CONFIDENCE:
            raise FactorError(
                "置信度无效", file=str(path), cell=f"第 {number} 行", found=confidence, expected=" / ".join(CONFIDENCE)
            )
    for column in NUMERIC & set(frame.columns):
        numbers = pd.to_numeric(frame[column].replace("", None), errors="coerce")
        bad = numbers.isna() & (frame[column] != "")
        if bad.any():
            number = int(bad.to_numpy().nonzero()[0][0]) + 2
            raise FactorError(
                "因子值不是数值", file=str(path), cell=f"第 {number} 行 {column} 列", found=frame[column][bad].iloc[0]
            )
        frame[column] = numbers
    return frame


def _load_set(folder: Path, sources: dict[str, Source]) -> FactorSet:
    descriptor = folder / "set.toml"
    try:
        raw = descriptor.read_bytes()  # read once: parsed, and hashed into the set's fingerprint
        meta = tomllib.loads(raw.decode("utf-8"))
        fingerprint = hashlib.sha256(raw)
        for name in sorted(meta["tables"]):
            fingerprint.update((folder / meta["tables"][name]).read_bytes())
        tables = {
            name: _check(read_table(folder / file), meta["kind"], name, folder / file, sources)
            for name, file in meta["tables"].items()
        }
        unknown = [s for s in meta.get("source_ids", []) if s not in sources]
        if unknown:
            raise FactorError("source_id 不在 sources.csv 中", file=str(descriptor), found="、".join(unknown))
        return FactorSet(
            meta["id"],
            meta["kind"],
            meta["title"],
            meta.get("title_en", ""),
            str(meta.get("version", "")),
            tuple(meta.get("years", (0, 9999))),
            tuple(meta.get("source_ids", ())),
            meta.get("notes", ""),
            folder,
            tables,
            fingerprint.hexdigest(),
        )
    except (KeyError, tomllib.TOMLDecodeError, OSError, pd.errors.ParserError) as exc:
        raise FactorError("因子集描述或表格无法读取", file=str(descriptor), found=str(exc)) from exc


def _load_sources(path: Path) -> dict[str, Source]:
    frame = read_table(path)
    return {row.source_id: Source(**row._asdict()) for row in frame.itertuples(index=False)}


def load_library(*extra: Path | str, root: Path | None = None) -> Library:
    """The bundled factor sets plus those in ``extra`` folders (same layout as ``factors/``)."""
    folders = [root or default_root(), *map(Path, extra)]
    sources: dict[str, Source] = {}
    for folder in folders:
        if (folder / "sources.csv").exists():
            sources.update(_load_sources(folder / "sources.csv"))
    sets: dict[str, FactorSet] = {}
    methods: dict[str, Method] = {}
    defaults: list[dict[str, Any]] = []
    for k, folder in enumerate(folders):
        own: set[str] = set()
        for descriptor in sorted(folder.glob("*/set.toml")):
            factor_set = _load_set(descriptor.parent, sources)
            # a user's rules replace the bundled rules of the same id (thresholds are the user's to set);
            # any other set twice is ambiguous
            replaces = k > 0 and factor_set.kind == "rule" and sets.get(factor_set.id, factor_set).kind == "rule"
            if factor_set.id in own or (factor_set.id in sets and not replaces):
                raise FactorError("因子集 id 重复", file=str(descriptor), found=factor_set.id)
            own.add(factor_set.id)
            sets[factor_set.id] = factor_set
        if (folder / "methods.toml").exists():
            config = tomllib.loads((folder / "methods.toml").read_text(encoding="utf-8"))
            for method_id, spec in config.get("methods", {}).items():
                spec = {k: tuple(v) if isinstance(v, list) else v for k, v in spec.items()}
                methods[method_id] = Method(id=method_id, **spec)
            defaults[:0] = config.get("defaults", [])  # a user's defaults take precedence
    library = Library(sets, sources, methods, tuple(defaults))
    for method in methods.values():
        for set_id in method.set_ids:
            library.set(set_id)
    return library


def rule_values(rules: FactorSet) -> dict[str, float]:
    """The values of a rule set (kind "rule": a table of key, value, unit, name, source …) by key."""
    table = rules.table()
    return dict(zip(table.key, table.value.astype(float), strict=True))


@cache
def bundled() -> Library:
    """The bundled library, loaded once per process."""
    return load_library()
