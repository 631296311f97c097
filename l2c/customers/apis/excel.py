"""Excel over the API (BR-RPT-04, 06): the import template, an import with its report, and
the export of a list (same scope and filters as ``GET /customers/``; masked; audited)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import WRITE_ERRORS, ErrorSerializer
from l2c.customers.apis._common import TAG
from l2c.customers.apis.customers import CustomerFilterSerializer
from l2c.customers.excel import XLSX, template_workbook
from l2c.customers.exports import customers_export
from l2c.customers.import_models import ImportStatus, RowOutcome
from l2c.customers.imports import customers_import
from l2c.customers.views.excel import import_job_get, xlsx_response

ROWS_DEFAULT = 200
ROWS_MAX = 1000


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="按模板填写的 .xlsx 文件")
    update_existing = serializers.BooleanField(
        default=False, help_text="手机号已存在时更新客户资料（不改变负责人）；否则报告为重复"
    )

    class Meta:
        ref_name = "CustomerImportInput"


class ImportRowOutputSerializer(serializers.Serializer):
    row_no = serializers.IntegerField(help_text="Excel 行号（表头为第 1 行）")
    outcome = serializers.ChoiceField(choices=RowOutcome.choices)
    name = serializers.CharField()
    customer = serializers.IntegerField(source="customer_id", allow_null=True)
    message = serializers.CharField(help_text="失败或重复的原因")

    class Meta:
        ref_name = "CustomerImportRow"


class ImportJobOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ImportStatus.choices)
    file_name = serializers.CharField()
    update_existing = serializers.BooleanField()
    total_rows = serializers.IntegerField()
    processed_rows = serializers.IntegerField()
    percent = serializers.IntegerField()
    created_count = serializers.IntegerField()
    updated_count = serializers.IntegerField()
    duplicate_count = serializers.IntegerField()
    failed_count = serializers.IntegerField()
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    rows_total = serializers.IntegerField(help_text="报告行数（新建的行只计数、不列出）")
    rows = ImportRowOutputSerializer(many=True, source="rows_page")

    class Meta:
        ref_name = "CustomerImportJob"


class ImportRowsQuerySerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=RowOutcome.choices, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=ROWS_MAX, default=ROWS_DEFAULT)
    offset = serializers.IntegerField(min_value=0, default=0)

    class Meta:
        ref_name = "CustomerImportRowsQuery"


def job_response(job, params, *, status_code=status.HTTP_200_OK) -> Response:
    query = ImportRowsQuerySerializer(data=params)
    query.is_valid(raise_exception=True)
    q = query.validated_data
    rows = job.rows.order_by("row_no", "id")
    if q.get("outcome"):
        rows = rows.filter(outcome=q["outcome"])
    job.rows_total = rows.count()
    job.rows_page = list(rows[q["offset"] : q["offset"] + q["limit"]])
    return Response(ImportJobOutputSerializer(job).data, status=status_code)


class CustomerImportApi(APIView):
    """Import customers from an .xlsx file (BR-RPT-06): each row lands whole or not at all;
    the answer is the report (created / updated / duplicate / failed, with reasons)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=[TAG],
        operation_id="customers_import",
        request={"multipart/form-data": ImportInputSerializer},
        parameters=[ImportRowsQuerySerializer],
        responses={201: ImportJobOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = ImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        job = customers_import(
            actor=request.user,
            file=upload,
            file_name=upload.name,
            update_existing=data.validated_data["update_existing"],
        )
        return job_response(job, request.query_params, status_code=status.HTTP_201_CREATED)


class CustomerImportJobApi(APIView):
    """An import's progress and report (its rows paginated with limit/offset)."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_import_retrieve",
        parameters=[ImportRowsQuerySerializer],
        responses={200: ImportJobOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, job_id: int):
        return job_response(import_job_get(request.user, job_id), request.query_params)


class CustomerExportApi(APIView):
    """The list of ``GET /customers/`` (same scope and filters) as .xlsx: phones and ID
    numbers masked unless the viewer owns the row; every export is audited (BR-CUS-10)."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_export",
        parameters=[CustomerFilterSerializer],
        responses={(200, XLSX): OpenApiTypes.BINARY, 422: ErrorSerializer},
    )
    def get(self, request):
        filters = CustomerFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        kwargs = filters.selector_kwargs()
        scope = kwargs.pop("scope")
        content, _count = customers_export(actor=request.user, scope=scope, filters=kwargs)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(content, f"客户列表-{stamp}.xlsx")


class CustomerTemplateApi(APIView):
    """The import template (.xlsx): 姓名 手机 单位 等级 阶段 来源 生日 地址 需求 负责人工号."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_import_template",
        responses={(200, XLSX): OpenApiTypes.BINARY},
    )
    def get(self, request):
        return xlsx_response(template_workbook(), "客户导入模板.xlsx")
