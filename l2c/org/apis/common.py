"""What the organisation's endpoints share: the tag, the error answers of a write, the
pagination and the person as the API shows it."""

from __future__ import annotations

from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import ErrorSerializer
from l2c.core.roles import Role
from l2c.org import selectors

TAG = "org"
#: The error answers every write may give (see ``l2c.core.api``).
WRITE_ERRORS = {
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    422: ErrorSerializer,
}


class OrgPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 500


def paginated_response(view: APIView, request, queryset, serializer_class, **context) -> Response:
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    data = serializer_class(page, many=True, context={"request": request, **context}).data
    return paginator.get_paginated_response(data)


class PersonOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    name = serializers.CharField()
    employee_no = serializers.CharField()
    title = serializers.CharField()
    mobile = serializers.CharField()
    email = serializers.CharField()
    department = serializers.IntegerField(source="department_id")
    department_name = serializers.CharField(source="department.name")
    team = serializers.IntegerField(source="team_id", allow_null=True)
    team_name = serializers.CharField(source="team.name", allow_null=True)
    superior = serializers.IntegerField(source="superior_id", allow_null=True)
    superior_name = serializers.CharField(source="superior.name", allow_null=True)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), source="role_codes"
    )
    role_labels = serializers.ListField(child=serializers.CharField())
    hired_on = serializers.DateField(allow_null=True)
    left_on = serializers.DateField(allow_null=True)
    is_active = serializers.BooleanField()
    version = serializers.IntegerField()

    class Meta:
        ref_name = "Person"


def person_response(request, person_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    """Answer with the person as stored now (fresh roles, superior and version)."""
    person = selectors.person_get(viewer=request.user, person_id=person_id)
    return Response(PersonOutputSerializer(person).data, status=status_code)
