"""The token login (BR-SEC-01, 02: locked after repeated failures) and who am I."""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import ErrorSerializer
from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.org import services
from l2c.org.apis.common import PersonOutputSerializer, person_response


def _locked_message(until) -> str:
    return _("连续登录失败次数过多，账号已锁定至 %(t)s，请稍后再试（规则 BR-SEC-02）。") % {
        "t": timezone.localtime(until).strftime("%H:%M")
    }


def _locked_error(until) -> BusinessRuleError:
    return BusinessRuleError("BR-SEC-02", _locked_message(until), code="account_locked", status=423)


class AuthTokenApi(APIView):
    """Exchange a user name and password for an API token (BR-SEC-02: after
    ``security.lockout_failures`` failures the name is locked ``security.lockout_minutes``)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

        class Meta:
            ref_name = "AuthTokenInput"

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

        class Meta:
            ref_name = "AuthToken"

    @extend_schema(
        tags=["auth"],
        operation_id="auth_token_create",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(ErrorSerializer, description="用户名或密码不正确"),
            422: ErrorSerializer,
            423: OpenApiResponse(ErrorSerializer, description="账号已锁定（BR-SEC-02）"),
        },
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        username = serializer.validated_data["username"].strip()
        password = serializer.validated_data["password"]
        locked = services.login_locked_until(username)
        if locked:
            services.login_record_locked_attempt(username=username, locked_until=locked)
            raise _locked_error(locked)
        user = authenticate(request, username=username, password=password)
        if user is None:
            known = get_user_model()._default_manager.filter(username=username).first()
            locked = services.login_record_failure(username=username, user=known)
            if locked:
                raise _locked_error(locked)
            raise BusinessRuleError(
                None, _("用户名或密码不正确。"), code="invalid_credentials", status=400
            )
        key = services.api_token_issue(user=user)
        return Response(self.OutputSerializer({"token": key}).data)


class AuthLogoutApi(APIView):
    """Sign out: the caller's API token is revoked (a new login issues a new one)."""

    @extend_schema(
        tags=["auth"],
        operation_id="auth_logout",
        request=None,
        responses={204: OpenApiResponse(description="已退出，令牌已作废")},
    )
    def post(self, request):
        services.logout_record(user=request.user)
        return Response(status=204)


class MeApi(APIView):
    @extend_schema(
        tags=["auth"],
        operation_id="me_retrieve",
        responses={200: PersonOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        person = getattr(request.user, "person", None) if hasattr(request.user, "person") else None
        if person is None:
            raise NotFoundError(None, _("该账号没有关联的员工档案。"))
        return person_response(request, person.pk)
