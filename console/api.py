"""APIs for other systems: register completed dossiers, read the SIPAS index."""

from __future__ import annotations

import base64
import hmac
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, field_validator

from bot import phrases
from console.settings import ConsoleSettings
from console.survey_links import links, qr_png
from feedback_store import outbox, sipas, transactions
from feedback_store.db import transaction
from feedback_store.dossier import EXAMPLE, normalise
from feedback_store.questionnaire import load

router = APIRouter(prefix="/api")


def settings(request: Request) -> ConsoleSettings:
    return request.app.state.settings


def require_api_key(
    config: Annotated[ConsoleSettings, Depends(settings)], x_api_key: Annotated[str, Header()] = ""
) -> None:
    if not hmac.compare_digest(x_api_key.encode(), config.api_key().encode()):
        raise HTTPException(status_code=401, detail="X-API-Key header missing or wrong")


class TransactionIn(BaseModel):
    dossier_code: str = Field(examples=[EXAMPLE])
    procedure_code: str = Field(min_length=1, max_length=32, examples=["1.001193"])
    agency_code: str = Field(min_length=1, max_length=64)
    completed_at: datetime
    # The citizen's chat, when the office knows it ("web:…", "telegram:…", "zalo:…"): the invitation goes there.
    sender_id: str | None = Field(default=None, pattern=r"^(web|telegram|zalo):[A-Za-z0-9_.-]{1,128}$")

    @field_validator("dossier_code")
    @classmethod
    def valid_dossier_code(cls, value: str) -> str:
        code = normalise(value)
        if code is None:
            raise ValueError(f"not a dossier code; expected the form {EXAMPLE}")
        return code


class TransactionOut(BaseModel):
    dossier_code: str
    survey_token: str
    links: dict[str, str]
    qr_png_base64: str
    qr_png_url: str
    invitation_queued: bool


@router.post("/transactions", status_code=201, dependencies=[Depends(require_api_key)])
def register_transaction(body: TransactionIn, config: Annotated[ConsoleSettings, Depends(settings)]) -> TransactionOut:
    with transaction() as session:
        registered = transactions.register(
            session, body.dossier_code, body.procedure_code, body.agency_code, body.completed_at
        )
        token = registered.survey_token
        if body.sender_id:
            invitation = phrases.load()["utter_survey_invitation"]
            outbox.enqueue(
                session,
                body.sender_id,
                phrases.text("utter_survey_invitation", code=body.dossier_code),
                [
                    {"title": b["title"], "payload": b["payload"].replace("{token}", token)}
                    for b in invitation["buttons"]
                ],
            )
    survey = links(token, config)
    return TransactionOut(
        dossier_code=body.dossier_code,
        survey_token=token,
        links=survey,
        qr_png_base64=base64.b64encode(qr_png(survey["web"])).decode(),
        qr_png_url=f"/api/transactions/{body.dossier_code}/qr.png",
        invitation_queued=bool(body.sender_id),
    )


@router.get("/transactions/{dossier_code}/qr.png", dependencies=[Depends(require_api_key)])
def transaction_qr(dossier_code: str, config: Annotated[ConsoleSettings, Depends(settings)]) -> Response:
    with transaction() as session:
        found = transactions.by_dossier(session, normalise(dossier_code) or "")
        token = found.survey_token if found else None
    if token is None:
        raise HTTPException(status_code=404, detail="dossier not registered")
    return Response(qr_png(links(token, config)["web"]), media_type="image/png")


@router.get("/sipas")
def sipas_index(
    agency: str | None = None,
    start: Annotated[datetime | None, Query(alias="from")] = None,
    end: Annotated[datetime | None, Query(alias="to")] = None,
    include_unverified: bool = False,
) -> dict:
    with transaction() as session:
        report = sipas.report(
            session, load(), agency=agency, start=start, end=end, include_unverified=include_unverified
        )
    return report.as_dict()
