"""Request context for the audit log, business-rule errors rendered as pages, and the
browser features the pages never use switched off (Permissions-Policy)."""

from __future__ import annotations

from django.shortcuts import render

from l2c.core import context
from l2c.core.errors import BusinessRuleError


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.set_current(
            context.RequestContext(
                ip=context.client_ip(request.META),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)


class BusinessRuleErrorMiddleware:
    """A BusinessRuleError that escapes a web view becomes a clear page, never a 500.

    Views with forms catch the error themselves and show it in the form; this is the net.
    API views are handled by DRF's exception handler (``l2c.core.api``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BusinessRuleError):
            template = "web/business_error.html"
            if getattr(request, "htmx", False):
                template = "web/business_error.html#alert"
            return render(request, template, {"error": exception}, status=exception.status_code)
        return None


#: features no L2C page uses: a page (or something injected into one) cannot ask for them
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "bluetooth=(), midi=(), display-capture=(), interest-cohort=()"
)


class PermissionsPolicyMiddleware:
    """Adds the ``Permissions-Policy`` header to every answer (issue 16)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
