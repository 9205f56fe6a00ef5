"""GOV.UK pagination for a Django Paginator page: the links keep the page's other query
parameters (its filters). Rendered by templates/includes/pagination.html with govukPagination."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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

    def govuk_params(self, pages_of: str) -> dict[str, Any]:
        """govukPagination's parameters; its landmark names what is paged ("Pages of …")."""
        params: dict[str, Any] = {
            "landmarkLabel": f"Pages of {pages_of}",
            "items": [
                {"ellipsis": True}
                if link.number is None
                else {"number": link.number, "href": link.url, "current": link.current}
                for link in self.links
            ],
        }
        if self.previous_url:
            params["previous"] = {"href": self.previous_url}
        if self.next_url:
            params["next"] = {"href": self.next_url}
        return params


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
