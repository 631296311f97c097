"""What an audit row's codes mean to a person: action labels and the few change keys that are
not model fields.

Services write English action codes (``customer.register``, ``money.receive``); the pages
show the label here and keep the code for the administrator and the GM (a tooltip, a second
line on the audit log). Every action the code base writes has a label: ``test_labels``
scans the source, so a new action without one fails the suite. An unknown code (an action
removed since, a test row) shows as itself.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from l2c.core.roles import Role

ACTION_LABELS = {
    # 登录 authentication
    "auth.login": _("登录"),
    "auth.login_failed": _("登录失败"),
    "auth.login_locked": _("登录被锁定"),
    "auth.logout": _("退出登录"),
    # 组织 organisation
    "org.department.create": _("新建部门"),
    "org.team.create": _("新建小组"),
    "org.team.set_leader": _("设置组长"),
    "org.person.create": _("新建员工"),
    "org.person.update": _("修改员工信息"),
    "org.person.set_roles": _("调整角色"),
    "org.person.set_superior": _("调整直接上级"),
    "org.person.leave": _("员工离职"),
    "org.absence.create": _("登记请假/外出"),
    "org.absence.cancel": _("取消请假/外出"),
    # 制度 policy
    "policy.change": _("修改制度设置"),
    "policy.calendar.set_day": _("设置工作日历"),
    "policy.calendar.confirm_year": _("确认年度日历"),
    # 审批 approvals
    "approval.submit": _("提交审批"),
    "approval.resubmit": _("重新提交审批"),
    "approval.not_required": _("无需审批"),
    "approval.approve": _("审批同意"),
    "approval.reject": _("审批不同意"),
    "approval.return": _("审批退回"),
    "approval.withdraw": _("撤回审批"),
    "approval.cancel": _("取消审批"),
    "approval.transfer": _("转交审批"),
    "approval.add_signer": _("加签"),
    "approval.copy": _("抄送"),
    "approval.escalate": _("审批超时升级"),
    # 接待 reception and attribution
    "reception.roster_set": _("设置轮值表"),
    "reception.receive": _("登记接待"),
    "reception.register_customer": _("接待登记客户"),
    "reception.first_message": _("发送首条信息"),
    "reception.desk_out": _("离开接待台"),
    "reception.desk_back": _("回到接待台"),
    "reception.export": _("导出来访登记"),
    "attribution.decide": _("客户区分判定"),
    "attribution.dispute": _("提出归属异议"),
    "attribution.resolve": _("处理归属异议"),
    "attribution.verify": _("核实客户投诉"),
    "attribution.settle": _("业绩归属结算"),
    # 客户 customers
    "customer.register": _("登记客户"),
    "customer.update": _("修改客户"),
    "customer.confirm": _("确认客户登记"),
    "customer.duplicate": _("登记重复客户"),
    "customer.duplicate_confirm": _("确认重卡"),
    "customer.contact_add": _("添加联系人"),
    "customer.contact_update": _("修改联系人"),
    "customer.contact_remove": _("删除联系人"),
    "customer.claim": _("从公海领取客户"),
    "customer.transfer": _("转移客户"),
    "customer.redistribute": _("重新分配客户"),
    "customer.attribution": _("按归属判定分配客户"),
    "customer.lock": _("锁定客户"),
    "customer.unlock": _("解锁客户"),
    "customer.deal": _("客户成交"),
    "customer.reveal": _("查看客户完整信息"),
    "customer.archive_request": _("申请客户归档"),
    "customer.archive": _("客户归档"),
    "customer.import": _("导入客户"),
    "customer.export": _("导出客户"),
    # 跟进 activities
    "follow_up.record": _("记录跟进"),
    "follow_up.confirm": _("确认跟进"),
    "tracking.review": _("审阅追踪表"),
    "visit_plan.create": _("新建拜访计划"),
    "visit_plan.update": _("修改拜访计划"),
    "visit_plan.item_add": _("添加拜访安排"),
    "visit_plan.item_remove": _("移除拜访安排"),
    "visit_plan.item_cancel": _("取消拜访安排"),
    "visit_report.create": _("提交拜访报告"),
    "visit_report.update": _("修改拜访报告"),
    "visit_report.approve": _("拜访报告审核通过"),
    "visit_report.return": _("退回拜访报告"),
    "task.create": _("新建任务"),
    "task.complete": _("完成任务"),
    "work_log.create": _("填写工作日志"),
    "work_log.update": _("修改工作日志"),
    "daily_summary.create": _("填写销售日报"),
    "daily_summary.update": _("修改销售日报"),
    "daily_summary.send": _("发送销售日报"),
    # 产品与销控 catalog
    "project.create": _("新建项目"),
    "product.create": _("新建产品"),
    "product.prices": _("修改产品价格"),
    "unit.create": _("新建销售单位"),
    "unit.generate": _("批量生成销售单位"),
    "unit.prices": _("修改销售单位价格"),
    "unit.hold": _("销控保留"),
    "unit.hold_expired": _("销控保留到期"),
    "unit.release": _("取消销控保留"),
    "unit.reserve": _("认购锁定"),
    "unit.contract": _("签约锁定"),
    "unit.deliver": _("交付"),
    "unit.cancel": _("退订/解约释放"),
    "stock.receive": _("入库"),
    "stock.reserve": _("预留库存"),
    "stock.release": _("释放库存"),
    "stock.issue": _("出库（减库存）"),
    "price_change.create": _("提交调价申请"),
    "price_change.update": _("修改调价申请"),
    "price.change": _("执行调价"),
    # 商机、报价、投标 deals
    "opportunity.create": _("新建商机"),
    "opportunity.update": _("修改商机"),
    "opportunity.move": _("推进商机阶段"),
    "opportunity.won": _("商机赢单"),
    "discount.create": _("提交优惠申请"),
    "discount.update": _("修改优惠申请"),
    "quote.create": _("新建报价单"),
    "quote.update": _("修改报价单"),
    "quote.revise": _("修订报价单"),
    "quote.request_discount": _("报价申请优惠"),
    "quote.send": _("发出报价单"),
    "quote.accept": _("客户接受报价"),
    "quote.decline": _("客户拒绝报价"),
    "tender.report": _("报告招标信息"),
    "tender.team": _("设置投标小组"),
    "tender.documents_bought": _("购买标书"),
    "tender.registered": _("投标报名"),
    "tender.site_survey": _("现场踏勘"),
    "tender.solution": _("制作方案"),
    "tender.review": _("方案评审"),
    "tender.documents_ready": _("投标文件完成"),
    "tender.submitted": _("递交投标文件"),
    "tender.price": _("确定投标报价"),
    "tender.opening": _("登记开标记录"),
    "tender.result": _("登记投标结果"),
    "tender.award": _("登记中标通知书"),
    "tender.service_fee": _("登记中标服务费"),
    "tender.contracted": _("中标签约"),
    "tender.lapse": _("中标失效"),
    # 认购与合同 contracts
    "reservation.sign": _("签订认购书"),
    "reservation.revise": _("修改认购书"),
    "reservation.paid": _("认购书款项到账"),
    "reservation.cancel": _("取消认购"),
    "contract.create": _("起草合同"),
    "contract.update": _("修改合同"),
    "contract.ready": _("提交合同审核"),
    "contract.review": _("合同审核"),
    "contract.sign": _("签订合同"),
    "contract.deposit_converted": _("合同登记定金转入"),
    "contract.archive": _("合同归档"),
    "contract.access_request": _("申请查阅合同"),
    "contract.borrow": _("借阅合同"),
    "contract.return": _("归还合同"),
    "contract_change.request": _("申请合同变更"),
    "contract_change.apply": _("执行合同变更"),
    "contract_change.fee_paid": _("合同变更费到账"),
    "contract_change.fee_voided": _("过户费收据作废"),
    # 财务 finance
    "money.receive": _("登记收款"),
    "money.deposit_convert": _("定金转房款"),
    "money.refund": _("登记退款"),
    "money.void": _("作废收款"),
    "bid_bond.pay": _("缴纳投标保证金"),
    "bid_bond.refund": _("投标保证金退还"),
    "money.receive_milestone": _("登记节点回款"),
    "payment_plan.set": _("设置付款计划"),
    "contract_event.arrival": _("登记到货"),
    "contract_event.acceptance": _("登记验收"),
    "contract_settlement.record": _("登记结算金额"),
    "breach.open": _("违约立案"),
    "breach.step": _("记录违约处理经过"),
    "breach.close": _("违约处理结案"),
    # 报表 reports
    "report.export": _("导出报表"),
    # fulfillment (BR-FUL-01…03)
    "order.create": _("新建销售订单"),
    "order.notice_acknowledge": _("签收发货通知"),
    "demand_request.create": _("提交需货申请"),
    "outbound.issue": _("开具销售出库单"),
    "outbound.ship": _("仓库发货"),
    "outbound.confirm": _("登记客户确认单"),
}

#: Change keys that are not a field of the audited model, with their label and, where the
#: value is a code, its choices.
CHANGE_KEYS = {
    "roles": (_("角色"), dict(Role.choices)),
    "value": (_("取值"), None),
    "order": (_("顺序"), None),
    "lines": (_("明细行数"), None),
    "quantity": (_("库存数量"), None),
    "reserved": (_("已预留"), None),
}


def action_label(code: str) -> str:
    """The action as a person reads it; an unknown code shows as itself."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def actions_labelled(text: str) -> list[str]:
    """The codes whose label (in the current language) contains ``text``."""
    text = text.strip().casefold()
    if not text:
        return []
    return sorted(code for code, label in ACTION_LABELS.items() if text in str(label).casefold())


def object_types_labelled(text: str) -> list[str]:
    """The object types (``app_label.model``) whose model name contains ``text``."""
    from django.apps import apps

    text = text.strip().casefold()
    if not text:
        return []
    return sorted(
        m._meta.label_lower
        for m in apps.get_models()
        if text in str(m._meta.verbose_name).casefold()
    )
