"""Carbon and energy budgets by region and year (the regulator's budget workbook), versioned by year.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "budget_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("received", sa.String(32), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("year", "version"),
    )
    op.create_table(
        "budgets",
        sa.Column("budget_id", sa.Integer, sa.ForeignKey("budget_versions.id"), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("region", sa.Text, nullable=False),
        sa.Column("parent", sa.Text, nullable=False),
        sa.Column("measure", sa.String(8), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
    )
    op.create_index("budgets_budget", "budgets", ["budget_id"])


def downgrade() -> None:
    op.drop_table("budgets")
    op.drop_table("budget_versions")
