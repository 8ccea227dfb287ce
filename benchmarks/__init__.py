"""On-demand benchmarks of backprop-tutor in a real terminal: `python benchmarks/run.py`."""
