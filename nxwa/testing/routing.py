"""Routing from the generated endpoint descriptors: method + path (+ ``action`` when several
endpoints share a path) → the :class:`~nxwa.endpoints.Endpoint` and its path values.

There is no second, hand-written route table: an endpoint added to ``codegen/spec.toml`` is
routed (and its auth and required fields checked) as soon as the generator has run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from nxwa.endpoints.descriptor import Endpoint

__all__ = ["Route", "RouteMiss", "Router"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_SLASHES = re.compile(r"/{2,}")


@attrs.frozen(slots=True)
class Route:
    """A matched endpoint; ``action_ok`` is False when no endpoint on this method and path has
    the ``action`` header received (the first candidate is returned for the 1002 answer)."""

    endpoint: Endpoint[Any]
    path_values: Mapping[str, str]
    action_ok: bool


@attrs.frozen(slots=True)
class RouteMiss:
    """No endpoint: 404 for an unknown path, 405 for a known path with another method."""

    status: int
    allowed: tuple[str, ...] = ()


def _compile(template: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(template)
    # split() alternates literal text and placeholder names.
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$")


class Router:
    """Matches requests against a set of endpoint descriptors.

    >>> from nxwa.endpoints import ENDPOINTS
    >>> route = Router(ENDPOINTS.values()).match("GET", "/saas/wa/flow/8613800000000", "mt")
    >>> route.endpoint.id, dict(route.path_values)
    ('saas_list_flows', {'phone': '8613800000000'})
    """

    def __init__(self, endpoints: Iterable[Endpoint[Any]]) -> None:
        # Paths without placeholders are looked up in a dict; the few templated ones are
        # matched by regex. Declaration order is kept within each.
        self._static: dict[str, list[Endpoint[Any]]] = {}
        self._routes: list[tuple[re.Pattern[str], Endpoint[Any]]] = []
        for endpoint in endpoints:
            if _PLACEHOLDER.search(endpoint.path):
                self._routes.append((_compile(endpoint.path), endpoint))
            else:
                self._static.setdefault(endpoint.path, []).append(endpoint)

    def match(self, method: str, path: str, action: str | None) -> Route | RouteMiss:
        # The docs print one path with a doubled slash (/saas/wa//media/...); servers
        # normalise those, so the emulator does too.
        if "//" in path:
            path = _SLASHES.sub("/", path)
        candidates: list[tuple[Endpoint[Any], dict[str, str]]] = []
        allowed: list[str] = []
        for endpoint in self._static.get(path, ()):
            if endpoint.method != method:
                allowed.append(endpoint.method)
            else:
                candidates.append((endpoint, {}))
        if not candidates:
            for pattern, endpoint in self._routes:
                found = pattern.match(path)
                if found is None:
                    continue
                if endpoint.method != method:
                    allowed.append(endpoint.method)
                    continue
                candidates.append((endpoint, found.groupdict()))
        if not candidates:
            return RouteMiss(status=405 if allowed else 404, allowed=tuple(sorted(set(allowed))))
        for endpoint, values in candidates:
            if endpoint.action == action:
                return Route(endpoint, values, action_ok=True)
        endpoint, values = candidates[0]
        return Route(endpoint, values, action_ok=False)
