"""The snippet library: ready-made code for common tasks, searchable by words."""

from collaboratory.snippets.library import (
    MAX_QUERY_LENGTH,
    Snippet,
    SnippetCell,
    SnippetLibrary,
    builtin_library,
)

__all__ = ["MAX_QUERY_LENGTH", "Snippet", "SnippetCell", "SnippetLibrary", "builtin_library"]
