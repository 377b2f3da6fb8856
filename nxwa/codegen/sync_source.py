"""Reading the async API for the sync generator: signatures, docstrings and imports, from source.

Everything is taken from the source text (through :mod:`ast`), not from evaluated objects, so
annotations keep their exact spelling (``Unpack[SaasTemplateOptions]`` imported under
``TYPE_CHECKING`` included) and defaults keep their expression (``DEFAULT_TIMEOUTS``, not its
repr).
"""

from __future__ import annotations

import ast
import builtins
import functools
import importlib
import inspect
import textwrap
from collections.abc import Callable
from typing import Any

import attrs

__all__ = [
    "Origin",
    "ParamInfo",
    "SignatureInfo",
    "SyncGenerationError",
    "class_docstring",
    "function_info",
    "module_names",
    "resolve_class",
]


class SyncGenerationError(Exception):
    """The async API has a shape the sync generator does not know how to mirror."""


@attrs.frozen
class Origin:
    """Where a name comes from: ``module.name``, or the module itself when ``name`` is None."""

    module: str
    name: str | None = None


@attrs.frozen
class ParamInfo:
    name: str
    kind: inspect._ParameterKind
    annotation: ast.expr | None
    default: ast.expr | None


@attrs.frozen
class SignatureInfo:
    """One function as written: parameters, return annotation and docstring literal."""

    name: str
    module: str
    is_async: bool
    params: tuple[ParamInfo, ...]
    returns: ast.expr | None
    #: The docstring's source literal (quotes, prefix and original inner indentation) and the
    #: column it starts at; ``None`` without a docstring.
    doc: tuple[str, int] | None


def _relative(module: str, level: int, target: str | None, is_package: bool) -> str:
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, *([target] if target else [])])


@functools.cache
def module_names(module_name: str) -> dict[str, Origin]:
    """Every top-level name of a module (imported or defined, including under
    ``if TYPE_CHECKING:``) and where it comes from."""
    module = importlib.import_module(module_name)
    tree = ast.parse(inspect.getsource(module))
    is_package = hasattr(module, "__path__")
    names: dict[str, Origin] = {}

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    names.setdefault(local, Origin(alias.name if alias.asname else local))
            elif isinstance(node, ast.ImportFrom):
                source = node.module or ""
                if node.level:
                    source = _relative(module_name, node.level, node.module, is_package)
                for alias in node.names:
                    names.setdefault(alias.asname or alias.name, Origin(source, alias.name))
            elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                names.setdefault(node.name, Origin(module_name, node.name))
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        names.setdefault(target.id, Origin(module_name, target.id))
            elif isinstance(node, ast.If):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)

    visit(tree.body)
    return names


def resolve(module_name: str, name: str) -> Origin | None:
    """The origin of ``name`` as seen from ``module_name``; ``None`` for a builtin."""
    origin = module_names(module_name).get(name)
    if origin is None:
        if hasattr(builtins, name):
            return None
        raise SyncGenerationError(f"cannot resolve {name!r} in {module_name}")
    return origin


def resolve_class(module_name: str, expr: ast.expr) -> type[Any] | None:
    """The class a plain name (``CloudAPI``) in ``module_name`` refers to, if it is one."""
    if not isinstance(expr, ast.Name):
        return None
    origin = resolve(module_name, expr.id)
    if origin is None or origin.name is None:
        return None
    value = getattr(importlib.import_module(origin.module), origin.name, None)
    return value if isinstance(value, type) else None


def _parse(obj: Callable[..., Any] | type[Any]) -> tuple[str, ast.stmt]:
    source = textwrap.dedent(inspect.getsource(obj))
    node = ast.parse(source).body[0]
    return source, node


def _doc(source: str, node: ast.AST) -> tuple[str, int] | None:
    body = getattr(node, "body", [])
    first = body[0] if body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        literal = ast.get_source_segment(source, first.value)
        if literal is not None:
            return literal, first.value.col_offset
    return None


def class_docstring(cls: type[Any]) -> tuple[str, int] | None:
    """A class's docstring literal as written (see :attr:`SignatureInfo.doc`)."""
    source, node = _parse(cls)
    return _doc(source, node)


def function_info(fn: Callable[..., Any]) -> SignatureInfo:
    """Read ``fn``'s definition (a function, or a property's getter) from its source."""
    source, node = _parse(fn)
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise SyncGenerationError(f"{fn!r} is not defined by a def statement")
    args = node.args
    params: list[ParamInfo] = []
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += args.defaults
    kind = inspect.Parameter
    for i, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
        k = kind.POSITIONAL_ONLY if i < len(args.posonlyargs) else kind.POSITIONAL_OR_KEYWORD
        params.append(ParamInfo(arg.arg, k, arg.annotation, default))
    if args.vararg is not None:
        params.append(ParamInfo(args.vararg.arg, kind.VAR_POSITIONAL, args.vararg.annotation, None))
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append(ParamInfo(arg.arg, kind.KEYWORD_ONLY, arg.annotation, kw_default))
    if args.kwarg is not None:
        params.append(ParamInfo(args.kwarg.arg, kind.VAR_KEYWORD, args.kwarg.annotation, None))
    return SignatureInfo(
        name=node.name,
        module=fn.__module__,
        is_async=isinstance(node, ast.AsyncFunctionDef),
        params=tuple(params),
        returns=node.returns,
        doc=_doc(source, node),
    )
