"""Shell completion scripts for bash and zsh, generated from the command's own argparse parser.

The script is derived from the parser, so a new option or command completes without editing
anything here. Bash gets a completion function; zsh runs the same function through its
`bashcompinit` layer (zsh's own emulation of bash's `complete`/`compgen`).

What completes: commands and subcommands, every option of the command being typed, the choices
of options that have them (`--lang en|zh`), and file names where the command takes a path.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

FUNCTION = "_backprop_tutor"
PROGRAM = "backprop-tutor"


@dataclass
class Node:
    """What completes after one command path (`""` the top level, `serve_ssh` for serve ssh)."""

    key: str
    options: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    files: bool = False
    """True when the command takes a path positional: file names complete."""
    choices: dict[str, list[str]] = field(default_factory=dict)
    """Option -> its allowed values."""
    path_options: list[str] = field(default_factory=list)
    """Options whose value is a file name."""
    value_options: list[str] = field(default_factory=list)
    """Other options that take a value (nothing to offer: the learner types it)."""


def nodes(parser: argparse.ArgumentParser, key: str = "") -> Iterator[Node]:
    """One Node per parser in the tree, the top level first."""
    node = Node(key)
    children: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                node.commands.append(name)
                children.append((name, sub))
        elif not action.option_strings:
            if action.choices is None:
                node.files = True
            else:
                node.commands += [str(choice) for choice in action.choices]
        elif action.help != argparse.SUPPRESS:
            node.options += action.option_strings
            if action.nargs == 0:
                continue
            for option in action.option_strings:
                if action.choices is not None:
                    node.choices[option] = [str(choice) for choice in action.choices]
                elif action.type is Path:
                    node.path_options.append(option)
                elif action.nargs is None:
                    node.value_options.append(option)
    yield node
    for name, sub in children:
        yield from nodes(sub, f"{key}_{name}" if key else name)


def _words(items: list[str]) -> str:
    return shlex.quote(" ".join(items))


def bash_function(tree: list[Node], top_files: bool) -> str:
    """The completion function, in the subset of bash that zsh's bashcompinit also runs."""
    steps, values, per_node = [], [], []
    for node in tree:
        for command in node.commands:
            child = f"{node.key}_{command}" if node.key else command
            steps.append(f'            "{node.key}:{command}") node={child} ;;')
        for option, choices in node.choices.items():
            values.append(
                f'        "{node.key}:{option}") _backprop_tutor_add -W {_words(choices)}'
            )
            values.append("            return ;;")
        for option in node.path_options:
            values.append(f'        "{node.key}:{option}") _backprop_tutor_add -f; return ;;')
        for option in node.value_options:
            values.append(f'        "{node.key}:{option}") return ;;')
        files = 1 if node.files or (top_files and not node.key) else 0
        per_node.append(
            f'        "{node.key}") options={_words(node.options)}; '
            f"commands={_words(node.commands)}; files={files} ;;"
        )
    return "\n".join(
        [
            f"{FUNCTION}_add() {{",
            "    local line",
            '    while IFS= read -r line; do [ -n "$line" ] && COMPREPLY+=("$line"); done \\',
            '        < <(compgen "$@" -- "$cur")',
            "}",
            "",
            f"{FUNCTION}() {{",
            '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="" node="" i',
            "    local options commands files",
            "    COMPREPLY=()",
            '    [ "$COMP_CWORD" -gt 1 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"',
            "    for (( i = 1; i < COMP_CWORD; i++ )); do",
            '        case "$node:${COMP_WORDS[i]}" in',
            *steps,
            "        esac",
            "    done",
            '    case "$node:$prev" in',
            *values,
            "    esac",
            '    case "$node" in',
            *per_node,
            "    esac",
            '    if [[ "$cur" == -* ]]; then',
            f'        {FUNCTION}_add -W "$options"',
            "        return",
            "    fi",
            f'    {FUNCTION}_add -W "$commands"',
            '    if [ "$files" = 1 ]; then',
            "        compopt -o filenames 2>/dev/null",
            f"        {FUNCTION}_add -f",
            "    fi",
            "}",
        ]
    )


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for `shell` ("bash" or "zsh"), to be sourced by that shell."""
    function = bash_function(list(nodes(parser)), top_files=True)
    if shell == "bash":
        return (
            f"# bash completion for {PROGRAM} (generated by `{PROGRAM} completion bash`).\n"
            f"# Use: source <({PROGRAM} completion bash)   (e.g. in ~/.bashrc)\n"
            f"{function}\n"
            f"complete -F {FUNCTION} {PROGRAM}\n"
        )
    return (
        f"# zsh completion for {PROGRAM} (generated by `{PROGRAM} completion zsh`).\n"
        f"# Use, in ~/.zshrc after `autoload -U compinit && compinit`:\n"
        f"#     source <({PROGRAM} completion zsh)\n"
        "autoload -U +X bashcompinit && bashcompinit\n"
        f"{function}\n"
        f"complete -F {FUNCTION} {PROGRAM}\n"
    )
