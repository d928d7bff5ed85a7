"""Citation keys of the BibTeX exporter: ``vaswani2017attention``, unique within an export."""

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Resource

__all__ = ["citation_keys"]

_STOP_WORDS = frozenset(
    {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "from", "by", "at", "as"}
    | {"is", "are", "via", "towards", "toward", "into", "its"}
)
_WORD = re.compile(r"[a-z0-9]+")


def citation_keys(resources: "list[Resource]") -> dict[str, str]:
    """Return a unique citation key for each resource, by resource id."""
    ids = [r.id for r in resources]
    keys = _base_keys(resources)
    unique = dict(zip(ids, keys))
    counts = Counter(keys)
    if len(counts) == len(keys):
        return unique  # no two alike
    # Keys that several resources share get a, b... in order of the resource
    # ids; keys are done in order of first use, as a lettered key may meet
    # another key.
    alike: dict[str, list[str]] = {key: [] for key, count in counts.items() if count > 1}
    for resource_id, key in zip(ids, keys):
        if key in alike:
            alike[key].append(resource_id)
    taken = set(counts)
    for key, shared in alike.items():
        suffixes = _suffixes()
        for resource_id in sorted(shared):
            candidate = key + next(suffixes)
            while candidate in taken:
                candidate = key + next(suffixes)
            taken.add(candidate)
            unique[resource_id] = candidate
    return unique


def _base_keys(resources: "list[Resource]") -> "list[str]":
    # <family part><year><word part>, or the id without hyphens when there is
    # neither part (a Chinese-only entry: the id is still readable and stable).
    families = _family_parts([r.authors[0] if r.authors else "" for r in resources])
    words = _word_parts([r.title.en for r in resources])
    return [
        f"{family}{'' if year is None else year}{word}" if family or word else rid.replace("-", "")
        for family, year, word, rid in zip(
            families, [r.year for r in resources], words, [r.id for r in resources]
        )
    ]


# Column by column: each part is found for all resources at once where the
# usual case holds for all of them (a check over their concatenation, in C),
# and name by name or title by title otherwise.


def _family_parts(firsts: "list[str]") -> "list[str]":
    """The family-name part of the key for each first author ("" for none)."""
    lasts = [name.rpartition(" ")[2] for name in firsts]
    joined, names = "".join(lasts), "\x00".join(firsts) + "\x00"
    # The usual case: "Given Family", the family name ASCII letters and
    # digits, no comma ("Family, Given") and no space at the end (where the
    # last word after a space is not the last word).
    if joined.isascii() and joined.isalnum() and "," not in names and " \x00" not in names:
        # Lower-cased in one string: letters and digits hold no NUL.
        return "\x00".join(lasts).lower().split("\x00")
    return [_family_part(name) if name else "" for name in firsts]


def _word_parts(titles: "list[str]") -> "list[str]":
    """The title-word part of the key for each title."""
    heads = [title.partition(" ")[0] for title in titles]
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


def _suffixes() -> Iterator[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
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
