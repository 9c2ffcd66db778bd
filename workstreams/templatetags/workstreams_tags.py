"""Template helpers asking the same permission functions as the views."""

from django import template

from workstreams import permissions

register = template.Library()


@register.filter
def can_edit_workstream(user, workstream) -> bool:
    """`{% if user|can_edit_workstream:workstream %}`"""
    return permissions.can_edit_workstream(user, workstream)


@register.filter
def can_publish(user) -> bool:
    """`{% if user|can_publish %}`"""
    return permissions.can_publish(user)
