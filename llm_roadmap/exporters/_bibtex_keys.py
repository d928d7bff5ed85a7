"""Citation keys of the BibTeX exporter: ``vaswani2017attention``, unique within an export."""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from itertools import chain, compress, repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from ..model import Resource

__all__ = ["citation_keys", "key_column"]

_STOP_WORDS = frozenset(
    {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "from", "by", "at", "as"}
    | {"is", "are", "via", "towards", "toward", "into", "its"}
)
_WORD = re.compile(r"[a-z0-9]+")
_SLICE = 1024


def citation_keys(resources: "list[Resource]") -> dict[str, str]:
    """Return a unique citation key for each resource, by resource id."""
    ids = [r.id for r in resources]
    firsts = [r.authors[0] if r.authors else "" for r in resources]
    keys = key_column(ids, firsts, [r.year for r in resources], [r.title.en for r in resources])
    return dict(zip(ids, keys))


def key_column(
    ids: "list[str]", firsts: "list[str]", years: "list[Optional[int]]", titles: "list[str]"
) -> "list[str]":
    """The citation key of each resource, given column by column.

    The columns are the resources' ids, first authors (``""`` for none),
    years and English titles. The keys come in the order of the columns, so
    an exporter reads each entry's key by position.
    """
    keys: list[str] = []
    # A slice at a time, so that the parts of a slice stay in the processor's
    # cache (each key depends only on its own resource).
    for start in range(0, len(ids), _SLICE):
        end = start + _SLICE
        keys += _base_keys(ids[start:end], firsts[start:end], years[start:end], titles[start:end])
    counts = Counter(keys)
    distinct_ids = len(set(ids)) == len(ids)
    if len(counts) == len(keys) and distinct_ids:
        return keys  # no two alike
    if not distinct_ids:
        # A resource id given twice gets one key (the entries are looked up by id).
        by_id = _lettered_by_id(ids, keys, counts)
        return list(map(by_id.__getitem__, ids))
    # Keys that several resources share get a, b... in order of the resource ids.
    shared = sorted(compress(counts, map((1).__lt__, counts.values())))
    positions = list(compress(range(len(keys)), map(set(shared).__contains__, keys)))
    if _lettered_at_once(ids, keys, counts, shared, positions):
        return keys
    return _lettered(ids, keys, counts, positions)


def _lettered_at_once(
    ids: "list[str]",
    keys: "list[str]",
    counts: "Counter[str]",
    shared: "list[str]",
    positions: "list[int]",
) -> bool:
    """Letter the shared keys in C, in place, if the usual case holds; whether it did."""
    if max(map(counts.__getitem__, shared)) > len(_LETTERS):
        return False
    # The entries of each shared key (in sorted order) sorted by id, by two
    # stable sorts, and lettered a, b... Unless a lettered key is already a
    # key, this is what lettering key by key gives: the lettered keys of two
    # keys never meet (they differ in their last letter or before it).
    order = sorted(positions, key=ids.__getitem__)
    order.sort(key=keys.__getitem__)
    ranks = chain.from_iterable(map(range, map(counts.__getitem__, shared)))
    lettered = list(
        map(str.__add__, map(keys.__getitem__, order), map(_LETTERS.__getitem__, ranks))
    )
    if not counts.keys().isdisjoint(lettered):
        return False
    for index, key in zip(order, lettered):
        keys[index] = key
    return True


def _lettered(
    ids: "list[str]", keys: "list[str]", counts: "Counter[str]", positions: "list[int]"
) -> "list[str]":
    # Key by key, in order of first use, as a lettered key may meet another
    # key: each takes the next free suffix.
    alike: dict[str, list[int]] = {}
    for index in positions:
        alike.setdefault(keys[index], []).append(index)
    taken = set(counts)
    for key, where in alike.items():
        suffixes = _suffixes()
        for index in sorted(where, key=ids.__getitem__):
            keys[index] = _next_free(key, suffixes, taken)
    return keys


def _next_free(key: str, suffixes: Iterator[str], taken: "set[str]") -> str:
    """``key`` with the next of ``suffixes`` that makes a key not yet taken (then taken)."""
    candidate = key + next(suffixes)
    while candidate in taken:
        candidate = key + next(suffixes)
    taken.add(candidate)
    return candidate


def _lettered_by_id(ids: "list[str]", keys: "list[str]", counts: "Counter[str]") -> dict[str, str]:
    # The same lettering by resource id, for a list that names a resource twice.
    unique = dict(zip(ids, keys))
    alike: dict[str, list[str]] = {key: [] for key, count in counts.items() if count > 1}
    for resource_id, key in zip(ids, keys):
        if key in alike:
            alike[key].append(resource_id)
    taken = set(counts)
    for key, shared in alike.items():
        suffixes = _suffixes()
        for resource_id in sorted(shared):
            unique[resource_id] = _next_free(key, suffixes, taken)
    return unique


def _base_keys(
    ids: "list[str]", firsts: "list[str]", years: "list[Optional[int]]", titles: "list[str]"
) -> "list[str]":
    # <family part><year><word part>, or the id without hyphens when there is
    # neither part (a Chinese-only entry: the id is still readable and stable).
    # Column by column: each part is found for all resources at once where
    # the usual case holds for all of them (checks over their concatenation,
    # in C), and name by name or title by title otherwise. map() of the str
    # methods runs in C, with no Python code per name.
    lasts = list(map(itemgetter(2), map(str.rpartition, firsts, repeat(" "))))
    heads = list(map(itemgetter(0), map(str.partition, titles, repeat(" "))))
    if _usual_families(firsts, lasts) and _usual_heads(heads) and set(map(type, years)) == {int}:
        # Every key is <last word of the name><year><first word of the title>,
        # lower-cased in one string (the parts are letters and digits: no NUL).
        pieces = [""] * (4 * len(ids))
        pieces[0::4], pieces[1::4], pieces[2::4] = lasts, map(str, years), heads
        pieces[3::4] = ["\x00"] * len(ids)
        return "".join(pieces[:-1]).lower().split("\x00")
    families = _family_parts(firsts, lasts)
    words = _word_parts(titles, heads)
    return [
        f"{family}{'' if year is None else year}{word}" if family or word else rid.replace("-", "")
        for family, year, word, rid in zip(families, years, words, ids)
    ]


def _usual_families(firsts: "list[str]", lasts: "list[str]") -> bool:
    # The usual case: "Given Family", the family name ASCII letters and
    # digits, no comma ("Family, Given") and no space at the end (where the
    # last word after a space is not the last word).
    joined, names = "".join(lasts), "\x00".join(firsts) + "\x00"
    return joined.isascii() and joined.isalnum() and "," not in names and " \x00" not in names


def _usual_heads(heads: "list[str]") -> bool:
    # The usual case: an ASCII title that starts with a plain word, not a stop word.
    joined = "".join(heads)
    return (
        joined.isascii()
        and joined.isalpha()
        and all(heads)
        and _STOP_WORDS.isdisjoint(map(str.lower, set(heads)))
    )


def _family_parts(firsts: "list[str]", lasts: "list[str]") -> "list[str]":
    """The family-name part of the key for each first author ("" for none)."""
    if _usual_families(firsts, lasts):
        # Lower-cased in one string: letters and digits hold no NUL.
        return "\x00".join(lasts).lower().split("\x00")
    return [_family_part(name) if name else "" for name in firsts]


def _word_parts(titles: "list[str]", heads: "list[str]") -> "list[str]":
    """The title-word part of the key for each title."""
    joined = "".join(heads)
    # The usual case: an ASCII title that starts with a plain word.
    if joined.isascii() and joined.isalpha() and all(heads):
        words = "\x00".join(heads).lower().split("\x00")
        if _STOP_WORDS.isdisjoint(words):
            return words
        return [_word_part(t) if w in _STOP_WORDS else w for w, t in zip(words, titles)]
    found = []
    for title in titles:
        head = title.partition(" ")[0].lower()
        if head.isascii() and head.isalpha() and head not in _STOP_WORDS:
            found.append(head)
        else:
            found.append(_word_part(title))
    return found


def _ascii(text: str) -> str:
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def _family_part(first_author: str) -> str:
    first = first_author.strip()
    family = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
    if family.isascii() and family.isalnum():
        return family.lower()  # already one word of letters and digits
    return "".join(_WORD.findall(_ascii(family)))


def _word_part(title: str) -> str:
    # The first significant word, a word rather than a number when there is
    # one ("gpt3" rather than "3"); searched word by word, as it is nearly
    # always among the first.
    text = _ascii(title)
    number = ""
    match = _WORD.search(text)
    while match is not None:
        word = match.group()
        if word not in _STOP_WORDS:
            if word[0].isalpha():
                return word
            number = number or word
        match = _WORD.search(text, match.end())
    return number


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _suffixes() -> Iterator[str]:
    letters = _LETTERS
    yield from letters
    size = 2
    while True:
        # aa, ab, ... after z; never needed in practice, but never ambiguous.
        for n in range(len(letters) ** size):
            out = ""
            for _ in range(size):
                n, r = divmod(n, len(letters))
                out = letters[r] + out
            yield out
        size += 1
