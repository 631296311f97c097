"""Departments with their teams, and the org chart."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.roles import Role
from l2c.org import selectors
from l2c.org.apis.common import TAG


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


OrgNodeSerializer._declared_fields["children"] = OrgNodeSerializer(many=True)


class OrgChartApi(APIView):
    @extend_schema(
        tags=[TAG], operation_id="org_chart_retrieve", responses={200: OrgNodeSerializer(many=True)}
    )
    def get(self, request):
        return Response(OrgNodeSerializer(selectors.org_tree(), many=True).data)
