"""API error shape: every error is JSON ``{code, rule, message}`` (plus ``fields`` for forms)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView
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
    if getattr(exc, "says_why", False):  # an exception that tells the user what to do
        message = None
    code = getattr(exc, "default_code", "error")
    response.data = {
        "code": code,
        "rule": None,
        "message": message or str(getattr(exc, "detail", exc)),
    }
    return response


#: The error answers every write may give (see ``exception_handler``).
WRITE_ERRORS = {
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    422: ErrorSerializer,
}
READ_ERRORS = {404: ErrorSerializer, 422: ErrorSerializer}


def validated(serializer_class, data, **kwargs) -> dict:
    """The validated data of ``serializer_class`` over ``data`` (a 422 for bad input)."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def paginated(view: APIView, request, items, serializer_class, **context) -> Response:
    """One page of ``items`` through the view's pagination class, as its paged answer."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(items, request, view=view)
    data = serializer_class(page, many=True, context={"request": request, **context}).data
    return paginator.get_paginated_response(data)


#: The input of a PATCH: the version read (each subclass declares it, with its limits)
#: and at least one field to change. (No docstring: the schema would show it as the
#: description of every subclass.)
class ChangesInput(serializers.Serializer):
    def validate(self, attrs):
        if len(attrs) < 2:
            raise serializers.ValidationError(_("请至少修改一个字段。"))
        return attrs


class PagedListApi(APIView):
    """A list endpoint paged by its ``pagination_class`` (each app sets its own limits)."""

    pagination_class: type | None = None

    def page(self, request, items, serializer_class, **context) -> Response:
        return paginated(self, request, items, serializer_class, **context)


def choice(values, *, help_text: str = "", **kwargs) -> serializers.CharField:
    """A choice documented as a plain string listing its values: the schema then needs no
    enum component, whose name could collide with another app's field of the same name."""
    values = [str(v) for v in values]

    def one_of(value):
        if value not in values:
            raise serializers.ValidationError(
                gettext_lazy("应为以下之一：%(v)s") % {"v": " / ".join(values)}
            )

    text = " / ".join(values)
    return serializers.CharField(
        validators=[one_of], help_text=f"{help_text}（{text}）" if help_text else text, **kwargs
    )


class Choice(serializers.CharField):
    """A choice sent as a plain string (documented in its help text): enum names in the
    shared OpenAPI schema would collide with other apps' fields of the same name."""

    default_error_messages = {"invalid_choice": gettext_lazy("“%(value)s” 不是有效的选项。")}

    def __init__(self, choices, **kwargs):
        self.allowed = [str(c[0] if isinstance(c, tuple | list) else c) for c in choices]
        labels = [f"{c[0]} {c[1]}" if isinstance(c, tuple | list) else str(c) for c in choices]
        help_text = kwargs.pop("help_text", "")
        kwargs["help_text"] = (
            f"{help_text}（{' / '.join(labels)}）" if help_text else " / ".join(labels)
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value and value not in self.allowed:
            self.fail("invalid_choice", value=value)
        return value


class ObjectActionApi(APIView):
    """``POST …/<id>/<action>/``: find the object as the viewer may see it (404 before the
    input is read, so nothing leaks), validate ``InputSerializer`` (none for a bare
    action), run the service in ``perform`` and answer the object as it is now.

    A subclass names its schema in class attributes (``tags``, ``operation_id``,
    ``output``, ``success_status``, ``errors``); they are attached to its ``post`` when the
    class is made."""

    InputSerializer: type[serializers.Serializer] | None = None
    tags: list[str] = []
    operation_id: str = ""
    output: type[serializers.Serializer] | None = None
    success_status: int = 200
    errors: dict = WRITE_ERRORS

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.operation_id and "operation_id" in cls.__dict__:
            extend_schema_view(
                post=extend_schema(
                    tags=cls.tags,
                    operation_id=cls.operation_id,
                    request=cls.InputSerializer,
                    responses={cls.success_status: cls.output, **cls.errors},
                )
            )(cls)

    def find(self, request, **kwargs):
        raise NotImplementedError

    def perform(self, request, obj, data: dict, **kwargs) -> None:
        raise NotImplementedError

    def answer(self, request, obj, **kwargs) -> Response:
        raise NotImplementedError

    def post(self, request, **kwargs):
        obj = self.find(request, **kwargs)
        data = validated(self.InputSerializer, request.data) if self.InputSerializer else {}
        self.perform(request, obj, data, **kwargs)
        return self.answer(request, obj, **kwargs)
