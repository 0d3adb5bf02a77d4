"""google.colab.output's callbacks, tags and areas, data_table and sheets, in-process (the
kernel and browser parts are in tests/server/test_colab_callbacks_api.py and tests/e2e)."""

from __future__ import annotations

import json

import pytest

from collaboratory.runtimes.in_runtime.colab import data_table, errors, output, sheets


def test_invoke_function_calls_the_registered_callback() -> None:
    output.register_callback("t_add", lambda a, b, scale=1: (a + b) * scale)
    try:
        assert output._invoke_function("t_add", "[1, 2]", '{"scale": 3}') == 9
        output.unregister_callback("t_add")
        with pytest.raises(ValueError, match="Function not found: t_add"):
            output._invoke_function("t_add", "[]", "{}")
        with pytest.raises(ValueError, match="Callback function not registered: t_add"):
            output.unregister_callback("t_add")
    finally:
        output._functions.pop("t_add", None)


def test_tags_and_areas_are_context_managers(capsys: pytest.CaptureFixture[str]) -> None:
    with output.use_tags("a") as tags:
        assert tags == {"a"}
        with output.use_tags(["b"], append=False) as inner:
            assert inner == {"b"}
        assert output._active_tags() == {"a"}
    assert output._active_tags() == set()
    for area in (output.to_header_area(), output.to_footer_area(), output.to_default_area()):
        with area:
            pass
    with output.redirect_to_element("#x"):
        pass
    with pytest.raises(ValueError, match="wait must be a boolean"):
        output.clear(wait="yes")  # type: ignore[arg-type]
    output.serve_kernel_port_as_iframe(8000)
    output.serve_kernel_port_as_window(8000)
    err = capsys.readouterr().err
    assert "serve_kernel_port_as_iframe(8000) is not available" in err
    assert "does not proxy a runtime's ports" in err


def test_data_table_puts_the_frame_and_its_script_into_html() -> None:
    pd = pytest.importorskip("pandas")  # in runtime images; the server needs none
    frame = pd.DataFrame({"n": [3, 1, None], "s": ["x", "</script><b>", None]})
    table = data_table.DataTable(frame, num_rows_per_page=10)
    spec = table._spec()
    assert spec["columns"] == ["index", "n", "s"]
    assert spec["rows"] == [[0, 3.0, "x"], [1, 1.0, "</script><b>"], [2, None, None]]
    assert spec["pageSize"] == 10
    html = table._repr_html_()
    assert "</script><b>" not in html  # data cannot close the script
    data = html[html.rindex(", {") + 2 : html.rindex(");</script>")]
    assert json.loads(data) == spec
    assert data_table.DataTable(frame, include_index=False)._spec()["columns"] == ["n", "s"]


def test_data_table_leaves_big_or_multi_index_frames_to_pandas(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pd = pytest.importorskip("pandas")
    wide = pd.DataFrame([[0] * 30])
    assert data_table.DataTable.formatter(wide) is None
    assert "exceeds max_columns (20)" in capsys.readouterr().out
    multi = pd.DataFrame({"a": [1]}, index=pd.MultiIndex.from_tuples([(1, 2)]))
    assert data_table.DataTable.formatter(multi) is None
    assert "colab-data-table" in str(data_table.DataTable.formatter(pd.DataFrame({"a": [1]})))


def test_sheets_name_the_alternative_to_a_google_sign_in() -> None:
    with pytest.raises(errors.AuthorizationError, match="service-account key"):
        sheets.InteractiveSheet(url="https://docs.google.com/spreadsheets/d/x")
    with pytest.raises(NotImplementedError, match="gspread"):
        sheets.InteractiveSheet(credentials=object())
