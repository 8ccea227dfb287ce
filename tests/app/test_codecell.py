"""Pilot tests for the CodeCell widget: running, limits, exit status, editing."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tutor.course.model import CodeSpec
from tutor.widgets.codecell import CodeCell, CodeEditor


class CellApp(App[None]):
    """One code cell; keeps the Ran messages and counts presses of x (a responsiveness probe)."""

    BINDINGS = [Binding("x", "probe", "probe")]

    def __init__(self, source: str, *, editable: bool = True, time_limit: float = 5.0) -> None:
        super().__init__()
        self.source = source
        self.editable = editable
        self.time_limit = time_limit
        self.ran: list[CodeCell.Ran] = []
        self.probes = 0

    def compose(self) -> ComposeResult:
        yield CodeCell(
            CodeSpec(self.source, line=1),
            key="lesson/cell-1",
            editable=self.editable,
            time_limit=self.time_limit,
        )

    def on_mount(self) -> None:
        self.query_one(CodeCell).focus()

    def on_code_cell_ran(self, message: CodeCell.Ran) -> None:
        self.ran.append(message)

    def action_probe(self) -> None:
        self.probes += 1


def shown(app: CellApp, widget_id: str) -> str:
    return str(app.query_one(widget_id, Static).render())


async def test_print_shows_output_and_exit_zero() -> None:
    app = CellApp('print("hi")')
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(app, "#cell-output") == "hi"
        assert shown(app, "#cell-status").startswith("✓ Exit 0 · ")
        assert [(m.returncode, m.output) for m in app.ran] == [(0, "hi\n")]


async def test_endless_loop_is_stopped_and_the_app_keeps_responding() -> None:
    app = CellApp("while True: pass", time_limit=1.0)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.query_one(CodeCell).running
        await pilot.press("x", "x")
        assert app.probes == 2  # keys are handled while the code runs
        await pilot.press("enter")  # a second run is refused, not queued
        assert "Still running" in shown(app, "#cell-status")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(app, "#cell-status").startswith("■ Stopped after 1 s · ")
        assert [m.returncode for m in app.ran] == [None]


async def test_flood_of_output_is_cut_at_64_kb() -> None:
    app = CellApp("print('x' * 1_000_000)")
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.ran[0].output) == 64 * 1024
        assert shown(app, "#cell-output").endswith("… output cut at 64 KB")
        assert shown(app, "#cell-status").startswith("✓ Exit 0 · ")


async def test_exit_status_is_shown() -> None:
    app = CellApp("import sys; sys.exit(3)")
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown(app, "#cell-status").startswith("✗ Exit 3 · ")
        assert app.ran[0].returncode == 3


async def test_exception_shows_the_traceback_in_the_cell() -> None:
    app = CellApp("raise ValueError('bad [b]input[/b]')")
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        output = shown(app, "#cell-output")
        assert "Traceback (most recent call last)" in output
        assert "ValueError: bad [b]input[/b]" in output  # shown as text, not markup
        assert 'File "<string>", line 1' in output and "execv" not in output
        assert shown(app, "#cell-status").startswith("✗ Exit 1 · ")


async def test_served_cell_refuses_editing() -> None:
    app = CellApp('print("hi")', editable=False)
    async with app.run_test() as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert not app.query(CodeEditor)
        assert "cannot be edited" in shown(app, "#cell-status")


async def test_edit_then_ctrl_r_runs_the_edited_code() -> None:
    app = CellApp('print("hi")')
    async with app.run_test() as pilot:
        await pilot.press("e")
        await pilot.pause()
        editor = app.query_one(CodeEditor)
        assert editor.has_focus
        editor.text = "print(6 * 7)"
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.ran[-1].output == "42\n"
        await pilot.press("escape")
        await pilot.pause()
        assert not app.query(CodeEditor)
        highlighted = app.query_one("#cell-source", Static).content
        assert isinstance(highlighted, Syntax) and highlighted.code == "print(6 * 7)"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [m.output for m in app.ran] == ["42\n", "42\n"]


async def test_editing_shows_the_real_keys_and_every_run_ends_with_a_status() -> None:
    app = CellApp('print("hi")')
    async with app.run_test() as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert "ctrl+r: run" in shown(app, "#cell-status")
        await pilot.press("enter")  # a newline, not a run
        assert app.query_one(CodeEditor).text.count("\n") >= 1
        await pilot.press("ctrl+r")
        for _ in range(100):
            await pilot.pause(0.05)
            if "Exit 0" in shown(app, "#cell-status"):
                break
        status = shown(app, "#cell-status")
        assert status.startswith("✓ Exit 0") and "ctrl+r: run" in status


async def test_o_brings_back_the_original_code() -> None:
    app = CellApp('print("hi")')
    async with app.run_test() as pilot:
        await pilot.press("e", "end", *"  # mine", "escape")
        await pilot.pause()
        cell = app.query_one(CodeCell)
        assert cell.source != 'print("hi")'
        await pilot.press("o")
        await pilot.pause()
        assert cell.source == 'print("hi")'
        assert "original code is back" in shown(app, "#cell-status")
