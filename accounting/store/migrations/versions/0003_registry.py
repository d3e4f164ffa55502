"""Registry exports of holdings (allowances held, surrendered, CCER), versioned by compliance year.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "registry_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("exported", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("received", sa.String(32), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("year", "version"),
    )
    op.create_table(
        "holdings",
        sa.Column("registry_id", sa.Integer, sa.ForeignKey("registry_versions.id"), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("uscc", sa.String(18), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("held", sa.Float, nullable=False),
        sa.Column("surrendered", sa.Float, nullable=False),
        sa.Column("ccer", sa.Float, nullable=False),
    )
    op.create_index("holdings_registry", "holdings", ["registry_id"])


def downgrade() -> None:
    op.drop_table("holdings")
    op.drop_table("registry_versions")
