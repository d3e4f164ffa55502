"""Energy balance tables (能源平衡表) by region and year, for the provincial inventory.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.create_table(
        "balance_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("received", sa.String(32), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("region", "year", "version"),
    )
    op.create_table(
        "balance_lines",
        sa.Column("balance_id", sa.Integer, sa.ForeignKey("balance_versions.id"), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("fuel", sa.Text, nullable=False),
        sa.Column("basis", sa.Text, nullable=False),
        sa.Column("use", sa.String(16), nullable=False),
        sa.Column("unit", sa.Text, nullable=False),
        sa.Column("quantity", sa.Float, nullable=False),
    )
    op.create_index("balance_lines_balance", "balance_lines", ["balance_id"])


def downgrade() -> None:
    op.drop_table("balance_lines")
    op.drop_table("balance_versions")
