"""Helpers of the contracts pages."""

from __future__ import annotations

from django.contrib import messages

from l2c.core.errors import BusinessRuleError


def error_text(exc: BusinessRuleError) -> str:
    return f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message)


def form_error(form, exc: BusinessRuleError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, error_text(exc))


def flash_error(request, exc: BusinessRuleError) -> None:
    messages.error(request, error_text(exc))
