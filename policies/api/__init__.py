"""The commissioning-policy REST API: bodies, policies, criteria, evaluation and the FHIR export.

Mounted at ``/api/v1/`` with the URL namespace ``policies-api``; the shared
conventions (errors, pagination, conditional GET, strict parameters) are in
``apicore`` and docs/adr/0006-api-conventions.md.

Versioning policy
=================
- The version is in the URL (``/api/v1/``). Within a version, changes are
  additive only: new endpoints, parameters, response fields, or enum values
  announced in the schema. Nothing is renamed, removed, retyped or given a new
  meaning; in particular the evaluate answer's ``result`` values (``met``,
  ``not_met``, ``undetermined``) and their semantics (docs/adr/0005) are fixed
  for v1.
- Fact keys are the policy's leaf and exclusion keys. They are derived from
  the criterion's words, so a new *version* of a policy may bring new keys;
  the policy detail always lists the keys of the version in force on ``as_of``,
  and an unknown key is a 400 naming it, never silently ignored.
- Breaking changes go in ``/api/v2/``, served beside v1 for at least six months.
- The FHIR export follows FHIR R4; a move to R5 would be a new endpoint, not a
  change to this one.
"""
