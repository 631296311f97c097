"""Shared pieces of the catalog API: pagination, error answers and output serializers.
Units are shown in their *effective* state (BR-CAT-03) and the customer a unit is held or
sold for is masked for anyone but the customer's owner (BR-CUS-10)."""

from __future__ import annotations

from rest_framework import serializers

from l2c.catalog.models import ProductKind, ProjectKind, UnitState
from l2c.core.paging import CappedLimitOffsetPagination

TAG = "catalog"
MONEY = {"max_digits": 14, "decimal_places": 2}
STATE_HELP = " / ".join(UnitState.values)


class CatalogPagination(CappedLimitOffsetPagination):
    default_limit = 100
    max_limit = 500


class ProjectOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text=" / ".join(ProjectKind.values))
    kind_label = serializers.CharField(source="get_kind_display")
    department = serializers.IntegerField(source="department_id")
    department_name = serializers.CharField(source="department.name")
    address = serializers.CharField()
    active = serializers.BooleanField()
    unit_count = serializers.IntegerField(help_text="唯一单位数（房号/车架号/序列号）")

    class Meta:
        ref_name = "CatalogProject"


class ProductOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    project_name = serializers.CharField(source="project.name")
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text=" / ".join(ProductKind.values))
    unit_name = serializers.CharField(help_text="计量单位")
    market_price = serializers.DecimalField(**MONEY, help_text="市场价（元）")
    dealer_floor_price = serializers.DecimalField(**MONEY, help_text="最低经销价（元）")
    factory_floor_price = serializers.DecimalField(**MONEY, help_text="最低出厂价（元）")
    active = serializers.BooleanField(help_text="在售：价格已发布，只能经审批调价（BR-CAT-04）")

    class Meta:
        ref_name = "CatalogProduct"


class UnitOutputSerializer(serializers.Serializer):
    """A unit as the viewer sees it now (decorated by ``selectors.UnitShown``)."""

    id = serializers.IntegerField()
    code = serializers.CharField(help_text="房号（3-1502）、车架号或序列号")
    project = serializers.IntegerField(source="project_id")
    project_name = serializers.CharField(source="project.name")
    product = serializers.IntegerField(source="product_id")
    product_name = serializers.CharField(source="product.name")
    building = serializers.CharField()
    floor = serializers.IntegerField(allow_null=True)
    room = serializers.CharField()
    area = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    market_price = serializers.DecimalField(**MONEY)
    dealer_floor_price = serializers.DecimalField(**MONEY)
    factory_floor_price = serializers.DecimalField(**MONEY)
    state = serializers.CharField(source="eff_state", help_text=f"当前有效状态：{STATE_HELP}")
    state_label = serializers.CharField()
    holder_name = serializers.CharField(help_text="经办人（保留/认购/签约的销售人员）")
    is_mine = serializers.BooleanField(source="mine", help_text="经办人是否为当前用户")
    customer_name = serializers.CharField(
        source="customer_shown", help_text="客户姓名；非客户负责人看到的是脱敏姓名（BR-CUS-10）"
    )
    held_until = serializers.SerializerMethodField(help_text="销控保留到期时间（仅保留中）")
    can_release = serializers.BooleanField(help_text="当前用户能否释放该保留")
    version = serializers.IntegerField()

    class Meta:
        ref_name = "CatalogUnit"

    def get_held_until(self, obj) -> str | None:
        if obj.eff_state != UnitState.HELD or obj.held_until is None:
            return None
        return serializers.DateTimeField().to_representation(obj.held_until)


class UnitEventOutputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor_name = serializers.SerializerMethodField()
    reason = serializers.CharField()
    rule = serializers.CharField()
    document = serializers.CharField()

    class Meta:
        ref_name = "CatalogUnitEvent"

    def get_actor_name(self, obj) -> str:
        user = obj.actor
        if user is None:
            return "系统"
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        return person.name if person is not None else user.get_username()


class UnitDetailOutputSerializer(UnitOutputSerializer):
    events = UnitEventOutputSerializer(many=True, source="event_rows")

    class Meta:
        ref_name = "CatalogUnitDetail"


class StockOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.IntegerField(source="product_id")
    product_code = serializers.CharField(source="product.code")
    product_name = serializers.CharField(source="product.name")
    unit_name = serializers.CharField(source="product.unit_name")
    warehouse = serializers.CharField()
    quantity = serializers.IntegerField(help_text="库存数量")
    reserved = serializers.IntegerField(help_text="已预留")
    available = serializers.IntegerField(source="available_qty", help_text="可用 = 库存 − 已预留")

    class Meta:
        ref_name = "CatalogStock"
