"""The source viewer: a captured document line by line, each line anchored and its facts marked (thin views)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sources import selectors
from sources.models import DocumentKind, SourceDocument


def _document(filename: str) -> SourceDocument:
    try:
        return selectors.source_document(filename)
    except SourceDocument.DoesNotExist:
        raise Http404(f"No source document {filename!r}.") from None


@require_safe
def source_detail(request, filename: str):
    document = _document(filename)
    lines = selectors.source_lines(document)
    context = {
        "document": document,
        "kind": DocumentKind(document.kind).label,
        "feeds": selectors.document_feeds(document),
        "lines": lines,
        "fact_count": sum(len(line.facts) for line in lines),
    }
    return render(request, "sources/source_detail.html", context)


@require_safe
def source_text(request, filename: str):
    """The captured text itself, as plain text: nothing in it is ever markup."""
    response = HttpResponse(_document(filename).text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
