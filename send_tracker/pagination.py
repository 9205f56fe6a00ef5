"""GOV.UK pagination for a Django Paginator page: the links keep the page's other query
parameters (its filters). Rendered by templates/includes/pagination.html."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page
from django.http import HttpRequest


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the ellipsis between distant pages
    url: str
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    links: list[PageLink]
    previous_url: str
    next_url: str


def pagination(request: HttpRequest, page: Page) -> Pagination | None:
    """Links to the neighbouring and numbered pages, or None when there is only one."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return None

    def url(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return f"?{query.urlencode()}"

    links = [
        PageLink(None, "")
        if number == paginator.ELLIPSIS
        else PageLink(int(number), url(int(number)), current=number == page.number)
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return Pagination(
        links=links,
        previous_url=url(page.previous_page_number()) if page.has_previous() else "",
        next_url=url(page.next_page_number()) if page.has_next() else "",
    )
