"""Serializers and helpers shared by the contracts API."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination

from l2c.contracts import policies
from l2c.contracts.models import (
    AccessKind,
    ContractClass,
    ContractStatus,
    ReservationKind,
    ReservationStatus,
)
from l2c.core.api import ErrorSerializer
from l2c.core.money import rmb_upper

TAG = "contracts"
MONEY = {"max_digits": 14, "decimal_places": 2}
WRITE_ERRORS = {
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    422: ErrorSerializer,
}
PDF_RESPONSES = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
    404: ErrorSerializer,
}


def inline_choices(choices):
    """A choice field documented as a plain string listing its values: several apps have a
    field named ``kind`` with different choices, and their enum components would collide
    in the schema (drf-spectacular names them by field name)."""
    values = [str(value) for value, _label in choices]
    listed = " / ".join(f"{value}（{label}）" for value, label in choices)

    class InlineChoiceField(serializers.CharField):
        def __init__(self, **kwargs):
            kwargs.setdefault("help_text", listed)
            kwargs.setdefault("max_length", 20)
            super().__init__(**kwargs)

        def to_internal_value(self, data):
            value = super().to_internal_value(data)
            if value not in values:
                raise serializers.ValidationError(
                    _("应为以下之一：%(v)s") % {"v": "、".join(values)}
                )
            return value

    return InlineChoiceField


ReservationKindField = inline_choices(ReservationKind.choices)
AccessKindField = inline_choices([(AccessKind.VIEW, "查阅"), (AccessKind.BORROW, "借阅原件")])


class ContractsPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


def _person_name(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.name if person is not None else user.get_username()


class ReservationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="认购书编号（各版本相同）")
    version_no = serializers.IntegerField(help_text="版本：签署后的每次变更为新版本（BR-CON-02）")
    previous = serializers.IntegerField(source="previous_id", allow_null=True)
    change_reason = serializers.CharField()
    kind = serializers.CharField(help_text=" / ".join(ReservationKind.values))
    kind_label = serializers.CharField(source="get_kind_display")
    customer = serializers.IntegerField(source="customer_id")
    customer_name = serializers.CharField(source="customer.name")
    unit = serializers.IntegerField(source="unit_id")
    unit_code = serializers.CharField(source="unit.code")
    project_name = serializers.CharField(source="unit.project.name")
    quote = serializers.IntegerField(source="quote_id", allow_null=True)
    discount = serializers.IntegerField(source="discount_id", allow_null=True)
    list_price = serializers.DecimalField(**MONEY)
    agreed_price = serializers.DecimalField(**MONEY)
    agreed_price_upper = serializers.SerializerMethodField(help_text="成交价大写")
    deposit_amount = serializers.DecimalField(**MONEY)
    deposit_upper = serializers.SerializerMethodField(help_text="定金大写")
    paid_amount = serializers.DecimalField(**MONEY, help_text="财务已收定金")
    deposit_due = serializers.DateField(allow_null=True)
    sign_by = serializers.DateField(allow_null=True)
    terms = serializers.CharField()
    status = serializers.CharField(help_text=" / ".join(ReservationStatus.values))
    status_label = serializers.CharField(source="get_status_display")
    signed_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()
    retention_note = serializers.CharField()
    owner_name = serializers.SerializerMethodField()
    department = serializers.IntegerField(source="department_id")
    team = serializers.IntegerField(source="team_id", allow_null=True)
    version = serializers.IntegerField()

    class Meta:
        ref_name = "Reservation"

    def get_owner_name(self, obj) -> str:
        return _person_name(obj.owner)

    def get_agreed_price_upper(self, obj) -> str:
        return rmb_upper(obj.agreed_price)

    def get_deposit_upper(self, obj) -> str:
        return rmb_upper(obj.deposit_amount)


class PaymentTermSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=40, help_text="款项，如 首付款")
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="比例（%）")
    due = serializers.DateField(required=False, allow_null=True, help_text="付款期限")

    class Meta:
        ref_name = "ContractPaymentTerm"


class ReviewSerializer(serializers.Serializer):
    clauses_and_figures = serializers.BooleanField()
    signatures_and_seals = serializers.BooleanField()
    attachments = serializers.BooleanField()
    special_review_record = serializers.BooleanField()
    note = serializers.CharField()
    reviewer_name = serializers.SerializerMethodField()
    reviewed_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ContractReview"

    def get_reviewer_name(self, obj) -> str:
        return _person_name(obj.reviewer)


class ContractOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="合同编号，签约时编号（BR-CON-05）；签约前为空")
    customer = serializers.IntegerField(source="customer_id")
    buyer_name = serializers.CharField()
    reservation = serializers.IntegerField(source="reservation_id", allow_null=True)
    quote = serializers.IntegerField(source="quote_id", allow_null=True)
    tender = serializers.IntegerField(source="tender_id", allow_null=True)
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    unit_code = serializers.SerializerMethodField()
    list_price = serializers.DecimalField(**MONEY)
    price = serializers.DecimalField(**MONEY)
    price_upper = serializers.SerializerMethodField(help_text="合同价大写")
    payment_terms = PaymentTermSerializer(many=True)
    standard_payment_terms = serializers.BooleanField()
    clause_changes = serializers.CharField()
    classification = serializers.CharField(help_text=" / ".join(ContractClass.values))
    classification_label = serializers.CharField(source="get_classification_display")
    special_reasons = serializers.ListField(
        child=serializers.CharField(), help_text="discount / payment_extension / clause_change"
    )
    special_reason_labels = serializers.SerializerMethodField()
    status = serializers.CharField(help_text=" / ".join(ContractStatus.values))
    status_label = serializers.CharField(source="get_status_display")
    approval_request = serializers.IntegerField(
        source="approval_request_id",
        allow_null=True,
        default=None,
        help_text="特殊合同评审的审批申请 id",
    )
    review = serializers.SerializerMethodField()
    review_complete = serializers.SerializerMethodField()
    signed_at = serializers.DateTimeField(allow_null=True)
    deposit_converted = serializers.DecimalField(**MONEY)
    deposit_converted_at = serializers.DateTimeField(allow_null=True)
    archived_at = serializers.DateTimeField(allow_null=True)
    archive_location = serializers.CharField()
    cancelled_at = serializers.DateTimeField(allow_null=True)
    owner_name = serializers.SerializerMethodField()
    department = serializers.IntegerField(source="department_id")
    team = serializers.IntegerField(source="team_id", allow_null=True)
    access_via = serializers.CharField(
        default="", help_text="查阅依据：role:manager / owner / approval:<id>（BR-CON-06）"
    )
    version = serializers.IntegerField()

    class Meta:
        ref_name = "Contract"

    def get_unit_code(self, obj) -> str:
        return obj.unit.code if obj.unit_id else ""

    def get_price_upper(self, obj) -> str:
        return rmb_upper(obj.price)

    def get_special_reason_labels(self, obj) -> list[str]:
        return [str(policies.SPECIAL_REASON_LABELS.get(r, r)) for r in obj.special_reasons]

    def _review(self, obj):
        try:
            return obj.review
        except ObjectDoesNotExist:  # no review yet
            return None

    @extend_schema_field(ReviewSerializer(allow_null=True))
    def get_review(self, obj):
        review = self._review(obj)
        return ReviewSerializer(review).data if review is not None else None

    def get_review_complete(self, obj) -> bool:
        from l2c.contracts.services import review_complete

        return review_complete(obj, self._review(obj))

    def get_owner_name(self, obj) -> str:
        return _person_name(obj.owner)


class AccessLogSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=" / ".join(AccessKind.values))
    kind_label = serializers.CharField(source="get_kind_display")
    user_name = serializers.SerializerMethodField()
    at = serializers.DateTimeField()
    via = serializers.CharField()
    note = serializers.CharField()

    class Meta:
        ref_name = "ContractAccessLog"

    def get_user_name(self, obj) -> str:
        return _person_name(obj.user)


class AccessRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contract = serializers.IntegerField(source="contract_id")
    contract_number = serializers.CharField(source="contract.number")
    kind = serializers.CharField()
    reason = serializers.CharField()
    status = serializers.CharField()
    valid_until = serializers.DateTimeField(allow_null=True)
    owner_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ContractAccessRequest"

    def get_owner_name(self, obj) -> str:
        return _person_name(obj.owner)


class ChangeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contract = serializers.IntegerField(source="contract_id", allow_null=True)
    reservation = serializers.IntegerField(source="reservation_id", allow_null=True)
    kind = serializers.CharField(help_text="unit_exchange / name_change / cancellation")
    kind_label = serializers.CharField(source="get_kind_display")
    reason = serializers.CharField()
    new_unit = serializers.IntegerField(source="new_unit_id", allow_null=True)
    old_unit = serializers.IntegerField(source="old_unit_id", allow_null=True)
    price_difference = serializers.DecimalField(**MONEY)
    new_buyer_name = serializers.CharField()
    old_buyer_name = serializers.CharField()
    fee = serializers.DecimalField(**MONEY, help_text="换名过户费等手续费（财务收取）")
    fee_receipt = serializers.CharField(help_text="财务收取过户费的收据号；未收为空")
    fee_paid_at = serializers.DateTimeField(allow_null=True, help_text="财务收取过户费的时间")
    refund_amount = serializers.DecimalField(**MONEY)
    retention_note = serializers.CharField()
    status = serializers.CharField()
    applied_at = serializers.DateTimeField(allow_null=True)
    owner_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ContractChange"

    def get_owner_name(self, obj) -> str:
        return _person_name(obj.owner)
