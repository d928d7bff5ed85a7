"""The BibTeX exporter: the roadmap's papers and books as a bibliography.

Papers become ``@misc`` entries (with ``eprint`` and ``archivePrefix = {arXiv}``
when they have an arXiv id), books ``@book`` with their ``publisher``; with
``all=true`` every other resource is added as ``@misc``. Each entry has the
fields its type requires in BibTeX's ``plain`` and biblatex's data model: a
book without an author, a year or a publisher is ``@misc`` with ``howpublished
= {Book}``, an entry without a year has ``date = {XXXX}``. Cut author lists
end with ``others``; capitalised title words are braced; specials escaped.

Keys are ``<first author's family name><year><first significant title word>``
in lower-case ASCII, such as ``vaswani2017attention``. When two resources
would get the same key, they get ``a``, ``b``... suffixes in order of their
resource ids, so keys are unique within an export and stable across runs.
"""

import itertools
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Callable

from ..hookspecs import hookimpl
from ..model import Kind, Lang, Resource, Text
from ..vocabulary import LABELS
from . import Exporter, ExportOptions

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
# Texts without any of these (most) need no escaping at all: no LaTeX special,
# no backtick (which starts three of the ligatures), no whitespace but the
# space (the class holds every character str.isspace() knows). The other
# ligature characters only matter in pairs (see latex_escape): a lone hyphen,
# comma or quote, as in "Pre-training" or "O'Brien", is typeset as it is.
_SPECIAL = re.compile(
    r"[\\{}$&%#_^~<>|`\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def _plain(text: str) -> bool:
    """Whether escaping changes nothing inside ``text``: no special, no double space, no pair."""
    return (
        not _SPECIAL.search(text)
        and "  " not in text
        and "--" not in text
        and "''" not in text
        and ",," not in text
    )


def latex_escape(text: str) -> str:
    """Return ``text`` on one line, with LaTeX's special characters and ligatures escaped.

    The result typesets as ``text`` and keeps BibTeX's braces balanced.
    """
    if _plain(text) and text[:1] != " " and text[-1:] != " ":
        return text  # most texts: nothing to escape
    return _LIGATURE.sub(r"\1{}", " ".join(text.split()).translate(_LATEX))


def _title(text: str) -> str:
    # Brace each word that holds a capital so bibliography styles that
    # lower-case titles keep "BERT" and "Transformer" as written.
    words = latex_escape(text).split(" ")
    return " ".join(f"{{{word}}}" if word != word.lower() else word for word in words)


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


def _authors(names: "tuple[str, ...]") -> str:
    # Most author lists need nothing done to any name: checked at once, the
    # names between " ; " (a separator that is plain, so any double space,
    # leading or trailing space of a name shows).
    probe = f" ; {' ; '.join(names)} ; "
    if _plain(probe) and "," not in probe and " and " not in probe.lower():
        return " and ".join(names)
    return " and ".join(map(_author, names))


def _url(url: str) -> str:
    if not _URL_UNSAFE.search(url):
        return url
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group(0)):02X}", url)


def _howpublished(kind: Kind, lang: Lang) -> str:
    # Papers need none (eprint and url say where); anything else says what it
    # is, as a style prints it: "Book.", "Cheat sheet.".
    if kind is Kind.PAPER:
        return ""
    what = LABELS[kind].get(lang)
    return f"  howpublished = {{{latex_escape(what[:1].upper() + what[1:])}}},\n"


_HOWPUBLISHED = {(kind, lang): _howpublished(kind, lang) for kind in Kind for lang in Lang}


def _entry(r: Resource, key: str, lang: Lang) -> str:
    """One entry, its fields in a fixed order, ending in ``}`` and a newline."""
    book = r.kind is Kind.BOOK
    # @book requires author, title, publisher and year in the standard
    # styles (plain, biblatex); a book without them is cited as @misc.
    whole_book = book and bool(r.authors and r.publisher) and r.year is not None
    ids = r.identifiers
    title = r.title.zh if lang is Lang.ZH else r.title.en
    return "".join(
        [
            f"@{'book' if whole_book else 'misc'}{{{key},\n",
            f"  author = {{{_authors(r.authors)}}},\n" if r.authors else "",
            f"  title = {{{_title(title)}}},\n",
            # biblatex requires a date or a year of each entry; "XXXX" is ISO
            # 8601-2's year not known (BibTeX styles know no date field).
            "  date = {XXXX},\n" if r.year is None else f"  year = {{{r.year}}},\n",
            f"  publisher = {{{latex_escape(r.publisher)}}},\n" if book and r.publisher else "",
            "" if whole_book else _HOWPUBLISHED[r.kind, lang],
            f"  eprint = {{{_url(ids.arxiv)}}},\n  archivePrefix = {{arXiv}},\n"
            if ids.arxiv
            else "",
            f"  doi = {{{_url(ids.doi)}}},\n" if ids.doi else "",
            f"  isbn = {{{ids.isbn}}},\n" if ids.isbn else "",  # digits, as they are
            f"  url = {{{_url(r.url)}}}\n}}\n",
        ]
    )


# -- citation keys ----------------------------------------------------------------------

_STOP_WORDS = frozenset(
    {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "from", "by", "at", "as"}
    | {"is", "are", "via", "towards", "toward", "into", "its"}
)
_WORD = re.compile(r"[a-z0-9]+")


def citation_keys(resources: "list[Resource]") -> dict[str, str]:
    """Return a unique citation key for each resource, by resource id.

    Keys that several resources would share get ``a``, ``b``... in order of
    their resource ids, so the keys do not depend on the order of ``resources``.
    """
    keys = {r.id: _base_key(r) for r in resources}
    counts = Counter(keys.values())
    taken = set(counts)
    shared: dict[str, list[str]] = {key: [] for key, count in counts.items() if count > 1}
    for resource_id, key in keys.items():
        if key in shared:
            shared[key].append(resource_id)
    for key, resource_ids in shared.items():
        suffixes = _suffixes()
        for resource_id in sorted(resource_ids):
            # A lettered key may meet another key: take the next free suffix.
            candidate = key + next(suffixes)
            while candidate in taken:
                candidate = key + next(suffixes)
            taken.add(candidate)
            keys[resource_id] = candidate
    return keys


def _base_key(resource: Resource) -> str:
    # <family part><year><word part>, or the id without hyphens when there is
    # neither part (a Chinese-only entry: the id is still readable and stable).
    family = _family_part(resource.authors[0]) if resource.authors else ""
    word = _word_part(resource.title.en)
    year = "" if resource.year is None else resource.year
    return f"{family}{year}{word}" if family or word else resource.id.replace("-", "")


def _ascii(text: str) -> str:
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def _family_part(first_author: str) -> str:
    first = first_author.strip()
    family = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
    if family.isascii() and family.isalnum():
        return family.lower()  # the usual case: one word of letters and digits
    return "".join(_WORD.findall(_ascii(family)))


def _word_part(title: str) -> str:
    # The first significant word, a word rather than a number when there is
    # one ("gpt3" rather than "3").
    head = title.partition(" ")[0].lower()
    if head.isascii() and head.isalpha() and head not in _STOP_WORDS:
        return head  # the usual case: the title starts with a plain word
    number = ""
    for match in _WORD.finditer(_ascii(title)):
        word = match.group()
        if word not in _STOP_WORDS:
            if word[0].isalpha():
                return word
            number = number or word
    return number


def _suffixes() -> Iterator[str]:
    # a, b, ... z, then aa, ab, ...: never needed in practice, but never ambiguous.
    for size in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=size):
            yield "".join(letters)


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    if options.flag("all"):
        chosen = list(roadmap.resources)
    else:
        # Identity tests: a str enum's == runs in Python, and this is the
        # one pass over every resource.
        paper, book = Kind.PAPER, Kind.BOOK
        chosen = [r for r in roadmap.resources if r.kind is paper or r.kind is book]
    keys = citation_keys(chosen)
    out.write("\n".join(_entry(r, keys[r.id], options.lang) for r in chosen))


@hookimpl
def register_exporters(register: Callable[[Exporter["Roadmap"]], None]) -> None:
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
