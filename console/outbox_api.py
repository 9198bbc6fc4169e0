"""Officers' view of messages that did not reach the citizen, so they can follow up another way."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from console.api import require_api_key
from feedback_store import outbox
from feedback_store.db import transaction
from feedback_store.tracking import ALPHABET

router = APIRouter(prefix="/api/outbox", dependencies=[Depends(require_api_key)])

TRACKING_CODE = re.compile(rf"\bPA-[{ALPHABET}]{{5}}-[{ALPHABET}]{{5}}\b")


class ProblemOut(BaseModel):
    id: int
    channel: str
    sender_id: str
    status: str  # failed: the platform refused; undeliverable: outside its rules (Zalo's reply window)
    attempts: int
    last_error: str | None
    created_at: datetime
    text: str
    tracking_codes: list[str]  # the reports the message is about, to find the citizen's contact there


@router.get("/problems")
def problems() -> list[ProblemOut]:
    with transaction() as session:
        return [
            ProblemOut(
                id=m.id,
                channel=m.sender_id.partition(":")[0],
                sender_id=m.sender_id,
                status=m.status,
                attempts=m.attempts,
                last_error=m.last_error,
                created_at=m.created_at,
                text=m.text,
                tracking_codes=sorted(set(TRACKING_CODE.findall(m.text))),
            )
            for m in outbox.problems(session)
        ]
