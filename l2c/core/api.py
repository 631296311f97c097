"""API error shape: every error is JSON ``{code, rule, message}`` (plus ``fields`` for forms)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from l2c.core.errors import BusinessRuleError


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    rule = serializers.CharField(allow_null=True)
    message = serializers.CharField()
    fields = serializers.DictField(required=False)


def exception_handler(exc, context):
    if isinstance(exc, BusinessRuleError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "rule": None,
            "message": _("输入有误，请检查标出的字段。"),
            "fields": response.data,
        }
        response.status_code = 422
        return response
    messages = {
        exceptions.NotAuthenticated: _("请先登录。"),
        exceptions.AuthenticationFailed: _("身份验证失败。"),
        exceptions.PermissionDenied: _("您没有执行此操作的权限。"),
        exceptions.NotFound: _("未找到该记录。"),
        exceptions.MethodNotAllowed: _("不支持该请求方法。"),
    }
    message = next((m for cls, m in messages.items() if isinstance(exc, cls)), None)
    code = getattr(exc, "default_code", "error")
    response.data = {
        "code": code,
        "rule": None,
        "message": message or str(getattr(exc, "detail", exc)),
    }
    return response
