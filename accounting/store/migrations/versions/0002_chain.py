"""The monitoring chain: monthly deposits with evidence, grid electricity exports, verifications;
and a market-based scope 2 figure that may be absent (NULL) where no market-based factor exists.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def _file() -> sa.Column:
    return sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.alter_column("scope2_market", existing_type=sa.Float, nullable=True)
    op.create_table(
        "deposits",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uscc", sa.String(18), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("month", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        _file(),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("received", sa.String(32), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("province", sa.Text, nullable=False),
        sa.Column("city", sa.Text, nullable=False),
        sa.Column("sector", sa.String(16), nullable=False),
        sa.Column("tco2e", sa.Float, nullable=False),
        sa.Column("tce", sa.Float, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("uscc", "year", "month", "version"),
    )
    op.create_index("deposits_month", "deposits", ["year", "month", "uscc"])
    op.create_table(
        "deposit_lines",
        sa.Column("deposit_id", sa.Integer, sa.ForeignKey("deposits.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("item", sa.Text, nullable=False),
        sa.Column("quantity", sa.Float, nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("activity", sa.Float, nullable=False),
        sa.Column("activity_unit", sa.Text, nullable=False),
        sa.Column("ncv", sa.Float),
        sa.Column("carbon_per_heat", sa.Float),
        sa.Column("carbon_fraction", sa.Float),
        sa.Column("oxidation", sa.Float),
        sa.Column("tco2e", sa.Float, nullable=False),
    )
    op.create_index("deposit_lines_deposit", "deposit_lines", ["deposit_id"])
    op.create_table(
        "deposit_evidence",
        sa.Column("deposit_id", sa.Integer, sa.ForeignKey("deposits.id"), nullable=False),
        _file(),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sheet", sa.Text, nullable=False),
        sa.Column("rows", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("deposit_evidence_deposit", "deposit_evidence", ["deposit_id"])
    op.create_table(
        "grid_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("supplier", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        _file(),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("received", sa.String(32), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("supplier", "year", "version"),
    )
    op.create_table(
        "grid_readings",
        sa.Column("grid_id", sa.Integer, sa.ForeignKey("grid_versions.id"), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("uscc", sa.String(18), nullable=False),
        sa.Column("month", sa.Integer, nullable=False),
        sa.Column("mwh", sa.Float, nullable=False),
    )
    op.create_index("grid_readings_grid", "grid_readings", ["grid_id"])
    op.create_table(
        "verifications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("uscc", sa.String(18), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("submission_version", sa.Integer, nullable=False),
        sa.Column("submission_sha256", sa.String(64), nullable=False),
        _file(),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("received", sa.String(32), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("verifier", sa.Text, nullable=False),
        sa.Column("signed", sa.String(10), nullable=False),
        sa.Column("conclusion", sa.Text, nullable=False),
        sa.Column("reported_tco2e", sa.Float, nullable=False),
        sa.Column("verified_tco2e", sa.Float, nullable=False),
        sa.Column("findings", sa.Integer, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("uscc", "year", "version"),
    )
    op.create_table(
        "verification_findings",
        sa.Column("verification_id", sa.Integer, sa.ForeignKey("verifications.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("sheet", sa.Text, nullable=False),
        sa.Column("cell", sa.Text, nullable=False),
        sa.Column("parameter", sa.Text, nullable=False),
        sa.Column("reported", sa.Float),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("basis", sa.Text, nullable=False),
        sa.Column("finding", sa.Text, nullable=False),
        sa.Column("verified", sa.Float),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("effect_tco2e", sa.Float, nullable=False),
    )
    op.create_index("verification_findings_verification", "verification_findings", ["verification_id"])


def downgrade() -> None:
    for name in (
        "verification_findings",
        "verifications",
        "grid_readings",
        "grid_versions",
        "deposit_evidence",
        "deposit_lines",
        "deposits",
    ):
        op.drop_table(name)
    with op.batch_alter_table("submissions") as batch:
        batch.alter_column("scope2_market", existing_type=sa.Float, nullable=False)
