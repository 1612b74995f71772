"""One pass over a paginated list that can stop after any page and be continued later (by another process)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Records = list[dict[str, Any]]
# Fetches the page at a position (``None``: the first page) and answers its records and the position of the
# following page (``None``: that was the last one). A position is whatever the API pages with (a next-page URL,
# an offset token) and must survive a JSON round trip, as it is kept in dlt state between runs.
FetchPage = Callable[[str | None], tuple[Records, str | None]]


class Pages:
    """Iterate for the non-empty pages of a list; ``resume`` is, after each page, where the list continues
    (``None`` once it is exhausted). ``Pages(fetch, resume)`` continues a pass from such a position."""

    def __init__(self, fetch: FetchPage, resume: str | None = None) -> None:
        self._fetch = fetch
        self.started_from = resume
        self.resume = resume

    def __iter__(self) -> Iterator[Records]:
        position = self.resume
        while True:
            records, following = self._fetch(position)
            self.resume = following
            if records:
                yield records
            if following is None:
                return
            position = following
