"""One pager for every list page (issue 14 §3): a total, a page size of 20 / 50 / 100, the
filters kept in the URL, older rows always reachable.

    page = pagination.paginate(query, key=CommitmentCase.id, args={"state": state})

With `key` (a unique column the query is ordered by, descending) the 下一页 link carries the
last key shown (`after=`), so a deep page is read through the index instead of skipping
OFFSET rows; without it (e.g. sorted by due date) the page is an OFFSET. The template macro
_macros/pager.html `pager(page, endpoint, target)` renders the links (plain links that HTMX
upgrades to swap only the rows)."""
from dataclasses import dataclass, field

from flask import request
from sqlalchemy import func, select, tuple_

from ..extensions import db

PAGE_SIZES = (20, 50, 100)


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int
    args: dict = field(default_factory=dict)  # the filters, kept in every link
    next_after: object = None  # keyset cursor of the next page

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    def link_args(self, **over) -> dict:
        """Query arguments of a link to another page (filters and page size kept)."""
        args = {k: v for k, v in self.args.items() if v not in (None, "")}
        if self.per_page != PAGE_SIZES[0]:
            args["per_page"] = self.per_page
        args.update({k: v for k, v in over.items() if v is not None})
        if args.get("page") == 1:
            args.pop("page")
        return args

    def next_args(self) -> dict:
        return self.link_args(page=self.next_num, after=self.next_after)

    def prev_args(self) -> dict:
        return self.link_args(page=self.prev_num)


def page_size() -> int:
    size = request.args.get("per_page", PAGE_SIZES[0], type=int)
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def paginate(query, *, key=None, sort=None, order_by=(), args=None, scalars=True) -> Page:
    """A page of `query` (its filters applied, not yet ordered). `key`: a unique column (the
    id) to order by, descending, read by keyset; with `sort` (e.g. pushed_at) the order is
    (sort, key) descending and the cursor stays the id of the last row. Else `order_by` (a
    tuple) with an OFFSET."""
    per_page = page_size()
    page = max(1, request.args.get("page", 1, type=int))
    total = count(query)
    page = min(page, max(1, -(-total // per_page)))
    after = request.args.get("after", type=int) if key is not None else None
    if key is not None:
        ordered = query.order_by(*((sort.desc(),) if sort is not None else ()), key.desc())
        if after is not None and page > 1 and sort is None:
            ordered = ordered.where(key < after)
        elif after is not None and page > 1:
            last = select(sort).where(key == after).scalar_subquery()
            ordered = ordered.where(sort <= last, tuple_(sort, key) < tuple_(last, after))
        else:
            ordered = ordered.offset((page - 1) * per_page)
    else:
        ordered = query.order_by(*order_by).offset((page - 1) * per_page)
    ordered = ordered.limit(per_page)
    result = db.session.execute(ordered)
    items = list(result.scalars() if scalars else result.all())
    next_after = None
    if key is not None and items:
        last = items[-1] if scalars else items[-1][0]
        next_after = getattr(last, key.key)
    return Page(items, total, page, per_page, dict(args or {}), next_after)
