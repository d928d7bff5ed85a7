"""Turning TOML-shaped data into model objects with cattrs, and its errors into Problems.

The converter is strict where TOML is loose: a string field takes only a
string, a number only a number, and unknown keys are errors, so a typo in a data
file is reported instead of silently dropped.
"""

import enum
import functools
from collections.abc import Mapping
from typing import Any, TypeVar

import cattrs
from cattrs.gen import make_dict_structure_fn, override

from .errors import Problem
from .model import Link, Resource, Text, Topic, Track

__all__ = ["structure_entry"]

T = TypeVar("T")


class _TypeMismatch(TypeError):
    pass


def _strict(expected: type) -> Any:
    def hook(value: Any, cls: Any) -> Any:
        # The hook is found by singledispatch, so it also receives our enums
        # (they subclass str); hand those to the enum hook.
        if cls is not expected and _is_enum(cls):
            return _enum(value, cls)
        # bool is an int subclass, and TOML has real booleans: keep them apart.
        if isinstance(value, expected) and not (expected is int and isinstance(value, bool)):
            return value
        raise _TypeMismatch(f"expected {_TOML_NAMES[expected]}, got {_describe(value)}")

    return hook


_TOML_NAMES = {str: "a string", int: "an integer", bool: "true or false", float: "a number"}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, (list, tuple)):
        return "an array"
    return type(value).__name__


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


def _enum(value: Any, cls: Any) -> Any:
    # Registered ahead of the str hook: our enums subclass str and would match it.
    try:
        return cls(value)
    except ValueError:
        choices = ", ".join(repr(member.value) for member in cls)
        raise _TypeMismatch(f"expected one of {choices}, got {_describe(value)}") from None


def _text(value: Any, _type: Any) -> Text:
    # Missing or empty languages are let through as "" and reported by the
    # validator as missing translations, with the field that lacks them.
    if not isinstance(value, Mapping):
        raise _TypeMismatch(f"expected a table with 'zh' and 'en', got {_describe(value)}")
    extra = sorted(set(value) - {"zh", "en"})
    if extra:
        raise _TypeMismatch(f"unknown language key(s) {', '.join(extra)}: expected 'zh' and 'en'")
    zh, en = value.get("zh", ""), value.get("en", "")
    for lang, text in (("zh", zh), ("en", en)):
        if not isinstance(text, str):
            raise _TypeMismatch(f"'{lang}' must be a string, got {_describe(text)}")
    return Text(zh=zh, en=en)


def _title(value: Any, _type: Any) -> Text:
    # A title that is not translated (a paper's, a repository's) may be one string.
    if isinstance(value, str):
        return Text.same(value)
    return _text(value, _type)


@functools.lru_cache(maxsize=1)
def _converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for scalar in (str, int, bool):
        conv.register_structure_hook(scalar, _strict(scalar))
    conv.register_structure_hook(Text, _text)
    omit = override(omit=True)
    conv.register_structure_hook(
        Resource,
        make_dict_structure_fn(
            Resource,
            conv,
            _cattrs_forbid_extra_keys=True,
            title=override(struct_hook=_title),
            provenance=omit,
            fetched=omit,
        ),
    )
    conv.register_structure_hook(
        Topic,
        make_dict_structure_fn(
            Topic, conv, _cattrs_forbid_extra_keys=True, track=omit, provenance=omit
        ),
    )
    conv.register_structure_hook(
        Track, make_dict_structure_fn(Track, conv, _cattrs_forbid_extra_keys=True, provenance=omit)
    )
    conv.register_structure_hook(
        Link, make_dict_structure_fn(Link, conv, _cattrs_forbid_extra_keys=True)
    )
    return conv


def structure_entry(
    raw: Any, cls: type[T], *, file: str, entry: str, kind: str = ""
) -> "tuple[T | None, list[Problem]]":
    """Structure one entry (a track, a resource, an extension) and report what fails.

    Returns the object, or ``None`` with the problems, each naming ``file``,
    ``entry`` and the field's dotted path inside the entry.
    """
    if not isinstance(raw, Mapping):
        return None, [
            Problem(
                file=file,
                kind=kind,
                entry=entry,
                field="",
                message=f"expected a table, got {_describe(raw)}",
            )
        ]
    try:
        return _converter().structure(raw, cls), []
    except Exception as exc:  # cattrs raises exception groups; every leaf is reported
        return None, [
            Problem(file=file, kind=kind, entry=entry, field=f, message=m)
            for f, m in _leaves(exc, "")
        ]


def _leaves(exc: BaseException, path: str) -> list[tuple[str, str]]:
    # Walk cattrs' exception groups; their notes say which attribute or index failed.
    children = getattr(exc, "exceptions", None)
    if children is None:
        extra = getattr(exc, "extra_fields", None)
        if extra:
            names = sorted(extra)
            return [(_join(path, name), "unknown field") for name in names]
        message = str(exc)
        if isinstance(exc, KeyError) or message.startswith("Required"):
            return [(path, "required field missing")]
        return [(path, message or type(exc).__name__)]
    found: list[tuple[str, str]] = []
    for child in children:
        child_path = path
        for note in getattr(child, "__notes__", ()):
            name = getattr(note, "name", None)
            index = getattr(note, "index", None)
            if name is not None:
                child_path = _join(path, str(name))
            elif index is not None:
                child_path = f"{path}[{index}]"
        if isinstance(child, KeyError):
            found.append((child_path, "required field missing"))
        else:
            found.extend(_leaves(child, child_path))
    return found


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
