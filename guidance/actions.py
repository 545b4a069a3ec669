"""Every write to guidance data goes through here: clearing before a load, and decisions set by editors."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from guidance.models import (
    CuratedDecision,
    CuratedDecisionStatus,
    DecisionLevel,
    Duty,
    GuidanceDocument,
    Indication,
    Procedure,
    Recommendation,
    Registry,
)
from sources import actions as source_actions
from sources import corrections
from sources.models import ChangeKind, DocumentKind
from sources.natural_keys import stable_pk


class DecisionError(ValueError):
    """A decision that cannot be saved: ``str(error)`` says what to fix."""


def delete_all_guidance() -> None:
    """Remove every procedure and registry (before fixtures are loaded again); their rows cascade."""
    Procedure.objects.all().delete()
    Registry.objects.all().delete()


@transaction.atomic
def set_decision(
    *,
    document: GuidanceDocument,
    line: int,
    level: str,
    indication: str = "",
    editor=None,
    reason: str = "",
) -> CuratedDecision:
    """Decide ``line`` of ``document`` (a level, for an optional indication), now and after every load.

    The decision is keyed on the line's content (``sources.corrections``), so a
    re-capture that moves the line still finds it; the indication must be
    words of that line. A decision on the same line replaces the earlier one,
    which is kept as ``replaced``. ``DecisionError`` when it cannot be saved;
    nothing is written then.
    """
    document = GuidanceDocument.objects.select_related("procedure").get(pk=document.pk)
    if document.procedure is None or document.kind == DocumentKind.IP_IN_PROGRESS:
        raise DecisionError("only a guidance document or consultation of a procedure decides a level")
    if level not in DecisionLevel.values:
        raise DecisionError(f"the level is one of {', '.join(DecisionLevel.values)}")
    lines = document.text.splitlines()
    if not 0 < line <= len(lines) or not lines[line - 1].strip():
        raise DecisionError(f"choose a paragraph: a non-blank line from 1 to {len(lines)}")
    indication = corrections.normalise_line(indication)
    if indication and indication.casefold() not in corrections.normalise_line(lines[line - 1]).casefold():
        raise DecisionError(f"the indication must be words of line {line}")
    anchor = corrections.anchor_lines(document=document.source_url, text=document.text, lines=[line])
    procedure = document.procedure
    CuratedDecision.objects.filter(
        procedure_slug=procedure.slug,
        anchor=anchor.document,
        line_hash=anchor.hashes[0],
    ).exclude(status=CuratedDecisionStatus.REPLACED).update(status=CuratedDecisionStatus.REPLACED)
    decision = CuratedDecision.objects.create(
        procedure_slug=procedure.slug,
        anchor=anchor.document,
        line_hash=anchor.hashes[0],
        line=line,
        line_text=anchor.text,
        level=level,
        indication=indication[:500],
        reason=reason,
        editor=editor,
    )
    problem = _apply(decision)
    assert problem is None, problem  # taken from this very text: the line is where it says
    label = DecisionLevel(level).label.lower()
    source_actions.record_editorial_change(
        kind=ChangeKind.PROCEDURE,
        key=procedure.slug,
        title=procedure.title,
        summary=f"Decision set by an editor: {label}{f' for {indication}' if indication else ''} "
        f"(line {decision.line} of {decision.applied_to})",
    )
    return decision


def replay_curated_decisions() -> corrections.ReplayOutcome:
    """After a load (in its transaction): put every decision back on the line it is keyed on.

    A decision whose line is found again in the latest capture (wherever it
    moved) is applied; one whose line is gone becomes a conflict, is kept and
    reported, and the parser's reading (level not read, or what it read) is
    served (ADR 0017). A conflict is tried again at every load.
    """
    return corrections.replay_each(
        CuratedDecision.objects.exclude(status=CuratedDecisionStatus.REPLACED).order_by("pk"),
        _apply,
        lambda decision: f"guidance.curateddecision {decision.procedure_slug!r} decision",
    )


def _apply(decision: CuratedDecision) -> str | None:
    """Write ``decision`` onto the freshly loaded rows; why not, when its line is not found."""
    procedure = Procedure.objects.filter(slug=decision.procedure_slug).first()
    if procedure is None:
        return "the procedure is no longer in the sources"
    document, lines = corrections.locate(
        GuidanceDocument.objects.filter(procedure=procedure),
        document=decision.anchor,
        hashes=[decision.line_hash],
        hints=[decision.line],
    )
    if document is None:
        return f"line '{decision.line_text[:60]}…' no longer in the source"
    line = lines[0]
    parsed = Indication.objects.filter(document=document, line=line).first()
    if parsed is not None and not parsed.curated:
        decision.parser_reading = {"level": parsed.level, "indication": parsed.text}
    elif parsed is None:
        decision.parser_reading = None
    number = Recommendation.objects.filter(document=document, line=line).values_list("number", flat=True)
    order = parsed.order if parsed else (document.indications.aggregate(last=Max("order"))["last"] or -1) + 1
    values = {
        "procedure": procedure,
        "text": decision.indication,
        "level": decision.level,
        "is_draft": document.kind == DocumentKind.IP_CONSULTATION,
        "recommendation_number": number.first() or "",
        "order": order,
        "curated": True,
        "curated_on": timezone.localdate(decision.created_at),
    }
    pk = stable_pk("guidance.indication", document.filename, "curated", line)
    Indication.objects.update_or_create(
        document=document, line=line, defaults=values, create_defaults={"pk": pk, **values}
    )
    # The procedure now has a decision: it is no longer "level not read" (the parser's note is
    # in ``parser_reading``'s absence and comes back with the next load if the line is gone).
    Procedure.objects.filter(pk=procedure.pk).update(level_not_read_file="", level_not_read_line=None)
    _refresh_special(procedure)
    decision.line, decision.applied_to = line, document.filename
    decision.save()
    return None


def _refresh_special(procedure: Procedure) -> None:
    """The stored list keys ingest set (``fixture_records._store_list_keys``), after a decision changed."""
    has_special = Indication.objects.filter(procedure=procedure, level=DecisionLevel.SPECIAL).exists()
    Procedure.objects.filter(pk=procedure.pk).update(has_special=has_special)
    duties = Duty.objects.filter(duty_list__procedure=procedure)
    duties.update(in_force_special=False)
    if has_special:
        duties.filter(duty_list__document__superseded=False).update(in_force_special=True)


# Replayed by ``sources.actions.load_fixtures`` after the editorial corrections.
corrections.register_replayer(replay_curated_decisions)
