"""REST API of the audit log (BR-SEC-01): read-only, for the administrator and the GM.

There is deliberately no create, update or delete endpoint: rows are written by the
services and never changed (the model, its queryset and database triggers refuse it).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.audit import selectors
from l2c.core.api import ErrorSerializer
from l2c.core.errors import NotFoundError

TAG = "audit"


class AuditPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500


class AuditLogOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    actor_name = serializers.CharField()
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    object_repr = serializers.CharField()
    changes = serializers.DictField(help_text="{字段: [修改前, 修改后]}")
    extra = serializers.DictField()
    rule = serializers.CharField()
    ip = serializers.IPAddressField(allow_null=True)

    class Meta:
        ref_name = "AuditLogEntry"


class AuditLogListApi(APIView):
    pagination_class = AuditPagination

    class FilterSerializer(serializers.Serializer):
        action = serializers.CharField(
            required=False,
            allow_blank=True,
            help_text="动作前缀，如 org.person 或 policy.change；也可填动作名称的一部分，如 收款",
        )
        actor = serializers.IntegerField(
            required=False, min_value=1, max_value=2**62, help_text="操作人（用户 id）"
        )
        object_type = serializers.CharField(
            required=False,
            allow_blank=True,
            help_text="对象类型，如 org.person；也可填对象名称的一部分，如 员工",
        )

        class Meta:
            ref_name = "AuditLogFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="audit_list",
        parameters=[FilterSerializer],
        responses={200: AuditLogOutputSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        entries = selectors.audit_list(
            viewer=request.user,
            action=data.get("action", ""),
            actor_id=data.get("actor"),
            object_type=data.get("object_type", ""),
        )
        paginator = self.pagination_class()
        page = selectors.shown_to(request.user, paginator.paginate_queryset(entries, request, self))
        return paginator.get_paginated_response(AuditLogOutputSerializer(page, many=True).data)


class AuditLogDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="audit_retrieve",
        responses={200: AuditLogOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, entry_id: int):
        entry = selectors.audit_list(viewer=request.user).filter(pk=entry_id).first()
        if entry is None:
            raise NotFoundError(None, _("未找到该审计记录。"))
        return Response(AuditLogOutputSerializer(selectors.shown_to(request.user, [entry])[0]).data)
