"""Conventions every API endpoint shares (docs/adr/0006-api-conventions.md).

- **Errors** are RFC 9457 problem documents (``application/problem+json``,
  docs/adr/0015-rfc-9457-problem-details.md) everywhere: DRF's exception handler,
  the API's own 404 for unknown URLs, its 500 and the 413 middleware:
  ``{"type", "title", "status", "detail", "instance", "code", "errors"?}``
  (``code`` the machine code; ``errors`` only for invalid input: parameter or
  body field -> messages).
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
  ``middleware``): beyond, a 413 or 400 problem before any work.
- ``If-None-Match: *`` is a 304 when the resource exists (RFC 9110 §13.1.2).
"""
