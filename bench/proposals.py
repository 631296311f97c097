"""Time what is still open after the scale fixes: ``python -m bench.proposals``.

Run after ``bench.run``. Nothing here changes the apps or keeps a change in the database:
each alternative is timed as the SQL it would send (psycopg), or inside a transaction that
is rolled back.

* counting: exact ``COUNT(*)`` (index-only) against the capped count the lists use and
  the planner's estimate — the numbers behind "10,000+";
* the Excel import's duplicate look-ups (``mobile__in`` of 1,000 numbers) as sent, and
  with ``.exclude(mobile="")`` so the partial unique index can serve them;
* the pool sweep (the app's ``drop_void_cards``) with the redundant indexes of
  ``customers_customer`` dropped (in the rolled-back transaction);
* the import (the app's ``customers_import``) with a plain index on ``mobile`` created
  in its rolled-back transaction — the same effect on its look-ups as the one-line fix.
"""

from __future__ import annotations

import argparse
import json
import random
import time

import psycopg

from bench.common import RESULTS, db_url, setup_django, summary_ms

#: indexes that duplicate another one (dropped only inside the rolled-back sweep):
#: single-column FK indexes led by the same column as a (scope, newest) index, and the
#: plain name / company indexes beside their varchar_pattern_ops twins
REDUNDANT = {
    "owner_id": "the FK index on owner_id (customer_owner_newest leads with owner_id)",
    "team_id": "the FK index on team_id (customer_team_newest)",
    "department_id": "the FK index on department_id (customer_dept_newest)",
    "name": "Index(fields=['name']) (customer_name_prefix serves = and LIKE 'x%')",
    "company": "Index(fields=['company']) (customer_company_prefix)",
}


def timed(conn, sql: str, n: int) -> dict:
    for _ in range(3):
        conn.execute(sql).fetchall()
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        conn.execute(sql).fetchall()
        samples.append(time.perf_counter() - t)
    return summary_ms(samples)


def first_plan_line(conn, sql: str) -> str:
    rows = conn.execute("EXPLAIN (ANALYZE) " + sql).fetchall()
    scans = [r[0].strip() for r in rows if "Scan" in r[0]]
    return (scans[0] if scans else rows[0][0])[:160]


def measure_sql(conn, n: int) -> dict:
    dept = conn.execute(
        "SELECT department_id FROM customers_customer GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    where_all = "archived_at IS NULL"
    where_dept = f"archived_at IS NULL AND department_id = {dept}"
    rng = random.Random(5)
    mobiles = [
        r[0]
        for r in conn.execute(
            "SELECT mobile FROM customers_customer WHERE id = ANY(%s)",
            [rng.sample(range(1, 1_000_000), 500)],
        ).fetchall()
    ] + [f"1990{rng.randrange(10**7):07d}" for _ in range(500)]
    listed = ", ".join(f"'{m}'" for m in mobiles)
    queries = {
        "gm_count_exact": f"SELECT count(*) FROM customers_customer WHERE {where_all}",
        "gm_count_capped_10001": (
            f"SELECT count(*) FROM (SELECT 1 FROM customers_customer WHERE {where_all} "
            "LIMIT 10001) s"
        ),
        "gm_count_estimate": (
            "SELECT reltuples::bigint FROM pg_class WHERE oid = 'customers_customer'::regclass"
        ),
        "dept_count_exact": f"SELECT count(*) FROM customers_customer WHERE {where_dept}",
        "dept_count_capped_10001": (
            f"SELECT count(*) FROM (SELECT 1 FROM customers_customer WHERE {where_dept} "
            "LIMIT 10001) s"
        ),
        "import_lookup_1000_as_sent": (
            f"SELECT id, mobile FROM customers_customer WHERE mobile IN ({listed})"
        ),
        "import_lookup_1000_exclude_blank": (
            f"SELECT id, mobile FROM customers_customer WHERE mobile IN ({listed}) "
            "AND NOT mobile = ''"
        ),
    }
    out: dict = {}
    for name, sql in queries.items():
        out[name] = timed(conn, sql, n)
        out[name]["plan"] = first_plan_line(conn, sql)
        print(f"  {name}: p50 {out[name]['p50']} p95 {out[name]['p95']} ms", flush=True)
    return out


def redundant_indexes(conn) -> dict[str, str]:
    """The names of the REDUNDANT indexes as this database has them."""
    found = {}
    for name, definition in conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customers_customer'"
    ).fetchall():
        cols = definition.split("USING btree (", 1)[1].split(")", 1)[0]
        if cols in REDUNDANT and "WHERE" not in definition:
            found[name] = cols
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--only", default="sql,sweep,import", help="comma-separated")
    args = parser.parse_args()
    only = set(args.only.split(","))
    setup_django()
    from bench import run

    out: dict = {"load_at_start": run.loadavg()}
    previous = RESULTS / "proposals.json"
    if previous.exists() and only != {"sql", "sweep", "import"}:
        out = {**json.loads(previous.read_text()), **out}
    with psycopg.connect(db_url(), autocommit=True) as conn:
        if "sql" in only:
            print("counting and the import's look-ups (raw SQL)", flush=True)
            out["sql"] = measure_sql(conn, args.requests)
        redundant = redundant_indexes(conn)
    if "sweep" in only:
        out["redundant_indexes"] = {name: REDUNDANT[col] for name, col in redundant.items()}
        sweep: dict = {}
        print("the app's pool sweep, as built", flush=True)
        run.measure_sweep(20_000, sweep, name="sweep_again")
        out["sweep_as_built"] = sweep["sweep"]
        print(f"the app's pool sweep without {sorted(redundant)}", flush=True)
        run.measure_sweep(
            20_000,
            sweep,
            name="sweep_fewer_indexes",
            setup_sql=[f'DROP INDEX "{name}"' for name in redundant],
        )
        out["sweep_without_redundant_indexes"] = sweep["sweep"]
    if "import" in only:
        print("the app's import with its mobile look-ups served by an index", flush=True)
        imported: dict = {}
        run.measure_import(
            100_000,
            False,
            imported,
            setup_sql=["CREATE INDEX bench_customer_mobile ON customers_customer (mobile)"],
        )
        out["import_with_lookup_index"] = imported["import"]
    out["load_at_end"] = run.loadavg()
    (RESULTS / "proposals.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))
    print(f"results in {RESULTS / 'proposals.json'}")


if __name__ == "__main__":
    main()
