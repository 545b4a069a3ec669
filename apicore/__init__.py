"""Conventions every API endpoint shares (docs/adr/0006-api-conventions.md).

- **Errors**: one body everywhere, from DRF's exception handler, the API's own
  404 for unknown URLs and its 500:
  ``{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {...}}}``
  (``fields`` only for invalid input: parameter or body field -> messages).
- **Query parameters** are validated by a serializer per endpoint: a bad value
  (``level=foo``, ``since=not-a-date``), one given twice, or an unknown name (a
  misspelt filter must not silently return everything) is a 400 naming it.
  Strict parsing (``true``/``false``, ``YYYY-MM-DD``, plain digits): what the
  schema does not allow, the API refuses.
- **Pagination**: page numbers, ``count``/``next``/``previous``/``results``,
  ``page_size`` up to 100; every list has a total, stable order.
- **Conditional GET**: every 200 to a GET carries ``ETag`` and ``Last-Modified``,
  derived from the loaded data's version (one small query, remembered for two
  seconds per process: ``sources.data_version``),
  today's date in the UK for answers that depend on it, the URL, the
  ``Accept`` header and the API version. ``If-None-Match`` (or, without it,
  ``If-Modified-Since``) that still holds gets a 304 before any other work.
- **Anonymous reads only**: API views authenticate nobody (no session, so no
  CSRF for API clients); a method an endpoint lacks is a 405 with ``Allow``;
  the evaluate POST, a read, is the one unsafe method, throttled per client address.
- **Bodies** are JSON of at most 64 KB, nested at most 20 deep (``parsers``,
  ``middleware``): beyond, a 413 or 400 in the error shape before any work.
- ``If-None-Match: *`` is a 304 when the resource exists (RFC 9110 §13.1.2).
"""
