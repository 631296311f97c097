"""What the registers' API answers: the rows and totals of each register. Money is sent
as strings with two decimals, never floats; phones masked as on the page (BR-CUS-10)."""

from __future__ import annotations

from rest_framework import serializers

from l2c.reports.apis._common import money


class ReservationRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField(help_text="签署日期")
    number = serializers.CharField(help_text="认购书编号")
    version_no = serializers.IntegerField()
    customer = serializers.IntegerField(source="customer_id")
    customer_name = serializers.CharField(source="customer")
    mobile = serializers.CharField(help_text="非客户负责人看到脱敏号码（BR-CUS-10）")
    project = serializers.CharField()
    unit = serializers.CharField()
    area = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    list_price = money()
    agreed_price = money()
    discount_percent = serializers.DecimalField(
        source="discount", max_digits=7, decimal_places=2, allow_null=True
    )
    deposit_due = money(help_text="应交小定/定金")
    paid = money(help_text="已交（有效收据合计）")
    unpaid = money()
    refunded = money()
    receipts = serializers.ListField(child=serializers.CharField(), source="receipt_list")
    due_date = serializers.DateField(allow_null=True, help_text="交款期限")
    sign_by = serializers.DateField(allow_null=True, help_text="签约期限")
    rep = serializers.CharField(help_text="经办人")
    team = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()

    class Meta:
        ref_name = "ReportReservationRow"


class ReservationTotalsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    area = serializers.DecimalField(max_digits=12, decimal_places=2)
    list_price = money()
    agreed_price = money()
    discount_percent = serializers.DecimalField(
        source="discount", max_digits=7, decimal_places=2, allow_null=True
    )
    deposit_due = money()
    paid = money()
    unpaid = money()
    refunded = money()

    class Meta:
        ref_name = "ReportReservationTotals"


class ContractRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField(help_text="签约日期")
    number = serializers.CharField(help_text="合同编号")
    customer = serializers.IntegerField(source="customer_id")
    customer_name = serializers.CharField(source="customer")
    buyer = serializers.CharField(help_text="买受人")
    mobile = serializers.CharField(help_text="非客户负责人看到脱敏号码（BR-CUS-10）")
    project = serializers.CharField()
    unit = serializers.CharField()
    area = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    list_price = money()
    price = money(help_text="合同价")
    discount_percent = serializers.DecimalField(
        source="discount", max_digits=7, decimal_places=2, allow_null=True
    )
    classification = serializers.CharField(help_text="standard 标准合同 / special 特殊合同")
    classification_label = serializers.CharField()
    deposit_converted = money(help_text="定金转房款")
    received = money(help_text="已收房款")
    outstanding = money(help_text="未收")
    reservation = serializers.CharField(help_text="认购书编号")
    rep = serializers.CharField()
    team = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()

    class Meta:
        ref_name = "ReportContractRow"


class ContractTotalsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    special = serializers.IntegerField(help_text="其中特殊合同")
    area = serializers.DecimalField(max_digits=12, decimal_places=2)
    list_price = money()
    price = money()
    discount_percent = serializers.DecimalField(
        source="discount", max_digits=7, decimal_places=2, allow_null=True
    )
    deposit_converted = money()
    received = money()
    outstanding = money()

    class Meta:
        ref_name = "ReportContractTotals"


class LedgerMeta(serializers.Serializer):
    register = serializers.CharField()
    title = serializers.CharField()
    period = serializers.CharField()
    scope = serializers.CharField()
    count = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()


class ReservationLedgerSerializer(LedgerMeta):
    totals = ReservationTotalsSerializer()
    rows = ReservationRowSerializer(many=True)

    class Meta:
        ref_name = "ReportReservationLedger"


class ContractLedgerSerializer(LedgerMeta):
    totals = ContractTotalsSerializer()
    rows = ContractRowSerializer(many=True)

    class Meta:
        ref_name = "ReportContractLedger"


class FiguresSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="小计/合计行的名称")
    level = serializers.CharField(help_text="空：经办人或月份；subtotal 小组小计；total 合计")
    team = serializers.CharField()
    rep = serializers.CharField()
    month = serializers.CharField()
    visitors = serializers.IntegerField(help_text="来访")
    calls = serializers.IntegerField(help_text="来电")
    new_customers = serializers.IntegerField(help_text="新建档")
    holds = serializers.IntegerField(help_text="销控保留")
    small_deposits = serializers.IntegerField(help_text="小定笔数")
    small_deposit_amount = money()
    deposits = serializers.IntegerField(help_text="定金认购笔数")
    deposit_amount = money()
    contracts = serializers.IntegerField(help_text="签约份数")
    contract_amount = money()
    received_small_deposit = money()
    received_deposit = money()
    received_payment = money()
    received_other = money()
    refunded = money()
    received_total = money()

    class Meta:
        ref_name = "ReportFigures"


class DailySerializer(serializers.Serializer):
    day = serializers.DateField()
    scope = serializers.CharField()
    reps = FiguresSerializer(many=True, help_text="按经办人，小组小计在各组之后")
    total = FiguresSerializer()

    class Meta:
        ref_name = "ReportDaily"


class StatisticsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    month = serializers.IntegerField(allow_null=True)
    scope = serializers.CharField()
    months = FiguresSerializer(many=True)
    year_total = FiguresSerializer()
    reps = FiguresSerializer(many=True)
    reps_total = FiguresSerializer()

    class Meta:
        ref_name = "ReportStatistics"


class StateLineSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    area = serializers.DecimalField(max_digits=12, decimal_places=2)
    list_price = money()
    deal_price = money(help_text="成交金额（仅含本人数据范围内的成交）")

    class Meta:
        ref_name = "ReportStateLine"


class UnitRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    building = serializers.CharField()
    floor = serializers.IntegerField(allow_null=True)
    room = serializers.CharField()
    unit = serializers.CharField()
    product = serializers.CharField()
    area = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    list_price = money()
    status = serializers.CharField(
        help_text="实际状态：available / held / reserved / contracted / delivered（保留过期即可售）"
    )
    status_label = serializers.CharField()
    held_until = serializers.DateTimeField(allow_null=True)
    customer = serializers.CharField(help_text="不在本人数据范围内的成交只显示姓氏（赵**）")
    rep = serializers.CharField()
    document = serializers.CharField(help_text="认购书/合同编号")
    deal_price = money(allow_null=True)
    deal_date = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "ReportUnitRow"


class StockRowSerializer(serializers.Serializer):
    product = serializers.CharField()
    warehouse = serializers.CharField()
    unit_name = serializers.CharField()
    quantity = serializers.IntegerField()
    reserved = serializers.IntegerField()
    available = serializers.IntegerField()
    market_price = money()
    available_value = money()

    class Meta:
        ref_name = "ReportStockRow"


class SalesStatusSerializer(serializers.Serializer):
    project = serializers.IntegerField(allow_null=True)
    project_name = serializers.CharField()
    building = serializers.CharField()
    states = StateLineSerializer(many=True)
    total = StateLineSerializer()
    units = UnitRowSerializer(many=True)
    stock = StockRowSerializer(many=True)

    class Meta:
        ref_name = "ReportSalesStatus"
