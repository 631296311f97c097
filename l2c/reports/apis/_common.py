"""The query parameters of the registers' API: the scope tab, the period, the project, the
team, the rep (a person id), the status — one serializer per kind of register."""

from __future__ import annotations

from rest_framework import serializers

from l2c.core.api import Choice, ErrorSerializer
from l2c.core.models import MAX_ID
from l2c.org.fields import PersonIdField
from l2c.reports.selectors import CONTRACT_STATUSES, RESERVATION_STATUSES, SCOPES

TAG = "reports"
ERRORS = {403: ErrorSerializer, 404: ErrorSerializer, 422: ErrorSerializer}
SCOPE_HELP = (
    "mine 我负责的 / shared 我参与的（持有客户区分分成的客户） / team 本组 / department 本部门 / "
    "all 全部；按角色提供，缺省为本人可用的最大范围（BR-RPT-05）"
)


def money(**kw):
    return serializers.DecimalField(max_digits=16, decimal_places=2, **kw)


def _id_field(help_text: str):
    return serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=help_text
    )


class ScopedFilter(serializers.Serializer):
    scope = Choice(choices=SCOPES, required=False, help_text=SCOPE_HELP)
    team = _id_field("小组 id")
    rep = PersonIdField(required=False, help_text="经办人的员工 id（/api/v1/people/ 的 id）")

    def params(self) -> dict:
        d = self.validated_data
        return {
            "scope": d.get("scope") or "",
            "team_id": d.get("team"),
            "rep_id": d.get("rep"),
            "project_id": d.get("project"),
            "date_from": d.get("date_from"),
            "date_to": d.get("date_to"),
            "status": d.get("status") or "",
            "day": d.get("day"),
            "year": d.get("year"),
            "month": d.get("month"),
            "building": d.get("building") or "",
        }


class LedgerFilter(ScopedFilter):
    date_from = serializers.DateField(required=False, help_text="开始日期，缺省本月 1 日")
    date_to = serializers.DateField(required=False, help_text="结束日期（含），缺省今天")
    project = _id_field("项目 id")
    status = Choice(
        choices=[*RESERVATION_STATUSES[1:], *CONTRACT_STATUSES],
        required=False,
        help_text="状态；缺省为全部有效版本（不含已变更的旧版本）",
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=500, default=100)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=MAX_ID, default=0)

    class Meta:
        ref_name = "ReportLedgerFilter"


class DailyFilter(ScopedFilter):
    day = serializers.DateField(required=False, help_text="日期，缺省今天")

    class Meta:
        ref_name = "ReportDailyFilter"


class StatisticsFilter(ScopedFilter):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    month = serializers.IntegerField(
        required=False, min_value=1, max_value=12, help_text="只看某月的经办人明细"
    )

    class Meta:
        ref_name = "ReportStatisticsFilter"


class StatusFilter(serializers.Serializer):
    project = _id_field("项目 id，缺省第一个在售项目")
    building = serializers.CharField(required=False, max_length=20, help_text="楼栋")

    class Meta:
        ref_name = "ReportStatusFilter"

    def params(self) -> dict:
        d = self.validated_data
        return {"project_id": d.get("project"), "building": d.get("building") or ""}


class ExportFilter(LedgerFilter, DailyFilter, StatisticsFilter, StatusFilter):
    class Meta:
        ref_name = "ReportExportFilter"

    def params(self) -> dict:
        return ScopedFilter.params(self)
