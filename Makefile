# Two commands for a newcomer: `make demo` runs Antre, `make test` checks it.
# Both create ./.venv on first use; only python3 (with venv) and make are needed.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo serve test lint screens bench clean

$(BIN)/antre: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[test]'
	@# pyscard has no Linux wheel: it builds only where swig and libpcsclite-dev are.
	@# Without it the PC/SC reader tests are skipped with the reason (CI installs both).
	$(BIN)/pip install --quiet --editable '.[pcsc]' || echo "pyscard not built (apt-get install swig libpcsclite-dev python3-dev): PC/SC tests will be skipped"
	touch $@

demo: $(BIN)/antre
	$(BIN)/antre demo

serve: $(BIN)/antre
	$(BIN)/antre serve

lint: $(BIN)/antre
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

screens: $(BIN)/antre
	$(BIN)/python scripts/render_screens.py
	$(BIN)/python scripts/render_tickets.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/render_counter_screens.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/render_kiosk_screens.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/render_board_screens.py
	$(BIN)/python scripts/render_booking_screens.py

bench: $(BIN)/antre
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache *.egg-info
