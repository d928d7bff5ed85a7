"""Model objects as plain JSON data: the one shape the JSON export and every ``--json`` write.

`to_data` unstructures with one cattrs converter: an attrs object becomes an
object of all its fields in the model's declaration order, the shape the
published schema spells out (``roadmap.schema.json``); enums become their
values, `Text` becomes ``{"zh": ..., "en": ...}``, tuples and lists become
lists, sets become sorted lists, mappings become dicts (keys converted too),
unset optional fields become ``None`` (``null``); nothing is left out but a
`Concept`'s unset ``key`` and ``primary``.
"""

import enum
import functools
from collections.abc import Set
from typing import TYPE_CHECKING, Any

from .model import Concept, Text

if TYPE_CHECKING:
    import cattrs

__all__ = ["to_data"]


def _concept(concept: Text) -> dict[str, object]:
    # ``key`` and ``primary`` are left out when unset, unlike other optional
    # fields: most data gives its concepts neither, and a concept then reads
    # as the text it is. A topic built in Python may hold plain texts there.
    data: dict[str, object] = {"zh": concept.zh, "en": concept.en}
    key = getattr(concept, "key", None)
    if key is not None:
        data["key"] = key
    primary = getattr(concept, "primary", ())
    if primary:
        data["primary"] = list(primary)
    return data


def _string(value: str) -> str:
    # Our enums subclass str, and cattrs finds a str subclass's hook (kept as
    # it is) before its enum hook: the value is taken here.
    return value.value if isinstance(value, enum.Enum) else value


@functools.cache
def _converter() -> "cattrs.Converter":
    # Built on first use, as the loader's is: every command imports this
    # module, and `--help` or `--version` need no cattrs.
    import cattrs

    converter = cattrs.Converter(unstruct_collection_overrides={tuple: list, Set: sorted})
    converter.register_unstructure_hook(Concept, _concept)
    converter.register_unstructure_hook(str, _string)
    return converter


def to_data(value: Any) -> Any:
    """Return ``value`` as plain JSON data (dicts, lists, strings, numbers, booleans, ``None``).

    Model objects take the shape of the JSON export (`Resource`, `Topic`,
    `Track`, `Placement`, `Text`, `Link`, `Identifiers`, `Provenance`,
    `Extension`); any other attrs object becomes an object of all its fields
    in declaration order, converted the same way. Enums become their values,
    tuples and lists become lists, sets become sorted lists, mappings become
    dicts (keys converted too, so enum keys become their values). Anything
    else is returned as it is.
    """
    return _converter().unstructure(value)
