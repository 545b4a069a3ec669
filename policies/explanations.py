"""One plain-English sentence saying why an evaluation came out as it did. Pure.

The API's evaluate answer carries it as ``explanation`` beside the structured
reasons (``deciding_facts``, ``missing_facts``...), so a person reading the
JSON, or a system showing it to a clinician, needs no further logic. Facts are
quoted by their criterion's words, shortened when long; the structured lists
hold the full text and keys.
"""

from __future__ import annotations

from collections.abc import Mapping

from policies.evaluation import MET, NOT_MET, Evaluation

QUOTE_LENGTH = 90


def quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > QUOTE_LENGTH:
        text = text[: QUOTE_LENGTH - 1].rstrip() + "…"
    return f"“{text}”"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {plural or word + 's'}"


def explain(evaluation: Evaluation, texts: Mapping[str, str]) -> str:
    """The sentence for ``evaluation``; ``texts`` maps every leaf and exclusion key to its words."""

    def said(key: str) -> str:
        return quote(texts.get(key) or key)

    if evaluation.result == MET:
        count = len(evaluation.deciding_facts)
        decided = f"{count} answered {'criterion satisfies' if count == 1 else 'criteria satisfy'} the policy"
        unanswered = evaluation.unanswered_exclusions
        if not unanswered:
            return f"Met: {decided} and no exclusion applies."
        listed = ", ".join(said(key) for key in unanswered)
        verb = "is" if len(unanswered) == 1 else "are"
        return f"Met, provisionally: {decided}, but {_plural(len(unanswered), 'exclusion')} {verb} not answered yet ({listed})."
    if evaluation.result == NOT_MET:
        if evaluation.applied_exclusions:
            return f"Not met: the exclusion {said(evaluation.applied_exclusions[0])} applies."
        deciding = evaluation.deciding_facts
        if len(deciding) == 1:
            return (
                f"Not met: {said(deciding[0])} is answered false, which rules out funding under this policy."
            )
        return (
            f"Not met: {len(deciding)} criteria answered false rule out funding under this policy, "
            f"starting with {said(deciding[0])}."
        )
    missing, for_met = evaluation.missing_facts, evaluation.missing_for_met
    more = f" and {_plural(len(missing) - 1, 'other')}" if len(missing) > 1 else ""
    return (
        f"Undetermined: answering {said(missing[0])}{more} could decide it; "
        f"{_plural(len(for_met), 'more criterion', 'more criteria')} answered true would make it met."
    )
