"""Colab's ``google.colab.data_table``: pandas DataFrames as interactive tables (sort by a column,
filter, page through) in the cell's output.

Colab loads its table script from Google's CDN; here the table is an HTML output with its own
small script and the data inline, so it works offline, in the sandboxed output frame, and in a
notebook saved and reopened later.
"""

from __future__ import annotations

import html
import importlib
import json
import math
from typing import Any

__all__ = [
    "DataTable",
    "disable_dataframe_formatter",
    "enable_dataframe_formatter",
    "load_ipython_extension",
    "unload_ipython_extension",
]

# Draws the table from `spec` ({columns, rows, pageSize}) into `root`: sort (click a heading:
# ascending, then descending), filter (rows containing the text in any column), pages.
_TABLE_SCRIPT = """(function(root, spec){
var rows = spec.rows.map(function(r, i){ return {cells: r, at: i}; });
var shown = rows, page = 0, size = spec.pageSize, sortBy = -1, desc = false;
function text(v){ return v === null ? "" : String(v); }
function el(tag, attrs, body){ var e = document.createElement(tag);
  for (var k in attrs) e.setAttribute(k, attrs[k]);
  if (body !== undefined) e.textContent = body; return e; }
var bar = el("div", {"class": "dt-bar"});
var filter = el("input", {type: "search", placeholder: "Filter", "aria-label": "Filter rows"});
var sizes = el("select", {"aria-label": "Rows per page"});
[10, 25, 50, 100].concat([size]).filter(function(v, i, a){ return a.indexOf(v) === i; })
  .sort(function(a, b){ return a - b; }).forEach(function(v){
    var o = el("option", {value: v}, String(v)); if (v === size) o.selected = true;
    sizes.appendChild(o); });
bar.appendChild(filter); bar.appendChild(sizes); root.appendChild(bar);
var table = el("table", {"class": "dt-table"}); var head = el("tr");
spec.columns.forEach(function(name, i){
  var th = el("th", {role: "button", tabindex: "0", "data-column": i}, name);
  th.addEventListener("click", function(){
    desc = sortBy === i ? !desc : false; sortBy = i; update(); });
  head.appendChild(th); });
var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
var body = el("tbody"); table.appendChild(body); root.appendChild(table);
var nav = el("div", {"class": "dt-nav"}); var info = el("span", {"class": "dt-info"});
var prev = el("button", {type: "button"}, "Previous");
var next = el("button", {type: "button"}, "Next");
nav.appendChild(info); nav.appendChild(prev); nav.appendChild(next); root.appendChild(nav);
function compare(a, b){ var x = a.cells[sortBy], y = b.cells[sortBy];
  if (x === y) return a.at - b.at; if (x === null) return 1; if (y === null) return -1;
  var c = (typeof x === "number" && typeof y === "number") ? x - y : text(x).localeCompare(text(y));
  return (desc ? -c : c) || a.at - b.at; }
function update(){
  var q = filter.value.toLowerCase();
  shown = rows.filter(function(r){ return !q || r.cells.some(function(v){
    return text(v).toLowerCase().indexOf(q) >= 0; }); });
  if (sortBy >= 0) shown.sort(compare);
  var pages = Math.max(1, Math.ceil(shown.length / size)); page = Math.min(page, pages - 1);
  body.textContent = "";
  shown.slice(page * size, page * size + size).forEach(function(r){ var tr = el("tr");
    r.cells.forEach(function(v){ tr.appendChild(el("td", {}, text(v))); });
    body.appendChild(tr); });
  head.querySelectorAll("th").forEach(function(th, i){
    th.setAttribute("aria-sort", i !== sortBy ? "none" : desc ? "descending" : "ascending"); });
  var first = shown.length ? page * size + 1 : 0;
  info.textContent = "Showing " + first + " to " + Math.min(shown.length, (page + 1) * size) +
    " of " + shown.length + " entries" +
    (shown.length < rows.length ? " (filtered from " + rows.length + ")" : "");
  prev.disabled = page === 0; next.disabled = page >= pages - 1; }
filter.addEventListener("input", function(){ page = 0; update(); });
sizes.addEventListener("change", function(){ size = Number(sizes.value); page = 0; update(); });
prev.addEventListener("click", function(){ page -= 1; update(); });
next.addEventListener("click", function(){ page += 1; update(); });
update();
})"""

_STYLE = """<style>.dt-bar,.dt-nav{display:flex;gap:8px;align-items:center;margin:4px 0}
.dt-info{flex:1}.dt-table th{cursor:pointer;user-select:none}
.dt-table th[aria-sort=ascending]::after{content:" \\25B2"}
.dt-table th[aria-sort=descending]::after{content:" \\25BC"}</style>"""


def _cell(value: Any) -> Any:
    """A JSON value for the table: numbers stay numbers (sorted as such), missing is null."""
    if value is None or isinstance(value, bool) or "bool" in type(value).__name__:
        return value if value is None else str(value)
    if isinstance(value, int | float) or type(value).__module__ == "numpy":
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        if math.isnan(number):
            return None
        if math.isinf(number):
            return str(value)
        is_int = number.is_integer() and "int" in type(value).__name__.lower()
        return int(number) if is_int else number
    try:
        pd: Any = importlib.import_module("pandas")

        if value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
            return None
    except (ImportError, TypeError, ValueError):
        pass
    return str(value)


class DataTable:
    """An interactive table of a DataFrame (sort, filter, page), as Colab's."""

    include_index = True
    num_rows_per_page = 25
    max_rows = 20000
    max_columns = 20
    min_width: str | None = None

    @classmethod
    def formatter(cls, dataframe: Any, **kwargs: Any) -> str | None:
        """The table's HTML, or None (pandas' own display) for frames Colab leaves to pandas."""
        pd: Any = importlib.import_module("pandas")

        if isinstance(dataframe.columns, pd.MultiIndex) or isinstance(
            dataframe.index, pd.MultiIndex
        ):
            return None
        if dataframe.shape[0] > cls.max_rows:
            print(
                f"Warning: total number of rows ({len(dataframe)}) exceeds max_rows "
                f"({cls.max_rows}). Falling back to pandas display."
            )
            return None
        if dataframe.shape[1] > cls.max_columns:
            print(
                f"Warning: Total number of columns ({len(dataframe.columns)}) exceeds "
                f"max_columns ({cls.max_columns}). Falling back to pandas display."
            )
            return None
        return cls(dataframe, **kwargs)._repr_html_()

    def __init__(
        self,
        dataframe: Any,
        include_index: bool | None = None,
        num_rows_per_page: int | None = None,
        max_rows: int | None = None,
        max_columns: int | None = None,
        min_width: str | None = None,
    ) -> None:
        self._dataframe = dataframe
        self._include_index = self.include_index if include_index is None else include_index
        self._num_rows_per_page = num_rows_per_page or self.num_rows_per_page
        self._max_rows = self.max_rows if max_rows is None else max_rows
        self._max_columns = self.max_columns if max_columns is None else max_columns
        self._min_width = self.min_width if min_width is None else min_width

    def _spec(self) -> dict[str, Any]:
        frame = self._dataframe.iloc[: self._max_rows, : self._max_columns]
        if self._include_index or frame.shape[1] == 0:
            frame = frame.reset_index()
        rows = [[_cell(v) for v in row] for row in frame.to_numpy(dtype=object).tolist()]
        columns = [str(c) for c in frame.columns]
        return {"columns": columns, "rows": rows, "pageSize": int(self._num_rows_per_page)}

    def _repr_html_(self) -> str:
        spec = json.dumps(self._spec(), allow_nan=False).replace("</", "<\\/")
        width = f' style="min-width:{html.escape(self._min_width)}"' if self._min_width else ""
        return (
            f'{_STYLE}<div class="colab-data-table"{width}></div><script>'
            f"{_TABLE_SCRIPT}(document.currentScript.previousElementSibling, {spec});</script>"
        )

    def __repr__(self) -> str:
        return repr(self._dataframe)


_original: dict[str, Any] = {}


def _html_formatter() -> Any:
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("data_table needs to run in a notebook's kernel")
    return shell.display_formatter.formatters["text/html"]


def enable_dataframe_formatter() -> None:
    """Shows every pandas DataFrame as an interactive :class:`DataTable`."""
    if "text/html" not in _original:
        # by type, not by name: pandas 3 names DataFrame's module "pandas", 2 "pandas.core.frame"
        frame_type = importlib.import_module("pandas").DataFrame
        _original["text/html"] = _html_formatter().for_type(frame_type, DataTable.formatter)


def disable_dataframe_formatter() -> None:
    """Shows DataFrames as pandas does again."""
    if "text/html" in _original:
        formatter = _html_formatter()
        frame_type = importlib.import_module("pandas").DataFrame
        formatter.pop(frame_type, None)
        previous = _original.pop("text/html")
        if previous is not None:
            formatter.for_type(frame_type, previous)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext google.colab.data_table``: DataTable for every DataFrame."""
    enable_dataframe_formatter()


def unload_ipython_extension(ipython: Any) -> None:
    disable_dataframe_formatter()
