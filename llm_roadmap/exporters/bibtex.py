"""The BibTeX exporter: the roadmap's papers and books as a bibliography.

Papers become ``@misc`` entries (with ``eprint`` and ``archivePrefix = {arXiv}``
when they have an arXiv id), books ``@book`` with their ``publisher``; with
``all=true`` every other resource is added as ``@misc``. Each entry has the
fields its type requires in the standard styles (BibTeX's ``plain``,
biblatex): ``@book`` needs an author, a year and a publisher, so a book that
lacks one (a draft, say) is cited as ``@misc`` with ``howpublished = {book}``.
Authors are joined with `` and ``; a title's capitalised words are braced so
that styles keep their case; LaTeX special characters are escaped so that
every field is balanced and prints as written.

Keys are ``<first author's family name><year><first significant title word>``
in lower-case ASCII, such as ``vaswani2017attention``. When two resources
would get the same key, they get ``a``, ``b``... suffixes in order of their
resource ids, so keys are unique within an export and stable across runs.
"""

import re
import unicodedata
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Callable

from ..exporter import Exporter, ExportOptions
from ..hookspecs import hookimpl
from ..model import Kind, Resource, Text
from . import Specials

if TYPE_CHECKING:
    from ..roadmap import Roadmap

__all__ = ["citation_keys", "latex_escape", "register_exporters"]

_LATEX = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        # BibTeX counts braces without regard to backslashes, so a lone \{
        # would unbalance the field; these commands print a brace and keep it balanced.
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "$": r"\$",
        "&": r"\&",
        "%": r"\%",
        "#": r"\#",
        "_": r"\_",
        "^": r"\textasciicircum{}",
        "~": r"\textasciitilde{}",
        # In LaTeX's default OT1 font these print as other glyphs (¡ ¿ —).
        "<": r"\textless{}",
        ">": r"\textgreater{}",
        "|": r"\textbar{}",
        # Control characters other than whitespace cannot be typeset.
        **{chr(c): "" for c in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)},
    }
)
# TeX fonts turn -- into a dash, `` and '' into curly quotes, ,, !` ?` into
# other glyphs; an empty group between the two characters keeps them as typed.
_LIGATURE = re.compile(r"(-(?=-)|`(?=`)|'(?=')|,(?=,)|[!?](?=`))")
# Braces, backslashes and whitespace in URLs and identifiers are
# percent-encoded: browsers read the same address and BibTeX stays balanced.
_URL_UNSAFE = re.compile(r"[{}\\\s\"]")
_STOP_WORDS = frozenset(
    {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "from", "by", "at", "as"}
    | {"is", "are", "via", "towards", "toward", "into", "its"}
)
_WORD = re.compile(r"[a-z0-9]+")
# Texts without any of these (most) need no escaping at all: no LaTeX special,
# no character that starts a ligature, no whitespace but the space (the class
# holds every character str.isspace() knows).
_SPECIAL = Specials(
    r"[\\{}$&%#_^~<>|`',!?\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]"
)


def latex_escape(text: str) -> str:
    """Return ``text`` on one line, with LaTeX's special characters and ligatures escaped.

    The result typesets as ``text`` and keeps BibTeX's braces balanced.
    """
    if _SPECIAL.none_in(text) and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return _LIGATURE.sub(r"\1{}", " ".join(text.split()).translate(_LATEX))


def _title(text: str, braced: "_Braced") -> str:
    # Brace each word that holds a capital so bibliography styles that
    # lower-case titles keep "BERT" and "Transformer" as written. Escaping
    # adds no spaces and no capitals, so it is done once for the whole title.
    escaped = latex_escape(text)
    return " ".join(map(braced.__getitem__, escaped.split(" ")))


class _Braced(dict):  # type: ignore[type-arg]
    """Words as they go in a title, braced when they hold a capital; each word is looked at once.

    Titles share most of their words, and a dict lookup of a known word (the
    ``__getitem__`` of a dict subclass stays in C) is several times faster
    than looking at the word again.
    """

    def __missing__(self, word: str) -> str:
        value = self[word] = f"{{{word}}}" if word != word.lower() else word
        return value


def _author(name: str) -> str:
    name = " ".join(name.split())
    escaped = latex_escape(name)
    # A name with a comma or the word "and" would be split or reordered by
    # BibTeX, and one with escaped characters trips name parsers (a trailing
    # "\#" is dropped by some); a name in braces is taken as it is, as
    # organisations are.
    if escaped != name or "," in name or " and " in f" {name.lower()} ":
        return "{" + escaped + "}"
    return escaped


def _url(url: str) -> str:
    if not _URL_UNSAFE.search(url):
        return url
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group(0)):02X}", url)


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


def citation_keys(resources: "list[Resource]") -> dict[str, str]:
    """Return a unique citation key for each resource, by resource id."""
    by_key: dict[str, list[str]] = {}
    # The same people write many entries: each first author is read once.
    families: dict[str, str] = {}
    keys: dict[str, str] = {}
    for resource in resources:
        authors = resource.authors
        family_part = ""
        if authors:
            first = authors[0]
            family_part = families.get(first, "")
            if not family_part and first not in families:
                family_part = families[first] = _family_part(first)
        title = resource.title.en
        # The usual case inline: an ASCII title that starts with a plain word.
        first_word = title.partition(" ")[0].lower()
        if first_word.isascii() and first_word.isalpha() and first_word not in _STOP_WORDS:
            word_part = first_word
        else:
            word_part = _word_part(title)
        year = resource.year
        if family_part or word_part:
            key = f"{family_part}{'' if year is None else year}{word_part}"
        else:
            # Without an ASCII name or title word (a Chinese-only entry), the
            # resource id is still a readable, stable key.
            key = resource.id.replace("-", "")
        ids = by_key.get(key)
        if ids is None:
            by_key[key] = [resource.id]
            keys[resource.id] = key
        else:
            ids.append(resource.id)
    taken = set(by_key)
    for key, ids in by_key.items():
        if len(ids) == 1:
            continue
        suffixes = _suffixes()
        for resource_id in sorted(ids):
            candidate = key + next(suffixes)
            while candidate in taken:
                candidate = key + next(suffixes)
            taken.add(candidate)
            keys[resource_id] = candidate
    return keys


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


def _authors(authors: "tuple[str, ...]") -> str:
    # The shortcut of _author() for all the names at once: names without a
    # special character, odd space or the word "and" are written as they are.
    # Each name sits between " ; " (no special character, and a name that is
    # or starts or ends with "and" still shows " and "), so a double space
    # also catches a name that starts or ends with a space.
    probe = f" ; {' ; '.join(authors)} ; "
    if _SPECIAL.none_in(probe) and "  " not in probe and " and " not in probe.lower():
        return " and ".join(authors)
    return " and ".join(map(_author, authors))


def _entries(resources: "list[Resource]", keys: dict[str, str], lang: str) -> Iterator[str]:
    book, paper = Kind.BOOK, Kind.PAPER
    zh = lang == "zh"
    braced = _Braced()
    for resource in resources:
        kind = resource.kind
        ids = resource.identifiers
        authors = resource.authors
        year = resource.year
        url = resource.url
        if _URL_UNSAFE.search(url):
            url = _url(url)
        # Each optional field is a whole line or nothing; one f-string per entry.
        author = f"  author = {{{_authors(authors)}}},\n" if authors else ""
        title = _title(resource.title.zh if zh else resource.title.en, braced)
        dated = "" if year is None else f"  year = {{{year}}},\n"
        publisher = resource.publisher if kind is book else None
        # @book requires author, title, publisher and year in the standard
        # styles (plain, biblatex); a book without them is cited as @misc.
        whole_book = kind is book and bool(authors) and year is not None and bool(publisher)
        how = "" if whole_book or kind is paper else f"  howpublished = {{{_KIND_VALUE[kind]}}},\n"
        arxiv = ids.arxiv
        eprint = f"  eprint = {{{_url(arxiv)}}},\n  archivePrefix = {{arXiv}},\n" if arxiv else ""
        doi = f"  doi = {{{_url(ids.doi)}}},\n" if ids.doi else ""
        isbn = f"  isbn = {{{ids.isbn}}},\n" if ids.isbn else ""
        published = f"  publisher = {{{latex_escape(publisher)}}},\n" if publisher else ""
        yield (
            f"@{'book' if whole_book else 'misc'}{{{keys[resource.id]},\n{author}"
            f"  title = {{{title}}},\n{dated}{published}{how}{eprint}{doi}{isbn}"
            f"  url = {{{url}}}\n}}\n"
        )


_KIND_VALUE = {kind: kind.value for kind in Kind}
_CITED = (Kind.PAPER, Kind.BOOK)


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    cited = _CITED
    if options.flag("all"):
        chosen = list(roadmap.resources)
    else:
        chosen = [r for r in roadmap.resources if r.kind in cited]
    keys = citation_keys(chosen)
    out.write("\n".join(_entries(chosen, keys, options.lang.value)))


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register the ``bibtex`` exporter."""
    register(
        Exporter(
            id="bibtex",
            title=Text(
                zh="BibTeX 参考文献（论文与书）", en="BibTeX bibliography (papers and books)"
            ),
            suffix=".bib",
            media_type="application/x-bibtex",
            write=_write,
            params={
                "all": Text(
                    zh="也收录其他类型的资源（作为 @misc）",
                    en="include every other kind of resource too, as @misc",
                )
            },
        )
    )
