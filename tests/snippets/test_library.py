"""The snippet library: built-in data, word search and its ranking."""

from __future__ import annotations

import pytest

from collaboratory.errors import BadRequest
from collaboratory.snippets import MAX_QUERY_LENGTH, Snippet, SnippetLibrary, builtin_library
from collaboratory.snippets.library import parse_snippet


def snippet(
    snippet_id: str, title: str, description: str = "", code: str = "", *tags: str
) -> Snippet:
    return Snippet(snippet_id, title, description, code, tags)


LIBRARY = SnippetLibrary(
    [
        snippet("in-code", "Alpha", "nothing", "import plot_tools"),
        snippet("in-description", "Beta", "Draw a plot of anything"),
        snippet("in-title", "Plot a chart"),
        snippet("in-tags", "Gamma", "", "", "plotting"),
        snippet("unrelated", "Read a CSV", "pandas", "pd.read_csv('x.csv')", "data"),
    ]
)


def ids(snippets: list[Snippet]) -> list[str]:
    return [s.id for s in snippets]


def test_title_hits_rank_first_then_tags_description_and_code() -> None:
    assert ids(LIBRARY.search("plot")) == ["in-title", "in-tags", "in-description", "in-code"]


def test_search_is_case_insensitive_and_needs_every_word() -> None:
    assert ids(LIBRARY.search("PLOT Chart")) == ["in-title"]
    assert ids(LIBRARY.search("plot csv")) == []
    assert ids(LIBRARY.search("  read   CSV ")) == ["unrelated"]


def test_empty_query_lists_everything_in_library_order() -> None:
    assert ids(LIBRARY.search("")) == ids(list(LIBRARY.snippets))
    assert ids(LIBRARY.search("   ")) == ids(list(LIBRARY.snippets))


def test_equal_scores_keep_library_order() -> None:
    library = SnippetLibrary([snippet("b", "Plot B"), snippet("a", "Plot A")])
    assert ids(library.search("plot")) == ["b", "a"]


def test_too_long_query_is_refused() -> None:
    LIBRARY.search("x" * MAX_QUERY_LENGTH)
    with pytest.raises(BadRequest) as refused:
        LIBRARY.search("x" * (MAX_QUERY_LENGTH + 1))
    assert refused.value.code == "query_too_long"


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="Duplicate snippet ids: a"):
        SnippetLibrary([snippet("a", "One"), snippet("a", "Two")])


def test_parse_snippet_reads_fields_and_reports_what_is_missing() -> None:
    parsed = parse_snippet(
        "x", "title = ' T '\ndescription = 'D'\ntags = ['a', 'b']\ncode = '''\nprint(1)\n'''\n"
    )
    assert parsed == Snippet("x", "T", "D", "print(1)", ("a", "b"))
    with pytest.raises(ValueError, match="lacks 'code'"):
        parse_snippet("x", "title = 'T'\ndescription = 'D'\n")


def test_builtin_library_has_the_colab_favourites() -> None:
    library = builtin_library()
    assert len(library.snippets) >= 15
    titles = [s.title for s in library.snippets]
    assert titles == sorted(titles, key=str.casefold)
    for title in (
        "Run a shell command",
        "Check RAM and disk",
        "Use a GPU: check torch.cuda",
        "Markdown: math with LaTeX",
        "Plot with matplotlib",
    ):
        assert title in titles
    for s in library.snippets:
        assert s.title and s.description and s.code.strip() and s.tags, s.id
        assert not s.code.startswith("\n") and not s.code.endswith("\n"), s.id
    assert ids(library.search("shell"))[0] == "shell-command"
    assert set(ids(library.search("gpu"))[:2]) == {"gpu-check", "gpu-check-tensorflow"}
    assert ids(library.search("tensorflow gpu"))[0] == "gpu-check-tensorflow"
    assert "\\pi" in library.search("latex")[0].code


def test_builtin_python_snippets_compile() -> None:
    for s in builtin_library().snippets:
        if "markdown" in s.tags:
            continue
        lines = [line for line in s.code.splitlines() if not line.lstrip().startswith(("%", "!"))]
        compile("\n".join(lines), s.id, "exec")
