"""Per-request context (client IP, user agent) that services read for the audit log.

Set by ``RequestContextMiddleware``; empty in management commands and tests, where the
audit row simply has no IP.
"""

from __future__ import annotations

import ipaddress
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


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(meta: dict) -> str | None:
    """The client's IP for the audit log. ``X-Forwarded-For`` is believed only when the
    deployment says a trusted proxy sets it (``L2C_TRUST_X_FORWARDED_FOR``); anything that
    is not an IP address is ignored."""
    from django.conf import settings

    if getattr(settings, "L2C_TRUST_X_FORWARDED_FOR", False):
        forwarded = _valid_ip((meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")[0])
        if forwarded:
            return forwarded
    return _valid_ip(meta.get("REMOTE_ADDR"))
