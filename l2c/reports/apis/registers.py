"""The registers over the API (BR-RPT-02…05): the same selectors as the pages, the same
scope tabs (``scope``: mine / shared / team / department / all, as the role has them; a tab
the role does not have is refused), and ``…/export/`` for the .xlsx of the page (audited)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.reports.apis._common import (
    ERRORS,
    TAG,
    DailyFilter,
    ExportFilter,
    LedgerFilter,
    StatisticsFilter,
    StatusFilter,
)
from l2c.reports.apis.serializers import (
    ContractLedgerSerializer,
    ContractRowSerializer,
    ContractTotalsSerializer,
    DailySerializer,
    FiguresSerializer,
    ReservationLedgerSerializer,
    ReservationRowSerializer,
    ReservationTotalsSerializer,
    SalesStatusSerializer,
    StateLineSerializer,
    StatisticsSerializer,
    StockRowSerializer,
    UnitRowSerializer,
)
from l2c.reports.exports import XLSX, export_filename, report_export
from l2c.reports.registers import BY_SLUG, REGISTERS, build_report, register_of, resolve_scope
from l2c.reports.views import xlsx_response


def _scoped_params(request, register, filters) -> dict:
    params = filters.params()
    params["scope"] = resolve_scope(request.user, register, params["scope"], strict=True)
    return params


class _LedgerApi(APIView):
    slug = ""
    row_serializer: type[serializers.Serializer]
    totals_serializer: type[serializers.Serializer]

    def get(self, request):
        register = BY_SLUG[self.slug]
        f = LedgerFilter(data=request.query_params)
        f.is_valid(raise_exception=True)
        params = _scoped_params(request, register, f)
        report = build_report(register, viewer=request.user, params=params)
        table = report.tables[0]
        limit, offset = f.validated_data["limit"], f.validated_data["offset"]
        rows = report.make_rows(report.queryset[offset : offset + limit])
        return Response(
            {
                "register": register.slug,
                "title": str(report.title),
                "period": report.subtitle,
                "scope": params["scope"],
                "count": table.paged_count,
                "limit": limit,
                "offset": offset,
                "totals": self.totals_serializer(table.totals).data,
                "rows": self.row_serializer(rows, many=True).data,
            }
        )


class SmallDepositsApi(_LedgerApi):
    """小定明细表 (BR-RPT-02): one row per small-deposit reservation with its receipts."""

    slug = "small-deposits"
    row_serializer = ReservationRowSerializer
    totals_serializer = ReservationTotalsSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="reports_small_deposits",
        parameters=[LedgerFilter],
        responses={200: ReservationLedgerSerializer, **ERRORS},
    )
    def get(self, request):
        return super().get(request)


class DepositsApi(_LedgerApi):
    """定金明细表 (the rulebook's 定明细表, BR-RPT-02): one row per deposit reservation (认购书)
    with its receipts."""

    slug = "deposits"
    row_serializer = ReservationRowSerializer
    totals_serializer = ReservationTotalsSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="reports_deposits",
        parameters=[LedgerFilter],
        responses={200: ReservationLedgerSerializer, **ERRORS},
    )
    def get(self, request):
        return super().get(request)


class SigningsApi(_LedgerApi):
    """签约明细表 (BR-RPT-02): one row per signed contract."""

    slug = "signings"
    row_serializer = ContractRowSerializer
    totals_serializer = ContractTotalsSerializer

    @extend_schema(
        tags=[TAG],
        operation_id="reports_signings",
        parameters=[LedgerFilter],
        responses={200: ContractLedgerSerializer, **ERRORS},
    )
    def get(self, request):
        return super().get(request)


class SalesStatusApi(APIView):
    """销售状况一览表 (BR-RPT-03): every unit of a project in its effective state (an expired
    hold is available), the summary per state, and the stock of quantity products."""

    @extend_schema(
        tags=[TAG],
        operation_id="reports_sales_status",
        parameters=[StatusFilter],
        responses={200: SalesStatusSerializer, **ERRORS},
    )
    def get(self, request):
        f = StatusFilter(data=request.query_params)
        f.is_valid(raise_exception=True)
        report = build_report(BY_SLUG["sales-status"], viewer=request.user, params=f.params())
        tables = {t.key: t for t in report.tables}
        project_id = report.filters.get("project_id")
        return Response(
            {
                "project": project_id,
                "project_name": report.subtitle.split(" · ")[0] if project_id else "",
                "building": report.filters.get("building", ""),
                "states": StateLineSerializer(tables["states"].rows, many=True).data,
                "total": StateLineSerializer(tables["states"].totals).data,
                "units": UnitRowSerializer(tables["units"].rows, many=True).data,
                "stock": StockRowSerializer(
                    tables["stock"].rows if "stock" in tables else [], many=True
                ).data,
            }
        )


class DailyApi(APIView):
    """销售日报表 (BR-RPT-03): a day's visitors, calls, new files, holds, small deposits,
    deposits, contracts and money received, per rep with team subtotals."""

    @extend_schema(
        tags=[TAG],
        operation_id="reports_daily",
        parameters=[DailyFilter],
        responses={200: DailySerializer, **ERRORS},
    )
    def get(self, request):
        register = BY_SLUG["daily"]
        f = DailyFilter(data=request.query_params)
        f.is_valid(raise_exception=True)
        params = _scoped_params(request, register, f)
        report = build_report(register, viewer=request.user, params=params)
        table = report.tables[0]
        return Response(
            {
                "day": report.filters["day"],
                "scope": params["scope"],
                "reps": FiguresSerializer(table.rows, many=True).data,
                "total": FiguresSerializer(table.totals).data,
            }
        )


class StatisticsApi(APIView):
    """销售统计表 (BR-RPT-02): the same figures per month of a year, and per rep."""

    @extend_schema(
        tags=[TAG],
        operation_id="reports_statistics",
        parameters=[StatisticsFilter],
        responses={200: StatisticsSerializer, **ERRORS},
    )
    def get(self, request):
        register = BY_SLUG["statistics"]
        f = StatisticsFilter(data=request.query_params)
        f.is_valid(raise_exception=True)
        params = _scoped_params(request, register, f)
        report = build_report(register, viewer=request.user, params=params)
        months, reps = report.tables
        return Response(
            {
                "year": report.filters["year"],
                "month": report.filters["month"],
                "scope": params["scope"],
                "months": FiguresSerializer(months.rows, many=True).data,
                "year_total": FiguresSerializer(months.totals).data,
                "reps": FiguresSerializer(reps.rows, many=True).data,
                "reps_total": FiguresSerializer(reps.totals).data,
            }
        )


class ExportApi(APIView):
    """A register as .xlsx with the same scope and filters as its list endpoint (phones
    masked as there; every export audited, BR-RPT-04)."""

    @extend_schema(
        tags=[TAG],
        operation_id="reports_export",
        parameters=[
            OpenApiParameter(
                "register",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=[r.slug for r in REGISTERS],
                description="small-deposits 小定明细表 / deposits 定明细表 / signings 签约明细表 / "
                "sales-status 销售状况一览表 / daily 销售日报表 / statistics 销售统计表",
            ),
            ExportFilter,
        ],
        responses={(200, XLSX): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request, register: str):
        reg = register_of(register)
        f = ExportFilter(data=request.query_params)
        f.is_valid(raise_exception=True)
        params = _scoped_params(request, reg, f)
        content, _rows = report_export(actor=request.user, register=reg, params=params)
        return xlsx_response(content, export_filename(reg))
