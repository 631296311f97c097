"""Absences: the list, registering one, cancelling one (BR-ORG-03)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.org import selectors, services
from l2c.org.apis.common import TAG, WRITE_ERRORS, OrgPagination, paginated_response
from l2c.org.models import AbsenceKind, Person


class AbsenceOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.name")
    department_name = serializers.CharField(source="person.department.name")
    kind = serializers.ChoiceField(choices=AbsenceKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    reason = serializers.CharField()
    cancelled = serializers.BooleanField()
    created_by = serializers.IntegerField(source="created_by_id", allow_null=True)
    created_by_name = serializers.CharField(source="created_by.person.name", allow_null=True)
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField()

    class Meta:
        ref_name = "Absence"


def _absences(request, **filters):
    """The absences the viewer may see (BR-ORG-02), with who registered them."""
    return selectors.absence_list(viewer=request.user, **filters).select_related(
        "created_by__person"
    )


def _absence_get(request, absence_id: int):
    absence = _absences(request).filter(pk=absence_id).first()
    if absence is None:
        raise NotFoundError(None, _("未找到该缺勤登记。"))
    return absence


class AbsencesApi(APIView):
    """GET: absences in the viewer's scope (BR-ORG-02). POST: register one (BR-ORG-03)."""

    pagination_class = OrgPagination

    class FilterSerializer(serializers.Serializer):
        person = serializers.IntegerField(
            required=False, min_value=1, max_value=2**62, help_text="员工 id"
        )
        current_only = serializers.BooleanField(
            required=False, default=False, help_text="只看此刻正在缺勤的"
        )

        class Meta:
            ref_name = "AbsenceFilter"

    class InputSerializer(serializers.Serializer):
        person = serializers.PrimaryKeyRelatedField(
            queryset=Person.objects.all(), required=False, help_text="缺省为本人"
        )
        kind = serializers.ChoiceField(choices=AbsenceKind.choices)
        starts_at = serializers.DateTimeField()
        ends_at = serializers.DateTimeField()
        reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "AbsenceCreateInput"

    @extend_schema(
        tags=[TAG],
        operation_id="absences_list",
        parameters=[FilterSerializer],
        responses={200: AbsenceOutputSerializer(many=True)},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        person_id = filters.validated_data.get("person")
        person = (
            selectors.person_get(viewer=request.user, person_id=person_id) if person_id else None
        )
        qs = _absences(request, person=person, current_only=filters.validated_data["current_only"])
        return paginated_response(self, request, qs, AbsenceOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="absences_create",
        request=InputSerializer,
        responses={201: AbsenceOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = data.pop("person", None)
        if person is None:
            person = (
                getattr(request.user, "person", None) if hasattr(request.user, "person") else None
            )
            if person is None:
                raise BusinessRuleError("BR-ORG-03", _("请选择员工。"), field="person")
        absence = services.absence_create(actor=request.user, person=person, **data)
        # Answer with the row as written: the administrator may register an absence
        # without having the absences in their data scope (BR-ORG-02).
        return Response(AbsenceOutputSerializer(absence).data, status=status.HTTP_201_CREATED)


class AbsenceCancelApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="absences_cancel",
        request=None,
        responses={200: AbsenceOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, absence_id: int):
        absence = _absence_get(request, absence_id)
        absence = services.absence_cancel(actor=request.user, absence=absence)
        return Response(AbsenceOutputSerializer(absence).data)
