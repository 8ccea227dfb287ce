"""`backprop-tutor class`: the teacher's view of who is where.

- :mod:`tutor.classroom.cli`: the command (`--json`, `--csv`, or the live screen).
- :mod:`tutor.classroom.app`: the live screen, a small Textual app of its own.

The data come from :mod:`tutor.progress.classview` (pure, read-only).
"""
