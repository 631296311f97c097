"""The visitor and call registers over the API (BR-REC-01, BR-RPT-01): list, one entry,
the day's statistics, register the customer, mark the first message sent (BR-REC-07)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import WRITE_ERRORS, ErrorSerializer
from l2c.reception import selectors, services
from l2c.reception.apis._common import TAG, Choice, ReceptionPagination, person_id, person_name
from l2c.reception.models import ReceptionKind


class EntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="walk_in 来访 / call 来电")
    kind_label = serializers.CharField(source="get_kind_display")
    received_at = serializers.DateTimeField()
    name = serializers.CharField()
    mobile = serializers.SerializerMethodField(help_text="非本人接待时打码（BR-CUS-10）")
    source = serializers.CharField()
    source_label = serializers.CharField(source="get_source_display")
    inquiry = serializers.CharField()
    rep = serializers.SerializerMethodField(help_text="接待人的员工 id")
    rep_name = serializers.SerializerMethodField()
    is_first_visit = serializers.BooleanField()
    customer = serializers.IntegerField(source="customer_id", allow_null=True)
    assignment = serializers.CharField(help_text="rotation / makeup / named / returning / chosen")
    assignment_label = serializers.CharField(source="get_assignment_display")
    turn_consumed = serializers.BooleanField()
    turn_note = serializers.CharField()
    roster = serializers.IntegerField(source="roster_id", allow_null=True)
    first_message_sent_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()

    class Meta:
        ref_name = "ReceptionEntry"

    def get_mobile(self, obj) -> str:
        request = self.context.get("request")
        return selectors.shown_mobile(request.user, obj) if request else ""

    def get_rep(self, obj) -> int | None:
        return person_id(obj.rep)

    def get_rep_name(self, obj) -> str:
        return person_name(obj.rep)


class EntriesApi(APIView):
    """The register entries in the viewer's scope (BR-ORG-02), newest first."""

    pagination_class = ReceptionPagination

    class FilterSerializer(serializers.Serializer):
        day = serializers.DateField(required=False, help_text="日期，默认今天")
        kind = Choice(choices=ReceptionKind.choices, required=False)
        first_visit = serializers.BooleanField(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "ReceptionEntryFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_entries_list",
        parameters=[FilterSerializer],
        responses={200: EntryOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        d = f.validated_data
        qs = selectors.reception_list(
            viewer=request.user,
            day=d.get("day") or timezone.localdate(),
            kind=d.get("kind"),
            first_visit=d.get("first_visit"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = EntryOutputSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class EntryDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="reception_entries_retrieve",
        responses={200: EntryOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, entry_id: int):
        entry = selectors.reception_get(viewer=request.user, reception_id=entry_id)
        return Response(EntryOutputSerializer(entry, context={"request": request}).data)


class RegistrationOutputSerializer(serializers.Serializer):
    customer = serializers.IntegerField(help_text="客户 id")
    created = serializers.BooleanField(help_text="是否新建档")
    duplicate = serializers.BooleanField(help_text="重卡：客户已有有效负责人（BR-CUS-03）")
    already_owned = serializers.BooleanField(
        help_text="客户本来就是该接待人的有效客户：无需重复建档，不记重卡（BR-CUS-03）"
    )
    owner = serializers.IntegerField(allow_null=True, help_text="客户负责人的员工 id")
    owner_name = serializers.CharField(allow_blank=True)

    class Meta:
        ref_name = "ReceptionRegistration"


class EntryRegisterApi(APIView):
    """Register the visitor or caller as a customer of the receiving rep; a duplicate card
    names who owns the customer, never the details (BR-CUS-03, 10)."""

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=60, required=False, allow_blank=True)
        mobile = serializers.CharField(max_length=30, required=False, allow_blank=True)
        company = serializers.CharField(max_length=100, required=False, allow_blank=True)
        klass = Choice(choices=["A", "B", "C"], required=False)
        stage = Choice(choices=["prospect", "intent"], required=False)
        intent = serializers.CharField(max_length=4000, required=False, allow_blank=True)

        class Meta:
            ref_name = "ReceptionRegisterInput"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_entries_register",
        request=InputSerializer,
        responses={200: RegistrationOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, entry_id: int):
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        registration = services.reception_register_customer(
            actor=request.user, reception_id=entry_id, data=dict(s.validated_data)
        )
        owner = registration.customer.owner
        return Response(
            {
                "customer": registration.customer.pk,
                "created": registration.created,
                "duplicate": registration.duplicate is not None,
                "already_owned": registration.already_owned,
                "owner": person_id(owner),
                "owner_name": person_name(owner),
            }
        )


class EntryFirstMessageApi(APIView):
    """The receiving rep sent the first follow-up message (BR-REC-07)."""

    @extend_schema(
        tags=[TAG],
        operation_id="reception_entries_first_message",
        request=None,
        responses={200: EntryOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, entry_id: int):
        entry = services.reception_mark_first_message_sent(
            actor=request.user, reception_id=entry_id
        )
        entry = selectors.reception_get(viewer=request.user, reception_id=entry.pk)
        return Response(EntryOutputSerializer(entry, context={"request": request}).data)


class CountSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()

    class Meta:
        ref_name = "ReceptionCount"


class RepCountSerializer(serializers.Serializer):
    name = serializers.CharField()
    walk_ins = serializers.IntegerField()
    calls = serializers.IntegerField()
    intent = serializers.IntegerField()

    class Meta:
        ref_name = "ReceptionRepCount"


class StatsOutputSerializer(serializers.Serializer):
    day = serializers.DateField()
    total = serializers.IntegerField()
    walk_ins = serializers.IntegerField()
    calls = serializers.IntegerField()
    first_visits = serializers.IntegerField()
    returning = serializers.IntegerField()
    with_mobile = serializers.IntegerField()
    messages_sent = serializers.IntegerField()
    registered = serializers.IntegerField()
    intent = serializers.IntegerField(help_text="当日转为意向客户")
    by_source = CountSerializer(many=True)
    by_rep = RepCountSerializer(many=True)

    class Meta:
        ref_name = "ReceptionDayStats"


class StatsApi(APIView):
    """来人来电统计表 of a day, in the viewer's scope (BR-RPT-01)."""

    class FilterSerializer(serializers.Serializer):
        day = serializers.DateField(required=False, help_text="日期，默认今天")

        class Meta:
            ref_name = "ReceptionStatsFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_stats",
        parameters=[FilterSerializer],
        responses={200: StatsOutputSerializer, 422: ErrorSerializer},
    )
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        stats = selectors.reception_stats(
            viewer=request.user, day=f.validated_data.get("day") or timezone.localdate()
        )
        data = {
            k: getattr(stats, k)
            for k in StatsOutputSerializer().fields
            if k not in {"by_source", "by_rep"}
        }
        data["by_source"] = [{"key": k, "label": lbl, "count": n} for k, lbl, n in stats.by_source]
        data["by_rep"] = [
            {"name": n, "walk_ins": v, "calls": c, "intent": i} for n, v, c, i in stats.by_rep
        ]
        return Response(data)
