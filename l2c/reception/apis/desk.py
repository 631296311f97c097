"""The desk over the API: rosters (get/set), who is out/back, receive a walk-in or a call,
and the phone lookup (BR-REC-01…06)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import WRITE_ERRORS, ErrorSerializer
from l2c.customers.selectors import phone_lookup
from l2c.org.fields import PersonIdField
from l2c.reception import selectors, services
from l2c.reception.apis._common import TAG, AnswersSerializer, Choice, person_ids_by_user
from l2c.reception.apis.attribution import DecisionOutputSerializer
from l2c.reception.apis.registers import EntryOutputSerializer
from l2c.reception.models import OutReason, ReceptionKind, Source


class MemberSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="员工 id")
    name = serializers.CharField()
    position = serializers.IntegerField(help_text="今日顺序，1 为第一位")
    away = serializers.BooleanField(help_text="是否不在接待台（外出、接待客户中、请假出差）")
    away_label = serializers.CharField(allow_blank=True)
    owed = serializers.IntegerField(help_text="欠补接的名额（BR-REC-03）")
    received = serializers.IntegerField(help_text="今日已接轮次")
    is_next = serializers.BooleanField()

    class Meta:
        ref_name = "ReceptionRosterMember"


class RosterOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    department = serializers.IntegerField()
    department_name = serializers.CharField()
    team = serializers.IntegerField(allow_null=True)
    team_name = serializers.CharField(allow_null=True)
    members = MemberSerializer(many=True)
    next_person = serializers.IntegerField(allow_null=True, help_text="下一位接待的员工 id")
    next_name = serializers.CharField(allow_null=True)
    next_is_makeup = serializers.BooleanField(help_text="下一位是补接（BR-REC-03）")

    class Meta:
        ref_name = "ReceptionRoster"


def roster_data(roster, now=None) -> dict:
    state = selectors.desk_state(roster, now)
    return {
        "id": roster.pk,
        "day": roster.day,
        "department": roster.department_id,
        "department_name": roster.department.name,
        "team": roster.team_id,
        "team_name": roster.team.name if roster.team_id else None,
        "members": [
            {
                "person": m.person.pk,
                "name": m.person.name,
                "position": m.position,
                "away": m.away is not None,
                "away_label": str(m.away.label) if m.away else "",
                "owed": m.owed,
                "received": m.received,
                "is_next": m.is_next,
            }
            for m in state.members
        ],
        "next_person": state.next.person.pk if state.next else None,
        "next_name": state.next.person.name if state.next else None,
        "next_is_makeup": state.next_is_makeup,
    }


class RostersApi(APIView):
    """GET: the day's rosters the viewer's department works with (today by default).
    POST: set today's order of the reps on duty (BR-REC-02) — desk, supervisor, manager."""

    class FilterSerializer(serializers.Serializer):
        day = serializers.DateField(required=False, help_text="日期，默认今天")

        class Meta:
            ref_name = "ReceptionRosterFilter"

    class InputSerializer(serializers.Serializer):
        reps = serializers.ListField(
            child=PersonIdField(), min_length=1, max_length=20, help_text="按接待顺序的员工 id"
        )
        team = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, help_text="小组 id；不填为全部门"
        )

        class Meta:
            ref_name = "ReceptionRosterInput"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_rosters_list",
        parameters=[FilterSerializer],
        responses={200: RosterOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        day = f.validated_data.get("day") or timezone.localdate()
        rosters = selectors.rosters_for_day(viewer=request.user, day=day)
        return Response([roster_data(r) for r in rosters])

    @extend_schema(
        tags=[TAG],
        operation_id="reception_rosters_set",
        request=InputSerializer,
        responses={201: RosterOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        roster = services.roster_set(
            actor=request.user,
            rep_ids=s.validated_data["reps"],
            team_id=s.validated_data.get("team"),
        )
        roster = selectors.roster_get(viewer=request.user, roster_id=roster.pk)
        return Response(roster_data(roster), status=status.HTTP_201_CREATED)


class RosterDetailApi(APIView):
    """One roster now: the order, who is away, make-up turns owed, who is next."""

    @extend_schema(
        tags=[TAG],
        operation_id="reception_rosters_retrieve",
        responses={200: RosterOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, roster_id: int):
        roster = selectors.roster_get(viewer=request.user, roster_id=roster_id)
        return Response(roster_data(roster))


class DeskOutApi(APIView):
    """Mark a rep out (with a customer, on business): their turns are skipped and owed."""

    class InputSerializer(serializers.Serializer):
        person = PersonIdField()
        reason = Choice(choices=OutReason.choices)
        note = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "ReceptionDeskOutInput"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_desk_out",
        request=InputSerializer,
        responses={200: RosterOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, roster_id: int):
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        services.desk_mark_out(
            actor=request.user,
            roster_id=roster_id,
            rep_id=d["person"],
            reason=d["reason"],
            note=d["note"],
        )
        return Response(roster_data(selectors.roster_get(viewer=request.user, roster_id=roster_id)))


class DeskBackApi(APIView):
    """The rep is back at the desk: owed make-up turns come first (BR-REC-03)."""

    class InputSerializer(serializers.Serializer):
        person = PersonIdField()

        class Meta:
            ref_name = "ReceptionDeskBackInput"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_desk_back",
        request=InputSerializer,
        responses={200: RosterOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, roster_id: int):
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.desk_mark_back(
            actor=request.user, roster_id=roster_id, rep_id=s.validated_data["person"]
        )
        return Response(roster_data(selectors.roster_get(viewer=request.user, roster_id=roster_id)))


class TurnSerializer(serializers.Serializer):
    how = serializers.CharField(help_text="rotation 轮流 / makeup 补接")
    skipped = serializers.ListField(child=serializers.IntegerField(), help_text="被跳过者的员工 id")

    class Meta:
        ref_name = "ReceptionTurn"


class ReceivedOutputSerializer(serializers.Serializer):
    entry = EntryOutputSerializer()
    turn = TurnSerializer(allow_null=True, help_text="占用的轮次；不占轮次时为空")
    decision = DecisionOutputSerializer(allow_null=True, help_text="老客户的客户区分")

    class Meta:
        ref_name = "ReceptionReceived"


class ReceiveApi(APIView):
    """Register a walk-in or a call and assign it: the named rep (BR-REC-04), the rotation
    with make-up turns (BR-REC-02/03), or 客户区分 for a returning customer (BR-REC-05,
    BR-ATT-*). Never back-dated (BR-REC-01)."""

    class InputSerializer(serializers.Serializer):
        kind = Choice(choices=ReceptionKind.choices)
        roster = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        name = serializers.CharField(max_length=60)
        mobile = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
        source = Choice(choices=Source.choices, required=False, default=Source.PASSING)
        inquiry = serializers.CharField(
            max_length=500, required=False, allow_blank=True, default=""
        )
        received_at = serializers.DateTimeField(
            required=False, allow_null=True, help_text="默认现在；只能是当天"
        )
        is_first_visit = serializers.BooleanField(required=False, allow_null=True, default=None)
        requested_rep = PersonIdField(
            required=False, allow_null=True, help_text="客户指定的置业顾问（BR-REC-04）"
        )
        rep = PersonIdField(required=False, allow_null=True, help_text="来电的接听人")
        earlier_present = serializers.BooleanField(required=False, allow_null=True, default=None)
        answers = AnswersSerializer(required=False)

        class Meta:
            ref_name = "ReceptionReceiveInput"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_receive",
        request=InputSerializer,
        responses={201: ReceivedOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        s = self.InputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        kind, roster = d.pop("kind"), d.pop("roster", None)
        if "answers" in d:
            d["answers"] = dict(d["answers"])
        received = services.reception_receive(
            actor=request.user, kind=kind, data=d, roster_id=roster
        )
        skipped: list[int] = []
        if received.turn:
            ids = person_ids_by_user(received.turn.skipped)
            skipped = [ids[u] for u in received.turn.skipped if u in ids]
        data = {
            "entry": EntryOutputSerializer(received.reception, context={"request": request}).data,
            "turn": {"how": received.turn.how, "skipped": skipped} if received.turn else None,
            "decision": DecisionOutputSerializer(received.decision).data
            if received.decision
            else None,
        }
        return Response(data, status=status.HTTP_201_CREATED)


class LookupOutputSerializer(serializers.Serializer):
    exists = serializers.BooleanField()
    customer = serializers.IntegerField(allow_null=True, help_text="客户 id")
    name_masked = serializers.CharField(allow_blank=True, help_text="打码的姓名（BR-CUS-10）")
    owner = serializers.IntegerField(allow_null=True, help_text="负责人的员工 id")
    owner_name = serializers.CharField(allow_blank=True)
    state = serializers.CharField(
        allow_blank=True, help_text="valid / due_soon / void / pool / deal / locked"
    )
    state_label = serializers.CharField(allow_blank=True)
    registered_at = serializers.DateTimeField(allow_null=True)
    void_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "ReceptionPhoneLookup"


class LookupApi(APIView):
    """Who owns this mobile and the card's state — never the customer's details
    (BR-REC-06, BR-CUS-10)."""

    class FilterSerializer(serializers.Serializer):
        mobile = serializers.CharField(max_length=30)

        class Meta:
            ref_name = "ReceptionLookupFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_phone_lookup",
        parameters=[FilterSerializer],
        responses={200: LookupOutputSerializer, 422: ErrorSerializer},
    )
    def get(self, request):
        f = self.FilterSerializer(data=request.query_params)
        f.is_valid(raise_exception=True)
        found = phone_lookup(f.validated_data["mobile"])
        owner = None
        if found.owner_id:
            owner = person_ids_by_user([found.owner_id]).get(found.owner_id)
        return Response(
            {
                "exists": found.exists,
                "customer": found.customer_id,
                "name_masked": found.name_masked,
                "owner": owner,
                "owner_name": found.owner_name,
                "state": found.state,
                "state_label": found.state_label,
                "registered_at": found.registered_at,
                "void_at": found.void_at,
            }
        )
