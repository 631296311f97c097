"""Projects, units, the board and stock: reads through ``l2c.catalog.selectors``, the hold
and the release through ``l2c.catalog.services`` (BR-CAT-01, 03)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.catalog import selectors, services
from l2c.catalog.apis._common import (
    TAG,
    CatalogPagination,
    ProductOutputSerializer,
    ProjectOutputSerializer,
    StockOutputSerializer,
    UnitDetailOutputSerializer,
    UnitOutputSerializer,
)
from l2c.catalog.models import ProductKind, ProjectKind, UnitState
from l2c.catalog.policies import MAX_HOLD_HOURS
from l2c.core.api import ErrorSerializer, ObjectActionApi, paginated, validated

READ_ERRORS = {403: ErrorSerializer, 422: ErrorSerializer}


def _unit_response(request, unit_id: int) -> Response:
    unit = selectors.unit_get(viewer=request.user, unit_id=unit_id)
    selectors.UnitShown.for_viewer(request.user).decorate([unit])
    unit.event_rows = list(selectors.unit_events(unit)[:100])
    return Response(UnitDetailOutputSerializer(unit).data)


class ProjectsApi(APIView):
    """Projects on sale (楼盘、车型系列、设备产品线), visible to every sales role."""

    class FilterSerializer(serializers.Serializer):
        kind = serializers.CharField(
            required=False, max_length=20, help_text=" / ".join(ProjectKind.values)
        )

        class Meta:
            ref_name = "CatalogProjectFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="catalog_projects_list",
        parameters=[FilterSerializer],
        responses={200: ProjectOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        rows = selectors.project_list(viewer=request.user, filters=filters)
        return Response(ProjectOutputSerializer(rows, many=True).data)


class ProductsApi(APIView):
    """The price list (BR-CAT-02): market price, lowest dealer price, lowest factory price."""

    pagination_class = CatalogPagination

    class FilterSerializer(serializers.Serializer):
        project = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
        kind = serializers.CharField(
            required=False, max_length=10, help_text=" / ".join(ProductKind.values)
        )
        q = serializers.CharField(required=False, max_length=40, help_text="名称或编码")

        class Meta:
            ref_name = "CatalogProductFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="catalog_products_list",
        parameters=[FilterSerializer],
        responses={200: ProductOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        qs = selectors.product_list(viewer=request.user, filters=filters)
        return paginated(self, request, qs, ProductOutputSerializer)


class UnitsApi(APIView):
    """Units with their effective state (a hold past its expiry is ``available``)."""

    pagination_class = CatalogPagination

    class FilterSerializer(serializers.Serializer):
        project = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
        building = serializers.CharField(required=False, max_length=20)
        product = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
        state = serializers.ChoiceField(choices=UnitState.choices, required=False)
        q = serializers.CharField(required=False, max_length=40, help_text="房号/车架号/序列号")

        class Meta:
            ref_name = "CatalogUnitFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="catalog_units_list",
        parameters=[FilterSerializer],
        responses={200: UnitOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        qs = selectors.unit_list(viewer=request.user, filters=filters)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        rows = selectors.UnitShown.for_viewer(request.user).decorate(page)
        return paginator.get_paginated_response(UnitOutputSerializer(rows, many=True).data)


class UnitDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="catalog_units_retrieve",
        responses={200: UnitDetailOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, unit_id: int):
        return _unit_response(request, unit_id)


class UnitActionApi(ObjectActionApi):
    """An action on a unit the viewer may see; the answer is the unit's detail."""

    tags = [TAG]
    output = UnitDetailOutputSerializer

    def find(self, request, *, unit_id: int):
        return selectors.unit_get(viewer=request.user, unit_id=unit_id)

    def answer(self, request, unit, **kwargs) -> Response:
        return _unit_response(request, unit.pk)


class UnitHoldApi(UnitActionApi):
    """销控保留 (BR-CAT-03): hold an available unit for ``catalog.hold_hours`` (24 h); a
    unit held or sold by someone else is refused with 422 naming the holder and expiry."""

    operation_id = "catalog_units_hold"

    class InputSerializer(serializers.Serializer):
        customer_id = serializers.IntegerField(
            required=False,
            allow_null=True,
            min_value=1,
            max_value=2**62,
            help_text="为哪位客户保留（客户 id，可选）",
        )
        hours = serializers.IntegerField(
            required=False,
            allow_null=True,
            min_value=1,
            max_value=MAX_HOLD_HOURS,
            help_text="保留时长（小时）；只有主管及以上可以改变默认时长",
        )

        class Meta:
            ref_name = "CatalogUnitHoldInput"

    def perform(self, request, unit, data, **kwargs) -> None:
        services.unit_hold(actor=request.user, unit_id=unit.pk, **data)


class UnitReleaseApi(UnitActionApi):
    """Release a hold (the holder or a leader): the unit is available again."""

    operation_id = "catalog_units_release"

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, max_length=200)

        class Meta:
            ref_name = "CatalogUnitReleaseInput"

    def perform(self, request, unit, data, **kwargs) -> None:
        services.unit_release(actor=request.user, unit_id=unit.pk, **data)


class BoardCellSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    room = serializers.CharField()
    area = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    market_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    state = serializers.CharField(source="eff_state")
    holder_name = serializers.CharField()
    customer_name = serializers.CharField(source="customer_shown")
    held_until = serializers.SerializerMethodField()

    class Meta:
        ref_name = "CatalogBoardCell"

    def get_held_until(self, obj) -> str | None:
        if obj.eff_state != UnitState.HELD or obj.held_until is None:
            return None
        return serializers.DateTimeField().to_representation(obj.held_until)


class BoardFloorSerializer(serializers.Serializer):
    floor = serializers.IntegerField()
    cells = BoardCellSerializer(many=True, allow_null=True, help_text="按房间顺序；无此房为 null")

    class Meta:
        ref_name = "CatalogBoardFloor"


class BoardBuildingSerializer(serializers.Serializer):
    name = serializers.CharField()
    rooms = serializers.ListField(child=serializers.CharField())
    floors = BoardFloorSerializer(many=True, help_text="自顶层向下")
    counts = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()

    class Meta:
        ref_name = "CatalogBoardBuilding"


class BoardOutputSerializer(serializers.Serializer):
    project = serializers.IntegerField(allow_null=True)
    project_name = serializers.CharField()
    buildings = serializers.ListField(child=serializers.CharField())
    building = serializers.CharField(allow_null=True)
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="各有效状态的数量（available/held/…）"
    )
    total = serializers.IntegerField()
    grids = BoardBuildingSerializer(many=True)
    loose = UnitOutputSerializer(many=True, help_text="没有楼层/房间的单位（车架号、序列号）")

    class Meta:
        ref_name = "CatalogBoard"


class BoardApi(APIView):
    """The sales-control board (销控表): per building floors (top first) × rooms."""

    class FilterSerializer(serializers.Serializer):
        project = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
        building = serializers.CharField(required=False, max_length=20)

        class Meta:
            ref_name = "CatalogBoardFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="catalog_board",
        parameters=[FilterSerializer],
        responses={200: BoardOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        b = selectors.board(
            viewer=request.user,
            project_id=filters.get("project"),
            building=filters.get("building"),
        )
        data = {
            "project": b.project.pk if b.project else None,
            "project_name": b.project.name if b.project else "",
            "buildings": b.buildings,
            "building": b.building,
            "counts": b.counts,
            "total": b.total,
            "grids": [
                {
                    **g,
                    "floors": [{"floor": f, "cells": cells} for f, cells in g["floors"]],
                }
                for g in b.grids
            ],
            "loose": b.loose,
        }
        return Response(BoardOutputSerializer(data).data)


class StockApi(APIView):
    """Stock of quantity products per warehouse (BR-CAT-01): on hand, reserved, available."""

    pagination_class = CatalogPagination

    class FilterSerializer(serializers.Serializer):
        project = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
        product = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
        warehouse = serializers.CharField(required=False, max_length=40)

        class Meta:
            ref_name = "CatalogStockFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="catalog_stock_list",
        parameters=[FilterSerializer],
        responses={200: StockOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        qs = selectors.stock_list(viewer=request.user, filters=filters)
        return paginated(self, request, qs, StockOutputSerializer)
