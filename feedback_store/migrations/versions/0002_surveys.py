"""Transactions, survey responses and their raw answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transactions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("dossier_code", sa.String(40), nullable=False, unique=True),
        sa.Column("procedure_code", sa.String(32), nullable=False),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("survey_token", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_transactions_agency_code", "transactions", ["agency_code"])
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("dossier_code", sa.String(40), nullable=False, unique=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("procedure_code", sa.String(32)),
        sa.Column("agency_code", sa.String(64)),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("questionnaire_version", sa.String(64), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_survey_responses_agency_code", "survey_responses", ["agency_code"])
    op.create_index("ix_survey_responses_submitted_at", "survey_responses", ["submitted_at"])
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "response_id", sa.Integer(), sa.ForeignKey("survey_responses.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("criterion", sa.String(64), nullable=False),
        sa.Column("component", sa.String(64), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("value BETWEEN 1 AND 5", name="ck_survey_answers_value"),
    )
    op.create_index("ix_survey_answers_response_id", "survey_answers", ["response_id"])


def downgrade() -> None:
    op.drop_table("survey_answers")
    op.drop_table("survey_responses")
    op.drop_table("transactions")
