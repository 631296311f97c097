"""REST API of contracts (BR-CON-03…06). Every detail read, PDF and answer after a write
goes through ``selectors.contract_get``: outside the circle of BR-CON-06 it is 404, and
each view or print is written to the contract's access log."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.approvals import selectors as approval_selectors
from l2c.contracts import printing, selectors, services
from l2c.contracts.apis._common import (
    MONEY,
    PDF_RESPONSES,
    TAG,
    WRITE_ERRORS,
    AccessLogSerializer,
    ContractOutputSerializer,
    ContractsPagination,
    PaymentTermSerializer,
    pdf_response,
)
from l2c.contracts.models import AccessKind, ContractClass, ContractStatus
from l2c.core.api import ErrorSerializer

KIND = "special_contract"


def _answer(request, contract_id: int, *, code=status.HTTP_200_OK, log=AccessKind.VIEW) -> Response:
    contract = selectors.contract_get(viewer=request.user, id=contract_id, log=log, via_page="api")
    approval = approval_selectors.approval_for_object(contract, kind=KIND)
    contract.approval_request_id = approval.pk if approval is not None else None
    return Response(ContractOutputSerializer(contract).data, status=code)


def _guard(request, contract_id: int) -> None:
    """Outside the circle of BR-CON-06 a contract does not exist (404), also for writes."""
    selectors.contract_get(viewer=request.user, id=contract_id, log=None)


def _terms(validated: dict) -> dict:
    if "payment_terms" in validated and validated["payment_terms"] is not None:
        validated["payment_terms"] = [
            {
                "name": t["name"],
                "percent": str(t["percent"]),
                "due": t["due"].isoformat() if t.get("due") else "",
            }
            for t in validated["payment_terms"]
        ]
    return validated


class ContractsApi(APIView):
    """GET: the contracts the viewer may see (BR-CON-06). POST: prepare a contract from a
    reservation, an accepted quote or an awarded tender; classified standard/special."""

    pagination_class = ContractsPagination

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=ContractStatus.choices, required=False)
        classification = serializers.ChoiceField(choices=ContractClass.choices, required=False)
        q = serializers.CharField(required=False, max_length=40)

        class Meta:
            ref_name = "ContractFilter"

    class InputSerializer(serializers.Serializer):
        reservation_id = serializers.IntegerField(required=False, allow_null=True)
        quote_id = serializers.IntegerField(required=False, allow_null=True)
        tender_id = serializers.IntegerField(required=False, allow_null=True)
        price = serializers.DecimalField(
            **MONEY, required=False, allow_null=True, help_text="默认取认购书成交价/报价"
        )
        payment_terms = PaymentTermSerializer(many=True, required=False)
        standard_payment_terms = serializers.BooleanField(
            required=False, default=True, help_text="付款日期为公布的标准日期"
        )
        clause_changes = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            max_length=5000,
            help_text="修改或增加的条款（有则为特殊合同）",
        )
        buyer_name = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=100
        )

        class Meta:
            ref_name = "ContractInput"

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_list",
        parameters=[FilterSerializer],
        responses={200: ContractOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = selectors.contract_list(viewer=request.user, **filters.validated_data)
        qs = approval_selectors.with_approval_request_id(qs, KIND)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ContractOutputSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_create",
        request=InputSerializer,
        responses={201: ContractOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contract = services.contract_create(actor=request.user, **_terms(dict(data.validated_data)))
        return _answer(request, contract.pk, code=status.HTTP_201_CREATED)


class ContractDetailApi(APIView):
    """GET one contract (logged as a view, BR-CON-06); PATCH a draft or a rejected one with
    the version read (BR-SEC-03); it is classified again."""

    class UpdateInputSerializer(serializers.Serializer):
        version = serializers.IntegerField(min_value=0, max_value=2**31)
        price = serializers.DecimalField(**MONEY, required=False)
        payment_terms = PaymentTermSerializer(many=True, required=False)
        standard_payment_terms = serializers.BooleanField(required=False)
        clause_changes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
        buyer_name = serializers.CharField(required=False, max_length=100)

        class Meta:
            ref_name = "ContractUpdateInput"

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_retrieve",
        responses={200: ContractOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, contract_id: int):
        return _answer(request, contract_id)

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_partial_update",
        request=UpdateInputSerializer,
        responses={200: ContractOutputSerializer, **WRITE_ERRORS},
    )
    def patch(self, request, contract_id: int):
        _guard(request, contract_id)
        data = self.UpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = _terms(dict(data.validated_data))
        version = values.pop("version")
        services.contract_update(
            actor=request.user, contract_id=contract_id, expected_version=version, **values
        )
        return _answer(request, contract_id)


class ContractSubmitApi(APIView):
    """Standard: ready to sign at once. Special: into the special-contract review
    (manager → GM)."""

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_submit",
        request=None,
        responses={200: ContractOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, contract_id: int):
        _guard(request, contract_id)
        services.contract_submit_review(actor=request.user, contract_id=contract_id)
        return _answer(request, contract_id)


class ContractChecklistApi(APIView):
    """The supervisor's review checklist (BR-CON-04)."""

    class InputSerializer(serializers.Serializer):
        clauses_and_figures = serializers.BooleanField(help_text="合同每一条、每一款及各项数据")
        signatures_and_seals = serializers.BooleanField(help_text="签字盖章完毕")
        attachments = serializers.BooleanField(help_text="附件、附图正确")
        special_review_record = serializers.BooleanField(
            required=False, default=False, help_text="特殊合同评审记录（特殊合同必需）"
        )
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

        class Meta:
            ref_name = "ContractChecklistInput"

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_checklist",
        request=InputSerializer,
        responses={200: ContractOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, contract_id: int):
        _guard(request, contract_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.contract_review_checklist(
            actor=request.user, contract_id=contract_id, **data.validated_data
        )
        return _answer(request, contract_id)


class ContractSignApi(APIView):
    """Sign: the contract gets the next number of the year (BR-CON-05), the unit is
    contracted, the customer a deal customer."""

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_sign",
        request=None,
        responses={200: ContractOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, contract_id: int):
        _guard(request, contract_id)
        services.contract_sign(actor=request.user, contract_id=contract_id)
        return _answer(request, contract_id)


class ContractPdfApi(APIView):
    """The contract as PDF (logged as a print, BR-CON-06)."""

    @extend_schema(tags=[TAG], operation_id="contracts_pdf", responses=PDF_RESPONSES)
    def get(self, request, contract_id: int):
        contract = selectors.contract_get(
            viewer=request.user, id=contract_id, log=AccessKind.PRINT, via_page="api"
        )
        return pdf_response(
            printing.contract_pdf(contract), contract.number or f"contract-{contract.pk}"
        )


class ContractAccessLogApi(APIView):
    """Who viewed, printed, borrowed and returned the contract (BR-CON-06)."""

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_access_log",
        responses={200: AccessLogSerializer(many=True), 404: ErrorSerializer},
    )
    def get(self, request, contract_id: int):
        contract = selectors.contract_get(viewer=request.user, id=contract_id, log=None)
        return Response(AccessLogSerializer(selectors.access_log(contract), many=True).data)


class NoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    class Meta:
        ref_name = "ContractNoteInput"


class ContractBorrowApi(APIView):
    """Borrow the original (借阅须签字, BR-CON-06): logged and audited."""

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_borrow",
        request=NoteInputSerializer,
        responses={201: AccessLogSerializer, **WRITE_ERRORS},
    )
    def post(self, request, contract_id: int):
        data = NoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.contract_borrow(
            actor=request.user, contract_id=contract_id, note=data.validated_data["note"]
        )
        return Response(AccessLogSerializer(entry).data, status=status.HTTP_201_CREATED)


class ContractReturnApi(APIView):
    """Return the original: by the borrower or the department's keeper."""

    @extend_schema(
        tags=[TAG],
        operation_id="contracts_return",
        request=NoteInputSerializer,
        responses={201: AccessLogSerializer, **WRITE_ERRORS},
    )
    def post(self, request, contract_id: int):
        data = NoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.contract_return(
            actor=request.user, contract_id=contract_id, note=data.validated_data["note"]
        )
        return Response(AccessLogSerializer(entry).data, status=status.HTTP_201_CREATED)
