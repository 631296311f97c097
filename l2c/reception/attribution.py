"""客户区分准则 (002 art. 2 (五) 3; BR-ATT-01…13) as one pure function, and the split of an
amount to the cent (BR-ATT-12). No database: the service gathers the facts (who owns the
card and whether it is valid, who is at the desk, who is next in line) and records the
outcome.

Letters as in the rulebook: **A** = the rep receiving now (or asked for now), **B** = the
earlier rep (who the customer names, else the card holder in the register), **C** = the
rep who helps while B is away. *Valid* = B holds the customer's card and it is within
BR-CUS-04. The house reading of the rules, where the rulebook is silent:

* validity is a principle of every rule (客户区分原则 (1) 建档有效期): a rep whose card is
  void has no claim, so each rule gives B's part to the rep now serving;
* BR-ATT-03 and BR-ATT-13 describe the same situation (B named, B away, the rep in line
  serves); as rules.md says, the same-day rule decides: the shares are *conditional* —
  C 50 / B 50 if the deal closes that day, else B 100 — and are settled when it closes;
* BR-ATT-05 when the rep who receives is not the valid card holder: the same-day rule too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError

HUNDRED = Decimal("100")
CENT = Decimal("0.01")
ALWAYS, SAME_DAY, LATER = "", "same_day", "later"


@dataclass(frozen=True)
class Answers:
    """What the desk learnt by asking (BR-REC-06). Reps are user ids."""

    came_before: bool = True
    #: B, as the customer names them (else the card holder found in the register)
    earlier_rep: int | None = None
    #: the rep the customer asks for now (A)
    wanted_rep: int | None = None
    #: the rep who helps while B is away (C); default: the next in line
    helper_rep: int | None = None
    forgot: bool = False  # BR-ATT-07
    refuses_earlier: bool = False  # BR-ATT-02
    complaint: bool = False  # BR-ATT-04
    named_reps: tuple[int, ...] = ()  # BR-ATT-05, in the order named
    nth_visit_named: bool = False  # BR-ATT-08: names wanted_rep on a later visit
    seeks_discount: bool = False  # BR-ATT-06: B's customer came to wanted_rep for a discount
    event: bool = False  # BR-ATT-10


@dataclass(frozen=True)
class Facts:
    owner: int | None  # the card holder in the register
    owner_valid: bool
    present: frozenset[int]
    rotation_rep: int | None  # the next in line now (serving does not consume a turn)
    #: reps who received the customer before within the protection period, oldest first
    earlier_receivers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Splits:
    refused: dict[str, Decimal]  # attribution.refused_split {"A", "B"}
    helper: dict[str, Decimal]  # attribution.helper_split {"B", "C"} (see module doc)
    forgot: dict[str, Decimal]  # attribution.forgot_split {"A", "B"}
    nth_visit: dict[str, Decimal]  # attribution.nth_visit_split {"A", "earlier"}
    same_day: dict[str, Decimal]  # attribution.same_day_service_split {"A" server, "B" owner}


@dataclass(frozen=True)
class ShareSpec:
    user: int | None
    role: str
    percent: Decimal
    condition: str = ALWAYS
    deal_owner: bool = False
    department: bool = False  # the department holds it (BR-ATT-11)


@dataclass(frozen=True)
class Outcome:
    rule: str
    receiver: int
    deal_owner: int | None
    shares: tuple[ShareSpec, ...]
    #: who should hold the card after the decision; None = unchanged
    owner_after: int | None = None
    status: str = "confirmed"
    pending: str = ""
    note: str = ""


def _need(rep: int | None, message: str) -> int:
    if rep is None:
        raise BusinessRuleError("BR-ATT-05", message, code="nobody_to_receive")
    return rep


def _alone(rule: str, rep: int, facts: Facts, note: str, **kw) -> Outcome:
    """Everything to ``rep``, who also holds the card afterwards."""
    return Outcome(
        rule,
        receiver=kw.pop("receiver", rep),
        deal_owner=rep,
        shares=(ShareSpec(rep, kw.pop("role", "A"), HUNDRED, deal_owner=True),),
        owner_after=rep if (rep != facts.owner or not facts.owner_valid) else None,
        note=note,
        **kw,
    )


def _same_day(rule: str, server: int, owner: int, split: dict[str, Decimal], note: str) -> Outcome:
    """BR-ATT-13: the server's share holds only if the deal closes the same day."""
    return Outcome(
        rule,
        receiver=server,
        deal_owner=owner,
        shares=(
            ShareSpec(owner, "B", HUNDRED, LATER, deal_owner=True),
            ShareSpec(server, "C", split["A"], SAME_DAY),
            ShareSpec(owner, "B", split["B"], SAME_DAY, deal_owner=True),
        ),
        note=note,
    )


def decide(a: Answers, f: Facts, s: Splits) -> Outcome:
    """The rule that applies to a returning customer, and its split."""
    b = a.earlier_rep if a.earlier_rep is not None else f.owner
    valid = b is not None and b == f.owner and f.owner_valid
    chosen = a.wanted_rep if a.wanted_rep is not None else f.rotation_rep
    if a.event:
        receiver = _need(chosen, _("请选择接待人。"))
        return Outcome(
            "BR-ATT-10",
            receiver,
            receiver,
            (ShareSpec(receiver, "A", HUNDRED, deal_owner=True),),
            status="proposed",
            pending="manager",
            note=_("活动/开盘：由经理按其他方法确定归属"),
        )
    if a.seeks_discount:
        receiver = _need(chosen, _("请选择客户找的置业顾问。"))
        if valid:
            serving = b if b in f.present else receiver
            return Outcome(
                "BR-ATT-06",
                serving,
                b,
                (ShareSpec(b, "B", HUNDRED, deal_owner=True),),
                note=_("为争取折扣另找他人：业绩奖金全部归原负责人"),
            )
        return _alone("BR-ATT-06", receiver, f, _("原卡已失效：归现接待人"))
    if a.complaint or a.refuses_earlier:
        if b is None:
            raise BusinessRuleError(
                "BR-ATT-02", _("请填写客户不愿找的原接待人。"), field="earlier_rep"
            )
        receiver = _need(chosen, _("请选择客户要求的置业顾问。"))
        if receiver == b:
            raise BusinessRuleError(
                "BR-ATT-02", _("客户不愿找原接待人，请选择另一位置业顾问。"), field="wanted_rep"
            )
        if a.complaint:
            out = _alone("BR-ATT-04", receiver, f, _("客户投诉原接待人"))
            if valid:
                return Outcome(
                    out.rule,
                    out.receiver,
                    out.deal_owner,
                    out.shares,
                    receiver,
                    "proposed",
                    "supervisor",
                    _("待销售主管核实投诉后，此客户成交与原接待人无关"),
                )
            return out
        if not valid:
            return _alone("BR-ATT-02", receiver, f, _("原卡已失效：与原接待人无关"))
        return Outcome(
            "BR-ATT-02",
            receiver,
            receiver,
            (
                ShareSpec(receiver, "A", s.refused["A"], deal_owner=True),
                ShareSpec(b, "B", s.refused["B"]),
            ),
            owner_after=receiver,
            note=_("客户不愿找原接待人，要求新人接待；原卡在有效期内"),
        )
    if len(a.named_reps) >= 2:
        named_present = [r for r in a.named_reps if r in f.present]
        receiver = named_present[0] if named_present else f.rotation_rep
        receiver = _need(receiver, _("客户说出的置业顾问都不在，且无人轮值。"))
        if valid and receiver != b:
            return _same_day("BR-ATT-05", receiver, b, s.same_day, _("说出多名置业顾问；原卡有效"))
        return _alone("BR-ATT-05", receiver, f, _("说出多名置业顾问：由第一位在场者接待"))
    if a.nth_visit_named:
        receiver = _need(a.wanted_rep, _("请选择客户指定的置业顾问。"))
        earlier = [
            r
            for r in dict.fromkeys([*f.earlier_receivers, *([b] if valid else [])])
            if r != receiver and r is not None and (r != f.owner or f.owner_valid)
        ]
        if not earlier:
            return _alone("BR-ATT-08", receiver, f, _("第 N 次来访指定接待；此前无有效接待人"))
        parts = even_parts(s.nth_visit["earlier"], len(earlier))
        return Outcome(
            "BR-ATT-08",
            receiver,
            receiver,
            (
                ShareSpec(receiver, "A", s.nth_visit["A"], deal_owner=True),
                *(ShareSpec(r, "earlier", p) for r, p in zip(earlier, parts, strict=True)),
            ),
            owner_after=receiver if receiver != f.owner or not f.owner_valid else None,
            note=_("第 N 次来访指定接待：此前的接待人共享"),
        )
    if a.earlier_rep is None or a.forgot:
        receiver = _need(chosen, _("无人轮值，请选择接待人。"))
        if valid and b != receiver:
            return Outcome(
                "BR-ATT-07",
                receiver,
                b,
                (
                    ShareSpec(receiver, "A", s.forgot["A"]),
                    ShareSpec(b, "B", s.forgot["B"], deal_owner=True),
                ),
                note=_("客户忘记原接待人，登记显示原卡有效：平分"),
            )
        return _alone("BR-ATT-07", receiver, f, _("客户忘记原接待人，无有效原卡：归轮值接待人"))
    if b in f.present:
        return _alone("BR-ATT-01", b, f, _("原接待人在场：交回原接待人"), role="B")
    helper = a.helper_rep if a.helper_rep is not None else f.rotation_rep
    helper = _need(helper, _("原接待人不在，且无人轮值：请选择协助接待人。"))
    if not valid:
        return _alone("BR-ATT-03", helper, f, _("原接待人不在且原卡已失效：归协助接待人"))
    return _same_day(
        "BR-ATT-03", helper, b, s.same_day, _("原接待人不在，他人协助接待（当日成交规则）")
    )


def even_parts(total: Decimal, n: int) -> list[Decimal]:
    """``total`` percent in ``n`` parts of two decimals that sum to it exactly."""
    base = (total / n).quantize(CENT, rounding=ROUND_DOWN)
    parts = [base] * n
    for i in range(int((total - base * n) / CENT)):
        parts[i] += CENT
    return parts


def check_sums(shares: Iterable[ShareSpec]) -> None:
    """BR-ATT-12: whatever the deal does, the shares that hold sum to exactly 100%."""
    shares = list(shares)
    for outcome in (SAME_DAY, LATER):
        total = sum(
            (x.percent for x in shares if x.condition in (ALWAYS, outcome)), start=Decimal(0)
        )
        if total != HUNDRED:
            raise BusinessRuleError(
                "BR-ATT-12",
                _("分成合计必须正好等于 100%%（现为 %(t)s%%）。") % {"t": total},
                code="split_not_100",
            )


@dataclass(frozen=True)
class Part:
    key: object
    percent: Decimal
    is_deal_owner: bool = False


def split(parts: Sequence[Part], amount: Decimal) -> list[tuple[Part, Decimal]]:
    """Split ``amount`` (元) by the parts' percents, to the cent: each part rounded towards
    zero, the remainder cents to the deal owner's part (else the largest) (BR-ATT-12)."""
    if not parts:
        return []
    amount = Decimal(amount).quantize(CENT)
    sign = -1 if amount < 0 else 1
    base = abs(amount)
    amounts = [(base * p.percent / HUNDRED).quantize(CENT, rounding=ROUND_DOWN) for p in parts]
    rest = base - sum(amounts, start=Decimal(0))
    owner = next((i for i, p in enumerate(parts) if p.is_deal_owner), None)
    if owner is None:
        owner = max(range(len(parts)), key=lambda i: parts[i].percent)
    amounts[owner] += rest
    return [(p, sign * a) for p, a in zip(parts, amounts, strict=True)]


def split_amount(decision, amount) -> list[tuple[object, Decimal]]:
    """The decision's active shares with their part of ``amount`` (元), exact to the cent
    (BR-ATT-12). Refused while same-day shares (BR-ATT-13) wait for the deal."""
    shares = [s for s in decision.shares.all() if s.active]
    if decision.deal_at is None and any(s.condition for s in shares):
        raise BusinessRuleError(
            "BR-ATT-13",
            _("该客户区分含“当日成交”条件，成交后才能结算分成。"),
            code="not_settled",
        )
    pairs = split([Part(s, s.percent, s.is_deal_owner) for s in shares], amount)
    return [(part.key, value) for part, value in pairs]
