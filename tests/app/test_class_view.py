"""The class screen (Pilot): rows by name, sorting, tabs, live refresh, a failing read."""

from __future__ import annotations

from pathlib import Path

from class_fixture import LESSONS, NOW, SNAPSHOT
from textual.widgets import DataTable, Static, TabbedContent

from tutor.classroom.app import ClassApp, ago
from tutor.progress import ProgressStore
from tutor.progress.classview import ClassSnapshot, ClassViewError, read_class


def names(app: ClassApp) -> list[str]:
    """The learners table's names, top to bottom."""
    table = app.query_one("#learner-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def fixed() -> ClassSnapshot:
    return SNAPSHOT


async def test_learners_by_name_with_controls_made_visible() -> None:
    app = ClassApp(fixed, interval=3600, clock=lambda: NOW)
    async with app.run_test(size=(100, 24)):
        assert names(app) == ["Ann", "Bo", "Li Lei", "Zed␛[2J"]
        row = app.query_one("#learner-table", DataTable).get_row_at(0)
        assert [str(cell) for cell in row] == [
            "Ann",
            "derivative · 3",
            "9/11",
            "2/3 of 3",
            "12 s ago",
        ]


async def test_sorting_by_column_key_and_header() -> None:
    app = ClassApp(fixed, interval=3600, clock=lambda: NOW)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("s")  # by lesson and page, in course order
        assert app.sort_column == "where"
        assert names(app) == ["Zed␛[2J", "Bo", "Li Lei", "Ann"]
        await pilot.press("r")
        assert names(app) == ["Ann", "Li Lei", "Bo", "Zed␛[2J"]
        await pilot.press("s")
        assert app.sort_column == "pages" and names(app)[0] == "Zed␛[2J"
        table = app.query_one("#learner-table", DataTable)
        active = table.get_column_index("active")
        x = sum(column.get_render_width(table) for column in table.ordered_columns[:active])
        await pilot.click("#learner-table", offset=(x + 2, 0))  # the header of "Last active"
        assert app.sort_column == "active"
        assert names(app)[0] == "Zed␛[2J"  # never active sorts first
        await pilot.click("#learner-table", offset=(x + 2, 0))  # again: reversed
        assert app.sort_reverse and names(app)[0] == "Ann"


async def test_tabs_show_quizzes_and_the_funnel() -> None:
    app = ClassApp(fixed, interval=3600, clock=lambda: NOW)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.press("2")
        assert app.query_one(TabbedContent).active == "quizzes"
        quizzes = app.query_one("#quiz-table", DataTable)
        assert [str(c) for c in quizzes.get_row_at(0)] == [
            "neuron",
            "predict-up-a",
            "3",
            "1",
            "2",
            "7",
            "31 (2), 36 (1)",
        ]
        await pilot.press("3")
        lessons = app.query_one("#lesson-table", DataTable)
        assert [str(c) for c in lessons.get_row_at(0)] == [
            "A neuron that multiplies",
            "3/4",
            "2/4",
            "1/4",
        ]


async def test_the_screen_refreshes_while_learners_write(tmp_path: Path) -> None:
    def load() -> ClassSnapshot:
        return read_class(tmp_path, "c", LESSONS)

    app = ClassApp(load, interval=0.05)
    async with app.run_test(size=(100, 24)) as pilot:
        assert names(app) == []
        with ProgressStore.open(home=tmp_path, learner="name:Li Lei", course="c") as store:
            store.record_page("neuron", 0)
        for _ in range(600):  # up to 30 s on a loaded machine; usually a few refreshes
            await pilot.pause(0.05)
            if names(app):
                break
        assert names(app) == ["Li Lei"]


async def test_a_refresh_that_fires_while_closing_is_quiet() -> None:
    """CI caught a timer tick landing after the tables were gone: it must end, not crash."""
    app = ClassApp(lambda: SNAPSHOT, interval=3600, clock=lambda: NOW)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        await app.query_one("#status").remove()
        app._tick()  # the timer's callback, as it runs mid-shutdown
    app._tick()  # and after the screen stack is empty
    assert app.return_code in (0, None)


async def test_a_failing_read_keeps_the_last_tables_and_says_why() -> None:
    calls = 0

    def load() -> ClassSnapshot:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise ClassViewError("progress.db: disk I/O error")
        return SNAPSHOT

    app = ClassApp(load, interval=3600, clock=lambda: NOW)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("f5")
        assert app.error == "progress.db: disk I/O error"
        assert "disk I/O error" in str(app.query_one("#status", Static).render())
        assert len(names(app)) == 4


def test_ago() -> None:
    assert ago(None, NOW) == "-"
    assert ago("2026-12-01T09:59:48.000000Z", NOW) == "12 s ago"
    assert ago("2026-12-01T08:00:00.000000Z", NOW) == "2 h ago"
    assert ago("2026-11-28T10:00:00.000000Z", NOW) == "3 d ago"
    assert ago("garbage", NOW) == "?"
