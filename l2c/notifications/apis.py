"""REST API of the inbox (BR-RPT-07): everyone reads and marks their own notifications.

Thin: reads through ``l2c.notifications.selectors``, writes through
``l2c.notifications.services``. There is no create endpoint: notifications are sent by the
services of the apps where things happen.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import ErrorSerializer
from l2c.notifications import selectors, services

TAG = "notifications"


class NotificationPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class NotificationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="如 approval.task、approval.reminder")
    kind_label = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    url = serializers.CharField(help_text="站内相对链接，可为空")
    object_type = serializers.CharField(help_text="相关对象类型，如 approvals.approvalrequest")
    object_id = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
    is_read = serializers.BooleanField()

    class Meta:
        ref_name = "Notification"


class NotificationListApi(APIView):
    """The viewer's own notifications, newest first."""

    pagination_class = NotificationPagination

    class FilterSerializer(serializers.Serializer):
        unread = serializers.BooleanField(required=False, default=False, help_text="只看未读")

        class Meta:
            ref_name = "NotificationFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="notifications_list",
        parameters=[FilterSerializer],
        responses={200: NotificationOutputSerializer(many=True)},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = selectors.notification_list(
            user=request.user, unread_only=filters.validated_data["unread"]
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(NotificationOutputSerializer(page, many=True).data)


class UnreadCountOutputSerializer(serializers.Serializer):
    count = serializers.IntegerField()

    class Meta:
        ref_name = "NotificationUnreadCount"


class NotificationUnreadCountApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="notifications_unread_count",
        responses={200: UnreadCountOutputSerializer},
    )
    def get(self, request):
        count = selectors.unread_count(user=request.user)
        return Response(UnreadCountOutputSerializer({"count": count}).data)


class NotificationReadApi(APIView):
    """Mark one of the viewer's notifications read (someone else's: 404)."""

    @extend_schema(
        tags=[TAG],
        operation_id="notifications_mark_read",
        request=None,
        responses={200: NotificationOutputSerializer, 404: ErrorSerializer},
    )
    def post(self, request, notification_id: int):
        notification = services.notification_mark_read(
            user=request.user, notification_id=notification_id
        )
        return Response(NotificationOutputSerializer(notification).data)


class MarkAllReadOutputSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="本次标为已读的条数")

    class Meta:
        ref_name = "NotificationMarkAllRead"


class NotificationReadAllApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="notifications_mark_all_read",
        request=None,
        responses={200: MarkAllReadOutputSerializer},
    )
    def post(self, request):
        marked = services.notification_mark_all_read(user=request.user)
        return Response(MarkAllReadOutputSerializer({"marked": marked}).data)
