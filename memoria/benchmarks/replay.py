"""The statements a call sends to the databases, and the same sent again without memoria around them.

The reference the search benchmarks compare a whole search with: the very statements it sent,
replayed straight to the database driver's cursor, every row fetched — the engines' own work for
that search, so that the ratio is what memoria (Django, the scoring, the page's assembly) adds.
"""

from __future__ import annotations

from contextlib import ExitStack

from django.db import connections


def statements(call) -> list[tuple[str, str, object]]:
    """(database alias, SQL, parameters) of each statement `call` sends, in order."""
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((context["connection"].alias, sql, params))
        return execute(sql, params, many, context)

    with ExitStack() as stack:
        for connection in connections.all():
            stack.enter_context(connection.execute_wrapper(record))
        call()
    return sent


def replay(sent: list[tuple[str, str, object]]) -> None:
    """Each statement sent again to the driver's cursor (SQLite's reads %s as ?), rows fetched."""
    for alias, sql, params in sent:
        with connections[alias].cursor() as wrapper:
            cursor = wrapper.cursor
            cursor.execute(sql, params) if params is not None else cursor.execute(sql)
            cursor.fetchall()
