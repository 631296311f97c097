"""Excel import of customers (BR-RPT-06, BR-CUS-03); the template is in ``excel.py``.

An import is one business action with one audit record (the job and its counts). Rows are
validated one by one; new customers are written with one bulk INSERT per chunk (customer +
its registration record), each chunk in its own transaction so the job's progress is
visible while it runs. Nothing is half-imported: a row either lands whole or not at all —
a chunk that trips over a concurrent registration is replayed row by row, each in its own
savepoint. A mobile that already exists is a duplicate (BR-CUS-03): reported, or, with
"update existing", its details (never its ownership) are updated through
``customer_update``.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.scope import viewer_of
from l2c.customers import services
from l2c.customers.excel import COLUMNS, MAX_ROWS, cell_text
from l2c.customers.import_models import ImportJob, ImportStatus
from l2c.customers.imports.rows import ImportRun

__all__ = ["CHUNK", "customers_import"]

CHUNK = 1000


def _read(file) -> tuple[Any, dict[int, str]]:
    """The first sheet (python-calamine: the whole sheet parsed in Rust, ~10x openpyxl's
    read-only mode; docs/benchmarks.md) and which column holds which field."""
    try:
        sheet = CalamineWorkbook.from_filelike(file).get_sheet_by_index(0)
        rows = sheet.iter_rows()
        header = next(rows, [])
    except Exception as exc:  # the reader raises many kinds for a file that is not xlsx
        raise BusinessRuleError(
            "BR-RPT-06", _("文件无法读取：请上传用模板填写的 .xlsx 文件。"), field="file"
        ) from exc
    by_header = dict(COLUMNS)
    columns = {
        i: by_header[cell_text(h)] for i, h in enumerate(header) if cell_text(h) in by_header
    }
    if not {"name", "mobile"} <= set(columns.values()):
        raise BusinessRuleError(
            "BR-RPT-06", _("表头不符合模板：至少须有“姓名”和“手机”两列。"), field="file"
        )
    return (sheet, rows), columns


def customers_import(
    *, actor, file, file_name: str = "", update_existing: bool = False
) -> ImportJob:
    """Import customers from an .xlsx ``file`` (BR-RPT-06); returns the finished job."""
    viewer = viewer_of(actor)
    if not (viewer.roles & (services.OWNER_ROLES | services.DESK_ROLES) or viewer.is_superuser):
        raise PermissionDeniedError("BR-RPT-06", _("您没有导入客户的权限。"))
    (sheet, rows), columns = _read(file)
    return _run(actor, sheet.height, rows, columns, file_name, update_existing)


def _run(actor, height, rows, columns, file_name, update_existing) -> ImportJob:
    estimate = max((height or 1) - 1, 0)
    if estimate > MAX_ROWS:
        raise BusinessRuleError(
            "BR-RPT-06", _("一次最多导入 %(n)s 行，请拆分文件。") % {"n": MAX_ROWS}, field="file"
        )
    job = ImportJob.objects.create(
        created_by=actor,
        file_name=(file_name or "")[:200],
        update_existing=update_existing,
        total_rows=estimate,
    )
    run = ImportRun(actor, job)
    batch: list[tuple[int, dict[str, Any]]] = []
    counters = ["processed_rows", "created_count", "updated_count", "duplicate_count"]
    counters += ["failed_count", "total_rows"]

    def flush():
        before = {name: getattr(job, name) for name in counters}
        try:
            with transaction.atomic():
                run.chunk(batch)
                job.processed_rows += len(batch)
                job.total_rows = max(job.total_rows, job.processed_rows)
                job.save(update_fields=counters)
        except Exception:
            for name, value in before.items():  # the chunk left nothing: nor do its counts
                setattr(job, name, value)
            run.report = []
            raise
        batch.clear()

    try:
        for no, values in enumerate(rows, start=2):
            raw = {name: values[i] for i, name in columns.items() if i < len(values)}
            if all(cell_text(v) == "" for v in raw.values()):
                continue
            if no > MAX_ROWS + 1:
                raise BusinessRuleError(
                    "BR-RPT-06", _("一次最多导入 %(n)s 行，请拆分文件。") % {"n": MAX_ROWS}
                )
            batch.append((no, raw))
            if len(batch) >= CHUNK:
                flush()
        if batch:
            flush()
    except Exception as exc:
        # the rows already imported stay (each whole); the job says where it stopped
        job.status = ImportStatus.FAILED
        job.error = str(getattr(exc, "message", "") or _("导入中断，请联系管理员。"))[:300]
        job.finished_at = timezone.now()
        job.save(update_fields=[*counters, "status", "error", "finished_at"])
        audit_record(
            actor=actor,
            action="customer.import",
            obj=job,
            rule="BR-RPT-06",
            extra={"file": job.file_name, "error": job.error, "rows": job.processed_rows},
        )
        if isinstance(exc, BusinessRuleError):
            return job
        raise
    with transaction.atomic():
        job.status = ImportStatus.DONE
        job.total_rows = job.processed_rows
        job.finished_at = timezone.now()
        job.save(update_fields=[*counters, "status", "finished_at"])
        audit_record(
            actor=actor,
            action="customer.import",
            obj=job,
            rule="BR-RPT-06",
            extra={
                "file": job.file_name,
                "update_existing": update_existing,
                "rows": job.processed_rows,
                "created": job.created_count,
                "updated": job.updated_count,
                "duplicates": job.duplicate_count,
                "failed": job.failed_count,
            },
        )
    return job
