"""An event's key messages as summary cards, written in Python: 200 messages with their themes
and actions through the template engine were most of the event page's time (every dotted lookup,
filter and localised number is resolved per cell)."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from common.links import url_for_each

register = template.Library()

_CARD = (
    '<div class="govuk-summary-card" id="message-{}" data-testid="key-message">'
    '<div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">{}</h3>'
    '<ul class="govuk-summary-card__actions">{}{}</ul></div>'
    '<div class="govuk-summary-card__content"><p class="govuk-body">{}</p>{}</div></div>'
)
_ACTION_LINK = (
    '<li class="govuk-summary-card__action"><a class="govuk-link" href="{}">{}'
    '<span class="govuk-visually-hidden"> {} {}</span></a></li>'
)
_THEME = '<a class="govuk-link" href="{}"><strong class="govuk-tag govuk-tag--blue">{}</strong></a> '
_ACTIONS_TABLE = (
    '<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">{}</caption>'
    '<thead class="govuk-table__head"><tr class="govuk-table__row">'
    '<th scope="col" class="govuk-table__header">What we will do</th>'
    '<th scope="col" class="govuk-table__header">Owner</th><th scope="col" class="govuk-table__header">Due</th>'
    '<th scope="col" class="govuk-table__header">Status</th>'
    '<th scope="col" class="govuk-table__header">What we did</th></tr></thead><tbody class="govuk-table__body">{}'
    "</tbody></table>"
)
_ACTION_ROW = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell"><strong class="govuk-tag">{}</strong></td>'
    '<td class="govuk-table__cell">{}</td></tr>'
)
_NO_THEMES = "No themes"


class _Links:
    """The card's links, each URL reversed once for the page; None where the user may not act."""

    def __init__(self, can_change_message: bool, can_add_action: bool, can_change_action: bool):
        self.message_update = url_for_each("consultations:message_update") if can_change_message else None
        self.action_create = url_for_each("consultations:message_action_create") if can_add_action else None
        self.action_update = url_for_each("consultations:action_update") if can_change_action else None
        self.theme = url_for_each("consultations:theme_detail")


def _actions(message, links: _Links):
    actions = message.actions.all()
    if not actions:
        return ""
    rows = format_html_join(
        "",
        _ACTION_ROW,
        (
            (
                format_html(
                    '<a class="govuk-link" href="{}">{}</a>', links.action_update(action.pk), action.description
                )
                if links.action_update
                else action.description,
                str(action.owner),
                f"{action.due_on:%-d %b %Y}" if action.due_on else "",
                action.get_status_display(),
                linebreaksbr(action.response),
            )
            for action in actions
        ),
    )
    return format_html(_ACTIONS_TABLE, "Actions", rows)


def _card(number: int, message, links: _Links):
    edit = (
        format_html(_ACTION_LINK, links.message_update(message.pk), "Edit", "message", number)
        if links.message_update
        else ""
    )
    add = (
        format_html(_ACTION_LINK, links.action_create(message.pk), "Add an action", "to message", number)
        if links.action_create
        else ""
    )
    themes = format_html_join("", _THEME, ((links.theme(theme.pk), str(theme)) for theme in message.themes.all()))
    return (message.pk, message.text, edit, add, themes or _NO_THEMES, _actions(message, links))


@register.simple_tag
def message_cards(messages, can_change_message: bool, can_add_action: bool, can_change_action: bool) -> SafeString:
    """{% message_cards messages_ can_change_message can_add_action can_change_action %}: a summary
    card per key message (its themes, its actions), escaped as the template would."""
    links = _Links(can_change_message, can_add_action, can_change_action)
    return format_html_join("", _CARD, (_card(n, message, links) for n, message in enumerate(messages, start=1)))
