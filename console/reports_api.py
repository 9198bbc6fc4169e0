"""Officers' API over the reports service: list, move through the workflow, answer.

The answer is also queued for the citizen's chat, with buttons to rate the handling.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from bot import phrases
from console.api import require_api_key
from feedback_store import outbox, reports
from feedback_store.db import transaction
from feedback_store.models import Report
from feedback_store.privacy import mask_name, mask_phone

router = APIRouter(prefix="/api/reports", dependencies=[Depends(require_api_key)])


class ReportOut(BaseModel):
    tracking_code: str
    kind: str
    status: str
    category: str
    description: str
    address: str
    province: str | None
    commune: str | None
    agency_code: str
    due_date: date | None
    created_at: datetime
    reporter_name: str | None = Field(description="masked")
    reporter_phone: str | None = Field(description="masked")
    attachments: list[str]
    answer: str | None


def _out(report: Report) -> ReportOut:
    return ReportOut(
        tracking_code=report.tracking_code,
        kind=report.kind,
        status=report.status,
        category=report.category,
        description=report.description,
        address=report.address,
        province=report.province,
        commune=report.commune,
        agency_code=report.agency_code,
        due_date=report.due_date,
        created_at=report.created_at,
        reporter_name=mask_name(report.reporter_name),
        reporter_phone=mask_phone(report.reporter_phone),
        attachments=[a.reference for a in report.attachments],
        answer=report.answer,
    )


class StatusChange(BaseModel):
    to: str
    actor: str = Field(min_length=1, max_length=120)
    note: str = ""
    agency_code: str | None = None
    duplicate_of: str | None = None


class AnswerIn(BaseModel):
    actor: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1, max_length=8000)


@router.get("")
def list_reports(
    agency: str | None = None,
    status: Annotated[list[str] | None, Query()] = None,
    include_legal: bool = False,
) -> list[ReportOut]:
    with transaction() as session:
        return [_out(r) for r in reports.list_reports(session, agency, tuple(status or ()), include_legal)]


# Endings the citizen is told about; an answered report was already sent its answer.
NOTIFIED_ENDINGS = ("not_accepted", "duplicate")


@router.post("/{tracking_code}/status")
def change_status(tracking_code: str, body: StatusChange) -> ReportOut:
    try:
        with transaction() as session:
            report = reports.change_status(
                session, tracking_code, body.to, body.actor, body.note, body.agency_code, body.duplicate_of
            )
            if body.to in NOTIFIED_ENDINGS:
                status = phrases.load()["utter_report_labels"]["custom"][f"status_{body.to}"]
                message = phrases.text("utter_report_status_changed", code=tracking_code, status=status, note=body.note)
                outbox.enqueue(session, report.sender_id, message.strip())
            return _out(report)
    except reports.ReportError as error:
        raise HTTPException(status_code=409, detail=str(error)) from error


@router.post("/{tracking_code}/answer")
def answer(tracking_code: str, body: AnswerIn) -> ReportOut:
    """Record the answer and queue it, in one transaction, for the chat the report came from."""
    try:
        with transaction() as session:
            report = reports.answer(session, tracking_code, body.actor, body.text)
            frame = phrases.load()["utter_report_answered"]
            outbox.enqueue(
                session,
                report.sender_id,
                phrases.text("utter_report_answered", code=report.tracking_code, answer=report.answer or ""),
                [
                    {
                        "title": button["title"],
                        "payload": "/rate_handling"
                        + json.dumps({"tracking_code": report.tracking_code, "handling_score": button["payload"]}),
                    }
                    for button in frame["buttons"]
                ],
            )
            return _out(report)
    except reports.ReportError as error:
        raise HTTPException(status_code=409, detail=str(error)) from error
