.PHONY: check check-fast lint test test-fast format bench screenshot

check:  ## lint, types and tests (what CI runs)
	scripts/check

check-fast:  ## lint, types and the fast tests
	scripts/check -m "not slow"

lint:
	python -m ruff check .
	python -m ruff format --check .
	python -m mypy

test:
	python -m pytest

test-fast:
	python -m pytest -m "not slow"

format:
	python -m ruff format .
	python -m ruff check --fix .

bench:
	python benchmarks/run.py

screenshot:  ## the README's screenshot (docs/images/neuron.svg)
	python scripts/screenshot.py
