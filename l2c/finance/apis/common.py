"""What the receivables APIs share: their tag, money fields and pagination."""

from __future__ import annotations

from l2c.core.paging import CappedLimitOffsetPagination

TAG = "finance-receivables"
MONEY = {"max_digits": 14, "decimal_places": 2}


class ReceivablesPagination(CappedLimitOffsetPagination):
    default_limit = 50
    max_limit = 200

    def get_count(self, queryset) -> int:
        """Rows grouped by contract or customer: count the groups (``capped_count`` counts
        primary keys, i.e. milestones)."""
        if isinstance(queryset, list):
            return len(queryset)
        return min(queryset.order_by().count(), self.cap + 1)
