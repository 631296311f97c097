"""Shared pieces of the customers API: pagination, people by person id, output serializers
that mask personal data per viewer (BR-CUS-10), and the error answers."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from l2c.core.paging import CappedLimitOffsetPagination
from l2c.customers.display import Shown, owner_name, owner_person_id
from l2c.customers.models import CardState, Channel, CustomerClass, Stage
from l2c.customers.policies import mask_mobile
from l2c.customers.selectors import ownership_history

TAG = "customers"
STATE_HELP = " / ".join(CardState.values)


class CustomerPagination(CappedLimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class CustomerListOutputSerializer(serializers.Serializer):
    """A customer as a list shows it; the context's ``shown`` masks per viewer."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    company = serializers.CharField()
    mobile = serializers.SerializerMethodField(help_text="非负责人看到脱敏号码（BR-CUS-10）")
    klass = serializers.ChoiceField(choices=CustomerClass.choices)
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_label = serializers.CharField(source="get_stage_display")
    channel = serializers.ChoiceField(choices=Channel.choices)
    owner = serializers.SerializerMethodField(help_text="负责人的员工 id；公海客户为空")
    owner_name = serializers.SerializerMethodField()
    team_name = serializers.CharField(source="team.name", allow_null=True, default=None)
    state = serializers.SerializerMethodField(help_text=STATE_HELP)
    state_label = serializers.SerializerMethodField()
    countdown = serializers.SerializerMethodField(help_text="距卡失效，如“还剩 2 天”")
    void_at = serializers.DateTimeField(allow_null=True, help_text="卡失效时间（BR-CUS-04）")
    registered_at = serializers.DateTimeField()
    last_contact_at = serializers.DateTimeField(allow_null=True)
    locked = serializers.BooleanField()
    deal_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField(help_text="修改时须带上（BR-SEC-03）")

    class Meta:
        ref_name = "CustomerListItem"

    @property
    def shown(self) -> Shown:
        return self.context["shown"]

    def get_mobile(self, obj) -> str:
        return self.shown.mobile(obj)

    def get_owner(self, obj) -> int | None:
        return owner_person_id(obj)

    def get_owner_name(self, obj) -> str:
        return owner_name(obj)

    def get_state(self, obj) -> str:
        return self.shown.state(obj)

    def get_state_label(self, obj) -> str:
        return str(CardState(self.shown.state(obj)).label)

    def get_countdown(self, obj) -> str:
        return self.shown.countdown(obj)


class ContactOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    relation = serializers.CharField()
    is_family = serializers.BooleanField()
    mobile = serializers.CharField(help_text="非负责人看到脱敏号码")
    note = serializers.CharField()

    class Meta:
        ref_name = "CustomerContact"


class OwnershipOutputSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    from_owner_name = serializers.CharField(
        source="from_owner.person.name", default=None, allow_null=True
    )
    to_owner_name = serializers.CharField(
        source="to_owner.person.name", default=None, allow_null=True
    )
    actor_name = serializers.CharField(source="actor.person.name", default=None, allow_null=True)
    reason = serializers.CharField()
    rule = serializers.CharField()
    at = serializers.DateTimeField()

    class Meta:
        ref_name = "CustomerOwnershipRecord"


class CustomerOutputSerializer(CustomerListOutputSerializer):
    gender = serializers.CharField()
    birthday = serializers.DateField(allow_null=True)
    address = serializers.CharField()
    intent = serializers.CharField()
    id_number = serializers.SerializerMethodField(help_text="非负责人看到脱敏号码")
    credit_code = serializers.CharField()
    lost_reason = serializers.CharField()
    owned_since = serializers.DateTimeField(allow_null=True)
    protected_until = serializers.DateTimeField(allow_null=True)
    message_streak = serializers.IntegerField(help_text="连续短信回访次数（BR-CUS-05）")
    void_reason = serializers.CharField()
    masked = serializers.SerializerMethodField(help_text="个人信息是否已脱敏")
    contacts = serializers.SerializerMethodField()
    ownership = serializers.SerializerMethodField(help_text="归属变动记录（BR-CUS-07）")

    class Meta:
        ref_name = "Customer"

    def get_id_number(self, obj) -> str:
        return self.shown.id_number(obj)

    def get_masked(self, obj) -> bool:
        return not self.shown.owns(obj)

    @extend_schema_field(ContactOutputSerializer(many=True))
    def get_contacts(self, obj) -> list:
        owns = self.shown.owns(obj)
        return [
            {
                "id": c.pk,
                "name": c.name,
                "relation": c.relation,
                "is_family": c.is_family,
                "mobile": c.mobile if owns else mask_mobile(c.mobile),
                "note": c.note,
            }
            for c in obj.contacts.all().order_by("id")
        ]

    @extend_schema_field(OwnershipOutputSerializer(many=True))
    def get_ownership(self, obj) -> list:
        return OwnershipOutputSerializer(ownership_history(obj), many=True).data
