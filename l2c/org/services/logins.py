"""Logins (BR-SEC-01, 02): the lock-out after failed attempts, every attempt recorded,
the API token, the logout."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from l2c import policy
from l2c.audit.services import audit_record
from l2c.org.models import LoginThrottle


def login_locked_until(username: str, *, at: dt.datetime | None = None) -> dt.datetime | None:
    when = at or timezone.now()
    row = LoginThrottle.objects.filter(username=username.lower()).first()
    if row and row.locked_until and row.locked_until > when:
        return row.locked_until
    return None


@transaction.atomic
def login_record_failure(*, username: str, user=None) -> dt.datetime | None:
    """Count a failed login; after ``security.lockout_failures`` in a row, lock the name for
    ``security.lockout_minutes``. Audited. Returns the lock expiry if now locked."""
    now = timezone.now()
    row, _created = LoginThrottle.objects.select_for_update().get_or_create(
        username=username.lower()
    )
    if row.locked_until and row.locked_until <= now:
        row.failures = 0
        row.locked_until = None
    row.failures += 1
    row.last_failure_at = now
    limit = policy.value("security.lockout_failures")
    if row.failures >= limit and row.locked_until is None:
        row.locked_until = now + dt.timedelta(minutes=policy.value("security.lockout_minutes"))
    row.save()
    audit_record(
        actor=None,
        action="auth.login_failed",
        obj=user,
        rule="BR-SEC-02",
        object_repr=username,
        extra={"username": username, "failures": row.failures, "locked_until": row.locked_until},
    )
    return row.locked_until


def login_record_locked_attempt(*, username: str, locked_until: dt.datetime) -> None:
    """A login tried while the name is locked (BR-SEC-01: every login attempt is recorded)."""
    audit_record(
        actor=None,
        action="auth.login_locked",
        rule="BR-SEC-02",
        object_repr=username,
        extra={"username": username, "locked_until": locked_until},
    )


@transaction.atomic
def login_record_success(*, user) -> None:
    LoginThrottle.objects.filter(username=user.get_username().lower()).delete()
    audit_record(actor=user, action="auth.login", obj=user, rule="BR-SEC-01")


@transaction.atomic
def api_token_issue(*, user) -> str:
    """A successful API login (BR-SEC-01, 02): recorded like a web login; returns a new
    token (the user's previous one stops working), good for ``security.token_days``."""
    from rest_framework.authtoken.models import Token

    login_record_success(user=user)
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key


@transaction.atomic
def logout_record(*, user) -> None:
    """Signing out, on the web or the API: recorded, and the user's API token revoked."""
    from rest_framework.authtoken.models import Token

    if getattr(user, "is_authenticated", False):
        Token.objects.filter(user=user).delete()
        audit_record(actor=user, action="auth.logout", obj=user)
