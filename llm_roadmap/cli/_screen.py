"""What a person reads on a terminal: text measured in cells, wrapped, tables that degrade, a pager.

Every command that prints for a person goes through a `Page`: paragraphs
(`Page.text`) and tables (`Page.table`) are laid out for the `Screen` the
command started on, then printed at once by `Page.flush`, through a pager
when they are longer than the window.

* **Measured in cells.** A Chinese character takes two columns of a terminal,
  a Latin letter one (`rich.cells.cell_len`); every width here is in cells.
* **Wrapped as a reader expects.** English breaks between words, Chinese
  between characters, never before closing punctuation (``，。）``) nor after
  opening punctuation (``（“``); a URL or an id is never broken. A URL longer
  than the line stands alone on a line of its own, at the left edge if need
  be, so it can still be copied; the terminal wraps it.
* **Tables degrade instead of collapsing.** Each column has a priority;
  when the columns do not fit, link columns (URLs) move onto a line of their
  own under each row, then the least important columns are left out (a note
  says which), and below that one field per line (`layout`).
* **Styles are optional.** ``NO_COLOR`` (or ``TERM=dumb``) removes every
  escape sequence: no colour, no bold, no dim, no hyperlink. URLs are OSC 8
  hyperlinks where the terminal is known to show them (`Screen.detect`).
* **A pager like git's.** Output taller than the window goes to
  ``$LLM_ROADMAP_PAGER``, else ``$PAGER``, else ``less -FRX`` (with
  ``LESS=FRX`` when ``LESS`` is unset); never when piped, never with
  ``--no-pager``; an empty value or ``cat`` means none.

Piped, nothing here wraps or styles: a `Page` prints each paragraph on one
line and each table row as tab-separated cells, as scripts expect.

How commands print: the running command's `screen` and `page`, `table`, and
JSON (`emit_json`) with ``--json``. Nothing here reads the language: `tr` and
`text` take the `Lang` the command resolved
(`llm_roadmap.cli._settings.resolve_lang`). Words of a closed vocabulary
(kinds, levels, roles, emphases, statuses) come from `llm_roadmap.vocabulary`,
never from `tr`.

No control character is written raw: texts, cells and JSON show them as
escapes (`llm_roadmap.util.text.visible`), since a terminal obeys them.
Validation refuses them in data; this covers what reaches a listing another
way (a plugin's error, its distribution's metadata).
"""

import contextlib
import enum
import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, NamedTuple, Optional, Union

import attrs
import click

from ..model import Kind, Lang, Text
from ..serialize import to_data
from ..util.text import json_visible, visible
from ..vocabulary import label
from ._settings import settings
from ._stdio import silence_stdout

CLOSING = frozenset("，。、；：！？）」』】》〉〕］｝”’…‥·%‰,.;:!?)]}»")
"""Punctuation that never starts a line (it closes what stands before it)."""

OPENING = frozenset("（「『【《〈〔［｛“‘([{«")
"""Punctuation that never ends a line (it opens what follows)."""

PROSE_WIDTH = 100
"""The widest a paragraph is wrapped, however wide the window: longer lines are hard to read."""

GAP = 2
"""Spaces between two columns of a table."""

WANT = 24
"""Cells a wrapping column gets before others are left out (or its whole text, if shorter)."""

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"'`]+")
_BEFORE_URL = frozenset("'\"([<{“‘（「《")
_URL_TAIL = ".,;:!?)]}'\"»"
# One SGR parameter per style word: the few the commands use.
_SGR = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "underline": "4",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}


def cells(text: str) -> int:
    """How many terminal columns ``text`` takes (a Chinese character is two)."""
    from rich.cells import cell_len

    return cell_len(text)


def styles_off(environ: Optional[Mapping[str, str]] = None) -> bool:
    """Whether ``NO_COLOR`` (set, not empty) or ``TERM=dumb`` asks for no escape sequences."""
    env = os.environ if environ is None else environ
    return bool(env.get("NO_COLOR")) or env.get("TERM", "") == "dumb"


class Screen(NamedTuple):
    """Where a command's output goes, as found when the command started.

    Attributes:
        terminal: Standard output is a terminal (else: piped, plain lines).
        width: Its columns (80 when unknown).
        height: Its rows (24 when unknown).
        color: Styles may be written (a terminal, no ``NO_COLOR``, not ``TERM=dumb``).
        links: URLs may be written as OSC 8 hyperlinks.
        pager: The pager to use for long output, or ``None``.
    """

    terminal: bool = False
    width: int = 80
    height: int = 24
    color: bool = False
    links: bool = False
    pager: Optional[str] = None

    @classmethod
    def detect(
        cls,
        stream: Optional[IO[str]] = None,
        environ: Optional[Mapping[str, str]] = None,
        *,
        use_pager: bool = True,
    ) -> "Screen":
        """Describe ``stream`` (standard output by default) under ``environ`` (`os.environ`)."""
        env = os.environ if environ is None else environ
        out = sys.stdout if stream is None else stream
        try:
            terminal = out.isatty()
        except (AttributeError, ValueError):
            terminal = False
        if not terminal:
            return cls()
        import shutil  # on a terminal only: piped output pays nothing for it

        size = shutil.get_terminal_size((80, 24))
        width = max(size.columns, 20)
        color = not styles_off(env)
        return cls(
            terminal=True,
            width=width,
            height=max(size.lines, 2),
            color=color,
            links=color and _hyperlinks(env),
            pager=pager_command(env) if use_pager else None,
        )


def _hyperlinks(env: Mapping[str, str]) -> bool:
    """Whether the terminal is one known to show OSC 8 hyperlinks (``FORCE_HYPERLINK`` decides)."""
    forced = env.get("FORCE_HYPERLINK")
    if forced is not None and forced.strip():
        return forced.strip() not in ("0", "false", "no")
    if env.get("CI") or env.get("TMUX") or env.get("STY"):
        # A multiplexer shows them only when set up for it; CI logs never.
        return False
    program = env.get("TERM_PROGRAM", "")
    if program in ("iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "Tabby"):
        return True
    if env.get("WT_SESSION") or env.get("KONSOLE_VERSION") or env.get("DOMTERM"):
        return True
    if env.get("TERM", "") in ("xterm-kitty", "foot", "foot-extra", "alacritty", "xterm-ghostty"):
        return True
    vte = env.get("VTE_VERSION", "")
    return vte.isdigit() and int(vte) >= 5000


def pager_command(environ: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The pager for long output: ``LLM_ROADMAP_PAGER``, else ``PAGER``, else ``less -FRX``.

    An empty value or ``cat`` means no pager; without ``less`` on the
    ``PATH``, there is none by default.
    """
    import shutil

    env = os.environ if environ is None else environ
    for name in ("LLM_ROADMAP_PAGER", "PAGER"):
        if name in env:
            value = env[name].strip()
            return None if value in ("", "cat") else value
    return "less -FRX" if shutil.which("less") else None


class Span(NamedTuple):
    """A piece of text with its look.

    Attributes:
        text: The text.
        style: Style words, space-separated: ``bold``, ``dim``, ``italic``,
            ``cyan``... (dropped where styles are off).
        link: A URL the text links to (an OSC 8 hyperlink where shown).
    """

    text: str
    style: str = ""
    link: str = ""


Spans = Union[str, Span, Sequence[Union[str, Span]]]
"""A paragraph: a string, a span, or a sequence of them."""


def _spans(value: Spans) -> list[Span]:
    # Every paragraph passes here: a control character in its text is shown
    # as an escape (the styles this module adds are written after, in _render).
    if isinstance(value, (str, Span)):
        value = [value]
    return [
        Span(visible(v)) if isinstance(v, str) else v._replace(text=visible(v.text)) for v in value
    ]


# -- wrapping --------------------------------------------------------------------------


class _Atom(NamedTuple):
    text: str
    style: str
    link: str
    kind: str  # "space", "wide", "word" (Latin letters, digits, an id...), "url"
    width: int


def _atoms(spans: Sequence[Span]) -> list[_Atom]:
    """Cut spans into the pieces between which a line may (or may not) break."""
    out: list[_Atom] = []
    for span in spans:
        _span_atoms(span, out)
    return out


def _span_atoms(span: Span, out: list[_Atom]) -> None:
    from rich.cells import get_character_cell_size

    text = span.text
    position = 0
    word = -1  # where the word being read started

    def word_atom(start: int, end: int) -> None:
        if start >= 0 and end > start:
            piece = text[start:end]
            out.append(_Atom(piece, span.style, span.link, "word", cells(piece)))

    while position < len(text):
        char = text[position]
        if char.isspace():
            word_atom(word, position)
            word = -1
            out.append(_Atom(" ", span.style, span.link, "space", 1))
            position += 1
            continue
        if (
            char.isascii()
            and char.isalpha()
            and (word < 0 or set(text[word:position]) <= _BEFORE_URL)
        ):
            found = _URL.match(text, position)
            url = found.group().rstrip(_URL_TAIL) if found else ""
            if url and not url.endswith("://"):
                word_atom(word, position)  # an opening quote or bracket before it
                word = -1
                out.append(_Atom(url, span.style, span.link or url, "url", cells(url)))
                position += len(url)
                continue
        size = get_character_cell_size(char)
        if size == 2:
            word_atom(word, position)
            word = -1
            out.append(_Atom(char, span.style, span.link, "wide", 2))
        elif size == 0 and out and word < 0:
            # A combining mark stays with what it marks.
            out[-1] = out[-1]._replace(text=out[-1].text + char)
        elif word < 0:
            word = position
        position += 1
    word_atom(word, len(text))


def _breakable(before: _Atom, after: _Atom) -> bool:
    """Whether a line may break between two atoms with no space between them."""
    if before.kind != "wide" and after.kind != "wide":
        return False  # one word, even across styles: "(" + "an-id" + ")"
    if after.text[0] in CLOSING or before.text[-1] in OPENING:
        return False
    # Between two dashes or ellipses of a pair (——, ……) neither.
    return not (before.text[-1] == after.text[0] and before.text[-1] in "—…")


class _Chunk(NamedTuple):
    atoms: list[_Atom]
    width: int
    space: bool  # preceded by a space (a break that prints " " when the line goes on)


def _chunks(atoms: Sequence[_Atom]) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: list[_Atom] = []
    space = False
    pending_space = False
    for atom in atoms:
        if atom.kind == "space":
            if current:
                chunks.append(_Chunk(current, sum(a.width for a in current), space))
                current = []
            pending_space = bool(chunks)
            continue
        if current and (pending_space or _breakable(current[-1], atom)):
            chunks.append(_Chunk(current, sum(a.width for a in current), space))
            current = []
        if not current:
            space = pending_space
            pending_space = False
        current.append(atom)
    if current:
        chunks.append(_Chunk(current, sum(a.width for a in current), space))
    return chunks


Line = list[Span]
"""One line of output: spans, the indentation included."""


def _fold(chunk: _Chunk, room: int) -> list[list[_Atom]]:
    """Cut a chunk too wide for any line into pieces of at most ``room`` cells (a last resort)."""
    from rich.cells import get_character_cell_size

    pieces: list[list[_Atom]] = [[]]
    used = 0
    for atom in chunk.atoms:
        for char in atom.text:
            size = get_character_cell_size(char)
            if used + size > room and pieces[-1]:
                pieces.append([])
                used = 0
            pieces[-1].append(atom._replace(text=char, width=size))
            used += size
    return pieces


def wrap(
    value: Spans, width: int, indent: Union[str, Span] = "", hang: Optional[str] = None
) -> list[Line]:
    """Wrap a paragraph to ``width`` cells.

    Args:
        value: The paragraph.
        width: The width of a line, in cells.
        indent: What starts the first line (``"   - "``), plain or styled.
        hang: What starts the lines after it (default: spaces as wide as ``indent``).

    Returns:
        The lines, each a list of spans starting with its indentation. A URL
        or a word that fits no line is alone on its line, at the left edge if
        it fits no indented line; a URL is never cut (the terminal wraps it),
        anything else longer than ``width`` is cut as a last resort.
    """
    first = indent if isinstance(indent, Span) else Span(indent)
    rest = Span(" " * cells(first.text) if hang is None else hang)
    lines: list[Line] = []
    line: list[_Atom] = []
    prefix = first
    used = cells(first.text)

    def close() -> None:
        nonlocal line, prefix, used
        lines.append(_merge(prefix, line))
        line = []
        prefix = rest
        used = cells(rest.text)

    for chunk in _chunks(_atoms(_spans(value))):
        gap = 1 if chunk.space and line else 0
        if used + gap + chunk.width <= width:
            if gap:
                # Inside one styled span the space keeps the style (an underline goes on).
                same = (
                    line[-1].style == chunk.atoms[0].style and line[-1].link == chunk.atoms[0].link
                )
                style, link = (line[-1].style, line[-1].link) if same else ("", "")
                line.append(_Atom(" ", style, link, "space", 1))
            line.extend(chunk.atoms)
            used += gap + chunk.width
            continue
        if line:
            close()
        if used + chunk.width <= width:
            line.extend(chunk.atoms)
            used += chunk.width
            continue
        # Too wide for an indented line.
        if chunk.width <= width or any(a.kind == "url" for a in chunk.atoms):
            # Alone, at the left edge: whole, so it can be copied. A label
            # that started the line ("url", "also:") keeps a line of its own.
            if prefix.text.strip():
                lines.append([prefix])
                prefix = rest
                used = cells(rest.text)
            lines.append(_merge(Span(""), chunk.atoms))
            continue
        for piece in _fold(chunk, width - used):
            line.extend(piece)
            close()
    if line or not lines:
        lines.append(_merge(prefix, line))
    return lines


def _merge(prefix: Span, atoms: Sequence[_Atom]) -> Line:
    out: Line = [prefix] if prefix.text else []
    for atom in atoms:
        if out and out[-1].style == atom.style and out[-1].link == atom.link:
            out[-1] = Span(out[-1].text + atom.text, atom.style, atom.link)
        else:
            out.append(Span(atom.text, atom.style, atom.link))
    while out and out[-1].text.endswith(" "):
        stripped = out[-1].text.rstrip(" ")
        if stripped:
            out[-1] = out[-1]._replace(text=stripped)
            break
        out.pop()
    return out


# -- tables ----------------------------------------------------------------------------


class Column(NamedTuple):
    """One column of a table.

    Attributes:
        header: Its heading on a terminal (piped output has none).
        style: Style words for its cells (see `Span`).
        justify: ``"left"`` or ``"right"`` (numbers).
        wrap: Its text may wrap between words (titles, descriptions); ``False``
            keeps each cell on one line (ids, numbers, statuses).
        priority: What to leave out first on a narrow terminal: 0 and 1 are
            always shown (0: the title and id, 1: a status); of 2 and more,
            the highest is left out first (the rightmost among equals).
        link: Its cells are URLs: whole, hyperlinked, and on a line of their
            own under each row when the table is too wide for them.
    """

    header: str
    style: str = ""
    justify: str = "left"
    wrap: bool = True
    priority: int = 2
    link: bool = False


class Layout(NamedTuple):
    """How a table is shown at a width.

    Attributes:
        shown: The indexes of the columns shown side by side, in order.
        widths: The width of each, in cells.
        under: Indexes of link columns shown on a line of their own under each row.
        left_out: Indexes of the columns left out.
        records: One field per line instead of columns side by side.
    """

    shown: tuple[int, ...]
    widths: tuple[int, ...]
    under: tuple[int, ...] = ()
    left_out: tuple[int, ...] = ()
    records: bool = False


def _longest_atom(text: str) -> int:
    return max((c.width for c in _chunks(_atoms([Span(text)]))), default=0)


def layout(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> Layout:
    """Choose how to show ``rows`` under ``columns`` in ``width`` cells.

    Empty columns are left out. A column needs its longest word (a wrapping
    column at least `WANT` cells, or all of its text when shorter), its
    header's longest word, and the whole of each cell when it does not wrap.
    When the columns do not fit side by side, link columns go under each
    row; then columns of priority 2 and more are left out, the highest
    first; when even then they do not fit, every field gets a line of its
    own (``records``).
    """
    count = len(columns)
    present = [c for c in range(count) if any(row[c] for row in rows)] or list(range(count))
    need: dict[int, int] = {}
    natural: dict[int, int] = {}
    for c in present:
        column = columns[c]
        texts = [row[c] for row in rows]
        full = max((cells(t) for t in texts), default=0)
        head = cells(column.header) if not column.wrap else _longest_atom(column.header)
        natural[c] = max(full, cells(column.header))
        if column.wrap:
            longest = max((_longest_atom(t) for t in texts), default=0)
            need[c] = max(head, longest, min(full, WANT))
        else:
            need[c] = max(head, full)

    def fits(chosen: Sequence[int]) -> bool:
        return sum(need[c] for c in chosen) + GAP * (len(chosen) - 1) <= width

    shown = list(present)
    under: list[int] = []
    left_out: list[int] = [c for c in range(count) if c not in present]
    if not fits(shown):
        under = [c for c in shown if columns[c].link]
        shown = [c for c in shown if c not in under]
    while shown and not fits(shown):
        droppable = [c for c in shown if columns[c].priority >= 2]
        if not droppable:
            break
        worst = max(droppable, key=lambda c: (columns[c].priority, c))
        shown.remove(worst)
        left_out.append(worst)
    if not shown or not fits(shown):
        return Layout(shown=tuple(present), widths=(), records=True)
    widths = {c: need[c] for c in shown}
    spare = width - sum(widths.values()) - GAP * (len(shown) - 1)
    growing = [c for c in shown if columns[c].wrap and natural[c] > widths[c]]
    while spare > 0 and growing:
        deficits = {c: natural[c] - widths[c] for c in growing}
        total = sum(deficits.values())
        given = 0
        for c in growing:
            share = min(deficits[c], max(1, spare * deficits[c] // total))
            share = min(share, spare - given)
            widths[c] += share
            given += share
        spare -= given
        growing = [c for c in growing if natural[c] > widths[c]]
        if given == 0:
            break
    return Layout(
        shown=tuple(shown),
        widths=tuple(widths[c] for c in shown),
        under=tuple(under),
        left_out=tuple(sorted(set(left_out) & set(present))),
    )


# -- output ----------------------------------------------------------------------------


def _render(line: Line, screen: Screen) -> str:
    if not screen.color:
        return "".join(s.text for s in line)
    out = []
    for span in line:
        text = span.text
        codes = ";".join(_SGR[w] for w in span.style.split() if w in _SGR)
        if codes:
            text = f"\x1b[{codes}m{text}\x1b[0m"
        if span.link and screen.links:
            # OSC 8, ended by ST (ESC \\), which every terminal that knows it accepts.
            text = f"\x1b]8;;{span.link}\x1b\\{text}\x1b]8;;\x1b\\"
        out.append(text)
    return "".join(out)


def plain(value: object) -> str:
    """Return ``value`` as one tab-free, newline-free cell of plain output (``None``: empty)."""
    # Every cell and piped line passes here: whitespace folded (a carriage
    # return is a space here), then the controls left shown as escapes.
    return visible(" ".join(str(value).split())) if value is not None else ""


class Page:
    """The output of one command for a person, laid out for a `Screen`, printed by `flush`.

    Args:
        screen: Where it goes (`Screen.detect` when not given).
        pager: Long output may go through the screen's pager (commands that
            print as they work, or print a report after a long run, say no).
    """

    def __init__(self, screen: Optional[Screen] = None, *, pager: bool = True) -> None:
        self.screen = Screen.detect() if screen is None else screen
        self.use_pager = pager
        self.lines: list[str] = []

    @property
    def terminal(self) -> bool:
        """Whether the page goes to a terminal (else: plain lines for a pipe)."""
        return self.screen.terminal

    @property
    def prose(self) -> int:
        """The width paragraphs are wrapped to."""
        return min(self.screen.width, PROSE_WIDTH)

    def blank(self) -> None:
        """An empty line."""
        self.lines.append("")

    def text(self, value: Spans, indent: Union[str, Span] = "", hang: Optional[str] = None) -> None:
        """A paragraph, wrapped to the window with a hanging indent (piped: one line).

        Args:
            value: The text, as a string or styled spans.
            indent: What starts the first line.
            hang: What starts the lines after it (default: spaces as wide as ``indent``).
        """
        spans = _spans(value)
        lead = indent.text if isinstance(indent, Span) else indent
        if not self.screen.terminal:
            self.lines.append(lead + plain("".join(s.text for s in spans)))
            return
        width = max(self.prose, cells(lead) + 10)
        for line in wrap(spans, width, indent, hang):
            self.lines.append(_render(line, self.screen))

    def row(self, cells_: Iterable[object]) -> None:
        """One tab-separated line (a row of plain output for scripts)."""
        self.lines.append("\t".join(plain(c) for c in cells_))

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[object]],
        *,
        lang: Lang,
        title: Optional[str] = None,
    ) -> None:
        """A table; piped, tab-separated rows without header or title.

        Args:
            columns: The columns.
            rows: The rows, one value per column (``None`` is empty).
            lang: The language of the note under a table whose columns did not all fit.
            title: A heading above it, on a terminal.
        """
        if not self.screen.terminal:
            for values in rows:
                self.row(values)
            return
        texts = [[plain(v) for v in values] for values in rows]
        width = self.screen.width
        if title:
            self.text(Span(title, "bold"))
        chosen = layout(columns, texts, width)
        if chosen.records:
            self._records(columns, texts, chosen.shown)
            return
        spread = any(
            len(wrap(row[c], w)) > 1 for row in texts for c, w in zip(chosen.shown, chosen.widths)
        ) or bool(chosen.under)
        heads = [Span(columns[c].header, "bold") for c in chosen.shown]
        self._grid(columns, chosen, heads)
        for number, row in enumerate(texts):
            if spread and number:
                self.blank()
            self._grid(columns, chosen, [Span(row[c], columns[c].style) for c in chosen.shown])
            for c in chosen.under:
                if row[c]:
                    self.text(Span(row[c], columns[c].style, row[c]), "  ")
        if chosen.left_out:
            names = [columns[c].header for c in chosen.left_out]
            if lang is Lang.ZH:
                note = f"（窗口较窄，未显示：{'、'.join(names)}）"
            else:
                note = f"(not shown at this width: {', '.join(names)})"
            self.text(Span(note, "dim"))

    def _grid(self, columns: Sequence[Column], chosen: Layout, spans: Sequence[Span]) -> None:
        blocks: list[list[Line]] = []
        for span, c, w in zip(spans, chosen.shown, chosen.widths):
            if columns[c].link and span.text:
                span = span._replace(link=span.text)
            blocks.append(wrap(span, w) if span.text else [[]])
        height = max(len(b) for b in blocks)
        for index in range(height):
            parts: list[Span] = []
            for block, c, w in zip(blocks, chosen.shown, chosen.widths):
                line = block[index] if index < len(block) else []
                pad = " " * max(0, w - sum(cells(s.text) for s in line))
                if columns[c].justify == "right":
                    parts += [Span(pad), *line]
                else:
                    parts += [*line, Span(pad)]
                parts.append(Span(" " * GAP))
            self.lines.append(_render(_merge(Span(""), _atoms_of(parts)), self.screen))

    def _records(
        self, columns: Sequence[Column], rows: Sequence[Sequence[str]], shown: Sequence[int]
    ) -> None:
        label = max(cells(columns[c].header) for c in shown)
        for number, row in enumerate(rows):
            if number:
                self.blank()
            for c in shown:
                if not row[c]:
                    continue
                head = columns[c].header
                indent = Span(head + " " * (label - cells(head) + GAP), "bold")
                link = row[c] if columns[c].link else ""
                self.text(Span(row[c], columns[c].style, link), indent)

    def flush(self) -> None:
        """Print the page: through the pager when it is taller than the window."""
        if not self.lines:
            return
        text = "\n".join(self.lines) + "\n"
        self.lines = []
        screen = self.screen
        if (
            self.use_pager
            and screen.terminal
            and screen.pager
            and text.count("\n") > screen.height - 1
            and _page(screen.pager, text)
        ):
            return
        _write(text)


def _atoms_of(spans: Sequence[Span]) -> list[_Atom]:
    # Spans as they are (no cutting): for joining the cells of a row.
    return [_Atom(s.text, s.style, s.link, "word", 0) for s in spans if s.text]


def _write(text: str) -> None:
    stream = sys.stdout
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        # The reader went away (head, a closed terminal): nothing more to write.
        silence_stdout()


def _page(command: str, text: str) -> bool:
    """Show ``text`` through the pager; ``False`` when the pager could not run."""
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert process.stdin is not None
    # The pager owns the keyboard now: Ctrl-C is its to handle (less stays).
    previous = None
    with contextlib.suppress(ValueError):  # not the main thread
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # An OSError: the pager quit before reading everything; the reader is done.
        with contextlib.suppress(OSError):
            process.stdin.write(text.encode("utf-8", "replace"))
            process.stdin.close()
        code = process.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    # 126 and 127: the shell could not find or run the command; show the text anyway.
    return code not in (126, 127)


_SCREEN = "llm_roadmap.screen"


def screen() -> Screen:
    """The screen of the running command: found once, when it first prints (see `Screen`).

    ``--no-pager`` leaves the pager out; outside a command (a test calling a
    function), standard output as it is now.
    """
    ctx = click.get_current_context(silent=True)
    meta = ctx.find_root().meta if ctx is not None else {}
    if _SCREEN not in meta:
        meta[_SCREEN] = Screen.detect(use_pager=not settings().no_pager)
    found: Screen = meta[_SCREEN]
    return found


def is_terminal() -> bool:
    """Whether output goes to a terminal (laid out for a person) rather than a pipe or file."""
    return screen().terminal


def page(*, pager: bool = True) -> Page:
    """A `Page` for the running command's output (``pager=False``: never through a pager)."""
    return Page(screen(), pager=pager)


def tr(lang: Lang, zh: str, en: str) -> str:
    """Pick a word of the interface (a heading, a message) in ``lang``."""
    return zh if lang is Lang.ZH else en


def text(value: Optional[Text], lang: Lang) -> str:
    """Return a roadmap text in ``lang`` (``""`` for ``None``), control characters escaped."""
    return "" if value is None else visible(value.get(lang))


def word(value: enum.Enum, lang: Lang) -> str:
    """Return a vocabulary word (a kind, level, role, emphasis, status) as the CLI prints it.

    Its label in `llm_roadmap.vocabulary`; in English a kind is printed as
    its value instead (``repo``, ``docs``, ``cheatsheet``), the word that
    ``--kind`` takes, so a listing can be filtered by what it shows.
    """
    if lang is Lang.EN and isinstance(value, Kind):
        return value.value
    return label(value, lang)


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    *,
    lang: Lang,
    title: Optional[str] = None,
    pager: bool = True,
) -> None:
    """Print rows: a table laid out for the terminal, tab-separated lines when piped.

    Piped output has no header and no title, so ``cut -f1`` gives the first
    column; a cell's tabs and newlines become spaces. On a terminal, columns
    that do not fit are left out by their priority (`Column.priority`) with a
    note in ``lang`` saying which, or each row becomes one field per line.
    """
    out = page(pager=pager)
    out.table(columns, rows, lang=lang, title=title)
    out.flush()


def _json_default(value: object) -> object:
    # What json cannot write itself: model and other attrs objects, sets.
    if attrs.has(type(value)) or isinstance(value, (set, frozenset)):
        return to_data(value)
    raise TypeError(f"cannot serialise {type(value).__name__} to JSON")


def emit_json(data: object) -> None:
    """Print ``data`` as indented UTF-8 JSON (Chinese stays readable, not escaped).

    Model objects in ``data`` are written by `llm_roadmap.serialize.to_data`,
    the shape of the JSON export.
    """
    import json  # by --json only: a table or lines need none of it

    click.echo(json_visible(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)))
