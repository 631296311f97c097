"""Build the scale company on PostgreSQL: ``python -m bench.build_company``.

Drops and recreates the database of ``BENCH_DATABASE_URL`` (default ``l2c_bench``),
migrates it, creates the organisation through the org services (~346 people: GM, VP,
director, admin; 6 sales departments of a manager, an assistant and 5 teams of a
supervisor and 10 reps — 300 reps), then loads with PostgreSQL ``COPY`` (psycopg 3):

* 1,000,000 customers registered over the last two years, spread over the reps;
* ~5,000,000 follow-ups (about 5 a customer);
* an ownership record for every registration, drop into the pool and claim.

The customers' ownership state is *simulated*, so it obeys the rule the app enforces
(``customers.policies.validity``, BR-CUS-04/05): a card stays valid only while the owner
follows up in time (first real contact within 3 days, then every 7, protection 60 days,
three message-only contacts in a row void it); a deal keeps it for good. A card that went
void before the last sweep (``LAST_SWEEP`` = 12 h ago) is in the pool (owner NULL,
previous owner and ``dropped_at`` set, a DROP record); ~12% of those were claimed again by
another rep, who then followed them up in turn. Cards that went void in the last 12 hours
are still owned: the next sweep drops them.

Sizes: ``BENCH_CUSTOMERS`` (default 1,000,000). ``BENCH_SEED`` (default 2026).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time

import psycopg

from bench.common import PASSWORD, Clock, admin_url, db_name, db_url, setup_django

UTC = dt.UTC
DAY = 86400.0
HOUR = 3600.0
CN_OFFSET = 8 * HOUR  # Asia/Shanghai, no DST

N_CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "1000000"))
SEED = int(os.environ.get("BENCH_SEED", "2026"))
SPAN_DAYS = 730
#: the last l2c_tick pool sweep: cards void since then are still owned
LAST_SWEEP_AGO = 12 * HOUR

# the ownership terms (policy defaults, BR-CUS-04/05)
PROTECTION = 60 * DAY
FIRST_FOLLOW_UP = 3 * DAY
INTERVAL = 7 * DAY
MESSAGE_ONLY = 3

P_DEAL_PER_CONTACT = 0.05
P_CLAIM_AFTER_DROP = 0.12
P_LOCK = 0.004

MOBILE_PREFIXES = [str(p) for p in (*range(130, 140), 150, 151, 152, 153, 155, 156, 157, 158, 159)]
MOBILE_PREFIXES += [str(p) for p in range(180, 190)]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强海峰晓燕红梅婷鹏飞宇浩然子涵欣怡"
    "嘉琪梓萱思远博文俊杰雨桐一诺佳怡宇轩浩宇晨曦紫涵诗琪雅婷文博天佑瑞霖家豪明轩睿泽晓东春生秋实玉兰凤英"
)
COMPANY_CITY = ("杭州", "上海", "苏州", "南京", "宁波", "合肥", "无锡", "绍兴", "嘉兴", "温州")
COMPANY_WORD = (
    "华兴",
    "恒达",
    "远景",
    "鼎盛",
    "瑞丰",
    "创新",
    "新业",
    "宏图",
    "金桥",
    "天成",
    "中联",
    "博雅",
)
COMPANY_KIND = (
    "科技有限公司",
    "贸易有限公司",
    "实业有限公司",
    "建设集团",
    "投资有限公司",
    "物流有限公司",
)
STREETS = (
    "文三路",
    "延安路",
    "解放路",
    "人民路",
    "中山路",
    "建设路",
    "凤起路",
    "学院路",
    "环城北路",
)
OUTCOMES = {
    "call": (
        "电话沟通，客户对三居室感兴趣",
        "电话回访，客户在比较竞品",
        "电话未深谈，约下周再联系",
        "客户询问首付比例与贷款政策",
        "客户表示近期来看样板间",
    ),
    "visit": ("上门拜访，了解家庭需求", "陪同客户看房，反馈较好", "拜访客户单位，介绍项目"),
    "meeting": ("到访面谈，确认户型与预算", "面谈，讨论付款方式", "面谈，客户带家人一起来看"),
    "message": ("微信发送最新楼盘资料", "短信通知开盘活动", "微信发送户型图与价格表"),
}
KINDS = ("call",) * 11 + ("visit",) * 3 + ("meeting",) * 2 + ("message",) * 4
CHANNELS = ("walk_in",) * 9 + ("call",) * 6 + ("referral", "event", "online", "online", "import")
KLASSES = ("A",) * 3 + ("B",) * 6 + ("C",) * 11


# --- the database --------------------------------------------------------------------------


def recreate_database() -> None:
    name = db_name()
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the bench database's name must say bench")
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def migrate() -> list[str]:
    """``migrate``; then, for an app whose migrations are not written yet, its tables
    straight from the models (so the bench runs while an app is being built)."""
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    existing = set(connection.introspection.table_names())
    created = []
    with connection.schema_editor() as editor:
        for model in apps.get_models():
            meta = model._meta
            if meta.managed and not meta.proxy and meta.db_table not in existing:
                editor.create_model(model)
                created.append(meta.db_table)
                existing.add(meta.db_table)
    return created


# --- the organisation ---------------------------------------------------------------------


def person_names(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set()
    out = []
    while len(out) < n:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def build_org(rng: random.Random) -> dict:
    """The company through the org services (~346 people, 300 reps). Returns who is who."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from l2c.core.roles import Role
    from l2c.org import services as org
    from l2c.org.models import DepartmentKind

    names = iter(person_names(rng, 400))
    serial = 0
    people: dict[str, object] = {}

    def person(username, roles, dept, superior=None, team=None, title=""):
        nonlocal serial
        serial += 1
        p = org.person_create(
            actor=None,
            username=username,
            name=next(names),
            department=dept,
            roles=roles,
            superior=superior,
            team=team,
            title=title,
            mobile=f"177{serial:08d}",
            employee_no=f"B{serial:05d}",
            hired_on=dt.date(2023, 1, 1) + dt.timedelta(days=serial),
        )
        people[username] = p
        return p

    numerals = "一二三四五六七八九十"
    layout = {"departments": [], "reps": [], "managers": [], "supervisors": [], "assistants": []}
    with transaction.atomic():
        hq = org.department_create(
            actor=None, name="总经办", code="HQ", kind=DepartmentKind.HEAD_OFFICE
        )
        gm = person("gm", [Role.GM], hq, title="总经理")
        vp = person("vp", [Role.VP], hq, gm, title="营销副总")
        director = person("director", [Role.DIRECTOR], hq, vp, title="销售总监")
        person("admin", [Role.ADMIN], hq, gm, title="系统管理员")
        for d in range(6):
            dept = org.department_create(
                actor=None,
                name=f"销售{numerals[d]}部",
                code=f"S{d + 1}",
                kind=DepartmentKind.SALES,
                parent=hq,
                sort_order=d + 1,
            )
            layout["departments"].append(dept.pk)
            manager = person(f"m{d + 1}", [Role.MANAGER], dept, director, title="销售部经理")
            layout["managers"].append(manager.user_id)
            assistant = person(f"a{d + 1}", [Role.ASSISTANT], dept, manager, title="销售内勤")
            layout["assistants"].append(assistant.user_id)
            for t in range(5):
                team = org.team_create(actor=None, department=dept, name=f"{numerals[t]}组")
                sup = person(
                    f"s{d + 1}{t + 1}", [Role.SUPERVISOR], dept, manager, team, title="销售主管"
                )
                org.team_set_leader(actor=None, team=team, leader=sup)
                layout["supervisors"].append(sup.user_id)
                for _r in range(10):
                    n = len(layout["reps"]) + 1
                    rep = person(f"rep{n:03d}", [Role.REP], dept, sup, team, title="销售顾问")
                    layout["reps"].append((rep.user_id, team.pk, dept.pk))
        get_user_model().objects.update(password=make_password(PASSWORD))
    layout["gm"] = gm.user_id
    layout["people"] = serial
    return layout


# --- the customers and their history --------------------------------------------------------


def introspect(conn: psycopg.Connection, table: str) -> list[tuple[str, bool, str, bool]]:
    """(column, nullable, data type, has default) of ``table``."""
    rows = conn.execute(
        """select column_name, is_nullable = 'YES', data_type, column_default is not null
           from information_schema.columns where table_name = %s order by ordinal_position""",
        [table],
    ).fetchall()
    if not rows:
        raise SystemExit(f"table {table} does not exist")
    return rows


def fallback_value(data_type: str, now: dt.datetime):
    if "char" in data_type or data_type == "text":
        return ""
    if data_type in ("integer", "bigint", "smallint", "numeric", "double precision", "real"):
        return 0
    if data_type == "boolean":
        return False
    if data_type.startswith("timestamp"):
        return now
    if data_type == "date":
        return now.date()
    if data_type in ("json", "jsonb"):
        return "{}"
    raise SystemExit(f"bench does not know how to fill a NOT NULL {data_type} column")


class Table:
    """A COPY stream into ``table`` for rows given in ``fields`` order; a column the model
    gained since this script was written gets NULL, or a neutral value if NOT NULL."""

    def __init__(self, conn: psycopg.Connection, table: str, fields: list[str], now: dt.datetime):
        self.conn = conn
        self.table = table
        columns = introspect(conn, table)
        names = {c[0] for c in columns}
        missing = [f for f in fields if f not in names]
        if missing:
            raise SystemExit(f"{table} has no column(s) {missing}: update bench/build_company.py")
        extra = [
            (c, fallback_value(t, now))
            for c, null, t, has_default in columns
            if c not in fields and not null and not has_default
        ]
        if extra:
            print(f"  {table}: filling {[c for c, _v in extra]} with neutral values")
        self.extra = tuple(v for _c, v in extra)
        cols = ", ".join(f'"{c}"' for c in [*fields, *(c for c, _v in extra)])
        self.sql = f'COPY "{table}" ({cols}) FROM STDIN'
        self.rows = 0

    def __enter__(self):
        self.cm = self.conn.cursor().copy(self.sql)
        self.copy = self.cm.__enter__()
        extra = self.extra
        write = self.copy.write_row
        if extra:
            self.write = lambda row: write(row + extra)
        else:
            self.write = write
        return self

    def __exit__(self, *exc):
        return self.cm.__exit__(*exc)


CUSTOMER_FIELDS = [
    "id", "created_at", "updated_at", "version", "name", "mobile", "company", "id_number",
    "credit_code", "gender", "birthday", "address", "channel", "stage", "klass", "intent",
    "lost_reason", "referrer_id", "owner_id", "team_id", "department_id", "registered_by_id",
    "registered_at", "owned_since", "protected_until", "last_contact_at", "message_streak",
    "void_at", "void_reason", "deal_at", "locked", "previous_owner_id", "dropped_at",
    "reminded_for", "archived_at", "archive_reason",
]  # fmt: skip
FOLLOW_UP_FIELDS = [
    "id", "created_at", "updated_at", "version", "customer_id", "rep_id", "team_id",
    "department_id", "kind", "answered", "at", "outcome", "next_date", "real", "counted",
]  # fmt: skip
OWNERSHIP_FIELDS = ["id", "customer_id", "kind", "from_owner_id", "to_owner_id", "actor_id",
                    "reason", "rule", "at"]  # fmt: skip


def mobile_of(i: int) -> str:
    """A unique, valid mainland mobile for customer number ``i`` (a bijection on 10^8)."""
    prefix = MOBILE_PREFIXES[i % len(MOBILE_PREFIXES)]
    return f"{prefix}{(i // len(MOBILE_PREFIXES) * 48271 + 1234567) % 100_000_000:08d}"


def load_customers(conn_c, conn_f, conn_o, layout: dict, now_dt: dt.datetime) -> dict:
    from django.utils import translation

    from l2c.customers.models import Channel
    from l2c.customers.policies import VOID_REASONS

    translation.activate("zh-hans")
    channel_label = {c: str(Channel(c).label) for c in Channel.values}
    void_text = {k: str(v) for k, v in VOID_REASONS.items()}
    claim_text = "从公海领取"

    rng = random.Random(SEED)
    rnd = rng.random
    uniform = rng.uniform
    choice = rng.choice
    reps = layout["reps"]
    weights = [rng.uniform(0.5, 1.5) for _ in reps]
    rep_for = rng.choices(reps, weights=weights, k=N_CUSTOMERS)

    now = now_dt.timestamp()
    last_sweep = now - LAST_SWEEP_AGO
    today_local_midnight = (now + CN_OFFSET) // DAY * DAY - CN_OFFSET
    fromts = dt.datetime.fromtimestamp
    date_of = {}  # local day number → date

    def ts(t):
        return fromts(t, UTC)

    def local_date(t):
        day = int((t + CN_OFFSET) // DAY)
        d = date_of.get(day)
        if d is None:
            d = date_of[day] = dt.date(1970, 1, 1) + dt.timedelta(days=day)
        return d

    stats = {"customers": 0, "follow_ups": 0, "ownership": 0, "pool": 0, "deal": 0,
             "owned_valid": 0, "owned_void_unswept": 0, "locked": 0, "claimed": 0}  # fmt: skip
    fu_id = 0
    or_id = 0

    with (
        Table(conn_c, "customers_customer", CUSTOMER_FIELDS, now_dt) as tc,
        Table(conn_f, "activities_followup", FOLLOW_UP_FIELDS, now_dt) as tf,
        Table(conn_o, "customers_ownershiprecord", OWNERSHIP_FIELDS, now_dt) as to,
    ):
        wc, wf, wo = tc.write, tf.write, to.write

        def episode(cid, rep, start):
            """One ownership from ``start``: the owner's follow-ups until the card goes void
            (or the deal). Returns (void_at, reason, last_contact, streak, deal_at, n)."""
            nonlocal fu_id
            user, team, dept = rep
            void = start + FIRST_FOLLOW_UP
            reason = "first_follow_up"
            last = None
            streak = 0
            deal = None
            after = 0
            n = 0
            t = start + (uniform(0.05, 3.0) if rnd() < 0.88 else uniform(3.0, 6.0)) * DAY
            while t < now:
                if deal is None and t >= void:
                    break
                kind = choice(KINDS)
                answered = kind == "message" and rnd() < 0.5
                real = kind != "message" or answered
                counted = deal is None
                fu_id += 1
                at = ts(t)
                wf((fu_id, at, at, 1, cid, user, team, dept, kind, answered, at,
                    choice(OUTCOMES[kind]),
                    local_date(t + uniform(2, 7) * DAY) if rnd() < 0.7 else None,
                    real, counted))  # fmt: skip
                n += 1
                if deal is None:
                    if real:
                        last, streak = t, 0
                        follow = t + INTERVAL
                        end = start + PROTECTION
                        void, reason = (
                            (end, "protection") if end <= follow else (follow, "follow_up")
                        )
                        if n >= 2 and rnd() < P_DEAL_PER_CONTACT:
                            deal = t + uniform(0.1, 2.0) * DAY
                            if deal >= now:
                                deal = None
                    else:
                        streak += 1
                        if streak >= MESSAGE_ONLY:
                            void, reason = t, "message_only"
                            break
                    t += (uniform(0.5, 7.0) if rnd() < 0.86 else uniform(7.0, 12.0)) * DAY
                else:
                    after += 1
                    if after >= 6:
                        break
                    t += uniform(7, 45) * DAY
            return void, reason, last, streak, deal, n

        # registration times in id order, as a live system assigns them
        regs = []
        for _ in range(N_CUSTOMERS):
            reg = today_local_midnight - int(rnd() * SPAN_DAYS) * DAY + uniform(9, 20) * HOUR
            regs.append(reg - DAY if reg > now - HOUR else reg)
        regs.sort()
        for i in range(N_CUSTOMERS):
            cid = i + 1
            rep = rep_for[i]
            reg = regs[i]
            regd = ts(reg)
            channel = choice(CHANNELS)
            or_id += 1
            wo((or_id, cid, "register", None, rep[0], rep[0], channel_label[channel],
                "BR-CUS-04", regd))  # fmt: skip

            owner = last_rep = rep
            start = reg
            previous = None
            dropped = None
            locked = False
            void, reason, last, streak, deal, n = episode(cid, rep, reg)
            total = n
            for round_ in (1, 2):
                if deal is not None or void > last_sweep:
                    break
                if rnd() < P_LOCK:
                    locked = True
                    break
                # swept into the pool at void_at
                or_id += 1
                wo((or_id, cid, "drop", owner[0], None, None, void_text[reason], "BR-CUS-04",
                    ts(void)))  # fmt: skip
                previous, dropped = owner[0], void
                if round_ == 2 or rnd() >= P_CLAIM_AFTER_DROP:
                    owner = None
                    break
                claim = void + uniform(0.5, 60) * DAY
                if claim >= now - HOUR:
                    owner = None
                    break
                claimer = choice(reps)
                while claimer[0] == previous:
                    claimer = choice(reps)
                owner, start, dropped, last_rep = claimer, claim, None, claimer
                stats["claimed"] += 1
                or_id += 1
                cd = ts(claim)
                wo((or_id, cid, "claim", None, claimer[0], claimer[0], claim_text, "BR-CUS-07", cd))
                void, reason, last, streak, deal, n = episode(cid, claimer, claim)
                total += n

            if owner is None:
                stats["pool"] += 1
            if deal is not None:
                stats["deal"] += 1
                stage = "after_sales" if deal < now - 180 * DAY and rnd() < 0.5 else "deal"
                klass = "A" if rnd() < 0.4 else choice(KLASSES)
            else:
                r = rnd()
                stage = (
                    "intent" if r < 0.4 else ("lost" if owner is None and r > 0.95 else "prospect")
                )
                klass = choice(KLASSES)
            if owner is not None and deal is None and not locked:
                if void > now:
                    stats["owned_valid"] += 1
                else:
                    stats["owned_void_unswept"] += 1
            stats["locked"] += locked
            # the team and department stay those of the last owner (the sweep keeps them)
            _u, team, dept = last_rep
            name = choice(SURNAMES) + (
                "先生"
                if rnd() < 0.15
                else "".join(choice(GIVEN) for _ in range(1 if rnd() < 0.4 else 2))
            )
            company = (choice(COMPANY_CITY) + choice(COMPANY_WORD) + choice(COMPANY_KIND)
                       if rnd() < 0.25 else "")  # fmt: skip
            address = (choice(COMPANY_CITY) + "市" + choice(STREETS) + f"{int(rnd() * 300) + 1}号"
                       if rnd() < 0.3 else "")  # fmt: skip
            birthday = (dt.date(1960, 1, 1) + dt.timedelta(days=int(rnd() * 15000))
                        if rnd() < 0.3 else None)  # fmt: skip
            updated = ts(max(reg, last or reg, deal or reg))
            void_d = ts(void)
            wc((cid, regd, updated, 1 + total, name, mobile_of(i), company, "", "",
                "M" if rnd() < 0.5 else "F", birthday, address, channel, stage, klass, "", "",
                None, owner[0] if owner else None, team, dept, rep[0], regd, ts(start),
                ts(start + PROTECTION), ts(last) if last else None, streak, void_d, reason,
                ts(deal) if deal else None, locked, previous, ts(dropped) if dropped else None,
                void_d if void <= now + DAY else None, None, ""))  # fmt: skip
            if (i + 1) % 100_000 == 0:
                print(f"    {i + 1:,} customers, {fu_id:,} follow-ups", flush=True)
        stats["customers"] = N_CUSTOMERS
        stats["follow_ups"] = fu_id
        stats["ownership"] = or_id
    return stats


# --- indexes ----------------------------------------------------------------------------------

BULK_TABLES = ("customers_customer", "activities_followup", "customers_ownershiprecord")


def drop_indexes(conn: psycopg.Connection) -> list[str]:
    """Drop the secondary indexes of the bulk tables (built again after the load: a sorted
    build is far faster than 5M random inserts into each); returns their definitions."""
    rows = conn.execute(
        """select i.indexname, i.indexdef from pg_indexes i
           where i.tablename = any(%s) and i.schemaname = 'public'
             and not exists (select 1 from pg_constraint c where c.conname = i.indexname)""",
        [list(BULK_TABLES)],
    ).fetchall()
    for name, _definition in rows:
        conn.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def check_sample(now_dt: dt.datetime, n: int = 2000) -> int:
    """Check a random sample against the app's own rules; returns the number checked."""
    from django.db.models import Max

    from l2c.activities.models import FollowUp
    from l2c.customers.models import Customer
    from l2c.customers.policies import normalise_mobile, validity
    from l2c.customers.services import terms

    t = terms(now_dt)
    last_sweep = now_dt - dt.timedelta(seconds=LAST_SWEEP_AGO)
    ids = random.Random(SEED + 1).sample(range(1, N_CUSTOMERS + 1), min(n, N_CUSTOMERS))
    problems = []
    for c in Customer.objects.filter(pk__in=ids):
        if normalise_mobile(c.mobile) != c.mobile:
            problems.append((c.pk, "mobile"))
        if c.owner_id is None:
            if not (c.previous_owner_id and c.dropped_at == c.void_at <= last_sweep):
                problems.append((c.pk, "pool"))
            continue
        if c.deal_at or c.locked or c.void_reason == "message_only":
            continue
        last = FollowUp.objects.filter(
            customer=c, rep_id=c.owner_id, real=True, counted=True, at__gte=c.owned_since
        ).aggregate(m=Max("at"))["m"]
        if last != c.last_contact_at:
            problems.append((c.pk, "last_contact_at"))
        if validity(c.owned_since, c.last_contact_at, t).void_at != c.void_at:
            problems.append((c.pk, "void_at"))
    if problems:
        raise SystemExit(f"the generated data breaks the rules: {problems[:20]}")
    return len(ids)


def main() -> None:
    clock = Clock()
    url = db_url()
    print(f"building the bench company in {db_name(url)}: {N_CUSTOMERS:,} customers")
    with clock("create database"):
        recreate_database()
    setup_django()
    from django.db import connection

    with clock("migrate"):
        created = migrate()
        if created:
            print(f"  no migration yet for {created}: created from the models")
    rng = random.Random(SEED)
    with clock("organisation (org services)"):
        layout = build_org(rng)
    connection.close()
    now_dt = dt.datetime.now(UTC).replace(microsecond=0)

    def open_conn():
        conn = psycopg.connect(url, autocommit=True)
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET session_replication_role = replica")  # no FK triggers during COPY
        return conn

    conns = [open_conn() for _ in range(3)]
    with clock("drop secondary indexes"):
        definitions = drop_indexes(conns[0])
    with clock("COPY customers, follow-ups, ownership records"):
        stats = load_customers(*conns, layout, now_dt)
    admin = conns[0]
    admin.execute("SET maintenance_work_mem = '1GB'")
    admin.execute("SET max_parallel_maintenance_workers = 2")
    with clock(f"rebuild {len(definitions)} indexes"):
        for definition in definitions:
            admin.execute(definition)
    for table in BULK_TABLES:
        admin.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )
    with clock("VACUUM ANALYZE"):
        admin.execute("VACUUM (ANALYZE)")
    for conn in conns:
        conn.close()
    with clock("check a sample against the ownership rules"):
        stats["checked"] = check_sample(now_dt)
    stats["people"] = layout["people"]
    stats["reps"] = len(layout["reps"])
    stats["built_at"] = now_dt.isoformat()
    stats["build_seconds"] = round(clock.total, 1)
    stats["phases"] = {name: round(took, 1) for name, took in clock.phases}
    size = psycopg.connect(url).execute("select pg_database_size(current_database())").fetchone()
    stats["database_bytes"] = size[0]
    from bench.common import RESULTS

    RESULTS.mkdir(parents=True, exist_ok=True)
    import json

    (RESULTS / "build.json").write_text(json.dumps(stats, indent=2, ensure_ascii=False))
    print(json.dumps(stats, indent=2, ensure_ascii=False))
    print(f"built in {clock.total:.0f}s ({time.strftime('%H:%M:%S')})")


if __name__ == "__main__":
    main()
