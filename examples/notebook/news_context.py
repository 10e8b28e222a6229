#!/usr/bin/env python3
"""Read the news-context GraphQL API from plain Python 3.11 (standard library only).

It shows the three things a researcher usually wants first:

  1. every direct quote, with who said it, the reporting verb and where in the source it stands;
  2. who stands where on the Anchorage summit's topics (a stance matrix), as a text table;
  3. how to page through any list (a Relay connection) with `first` / `after`.

Usage (with the server running, `npm start` in the repository root):

  python3 news_context.py                                   # http://localhost:4000/graphql
  python3 news_context.py --url http://localhost:4300/graphql
  NEWS_CONTEXT_URL=http://example.org/graphql python3 news_context.py
  PORT=4300 python3 news_context.py                         # http://localhost:4300/graphql

The endpoint is `--url`, else $NEWS_CONTEXT_URL, else localhost at $PORT (the server's own
setting), else localhost:4000. A 429 (rate limited) or 503 (timed out, database away) answer is
retried after its Retry-After, up to three times.
  python3 news_context.py --json                            # everything as one JSON document

It exits with status 1 and a message on stderr when the server cannot be reached, answers with
an HTTP error, or returns GraphQL `errors`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
import time
import urllib.error
import urllib.request
from typing import Any

DEFAULT_URL = os.environ.get("NEWS_CONTEXT_URL") or f"http://localhost:{os.environ.get('PORT') or 4000}/graphql"

# Answers worth retrying after their Retry-After: rate limited, timed out, database away.
RETRIED_STATUSES = {429, 503}
RETRIES = 3

# The summit's topics, in the column order we want.
SUMMIT_TOPICS = [
    "ukraine-ceasefire",
    "security-guarantees-for-ukraine",
    "ukraine-nato-membership",
    "territorial-exchange",
    "us-russia-trade",
]

UNKNOWN = "—"

# Every list in the API is a Relay connection: `first` / `after` select a page, `pageInfo` says
# whether another page follows and where it starts. The paging queries below take both as variables.
QUOTES_QUERY = """
query DirectQuotes($first: Int!, $after: String) {
  statements(filter: { kinds: [DIRECT_QUOTE] }, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      text
      verb
      speaker { slug name }
      provenance { start end source { slug title } }
    }
  }
}
"""

# A trimmed version of ../operations/stance-matrix.graphql: only what the table shows.
STANCE_MATRIX_QUERY = """
query StanceMatrix($topics: [String!]) {
  stanceMatrix(topics: $topics) {
    topics { slug name }
    rows {
      actor { slug name }
      cells { topic { slug } known stance }
    }
  }
}
"""

STATEMENTS_QUERY = """
query Statements($first: Int!, $after: String) {
  statements(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id }
  }
}
"""


class ApiError(Exception):
    """The server could not be reached, or answered with an HTTP error or GraphQL errors."""


def describe_errors(errors: list[dict[str, Any]]) -> str:
    """One line per GraphQL error: message, `extensions.code` and path, as the server sends them."""
    lines = []
    for error in errors:
        code = (error.get("extensions") or {}).get("code", "no code")
        path = ".".join(str(part) for part in error.get("path") or [])
        lines.append(f"  - {error.get('message')} [{code}]" + (f" at {path}" if path else ""))
    return "\n".join(lines)


def graphql(url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """POST one operation and return its `data`; raise ApiError on any error."""
    body = json.dumps({"query": query, "variables": variables or {}}).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=body,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        for attempt in range(RETRIES + 1):
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    payload = json.load(response)
                break
            except urllib.error.HTTPError as error:
                if error.code not in RETRIED_STATUSES or attempt == RETRIES:
                    raise
                wait = min(int(error.headers.get("Retry-After") or 1), 60)
                print(f"HTTP {error.code} from {url}; retrying in {wait} s", file=sys.stderr)
                error.close()
                time.sleep(wait)
    except urllib.error.HTTPError as error:
        # Client errors (a bad query, a bad argument) come with a JSON body listing them.
        text = error.read().decode("utf-8", "replace")
        try:
            errors = json.loads(text).get("errors") or []
        except (ValueError, AttributeError):
            errors = []
        detail = describe_errors(errors) if errors else "  " + " ".join(text.split())[:300]
        raise ApiError(f"HTTP {error.code} {error.reason} from {url}:\n{detail}") from None
    except urllib.error.URLError as error:
        raise ApiError(f"cannot reach {url}: {error.reason}") from None
    except ValueError as error:
        raise ApiError(f"{url} did not answer with JSON: {error}") from None

    # GraphQL reports field errors with HTTP 200: always look at `errors`.
    if payload.get("errors"):
        raise ApiError(f"GraphQL errors from {url}:\n{describe_errors(payload['errors'])}")
    if payload.get("data") is None:
        raise ApiError(f"{url} answered without data")
    return payload["data"]


def paginate(
    url: str, query: str, field: str, page_size: int, variables: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], int, int]:
    """Read a whole connection, `page_size` items at a time.

    `query` must take `$first` and `$after` and select `totalCount`, `pageInfo { hasNextPage
    endCursor }` and `nodes` of the root field `field`. Returns (nodes, pages read, totalCount).
    """
    nodes: list[dict[str, Any]] = []
    pages = 0
    after = None
    while True:
        connection = graphql(url, query, {**(variables or {}), "first": page_size, "after": after})[field]
        pages += 1
        nodes.extend(connection["nodes"])
        page_info = connection["pageInfo"]
        if not page_info["hasNextPage"]:
            return nodes, pages, connection["totalCount"]
        if not connection["nodes"] or page_info["endCursor"] is None:
            raise ApiError(f"{field}: page {pages} says more follow but gives no cursor")
        after = page_info["endCursor"]


def direct_quotes(url: str) -> list[dict[str, Any]]:
    """(a) All direct quotes, in the order the sources report them."""
    quotes, _pages, total = paginate(url, QUOTES_QUERY, "statements", page_size=100)
    if len(quotes) != total:
        raise ApiError(f"direct quotes: read {len(quotes)} but totalCount is {total}")
    return quotes


def stance_matrix(url: str, topics: list[str]) -> dict[str, Any]:
    """(b) Each actor's latest stance on each topic; None where no position is recorded."""
    matrix = graphql(url, STANCE_MATRIX_QUERY, {"topics": topics})["stanceMatrix"]
    rows = []
    for row in matrix["rows"]:
        stances = {cell["topic"]["slug"]: cell["stance"] if cell["known"] else None for cell in row["cells"]}
        rows.append({"actor": row["actor"], "stances": stances})
    return {"topics": matrix["topics"], "rows": rows}


def page_through_statements(url: str, page_size: int) -> dict[str, Any]:
    """(c) Page through all statements and check the pages add up to `totalCount`."""
    statements, pages, total = paginate(url, STATEMENTS_QUERY, "statements", page_size)
    ids = [statement["id"] for statement in statements]
    if len(ids) != total:
        raise ApiError(f"statements: read {len(ids)} items in {pages} pages but totalCount is {total}")
    if len(set(ids)) != len(ids):
        raise ApiError("statements: an item came back on two pages")
    return {"connection": "statements", "pageSize": page_size, "pages": pages, "items": len(ids), "totalCount": total}


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """Left-aligned columns, each as wide as its widest cell."""
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    return "\n".join([line(header), line(["-" * width for width in widths]), *map(line, rows)])


def print_quotes(quotes: list[dict[str, Any]]) -> None:
    print(f"Direct quotes ({len(quotes)})\n")
    for number, quote in enumerate(quotes, start=1):
        provenance = quote["provenance"]
        print(f"{number}. {quote['speaker']['name']} {quote['verb'] or 'said'}:")
        print(textwrap.fill(f"\u201c{quote['text']}\u201d", width=96, initial_indent="   ", subsequent_indent="   "))
        print(f"   source: {provenance['source']['title']}, code points {provenance['start']}-{provenance['end']}\n")


def print_stance_matrix(matrix: dict[str, Any]) -> None:
    print(f"Stance matrix ({len(matrix['rows'])} actors \u00d7 {len(matrix['topics'])} topics; {UNKNOWN} = no position)\n")
    header = ["Actor", *(topic["name"] for topic in matrix["topics"])]
    rows = [
        [row["actor"]["name"], *(row["stances"][topic["slug"]] or UNKNOWN for topic in matrix["topics"])]
        for row in matrix["rows"]
    ]
    print(format_table(header, rows) + "\n")


def print_paging(paging: dict[str, Any]) -> None:
    print(
        f"Paging: read {paging['items']} {paging['connection']} in {paging['pages']} pages of up to "
        f"{paging['pageSize']}; totalCount is {paging['totalCount']}, so nothing was missed."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL, help=f"GraphQL endpoint (default {DEFAULT_URL})")
    parser.add_argument("--page-size", type=int, default=4, help="page size for the paging example (default 4)")
    parser.add_argument("--json", action="store_true", help="print everything as one JSON document")
    args = parser.parse_args(argv)

    try:
        quotes = direct_quotes(args.url)
        matrix = stance_matrix(args.url, SUMMIT_TOPICS)
        paging = page_through_statements(args.url, args.page_size)
    except ApiError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    if args.json:
        print(json.dumps({"directQuotes": quotes, "stanceMatrix": matrix, "paging": paging}, indent=2, ensure_ascii=False))
    else:
        print_quotes(quotes)
        print_stance_matrix(matrix)
        print_paging(paging)
    return 0


if __name__ == "__main__":
    sys.exit(main())
