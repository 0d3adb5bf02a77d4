"""Snippets loaded from TOML data files, and a ranked word search over them."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from collaboratory.errors import BadRequest

MAX_QUERY_LENGTH = 200

# How much a query word found in each field counts; title hits rank first.
TITLE_WEIGHT = 1000
TAG_WEIGHT = 100
DESCRIPTION_WEIGHT = 10
CODE_WEIGHT = 1


@dataclass(frozen=True)
class Snippet:
    id: str
    title: str
    description: str
    code: str
    tags: tuple[str, ...] = ()

    def score(self, words: Sequence[str]) -> int:
        """How well the snippet matches: 0 unless every word occurs in some field."""
        title, description, code = self.title.lower(), self.description.lower(), self.code.lower()
        tags = " ".join(self.tags).lower()
        total = 0
        for word in words:
            word_score = (
                TITLE_WEIGHT * (word in title)
                + TAG_WEIGHT * (word in tags)
                + DESCRIPTION_WEIGHT * (word in description)
                + CODE_WEIGHT * (word in code)
            )
            if word_score == 0:
                return 0
            total += word_score
        return total


def query_words(query: str) -> list[str]:
    """The lower-cased words of a search query; raises BadRequest when it is too long."""
    if len(query) > MAX_QUERY_LENGTH:
        raise BadRequest(
            f"The search is {len(query)} characters long; use at most {MAX_QUERY_LENGTH}.",
            code="query_too_long",
        )
    return query.lower().split()


class SnippetLibrary:
    """An ordered collection of snippets; search keeps that order among equal matches."""

    def __init__(self, snippets: Iterable[Snippet]) -> None:
        self.snippets: tuple[Snippet, ...] = tuple(snippets)
        ids = [s.id for s in self.snippets]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"Duplicate snippet ids: {', '.join(duplicates)}")

    @classmethod
    def from_directory(cls, directory: Traversable) -> SnippetLibrary:
        """Reads every ``*.toml`` file of ``directory`` (the file's stem is the snippet's id),
        ordered by title, as the panel lists them."""
        snippets = (
            parse_snippet(entry.name.removesuffix(".toml"), entry.read_text(encoding="utf-8"))
            for entry in directory.iterdir()
            if entry.name.endswith(".toml")
        )
        return cls(sorted(snippets, key=lambda snippet: (snippet.title.casefold(), snippet.id)))

    def search(self, query: str = "") -> list[Snippet]:
        """Snippets containing every word of ``query`` (case-insensitive), best first."""
        words = query_words(query)
        if not words:
            return list(self.snippets)
        scored = [(snippet.score(words), index) for index, snippet in enumerate(self.snippets)]
        ranked = sorted((-score, index) for score, index in scored if score > 0)
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


@cache
def builtin_library() -> SnippetLibrary:
    """The snippets shipped with Collaboratory (read once per process)."""
    return SnippetLibrary.from_directory(resources.files("collaboratory.snippets") / "builtin")
