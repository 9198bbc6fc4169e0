"""Reports (phản ánh, kiến nghị), their status history, attachments and handling ratings.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tracking_code", sa.String(16), nullable=False, unique=True),
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("province", sa.String(120)),
        sa.Column("commune", sa.String(120)),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("due_date", sa.Date()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("duplicate_of_id", sa.Integer(), sa.ForeignKey("reports.id")),
        sa.Column("answer", sa.Text()),
        sa.Column("reporter_name", sa.String(120)),
        sa.Column("reporter_phone", sa.String(20)),
        sa.Column("sender_id", sa.String(160), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reports_agency_code", "reports", ["agency_code"])
    op.create_index("ix_reports_status", "reports", ["status"])
    op.create_index("ix_reports_sender_id", "reports", ["sender_id"])
    op.create_table(
        "report_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_report_events_report_id", "report_events", ["report_id"])
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
    )
    op.create_index("ix_attachments_report_id", "attachments", ["report_id"])
    op.create_table(
        "handling_ratings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "report_id", sa.Integer(), sa.ForeignKey("reports.id", ondelete="CASCADE"), nullable=False, unique=True
        ),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("value BETWEEN 1 AND 5", name="ck_handling_ratings_value"),
    )


def downgrade() -> None:
    op.drop_table("handling_ratings")
    op.drop_table("attachments")
    op.drop_table("report_events")
    op.drop_table("reports")
