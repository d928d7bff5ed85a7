"""The BibTeX exporter: the roadmap's papers and books as a bibliography.

Papers become ``@misc`` entries (with ``eprint`` and ``archivePrefix = {arXiv}``
when they have an arXiv id), books ``@book``; with ``all=true`` every other
resource is added as ``@misc``. Authors are joined with `` and ``; a title's
capitalised words are braced so that styles keep their case; LaTeX special
characters are escaped so that every field is balanced and prints as written.

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
_CAPITAL_WORD = re.compile(r"[^ ]*[A-Z][^ ]*")
# Texts without any of these (most) need no escaping at all: no LaTeX special,
# no character that starts a ligature, no whitespace but the space (the class
# holds every character str.isspace() knows).
_SPECIAL = re.compile(
    r"[\\{}$&%#_^~<>|`',!?\x00-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]"
)


def latex_escape(text: str) -> str:
    """Return ``text`` on one line, with LaTeX's special characters and ligatures escaped.

    The result typesets as ``text`` and keeps BibTeX's braces balanced.
    """
    if not _SPECIAL.search(text) and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return _LIGATURE.sub(r"\1{}", " ".join(text.split()).translate(_LATEX))


def _title(text: str) -> str:
    # Brace each word that holds a capital so bibliography styles that
    # lower-case titles keep "BERT" and "Transformer" as written. Escaping
    # adds no spaces and no capitals, so it is done once for the whole title.
    escaped = latex_escape(text)
    if escaped.isascii():
        return _CAPITAL_WORD.sub(r"{\g<0>}", escaped)
    return " ".join("{" + w + "}" if w != w.lower() else w for w in escaped.split(" "))


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


def _base_key(resource: Resource) -> str:
    family = ""
    if resource.authors:
        first = resource.authors[0].strip()
        family = first.split(",")[0] if "," in first else (first.split() or [""])[-1]
    family_part = "".join(_WORD.findall(_ascii(family)))
    words = [w for w in _WORD.findall(_ascii(resource.title.en)) if w not in _STOP_WORDS]
    # A word, not a number, when there is one: "gpt3" rather than "3".
    word_part = next((w for w in words if w[0].isalpha()), words[0] if words else "")
    year_part = "" if resource.year is None else str(resource.year)
    key = family_part + year_part + word_part
    # Without an ASCII name or title word (a Chinese-only entry), the resource
    # id is still a readable, stable key.
    return key if family_part or word_part else resource.id.replace("-", "")


def citation_keys(resources: "list[Resource]") -> dict[str, str]:
    """Return a unique citation key for each resource, by resource id."""
    by_key: dict[str, list[str]] = {}
    for resource in resources:
        by_key.setdefault(_base_key(resource), []).append(resource.id)
    keys: dict[str, str] = {}
    taken = set(by_key)
    for key, ids in by_key.items():
        if len(ids) == 1:
            keys[ids[0]] = key
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


def _entry(resource: Resource, key: str, lang: str, names: dict[str, str]) -> str:
    ids = resource.identifiers
    kind = resource.kind
    lines = [f"@{'book' if kind is Kind.BOOK else 'misc'}{{{key},"]
    if resource.authors:
        authors = []
        for name in resource.authors:
            # The same people write many entries: each name is formatted once.
            formatted = names.get(name)
            if formatted is None:
                formatted = names[name] = _author(name)
            authors.append(formatted)
        lines.append(f"  author = {{{' and '.join(authors)}}},")
    lines.append(
        f"  title = {{{_title(resource.title.zh if lang == 'zh' else resource.title.en)}}},"
    )
    if resource.year is not None:
        lines.append(f"  year = {{{resource.year}}},")
    if kind is not Kind.BOOK and kind is not Kind.PAPER:
        lines.append(f"  howpublished = {{{kind.value}}},")
    if ids.arxiv:
        lines.append(f"  eprint = {{{_url(ids.arxiv)}}},\n  archivePrefix = {{arXiv}},")
    if ids.doi:
        lines.append(f"  doi = {{{_url(ids.doi)}}},")
    if ids.isbn:
        lines.append(f"  isbn = {{{ids.isbn}}},")
    lines.append(f"  url = {{{_url(resource.url)}}}\n}}\n")
    return "\n".join(lines)


def _write(roadmap: "Roadmap", out: IO[str], options: ExportOptions) -> None:
    everything = options.flag("all")
    chosen = [r for r in roadmap.resources if everything or r.kind in (Kind.PAPER, Kind.BOOK)]
    keys = citation_keys(chosen)
    lang = options.lang.value
    names: dict[str, str] = {}
    out.write("\n".join([_entry(r, keys[r.id], lang, names) for r in chosen]))


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
