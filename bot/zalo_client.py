"""A small typed client for the Zalo Official Account API v3 and its OAuth v4 token refresh.

No package on PyPI fits (the only v3 one is synchronous, untyped and builds
button templates wrongly), so this one does just what the gateway needs.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.exc import SQLAlchemyError

from feedback_store import channel_tokens
from feedback_store.db import transaction
from feedback_store.models import utcnow

logger = logging.getLogger(__name__)

TOKEN_NAME = "zalo"
# Access token invalid (-216) or expired/removed (-220): refresh and try once more.
EXPIRED = {-216, -220}
# The citizen is out of reach for this kind of message: not following, blocked, or silent too long.
UNREACHABLE = {-213, -217, -222, -227, -230, -232}


class ZaloError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"Zalo error {code}: {message}")
        self.code = code


@dataclass(frozen=True)
class ZaloButton:
    title: str
    payload: str


class ZaloClient:
    def __init__(
        self,
        api_base_url: str,
        oauth_base_url: str,
        app_id: str,
        app_secret: str,
        seed_access_token: str,
        seed_refresh_token: str,
        timeout: float = 15.0,
    ) -> None:
        self._api = httpx.AsyncClient(base_url=api_base_url, timeout=timeout)
        self._oauth_url = oauth_base_url.rstrip("/") + "/v4/oa/access_token"
        self._app_id = app_id
        self._app_secret = app_secret
        self._seed = (seed_access_token, seed_refresh_token)
        self._last_token = seed_access_token
        self._refreshing = asyncio.Lock()

    async def send_text(self, user_id: str, text: str, buttons: list[ZaloButton] | None = None) -> str:
        """Send a customer-service message; returns Zalo's message id."""
        message: dict[str, Any] = {"text": text}
        if buttons:
            message["attachment"] = {
                "type": "template",
                "payload": {
                    "buttons": [{"title": b.title, "type": "oa.query.show", "payload": b.payload} for b in buttons]
                },
            }
        body = {"recipient": {"user_id": user_id}, "message": message}
        token = await self._access_token()
        try:
            return await self._post_message(token, body)
        except ZaloError as error:
            if error.code not in EXPIRED:
                raise
        logger.info("Zalo access token expired; refreshing")
        return await self._post_message(await self.refresh(token), body)

    async def _post_message(self, token: str, body: dict[str, Any]) -> str:
        response = await self._api.post("/v3.0/oa/message/cs", json=body, headers={"access_token": token})
        response.raise_for_status()
        answer = response.json()
        # Zalo reports errors with HTTP 200 and a negative code.
        if answer.get("error", 0) != 0:
            raise ZaloError(int(answer["error"]), str(answer.get("message", "")))
        return str(answer.get("data", {}).get("message_id", ""))

    async def _access_token(self) -> str:
        """The stored token; the last one seen while the store is down, so "service interrupted" still goes out."""
        try:
            self._last_token = await asyncio.to_thread(self._stored_token)
        except SQLAlchemyError:
            if not self._last_token:
                raise
            logger.warning("store down: sending with the last known Zalo access token")
        return self._last_token

    def _stored_token(self) -> str:
        with transaction() as session:
            token = channel_tokens.current(session, TOKEN_NAME, *self._seed)
            if token is None:
                raise ZaloError(-216, "no access token configured (ZALO_ACCESS_TOKEN, ZALO_REFRESH_TOKEN)")
            return token.access_token

    async def refresh(self, stale_access_token: str) -> str:
        """A fresh access token. The refresh token is single-use, so one refresh at a time, across gateways."""
        async with self._refreshing:
            self._last_token = await asyncio.to_thread(self._refresh, stale_access_token)
            return self._last_token

    def _refresh(self, stale_access_token: str) -> str:
        with transaction() as session:
            token = channel_tokens.locked(session, TOKEN_NAME)
            if token is None:
                raise ZaloError(-216, "no refresh token stored")
            if token.access_token != stale_access_token:
                return token.access_token  # another gateway refreshed while we waited for the lock
            answer = self._exchange(token.refresh_token)
            seed_refresh = self._seed[1]
            if "access_token" not in answer and seed_refresh and seed_refresh != token.refresh_token:
                # The stored pair is spent or revoked; after a new authorisation the operator
                # puts the new pair in ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN and restarts.
                answer = self._exchange(seed_refresh)
            if "access_token" not in answer:
                raise ZaloError(int(answer.get("error", -14014)), str(answer.get("error_description", answer)))
            expires_at = utcnow() + timedelta(seconds=int(answer.get("expires_in", 90000)))
            channel_tokens.replace(session, token, answer["access_token"], answer["refresh_token"], expires_at)
            return answer["access_token"]

    def _exchange(self, refresh_token: str) -> dict[str, Any]:
        """Zalo's answer to a refresh: a new pair, or an error for a spent or revoked refresh token."""
        response = httpx.post(
            self._oauth_url,
            data={"refresh_token": refresh_token, "app_id": self._app_id, "grant_type": "refresh_token"},
            headers={"secret_key": self._app_secret},
            timeout=15.0,
        )
        response.raise_for_status()
        return response.json()

    async def close(self) -> None:
        await self._api.aclose()
