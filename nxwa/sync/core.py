"""The hand-written half of :class:`nxwa.Client`: lifecycle and the way to its ``AsyncClient``.

The other half (``__init__`` with every ``AsyncClient`` option, ``with_options``, the
namespaces and each method) is generated from ``AsyncClient`` into
:mod:`nxwa.sync.generated` by ``python -m nxwa.codegen``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from nxwa.errors import ConfigurationError
from nxwa.options import ClientOptions
from nxwa.sync.runner import Runner

if TYPE_CHECKING:
    from typing_extensions import Self

    from nxwa.client import AsyncClient
    from nxwa.config import Settings

__all__ = ["BACKENDS", "ClientCore"]

P = ParamSpec("P")
T = TypeVar("T")

BACKENDS = ("asyncio", "trio")


class ClientCore:
    """Sync client for both NxCloud WhatsApp API families: every call of
    :class:`nxwa.AsyncClient`, with the same names, arguments and results, without ``await``.

    It takes the options of ``AsyncClient`` plus ``backend`` (``"asyncio"`` or ``"trio"``) and
    ``backend_options`` (as for :func:`anyio.run`). The first call starts an event loop in a
    daemon thread and creates the ``AsyncClient`` and its connection pool there; every call
    runs in that loop, so connections are reused. Many threads may share one client. A call
    interrupted by Ctrl-C is cancelled, not finished behind your back. Close the client (or
    use ``with``) to stop its thread; a forked child process gets its own loop and pool. In
    async code use ``AsyncClient``: calling this from a running event loop raises
    :class:`~nxwa.errors.SyncUsageError`.

    >>> with nxwa.Client(tenant_id=1, region="hk") as client:
    ...     page = client.saas.templates.list("8613800000000", page_size=20)
    ...     for template in client.saas.templates.iter("8613800000000"):
    ...         print(template.id, template.name)
    """

    _options: ClientOptions
    _runner: Runner
    _derivations: tuple[Callable[[AsyncClient], AsyncClient], ...]
    _cached: tuple[int, AsyncClient] | None

    def _start(
        self,
        backend: str,
        backend_options: Mapping[str, object] | None,
        factory: Callable[[ClientOptions], AsyncClient],
        /,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        if backend not in BACKENDS:
            raise ConfigurationError(
                f"backend must be one of {BACKENDS}, not {backend!r}", option="backend"
            )
        # Resolved here, once: a missing credential fails at Client(), not at the first call,
        # and the environment is read once for the client's whole life.
        options = ClientOptions.resolve(*args, **kwargs)
        self._options = options
        self._runner = Runner(
            lambda: factory(options),
            backend=backend,
            backend_options=backend_options,
            forkable=options.forkable,
        )
        self._derivations = ()
        self._cached = None

    def _derive(
        self,
        fn: Callable[Concatenate[AsyncClient, P], AsyncClient],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> Self:
        """A copy sharing this client's runner whose ``AsyncClient`` is
        ``fn(<this client's AsyncClient>, *args, **kwargs)`` (``with_options``)."""
        copy = object.__new__(type(self))
        copy._options = self._options
        copy._runner = self._runner
        copy._derivations = (*self._derivations, lambda client: fn(client, *args, **kwargs))
        copy._cached = None
        return copy

    def _locate(self) -> AsyncClient:
        """This client's ``AsyncClient`` in the current process, opening the loop if needed."""
        base, generation = self._runner.client()
        if not self._derivations:
            return base
        cached = self._cached
        if cached is not None and cached[0] == generation:
            return cached[1]
        derivations = self._derivations

        def derive() -> AsyncClient:
            client = base
            for step in derivations:
                client = step(client)
            return client

        client = self._runner.run_sync(derive)
        self._cached = (generation, client)
        return client

    def run(
        self,
        fn: Callable[Concatenate[AsyncClient, P], Awaitable[T]],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """Run ``fn(async_client, *args, **kwargs)`` on this client's event loop, with its
        ``AsyncClient``, and return the result: how sync code uses nxwa's async-first
        libraries (the template-sync engine, say) on one shared pool.

        >>> plan = client.run(templatesync.plan, project)
        """
        return self._runner.call(fn, self._locate(), *args, **kwargs)

    @property
    def settings(self) -> Settings:
        """The resolved settings (the secret inside is masked in every repr)."""
        # Resolved at construction: reading them needs no event loop.
        return self._options.settings

    def close(self) -> None:
        """Close the connection pool and stop the client's thread. Copies made by
        ``with_options`` share them, so this closes those too. Safe to call twice.

        >>> client.close()
        """
        self._runner.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        runner = self._runner
        state = "closed" if runner.closed else "open" if runner.is_open else "not started"
        return f"<nxwa.Client backend={runner.backend!r} {state}>"
