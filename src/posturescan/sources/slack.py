"""Slack exports (.json): one channel-day file is one document of chat lines.

A Slack export is a folder with ``users.json``, ``channels.json`` and one folder per channel holding one
JSON file per day: a list of messages (``ts``, ``user``, ``user_profile``, ``text``, ``subtype``). Each
message becomes a chat line « [HH:MM] Name : text » (time in UTC), which the clean stage reads as a
speaker turn; the lines that follow inside one message are indented, so they continue its turn. The
speaker is the message's ``user_profile`` real name, else the name of its user id in the export's
``users.json``, else the user id itself. ``<@U123>`` mentions become the user's name, links their label.
Join/leave notices and other system messages are left out. The export's other JSON files
(``users.json``, ``channels.json``…) and any JSON file that is not a Slack message list are skipped
with a reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from posturescan.records import SourceDocument

from .common import FileRef, Limits, SkipDocument, short_error
from .plaintext import decode_text

#: Message subtypes that are not someone's words.
SYSTEM_SUBTYPES = frozenset({
    "channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive",
    "channel_unarchive", "group_join", "group_leave", "group_topic", "group_purpose", "group_name", "pinned_item",
    "unpinned_item", "bot_add", "bot_remove", "tombstone",
})
NOT_MESSAGES_REASON = "JSON file that is not a Slack export of messages"
METADATA_REASON = "Slack export metadata (users, channels), no message"
_USER_REF = re.compile(r"<@([A-Z0-9]+)(?:\|([^>]*))?>")
_LINK = re.compile(r"<(?:[#!]?[^|<>]*)\|([^<>]+)>|<([^<>|]+)>")
_USERS_FILE = "users.json"


def read(path: Path, ref: FileRef, limits: Limits) -> Iterator[SourceDocument]:
    try:
        data = json.loads(decode_text(path.read_bytes()))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SkipDocument(f"not valid JSON ({short_error(exc)})") from None
    if not isinstance(data, list) or not data or not all(isinstance(m, dict) for m in data):
        raise SkipDocument(NOT_MESSAGES_REASON)
    messages = [m for m in data if "ts" in m and ("text" in m or "type" in m)]
    if not messages:
        raise SkipDocument(METADATA_REASON if all("id" in m for m in data) else NOT_MESSAGES_REASON)
    users = _users(path)
    lines, first = [], None
    for message in sorted(messages, key=_timestamp):
        if message.get("subtype") in SYSTEM_SUBTYPES:
            continue
        text = _plain(str(message.get("text") or ""), users).strip()
        if not text:
            continue
        when = datetime.fromtimestamp(_timestamp(message), tz=timezone.utc)
        first = first or when
        head, *rest = text.split("\n")
        lines.append(f"[{when:%H:%M}] {_speaker(message, users)} : {head}")
        lines.extend("    " + line for line in rest if line.strip())
    if not lines:
        raise SkipDocument("Slack export without any message text")
    yield ref.record("\n".join(lines), date=first.isoformat(timespec="seconds"))


def _timestamp(message: dict) -> float:
    try:
        return float(message.get("ts") or 0)
    except (TypeError, ValueError):
        return 0.0


def _users(path: Path) -> dict[str, str]:
    """User id -> real name, from the ``users.json`` of the export (the file's folder or the one above)."""
    for folder in (path.parent, path.parent.parent):
        candidate = folder / _USERS_FILE
        if candidate.is_file() and candidate != path:
            stat = candidate.stat()
            return _users_file(str(candidate), stat.st_mtime_ns, stat.st_size)
    return {}


@lru_cache(maxsize=8)
def _users_file(path: str, mtime_ns: int, size: int) -> dict[str, str]:
    """The users of one ``users.json`` (read once per version of the file, not once per channel-day)."""
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(entries, list):
        return {}
    return {str(u["id"]): _name_of(u) for u in entries if isinstance(u, dict) and u.get("id") and _name_of(u)}


def _name_of(user: dict) -> str:
    profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
    for value in (user.get("real_name"), profile.get("real_name"), profile.get("display_name"), user.get("name")):
        if isinstance(value, str) and value.strip():
            return _safe_name(value)
    return ""


def _speaker(message: dict, users: dict[str, str]) -> str:
    profile = message.get("user_profile") if isinstance(message.get("user_profile"), dict) else {}
    for value in (profile.get("real_name"), users.get(str(message.get("user"))), profile.get("display_name"),
                  message.get("user_name"), message.get("username"), message.get("user")):
        if isinstance(value, str) and _safe_name(value):
            return _safe_name(value)
    return "inconnu"


def _safe_name(name: str) -> str:
    """A name that cannot break the « [HH:MM] Name : » line: no colon, brackets or line break."""
    return " ".join(re.sub(r"[:\[\]<>\n]", " ", name).split())[:60]


def _plain(text: str, users: dict[str, str]) -> str:
    """Slack markup to text: user mentions to names, links and channel references to their label."""
    text = _USER_REF.sub(lambda m: users.get(m.group(1)) or m.group(2) or "@" + m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
