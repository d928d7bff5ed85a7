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
from typing import IO, TYPE_CHECKING, Callable

from ..exporter import Exporter, ExportOptions
from ..hookspecs import hookimpl
from ..model import Kind, Resource, Text
from . import Specials
from ._bibtex_keys import citation_keys

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
# ligature characters only matter in pairs (see _plain): a lone hyphen,
# comma or quote, as in "Pre-training" or "O'Brien", is typeset as it is.
_SPECIAL = Specials(
    r"[\\{}$&%#_^~<>|`\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
# The characters _url() percent-encodes, as a fast test.
_URL_SPECIAL = Specials(_URL_UNSAFE.pattern)


def _plain(text: str) -> bool:
    """Whether ``text`` holds nothing that escaping changes inside it (its ends aside).

    No special character, no double space and no pair of characters that TeX
    turns into another glyph. Texts joined by " ; " are checked at once this
    way: the separator holds none of them, starts and ends with a space (so a
    text that starts or ends with one, or is empty, shows a double space) and
    makes no pair with its neighbours.
    """
    return (
        _SPECIAL.none_in(text)
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


def _authors(authors: "tuple[str, ...]") -> str:
    # The shortcut of _author() for all the names at once: names without a
    # special character, odd space, comma or the word "and" are written as
    # they are. Each name sits between " ; " (see _plain; a name that is or
    # starts or ends with "and" still shows " and ").
    probe = f" ; {' ; '.join(authors)} ; "
    if _plain(probe) and "," not in probe and " and " not in probe.lower():
        return " and ".join(authors)
    return " and ".join(map(_author, authors))


def _titles(titles: "list[str]") -> "list[str]":
    """Each title as it goes in its entry: escaped, and its words with a capital braced."""
    braced = _Braced()
    if not _plain(" ; ".join(["", *titles, ""])):
        return [_title(title, braced) for title in titles]
    # Nothing to escape in any title (the usual case): the words of all of
    # them are braced in one pass. The titles are joined by " \x00 " (no
    # title holds a NUL, a double space or a space at either end, or the
    # check above would have failed), so the NULs stand as words of their
    # own and the result splits back into exactly these titles.
    words = " \x00 ".join(titles).split(" ")
    return " ".join(map(braced.__getitem__, words)).split(" \x00 ")


def _author_fields(names: "list[tuple[str, ...]]") -> "list[str]":
    """Each entry's author line (empty without authors)."""
    # The shortcut of _authors() for every entry's names at once.
    probe = " ; ".join(["", *[name for authors in names for name in authors], ""])
    if _plain(probe) and "," not in probe and " and " not in probe.lower():
        return [
            f"  author = {{{' and '.join(authors)}}},\n" if authors else "" for authors in names
        ]
    return [f"  author = {{{_authors(authors)}}},\n" if authors else "" for authors in names]


def _entries(resources: "list[Resource]", keys: dict[str, str], lang: str) -> "list[str]":
    # Column by column: the texts of all entries are checked at once, in C,
    # and escaped only where they need it; then one loop writes the entries.
    zh = lang == "zh"
    titles = _titles([r.title.zh for r in resources] if zh else [r.title.en for r in resources])
    authors = _author_fields([r.authors for r in resources])
    # Addresses and identifiers rarely hold anything to percent-encode.
    idents = [r.identifiers for r in resources]
    encoded = not _URL_SPECIAL.none_in(
        "".join([r.url for r in resources])
        + "".join([(i.arxiv or "") + (i.doi or "") for i in idents])
    )
    book = Kind.BOOK
    how_of = _HOWPUBLISHED
    entries = []
    for resource, ids, title, author in zip(resources, idents, titles, authors):
        kind = resource.kind
        year = resource.year
        url = _url(resource.url) if encoded else resource.url
        # Each optional field is a whole line or nothing; one f-string per entry.
        dated = "" if year is None else f"  year = {{{year}}},\n"
        publisher = resource.publisher if kind is book else None
        # @book requires author, title, publisher and year in the standard
        # styles (plain, biblatex); a book without them is cited as @misc.
        whole_book = kind is book and bool(author) and year is not None and bool(publisher)
        how = "" if whole_book else how_of[kind]
        arxiv, doi, isbn = ids.arxiv, ids.doi, ids.isbn
        if arxiv:
            arxiv = _url(arxiv) if encoded else arxiv
            eprint = f"  eprint = {{{arxiv}}},\n  archivePrefix = {{arXiv}},\n"
        else:
            eprint = ""
        if doi:
            doi = f"  doi = {{{_url(doi) if encoded else doi}}},\n"
        entries.append(
            f"@{'book' if whole_book else 'misc'}{{{keys[resource.id]},\n{author}"
            f"  title = {{{title}}},\n{dated}"
            f"{f'  publisher = {{{latex_escape(publisher)}}},{_NL}' if publisher else ''}"
            f"{how}{eprint}{doi or ''}{f'  isbn = {{{isbn}}},{_NL}' if isbn else ''}"
            f"  url = {{{url}}}\n}}\n"
        )
    return entries


_NL = "\n"
# Papers are @misc without a howpublished (eprint and url say where); a book
# is @misc with howpublished = {book} when it lacks what @book needs.
_HOWPUBLISHED = {
    kind: "" if kind is Kind.PAPER else f"  howpublished = {{{kind.value}}},\n" for kind in Kind
}


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    if options.flag("all"):
        chosen = list(roadmap.resources)
    else:
        # Identity tests: a str enum's == and hash run in Python.
        paper, book = Kind.PAPER, Kind.BOOK
        chosen = [r for r in roadmap.resources if r.kind is paper or r.kind is book]
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
