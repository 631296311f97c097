"""API of follow-ups (BR-CUS-04, 05) and the A/B tracking table (BR-CUS-02)."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.activities import selectors, services
from l2c.activities.apis._common import (
    TAG,
    ActivitiesListApi,
    CustomerRefSerializer,
    PersonRefField,
    ScopeFilterSerializer,
)
from l2c.activities.models import FollowUpKind
from l2c.core.api import READ_ERRORS, WRITE_ERRORS, ErrorSerializer, choice, validated


class FollowUpOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer = CustomerRefSerializer()
    rep = PersonRefField()
    kind = choice(FollowUpKind.values)
    kind_label = serializers.CharField(source="get_kind_display")
    answered = serializers.BooleanField(help_text="短信/微信客户已回复（视为有效回访）")
    at = serializers.DateTimeField()
    outcome = serializers.CharField()
    next_date = serializers.DateField(allow_null=True)
    real = serializers.BooleanField(help_text="有效回访（BR-CUS-05）")
    counted = serializers.BooleanField(help_text="由负责人记录、计入保护期（BR-CUS-04）")
    visit_report = serializers.SerializerMethodField(help_text="拜访报告 id（仅拜访）")
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "FollowUp"

    def get_visit_report(self, obj) -> int | None:
        report = getattr(obj, "visit_report", None) if hasattr(obj, "visit_report") else None
        return report.pk if report is not None else None


class FollowUpCreatedSerializer(FollowUpOutputSerializer):
    card_void_at = serializers.DateTimeField(
        source="customer.void_at", allow_null=True, help_text="记录后客户卡的失效时间"
    )
    card_void_reason = serializers.CharField(source="customer.void_reason")

    class Meta:
        ref_name = "FollowUpCreated"


class FollowUpsApi(ActivitiesListApi):
    """GET: follow-ups in the viewer's scope. POST: the owner records a follow-up — a real
    contact restarts the follow-up clock; the third message-only one in a row voids the
    card (BR-CUS-04, 05); a leader's note never counts."""

    class FilterSerializer(ScopeFilterSerializer):
        customer = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
        kind = choice(FollowUpKind.values, required=False)

        class Meta:
            ref_name = "FollowUpFilter"

    class InputSerializer(serializers.Serializer):
        customer = serializers.IntegerField(min_value=1, max_value=2**62, help_text="客户 id")
        kind = choice(FollowUpKind.values)
        answered = serializers.BooleanField(default=False, help_text="仅短信：客户是否回复")
        at = serializers.DateTimeField(required=False, help_text="跟进时间，默认现在；不能晚于现在")
        outcome = serializers.CharField(max_length=4000)
        next_date = serializers.DateField(required=False, allow_null=True)

        class Meta:
            ref_name = "FollowUpInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_follow_ups_list",
        parameters=[FilterSerializer],
        responses={200: FollowUpOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        data = validated(self.FilterSerializer, request.query_params)
        qs = selectors.follow_up_list(
            viewer=request.user,
            scope=self.scope(request, data),
            customer_id=data.get("customer"),
            kind=data.get("kind"),
        )
        return self.page(request, qs, FollowUpOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_follow_ups_create",
        request=InputSerializer,
        responses={201: FollowUpCreatedSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = dict(validated(self.InputSerializer, request.data))
        follow_up = services.follow_up_record(
            actor=request.user, customer_id=data.pop("customer"), **data
        )
        return Response(FollowUpCreatedSerializer(follow_up).data, status=status.HTTP_201_CREATED)


class FollowUpDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="activities_follow_ups_retrieve",
        responses={200: FollowUpOutputSerializer, **READ_ERRORS},
    )
    def get(self, request, follow_up_id: int):
        follow_up = selectors.follow_up_get(viewer=request.user, follow_up_id=follow_up_id)
        return Response(FollowUpOutputSerializer(follow_up).data)


class TrackingRowSerializer(serializers.Serializer):
    customer = CustomerRefSerializer(source="*")
    klass = serializers.CharField()
    owner = serializers.SerializerMethodField()
    card_state = serializers.CharField(source="flags.state")
    card_state_label = serializers.CharField(source="flags.state_label")
    void_at = serializers.DateTimeField(allow_null=True, help_text="回访期限/失效时间")
    last_follow_up_at = serializers.DateTimeField(allow_null=True)
    last_follow_up_kind = serializers.CharField(allow_null=True)
    follow_up_count = serializers.IntegerField()
    next_follow_up_on = serializers.DateField(allow_null=True)
    last_review_at = serializers.DateTimeField(allow_null=True)
    plan_overdue = serializers.BooleanField(source="flags.plan_overdue")
    deadline_soon = serializers.BooleanField(source="flags.deadline_soon")
    unreviewed = serializers.BooleanField(source="flags.unreviewed")

    class Meta:
        ref_name = "TrackingRow"

    def get_owner(self, obj) -> str | None:
        person = getattr(obj.owner, "person", None) if obj.owner_id else None
        return person.name if person is not None else None


class TrackingApi(ActivitiesListApi):
    """The A/B customers' tracking table (客户追踪表, BR-CUS-02) with overdue flags."""

    class FilterSerializer(ScopeFilterSerializer):
        flag = choice(
            ["overdue", "unreviewed"],
            required=False,
            help_text="overdue 逾期或即将到期 / unreviewed 有新跟进待审阅",
        )

        class Meta:
            ref_name = "TrackingFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_tracking_list",
        parameters=[FilterSerializer],
        responses={200: TrackingRowSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        now = timezone.now()
        qs = selectors.tracking_table(
            viewer=request.user,
            scope=self.scope(request, filters),
            flag=filters.get("flag", ""),
            now=now,
        ).order_by("klass", F("last_follow_up_at").asc(nulls_first=True), "id")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        for customer, flags in selectors.tracking_rows(page, now=now):
            customer.flags = flags
        return paginator.get_paginated_response(TrackingRowSerializer(page, many=True).data)


class TrackingReviewOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer = CustomerRefSerializer()
    reviewer = PersonRefField()
    at = serializers.DateTimeField()
    comment = serializers.CharField()

    class Meta:
        ref_name = "TrackingReview"


class TrackingReviewsApi(ActivitiesListApi):
    """GET: a customer's tracking reviews. POST: the supervisor reviews an A/B customer's
    tracking table (BR-CUS-02); the owner is notified."""

    class FilterSerializer(serializers.Serializer):
        customer = serializers.IntegerField(min_value=1, max_value=2**62)

        class Meta:
            ref_name = "TrackingReviewFilter"

    class InputSerializer(serializers.Serializer):
        customer = serializers.IntegerField(min_value=1, max_value=2**62)
        comment = serializers.CharField(max_length=4000, required=False, allow_blank=True)

        class Meta:
            ref_name = "TrackingReviewInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_tracking_reviews_list",
        parameters=[FilterSerializer],
        responses={200: TrackingReviewOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request):
        from l2c.customers import selectors as customer_selectors

        filters = validated(self.FilterSerializer, request.query_params)
        customer = customer_selectors.customer_get(
            viewer=request.user, customer_id=filters["customer"]
        )
        qs = selectors.customer_reviews(customer).select_related("customer")
        return self.page(request, qs, TrackingReviewOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_tracking_reviews_create",
        request=InputSerializer,
        responses={201: TrackingReviewOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        given = validated(self.InputSerializer, request.data)
        review = services.tracking_review_create(
            actor=request.user,
            customer_id=given["customer"],
            comment=given.get("comment", ""),
        )
        return Response(TrackingReviewOutputSerializer(review).data, status=status.HTTP_201_CREATED)
