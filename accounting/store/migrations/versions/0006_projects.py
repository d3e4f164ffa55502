"""The ledger of 两高 projects (项目台账): each project workbook by version of its project number.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "project_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("received", sa.String(32), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("uscc", sa.String(18), nullable=False),
        sa.Column("enterprise", sa.Text, nullable=False),
        sa.Column("province", sa.Text, nullable=False),
        sa.Column("city", sa.Text, nullable=False),
        sa.Column("sector", sa.String(16), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("product", sa.Text, nullable=False),
        sa.Column("capacity", sa.Float, nullable=False),
        sa.Column("output", sa.Float, nullable=False),
        sa.Column("start_year", sa.Integer),
        sa.Column("applied", sa.String(10), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("tco2e", sa.Float, nullable=False),
        sa.Column("tce", sa.Float, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.UniqueConstraint("project_id", "version"),
    )
    op.create_table(
        "project_offers",
        sa.Column("project_version_id", sa.Integer, sa.ForeignKey("project_versions.id"), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("uscc", sa.Text, nullable=False),
        sa.Column("measure", sa.Text, nullable=False),
        sa.Column("tce", sa.Float, nullable=False),
        sa.Column("tco2", sa.Float, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
    )
    op.create_index("project_offers_version", "project_offers", ["project_version_id"])


def downgrade() -> None:
    op.drop_table("project_offers")
    op.drop_table("project_versions")
