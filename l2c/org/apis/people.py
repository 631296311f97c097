"""People: the list, one person, their superior (BR-ORG-01) and roles (BR-ORG-02)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.views import APIView

from l2c.core.api import ChangesInput, ErrorSerializer, validated
from l2c.core.roles import Role
from l2c.org import selectors, services
from l2c.org.apis.common import (
    TAG,
    WRITE_ERRORS,
    OrgPagination,
    PersonOutputSerializer,
    paginated_response,
    person_response,
)
from l2c.org.models import Department, Person, Team


class PeopleApi(APIView):
    """GET: the people directory (every employee may read it). POST: a new person."""

    pagination_class = OrgPagination

    class FilterSerializer(serializers.Serializer):
        department = serializers.IntegerField(
            required=False, min_value=1, max_value=2**62, help_text="部门 id"
        )
        role = serializers.ChoiceField(choices=Role.choices, required=False)
        search = serializers.CharField(
            required=False, allow_blank=True, help_text="姓名、工号或登录名"
        )
        include_left = serializers.BooleanField(required=False, default=False)

        class Meta:
            ref_name = "PersonFilter"

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        name = serializers.CharField(max_length=40)
        department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
        team = serializers.PrimaryKeyRelatedField(
            queryset=Team.objects.all(), required=False, allow_null=True
        )
        superior = serializers.PrimaryKeyRelatedField(
            queryset=Person.objects.all(), required=False, allow_null=True
        )
        roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
        password = serializers.CharField(
            required=False,
            allow_blank=True,
            write_only=True,
            trim_whitespace=False,
            style={"input_type": "password"},
            help_text="留空则账号暂不能登录",
        )
        title = serializers.CharField(max_length=40, required=False, allow_blank=True)
        mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
        email = serializers.EmailField(required=False, allow_blank=True)
        employee_no = serializers.CharField(max_length=20, required=False, allow_blank=True)
        hired_on = serializers.DateField(required=False, allow_null=True)

        class Meta:
            ref_name = "PersonCreateInput"

        def validate_password(self, value: str) -> str:
            if value:
                try:
                    password_validation.validate_password(value)
                except DjangoValidationError as exc:
                    raise serializers.ValidationError(list(exc.messages)) from exc
            return value

    @extend_schema(
        tags=[TAG],
        operation_id="people_list",
        parameters=[FilterSerializer],
        responses={200: PersonOutputSerializer(many=True)},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        people = selectors.person_list(viewer=request.user, **filters.validated_data)
        return paginated_response(self, request, people, PersonOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="people_create",
        request=InputSerializer,
        responses={201: PersonOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if not data.get("employee_no"):
            data.pop("employee_no", None)
        person = services.person_create(actor=request.user, **data)
        return person_response(request, person.pk, status_code=status.HTTP_201_CREATED)


class PersonDetailApi(APIView):
    """GET one person; PATCH the editable fields with the version read (BR-SEC-03)."""

    class UpdateInputSerializer(ChangesInput):
        version = serializers.IntegerField(
            help_text="读取时的版本号；若他人已修改则返回 409 stale_version（BR-SEC-03）"
        )
        name = serializers.CharField(max_length=40, required=False)
        title = serializers.CharField(max_length=40, required=False, allow_blank=True)
        mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
        email = serializers.EmailField(required=False, allow_blank=True)
        department = serializers.PrimaryKeyRelatedField(
            queryset=Department.objects.all(), required=False
        )
        team = serializers.PrimaryKeyRelatedField(
            queryset=Team.objects.all(), required=False, allow_null=True
        )
        hired_on = serializers.DateField(required=False, allow_null=True)

        class Meta:
            ref_name = "PersonUpdateInput"

    @extend_schema(
        tags=[TAG],
        operation_id="people_retrieve",
        responses={200: PersonOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, person_id: int):
        return person_response(request, person_id)

    @extend_schema(
        tags=[TAG],
        operation_id="people_partial_update",
        request=UpdateInputSerializer,
        responses={200: PersonOutputSerializer, **WRITE_ERRORS},
    )
    def patch(self, request, person_id: int):
        person = selectors.person_get(viewer=request.user, person_id=person_id)
        fields = dict(validated(self.UpdateInputSerializer, request.data))
        version = fields.pop("version")
        services.person_update(
            actor=request.user, person=person, expected_version=version, **fields
        )
        return person_response(request, person.pk)


class PersonSetSuperiorApi(APIView):
    """BR-ORG-01: exactly one superior, no cycles; a manager reports to the director or VP."""

    class InputSerializer(serializers.Serializer):
        superior = serializers.PrimaryKeyRelatedField(
            queryset=Person.objects.all(), allow_null=True, help_text="上级 id；只有总经理为空"
        )
        version = serializers.IntegerField(help_text="读取时的版本号（BR-SEC-03）")

        class Meta:
            ref_name = "PersonSetSuperiorInput"

    @extend_schema(
        tags=[TAG],
        operation_id="people_set_superior",
        request=InputSerializer,
        responses={200: PersonOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, person_id: int):
        person = selectors.person_get(viewer=request.user, person_id=person_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.person_set_superior(
            actor=request.user,
            person=person,
            superior=serializer.validated_data["superior"],
            expected_version=serializer.validated_data["version"],
        )
        return person_response(request, person.pk)


class PersonSetRolesApi(APIView):
    """Replace a person's roles (at least one; exactly one GM in the company)."""

    class InputSerializer(serializers.Serializer):
        roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))

        class Meta:
            ref_name = "PersonSetRolesInput"

    @extend_schema(
        tags=[TAG],
        operation_id="people_set_roles",
        request=InputSerializer,
        responses={200: PersonOutputSerializer, **WRITE_ERRORS},
    )
    def put(self, request, person_id: int):
        person = selectors.person_get(viewer=request.user, person_id=person_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.person_set_roles(
            actor=request.user, person=person, roles=serializer.validated_data["roles"]
        )
        return person_response(request, person.pk)
