"""``nxwa.Client`` mirrors ``nxwa.AsyncClient``: every namespace, resource, method, parameter,
return type and docstring, minus ``async``; and the generated module is up to date and clean."""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import nxwa
from nxwa.codegen.generate import PACKAGE_DIR, generate

ROOT = Path(__file__).resolve().parent.parent

#: Async name → sync name for the return types that change (by qualified origin).
RETURN_MAP = {
    "nxwa.resources._pagination.AsyncPager": "nxwa.sync.pager.SyncPager",
    "nxwa.client.AsyncClient": "nxwa.sync.generated.Client",
}
CLIENT_ONLY_ASYNC = {"aclose", "from_options"}
CLIENT_ONLY_SYNC = {"close", "run"}


# ------------------------------------------------------------------ an independent resolver


@functools.cache
def _imports(module_name: str) -> dict[str, str]:
    """Top-level name → qualified origin, TYPE_CHECKING imports included."""
    tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
    names: dict[str, str] = {}
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop(0)
        if isinstance(node, ast.If):
            stack.extend(node.body)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names[node.name] = f"{module_name}.{node.name}"
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    names[target.id] = f"{module_name}.{target.id}"
    return names


def _qualified(annotation: object, module: str) -> str:
    """An annotation string with every name replaced by its qualified origin."""
    if annotation is inspect.Parameter.empty:
        return "<none>"
    assert isinstance(annotation, str), "nxwa modules use `from __future__ import annotations`"
    names = _imports(module)

    class Qualify(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.Name:
            return ast.Name(id=names.get(node.id, node.id), ctx=node.ctx)

    return ast.unparse(Qualify().visit(ast.parse(annotation, mode="eval")))


def _desync(doc: str | None) -> str | None:
    if doc is None:
        return None
    doc = re.sub(r"\bawait\s+", "", doc)
    return re.sub(r"\basync\s+(for|with|def)\b", r"\1", doc)


def _function(member: object) -> Any:
    if isinstance(member, property):
        return member.fget
    if isinstance(member, functools.cached_property):
        return member.func
    return member


def _members(cls: type[Any]) -> dict[str, object]:
    found: dict[str, object] = {}
    for klass in reversed(cls.__mro__):
        # The namespace and resource bases are plumbing, not API (Namespace.children).
        if klass is not object and klass.__module__ != "nxwa.resources._base":
            found.update(vars(klass))
    return {name: value for name, value in found.items() if not name.startswith("_")}


# ------------------------------------------------------------------ walking both trees


def _pairs() -> Iterator[tuple[str, object, object]]:
    """(path, async object, sync object) for the client, every namespace and every resource."""
    async_client = nxwa.AsyncClient(access_key="k", access_secret="s", app_key="a", tenant_id=1)
    sync_client = nxwa.Client(access_key="k", access_secret="s", app_key="a", tenant_id=1)
    todo: list[tuple[str, object, object]] = [("client", async_client, sync_client)]
    while todo:
        path, a, s = todo.pop(0)
        yield path, a, s
        for name, member in _members(type(a)).items():
            if isinstance(member, property) and _is_holder(getattr(a, name)):
                todo.append((f"{path}.{name}", getattr(a, name), getattr(s, name)))
        for name in _instance_attrs(a):
            value = getattr(a, name)
            if _is_holder(value):
                todo.append((f"{path}.{name}", value, getattr(s, name, None)))
    sync_client.close()


def _instance_attrs(obj: object) -> set[str]:
    """Public attributes set on the instance (a namespace's resources), not class members."""
    members = _members(type(obj))
    return {n for n in getattr(obj, "__dict__", {}) if not n.startswith("_") and n not in members}


def _is_holder(value: object) -> bool:
    return type(value).__module__.startswith("nxwa.resources")


PAIRS = list(_pairs())


def test_every_namespace_and_resource_is_mirrored() -> None:
    assert len(PAIRS) >= 3 + 8  # client, cloud, saas and the seeded resources at least
    for path, a, s in PAIRS:
        assert s is not None, f"{path}: missing on Client"
        assert not type(s).__name__.startswith("Async"), path
        assert _instance_attrs(a) == _instance_attrs(s), path


@pytest.mark.parametrize(("path", "a", "s"), PAIRS, ids=[p for p, _, _ in PAIRS])
def test_members_match(path: str, a: object, s: object) -> None:
    async_members = _members(type(a))
    sync_members = _members(type(s))
    if path == "client":
        async_members = {k: v for k, v in async_members.items() if k not in CLIENT_ONLY_ASYNC}
        sync_members = {k: v for k, v in sync_members.items() if k not in CLIENT_ONLY_SYNC}
    assert sorted(sync_members) == sorted(async_members), f"{path}: public members differ"

    for name, async_member in async_members.items():
        where = f"{path}.{name}"
        sync_member = sync_members[name]
        is_property = isinstance(async_member, property)
        assert isinstance(sync_member, (property, functools.cached_property)) == is_property, where
        afn, sfn = _function(async_member), _function(sync_member)
        assert not inspect.iscoroutinefunction(sfn), where
        assert inspect.getdoc(sfn) == _desync(inspect.getdoc(afn)), f"{where}: docstring"
        assert "await " not in (inspect.getdoc(sfn) or ""), where
        holder = is_property and _is_holder(getattr(a, name))
        _assert_same_signature(where, afn, sfn, sync_holder=getattr(s, name) if holder else None)


def _assert_same_signature(where: str, afn: Any, sfn: Any, *, sync_holder: object) -> None:
    asig, ssig = inspect.signature(afn), inspect.signature(sfn)
    assert list(asig.parameters) == list(ssig.parameters), f"{where}: parameter names"
    for name, ap in asig.parameters.items():
        sp = ssig.parameters[name]
        assert ap.kind == sp.kind, f"{where}({name}): kind"
        assert ap.default is sp.default or ap.default == sp.default, f"{where}({name}): default"
        assert _qualified(ap.annotation, afn.__module__) == _qualified(
            sp.annotation, sfn.__module__
        ), f"{where}({name}): annotation"
    returns_a = _qualified(asig.return_annotation, afn.__module__)
    returns_s = _qualified(ssig.return_annotation, sfn.__module__)
    if sync_holder is not None:  # a namespace or resource property: the sync class
        assert returns_s == f"{type(sync_holder).__module__}.{type(sync_holder).__name__}", where
        return
    for async_name, sync_name in RETURN_MAP.items():
        returns_a = re.sub(rf"^{re.escape(async_name)}\b", sync_name, returns_a)
    assert returns_s == returns_a, f"{where}: return type"


def test_client_init_takes_every_async_option_plus_backend() -> None:
    asig = inspect.signature(nxwa.AsyncClient.__init__)
    ssig = inspect.signature(nxwa.Client.__init__)
    sync_params = list(ssig.parameters.values())
    extra = sync_params[len(asig.parameters) :]
    assert [p.name for p in extra] == ["backend", "backend_options"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in extra)
    assert extra[0].default == "asyncio"
    _assert_same_signature(
        "Client.__init__",
        nxwa.AsyncClient.__init__,
        _without(nxwa.Client.__init__, len(asig.parameters)),
        sync_holder=None,
    )


def _without(fn: Any, keep: int) -> Any:
    """``fn`` with a signature cut to its first ``keep`` parameters."""

    def cut() -> None: ...

    sig = inspect.signature(fn)
    cut.__signature__ = sig.replace(parameters=list(sig.parameters.values())[:keep])  # type: ignore[attr-defined]
    cut.__module__ = fn.__module__
    return cut


def test_pager_methods_return_sync_pagers() -> None:
    from nxwa.sync.generated import SyncSaasTemplates

    assert inspect.signature(SyncSaasTemplates.iter).return_annotation == "SyncPager[SaasTemplate]"


def test_unpack_options_keep_their_typing() -> None:
    from nxwa.sync.generated import SyncSaasTemplates

    options = inspect.signature(SyncSaasTemplates.create).parameters["options"]
    assert options.kind is inspect.Parameter.VAR_KEYWORD
    assert options.annotation == "Unpack[SaasTemplateOptions]"


# ------------------------------------------------------------------ the generated file


def test_generated_sync_module_is_up_to_date() -> None:
    committed = (PACKAGE_DIR / "sync/generated.py").read_text(encoding="utf-8")
    assert generate()["sync/generated.py"] == committed, "run `python -m nxwa.codegen`"


def _ruff() -> str:
    found = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(found).exists():
        pytest.skip("ruff is not installed")
    return found


def test_generated_sync_module_is_ruff_clean() -> None:
    target = str(PACKAGE_DIR / "sync/generated.py")
    fmt = subprocess.run(
        [_ruff(), "format", "--check", "--diff", target], cwd=ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    lint = subprocess.run([_ruff(), "check", target], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_generated_methods_are_one_delegation() -> None:
    tree = ast.parse((PACKAGE_DIR / "sync/generated.py").read_text(encoding="utf-8"))
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        for fn in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
            body = [s for s in fn.body if not isinstance(s, ast.Expr)]  # minus the docstring
            if fn.name == "__init__":
                continue
            assert len(body) == 1, f"{cls.name}.{fn.name}"
            assert isinstance(body[0], ast.Return), f"{cls.name}.{fn.name}"
