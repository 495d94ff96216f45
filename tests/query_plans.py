"""Query plans of captured queries: does a lookup read an index, or every row of a table?

On PostgreSQL each query is explained with sequential scans priced out (`enable_seqscan = off`):
PostgreSQL then scans a table only where no index can answer, so the plan says whether an index
serves the query whatever the table's size. SQLite's planner assumes large tables until ANALYZE
has run, so its plan says the same on a small test table.
"""

import re

from django.db import connection

from glossary.search import PRICED_OUT_SCANS

WHOLE_TABLE_SCAN = {"postgresql": r"Seq Scan on {table}\b", "sqlite": r"\bSCAN {table}\b"}


def plans(queries):
    """(sql, plan) of each query captured by CaptureQueriesContext."""
    explain = "EXPLAIN" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
        for query in queries:
            cursor.execute(f"{explain} {statement(query['sql'])}")
            yield query["sql"], "\n".join(str(row[-1]) for row in cursor.fetchall())


def statement(sql):
    """The query in a captured message: search's count comes with its planner settings around it."""
    before, after = PRICED_OUT_SCANS.split("{}")
    return sql.removeprefix(before).removesuffix(after)


def whole_table_scans(queries, table):
    """The (sql, plan) of each query that reads every row of `table` (not tables named after it)."""
    scan = re.compile(WHOLE_TABLE_SCAN[connection.vendor].format(table=re.escape(table)))
    return [(sql, plan) for sql, plan in plans(queries) if scan.search(plan)]
