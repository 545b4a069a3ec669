"""``{{ report|stage_tag }}``: the one tag a procedure's stage is shown with, on every page.

A filter so that pages whose views live elsewhere (the home page) show the
stage exactly as the guidance pages do, from ``guidance.presenters.stage_tag``.
"""

from django import template

from guidance.presenters import StageTag
from guidance.presenters import stage_tag as shape

register = template.Library()


@register.filter
def stage_tag(report) -> StageTag:
    return shape(report)
