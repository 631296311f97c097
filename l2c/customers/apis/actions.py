"""Actions on a customer: reveal (BR-CUS-10, audited), claim from the pool, transfer, lock
and unlock (BR-CUS-07), archive and the request to archive (BR-CUS-09); and the phone
lookup of the reception desk (BR-REC-06): who owns the customer and the card's state —
never the details."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import WRITE_ERRORS, ErrorSerializer
from l2c.core.errors import PermissionDeniedError
from l2c.core.scope import require_roles
from l2c.customers import selectors, services
from l2c.customers.apis._common import STATE_HELP, TAG, CustomerOutputSerializer
from l2c.customers.apis.customers import customer_response
from l2c.customers.archive import approval_request_of, customer_archive, customer_archive_request
from l2c.customers.display import Shown
from l2c.customers.models import ArchiveStatus
from l2c.customers.views._common import permissions
from l2c.org.fields import PersonIdField


class RevealInputSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=["mobile", "id_number"])

    class Meta:
        ref_name = "CustomerRevealInput"


class RevealOutputSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()

    class Meta:
        ref_name = "CustomerReveal"


class CustomerRevealApi(APIView):
    """Show one masked field in full (BR-CUS-10). Allowed to whoever holds the customer in
    their scope (not to a rep who merely sees it in the pool); every call is audited."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_reveal",
        request=RevealInputSerializer,
        responses={200: RevealOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, customer_id: int):
        customer = selectors.customer_get(viewer=request.user, customer_id=customer_id)
        data = RevealInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shown = Shown.for_viewer(request.user)
        if not (shown.owns(customer) or permissions(request.user, customer, shown).reveal):
            raise PermissionDeniedError("BR-CUS-10", _("公海客户领取后才能查看完整联系方式。"))
        field = data.validated_data["field"]
        value = services.customer_reveal(actor=request.user, customer=customer, field=field)
        return Response({"field": field, "value": value})


class CustomerClaimApi(APIView):
    """Take a customer from the public pool (BR-CUS-07): daily and total caps, and the
    previous owner's block."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_claim",
        request=None,
        responses={200: CustomerOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, customer_id: int):
        customer = services.customer_claim(actor=request.user, customer_id=customer_id)
        return customer_response(request, customer.pk)


class TransferInputSerializer(serializers.Serializer):
    to = PersonIdField(help_text="接手的销售的员工 id")
    reason = serializers.CharField(max_length=200)

    class Meta:
        ref_name = "CustomerTransferInput"


class CustomerTransferApi(APIView):
    """A supervisor gives a void card of the team to another rep; a manager or above may
    also move a valid card (BR-CUS-07). Recorded as an ownership record with its reason."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_transfer",
        request=TransferInputSerializer,
        responses={200: CustomerOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, customer_id: int):
        selectors.customer_get(viewer=request.user, customer_id=customer_id)
        data = TransferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.customer_transfer(
            actor=request.user,
            customer_id=customer_id,
            to_user_id=data.validated_data["to"],
            reason=data.validated_data["reason"],
        )
        return customer_response(request, customer_id)


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)

    class Meta:
        ref_name = "CustomerReasonInput"


def _lock(request, customer_id: int, locked: bool) -> Response:
    selectors.customer_get(viewer=request.user, customer_id=customer_id)
    data = ReasonInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    services.customer_set_lock(
        actor=request.user,
        customer_id=customer_id,
        locked=locked,
        reason=data.validated_data["reason"],
    )
    return customer_response(request, customer_id)


class CustomerLockApi(APIView):
    """A manager locks a customer: it never drops to the pool (BR-CUS-07)."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_lock",
        request=ReasonInputSerializer,
        responses={200: CustomerOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, customer_id: int):
        return _lock(request, customer_id, True)


class CustomerUnlockApi(APIView):
    """Unlock: the follow-up clock restarts from now (BR-CUS-07)."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_unlock",
        request=ReasonInputSerializer,
        responses={200: CustomerOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, customer_id: int):
        return _lock(request, customer_id, False)


class ArchiveOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    archived_at = serializers.DateTimeField()
    archive_reason = serializers.CharField()

    class Meta:
        ref_name = "CustomerArchived"


class CustomerArchiveApi(APIView):
    """Archive a customer file with a reason (BR-CUS-09): GM only; nobody deletes."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_archive",
        request=ReasonInputSerializer,
        responses={200: ArchiveOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, customer_id: int):
        selectors.customer_get(viewer=request.user, customer_id=customer_id)
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        customer = customer_archive(
            actor=request.user, customer_id=customer_id, reason=data.validated_data["reason"]
        )
        return Response(ArchiveOutputSerializer(customer).data)


class ArchiveRequestOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer = serializers.IntegerField(source="customer_id")
    reason = serializers.CharField()
    status = serializers.CharField(help_text=" / ".join(ArchiveStatus.values))
    status_label = serializers.CharField(source="get_status_display")
    approval_request = serializers.SerializerMethodField(
        help_text="审批申请 id（/api/v1/approvals/requests/{id}/）"
    )
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "CustomerArchiveRequest"

    def get_approval_request(self, obj) -> int | None:
        approval = approval_request_of(obj)
        return approval.pk if approval else None


class CustomerArchiveRequestApi(APIView):
    """Ask the general manager to archive a customer file, with a reason (BR-CUS-09): the
    owner or a leader who holds the customer; one open request per customer. Goes through
    the approval chain ``approvals.chain.customer_archive``; approved, the file is archived.
    The GM archives directly (``/archive/``) instead."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_archive_request",
        request=ReasonInputSerializer,
        responses={201: ArchiveRequestOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, customer_id: int):
        selectors.customer_get(viewer=request.user, customer_id=customer_id)
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        archive_request = customer_archive_request(
            actor=request.user, customer_id=customer_id, reason=data.validated_data["reason"]
        )
        return Response(ArchiveRequestOutputSerializer(archive_request).data, status=201)


class PhoneLookupQuerySerializer(serializers.Serializer):
    mobile = serializers.CharField(max_length=30, help_text="手机号（自动去除 +86、空格、横线）")

    class Meta:
        ref_name = "PhoneLookupQuery"


class PhoneLookupOutputSerializer(serializers.Serializer):
    exists = serializers.BooleanField()
    name_masked = serializers.CharField(help_text="如“赵*”")
    owner = serializers.IntegerField(allow_null=True, help_text="负责人的员工 id")
    owner_name = serializers.CharField()
    state = serializers.CharField(help_text=STATE_HELP + "；不存在时为空")
    state_label = serializers.CharField()

    class Meta:
        ref_name = "PhoneLookup"


class PhoneLookupApi(APIView):
    """Is this phone a known customer, whose, and is the card valid (BR-REC-06, BR-CUS-03)?
    Answers the owner and the state only — never the customer's details (BR-CUS-10)."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_phone_lookup",
        parameters=[PhoneLookupQuerySerializer],
        responses={200: PhoneLookupOutputSerializer, 403: ErrorSerializer, 422: ErrorSerializer},
    )
    def get(self, request):
        require_roles(
            request.user,
            services.OWNER_ROLES | services.DESK_ROLES,
            rule="BR-REC-06",
            message=_("您没有查询客户归属的权限。"),
        )
        query = PhoneLookupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = selectors.phone_lookup(query.validated_data["mobile"])
        owner = found.owner_person_id
        return Response(
            {
                "exists": found.exists,
                "name_masked": found.name_masked,
                "owner": owner,
                "owner_name": found.owner_name,
                "state": found.state,
                "state_label": found.state_label,
            }
        )


class ContactInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    relation = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    mobile = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        default="",
        help_text="修改时留空则保留原号码",
    )
    is_family = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "CustomerContactInput"


class CustomerContactsApi(APIView):
    """Add a contact person or family member (BR-CUS-08 rule 11); answers the customer."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_contact_add",
        request=ContactInputSerializer,
        responses={201: CustomerOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, customer_id: int):
        customer = selectors.customer_get(viewer=request.user, customer_id=customer_id)
        data = ContactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.contact_add(actor=request.user, customer_id=customer.pk, data=data.validated_data)
        response = customer_response(request, customer.pk)
        response.status_code = 201
        return response


class CustomerContactDetailApi(APIView):
    """Correct (PUT) or remove (DELETE) a contact; answers the customer."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_contact_update",
        request=ContactInputSerializer,
        responses={200: CustomerOutputSerializer, **WRITE_ERRORS},
    )
    def put(self, request, customer_id: int, contact_id: int):
        customer = selectors.customer_get(viewer=request.user, customer_id=customer_id)
        data = ContactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.contact_update(
            actor=request.user,
            customer_id=customer.pk,
            contact_id=contact_id,
            data=data.validated_data,
        )
        return customer_response(request, customer.pk)

    @extend_schema(
        tags=[TAG],
        operation_id="customers_contact_remove",
        request=None,
        responses={200: CustomerOutputSerializer, **WRITE_ERRORS},
    )
    def delete(self, request, customer_id: int, contact_id: int):
        customer = selectors.customer_get(viewer=request.user, customer_id=customer_id)
        services.contact_remove(actor=request.user, customer_id=customer.pk, contact_id=contact_id)
        return customer_response(request, customer.pk)
