"""The reports service: the one API the actions and the console use to file, read and move reports.

Every function works inside the caller's transaction (`feedback_store.db.transaction`), so a caller
commits a whole change or nothing. Status changes append to the history; nothing is overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from feedback_store import tracking
from feedback_store.models import Attachment, HandlingRating, Report, ReportEvent, utcnow
from feedback_store.routing import Routing
from feedback_store.routing import load as load_routing

MAX_DESCRIPTION = 4000
KINDS = ("phan_anh", "kien_nghi", "khieu_nai", "to_cao")
LEGAL_KINDS = ("khieu_nai", "to_cao")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("accepted", "not_accepted", "forwarded", "duplicate"),
    "accepted": ("in_progress", "forwarded", "answered"),
    "forwarded": ("accepted", "in_progress", "answered"),
    "in_progress": ("answered", "forwarded"),
    "answered": ("closed", "in_progress"),
    "not_accepted": ("closed",),
    "duplicate": ("closed",),
    "closed": (),
}


class ReportError(ValueError):
    """The request cannot be carried out; the message says why."""


@dataclass(frozen=True)
class Draft:
    kind: str
    description: str
    category: str
    address: str
    province: str | None
    commune: str | None
    sender_id: str
    channel: str
    reporter_name: str | None = None
    reporter_phone: str | None = None
    attachments: tuple[tuple[str, str], ...] = ()  # (kind, reference)


@dataclass(frozen=True)
class PublicStatus:
    """What anyone holding the tracking code may see: never the reporter's name or phone."""

    tracking_code: str
    kind: str
    status: str
    agency_name: str
    due_date: date | None
    updated_at: datetime
    answer: str | None


def file(
    session: Session, draft: Draft, idempotency_key: str, routing: Routing | None = None, today: date | None = None
) -> Report:
    """File a report, or return the one this conversation turn already filed."""
    existing = session.scalar(select(Report).where(Report.idempotency_key == idempotency_key))
    if existing is not None:
        return existing
    routing = routing or load_routing()
    description = draft.description.strip()
    if not description:
        raise ReportError("empty description")
    if len(description) > MAX_DESCRIPTION:
        raise ReportError(f"description over {MAX_DESCRIPTION} characters")
    if draft.kind not in KINDS:
        raise ReportError(f"unknown kind {draft.kind}")
    if draft.category not in routing.categories:
        raise ReportError(f"unknown category {draft.category}")
    agency = routing.agency_for(draft.category, draft.province, draft.commune)
    legal = draft.kind in LEGAL_KINDS
    report = Report(
        idempotency_key=idempotency_key,
        kind=draft.kind,
        description=description,
        category=draft.category,
        address=draft.address,
        province=draft.province,
        commune=draft.commune,
        agency_code=agency.code,
        # Khiếu nại and tố cáo follow their own laws and deadlines; this record only keeps the contact.
        due_date=None if legal else routing.add_working_days(today or date.today(), agency.deadline_days),
        status="received",
        reporter_name=draft.reporter_name,
        reporter_phone=draft.reporter_phone,
        sender_id=draft.sender_id,
        channel=draft.channel,
        history=[ReportEvent(actor="citizen", from_status=None, to_status="received", note="")],
        attachments=[Attachment(kind=kind, reference=reference) for kind, reference in draft.attachments],
    )
    for _ in range(5):
        report.tracking_code = tracking.new_code()
        try:
            with session.begin_nested():
                session.add(report)
                session.flush()
            return report
        except IntegrityError:
            if session.scalar(select(exists().where(Report.idempotency_key == idempotency_key))):
                return session.scalar(select(Report).where(Report.idempotency_key == idempotency_key))
    raise ReportError("could not draw a free tracking code")


def get(session: Session, tracking_code: str) -> Report | None:
    return session.scalar(select(Report).where(Report.tracking_code == tracking_code))


def public_status(report: Report, routing: Routing | None = None) -> PublicStatus:
    agencies = (routing or load_routing()).agencies
    agency = agencies.get(report.agency_code)
    return PublicStatus(
        tracking_code=report.tracking_code,
        kind=report.kind,
        status=report.status,
        agency_name=agency.name if agency else report.agency_code,
        due_date=report.due_date,
        updated_at=report.updated_at,
        answer=report.answer,
    )


def status(session: Session, tracking_code: str) -> PublicStatus | None:
    report = get(session, tracking_code)
    return public_status(report) if report else None


def for_sender(session: Session, sender_id: str) -> list[PublicStatus]:
    query = select(Report).where(Report.sender_id == sender_id).order_by(Report.id.desc()).limit(10)
    return [public_status(report) for report in session.scalars(query)]


def list_reports(
    session: Session, agency: str | None = None, status_in: tuple[str, ...] = (), include_legal: bool = False
) -> list[Report]:
    query = select(Report).order_by(Report.due_date.is_(None), Report.due_date, Report.id)
    if agency:
        query = query.where(Report.agency_code == agency)
    if status_in:
        query = query.where(Report.status.in_(status_in))
    if not include_legal:
        query = query.where(Report.kind.not_in(LEGAL_KINDS))
    return list(session.scalars(query))


def change_status(
    session: Session,
    tracking_code: str,
    to_status: str,
    actor: str,
    note: str = "",
    agency_code: str | None = None,
    duplicate_of: str | None = None,
) -> Report:
    report = get(session, tracking_code)
    if report is None:
        raise ReportError(f"no report {tracking_code}")
    if to_status not in TRANSITIONS[report.status]:
        raise ReportError(f"{report.status} cannot become {to_status}")
    if to_status == "not_accepted" and not note.strip():
        raise ReportError("a report not accepted needs the reason")
    if to_status == "forwarded":
        if not agency_code or agency_code not in load_routing().agencies:
            raise ReportError("forwarding needs a known agency")
        report.agency_code = agency_code
    if to_status == "duplicate":
        original = get(session, duplicate_of or "")
        if original is None or original.id == report.id:
            raise ReportError("a duplicate needs the code of another report")
        report.duplicate_of_id = original.id
    report.history.append(ReportEvent(actor=actor, from_status=report.status, to_status=to_status, note=note))
    report.status = to_status
    report.updated_at = utcnow()
    session.flush()
    return report


def answer(session: Session, tracking_code: str, actor: str, text: str) -> Report:
    """Record the agency's answer; the caller sends it to the citizen's chat."""
    if not text.strip():
        raise ReportError("empty answer")
    report = change_status(session, tracking_code, "answered", actor, note=text)
    report.answer = text.strip()
    return report


def rate(session: Session, tracking_code: str, value: int) -> HandlingRating:
    report = get(session, tracking_code)
    if report is None or report.status not in ("answered", "closed"):
        raise ReportError("only an answered report can be rated")
    if value not in (1, 2, 3, 4, 5):
        raise ReportError("a rating is 1 to 5")
    rating = HandlingRating(report_id=report.id, value=value)
    try:
        with session.begin_nested():
            session.add(rating)
            session.flush()
    except IntegrityError as error:
        raise ReportError("this report was rated already") from error
    return rating
