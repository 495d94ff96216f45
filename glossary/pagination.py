"""Page links that say what each page holds: "4 Cab–Cyc" rather than a bare number."""

from dataclasses import dataclass

from django.core.paginator import Paginator

RANGE_LETTERS = 3
PAGES_AROUND = 2


@dataclass(frozen=True)
class PageLink:
    number: int
    label: str = ""
    current: bool = False
    gap: bool = False  # stands for the pages left out between two links


def name_range(first, last):
    return f"{first[:RANGE_LETTERS]}–{last[:RANGE_LETTERS]}" if first and last else ""


def pages_shown(page_obj):
    last = page_obj.paginator.num_pages
    around = range(max(1, page_obj.number - PAGES_AROUND), min(last, page_obj.number + PAGES_AROUND) + 1)
    return sorted({1, *around, last})


class NamedPaginator(Paginator):
    """Pages of terms in A-Z order, each labelled with the names it runs from and to."""

    def labels(self, numbers):
        """{page number: "Cab–Cyc"}; pages next to each other are read in one query, so the
        page links cost at most three queries however many terms there are."""
        names, per_page, labels = self.object_list.values_list("name", flat=True), self.per_page, {}
        for run in contiguous(numbers):
            start = (run[0] - 1) * per_page
            run_names = list(names[start : min(run[-1] * per_page, self.count)])
            for number in run:
                chunk = run_names[(number - run[0]) * per_page : (number - run[0] + 1) * per_page]
                labels[number] = name_range(chunk[0], chunk[-1]) if chunk else ""
        return labels


def page_links(page_obj):
    """Links to the first, the last and the pages around the current one, each with the range of
    names it holds (the paginator's `labels`)."""
    paginator = page_obj.paginator
    if paginator.num_pages < 2:
        return []
    shown = pages_shown(page_obj)
    labels = paginator.labels(shown)
    links, previous = [], 0
    for number in shown:
        if number - previous > 1:
            links.append(PageLink(number=0, gap=True))
        links.append(PageLink(number, labels.get(number, ""), number == page_obj.number))
        previous = number
    return links


def contiguous(numbers):
    runs = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs
