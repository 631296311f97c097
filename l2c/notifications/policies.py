"""BR-RPT-07 as pure functions: which webhooks are configured, what they receive, when a
failed delivery is retried. No database, no network — easy to test."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

RULE = "BR-RPT-07"
CHANNELS = ("wecom", "dingtalk")
URL_MAX_LENGTH = 500
NAME_MAX_LENGTH = 60
#: Back-off never waits longer than this between two attempts.
BACKOFF_CAP = dt.timedelta(minutes=60)
#: 企业微信 accepts 4096 bytes of markdown, 钉钉 about 20000: stay well below both.
CONTENT_MAX_BYTES = 3800
#: A group message names at most this many recipients, then "等 N 人".
NAMES_SHOWN = 20
SIGNATURE = "L2C 销售管理系统"


@dataclass(frozen=True)
class Webhook:
    channel: str
    url: str
    kinds: frozenset[str] = frozenset()  # empty: every kind
    name: str = ""

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


def is_webhook_url(url: Any) -> bool:
    """An absolute http(s) address with a host, of a sane length."""
    if not isinstance(url, str) or not url or len(url) > URL_MAX_LENGTH:
        return False
    if any(ch.isspace() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.hostname)


def parse_webhooks(raw: Any) -> tuple[list[Webhook], list[str]]:
    """The valid webhooks of the ``notifications.webhooks`` setting, and a note for each
    entry skipped. A bad entry is skipped, never fatal: configuration must not break a
    business action (BR-RPT-07). The same URL twice is one webhook (the first entry)."""
    hooks: list[Webhook] = []
    problems: list[str] = []
    if not isinstance(raw, list):
        return [], [] if raw is None else ["设置应为列表"]
    seen: set[str] = set()
    for index, entry in enumerate(raw, start=1):
        where = f"第 {index} 项"
        if not isinstance(entry, dict):
            problems.append(f"{where}：应为对象")
            continue
        channel = entry.get("channel")
        if channel not in CHANNELS:
            problems.append(f"{where}：channel 应为 wecom 或 dingtalk")
            continue
        url = entry.get("url")
        if not isinstance(url, str) or not is_webhook_url(url):
            problems.append(f"{where}：url 应为 http(s) 地址")
            continue
        kinds = entry.get("kinds") or []
        if not isinstance(kinds, list) or not all(isinstance(k, str) and k for k in kinds):
            problems.append(f"{where}：kinds 应为通知类型的列表")
            continue
        name = entry.get("name") or ""
        if not isinstance(name, str):
            problems.append(f"{where}：name 应为文字")
            continue
        if url in seen:
            problems.append(f"{where}：url 重复")
            continue
        seen.add(url)
        hooks.append(
            Webhook(
                channel=channel,
                url=url,
                kinds=frozenset(k.strip() for k in kinds),
                name=name.strip()[:NAME_MAX_LENGTH],
            )
        )
    return hooks, problems


def retry_delay(attempts: int, base_minutes: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failed attempt: base · 2^(attempts−1),
    at most an hour."""
    if attempts < 1:
        return dt.timedelta(0)
    minutes = max(int(base_minutes), 0) * 2 ** min(attempts - 1, 16)
    return min(dt.timedelta(minutes=minutes), BACKOFF_CAP)


def _clip(text: str, max_bytes: int) -> str:
    """``text`` cut to ``max_bytes`` of UTF-8, with an ellipsis when cut."""
    data = text.encode("utf-8")
    if len(data) <= max_bytes:
        return text
    return data[: max(max_bytes - 3, 0)].decode("utf-8", errors="ignore") + "…"


def recipients_line(names: Sequence[str]) -> str:
    shown = " ".join(f"@{n}" for n in names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += f" 等 {len(names)} 人"
    return shown


def absolute_link(url: str, base_url: str) -> str:
    """The address a group member can open: relative in-app links are prefixed with the
    site's base address; without a base address they are left out."""
    if not url:
        return ""
    if is_webhook_url(url):
        return url
    if url.startswith("/") and not url.startswith("//") and base_url:
        return base_url.rstrip("/") + url
    return ""


def webhook_payload(
    *, channel: str, title: str, body: str, names: Iterable[str], link: str
) -> dict[str, Any]:
    """The robot message: 企业微信 ``markdown.content``; 钉钉 ``markdown.title`` + ``text``.

    The text ends with the system's name, so a 钉钉 robot secured by the keyword "L2C"
    accepts it.
    """
    names = list(names)
    tail: list[str] = []
    if names:
        tail.append(f"> 接收人：{recipients_line(names)}")
    if link:
        tail.append(f"> [查看详情]({link})")
    if channel == "wecom":
        head, foot, sep = f"**{title}**", f'<font color="comment">{SIGNATURE}</font>', "\n"
    else:
        head, foot, sep = f"#### {title}", f"###### {SIGNATURE}", "\n\n"
    # Only the body is shortened, so the recipients, the link and the signature survive.
    room = CONTENT_MAX_BYTES - len(sep.join([head, *tail, foot, ""]).encode("utf-8"))
    body = _clip(body.strip(), room) if body.strip() else ""
    text = sep.join([head, *([body] if body else []), *tail, foot])
    if channel == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": title[:100], "text": text}}


def validate_webhooks_setting(raw: Any) -> None:
    """Refuse, when an administrator saves it, a webhook list with an unusable entry (read
    time still skips bad entries, so an old bad value never breaks a business action)."""
    from l2c.core.errors import BusinessRuleError

    _hooks, problems = parse_webhooks(raw)
    if problems:
        raise BusinessRuleError(
            "BR-RPT-07", "；".join(problems), code="invalid_webhooks", field="value"
        )
