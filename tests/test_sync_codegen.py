"""The sync generator on shapes the seeded API does not use yet: positional-only and variadic
parameters, aliased imports, module-level defaults, nested namespaces, name clashes."""

from __future__ import annotations

import importlib.util
import inspect
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from nxwa.codegen.format import format_python
from nxwa.codegen.generate import PACKAGE_DIR
from nxwa.codegen.sync_imports import ImportTable
from nxwa.codegen.sync_render import desync_doc, render_sync, sync_class_name
from nxwa.codegen.sync_source import Origin, SyncGenerationError

FAKE = '''
"""A fake async API."""

from __future__ import annotations

from typing import Literal

from nxwa.models.cloud import MediaInfo as Info
from nxwa.models.saas import SaasMedia
from nxwa.resources._base import AsyncResource, Namespace
from nxwa.resources._pagination import AsyncPager

LIMIT = 5


class AsyncThings(AsyncResource):
    """Things."""

    async def get(
        self, a: int, /, b: str = "x", *args: int, c: Literal["p", "q"] = "p", d: int = LIMIT,
        **kw: str,
    ) -> Info:
        """Get a thing.

        >>> thing = await client.x.things.get(1)
        >>> async for t in client.x.things.iter():
        ...     print(t)
        """
        raise NotImplementedError

    def iter(self) -> AsyncPager[SaasMedia]:
        """All things."""
        raise NotImplementedError


class Info2(AsyncResource):
    async def media(self) -> SaasMedia:
        raise NotImplementedError


class NestedAPI(Namespace):
    things: AsyncThings  # the same class as at the top: one sync class


class FakeAPI(Namespace):
    """Fake namespace."""

    things: AsyncThings
    info: Info2
    nested: NestedAPI


class FakeClient:
    def __init__(self, *, key: str | None = None, limit: int = LIMIT) -> None:
        raise NotImplementedError

    @property
    def x(self) -> FakeAPI:
        """The fake namespace."""
        raise NotImplementedError

    def with_options(self, *, limit: int | None = None) -> FakeClient:
        """A copy."""
        raise NotImplementedError

    async def aclose(self) -> None:
        raise NotImplementedError
'''


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[ModuleType]:
    # The generator reads source through inspect, and treats classes of nxwa.resources.* as
    # namespaces and resources: give the fake module such a name and a real file.
    name = "nxwa.resources._fake_for_tests"
    path = tmp_path / "fake.py"
    path.write_text(textwrap.dedent(FAKE), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[name]


def _load(source: str) -> ModuleType:
    module = ModuleType("generated_for_tests")
    exec(compile(source, "generated_for_tests.py", "exec"), module.__dict__)
    return module


def test_fake_api_is_mirrored(fake: ModuleType, tmp_path: Path) -> None:
    # Laid out by ruff with the project's settings, as python -m nxwa.codegen does.
    source = format_python(render_sync(fake.FakeClient), PACKAGE_DIR / "sync" / "fake_sync.py")
    generated = _load(source)

    get = inspect.signature(generated.SyncThings.get)
    assert (
        str(get).split(" -> ")[0] == str(inspect.signature(fake.AsyncThings.get)).split(" -> ")[0]
    )
    assert get.parameters["d"].default == 5
    assert inspect.getdoc(generated.SyncThings.get) == (
        "Get a thing.\n\n>>> thing = client.x.things.get(1)\n"
        ">>> for t in client.x.things.iter():\n...     print(t)"
    )
    assert inspect.signature(generated.SyncThings.iter).return_annotation == "SyncPager[SaasMedia]"
    # Aliased in the source (MediaInfo as Info): imported under its own name here.
    assert get.return_annotation == "MediaInfo"
    assert "from nxwa.models.cloud import MediaInfo" in source
    # A clash: the sync class of Info2 is SyncInfo2, but the fake's SaasMedia stays SaasMedia.
    assert inspect.signature(generated.SyncInfo2.media).return_annotation == "SaasMedia"
    assert source.count("class SyncThings:") == 1
    assert "self.nested = SyncNestedAPI(runner, lambda: namespace().nested)" in source
    assert "return self._derive(FakeClient.with_options, limit=limit)" in source
    init = inspect.signature(generated.Client.__init__)
    assert list(init.parameters) == ["self", "key", "limit", "backend", "backend_options"]
    assert "from nxwa.resources._fake_for_tests import LIMIT" in source  # a runtime default

    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if Path(ruff).exists():
        target = tmp_path / "generated.py"
        target.write_text(source, encoding="utf-8")
        checked = subprocess.run(
            [ruff, "format", "--check", "--diff", "--line-length", "100", str(target)],
            capture_output=True,
            text=True,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_unsupported_shapes_are_refused(fake: ModuleType) -> None:
    def plain(self: object) -> int:
        return 1

    fake.AsyncThings.plain = plain
    try:
        with pytest.raises(SyncGenerationError, match="AsyncPager"):
            render_sync(fake.FakeClient)
    finally:
        del fake.AsyncThings.plain


def test_import_table_aliases_clashing_names() -> None:
    table = ImportTable(reserved={"Client"})
    assert table.use(Origin("nxwa.models.saas", "Result"), runtime=False) == "Result"
    assert table.use(Origin("nxwa.models.cloud", "Result"), runtime=False) == (
        "nxwa_models_cloud_Result"
    )
    assert table.use(Origin("pkg", "Client"), runtime=True) == "pkg_Client"
    assert table.use(Origin("httpx"), runtime=False) == "httpx"
    assert table.render(runtime=True) == ["from pkg import Client as pkg_Client"]
    assert table.render(runtime=False) == [  # ruff orders them (nxwa.codegen.format)
        "    from nxwa.models.saas import Result",
        "    from nxwa.models.cloud import Result as nxwa_models_cloud_Result",
        "    import httpx",
    ]


def test_names_and_docs() -> None:
    class AsyncSaasThings:
        pass

    class CloudAPI:
        pass

    assert sync_class_name(AsyncSaasThings) == "SyncSaasThings"
    assert sync_class_name(CloudAPI) == "SyncCloudAPI"
    assert desync_doc("x = await f()\nasync with c:\nasync for i in p:") == (
        "x = f()\nwith c:\nfor i in p:"
    )
