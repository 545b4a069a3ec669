"""The guidance REST API: procedures, recommendations, duties, key dates and the change feed.

Mounted at ``/api/v1/`` with the URL namespace ``guidance-api``; the shared
conventions (errors, pagination, conditional GET, strict parameters) are in
``apicore`` and docs/adr/0006-api-conventions.md.

Versioning policy
=================
- The version is in the URL (``/api/v1/``). Within a version, changes are
  additive only: new endpoints, new query parameters, new response fields,
  new values of a documented enum are announced in the schema's description.
  Nothing is renamed, removed, retyped or given a new meaning.
- Anything that would break a client (a renamed or removed field, a changed
  type or unit, different default filtering or ordering) goes in ``/api/v2/``,
  served beside ``/api/v1/`` for at least six months after v2 is released;
  the schema marks v1 operations ``deprecated`` during that time.
- Clients must ignore fields they do not know. Records are addressed by
  natural keys (procedure and registry slugs, document filenames, recommendation
  numbers as printed), never by database ids, so URLs survive a reload of the data.
"""
