"""Turning parsed data (TOML data files, JSON exports) into model objects, and errors into Problems.

One cattrs converter per input format, built by the same code with the same
hooks and messages; the formats differ in two things only:

- what an export holds that a data file must not set: ``provenance`` (the
  loader stamps it), a resource's ``fetched`` fields (they come from the
  metadata store) and a topic's ``track`` (the track it sits in);
- the word for a key/value collection in messages: a TOML *table*, a JSON
  *object*.

The converter is strict where TOML and JSON are loose: a string field takes
only a string, a number only a number, an array field only an array, and
unknown keys are errors, so a typo is reported instead of silently dropped.
"""

import enum
import functools
import re
from collections.abc import Mapping
from typing import Any, Callable, Optional, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, override

from ..errors import Problem
from ..model import Concept, Resource, Text, Topic, Track

__all__ = ["describe", "structure_entry"]

T = TypeVar("T")


class _Mismatch(TypeError):
    pass


_EXPECTED = {str: "a string", int: "an integer", bool: "true or false"}
_LANGS = frozenset({"zh", "en"})


def describe(value: object, *, exported: bool = False) -> str:
    """Name a parsed value as a message shows it: ``"the string 'x'"``, ``"an array"``...

    Args:
        value: What the parser gave.
        exported: Name mappings as JSON does (*an object*) rather than TOML (*a table*).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, str):
        # A whole paragraph pasted into the wrong field would flood the message.
        return f"the string {value!r}" if len(value) <= 80 else f"the string {value[:77]!r}..."
    if isinstance(value, Mapping):
        return "an object" if exported else "a table"
    if isinstance(value, (list, tuple)):
        return "an array"
    return type(value).__name__


def _is_tuple(cls: object) -> bool:
    return get_origin(cls) is tuple


@functools.lru_cache(maxsize=2)
def _converter(exported: bool) -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    mapping = "an object" if exported else "a table"

    def name(value: object) -> str:
        return describe(value, exported=exported)

    def enum_value(value: object, cls: type[enum.Enum]) -> enum.Enum:
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(repr(member.value) for member in cls)
            raise _Mismatch(f"expected one of {choices}, got {name(value)}") from None

    def strict(expected: type) -> Callable[[object, object], object]:
        def hook(value: object, cls: object) -> object:
            # The hook is found by singledispatch, so it also receives our enums
            # (they subclass str).
            if cls is not expected and isinstance(cls, type) and issubclass(cls, enum.Enum):
                return enum_value(value, cls)
            # bool is an int subclass, and both formats have real booleans: keep them apart.
            if isinstance(value, expected) and not (expected is int and isinstance(value, bool)):
                return value
            raise _Mismatch(f"expected {_EXPECTED[expected]}, got {name(value)}")

        return hook

    def text(value: object, _type: object) -> Text:
        # Missing or empty languages are let through as "" and reported by the
        # validator as missing translations, with the field that lacks them.
        if not isinstance(value, Mapping):
            raise _Mismatch(f"expected {mapping} with 'zh' and 'en', got {name(value)}")
        zh, en = value.get("zh", ""), value.get("en", "")
        # The usual text, both languages as strings and nothing else, takes one test.
        if type(zh) is str and type(en) is str and value.keys() <= _LANGS:
            return Text(zh=zh, en=en)
        extra = sorted(set(value) - _LANGS)
        if extra:
            keys = ", ".join(_key(k) for k in extra)
            raise _Mismatch(f"unknown language key(s) {keys}: expected 'zh' and 'en'")
        for lang, item in (("zh", zh), ("en", en)):
            if not isinstance(item, str):
                raise _Mismatch(f"'{lang}' must be a string, got {name(item)}")
        return Text(zh=zh, en=en)

    def concept(value: object, _type: object) -> Concept:
        # A text with an optional key (what placements' `teaches` name) and
        # primary sources (resource ids).
        if not isinstance(value, Mapping):
            raise _Mismatch(f"expected {mapping} with 'zh' and 'en', got {name(value)}")
        extra = sorted(set(value) - {"zh", "en", "key", "primary"})
        if extra:
            keys = ", ".join(_key(k) for k in extra)
            raise _Mismatch(f"unknown key(s) {keys}: expected zh, en, key, primary")
        base = text({k: v for k, v in value.items() if k in ("zh", "en")}, _type)
        key = value.get("key")
        if key is not None and not isinstance(key, str):
            raise _Mismatch(f"'key' must be a string, got {name(key)}")
        primary = value.get("primary", [])
        if not isinstance(primary, (list, tuple)):
            raise _Mismatch(f"'primary' must be an array of resource ids, got {name(primary)}")
        for item in primary:
            if not isinstance(item, str):
                raise _Mismatch(f"'primary' must hold resource ids, got {name(item)}")
        return Concept(zh=base.zh, en=base.en, key=key, primary=tuple(primary))

    def title(value: object, _type: object) -> Text:
        # A title that is not translated (a paper's, a repository's) may be one string.
        if isinstance(value, str):
            return Text.same(value)
        return text(value, _type)

    def fetched(value: object, _type: object) -> dict[str, dict[str, object]]:
        # Whatever a source stored, as long as it is kept per source.
        if not isinstance(value, Mapping):
            raise _Mismatch(f"expected {mapping} of sources, got {name(value)}")
        for source, fields in value.items():
            if not isinstance(fields, Mapping):
                raise _Mismatch(f"source {source!r}: expected {mapping}, got {name(fields)}")
        return {str(source): dict(fields) for source, fields in value.items()}

    def tuple_hook(cls: type) -> Callable[[object, object], tuple[object, ...]]:
        # cattrs would turn a string or a table into a tuple of its characters
        # or keys; an array is the only thing a tuple field accepts.
        item_type = get_args(cls)[0]

        def hook(value: object, _cls: object) -> tuple[object, ...]:
            if not isinstance(value, (list, tuple)):
                raise _Mismatch(f"expected an array, got {name(value)}")
            items: list[object] = []
            errors: list[Exception] = []
            for index, item in enumerate(value):
                try:
                    items.append(conv.structure(item, item_type))
                except Exception as exc:
                    # The index travels in a note, as for cattrs' own sequences.
                    note = IterableValidationNote(
                        f"Structuring item @ index {index}", index, item_type
                    )
                    exc.__notes__ = [*getattr(exc, "__notes__", []), note]  # type: ignore[attr-defined]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
            return tuple(items)

        return hook

    for scalar in (str, int, bool):
        conv.register_structure_hook(scalar, strict(scalar))
    conv.register_structure_hook(Text, text)
    conv.register_structure_hook(Concept, concept)
    conv.register_structure_hook_factory(_is_tuple, tuple_hook)
    # What only an export may hold: the loader sets it for data files.
    own = override() if exported else override(omit=True)
    overrides: dict[type, dict[str, Any]] = {
        Resource: {
            "title": override(struct_hook=title),
            "provenance": own,
            "fetched": override(struct_hook=fetched) if exported else own,
        },
        Topic: {"track": own, "provenance": own},
        Track: {"provenance": own},
    }

    def attrs_hook(cls: type) -> Callable[[object, object], object]:
        # Every model class, not only the top-level entries: cattrs would read a
        # string where a table belongs as a mapping and fail with
        # "'str' object has no attribute 'keys'".
        made: Callable[[Mapping[str, object], object], object] = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=True, **overrides.get(cls, {})
        )

        def hook(value: object, _cls: object) -> object:
            if not isinstance(value, Mapping):
                raise _Mismatch(f"expected {mapping}, got {name(value)}")
            return made(value, _cls)

        return hook

    conv.register_structure_hook_factory(
        lambda cls: attrs.has(cls) and cls not in (Text, Concept), attrs_hook
    )
    return conv


def structure_entry(
    raw: object, cls: type[T], *, file: str, entry: str, kind: str = "", exported: bool = False
) -> tuple[Optional[T], list[Problem]]:
    """Structure one entry (a track, a resource, an extension...) and report what fails.

    Args:
        raw: The entry as the parser gave it.
        cls: The attrs class to make.
        file: The file it was read from, for the problems.
        entry: How problems name the entry (its id, or ``#3``).
        kind: What the entry is (``"resource"``...), for the problems.
        exported: Read it as a JSON export writes it: with ``provenance``,
            ``fetched`` and a topic's ``track``, which data files must not set.

    Returns:
        The object, or ``None`` with the problems, each naming ``file``,
        ``entry`` and the field's dotted path inside the entry.
    """
    if not isinstance(raw, Mapping):
        mapping = "an object" if exported else "a table"
        return None, [
            Problem(
                file=file,
                kind=kind,
                entry=entry,
                field="",
                message=f"expected {mapping}, got {describe(raw, exported=exported)}",
            )
        ]
    try:
        return _converter(exported).structure(raw, cls), []
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
            return [(_join(path, _key(name)), "unknown field") for name in names]
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


def _key(name: object) -> str:
    # A key as a message shows it: plain names as they are, anything else
    # (a newline, a dot, an empty key) quoted, so one problem stays one line.
    text = str(name)
    return text if _PLAIN_KEY.fullmatch(text) else repr(text)


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
