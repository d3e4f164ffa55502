"""The store's tables (DESIGN 6), in SQLAlchemy Core so that any SQLAlchemy database will hold them.

``files`` keeps each workbook's original bytes once, by SHA-256. ``submissions`` holds one row per
version of an enterprise's year, with the result's totals as columns (the regional report reads
these, not the JSON). ``lines``, ``months``, ``products`` and ``issues`` belong to a version.
``statistics`` and ``assigned`` hold the regulator's statistics workbook, also by version. ``log``
is append-only; each entry's hash covers the previous entry's hash, so an edit anywhere shows.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

files = Table(
    "files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

# the totals of a version, in the order they are hashed into its digest
TOTALS = (
    "tco2e",
    "tco2",
    "fuel_combustion",
    "process",
    "electricity",
    "heat",
    "scope2_location",
    "scope2_market",
    "tce",
    "tce_feedstock",
)
COUNTS = ("parameters", "defaults", "months", "warnings")

submissions = Table(
    "submissions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uscc", String(18), nullable=False),
    Column("year", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("sha256", String(64), ForeignKey("files.sha256"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("received", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("province", Text, nullable=False),
    Column("city", Text, nullable=False),
    Column("sector", String(16), nullable=False),
    Column("method", Text, nullable=False),
    # the market-based scope 2 figure is absent (NULL) where no market-based factor exists
    *(Column(name, Float, nullable=name == "scope2_market") for name in TOTALS),
    *(Column(name, Integer, nullable=False) for name in COUNTS),
    Column("result", Text, nullable=False),  # the result JSON of DESIGN 3.3, without lines
    Column("digest", String(64), nullable=False),
    UniqueConstraint("uscc", "year", "version"),
)
Index("submissions_year", submissions.c.year, submissions.c.uscc)

lines = Table(
    "lines",
    metadata,
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(8), nullable=False),  # fuel | energy | process
    Column("row", Integer),  # the submission row; process terms are sums over rows
    Column("name", Text, nullable=False),  # facility, energy type or process
    Column("item", Text, nullable=False),  # fuel or process item
    Column("month", Integer, nullable=False),  # 0 = the whole year
    Column("quantity", Float),
    Column("unit", Text, nullable=False),
    Column("tco2e", Float, nullable=False),
    Column("tce", Float, nullable=False),
    Column("basis", Text, nullable=False),  # measured / default, as the result traces it
)
Index("lines_submission", lines.c.submission_id)

months = Table(
    "months",
    metadata,
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False),
    Column("month", Integer, nullable=False),  # 0 = lines reported only for the whole year
    Column("tco2e", Float, nullable=False),
    Column("tce", Float, nullable=False),
)
Index("months_submission", months.c.submission_id)

products = Table(
    "products",
    metadata,
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False),
    Column("product", Text, nullable=False),
    Column("quantity", Float, nullable=False),
    Column("unit", Text, nullable=False),
)
Index("products_submission", products.c.submission_id)

issues = Table(
    "issues",
    metadata,
    Column("submission_id", Integer, ForeignKey("submissions.id"), nullable=False),
    Column("code", Text, nullable=False),
    Column("severity", String(8), nullable=False),
    Column("sheet", Text, nullable=False),
    Column("cell", Text, nullable=False),
    Column("message", Text, nullable=False),
)
Index("issues_submission", issues.c.submission_id)

statistics_versions = Table(
    "statistics_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version", Integer, nullable=False, unique=True),
    Column("sha256", String(64), ForeignKey("files.sha256"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("received", String(32), nullable=False),
    Column("digest", String(64), nullable=False),
)

statistics = Table(
    "statistics",
    metadata,
    Column("statistics_id", Integer, ForeignKey("statistics_versions.id"), nullable=False),
    Column("region", Text, nullable=False),
    Column("parent", Text, nullable=False),  # the province of a city; empty for a province
    Column("year", Integer, nullable=False),
    Column("indicator", String(32), nullable=False),
    Column("value", Float, nullable=False),  # in the indicator's base unit (tce, tCO2, 元)
    Column("source", Text, nullable=False),
)

assigned = Table(  # target values assigned from above (完成国家下达) and rosters: the regulator's entries
    "assigned",
    metadata,
    Column("statistics_id", Integer, ForeignKey("statistics_versions.id"), nullable=False),
    Column("jurisdiction", Text, nullable=False),
    Column("indicator_code", String(48), nullable=False),
    Column("base_year", Integer),
    Column("target_year", Integer, nullable=False),
    Column("value", Float, nullable=False),
    Column("source", Text, nullable=False),
)

roster = Table(  # the enterprises expected to submit
    "roster",
    metadata,
    Column("statistics_id", Integer, ForeignKey("statistics_versions.id"), nullable=False),
    Column("uscc", String(18), nullable=False),
    Column("name", Text, nullable=False),
    Column("city", Text, nullable=False),
    Column("sector", Text, nullable=False),
)

log = Table(
    "log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("entry", Text, nullable=False),  # canonical JSON of what was stored
    Column("prev", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)
