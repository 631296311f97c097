"""REST API of the organisation (BR-ORG-01…03) and the token login (BR-SEC-02).

Thin: every write is one call to ``l2c.org.services``; every read goes through
``l2c.org.selectors``. Business-rule errors become ``{code, rule, message}`` JSON through
``l2c.core.api.exception_handler``.
"""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import ErrorSerializer
from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.core.roles import Role
from l2c.org import selectors, services
from l2c.org.models import AbsenceKind, Department, Person, Team

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


def _paginated(view: APIView, request, queryset, serializer_class, **context) -> Response:
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    data = serializer_class(page, many=True, context={"request": request, **context}).data
    return paginator.get_paginated_response(data)


# --- shared output ----------------------------------------------------------------------


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


def _person_response(request, person_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    """Answer with the person as stored now (fresh roles, superior and version)."""
    person = selectors.person_get(viewer=request.user, person_id=person_id)
    return Response(PersonOutputSerializer(person).data, status=status_code)


# --- login ------------------------------------------------------------------------------


def _locked_message(until) -> str:
    return _("连续登录失败次数过多，账号已锁定至 %(t)s，请稍后再试（规则 BR-SEC-02）。") % {
        "t": timezone.localtime(until).strftime("%H:%M")
    }


def _locked_error(until) -> BusinessRuleError:
    return BusinessRuleError("BR-SEC-02", _locked_message(until), code="account_locked", status=423)


class AuthTokenApi(APIView):
    """Exchange a user name and password for an API token (BR-SEC-02: after
    ``security.lockout_failures`` failures the name is locked ``security.lockout_minutes``)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)

        class Meta:
            ref_name = "AuthTokenInput"

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

        class Meta:
            ref_name = "AuthToken"

    @extend_schema(
        tags=["auth"],
        operation_id="auth_token_create",
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: OpenApiResponse(ErrorSerializer, description="用户名或密码不正确"),
            422: ErrorSerializer,
            423: OpenApiResponse(ErrorSerializer, description="账号已锁定（BR-SEC-02）"),
        },
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        username = serializer.validated_data["username"].strip()
        password = serializer.validated_data["password"]
        locked = services.login_locked_until(username)
        if locked:
            services.login_record_locked_attempt(username=username, locked_until=locked)
            raise _locked_error(locked)
        user = authenticate(request, username=username, password=password)
        if user is None:
            known = get_user_model()._default_manager.filter(username=username).first()
            locked = services.login_record_failure(username=username, user=known)
            if locked:
                raise _locked_error(locked)
            raise BusinessRuleError(
                None, _("用户名或密码不正确。"), code="invalid_credentials", status=400
            )
        key = services.api_token_issue(user=user)
        return Response(self.OutputSerializer({"token": key}).data)


class MeApi(APIView):
    @extend_schema(
        tags=["auth"],
        operation_id="me_retrieve",
        responses={200: PersonOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        person = getattr(request.user, "person", None) if hasattr(request.user, "person") else None
        if person is None:
            raise NotFoundError(None, _("该账号没有关联的员工档案。"))
        return _person_response(request, person.pk)


# --- people -----------------------------------------------------------------------------


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
        return _paginated(self, request, people, PersonOutputSerializer)

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
        return _person_response(request, person.pk, status_code=status.HTTP_201_CREATED)


class PersonDetailApi(APIView):
    """GET one person; PATCH the editable fields with the version read (BR-SEC-03)."""

    class UpdateInputSerializer(serializers.Serializer):
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

        def validate(self, attrs):
            if len(attrs) < 2:
                raise serializers.ValidationError(_("请至少修改一个字段。"))
            return attrs

    @extend_schema(
        tags=[TAG],
        operation_id="people_retrieve",
        responses={200: PersonOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, person_id: int):
        return _person_response(request, person_id)

    @extend_schema(
        tags=[TAG],
        operation_id="people_partial_update",
        request=UpdateInputSerializer,
        responses={200: PersonOutputSerializer, **WRITE_ERRORS},
    )
    def patch(self, request, person_id: int):
        person = selectors.person_get(viewer=request.user, person_id=person_id)
        serializer = self.UpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        version = fields.pop("version")
        services.person_update(
            actor=request.user, person=person, expected_version=version, **fields
        )
        return _person_response(request, person.pk)


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
        return _person_response(request, person.pk)


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
        return _person_response(request, person.pk)


# --- departments and the org chart ------------------------------------------------------


class TeamOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    leader = serializers.IntegerField(source="leader_id", allow_null=True)
    leader_name = serializers.CharField(source="leader.name", allow_null=True)
    version = serializers.IntegerField()

    class Meta:
        ref_name = "Team"


class DepartmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    kind = serializers.CharField(
        help_text="head_office / sales / finance / service / warehouse / tech"
    )
    kind_label = serializers.CharField(source="get_kind_display")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    parent_name = serializers.CharField(source="parent.name", allow_null=True)
    sort_order = serializers.IntegerField()
    headcount = serializers.SerializerMethodField()
    teams = TeamOutputSerializer(many=True, source="teams.all")
    version = serializers.IntegerField()

    class Meta:
        ref_name = "Department"

    def get_headcount(self, department) -> int:
        return self.context.get("headcounts", {}).get(department.pk, 0)


class DepartmentListApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="departments_list",
        responses={200: DepartmentOutputSerializer(many=True)},
    )
    def get(self, request):
        departments = selectors.department_list(viewer=request.user)
        context = {"request": request, "headcounts": selectors.department_headcounts()}
        return Response(DepartmentOutputSerializer(departments, many=True, context=context).data)


class OrgNodeSerializer(serializers.Serializer):
    """One person in the reporting tree, with the people who report to them."""

    id = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.name")
    title = serializers.CharField(source="person.title")
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), source="person.role_codes"
    )
    role_labels = serializers.ListField(child=serializers.CharField(), source="person.role_labels")
    department = serializers.IntegerField(source="person.department_id")
    department_name = serializers.CharField(source="person.department.name")
    team_name = serializers.CharField(source="person.team.name", allow_null=True)

    class Meta:
        ref_name = "OrgNode"


# The tree is recursive: declare ``children`` once the class exists.
OrgNodeSerializer._declared_fields["children"] = OrgNodeSerializer(many=True)


class OrgChartApi(APIView):
    @extend_schema(
        tags=[TAG], operation_id="org_chart_retrieve", responses={200: OrgNodeSerializer(many=True)}
    )
    def get(self, request):
        return Response(OrgNodeSerializer(selectors.org_tree(), many=True).data)


# --- absences ---------------------------------------------------------------------------


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
        return _paginated(self, request, qs, AbsenceOutputSerializer)

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
