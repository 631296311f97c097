"""API of tenders (BR-DEAL-02, 04, 06): report, bid decision, team, steps, the confidential
price, the opening record, result, award and the service fee. The bid price is given only
to the bid team and the GM before the opening; everybody else reads "保密"."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import READ_ERRORS, WRITE_ERRORS, ErrorSerializer, choice, validated
from l2c.deals import selectors, services
from l2c.deals.apis._common import (
    ID,
    MONEY,
    TAG,
    CustomerRefSerializer,
    DealsListApi,
    PersonRefField,
    PersonRefSerializer,
    users_of_people,
)
from l2c.deals.models import TenderStatus, TenderStepKind
from l2c.deals.services.tenders import SIMPLE_STEPS
from l2c.org.fields import person_of

STATUSES = TenderStatus.values


class TenderStepSerializer(serializers.Serializer):
    step = choice(TenderStepKind.values)
    step_label = serializers.CharField(source="get_step_display")
    at = serializers.DateTimeField()
    recorded_at = serializers.DateTimeField(help_text="登记时间（晚于 at 为补录）")
    actor = PersonRefField(allow_null=True)
    note = serializers.CharField()
    late = serializers.BooleanField(help_text="超过期限完成（违规）")

    class Meta:
        ref_name = "TenderStep"


class TenderBidderSerializer(serializers.Serializer):
    name = serializers.CharField()
    price = serializers.DecimalField(**MONEY)
    duration_days = serializers.IntegerField(allow_null=True)
    scope_note = serializers.CharField()
    is_us = serializers.BooleanField()

    class Meta:
        ref_name = "TenderBidder"


class TenderOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    customer = CustomerRefSerializer()
    opportunity = serializers.IntegerField(source="opportunity_id", allow_null=True)
    notice_ref = serializers.CharField()
    estimated_price = serializers.DecimalField(**MONEY)
    opening_at = serializers.DateTimeField()
    status = serializers.SerializerMethodField(
        help_text="当前状态（中标通知后 30 天未签合同即为 lapsed，无论定时任务是否运行）"
    )
    status_label = serializers.SerializerMethodField()
    bid_price = serializers.SerializerMethodField(
        help_text="投标报价：开标前仅投标小组成员与总经理可见，其他人为“保密”；未定为空"
    )
    bid_price_visible = serializers.SerializerMethodField()
    bid_duration_days = serializers.IntegerField(allow_null=True)
    documents_due = serializers.SerializerMethodField(help_text="标书完成期限（开标前 2 天）")
    price_due = serializers.SerializerMethodField(help_text="报价确定期限（开标前 1 天）")
    documents_ready_at = serializers.DateTimeField(allow_null=True)
    price_ready_at = serializers.DateTimeField(allow_null=True)
    violations = serializers.SerializerMethodField(
        help_text="documents_late / price_late：晚于期限完成或已过期限仍未完成"
    )
    publicity_start = serializers.DateField(allow_null=True)
    publicity_end = serializers.DateField(allow_null=True)
    award_notice_at = serializers.DateField(allow_null=True)
    contract_due = serializers.SerializerMethodField(help_text="合同签订期限（中标通知后 30 天）")
    contract_days_left = serializers.SerializerMethodField()
    contracted_at = serializers.DateField(allow_null=True)
    service_fee = serializers.DecimalField(**MONEY, allow_null=True)
    service_fee_invoice = serializers.CharField()
    bond_paid = serializers.DecimalField(**MONEY)
    bond_refunded = serializers.DecimalField(**MONEY)
    bid_team = serializers.SerializerMethodField()
    owner = PersonRefField()
    decision_request = serializers.IntegerField(
        source="approval_request_id",
        allow_null=True,
        help_text="投标决策的审批申请 id（/api/v1/approvals/requests/{id}/）",
    )
    version = serializers.IntegerField()

    class Meta:
        ref_name = "Tender"

    def _clock(self, obj):
        cached = getattr(obj, "_clock", None)
        if cached is None:
            terms = self.context.get("terms") or selectors.tender_terms()
            self.context["terms"] = terms
            cached = obj._clock = selectors.tender_state(obj, self.context.get("now"), terms)
        return cached

    def _viewer(self):
        return self.context["request"].user

    def get_status(self, obj) -> str:
        return self._clock(obj).status

    def get_status_label(self, obj) -> str:
        return str(TenderStatus(self._clock(obj).status).label)

    def get_bid_price(self, obj) -> str | None:
        shown = selectors.shown_price(self._viewer(), obj)
        return None if shown is None else str(shown)

    def get_bid_price_visible(self, obj) -> bool:
        return selectors.can_see_price(self._viewer(), obj)

    def get_documents_due(self, obj) -> str:
        return serializers.DateTimeField().to_representation(self._clock(obj).documents_due)

    def get_price_due(self, obj) -> str:
        return serializers.DateTimeField().to_representation(self._clock(obj).price_due)

    def get_violations(self, obj) -> list[str]:
        return self._clock(obj).violations

    def get_contract_due(self, obj) -> str | None:
        due = self._clock(obj).contract_due
        return due.isoformat() if due else None

    def get_contract_days_left(self, obj) -> int | None:
        return self._clock(obj).contract_days_left

    def get_bid_team(self, obj) -> list[dict]:
        return PersonRefSerializer(
            [
                {"id": p.pk, "name": p.name}
                for p in (person_of(u) for u in obj.bid_team.all())
                if p is not None
            ],
            many=True,
        ).data


class TenderDetailSerializer(TenderOutputSerializer):
    steps = TenderStepSerializer(many=True, source="step_rows")
    bidders = TenderBidderSerializer(many=True, source="bidder_rows")

    class Meta:
        ref_name = "TenderDetail"


def _response(request, tender_id: int, *, code=status.HTTP_200_OK) -> Response:
    tender = selectors.tender_get(viewer=request.user, tender_id=tender_id)
    tender.step_rows = list(selectors.tender_steps(tender))
    tender.bidder_rows = list(selectors.tender_bidders(tender))
    data = TenderDetailSerializer(tender, context={"request": request, "now": timezone.now()}).data
    return Response(data, status=code)


class TendersApi(DealsListApi):
    """GET: tenders in scope (and those you are on the bid team of). POST: report a tender
    notice (BR-DEAL-02): the department's managers are notified at once."""

    class FilterSerializer(serializers.Serializer):
        status = choice(STATUSES, required=False, help_text="按已记录的状态筛选")

        class Meta:
            ref_name = "TenderFilter"

    class InputSerializer(serializers.Serializer):
        customer = serializers.IntegerField(help_text="招标方（客户 id）", **ID)
        title = serializers.CharField(max_length=200)
        notice_ref = serializers.CharField(max_length=60, required=False, allow_blank=True)
        estimated_price = serializers.DecimalField(**MONEY)
        opening_at = serializers.DateTimeField()
        opportunity = serializers.IntegerField(required=False, allow_null=True, **ID)
        bid_team = serializers.ListField(
            child=serializers.IntegerField(**ID),
            required=False,
            max_length=30,
            help_text="投标小组成员（员工 id）；报告人自动加入",
        )

        class Meta:
            ref_name = "TenderReportInput"

    @extend_schema(
        tags=[TAG],
        operation_id="deals_tenders_list",
        parameters=[FilterSerializer],
        responses={200: TenderOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        qs = selectors.tender_list(viewer=request.user, status=filters.get("status"))
        return self.page(
            request,
            qs,
            TenderOutputSerializer,
            now=timezone.now(),
            terms=selectors.tender_terms(),
        )

    @extend_schema(
        tags=[TAG],
        operation_id="deals_tenders_report",
        request=InputSerializer,
        responses={201: TenderDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = dict(validated(self.InputSerializer, request.data))
        team = users_of_people(data.pop("bid_team", []), rule="BR-DEAL-04", field="bid_team")
        tender = services.tender_report(actor=request.user, data=data, bid_team=team)
        return _response(request, tender.pk, code=status.HTTP_201_CREATED)


class TenderDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="deals_tenders_retrieve",
        responses={200: TenderDetailSerializer, **READ_ERRORS},
    )
    def get(self, request, tender_id: int):
        return _response(request, tender_id)


class _TenderAction(APIView):
    def run(self, request, tender_id: int, data) -> None:
        raise NotImplementedError

    def post(self, request, tender_id: int):
        selectors.tender_get(viewer=request.user, tender_id=tender_id)
        data = {}
        serializer_class = getattr(self, "InputSerializer", None)
        if serializer_class is not None:
            data = dict(validated(serializer_class, request.data))
        self.run(request, tender_id, data)
        return _response(request, tender_id)


def _schema(operation_id: str, request=None):
    return extend_schema(
        tags=[TAG],
        operation_id=operation_id,
        request=request,
        responses={200: TenderDetailSerializer, **WRITE_ERRORS},
    )


class TenderDecideApi(_TenderAction):
    """Put the bid decision to the manager (and the GM above 1,000,000, policy
    ``deals.gm_bid_threshold``) — approval kind ``bid_decision``."""

    @_schema("deals_tenders_decide")
    def post(self, request, tender_id: int):
        return super().post(request, tender_id)

    def run(self, request, tender_id, data):
        services.tender_decide(actor=request.user, tender_id=tender_id)


class TenderTeamApi(_TenderAction):
    """Set the bid team (employee ids; the owner always stays)."""

    class InputSerializer(serializers.Serializer):
        members = serializers.ListField(child=serializers.IntegerField(**ID), max_length=30)

        class Meta:
            ref_name = "TenderTeamInput"

    @_schema("deals_tenders_team", InputSerializer)
    def post(self, request, tender_id: int):
        return super().post(request, tender_id)

    def run(self, request, tender_id, data):
        members = users_of_people(data["members"], rule="BR-DEAL-04", field="members")
        services.tender_set_team(actor=request.user, tender_id=tender_id, members=members)


class TenderStepApi(_TenderAction):
    """Record a preparation step (documents bought, registered, site survey, solution,
    review, documents ready — late if after the 2-day deadline — submitted)."""

    class InputSerializer(serializers.Serializer):
        step = choice(sorted(SIMPLE_STEPS))
        note = serializers.CharField(max_length=500, required=False, allow_blank=True)
        at = serializers.DateTimeField(required=False, help_text="发生时间，默认现在；不能晚于现在")

        class Meta:
            ref_name = "TenderStepInput"

    @_schema("deals_tenders_step", InputSerializer)
    def post(self, request, tender_id: int):
        return super().post(request, tender_id)

    def run(self, request, tender_id, data):
        services.tender_record_step(actor=request.user, tender_id=tender_id, **data)


class TenderPriceApi(_TenderAction):
    """Fix the bid price — bid team members only (confidential); late if after the 1-day
    deadline."""

    class InputSerializer(serializers.Serializer):
        price = serializers.DecimalField(**MONEY)
        duration_days = serializers.IntegerField(
            min_value=1, max_value=3650, required=False, allow_null=True
        )

        class Meta:
            ref_name = "TenderPriceInput"

    @_schema("deals_tenders_price", InputSerializer)
    def post(self, request, tender_id: int):
        return super().post(request, tender_id)

    def run(self, request, tender_id, data):
        services.tender_set_price(actor=request.user, tender_id=tender_id, **data)


class TenderBidderInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    price = serializers.DecimalField(
        **MONEY, required=False, allow_null=True, help_text="本公司可留空：取投标报价"
    )
    duration_days = serializers.IntegerField(
        min_value=1, max_value=3650, required=False, allow_null=True
    )
    scope_note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_us = serializers.BooleanField(default=False)

    class Meta:
        ref_name = "TenderBidderInput"


class TenderOpeningApi(_TenderAction):
    """The opening record (开标记录): every bidder's price, duration and scope."""

    class InputSerializer(serializers.Serializer):
        bidders = TenderBidderInputSerializer(many=True)
        note = serializers.CharField(max_length=400, required=False, allow_blank=True)

        class Meta:
            ref_name = "TenderOpeningInput"

    @_schema("deals_tenders_opening", InputSerializer)
    def post(self, request, tender_id: int):
        return super().post(request, tender_id)

    def run(self, request, tender_id, data):
        services.tender_record_opening(
            actor=request.user,
            tender_id=tender_id,
            bidders=[dict(b) for b in data["bidders"]],
            note=data.get("note", ""),
        )


class TenderResultApi(_TenderAction):
    """Won (with the publicity dates, 5–7 days) or lost."""

    class InputSerializer(serializers.Serializer):
        won = serializers.BooleanField()
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        publicity_start = serializers.DateField(required=False, allow_null=True)
        publicity_end = serializers.DateField(required=False, allow_null=True)

        class Meta:
            ref_name = "TenderResultInput"

    @_schema("deals_tenders_result", InputSerializer)
    def post(self, request, tender_id: int):
        return super().post(request, tender_id)

    def run(self, request, tender_id, data):
        services.tender_record_result(actor=request.user, tender_id=tender_id, **data)


class TenderAwardApi(_TenderAction):
    """The award notice after the publicity: the contract is due within 30 days."""

    class InputSerializer(serializers.Serializer):
        notice_date = serializers.DateField(required=False, allow_null=True)

        class Meta:
            ref_name = "TenderAwardInput"

    @_schema("deals_tenders_award", InputSerializer)
    def post(self, request, tender_id: int):
        return super().post(request, tender_id)

    def run(self, request, tender_id, data):
        services.tender_record_award(
            actor=request.user, tender_id=tender_id, notice_date=data.get("notice_date")
        )


class TenderServiceFeeApi(_TenderAction):
    """The winning service fee and its invoice number (the bond comes back less the fee)."""

    class InputSerializer(serializers.Serializer):
        service_fee = serializers.DecimalField(**MONEY)
        invoice = serializers.CharField(max_length=40)

        class Meta:
            ref_name = "TenderServiceFeeInput"

    @_schema("deals_tenders_service_fee", InputSerializer)
    def post(self, request, tender_id: int):
        return super().post(request, tender_id)

    def run(self, request, tender_id, data):
        services.tender_record_service_fee(actor=request.user, tender_id=tender_id, **data)
