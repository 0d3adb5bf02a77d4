"""Snippets loaded from notebooks (each Markdown heading a snippet) and TOML files, and a ranked,
typo-tolerant word search over them."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Literal

from collaboratory.errors import BadRequest

MAX_QUERY_LENGTH = 200

# How much a query word found in each field counts; title hits rank first.
TITLE_WEIGHT = 1000
TAG_WEIGHT = 100
DESCRIPTION_WEIGHT = 10
CODE_WEIGHT = 1

# How well a query word matches a word of a snippet, by kind of match.
EXACT, PREFIX, ABBREVIATION, TYPO, INSIDE = 1.0, 0.9, 0.7, 0.6, 0.5

WORD = re.compile(r"[a-z0-9]+")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")

CellType = Literal["code", "markdown"]


@dataclass(frozen=True)
class SnippetCell:
    cell_type: CellType
    source: str


def words_of(text: str) -> frozenset[str]:
    """The lower-cased alphanumeric words of ``text`` (``read_csv`` is ``read`` and ``csv``)."""
    return frozenset(WORD.findall(text.lower()))


@dataclass(frozen=True)
class Snippet:
    id: str
    title: str
    description: str
    code: str
    tags: tuple[str, ...] = ()
    cells: tuple[SnippetCell, ...] = ()
    _fields: tuple[frozenset[str], ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.cells:
            kind: CellType = "markdown" if "markdown" in self.tags else "code"
            object.__setattr__(self, "cells", (SnippetCell(kind, self.code),))
        fields = (
            words_of(self.title),
            words_of(" ".join(self.tags)),
            words_of(self.description),
            words_of(self.code),
        )
        object.__setattr__(self, "_fields", fields)

    def score(self, words: Sequence[str]) -> float:
        """How well the snippet matches: 0 unless every query word matches some word of a field
        (exactly, as a prefix, as an abbreviation like ``mnt`` for ``mount``, with a typo, or
        inside a longer word); title matches count most, then tags, description and code."""
        return SnippetLibrary([self]).scores(words)[0]


FIELD_WEIGHTS = (TITLE_WEIGHT, TAG_WEIGHT, DESCRIPTION_WEIGHT, CODE_WEIGHT)
FUZZY_FIELDS = (True, True, True, False)  # code matches exactly, by prefix or inside a word


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from ``a`` to ``b``, or
    ``limit + 1`` once that exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def is_abbreviation(query: str, word: str) -> bool:
    """``mnt`` for ``mount``: same first letter, the query's letters in order, at least half."""
    if len(query) < 2 or query[0] != word[0] or 2 * len(query) < len(word):
        return False
    letters = iter(word)
    return all(char in letters for char in query)


def word_match(query: str, word: str, fuzzy: bool = True) -> float:
    """How well one query word matches one word of a snippet (0 when it does not)."""
    if query == word:
        return EXACT
    if word.startswith(query):
        return PREFIX
    if not fuzzy:
        return INSIDE if len(query) >= 3 and query in word else 0.0
    if is_abbreviation(query, word):
        return ABBREVIATION
    if len(query) >= 4:
        limit = 1 if len(query) <= 5 else 2
        if edit_distance(query, word, limit) <= limit:
            return TYPO
    if len(query) >= 3 and query in word:
        return INSIDE
    return 0.0


def query_words(query: str) -> list[str]:
    """The lower-cased words of a search query; raises BadRequest when it is too long."""
    if len(query) > MAX_QUERY_LENGTH:
        raise BadRequest(
            f"The search is {len(query)} characters long; use at most {MAX_QUERY_LENGTH}.",
            code="query_too_long",
        )
    return WORD.findall(query.lower())


class SnippetLibrary:
    """An ordered collection of snippets; search keeps that order among equal matches."""

    def __init__(self, snippets: Iterable[Snippet]) -> None:
        self.snippets: tuple[Snippet, ...] = tuple(snippets)
        ids = [s.id for s in self.snippets]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"Duplicate snippet ids: {', '.join(duplicates)}")
        # Every word of each field, with the snippets that have it there: a query word is
        # compared with each distinct word once.
        self._index: list[dict[str, list[int]]] = [{} for _ in FIELD_WEIGHTS]
        for number, snippet in enumerate(self.snippets):
            for index, words in zip(self._index, snippet._fields, strict=True):
                for word in words:
                    index.setdefault(word, []).append(number)

    def scores(self, words: Sequence[str]) -> list[float]:
        """Each snippet's score for the query ``words`` (0 unless every word matches)."""
        totals = [0.0] * len(self.snippets)
        for query in words:
            word_scores = [0.0] * len(self.snippets)
            for index, weight, fuzzy in zip(self._index, FIELD_WEIGHTS, FUZZY_FIELDS, strict=True):
                best: dict[int, float] = {}
                for word, numbers in index.items():
                    value = word_match(query, word, fuzzy)
                    if value:
                        for number in numbers:
                            if value > best.get(number, 0.0):
                                best[number] = value
                for number, value in best.items():
                    word_scores[number] += weight * value
            for number, value in enumerate(word_scores):
                totals[number] = totals[number] + value if value and totals[number] >= 0 else -1.0
        return [max(total, 0.0) for total in totals]

    @classmethod
    def from_directory(cls, directory: Traversable) -> SnippetLibrary:
        """Reads every ``*.ipynb`` notebook (each Markdown heading a snippet) and ``*.toml`` file
        (the file's stem is the snippet's id) of ``directory``, ordered by title."""
        snippets: list[Snippet] = []
        for entry in directory.iterdir():
            text = entry.read_text(encoding="utf-8") if entry.is_file() else ""
            if entry.name.endswith(".toml"):
                snippets.append(parse_snippet(entry.name.removesuffix(".toml"), text))
            elif entry.name.endswith(".ipynb"):
                notebook = json.loads(text)
                snippets.extend(snippets_of_notebook(entry.name.removesuffix(".ipynb"), notebook))
        return cls(sorted(snippets, key=lambda snippet: (snippet.title.casefold(), snippet.id)))

    def search(self, query: str = "") -> list[Snippet]:
        """Snippets matching every word of ``query`` (case-insensitive, typo-tolerant), best
        first."""
        words = query_words(query)
        if not words:
            return list(self.snippets)
        ranked = sorted(
            (-score, index) for index, score in enumerate(self.scores(words)) if score > 0
        )
        return [self.snippets[index] for _, index in ranked]


def parse_snippet(snippet_id: str, text: str) -> Snippet:
    """One snippet from its TOML text: ``title``, ``description``, ``code`` and ``tags``."""
    data = tomllib.loads(text)
    try:
        title, description, code = (str(data[key]) for key in ("title", "description", "code"))
    except KeyError as missing:
        raise ValueError(f"Snippet {snippet_id!r} lacks {missing.args[0]!r}") from None
    tags = tuple(str(tag) for tag in data.get("tags", ()))
    return Snippet(snippet_id, title.strip(), description.strip(), code.strip("\n"), tags)


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def slug(text: str) -> str:
    return "-".join(WORD.findall(text.lower())) or "snippet"


def snippets_of_notebook(prefix: str, notebook: Mapping[str, Any]) -> list[Snippet]:
    """Colab's snippet notebooks: each Markdown cell that opens with a heading starts a snippet,
    titled by the heading; the rest of that cell is its description, and the cells up to the
    next heading are its cells. A heading cell's ``metadata.tags`` are the snippet's tags.
    Ids are ``prefix/slug-of-title``."""
    snippets: list[Snippet] = []
    current: dict[str, Any] | None = None

    def close() -> None:
        if current is None:
            return
        cells: list[SnippetCell] = current["cells"]
        if not any(cell.source.strip() for cell in cells):
            return
        code = "\n\n".join(cell.source for cell in cells if cell.cell_type == "code")
        snippet_id = f"{prefix}/{slug(current['title'])}"
        taken = {s.id for s in snippets}
        number = 2
        while snippet_id in taken:
            snippet_id, number = f"{prefix}/{slug(current['title'])}-{number}", number + 1
        snippets.append(
            Snippet(
                snippet_id,
                current["title"],
                current["description"],
                code or "\n\n".join(cell.source for cell in cells),
                current["tags"],
                tuple(cells),
            )
        )

    for cell in notebook.get("cells", ()):
        kind = cell.get("cell_type")
        if kind not in ("code", "markdown"):
            continue
        source = _source(cell).strip("\n")
        first, _, rest = source.partition("\n")
        heading = HEADING.match(first) if kind == "markdown" else None
        if heading:
            close()
            tags = cell.get("metadata", {}).get("tags", [])
            current = {
                "title": heading.group(2).strip(),
                "description": rest.strip(),
                "tags": tuple(str(tag) for tag in tags) if isinstance(tags, list) else (),
                "cells": [],
            }
        elif current is not None and source.strip():
            current["cells"].append(SnippetCell(kind, source))
    close()
    return snippets


@cache
def builtin_library() -> SnippetLibrary:
    """The snippets shipped with Collaboratory (read once per process)."""
    return SnippetLibrary.from_directory(resources.files("collaboratory.snippets") / "builtin")
