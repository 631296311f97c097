"""REST API of archiving (BR-CON-05), access requests (BR-CON-06) and changes after
signing (BR-CON-07)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.contracts import selectors, services
from l2c.contracts.apis._common import (
    MONEY,
    TAG,
    WRITE_ERRORS,
    AccessKindField,
    AccessRequestSerializer,
    ChangeOutputSerializer,
    ContractsPagination,
    inline_choices,
)
from l2c.contracts.models import AccessKind, ChangeKind
from l2c.core.api import ErrorSerializer


class ArchiveRowSerializer(serializers.Serializer):
    """What the keeper of originals sees: no price, no clauses (BR-CON-06)."""

    id = serializers.IntegerField(source="contract.pk")
    number = serializers.CharField(source="contract.number")
    signed_at = serializers.DateTimeField(source="contract.signed_at")
    owner_name = serializers.CharField(source="contract.owner.person.name", default="")
    deadline = serializers.DateTimeField(help_text="归档期限：次月规定日期（默认 5 日）前")
    overdue = serializers.BooleanField()
    archived_at = serializers.DateTimeField(source="contract.archived_at", allow_null=True)
    archive_location = serializers.CharField(source="contract.archive_location")

    class Meta:
        ref_name = "ContractArchiveRow"


class ArchiveListApi(APIView):
    """Signed originals not yet archived, with their deadline (BR-CON-05)."""

    class FilterSerializer(serializers.Serializer):
        overdue = serializers.BooleanField(required=False, default=False)

        class Meta:
            ref_name = "ContractArchiveFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_archive_list",
        parameters=[FilterSerializer],
        responses={200: ArchiveRowSerializer(many=True)},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = selectors.contracts_to_archive(
            viewer=request.user, overdue_only=filters.validated_data["overdue"]
        )
        return Response(ArchiveRowSerializer(rows, many=True).data)


class ContractArchiveApi(APIView):
    """File a signed original (by the department's assistant, supervisor or manager)."""

    class InputSerializer(serializers.Serializer):
        location = serializers.CharField(max_length=100, help_text="册号/柜号")

        class Meta:
            ref_name = "ContractArchiveInput"

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_archive",
        request=InputSerializer,
        responses={200: ArchiveRowSerializer, **WRITE_ERRORS},
    )
    def post(self, request, contract_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contract = services.contract_archive(
            actor=request.user, contract_id=contract_id, **data.validated_data
        )
        row = selectors.ArchiveRow(contract, contract.archived_at, False)
        return Response(ArchiveRowSerializer(row).data)


class AccessRequestsApi(APIView):
    """GET: my access requests (and my team's, for a supervisor). POST: ask to view or
    borrow a contract outside one's circle (BR-CON-06); the supervisor approves."""

    pagination_class = ContractsPagination

    class InputSerializer(serializers.Serializer):
        contract_id = serializers.IntegerField(required=False, allow_null=True)
        number = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
        kind = AccessKindField(default=AccessKind.VIEW)
        reason = serializers.CharField(max_length=200)

        class Meta:
            ref_name = "ContractAccessRequestInput"

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_access_requests_list",
        responses={200: AccessRequestSerializer(many=True)},
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.access_requests(viewer=request.user), request, view=self
        )
        return paginator.get_paginated_response(AccessRequestSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_access_requests_create",
        request=InputSerializer,
        responses={201: AccessRequestSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        access = services.contract_access_request_create(actor=request.user, **data.validated_data)
        return Response(AccessRequestSerializer(access).data, status=status.HTTP_201_CREATED)


class ChangesApi(APIView):
    """GET: change requests in scope. POST: ask for a unit exchange, a name change or a
    cancellation (BR-CON-07) through the ``contract_change`` chain."""

    pagination_class = ContractsPagination

    class InputSerializer(serializers.Serializer):
        contract_id = serializers.IntegerField(required=False, allow_null=True)
        reservation_id = serializers.IntegerField(required=False, allow_null=True)
        kind = inline_choices(ChangeKind.choices)()
        reason = serializers.CharField(max_length=200)
        new_unit_id = serializers.IntegerField(required=False, allow_null=True)
        new_buyer_name = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=100
        )
        fee = serializers.DecimalField(**MONEY, required=False, default=0, help_text="过户费")
        refund_amount = serializers.DecimalField(**MONEY, required=False, default=0)
        retention_note = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            max_length=500,
            help_text="挽留情况（签约前退订必填）",
        )

        class Meta:
            ref_name = "ContractChangeInput"

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_changes_list",
        responses={200: ChangeOutputSerializer(many=True)},
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.change_list(viewer=request.user), request, view=self
        )
        return paginator.get_paginated_response(ChangeOutputSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_changes_create",
        request=InputSerializer,
        responses={201: ChangeOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if values.get("contract_id"):
            selectors.contract_get(viewer=request.user, id=values["contract_id"], log=None)
        change = services.contract_change_request(actor=request.user, **values)
        answer = selectors.change_get(viewer=request.user, change_id=change.pk)
        return Response(ChangeOutputSerializer(answer).data, status=status.HTTP_201_CREATED)


class ChangeDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="contracts_changes_retrieve",
        responses={200: ChangeOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, change_id: int):
        change = selectors.change_get(viewer=request.user, change_id=change_id)
        return Response(ChangeOutputSerializer(change).data)
