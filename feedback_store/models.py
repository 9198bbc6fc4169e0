"""Tables of the feedback store. Schema changes go through Alembic migrations."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class HandoffRequest(Base):
    """A citizen asked to talk to an officer."""

    __tablename__ = "handoff_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(160), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    last_message: Mapped[str] = mapped_column(Text, default="")
    procedure_code: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Transaction(Base):
    """A dossier the one-stop office completed; registered so that its survey can be verified."""

    __tablename__ = "transactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_code: Mapped[str] = mapped_column(String(40), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(32))
    agency_code: Mapped[str] = mapped_column(String(64), index=True)
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    survey_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SurveyResponse(Base):
    """One completed survey. No personal data: the dossier code is the only link to the citizen."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # One rating per dossier, enforced by the database so racing completions store one.
    dossier_code: Mapped[str] = mapped_column(String(40), unique=True)
    verified: Mapped[bool] = mapped_column(Boolean)
    procedure_code: Mapped[str | None] = mapped_column(String(32))
    agency_code: Mapped[str | None] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    questionnaire_version: Mapped[str] = mapped_column(String(64))
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    answers: Mapped[list[SurveyAnswer]] = relationship(back_populates="response", cascade="all, delete-orphan")


class SurveyAnswer(Base):
    """One raw 1-5 answer; indexes are computed from these, never stored."""

    __tablename__ = "survey_answers"
    __table_args__ = (CheckConstraint("value BETWEEN 1 AND 5", name="ck_survey_answers_value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[str] = mapped_column(String(64))
    component: Mapped[str] = mapped_column(String(64))
    value: Mapped[int] = mapped_column(SmallInteger)
    response: Mapped[SurveyResponse] = relationship(back_populates="answers")


class OutboxMessage(Base):
    """A message to a citizen: bot replies on Telegram/Zalo, survey invitations, officers' answers.

    Kept until delivered. The gateway's dispatcher sends it with retries and
    backoff; the web chat takes its messages when the page polls. A message
    that cannot be delivered stays here as failed or undeliverable, for officers to see.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(160), index=True)
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # pending, sent, failed (the platform refused for good), undeliverable (against the platform's rules)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Due time for a retry, or the end of a sender's claim on it while it is being sent.
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)


class InboxMessage(Base):
    """A platform message already taken in: a replay or a platform retry of it is ignored."""

    __tablename__ = "inbox"
    __table_args__ = (UniqueConstraint("platform", "message_id", name="uq_inbox_platform_message"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str] = mapped_column(String(128))
    sender_id: Mapped[str] = mapped_column(String(160), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OfferedButton(Base):
    """A button's payload behind a short key, for platforms that carry only a short string back."""

    __tablename__ = "offered_buttons"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ChannelToken(Base):
    """A channel's current OAuth pair; refresh tokens are single-use, so the pair is replaced atomically."""

    __tablename__ = "channel_tokens"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    access_token: Mapped[str] = mapped_column(Text)
    refresh_token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Report(Base):
    """A phản ánh or kiến nghị (or a khiếu nại / tố cáo contact, flagged and kept out of PAKN statistics)."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    # The conversation turn that filed it: a retried action call finds the report instead of filing twice.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # phan_anh, kien_nghi, khieu_nai, to_cao
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(Text, default="")
    province: Mapped[str | None] = mapped_column(String(120))
    commune: Mapped[str | None] = mapped_column(String(120))
    agency_code: Mapped[str] = mapped_column(String(64), index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"))
    answer: Mapped[str | None] = mapped_column(Text)
    # Personal data: only with consent, never shown in status answers or lists.
    reporter_name: Mapped[str | None] = mapped_column(String(120))
    reporter_phone: Mapped[str | None] = mapped_column(String(20))
    sender_id: Mapped[str] = mapped_column(String(160), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    history: Mapped[list[ReportEvent]] = relationship(back_populates="report", order_by="ReportEvent.id")
    attachments: Mapped[list[Attachment]] = relationship(back_populates="report")

    @property
    def legal_track(self) -> bool:
        return self.kind in ("khieu_nai", "to_cao")


class ReportEvent(Base):
    """One status change, appended; the history is never rewritten."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    report: Mapped[Report] = relationship(back_populates="history")


class Attachment(Base):
    """A reference to a photo (a channel's file id or a URL), not the file itself."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # url, telegram_file, zalo_url
    reference: Mapped[str] = mapped_column(Text)
    report: Mapped[Report] = relationship(back_populates="attachments")


class HandlingRating(Base):
    """How the citizen rated the handling of a closed report; feeds SIPAS component 5."""

    __tablename__ = "handling_ratings"
    __table_args__ = (CheckConstraint("value BETWEEN 1 AND 5", name="ck_handling_ratings_value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), unique=True)
    value: Mapped[int] = mapped_column(SmallInteger)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
