"""Shared bits of the reception pages."""

from __future__ import annotations

from django.contrib import messages

from l2c.core.errors import BusinessRuleError


def error_message(request, exc: BusinessRuleError) -> None:
    rule = f"（{exc.rule}）" if exc.rule else ""
    messages.error(request, f"{exc.message}{rule}")


def form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
