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


def file_version() -> list[Column]:
    """What the store gives every version of a file: its number, the file's hash and name, when received."""
    return [
        Column("version", Integer, nullable=False),
        Column("sha256", String(64), ForeignKey("files.sha256"), nullable=False),
        Column("file_name", Text, nullable=False),
        Column("received", String(32), nullable=False),
    ]


def enterprise() -> list[Column]:
    """Whose a version is, as its 基本信息 says."""
    return [
        Column("name", Text, nullable=False),
        Column("province", Text, nullable=False),
        Column("city", Text, nullable=False),
        Column("sector", String(16), nullable=False),
    ]


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
    *file_version(),
    *enterprise(),
    Column("method", Text, nullable=False),
    # the market-based scope 2 figure is absent (NULL) where no market-based factor exists
    *(Column(name, Float, nullable=name == "scope2_market") for name in TOTALS),
    *(Column(name, Integer, nullable=False) for name in COUNTS),
    Column("result", Text, nullable=False),  # the result JSON of DESIGN 3.3, without lines
    Column("digest", String(64), nullable=False),
    # options and factor-set fingerprints (JSON, prepare.calculation); NULL for versions stored before 0004
    Column("calculation", Text),
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

# --- the monitoring chain (issue 15): monthly deposits, grid electricity, verifications -------------

deposits = Table(  # one enterprise's one month of key parameters (月度存证), by version
    "deposits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uscc", String(18), nullable=False),
    Column("year", Integer, nullable=False),
    Column("month", Integer, nullable=False),
    *file_version(),
    *enterprise(),
    Column("tco2e", Float, nullable=False),  # the month's emissions by the engine, for the review
    Column("tce", Float, nullable=False),
    Column("digest", String(64), nullable=False),
    UniqueConstraint("uscc", "year", "month", "version"),
)
Index("deposits_month", deposits.c.year, deposits.c.month, deposits.c.uscc)

deposit_lines = Table(  # the deposited parameters, as entered (measured ones only; NULL = not measured)
    "deposit_lines",
    metadata,
    Column("deposit_id", Integer, ForeignKey("deposits.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("kind", String(12), nullable=False),  # fuel | energy | production
    Column("row", Integer, nullable=False),  # the row of the deposit workbook
    Column("name", Text, nullable=False),  # facility, energy type or product
    Column("item", Text, nullable=False),  # fuel ('' for energy and production)
    Column("quantity", Float, nullable=False),
    Column("unit", Text, nullable=False),
    Column("activity", Float, nullable=False),  # in the activity unit: t, 万Nm3, MWh, GJ, the product's unit
    Column("activity_unit", Text, nullable=False),
    Column("ncv", Float),  # GJ per activity unit
    Column("carbon_per_heat", Float),  # tC/GJ
    Column("carbon_fraction", Float),  # as received, a fraction
    Column("oxidation", Float),  # a fraction
    Column("tco2e", Float, nullable=False),
)
Index("deposit_lines_deposit", deposit_lines.c.deposit_id)

deposit_evidence = Table(  # evidence files of a deposit (bytes in files), linked to the rows they support
    "deposit_evidence",
    metadata,
    Column("deposit_id", Integer, ForeignKey("deposits.id"), nullable=False),
    Column("sha256", String(64), ForeignKey("files.sha256"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sheet", Text, nullable=False),
    Column("rows", Text, nullable=False),  # "2-5,8" or "" for the whole sheet
    Column("note", Text, nullable=False),
)
Index("deposit_evidence_deposit", deposit_evidence.c.deposit_id)

grid_versions = Table(  # a grid company's monthly electricity per enterprise for a year, by version
    "grid_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("supplier", Text, nullable=False),
    Column("year", Integer, nullable=False),
    *file_version(),
    Column("digest", String(64), nullable=False),
    UniqueConstraint("supplier", "year", "version"),
)

grid_readings = Table(
    "grid_readings",
    metadata,
    Column("grid_id", Integer, ForeignKey("grid_versions.id"), nullable=False),
    Column("row", Integer, nullable=False),
    Column("uscc", String(18), nullable=False),
    Column("month", Integer, nullable=False),
    Column("mwh", Float, nullable=False),
)
Index("grid_readings_grid", grid_readings.c.grid_id)

verifications = Table(  # a verifier's findings on one exact submission version, and the verified result
    "verifications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("uscc", String(18), nullable=False),
    Column("year", Integer, nullable=False),
    *file_version(),
    Column("submission_version", Integer, nullable=False),
    Column("submission_sha256", String(64), nullable=False),
    Column("body", Text, nullable=False),  # the verification body (核查机构)
    Column("verifier", Text, nullable=False),
    Column("signed", String(10), nullable=False),  # the date the report was signed, YYYY-MM-DD
    Column("conclusion", Text, nullable=False),
    Column("reported_tco2e", Float, nullable=False),
    Column("verified_tco2e", Float, nullable=False),
    Column("findings", Integer, nullable=False),  # rows whose finding is not 符合
    Column("result", Text, nullable=False),  # the verified result JSON
    Column("digest", String(64), nullable=False),
    UniqueConstraint("uscc", "year", "version"),
)

verification_findings = Table(
    "verification_findings",
    metadata,
    Column("verification_id", Integer, ForeignKey("verifications.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("sheet", Text, nullable=False),  # where the reported value sits in the submission
    Column("cell", Text, nullable=False),
    Column("parameter", Text, nullable=False),
    Column("reported", Float),
    Column("unit", Text, nullable=False),
    Column("basis", Text, nullable=False),  # 实测 | 缺省
    Column("finding", Text, nullable=False),  # 符合 | 不符合 | 缺失 | 已更正
    Column("verified", Float),  # the value used for the verified emissions
    Column("evidence", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("effect_tco2e", Float, nullable=False),  # verified − reported total, this finding alone
)
Index("verification_findings_verification", verification_findings.c.verification_id)

registry_versions = Table(  # a registry's export of holdings for one compliance year, by version
    "registry_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),  # the compliance year: the emissions year surrendered for
    Column("exported", String(10), nullable=False),  # the date of the export, YYYY-MM-DD
    *file_version(),
    Column("digest", String(64), nullable=False),
    UniqueConstraint("year", "version"),
)

holdings = Table(
    "holdings",
    metadata,
    Column("registry_id", Integer, ForeignKey("registry_versions.id"), nullable=False),
    Column("row", Integer, nullable=False),
    Column("uscc", String(18), nullable=False),
    Column("name", Text, nullable=False),
    Column("held", Float, nullable=False),  # allowances in the account, not surrendered (t)
    Column("surrendered", Float, nullable=False),  # allowances surrendered for the year (t)
    Column("ccer", Float, nullable=False),  # CCER submitted to offset the year (t)
)
Index("holdings_registry", holdings.c.registry_id)

budget_versions = Table(  # a department's carbon and energy budgets by region for one year, by version
    "budget_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    *file_version(),
    Column("digest", String(64), nullable=False),
    UniqueConstraint("year", "version"),
)

budgets = Table(
    "budgets",
    metadata,
    Column("budget_id", Integer, ForeignKey("budget_versions.id"), nullable=False),
    Column("row", Integer, nullable=False),  # the row of the budget workbook
    Column("region", Text, nullable=False),
    Column("parent", Text, nullable=False),  # the region above ('' for a province)
    Column("measure", String(8), nullable=False),  # co2 | energy
    Column("value", Float, nullable=False),  # tCO2 or tce for the year
    Column("source", Text, nullable=False),  # the document that set it
)
Index("budgets_budget", budgets.c.budget_id)

project_versions = Table(  # a 两高 project's workbook (项目台账), by version of its project number
    "project_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", Text, nullable=False),
    *file_version(),
    Column("name", Text, nullable=False),
    Column("uscc", String(18), nullable=False),  # the enterprise building it
    Column("enterprise", Text, nullable=False),
    Column("province", Text, nullable=False),
    Column("city", Text, nullable=False),
    Column("sector", String(16), nullable=False),
    Column("status", String(12), nullable=False),  # planned | building | existing
    Column("product", Text, nullable=False),
    Column("capacity", Float, nullable=False),  # t a year
    Column("output", Float, nullable=False),  # the design year's output of the product
    Column("start_year", Integer),
    Column("applied", String(10), nullable=False),
    Column("year", Integer, nullable=False),  # the design year the workbook calculates
    Column("tco2e", Float, nullable=False),
    Column("tce", Float, nullable=False),
    Column("digest", String(64), nullable=False),
    UniqueConstraint("project_id", "version"),
)

project_offers = Table(
    "project_offers",
    metadata,
    Column("project_version_id", Integer, ForeignKey("project_versions.id"), nullable=False),
    Column("row", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("uscc", Text, nullable=False),
    Column("measure", Text, nullable=False),
    Column("tce", Float, nullable=False),
    Column("tco2", Float, nullable=False),
    Column("evidence", Text, nullable=False),
)
Index("project_offers_version", project_offers.c.project_version_id)

balance_versions = Table(  # a province's energy balance table (能源平衡表) of one year, by version
    "balance_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("region", Text, nullable=False),
    Column("year", Integer, nullable=False),
    *file_version(),
    Column("digest", String(64), nullable=False),
    UniqueConstraint("region", "year", "version"),
)

balance_lines = Table(
    "balance_lines",
    metadata,
    Column("balance_id", Integer, ForeignKey("balance_versions.id"), nullable=False),
    Column("row", Integer, nullable=False),
    Column("fuel", Text, nullable=False),  # as the table names it
    Column("basis", Text, nullable=False),  # the fuel of the factor table it is computed as
    Column("use", String(16), nullable=False),  # a column of the table: power, heat, industry, feedstock …
    Column("unit", Text, nullable=False),  # as entered
    Column("quantity", Float, nullable=False),  # in the fuel's activity unit (t, 万Nm3; MWh for electricity)
)
Index("balance_lines_balance", balance_lines.c.balance_id)
