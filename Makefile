.PHONY: check lint test format bench

check:  ## lint, types and tests (what CI runs)
	scripts/check

lint:
	python -m ruff check .
	python -m ruff format --check .
	python -m mypy

test:
	python -m pytest

format:
	python -m ruff format .
	python -m ruff check --fix .

bench:
	python benchmarks/run.py
