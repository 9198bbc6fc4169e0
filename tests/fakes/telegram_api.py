"""A local HTTP server that answers like the Telegram Bot API, so real clients can be tested offline.

Point python-telegram-bot at it with ``base_url=f"{fake.url}/bot"`` and
``base_file_url=f"{fake.url}/file/bot"``. Methods live at ``{url}/bot{token}/{method}``, files
at ``{url}/file/bot{token}/{file_path}``.

What the fake relies on about the real API (https://core.telegram.org/bots/api):

* Every answer is ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N,
  "description": "..."}`` with the same HTTP status; 429 adds ``parameters.retry_after``.
  A token the server does not know answers 401 "Unauthorized", an unknown method 404 "Not Found".
  Method names are case-insensitive.
* Parameters arrive as a query string, ``application/x-www-form-urlencoded``, ``application/json``
  or ``multipart/form-data`` (when files are uploaded). python-telegram-bot 22.8 sends every value
  as a string, JSON-encoded unless it already is a string (``RequestParameter.json_value``), via
  httpx ``data=`` (urlencoded) or ``data=`` + ``files=`` (multipart); the fake decodes all four.
* ``getUpdates`` drops every update below ``offset`` (confirmation) and long-polls up to
  ``timeout`` seconds (capped by ``long_poll_cap`` here); while a webhook is set it answers 409.
* ``sendMessage``: text is at most 4096 characters after entity parsing, and may not be empty
  after trimming whitespace. HTML is parsed like tdlib's ``parse_html``: a ``<`` must open or
  close a supported tag ("Unsupported start tag", "Unmatched end tag", "Can't find end tag
  corresponding to start tag"), while a bare ``&`` or ``>`` is kept as text, as the real server
  does. The returned Message carries the parsed plain text and its entities.
* In private chats one message_id sequence is shared by the user's and the bot's messages.
* File downloads URL-encode the path (PTB quotes ``:`` in the token), so paths are unquoted here.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable
from email.message import Message as EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from typing import Any, ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

from tests.fakes.recording import Recording, reply_bytes

JSON = dict[str, Any]

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024

# Parameters that are plain strings even when they look like JSON ("123", "true").
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "callback_query_id",
        "file_id",
        "action",
        "ip_address",
        "business_connection_id",
        "message_effect_id",
        "inline_message_id",
        "emoji",
        "title",
        "description",
        "query",
        "language_code",
        "photo",
        "document",
        "audio",
        "video",
        "voice",
        "animation",
        "sticker",
        "video_note",
    }
)

# tag -> entity type; None means the tag needs its attributes to decide.
_HTML_TAGS: dict[str, str | None] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "a": None,
    "span": None,
    "tg-emoji": "custom_emoji",
    "blockquote": None,
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")


class _Described:
    """A result the server answers with a human-readable description beside it (setWebhook ...)."""

    def __init__(self, result: Any, description: str) -> None:
        self.result = result
        self.description = description


class TelegramError(Exception):
    """An answer the Bot API gives instead of a result."""

    def __init__(self, status: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _utf16_len(text: str) -> int:
    """Telegram counts entity offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    """The character an HTML entity at text[i] ('&') stands for and where it ends, if it is one."""
    end = text.find(";", i + 1, i + 12)
    if end < 0:
        return None
    name = text[i + 1 : end]
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name], end + 1
    if name.startswith("#"):
        digits, base = (name[2:], 16) if name[1:2] in ("x", "X") else (name[1:], 10)
        try:
            code = int(digits, base)
        except ValueError:
            return None
        if 0 < code <= 0x10FFFF:
            return chr(code), end + 1
    return None


def _attributes(raw: str) -> dict[str, str]:
    """Attributes of a start tag, enough to read href, class and language."""
    found = re.findall(r"""([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", raw)
    return {name.lower(): a or b or c for name, a, b, c in found}


def parse_html(text: str) -> tuple[str, list[JSON]]:
    """Plain text and entities of an HTML-formatted message, or TelegramError like the real server.

    Mirrors tdlib's parse_html closely enough for tests: byte offsets in errors are UTF-8 offsets.
    """
    out: list[str] = []
    entities: list[JSON] = []
    stack: list[tuple[str, int, JSON]] = []  # tag name, UTF-16 offset, entity template
    utf16_pos = 0
    i = 0

    def byte_offset(pos: int) -> int:
        return len(text[:pos].encode("utf-8"))

    def fail(message: str) -> TelegramError:
        return TelegramError(400, f"Bad Request: can't parse entities: {message}")

    while i < len(text):
        ch = text[i]
        if ch == "&":
            decoded = _decode_entity(text, i)
            if decoded:
                out.append(decoded[0])
                utf16_pos += _utf16_len(decoded[0])
                i = decoded[1]
                continue
        if ch != "<":
            out.append(ch)
            utf16_pos += _utf16_len(ch)
            i += 1
            continue
        begin = i
        close = text.find(">", i)
        if text[i + 1 : i + 2] != "/":
            name_end = i + 1
            while name_end < len(text) and not text[name_end].isspace() and text[name_end] != ">":
                name_end += 1
            if name_end >= len(text) or close < 0:
                raise fail(f"Unclosed start tag at byte offset {byte_offset(begin)}")
            tag = text[i + 1 : name_end].lower()
            if tag not in _HTML_TAGS:
                raise fail(f'Unsupported start tag "{tag}" at byte offset {byte_offset(begin)}')
            attrs = _attributes(text[name_end:close])
            entity: JSON = {}
            if tag == "a":
                entity = {"type": "text_link", "url": attrs.get("href", "")}
            elif tag == "span":
                if attrs.get("class") != "tg-spoiler":
                    raise fail(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}')
                entity = {"type": "spoiler"}
            elif tag == "blockquote":
                entity = {"type": "expandable_blockquote" if "expandable" in text[name_end:close] else "blockquote"}
            elif tag == "tg-emoji":
                entity = {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id", "")}
            elif tag == "code" and attrs.get("class", "").startswith("language-"):
                entity = {"type": "code", "language": attrs["class"][len("language-") :]}
            else:
                entity = {"type": _HTML_TAGS[tag]}
            stack.append((tag, utf16_pos, entity))
            i = close + 1
            continue
        if not stack:
            raise fail(f"Unexpected end tag at byte offset {byte_offset(begin)}")
        if close < 0:
            raise fail(f"Unclosed end tag at byte offset {byte_offset(begin)}")
        end_name = text[i + 2 : close].strip().lower()
        tag, start, entity = stack.pop()
        if end_name and end_name != tag:
            raise fail(
                f'Unmatched end tag at byte offset {byte_offset(begin)}, expected "</{tag}>", found "</{end_name}>"'
            )
        language = entity.pop("language", None) if entity["type"] == "code" else None
        if language is not None and stack and stack[-1][0] == "pre":
            stack[-1][2]["language"] = language  # <pre><code class="language-x"> is one pre entity
        elif utf16_pos > start:
            entities.append({"offset": start, "length": utf16_pos - start, **entity})
        i = close + 1
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def command_entities(text: str) -> list[JSON]:
    """bot_command entities the server attaches to an incoming message's text."""
    return [
        {"offset": _utf16_len(text[: m.start()]), "length": _utf16_len(m.group()), "type": "bot_command"}
        for m in _COMMAND.finditer(text)
    ]


def _decode_value(name: str, raw: str) -> Any:
    if name in _STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """Fields of a multipart/form-data body; uploaded files become {filename, content_type, content}."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode() + body
    )
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            fields[name] = {"filename": filename, "content_type": part.get_content_type(), "content": content}
        else:
            fields[name] = _decode_value(name, content.decode(part.get_content_charset() or "utf-8"))
    return fields


class FakeTelegram(Recording):
    """Fake Bot API server for one bot token; records what the bot sends and queues what users do."""

    def __init__(self, token: str, *, username: str = "dichvucong_test_bot", long_poll_cap: float = 2.0) -> None:
        super().__init__()  # .sent: accepted calls (sendMessage, answerCallbackQuery...) as {"method", **params}
        self.token = token
        self.long_poll_cap = long_poll_cap
        head = token.split(":", 1)[0]
        self.bot_user: JSON = {
            "id": int(head) if head.isdigit() else 7000000001,
            "is_bot": True,
            "first_name": "Dịch vụ công (test)",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.calls: list[JSON] = []
        """Every API call, failed ones too: {"method", "params", "status", "response"}."""
        self.webhook: JSON | None = None
        self.closed = False
        self._updates: list[JSON] = []
        self._allowed_updates: list[str] | None = None
        self._next_update_id = secrets.randbelow(10**8) + 10**8
        self._message_ids: dict[int, int] = {}
        self._bot_messages: dict[tuple[int, int], JSON] = {}
        self._users: dict[int, JSON] = {}
        self._files: dict[str, JSON] = {}
        self._file_paths: dict[str, bytes] = {}
        self._failures: dict[str, list[TelegramError]] = {}
        self._blocked: set[int] = set()
        self._counter = 0
        self.listen(self._serve)

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()
        self.server.shutdown()
        self.server.server_close()

    # ---- test controls -------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        times: int = 1,
        status: int = 500,
        *,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """The next `times` calls of `method` fail like the real server would (429 needs retry_after)."""
        if description is None:
            description = {
                400: "Bad Request",
                403: "Forbidden",
                409: "Conflict",
                429: f"Too Many Requests: retry after {retry_after or 1}",
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(status, "Error")
        parameters = {"retry_after": retry_after or 1} if status == 429 else None
        with self._cond:
            queue = self._failures.setdefault(method.lower(), [])
            queue.extend(TelegramError(status, description, parameters) for _ in range(times))

    def block_chat(self, chat_id: int) -> None:
        """The user blocked the bot: sends to this chat answer 403."""
        with self._cond:
            self._blocked.add(int(chat_id))

    def set_user(self, user_id: int, first_name: str, **fields: Any) -> JSON:
        """Give a test user a name (and username, last_name, language_code ...) used in later updates."""
        with self._cond:
            user = {**self._user(user_id), "first_name": first_name, **fields}
            self._users[int(user_id)] = user
            return user

    # ---- update builders -----------------------------------------------------------------------

    def make_text_update(self, chat_id: int, text: str) -> JSON:
        """A message update from a private chat, not queued (for webhook-mode tests)."""
        with self._cond:
            message = self._user_message(chat_id)
            message["text"] = text
            entities = command_entities(text)
            if entities:
                message["entities"] = entities
            return {"update_id": self._take_update_id(), "message": message}

    def make_callback_update(self, chat_id: int, data: str, message_id: int | None = None) -> JSON:
        """A button press on one of the bot's messages (the latest one in the chat by default)."""
        with self._cond:
            chat_id = int(chat_id)
            message = self._bot_message(chat_id, message_id)
            self._counter += 1
            query = {
                "id": str(chat_id * 1000 + self._counter if chat_id > 0 else 10**15 + self._counter),
                "from": self._user(chat_id),
                "message": message,
                "chat_instance": str(-(abs(chat_id) * 7919 % 10**18) - 1),
                "data": data,
            }
            return {"update_id": self._take_update_id(), "callback_query": query}

    def make_photo_update(self, chat_id: int, content: bytes, caption: str | None = None) -> JSON:
        """A photo message; the bytes become downloadable through getFile like the real server."""
        with self._cond:
            message = self._user_message(chat_id)
            message["photo"] = self._register_photo(content)
            if caption is not None:
                message["caption"] = caption
                entities = command_entities(caption)
                if entities:
                    message["caption_entities"] = entities
            return {"update_id": self._take_update_id(), "message": message}

    def queue(self, update: JSON) -> JSON:
        """Make an update available to getUpdates."""
        with self._cond:
            self._updates.append(update)
            self._cond.notify_all()
        return update

    def add_text(self, chat_id: int, text: str) -> JSON:
        return self.queue(self.make_text_update(chat_id, text))

    def add_callback(self, chat_id: int, data: str, message_id: int | None = None) -> JSON:
        return self.queue(self.make_callback_update(chat_id, data, message_id))

    def add_photo(self, chat_id: int, content: bytes, caption: str | None = None) -> JSON:
        return self.queue(self.make_photo_update(chat_id, content, caption))

    def pending_updates(self) -> list[JSON]:
        """Updates queued and not yet confirmed by an offset."""
        with self._cond:
            return list(self._updates)

    # ---- assertions ----------------------------------------------------------------------------

    def messages_to(self, chat_id: int | str) -> list[JSON]:
        """sendMessage parameters for that chat, in order."""
        with self._cond:
            return [
                call
                for call in self.sent
                if call["method"] == "sendMessage" and str(call.get("chat_id")) == str(chat_id)
            ]

    # ---- state helpers (callers hold the lock) -------------------------------------------------

    def _take_update_id(self) -> int:
        self._next_update_id += 1
        return self._next_update_id

    def _take_message_id(self, chat_id: int) -> int:
        self._message_ids[chat_id] = self._message_ids.get(chat_id, 0) + 1
        return self._message_ids[chat_id]

    def _user(self, user_id: int) -> JSON:
        user_id = int(user_id)
        if user_id not in self._users:
            self._users[user_id] = {
                "id": user_id,
                "is_bot": False,
                "first_name": "Người dùng",
                "last_name": str(user_id)[-4:],
                "language_code": "vi",
            }
        return dict(self._users[user_id])

    def _chat(self, chat_id: int) -> JSON:
        user = self._user(chat_id)
        chat = {"id": int(chat_id), "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if key in user:
                chat[key] = user[key]
        chat["type"] = "private"
        return chat

    def _user_message(self, chat_id: int) -> JSON:
        chat_id = int(chat_id)
        return {
            "message_id": self._take_message_id(chat_id),
            "from": self._user(chat_id),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
        }

    def _bot_from(self) -> JSON:
        return {key: self.bot_user[key] for key in ("id", "is_bot", "first_name", "username")}

    def _bot_message(self, chat_id: int, message_id: int | None) -> JSON:
        if message_id is None:
            mine = [mid for (cid, mid) in self._bot_messages if cid == chat_id]
            message_id = max(mine) if mine else None
        if message_id is not None and (chat_id, message_id) in self._bot_messages:
            return dict(self._bot_messages[(chat_id, message_id)])
        message = {
            "message_id": message_id if message_id is not None else self._take_message_id(chat_id),
            "from": self._bot_from(),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
            "text": "…",
        }
        self._bot_messages[(chat_id, message["message_id"])] = message
        return dict(message)

    def _register_photo(self, content: bytes) -> list[JSON]:
        sizes = []
        for width, height in ((90, 68), (320, 240), (800, 600), (1280, 960)):
            self._counter += 1
            file_id = f"AgACAgIAAxkBAAI{self._counter:06d}{secrets.token_urlsafe(24)}"
            unique_id = f"AQAD{self._counter:06d}{secrets.token_urlsafe(6)}"
            self._files[file_id] = {
                "file_id": file_id,
                "file_unique_id": unique_id,
                "file_size": len(content),
                "file_path": f"photos/file_{self._counter}.jpg",
            }
            self._file_paths[f"photos/file_{self._counter}.jpg"] = content
            sizes.append(
                {
                    "file_id": file_id,
                    "file_unique_id": unique_id,
                    "file_size": len(content),
                    "width": width,
                    "height": height,
                }
            )
        return sizes

    # ---- HTTP ----------------------------------------------------------------------------------

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        """GET and POST alike: the Bot API takes parameters from the query string and the body."""
        split = urlsplit(handler.path)
        path = unquote(split.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        file_prefix = f"/file/bot{self.token}/"
        if path.startswith("/file/bot"):
            with self._cond:
                content = self._file_paths.get(path[len(file_prefix) :]) if path.startswith(file_prefix) else None
            if content is None:
                self._reply(handler, 404, TelegramError(404, "Not Found").body())
            else:
                reply_bytes(handler, 200, content, "application/octet-stream")
            return
        match = re.fullmatch(r"/bot([^/]*)/([A-Za-z]+)", path)
        if not match:
            self._reply(handler, 404, TelegramError(404, "Not Found").body())
            return
        if match.group(1) != self.token:
            self._reply(handler, 401, TelegramError(401, "Unauthorized").body())
            return
        try:
            params = self._params(handler, split.query, body)
        except (ValueError, UnicodeDecodeError):
            self._reply(handler, 400, TelegramError(400, "Bad Request: can't parse request body").body())
            return
        method_key = match.group(2).lower()
        method = self._METHODS.get(method_key)
        if method is None:
            self._reply(handler, 404, TelegramError(404, "Not Found").body())
            return
        name, implementation = method
        with self._cond:
            failures = self._failures.get(method_key)
            failure = failures.pop(0) if failures else None
        try:
            if failure is not None:
                raise failure
            result = implementation(self, params)
        except TelegramError as error:
            response = error.body()
            with self._cond:
                self.calls.append({"method": name, "params": params, "status": error.status, "response": response})
            self._reply(handler, error.status, response)
            return
        response: JSON = {"ok": True, "result": result}
        if isinstance(result, _Described):
            response = {"ok": True, "result": result.result, "description": result.description}
        with self._cond:
            self.calls.append({"method": name, "params": params, "status": 200, "response": response})
            if name in self._RECORDED:
                self.record({"method": name, **params})
        self._reply(handler, 200, response)

    @staticmethod
    def _params(handler: BaseHTTPRequestHandler, query: str, body: bytes) -> JSON:
        params: JSON = {k: _decode_value(k, v[-1]) for k, v in parse_qs(query, keep_blank_values=True).items()}
        content_type = handler.headers.get("Content-Type") or ""
        kind = content_type.split(";", 1)[0].strip().lower()
        if kind == "application/json" and body:
            decoded = json.loads(body)
            if not isinstance(decoded, dict):
                raise ValueError("JSON body must be an object")
            params.update(decoded)
        elif kind == "multipart/form-data":
            params.update(_parse_multipart(content_type, body))
        elif body:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            params.update({k: _decode_value(k, v[-1]) for k, v in form.items()})
        for key in ("reply_markup", "allowed_updates", "entities", "caption_entities", "link_preview_options"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    @staticmethod
    def _reply(handler: BaseHTTPRequestHandler, status: int, body: JSON) -> None:
        reply_bytes(handler, status, json.dumps(body, ensure_ascii=False).encode(), "application/json")

    # ---- Bot API methods -----------------------------------------------------------------------

    def _chat_id(self, params: JSON) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise TelegramError(400, "Bad Request: chat_id is empty")
        try:
            return int(chat_id)
        except (TypeError, ValueError):
            raise TelegramError(400, "Bad Request: chat not found") from None

    def _check_reachable(self, chat_id: int) -> None:
        if chat_id in self._blocked:
            raise TelegramError(403, "Forbidden: bot was blocked by the user")

    def _formatted(self, text: Any, parse_mode: Any, *, limit: int, caption: bool) -> tuple[str, list[JSON]]:
        text = "" if text is None else str(text)
        if str(parse_mode or "").upper() == "HTML":
            plain, entities = parse_html(text)
        else:
            plain, entities = text, []
        stripped = plain.strip()
        if not caption and not stripped:
            raise TelegramError(400, "Bad Request: message text is empty")
        if len(stripped) > limit:
            what = "message caption is too long" if caption else "message is too long"
            raise TelegramError(400, f"Bad Request: {what}")
        shift = _utf16_len(plain[: len(plain) - len(plain.lstrip())])
        kept = []
        for entity in entities:
            offset = max(entity["offset"] - shift, 0)
            length = min(entity["length"], _utf16_len(stripped) - offset)
            if length > 0:
                kept.append({**entity, "offset": offset, "length": length})
        return stripped, kept

    def _outgoing(self, chat_id: int) -> JSON:
        return {
            "message_id": self._take_message_id(chat_id),
            "from": self._bot_from(),
            "chat": self._chat(chat_id),
            "date": int(time.time()),
        }

    def _finish(self, chat_id: int, message: JSON, params: JSON) -> JSON:
        if isinstance(params.get("reply_markup"), dict) and "inline_keyboard" in params["reply_markup"]:
            message["reply_markup"] = params["reply_markup"]
        self._bot_messages[(chat_id, message["message_id"])] = message
        return message

    def _get_me(self, params: JSON) -> JSON:
        return dict(self.bot_user)

    def _get_updates(self, params: JSON) -> list[JSON]:
        offset = params.get("offset")
        limit = max(1, min(int(params.get("limit") or 100), 100))
        timeout = min(float(params.get("timeout") or 0), self.long_poll_cap)
        deadline = time.monotonic() + timeout
        with self._cond:
            if self.webhook is not None:
                raise TelegramError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
                    "delete the webhook first",
                )
            if "allowed_updates" in params:
                allowed = params["allowed_updates"] or None
                self._allowed_updates = list(allowed) if allowed else None
            if offset is not None:
                offset = int(offset)
                if offset < 0:
                    self._updates = self._updates[offset:]
                else:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                if self._allowed_updates is not None:
                    allowed_set = set(self._allowed_updates)
                    self._updates = [u for u in self._updates if set(u) - {"update_id"} <= allowed_set]
                if self._updates or self.closed:
                    return [dict(u) for u in self._updates[:limit]]
                left = deadline - time.monotonic()
                if left <= 0:
                    return []
                self._cond.wait(left)

    def _set_webhook(self, params: JSON) -> _Described:
        url = str(params.get("url") or "")
        with self._cond:
            if not url:
                self.webhook = None
                return _Described(True, "Webhook was deleted")
            if not url.startswith("https://") and not url.startswith("http://"):
                raise TelegramError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            self.webhook = {key: value for key, value in params.items() if key != "drop_pending_updates"}
            if params.get("drop_pending_updates"):
                self._updates.clear()
            if params.get("allowed_updates") is not None:
                self._allowed_updates = list(params["allowed_updates"]) or None
        return _Described(True, "Webhook was set")

    def _delete_webhook(self, params: JSON) -> _Described:
        with self._cond:
            was_set = self.webhook is not None
            self.webhook = None
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return _Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    def _get_webhook_info(self, params: JSON) -> JSON:
        with self._cond:
            info: JSON = {
                "url": (self.webhook or {}).get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            }
            if self.webhook:
                info["max_connections"] = int(self.webhook.get("max_connections") or 40)
                info["ip_address"] = "127.0.0.1"
                if self.webhook.get("allowed_updates"):
                    info["allowed_updates"] = self.webhook["allowed_updates"]
            return info

    def _send_message(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        text, entities = self._formatted(
            params.get("text"), params.get("parse_mode"), limit=MAX_TEXT_LENGTH, caption=False
        )
        with self._cond:
            self._check_reachable(chat_id)
            message = self._outgoing(chat_id)
            message["text"] = text
            if entities:
                message["entities"] = entities
            return self._finish(chat_id, message, params)

    def _send_photo(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        photo = params.get("photo")
        if photo in (None, ""):
            raise TelegramError(400, "Bad Request: there is no photo in the request")
        caption, entities = self._formatted(
            params.get("caption"), params.get("parse_mode"), limit=MAX_CAPTION_LENGTH, caption=True
        )
        with self._cond:
            self._check_reachable(chat_id)
            if isinstance(photo, dict):
                content = photo["content"]
            elif isinstance(photo, str) and photo.startswith("attach://"):
                attached = params.get(photo[len("attach://") :])
                content = attached["content"] if isinstance(attached, dict) else b""
            elif isinstance(photo, str) and photo in self._files:
                content = self._file_paths[self._files[photo]["file_path"]]
            else:
                content = b""
            message = self._outgoing(chat_id)
            message["photo"] = self._register_photo(content)
            if caption:
                message["caption"] = caption
                if entities:
                    message["caption_entities"] = entities
            return self._finish(chat_id, message, params)

    def _send_chat_action(self, params: JSON) -> bool:
        chat_id = self._chat_id(params)
        with self._cond:
            self._check_reachable(chat_id)
        return True

    def _answer_callback_query(self, params: JSON) -> bool:
        if not params.get("callback_query_id"):
            raise TelegramError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        return True

    def _edited(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        message_id = int(params.get("message_id") or 0)
        with self._cond:
            original = self._bot_messages.get((chat_id, message_id))
            if original is None:
                raise TelegramError(400, "Bad Request: message to edit not found")
            message = dict(original)
            message["edit_date"] = int(time.time())
            return message

    def _edit_message_text(self, params: JSON) -> JSON:
        text, entities = self._formatted(
            params.get("text"), params.get("parse_mode"), limit=MAX_TEXT_LENGTH, caption=False
        )
        message = self._edited(params)
        if message.get("text") == text and message.get("reply_markup") == params.get("reply_markup"):
            raise TelegramError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message",
            )
        message["text"] = text
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        message.pop("reply_markup", None)
        with self._cond:
            return self._finish(int(params["chat_id"]), message, params)

    def _edit_message_reply_markup(self, params: JSON) -> JSON:
        message = self._edited(params)
        message.pop("reply_markup", None)
        with self._cond:
            return self._finish(int(params["chat_id"]), message, params)

    def _delete_message(self, params: JSON) -> bool:
        chat_id = self._chat_id(params)
        with self._cond:
            if self._bot_messages.pop((chat_id, int(params.get("message_id") or 0)), None) is None:
                raise TelegramError(400, "Bad Request: message to delete not found")
        return True

    def _get_file(self, params: JSON) -> JSON:
        with self._cond:
            file = self._files.get(str(params.get("file_id") or ""))
        if file is None:
            raise TelegramError(400, "Bad Request: invalid file_id")
        return dict(file)

    def _true(self, params: JSON) -> bool:
        return True

    def _get_my_commands(self, params: JSON) -> list[JSON]:
        with self._cond:
            commands = [call for call in self.sent if call["method"] == "setMyCommands"]
        return list(commands[-1].get("commands", [])) if commands else []

    _METHODS: ClassVar[dict[str, tuple[str, Callable[[FakeTelegram, JSON], Any]]]] = {
        "getme": ("getMe", _get_me),
        "getupdates": ("getUpdates", _get_updates),
        "setwebhook": ("setWebhook", _set_webhook),
        "deletewebhook": ("deleteWebhook", _delete_webhook),
        "getwebhookinfo": ("getWebhookInfo", _get_webhook_info),
        "sendmessage": ("sendMessage", _send_message),
        "sendphoto": ("sendPhoto", _send_photo),
        "sendchataction": ("sendChatAction", _send_chat_action),
        "answercallbackquery": ("answerCallbackQuery", _answer_callback_query),
        "editmessagetext": ("editMessageText", _edit_message_text),
        "editmessagereplymarkup": ("editMessageReplyMarkup", _edit_message_reply_markup),
        "deletemessage": ("deleteMessage", _delete_message),
        "getfile": ("getFile", _get_file),
        "setmycommands": ("setMyCommands", _true),
        "deletemycommands": ("deleteMyCommands", _true),
        "getmycommands": ("getMyCommands", _get_my_commands),
        "logout": ("logOut", _true),
        "close": ("close", _true),
    }
    _RECORDED = frozenset(
        {
            "sendMessage",
            "sendPhoto",
            "sendChatAction",
            "answerCallbackQuery",
            "editMessageText",
            "editMessageReplyMarkup",
            "deleteMessage",
            "setWebhook",
            "deleteWebhook",
            "setMyCommands",
            "deleteMyCommands",
        }
    )
