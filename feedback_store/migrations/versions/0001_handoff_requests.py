"""Handoff requests.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sender_id", sa.String(160), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("last_message", sa.Text(), nullable=False),
        sa.Column("procedure_code", sa.String(32)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_handoff_requests_sender_id", "handoff_requests", ["sender_id"])


def downgrade() -> None:
    op.drop_index("ix_handoff_requests_sender_id", "handoff_requests")
    op.drop_table("handoff_requests")
