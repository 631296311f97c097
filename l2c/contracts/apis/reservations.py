"""REST API of reservations (BR-CON-01/02/07). Thin: one service call per write, scoped
selectors for reads."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.contracts import printing, selectors, services
from l2c.contracts.apis._common import (
    MONEY,
    PDF_RESPONSES,
    TAG,
    WRITE_ERRORS,
    ContractsPagination,
    ReservationKindField,
    ReservationOutputSerializer,
    pdf_response,
)
from l2c.contracts.models import ReservationStatus
from l2c.core.api import ErrorSerializer


def _answer(request, reservation_id: int, code=status.HTTP_200_OK) -> Response:
    reservation = selectors.reservation_get(viewer=request.user, reservation_id=reservation_id)
    return Response(ReservationOutputSerializer(reservation).data, status=code)


class ReservationsApi(APIView):
    """GET: the reservations in the viewer's scope. POST: sign a reservation (BR-CON-01):
    the unit is checked and reserved in the same transaction (BR-CAT-03)."""

    pagination_class = ContractsPagination

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=ReservationStatus.choices, required=False)
        kind = ReservationKindField(required=False)
        q = serializers.CharField(required=False, max_length=40, help_text="编号、客户姓名或房号")
        include_history = serializers.BooleanField(required=False, default=False)

        class Meta:
            ref_name = "ReservationFilter"

    class InputSerializer(serializers.Serializer):
        customer_id = serializers.IntegerField()
        unit_id = serializers.IntegerField()
        kind = ReservationKindField()
        agreed_price = serializers.DecimalField(**MONEY, help_text="成交价（元）")
        deposit_amount = serializers.DecimalField(
            **MONEY, help_text="定金（元），不超过成交价的 20%（民法典第586条）"
        )
        quote_id = serializers.IntegerField(required=False, allow_null=True)
        discount_id = serializers.IntegerField(
            required=False, allow_null=True, help_text="已批准的优惠申请（低于标价时必需）"
        )
        deposit_due = serializers.DateField(required=False, allow_null=True)
        sign_by = serializers.DateField(required=False, allow_null=True)
        terms = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

        class Meta:
            ref_name = "ReservationInput"

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_reservations_list",
        parameters=[FilterSerializer],
        responses={200: ReservationOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = selectors.reservation_list(viewer=request.user, **filters.validated_data)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ReservationOutputSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_reservations_create",
        request=InputSerializer,
        responses={201: ReservationOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reservation = services.reservation_create(actor=request.user, **data.validated_data)
        return _answer(request, reservation.pk, status.HTTP_201_CREATED)


class ReservationDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="contracts_reservations_retrieve",
        responses={200: ReservationOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, reservation_id: int):
        return _answer(request, reservation_id)


class ReservationReviseApi(APIView):
    """A signed reservation is never altered: the change is a new version with the reason
    (BR-CON-02). Answers the new version."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200)
        kind = ReservationKindField(required=False)
        agreed_price = serializers.DecimalField(**MONEY, required=False)
        deposit_amount = serializers.DecimalField(**MONEY, required=False)
        deposit_due = serializers.DateField(required=False, allow_null=True)
        sign_by = serializers.DateField(required=False, allow_null=True)
        terms = serializers.CharField(required=False, allow_blank=True, max_length=5000)
        discount_id = serializers.IntegerField(required=False, allow_null=True)

        class Meta:
            ref_name = "ReservationReviseInput"

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_reservations_revise",
        request=InputSerializer,
        responses={201: ReservationOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, reservation_id: int):
        selectors.reservation_get(viewer=request.user, reservation_id=reservation_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        reason = changes.pop("reason")
        new = services.reservation_revise(
            actor=request.user, reservation_id=reservation_id, changes=changes, reason=reason
        )
        return _answer(request, new.pk, status.HTTP_201_CREATED)


class ReservationCancelApi(APIView):
    """退订 before a contract, after the retention attempt is recorded (BR-CON-07)."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200)
        retention_note = serializers.CharField(max_length=500, help_text="挽留情况（必填）")

        class Meta:
            ref_name = "ReservationCancelInput"

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_reservations_cancel",
        request=InputSerializer,
        responses={200: ReservationOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, reservation_id: int):
        selectors.reservation_get(viewer=request.user, reservation_id=reservation_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.reservation_cancel(
            actor=request.user, reservation_id=reservation_id, **data.validated_data
        )
        return _answer(request, reservation_id)


class ReservationPdfApi(APIView):
    """The reservation printed in four copies (客户联、财务联、销售联×2), amounts in capitals."""

    @extend_schema(tags=[TAG], operation_id="contracts_reservations_pdf", responses=PDF_RESPONSES)
    def get(self, request, reservation_id: int):
        reservation = selectors.reservation_get(viewer=request.user, reservation_id=reservation_id)
        name = f"{reservation.number}-v{reservation.version_no}"
        return pdf_response(printing.reservation_pdf(reservation), name)
