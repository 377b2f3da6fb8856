"""``TemplateStore``: one business phone's templates, indexed for O(1) and O(log n) access.

A mapping id → :class:`StoredTemplate` in creation order (ids only grow), plus:

* ``(name, language)`` → template and name → {language → template}, for lookups and deletes;
* an order-statistic index (a Fenwick tree over creation slots) so a page at any offset, newest
  or oldest first, and a page after an id cursor cost O(log n + page), however many templates the
  phone holds and however many were deleted.

Name and language are a template's identity: they are read once, when the template is stored,
and must not be reassigned afterwards.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nxwa.testing.state.template import StoredTemplate

__all__ = ["RankedIds", "TemplateStore"]


class RankedIds:
    """Increasing ids in slots, with deletion by id and select-by-rank in O(log n).

    >>> ranks = RankedIds()
    >>> for i in (10, 20, 30, 40):
    ...     ranks.append(i)
    >>> ranks.remove(20)
    >>> len(ranks), ranks.at(1), ranks.rank_after(20)
    (3, 30, 1)
    """

    __slots__ = ("_alive", "_dead", "_ids", "_slot", "_tree")

    def __init__(self) -> None:
        self._ids: list[int] = []  # slot → id (increasing), dead slots keep their id
        self._alive: list[bool] = []
        self._tree: list[int] = [0]  # Fenwick tree, 1-based, over the alive flags
        self._slot: dict[int, int] = {}  # live id → slot
        self._dead = 0

    def __len__(self) -> int:
        return len(self._slot)

    def __contains__(self, item: object) -> bool:
        return item in self._slot

    def append(self, item: int) -> None:
        """Add ``item`` at the end; it must be larger than every id added before."""
        if self._ids and item <= self._ids[-1]:
            raise ValueError("ids must be appended in increasing order")
        self._ids.append(item)
        self._alive.append(True)
        position = len(self._ids)  # 1-based
        # tree[p] covers (p - lowbit(p), p]: the new flag plus what the earlier nodes cover.
        low = position & -position
        self._tree.append(1 + self._prefix(position - 1) - self._prefix(position - low))
        self._slot[item] = position - 1

    def remove(self, item: int) -> None:
        slot = self._slot.pop(item)
        self._alive[slot] = False
        self._dead += 1
        position = slot + 1
        tree = self._tree
        while position < len(tree):
            tree[position] -= 1
            position += position & -position
        if self._dead > 1024 and self._dead > len(self._slot):
            self._compact()

    def _prefix(self, position: int) -> int:
        """Live ids in the first ``position`` slots."""
        total = 0
        tree = self._tree
        while position > 0:
            total += tree[position]
            position -= position & -position
        return total

    def at(self, rank: int) -> int:
        """The id at ``rank`` (0 = oldest live id)."""
        if not 0 <= rank < len(self._slot):
            raise IndexError(rank)
        tree = self._tree
        size = len(tree) - 1
        position = 0
        remaining = rank + 1
        step = 1 << size.bit_length()
        while step:
            nxt = position + step
            if nxt <= size and tree[nxt] < remaining:
                position = nxt
                remaining -= tree[nxt]
            step >>= 1
        return self._ids[position]  # slot `position` (0-based) holds the rank-th live id

    def rank_after(self, item: int) -> int:
        """How many live ids are <= ``item`` (so ``at(rank_after(x))`` is the first id > x)."""
        return self._prefix(bisect.bisect_right(self._ids, item))

    def page(self, start: int, count: int, *, newest_first: bool = False) -> list[int]:
        """``count`` ids from rank ``start`` (counting from the newest when asked): one
        select, then a walk over the slots that skips removed ones (a long run of them, which
        compaction keeps rare, costs one select per id instead)."""
        total = len(self._slot)
        count = min(count, total - start)
        if count <= 0 or start < 0:
            return []
        first = total - 1 - start if newest_first else start
        slot = self._slot[self.at(first)]
        step = -1 if newest_first else 1
        ids, alive = self._ids, self._alive
        page: list[int] = []
        skipped = 0
        while len(page) < count:
            if alive[slot]:
                page.append(ids[slot])
                skipped = 0
            else:
                skipped += 1
                if skipped > 64:
                    rank = first + len(page) * step
                    slot = self._slot[self.at(rank)]
                    skipped = 0
                    continue
            slot += step
        return page

    def __iter__(self) -> Iterator[int]:
        alive = self._alive
        for slot, item in enumerate(self._ids):
            if alive[slot]:
                yield item

    @property
    def last(self) -> int | None:
        """The largest id ever appended (even if since removed)."""
        return self._ids[-1] if self._ids else None

    def _compact(self) -> None:
        live = list(self)
        self._ids, self._alive, self._tree, self._slot, self._dead = [], [], [0], {}, 0
        for item in live:
            self.append(item)


class TemplateStore(MutableMapping[int, "StoredTemplate"]):
    """id → template, oldest first, with name/language indexes (see the module docs).

    >>> store = TemplateStore()
    >>> store[300] = StoredTemplate(id=300, name="welcome", language="en_US", category_type=1,
    ...                             content="Hi")
    >>> store.find("welcome", "en_US").id, [t.id for t in store.named("welcome")]
    (300, [300])
    """

    __slots__ = ("_by_id", "_by_key", "_by_name", "_ranks")

    def __init__(self) -> None:
        self._by_id: dict[int, StoredTemplate] = {}
        self._by_key: dict[tuple[str, str], StoredTemplate] = {}
        self._by_name: dict[str, dict[str, StoredTemplate]] = {}
        self._ranks = RankedIds()

    # ------------------------------------------------------------------ mapping

    def __getitem__(self, template_id: int) -> StoredTemplate:
        return self._by_id[template_id]

    def get(self, template_id: int, default: None = None) -> StoredTemplate | None:  # type: ignore[override]
        return self._by_id.get(template_id, default)

    def __contains__(self, template_id: object) -> bool:
        return template_id in self._by_id

    def __setitem__(self, template_id: int, template: StoredTemplate) -> None:
        if template.id != template_id:
            raise ValueError(f"template {template.id} stored under id {template_id}")
        key = (template.name, template.language)
        other = self._by_key.get(key)
        if other is not None and other.id != template_id:
            raise ValueError(
                f"a template named {template.name!r} already exists in {template.language}"
            )
        if template_id in self._by_id:
            del self[template_id]
        self._by_id[template_id] = template
        self._by_key[key] = template
        self._by_name.setdefault(template.name, {})[template.language] = template
        ranks = self._ranks
        last = ranks.last
        if last is None or template_id > last:
            ranks.append(template_id)
        else:  # an id smaller than the newest: rare (a test storing by hand); rebuild
            ordered = sorted([*ranks, template_id])
            self._ranks = RankedIds()
            for item in ordered:
                self._ranks.append(item)

    def __delitem__(self, template_id: int) -> None:
        template = self._by_id.pop(template_id)
        del self._by_key[(template.name, template.language)]
        languages = self._by_name[template.name]
        del languages[template.language]
        if not languages:
            del self._by_name[template.name]
        self._ranks.remove(template_id)

    def __iter__(self) -> Iterator[int]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def values_list(self) -> list[StoredTemplate]:
        """Every template, oldest first."""
        return list(self._by_id.values())

    # ------------------------------------------------------------------ lookups

    def find(self, name: str, language: str) -> StoredTemplate | None:
        """The template with this name in this language, if any (O(1))."""
        return self._by_key.get((name, language))

    def named(self, name: str) -> list[StoredTemplate]:
        """Every language of ``name``, oldest first (O(languages))."""
        languages = self._by_name.get(name)
        if not languages:
            return []
        return sorted(languages.values(), key=lambda t: t.id)

    def names(self) -> Iterator[str]:
        """The distinct template names."""
        return iter(self._by_name)

    def page(self, start: int, count: int, *, newest_first: bool = False) -> list[StoredTemplate]:
        """``count`` templates from position ``start`` (O(log n + count))."""
        by_id = self._by_id
        return [by_id[i] for i in self._ranks.page(start, count, newest_first=newest_first)]

    def rank_after(self, template_id: int) -> int:
        """The position just after ``template_id`` (which may be gone) in creation order."""
        return self._ranks.rank_after(template_id)

    def __repr__(self) -> str:
        return f"<TemplateStore {len(self)} templates, {len(self._by_name)} names>"
