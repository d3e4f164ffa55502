"""The store as tanhe 0.1 made it (submissions, statistics, the hash-chained log).

A store made before migrations existed holds exactly these tables; it is stamped with this
revision and upgraded from here.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

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


def upgrade() -> None:
    op.create_table(
        "files",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uscc", sa.String(18), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("received", sa.String(32), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("province", sa.Text, nullable=False),
        sa.Column("city", sa.Text, nullable=False),
        sa.Column("sector", sa.String(16), nullable=False),
        sa.Column("method", sa.Text, nullable=False),
        *(sa.Column(name, sa.Float, nullable=False) for name in TOTALS),
        *(sa.Column(name, sa.Integer, nullable=False) for name in COUNTS),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("uscc", "year", "version"),
    )
    op.create_index("submissions_year", "submissions", ["year", "uscc"])
    op.create_table(
        "lines",
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("row", sa.Integer),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("item", sa.Text, nullable=False),
        sa.Column("month", sa.Integer, nullable=False),
        sa.Column("quantity", sa.Float),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("tco2e", sa.Float, nullable=False),
        sa.Column("tce", sa.Float, nullable=False),
        sa.Column("basis", sa.Text, nullable=False),
    )
    op.create_index("lines_submission", "lines", ["submission_id"])
    op.create_table(
        "months",
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("month", sa.Integer, nullable=False),
        sa.Column("tco2e", sa.Float, nullable=False),
        sa.Column("tce", sa.Float, nullable=False),
    )
    op.create_index("months_submission", "months", ["submission_id"])
    op.create_table(
        "products",
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("product", sa.Text, nullable=False),
        sa.Column("quantity", sa.Float, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
    )
    op.create_index("products_submission", "products", ["submission_id"])
    op.create_table(
        "issues",
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("code", sa.Text, nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("sheet", sa.Text, nullable=False),
        sa.Column("cell", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )
    op.create_index("issues_submission", "issues", ["submission_id"])
    op.create_table(
        "statistics_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("version", sa.Integer, nullable=False, unique=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("received", sa.String(32), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
    )
    op.create_table(
        "statistics",
        sa.Column("statistics_id", sa.Integer, sa.ForeignKey("statistics_versions.id"), nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("parent", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("indicator", sa.String(32), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
    )
    op.create_table(
        "assigned",
        sa.Column("statistics_id", sa.Integer, sa.ForeignKey("statistics_versions.id"), nullable=False),
        sa.Column("jurisdiction", sa.Text, nullable=False),
        sa.Column("indicator_code", sa.String(48), nullable=False),
        sa.Column("base_year", sa.Integer),
        sa.Column("target_year", sa.Integer, nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
    )
    op.create_table(
        "roster",
        sa.Column("statistics_id", sa.Integer, sa.ForeignKey("statistics_versions.id"), nullable=False),
        sa.Column("uscc", sa.String(18), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("city", sa.Text, nullable=False),
        sa.Column("sector", sa.Text, nullable=False),
    )
    op.create_table(
        "log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("entry", sa.Text, nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    for name in (
        "log",
        "roster",
        "assigned",
        "statistics",
        "statistics_versions",
        "issues",
        "products",
        "months",
        "lines",
        "submissions",
        "files",
    ):
        op.drop_table(name)
