"""MARKETING-only shapes: the limited-time offer (R35, R70) and the media / product card
carousel (R71).

>>> found = Findings()
>>> check_carousel(found, Component(type="CAROUSEL", cards=[]), "components[1]",
...                category=TemplateCategory.MARKETING)
>>> [p.rule for p in found.problems]
['R71']
"""

from __future__ import annotations

from collections.abc import Sequence

from nxwa.models.enums import ComponentType, HeaderFormat, TemplateCategory
from nxwa.models.template_components import Component
from nxwa.models.template_rules.buttons import check_buttons
from nxwa.models.template_rules.problems import Findings
from nxwa.models.template_rules.text import check_body_text, check_examples

__all__ = ["check_carousel", "check_offer"]

MAX_OFFER_TEXT = 16
MIN_CARDS, MAX_CARDS = 2, 10
MAX_CARD_BODY = 160
MAX_CARD_BUTTONS = 2
_OFFER_HEADERS = (HeaderFormat.IMAGE, HeaderFormat.VIDEO)
_CARD_HEADERS = (HeaderFormat.IMAGE, HeaderFormat.VIDEO, HeaderFormat.PRODUCT)
_MEDIA = (HeaderFormat.IMAGE, HeaderFormat.VIDEO)


def _marketing_only(
    found: Findings, where: str, category: TemplateCategory | None, rule: str, what: str
) -> None:
    if category is not None and category is not TemplateCategory.MARKETING:
        found.error(where, rule, f"{what} templates must be MARKETING")


def check_offer(
    found: Findings,
    components: Sequence[Component],
    index: int,
    where: str,
    *,
    category: TemplateCategory | None,
) -> None:
    """R70 for the LIMITED_TIME_OFFER component at ``components[index]``.

    >>> found = Findings()
    >>> check_offer(found, [Component(type="LIMITED_TIME_OFFER")], 0, "components",
    ...             category=TemplateCategory.MARKETING)
    >>> [p.path for p in found.problems]
    ['components[0].limited_time_offer']
    """
    at = f"{where}[{index}]"
    _marketing_only(found, at, category, "R70", "limited-time offer")
    offer = components[index].limited_time_offer
    if offer is None:
        found.error(f"{at}.limited_time_offer", "R70", "is required (text, has_expiration)")
    elif not offer.text or not offer.text.strip():
        found.error(f"{at}.limited_time_offer.text", "R70", "is required")
    elif len(offer.text) > MAX_OFFER_TEXT:
        found.error(
            f"{at}.limited_time_offer.text", "R70", f"must be at most {MAX_OFFER_TEXT} characters"
        )
    for i, component in enumerate(components):
        if component.type is ComponentType.FOOTER:
            found.error(f"{where}[{i}]", "R70", "limited-time offer templates have no footer")
        elif component.type is ComponentType.HEADER and component.format not in _OFFER_HEADERS:
            found.error(
                f"{where}[{i}].format", "R70", "a limited-time offer's header is IMAGE or VIDEO"
            )


def _card_shape(card: Component | object) -> tuple[object, ...]:
    components = getattr(card, "components", None) or ()
    return tuple((c.type, c.format, tuple(b.type for b in c.buttons or ())) for c in components)


def _card(found: Findings, components: Sequence[Component], where: str) -> None:
    headers = [i for i, c in enumerate(components) if c.type is ComponentType.HEADER]
    if not headers:
        found.error(where, "R71", "every card needs an IMAGE, VIDEO or PRODUCT header")
    for i, component in enumerate(components):
        at = f"{where}[{i}]"
        kind = component.type
        if kind is ComponentType.HEADER:
            if component.format not in _CARD_HEADERS:
                found.error(f"{at}.format", "R71", "a card header is IMAGE, VIDEO or PRODUCT")
            elif component.format in _MEDIA:
                example = component.example
                if example is None or not (
                    example.header_handle or example.custom_header_handle_url
                ):
                    found.error(
                        f"{at}.example.header_handle", "R22", "a media header needs a handle"
                    )
        elif kind is ComponentType.BODY:
            variables = check_body_text(
                found, component.text, f"{at}.text", max_length=MAX_CARD_BODY, rule="R71"
            )
            check_examples(found, variables, component.example, at, header=False)
        elif kind is ComponentType.BUTTONS:
            check_buttons(
                found,
                component.buttons or (),
                f"{at}.buttons",
                family="cloud",
                max_buttons=MAX_CARD_BUTTONS,
                count_rule="R71",
            )
        elif kind.is_known:
            found.error(at, "R71", f"a card has no {kind.value} component")


def check_carousel(
    found: Findings, component: Component, where: str, *, category: TemplateCategory | None
) -> None:
    """R71 for one CAROUSEL component.

    >>> found = Findings()
    >>> check_carousel(found, Component(type="CAROUSEL", cards=[{}, {}]), "components[1]",
    ...                category=None)
    >>> [p.path for p in found.problems][:1]
    ['components[1].cards[0].components']
    """
    _marketing_only(found, where, category, "R71", "carousel")
    cards = component.cards or []
    if not MIN_CARDS <= len(cards) <= MAX_CARDS:
        found.error(f"{where}.cards", "R71", f"must hold {MIN_CARDS} to {MAX_CARDS} cards")
    shapes = {_card_shape(card) for card in cards}
    if len(shapes) > 1:
        found.error(f"{where}.cards", "R71", "every card must have the same components and buttons")
    for i, card in enumerate(cards):
        _card(found, card.components or [], f"{where}.cards[{i}].components")
