"""A local HTTP server that answers like Zalo's OA OpenAPI v3 and OAuth v4, so real clients run offline.

One server plays both hosts: use ``fake.url`` as ZALO_API_BASE_URL (``POST {url}/v3.0/oa/message/cs``)
and as ZALO_OAUTH_BASE_URL (``POST {url}/v4/oa/access_token``). It also hosts images at
``{url}/media/...`` so image events can point at something downloadable.

What the fake relies on (no official page was reachable; these are the shapes public clients and
write-ups agree on):

* Send (developers.zalo.me "Gửi tin Tư vấn"; e.g. zaloplatform/zalo-java-sdk
  src/test/java/v3/SendTextCSMessage.java, hoangnd25/monorepo wip/zalo-platform-integration.md):
  ``POST https://openapi.zalo.me/v3.0/oa/message/cs``, header ``access_token``, JSON body
  ``{"recipient": {"user_id"}, "message": {"text"}}`` or with ``message.attachment`` of type
  ``template`` (buttons ``oa.query.show`` ...). Success:
  ``{"data": {"message_id", "user_id"}, "error": 0, "message": "Success"}``. Failures keep HTTP 200
  and put a negative code in ``error``: -216 "Access token is invalid", -220 "access_token is
  expired or removed", -201 "<field> is invalid!", -210 "Parameter exceeds allowable limit",
  -213 "User has not followed OA", -230 "User has not interacted with the OA in the past 7 days".
  Text is limited to 2000 characters; which code the server gives past it is not documented, so
  the fake uses -210 (``TEXT_TOO_LONG``).
* Tokens (hexasync.vn "lấy Access Token từ Refresh token", the same monorepo write-up):
  ``POST https://oauth.zaloapp.com/v4/oa/access_token``, form ``refresh_token``, ``app_id``,
  ``grant_type=refresh_token``, header ``secret_key`` = app secret. Answers
  ``{"access_token", "refresh_token", "expires_in": "90000"}`` (a string). A refresh token works
  once; the old access token stays valid until it expires. The error shape
  ``{"error", "error_name", "error_reason", "ref_doc", "error_description"}`` and -14014 for a bad
  refresh token are taken from the brief, not confirmed by a public source.
* Webhook events (docs.a4b.vn ZaloPushToXBot sample, redai-zalo-sdk WEBHOOK_EVENTS.md): all ids
  are strings, ``timestamp`` is milliseconds as a string, ``msg_id`` is a 20-hex-digit string;
  ``user_send_text`` / ``user_send_image`` carry ``app_id``, ``user_id_by_app``, ``sender.id``,
  ``recipient.id`` (the OA) and ``message``; ``follow`` carries ``oa_id``, ``follower.id`` and
  ``source`` (a public sample shows "oa_profile").
* ``X-ZEvent-Signature`` is ``"mac=" + sha256(app_id + raw_body + timestamp + oa_secret_key)``
  with the timestamp taken from the body (hainh.me "Zalo API PHP webhook").
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.recording import Recording, reply_bytes

JSON = dict[str, Any]

MAX_TEXT_LENGTH = 2000
TOKEN_INVALID = (-216, "Access token is invalid")
TOKEN_EXPIRED = (-220, "access_token is expired or removed")
TEXT_TOO_LONG = (-210, "Parameter exceeds allowable limit")
NOT_FOLLOWED = (-213, "User has not followed OA")
BAD_REFRESH_TOKEN = -14014
BAD_SECRET_KEY = -14002
BAD_APP_ID = -14001
REF_DOC = "https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new"


def _token(length: int = 48) -> str:
    """An opaque token shaped like Zalo's (URL-safe letters, digits, - and _)."""
    return secrets.token_urlsafe(length)[:length]


class FakeZalo(Recording):
    """Fake Zalo OA server: records what the OA sends, issues and rotates tokens, builds signed events."""

    def __init__(
        self,
        app_id: str,
        app_secret: str,
        oa_secret_key: str,
        access_token: str,
        refresh_token: str,
        *,
        oa_id: str = "579745863508352884",
    ) -> None:
        super().__init__()  # .sent: bodies of messages the server accepted, in order
        self.app_id = app_id
        self.app_secret = app_secret
        self.oa_secret_key = oa_secret_key
        self.oa_id = oa_id
        self.access_token = access_token
        """The newest access token issued."""
        self.refresh_token = refresh_token
        """The one refresh token that works now."""
        self.refreshes = 0
        """Successful refreshes."""
        self.requests: list[JSON] = []
        """Every request: {"method", "path", "headers", "body", "response"}; failed ones too."""
        self._valid_tokens: set[str] = {access_token}
        self._dead_token_error = TOKEN_INVALID
        self._failures: list[tuple[int, str]] = []
        self._unfollowed: set[str] = set()
        self._ids_by_app: dict[str, str] = {}
        self._media: dict[str, bytes] = {}
        self.listen(self._serve)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ---- test controls -------------------------------------------------------------------------

    def expire_access_token(self, error: tuple[int, str] = TOKEN_INVALID) -> None:
        """Every access token issued so far stops working (expiry mid-conversation); sends answer `error`."""
        with self._cond:
            self._valid_tokens.clear()
            self._dead_token_error = error

    def fail_next(self, error: int, message: str, times: int = 1) -> None:
        """The next `times` sends answer {"error": error, "message": message} (e.g. -230 outside the window)."""
        with self._cond:
            self._failures.extend([(error, message)] * times)

    def unfollow(self, user_id: str) -> None:
        """The user stopped following the OA: sends to them answer -213."""
        with self._cond:
            self._unfollowed.add(str(user_id))

    def host_image(self, content: bytes, name: str = "image.jpg") -> str:
        """Serve bytes at a URL, standing in for Zalo's image CDN."""
        key = f"{secrets.token_hex(8)}/{name}"
        with self._cond:
            self._media[key] = content
        return f"{self.url}/media/{key}"

    # ---- webhook events ------------------------------------------------------------------------

    def user_id_by_app(self, user_id: str) -> str:
        """The app-scoped id Zalo sends beside the OA-scoped sender id; stable per user."""
        with self._cond:
            if user_id not in self._ids_by_app:
                digest = hashlib.sha256(f"{self.app_id}:{user_id}".encode()).hexdigest()
                self._ids_by_app[user_id] = str(10**18 + int(digest[:16], 16) % (9 * 10**18))
            return self._ids_by_app[user_id]

    def _message_event(self, event_name: str, user_id: str, message: JSON) -> JSON:
        user_id = str(user_id)
        return {
            "app_id": self.app_id,
            "user_id_by_app": self.user_id_by_app(user_id),
            "event_name": event_name,
            "timestamp": str(time.time_ns() // 1_000_000),
            "sender": {"id": user_id},
            "recipient": {"id": self.oa_id},
            "message": {"msg_id": secrets.token_hex(10), **message},
        }

    def text_event(self, user_id: str, text: str) -> JSON:
        """A user_send_text webhook payload."""
        return self._message_event("user_send_text", user_id, {"text": text})

    def image_event(self, user_id: str, image_url: str, text: str = "") -> JSON:
        """A user_send_image webhook payload (text is the caption)."""
        attachment = {"type": "image", "payload": {"thumbnail": image_url, "url": image_url}}
        return self._message_event("user_send_image", user_id, {"text": text, "attachments": [attachment]})

    def follow_event(self, user_id: str, source: str = "oa_profile") -> JSON:
        """A follow webhook payload."""
        user_id = str(user_id)
        return {
            "oa_id": self.oa_id,
            "follower": {"id": user_id},
            "user_id_by_app": self.user_id_by_app(user_id),
            "event_name": "follow",
            "source": source,
            "app_id": self.app_id,
            "timestamp": str(time.time_ns() // 1_000_000),
        }

    def sign(self, raw_body: bytes, timestamp: str) -> str:
        """The X-ZEvent-Signature header Zalo would put on this body."""
        data = self.app_id.encode() + raw_body + str(timestamp).encode() + self.oa_secret_key.encode()
        return "mac=" + hashlib.sha256(data).hexdigest()

    def signed(self, event: JSON) -> tuple[bytes, dict[str, str]]:
        """An event as the raw body and headers Zalo would POST to the webhook."""
        raw = json.dumps(event, ensure_ascii=False).encode()
        return raw, {"Content-Type": "application/json", "X-ZEvent-Signature": self.sign(raw, event["timestamp"])}

    # ---- assertions ----------------------------------------------------------------------------

    def messages_to(self, user_id: str) -> list[JSON]:
        """Accepted send bodies addressed to that user, in order."""
        with self._cond:
            return [body for body in self.sent if str(body.get("recipient", {}).get("user_id")) == str(user_id)]

    # ---- HTTP ----------------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        verb = handler.command
        split = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        headers = {key.lower(): value for key, value in handler.headers.items()}
        if verb == "GET" and split.path.startswith("/media/"):
            with self._cond:
                content = self._media.get(split.path[len("/media/") :])
            if content is None:
                reply_bytes(handler, 404, b"Not Found", "text/plain")
            else:
                reply_bytes(handler, 200, content, "image/jpeg")
            return
        route = (verb, split.path.rstrip("/"))
        body: Any
        status = 200
        if route == ("POST", "/v3.0/oa/message/cs"):
            try:
                body = json.loads(raw or b"null")
            except ValueError:
                body = raw.decode("utf-8", "replace")
            response = self._send(headers.get("access_token", ""), body)
        elif route == ("POST", "/v4/oa/access_token"):
            form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
            body = {key: values[-1] for key, values in form.items()}
            response = self._access_token(headers.get("secret_key", ""), body)
        else:
            body = raw.decode("utf-8", "replace")
            status, response = 404, {"error": 404, "message": "empty api"}
        with self._cond:
            self.requests.append(
                {"method": verb, "path": split.path, "headers": headers, "body": body, "response": response}
            )
        reply_bytes(handler, status, json.dumps(response, ensure_ascii=False).encode(), "application/json")

    def _send(self, access_token: str, body: Any) -> JSON:
        with self._cond:
            if access_token not in self._valid_tokens:
                code, message = self._dead_token_error if access_token else TOKEN_INVALID
                return {"error": code, "message": message}
            if not isinstance(body, dict):
                return {"error": -201, "message": "body is invalid!"}
            recipient = body.get("recipient")
            user_id = recipient.get("user_id") if isinstance(recipient, dict) else None
            if not user_id:
                return {"error": -201, "message": "user_id is invalid!"}
            message = body.get("message")
            if not isinstance(message, dict) or not (message.get("text") or message.get("attachment")):
                return {"error": -201, "message": "message is invalid!"}
            text = message.get("text")
            if text is not None and not isinstance(text, str):
                return {"error": -201, "message": "text is invalid!"}
            if text and len(text) > MAX_TEXT_LENGTH:
                return {"error": TEXT_TOO_LONG[0], "message": TEXT_TOO_LONG[1]}
            if self._failures:
                code, failure = self._failures.pop(0)
                return {"error": code, "message": failure}
            if str(user_id) in self._unfollowed:
                return {"error": NOT_FOLLOWED[0], "message": NOT_FOLLOWED[1]}
            self.record(body)
            return {
                "data": {"message_id": secrets.token_hex(16), "user_id": str(user_id)},
                "error": 0,
                "message": "Success",
            }

    def _oauth_error(self, code: int, name: str, reason: str, description: str) -> JSON:
        return {
            "error_name": name,
            "error_reason": reason,
            "ref_doc": REF_DOC,
            "error_description": description,
            "error": code,
        }

    def _access_token(self, secret_key: str, form: JSON) -> JSON:
        with self._cond:
            if form.get("app_id") != self.app_id:
                return self._oauth_error(BAD_APP_ID, "Invalid parameter", "Invalid app_id", "app_id is invalid")
            if secret_key != self.app_secret:
                return self._oauth_error(
                    BAD_SECRET_KEY, "Invalid parameter", "Invalid secret_key", "secret_key is invalid"
                )
            if form.get("grant_type") != "refresh_token":
                return self._oauth_error(
                    -14003, "Invalid parameter", "Invalid grant_type", "grant_type is not supported here"
                )
            if not form.get("refresh_token") or form["refresh_token"] != self.refresh_token:
                return self._oauth_error(
                    BAD_REFRESH_TOKEN,
                    "Invalid refresh token",
                    "Refresh token is invalid, expired or already used",
                    "Refresh token is invalid",
                )
            self.access_token = _token(120)
            self.refresh_token = _token(120)
            self._valid_tokens.add(self.access_token)
            self.refreshes += 1
            return {"access_token": self.access_token, "refresh_token": self.refresh_token, "expires_in": "90000"}
