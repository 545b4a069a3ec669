"""Page-number pagination with counts, ``page_size`` up to 100."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination


@dataclass(frozen=True)
class Counted:
    """Rows to page through, and the same rows as a cheaper query to count.

    A list whose page reads best with a condition its count does not need (a stored flag's
    redundant partner, say) gives both: the paginator slices ``rows`` and counts ``counted``, so
    ``count`` stays exact.
    """

    rows: QuerySet
    counted: QuerySet

    def count(self) -> int:
        return self.counted.count()

    def __getitem__(self, key):
        return self.rows[key]

    def __len__(self) -> int:
        return self.count()

    @property
    def ordered(self) -> bool:
        return self.rows.ordered


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_schema_operation_parameters(self, view):
        return []  # documented, with their limits, by each endpoint's PageParameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        return response
