"""CodeCell: a runnable `python run` block.

The learner's code runs in the sandbox of `tutor.sandbox` (a separate, limited process); the
cell only awaits its output, so an endless loop, a crash, a fork bomb or a flood of output never
freezes the reader: after `time_limit` seconds the run is stopped ("Stopped after 5 s"), and
output past `output_limit` bytes is dropped ("… output cut at 64 KB").

Running again while the code runs is refused with a note (a second press of Enter is more
often impatience than intent; the run ends by itself within the time limit).
"""

from __future__ import annotations

from typing import ClassVar

from rich.syntax import Syntax
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static, TextArea

from tutor.course.model import CodeSpec
from tutor.i18n import tr
from tutor.sandbox import OUTPUT_LIMIT, TIME_LIMIT, RunResult, run_python
from tutor.textsafe import visible_controls
from tutor.widgets.chrome import ascii_text


def _status(result: RunResult, time_limit: float, lang: str | None) -> str:
    if result.returncode is None:
        return tr(lang, "■ Stopped after {seconds:g} s", seconds=time_limit)
    if result.returncode < 0:
        return tr(lang, "✗ Killed by signal {signal}", signal=-result.returncode)
    if result.returncode == 0:
        return tr(lang, "✓ Exit 0")
    return tr(lang, "✗ Exit {code}", code=result.returncode)


class CodeEditor(TextArea):
    """The editor of a code cell: Enter inserts a newline, ctrl+r runs, Escape leaves editing.

    Both are priority keys, so they work before the text area's own handling (which would
    move the focus on Escape).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "run_cell", "Run", key_display="ctrl+r", priority=True),
        Binding("escape", "leave", "Stop editing", key_display="Esc", priority=True),
    ]
    """The editing keys shown in the footer (the text area's own keys are hidden there)."""

    class Leave(Message):
        """The learner pressed Escape."""

    class Run(Message):
        """The learner pressed ctrl+r: run the edited code."""

    def action_leave(self) -> None:
        """Escape: stop editing."""
        self.post_message(self.Leave())

    def action_run_cell(self) -> None:
        """ctrl+r: run the code as edited."""
        self.post_message(self.Run())


class CodeCell(Vertical, can_focus=True):
    """A runnable code cell: highlighted source, then the output of the last run.

    Enter or ctrl+r runs it. Locally (`editable=True`) `e` opens an editor (Escape leaves it,
    ctrl+r runs the edited text); when served, the code cannot be edited.
    """

    DEFAULT_CSS = """
    CodeCell {
        height: auto;
        border: round $primary 50%;
        padding: 0 1;
        margin: 0 0 1 0;
    }
    CodeCell:focus, CodeCell:focus-within { border: round $accent; }
    CodeCell > CodeEditor { height: auto; max-height: 20; }
    CodeCell > #cell-output { color: $text; background: $boost; }
    CodeCell > .cell--status { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "run", "Run"),
        Binding("ctrl+r", "run_code", "Run", show=False),
        Binding("e", "edit", "Edit"),
        Binding("o", "original", "Original"),
    ]
    """Enter or ctrl+r runs the code; e edits it (locally only); o brings back the lesson's
    code after an edit."""

    class Ran(Message):
        """A run finished (or was stopped at the time limit)."""

        def __init__(self, cell: CodeCell, returncode: int | None, output: str) -> None:
            """Create the message.

            Args:
                cell: The cell that ran.
                returncode: The exit status; None when stopped at the time limit.
                output: What the code printed (stdout and stderr), at most the output limit.
            """
            super().__init__()
            self.cell = cell
            """The cell that ran."""
            self.returncode = returncode
            """The exit status; None when stopped at the time limit."""
            self.output = output
            """What the code printed."""

        @property
        def control(self) -> CodeCell:
            """The cell that ran (for `@on(CodeCell.Ran, "#id")`)."""
            return self.cell

    def __init__(
        self,
        spec: CodeSpec,
        *,
        key: str,
        editable: bool = True,
        time_limit: float = TIME_LIMIT,
        output_limit: int = OUTPUT_LIMIT,
        lang: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create the cell.

        Args:
            spec: The `python run` block.
            key: A stable key for the cell (lesson id + position), for the screen's records.
            editable: Whether the learner may edit the code (False when served).
            time_limit: Seconds a run may take before it is stopped.
            output_limit: Bytes of output kept.
            lang: The language of the cell's own words (`zh`, or English by default).
            id: The ID of the widget in the DOM.
            classes: The CSS classes of the widget.
        """
        super().__init__(id=id, classes=classes)
        self.spec = spec
        self.key = key
        """The cell's key."""
        self.editable = editable
        """Whether the code may be edited."""
        self.time_limit = time_limit
        self.output_limit = output_limit
        self.lang = lang
        self.source = spec.source
        """The code that runs: the lesson's, or the learner's edit of it."""
        self.running = False
        """Whether a run is in progress."""

    def compose(self) -> ComposeResult:
        """The highlighted source, the status line and the output."""
        yield Static(self._highlighted(), id="cell-source")
        yield Static("", id="cell-output", markup=False)
        yield Static(self._keys_hint(), id="cell-status", classes="cell--status", markup=False)

    def on_mount(self) -> None:
        """Nothing has run yet: no output box. The code's colours follow the app's theme."""
        self.query_one("#cell-output").display = False
        self.app.theme_changed_signal.subscribe(self, self._follow_theme)

    def _follow_theme(self, _theme: object) -> None:
        self.query_one("#cell-source", Static).update(self._highlighted())

    def _keys_hint(self) -> str:
        if self.query(CodeEditor):
            hint = tr(self.lang, "Editing · ctrl+r: run · Escape: stop editing")
        elif not self.editable:
            hint = tr(self.lang, "Enter: run")
        elif self.source != self.spec.source:
            hint = tr(self.lang, "Enter: run · e: edit · o: original code")
        else:
            hint = tr(self.lang, "Enter: run · e: edit")
        return ascii_text(hint) if self.app.has_class("-ascii") else hint

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter and e only when not editing; Original only once the code was changed."""
        if action in ("run", "edit"):  # while editing, Enter is a newline: ctrl+r runs
            return not self.query(CodeEditor)  # (e when served says why it cannot edit)
        if action == "original":
            return self.editable and self._edited_text() != self.spec.source
        return True

    def _edited_text(self) -> str:
        editors = self.query(CodeEditor)
        return editors.first().text if editors else self.source

    def action_original(self) -> None:
        """Bring back the lesson's code (the editor, if open, shows it too)."""
        self.source = self.spec.source
        for editor in self.query(CodeEditor):
            editor.text = self.source
        self.query_one("#cell-source", Static).update(self._highlighted())
        self._set_status(f"{tr(self.lang, 'The original code is back.')} · {self._keys_hint()}")
        self.refresh_bindings()

    def _highlighted(self) -> Syntax:
        theme = "ansi_dark" if self.app.current_theme.dark else "ansi_light"
        return Syntax(self.source.rstrip("\n"), "python", theme=theme, word_wrap=True)

    def _set_status(self, text: str) -> None:
        text = ascii_text(text) if self.app.has_class("-ascii") else text  # ✓ ✗ ■ → ASCII
        self.query_one("#cell-status", Static).update(Content(text))

    def action_run_code(self) -> None:
        """ctrl+r: run, editing or not."""
        self.action_run()

    def action_run(self) -> None:
        """Run the code (the edited code while editing); refused while a run is going."""
        if self.running:
            self._set_status(tr(self.lang, "Still running: wait for it to finish."))
            return
        editors = self.query(CodeEditor)
        if editors:
            self.source = editors.first().text
        self.running = True
        self._set_status(
            tr(self.lang, "Running… (stops after {seconds:g} s)", seconds=self.time_limit)
        )
        self._run(self.source)

    @work(group="code-cell-run", exit_on_error=False)
    async def _run(self, source: str) -> None:
        try:
            result = await run_python(
                source, time_limit=self.time_limit, output_limit=self.output_limit
            )
        except OSError as error:  # could not start the interpreter
            message = tr(self.lang, "Could not run Python: {error}", error=error)
            result = RunResult(None, message, False)
            self._set_status(f"✗ {message} · {self._keys_hint()}")
        else:
            status = _status(result, self.time_limit, self.lang)
            self._set_status(f"{status} · {self._keys_hint()}")
        finally:
            self.running = False
        self._show_output(result)
        self.post_message(self.Ran(self, result.returncode, result.output))

    def _show_output(self, result: RunResult) -> None:
        text = visible_controls(result.output.rstrip("\n"))  # never an escape to the terminal
        if result.cut:
            limit = self.output_limit // 1024
            text += "\n" + tr(self.lang, "… output cut at {kb} KB", kb=limit)
        output = self.query_one("#cell-output", Static)
        output.update(Content(text or tr(self.lang, "(no output)")))
        output.display = True

    def action_edit(self) -> None:
        """Open the editor (locally only)."""
        if not self.editable:
            self._set_status(tr(self.lang, "This code cannot be edited here (served). Enter: run"))
            return
        if self.query(CodeEditor):
            self.query_one(CodeEditor).focus()
            return
        editor = CodeEditor(self.source, tab_behavior="indent", show_line_numbers=False)
        editor.cursor_blink = False
        self.query_one("#cell-source").display = False
        self.mount(editor, after="#cell-source")
        editor.focus()
        self._set_status(tr(self.lang, "Editing · ctrl+r: run · Escape: stop editing"))

    @on(CodeEditor.Run)
    def _run_edited(self, event: CodeEditor.Run) -> None:
        event.stop()
        self.action_run()

    @on(CodeEditor.Changed)
    def _edited(self, event: CodeEditor.Changed) -> None:
        self.refresh_bindings()  # Original appears once the code differs

    @on(CodeEditor.Leave)
    def _leave_editor(self, event: CodeEditor.Leave) -> None:
        event.stop()
        editor = self.query_one(CodeEditor)
        self.source = editor.text
        editor.remove()
        source = self.query_one("#cell-source", Static)
        source.update(self._highlighted())
        source.display = True
        self.focus()
        self._set_status(self._keys_hint())
        self.refresh_bindings()
