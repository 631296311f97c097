"""Per-request context (client IP, user agent) that services read for the audit log.

Set by ``RequestContextMiddleware``; empty in management commands and tests, where the
audit row simply has no IP.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None = None
    user_agent: str = ""


_current: ContextVar[RequestContext] = ContextVar("l2c_request_context", default=RequestContext())  # noqa: B039 (frozen)


def current() -> RequestContext:
    return _current.get()


def set_current(ctx: RequestContext):  # returns a token for reset
    return _current.set(ctx)


def reset(token) -> None:
    _current.reset(token)


def client_ip(meta: dict) -> str | None:
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return meta.get("REMOTE_ADDR") or None
