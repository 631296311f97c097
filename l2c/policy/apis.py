"""REST API of the company's rule settings (BR-POL-01, BR-POL-02).

Readers: administrator, GM, VP, director, manager; editors: administrator and GM. The
selectors and ``policy_change`` enforce both; this module only translates HTTP.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import ErrorSerializer
from l2c.policy import selectors, services

TAG = "policy"

READ_ERRORS = {403: ErrorSerializer, 404: ErrorSerializer}
WRITE_ERRORS = {
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    422: ErrorSerializer,
}


class PolicyVersionOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    value = serializers.JSONField()
    effective_from = serializers.DateTimeField()
    reason = serializers.CharField()
    created_by = serializers.IntegerField(source="created_by_id", allow_null=True)
    created_by_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "PolicyVersion"

    def get_created_by_name(self, version) -> str:
        user = version.created_by
        if user is None:
            return "系统"
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        return person.name if person is not None else user.get_username()


class PolicySettingOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField(
        help_text="days / hours / minutes / integer / percent / money / boolean / list / "
        "split / chain / json"
    )
    kind_label = serializers.CharField(source="get_kind_display")
    group = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    rule = serializers.CharField()
    value = serializers.SerializerMethodField(help_text="此刻生效的值")
    current_version = serializers.SerializerMethodField(help_text="此刻生效的版本号")
    effective_from = serializers.SerializerMethodField(help_text="此刻生效版本的生效时间")
    version = serializers.IntegerField(
        help_text="设置行的版本号：修改时回传，他人先改则返回 409 stale_version（BR-SEC-03）"
    )

    class Meta:
        ref_name = "PolicySetting"

    def _current(self, setting):
        cache = self.context.setdefault("_current", {})
        if setting.pk not in cache:
            cache[setting.pk] = selectors.current_version(setting)
        return cache[setting.pk]

    @extend_schema_field(OpenApiTypes.ANY)
    def get_value(self, setting):
        current = self._current(setting)
        return current.value if current is not None else None

    def get_current_version(self, setting) -> int | None:
        current = self._current(setting)
        return current.number if current is not None else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_effective_from(self, setting):
        current = self._current(setting)
        if current is None:
            return None
        return serializers.DateTimeField().to_representation(current.effective_from)


class PolicySettingDetailOutputSerializer(PolicySettingOutputSerializer):
    history = PolicyVersionOutputSerializer(
        many=True, source="versions.all", help_text="全部版本，最新生效时间在前（含尚未生效的）"
    )

    class Meta:
        ref_name = "PolicySettingDetail"


def _setting_response(request, key: str, *, status_code: int = status.HTTP_200_OK) -> Response:
    setting = selectors.policy_setting_get(viewer=request.user, key=key)
    return Response(PolicySettingDetailOutputSerializer(setting).data, status=status_code)


class PolicySettingListApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="policy_settings_list",
        responses={200: PolicySettingOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request):
        settings = selectors.policy_setting_list(viewer=request.user)
        return Response(PolicySettingOutputSerializer(settings, many=True).data)


class PolicySettingDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="policy_settings_retrieve",
        responses={200: PolicySettingDetailOutputSerializer, **READ_ERRORS},
    )
    def get(self, request, key: str):
        return _setting_response(request, key)


class PolicySettingChangeApi(APIView):
    """A new version of the setting, with its reason (BR-POL-02)."""

    class InputSerializer(serializers.Serializer):
        value = serializers.JSONField(help_text="新值，按设置类型校验")
        reason = serializers.CharField(
            max_length=300,
            required=False,
            allow_blank=True,
            default="",
            help_text="变更原因（必填）",
        )
        effective_from = serializers.DateTimeField(
            required=False, allow_null=True, help_text="生效时间，缺省为现在；不能早于现在"
        )
        version = serializers.IntegerField(
            required=False, allow_null=True, help_text="读取时设置行的版本号（BR-SEC-03）"
        )

        class Meta:
            ref_name = "PolicyChangeInput"

    @extend_schema(
        tags=[TAG],
        operation_id="policy_settings_change",
        request=InputSerializer,
        responses={201: PolicySettingDetailOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, key: str):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.policy_change(
            actor=request.user,
            key=key,
            value=data["value"],
            reason=data["reason"],
            effective_from=data.get("effective_from"),
            expected_version=data.get("version"),
        )
        return _setting_response(request, key, status_code=status.HTTP_201_CREATED)
