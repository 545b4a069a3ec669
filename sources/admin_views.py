"""Adding a document in the admin: upload or paste, see what was read, confirm (thin views).

Three steps, inside the admin site (its login, its URL prefix, axes' lockout,
CSRF) and only for staff holding ``sources.add_sourcedocument``:

1. the form (a ``.txt`` file or pasted text, the URL, the retrieval date, and
   optionally procedure, title and organisation);
2. the preview, posted from the form: what the parsers read, line by line.
   Nothing is written: the document travels to the next step inside a
   signed form field, not as a file anywhere;
3. the confirmation, posted from the preview: the signature is checked, the
   text parsed again and ``sources.actions.add_source`` run, the same action
   as ``manage.py add_source``. The change summary and a link to the new
   document's source viewer are shown.

A document that is refused (at the preview or, should the sources have
changed meanwhile, at the confirmation) is shown with its ``FILE:LINE``
message on the form.
"""

from __future__ import annotations

import base64
import datetime as dt

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

from sources import actions
from sources.models import source_line_url
from sources.parsing.source import MAX_SOURCE_BYTES

PERMISSION = "sources.add_sourcedocument"
SALT = "sources.admin_views.add_source"
PREVIEW_MAX_AGE = 60 * 60  # seconds: a preview left open longer is shown again before it can be added
PASTED = "pasted text"


class SourceForm(forms.Form):
    file = forms.FileField(required=False, label="Text file (.txt)")
    # Not stripped: the text is kept as captured, and its line numbers with it.
    text = forms.CharField(
        required=False, strip=False, widget=forms.Textarea(attrs={"rows": 12}), label="Or paste the text"
    )
    url = forms.URLField(label="Published at (URL)", assume_scheme="https")
    retrieved = forms.DateField(
        label="Retrieved on (YYYY-MM-DD)", widget=forms.DateInput(attrs={"type": "date"})
    )
    procedure = forms.SlugField(required=False, label="Procedure (slug)")
    title = forms.CharField(required=False, label="Title, only if the text prints none")
    organisation = forms.CharField(required=False, label="Organisation's full name")

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text")
        if bool(upload) == bool(text and text.strip()):
            raise forms.ValidationError("Upload a file or paste the text (one of the two).")
        if upload:
            if upload.size > MAX_SOURCE_BYTES:
                raise forms.ValidationError(f"A source document is at most {MAX_SOURCE_BYTES} bytes.")
            cleaned["data"], cleaned["name"] = upload.read(), upload.name
        else:
            # A browser sends a textarea with CRLF line ends; the document had none of its own.
            cleaned["data"], cleaned["name"] = text.replace("\r\n", "\n").encode("utf-8"), PASTED
        return cleaned


def _options(cleaned: dict) -> dict:
    return {
        "url": cleaned["url"],
        "retrieved": cleaned["retrieved"].isoformat(),
        "procedure": cleaned.get("procedure") or None,
        "title": cleaned.get("title") or None,
        "organisation": cleaned.get("organisation") or None,
    }


def _sign(data: bytes, name: str, options: dict) -> str:
    payload = {"data": base64.b64encode(data).decode("ascii"), "name": name, **options}
    return signing.dumps(payload, salt=SALT, compress=True)


def _unsign(token: str) -> tuple[bytes, str, dict]:
    payload = signing.loads(token, salt=SALT, max_age=PREVIEW_MAX_AGE)
    data, name = base64.b64decode(payload.pop("data")), payload.pop("name")
    return data, name, payload


def _check_permission(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


class AddSourceViews:
    """The three steps, bound to an admin site so its login and context wrap every one."""

    def __init__(self, admin_site):
        self.admin_site = admin_site

    def urls(self) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload), name="sources_sourcedocument_upload"),
            path("upload/confirm/", wrap(self.confirm), name="sources_sourcedocument_upload_confirm"),
        ]

    def _render(self, request, template: str, context: dict, status: int = 200):
        context = {**self.admin_site.each_context(request), "title": "Add a source document", **context}
        return TemplateResponse(request, template, context, status=status)

    def _refused(self, request, form, message: str):
        """The form again, saying why the document was not added (``FILE:LINE: ...``)."""
        return self._render(
            request, "admin/sources/add_source.html", {"form": form, "refusal": message}, status=400
        )

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def upload(self, request):
        """The form (GET); the preview of what was read, or the form with the refusal (POST)."""
        _check_permission(request)
        if request.method != "POST":
            return self._render(request, "admin/sources/add_source.html", {"form": SourceForm()})
        form = SourceForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, "admin/sources/add_source.html", {"form": form}, status=400)
        data, name = form.cleaned_data["data"], form.cleaned_data["name"]
        try:
            preview = actions.preview_source(data=data, name=name)
        except actions.SourceRefused as error:
            return self._refused(request, form, str(error))
        options = _options(form.cleaned_data)
        context = {"preview": preview, "options": options, "token": _sign(data, name, options)}
        return self._render(request, "admin/sources/add_source_preview.html", context)

    @method_decorator(require_POST)
    def confirm(self, request):
        """Add the previewed document: parsed again, then the same action as ``manage.py add_source``."""
        _check_permission(request)
        try:
            data, name, options = _unsign(request.POST.get("token", ""))
        except (signing.BadSignature, ValueError, KeyError):
            return self._refused(
                request, SourceForm(), "The preview has expired or was altered: upload the document again."
            )
        retrieved = dt.date.fromisoformat(options.pop("retrieved"))
        try:
            added = actions.add_source(data=data, name=name, retrieved=retrieved, **options)
        except actions.SourceRefused as error:
            return self._refused(request, SourceForm(initial={**options, "retrieved": retrieved}), str(error))
        context = {"added": added, "viewer_url": source_line_url(added.filename)}
        return self._render(request, "admin/sources/add_source_done.html", context)
