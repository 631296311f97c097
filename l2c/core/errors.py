"""Errors a user can cause. Services raise them; the API and the web render them.

Every error carries the business rule it enforces (``rule``, e.g. ``"BR-CAT-03"``) and a
Chinese message. The API answers 409/422 JSON ``{code, rule, message}``; the web shows the
message in the form or on an error page. Never a 500 for bad input.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages


class BusinessRuleError(Exception):
    """A business rule refused the action (HTTP 422)."""

    status_code = 422
    default_code = "business_rule"

    def __init__(
        self,
        rule: str | None,
        message: Any,
        *,
        code: str | None = None,
        field: str | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(str(message))
        self.rule = rule
        self.message = message
        self.code = code or self.default_code
        self.field = field
        if status is not None:
            self.status_code = status

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "rule": self.rule, "message": str(self.message)}
        if self.field:
            data["field"] = self.field
        return data


class ConflictError(BusinessRuleError):
    """The action conflicts with the record's current state (HTTP 409), e.g. a stale version."""

    status_code = 409
    default_code = "conflict"


class PermissionDeniedError(BusinessRuleError):
    """The actor may not do this (HTTP 403)."""

    status_code = 403
    default_code = "permission_denied"


class NotFoundError(BusinessRuleError):
    """The record does not exist *for this viewer* (HTTP 404): nothing is leaked."""

    status_code = 404
    default_code = "not_found"


def error_text(exc: BusinessRuleError) -> str:
    """The error as a page shows it: the message, then the rule it enforces."""
    return f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message)


def form_error(form, exc: BusinessRuleError) -> None:
    """Show the error on its field of ``form`` (on the form as a whole if it has none)."""
    form.add_error(exc.field if exc.field in form.fields else None, error_text(exc))


def flash_error(request, exc: BusinessRuleError) -> None:
    """Show the error as a message on the next page."""
    messages.error(request, error_text(exc))
