# memoria — the two commands a newcomer needs:
#   make run    install into .venv and serve the demo exhibition on http://127.0.0.1:8000/ (PORT=…)
#   make test   install with the test tools and run the whole suite (SQLite; PostgreSQL too
#               when MEMORIA_TEST_POSTGRES_URL is set, e.g. postgres://postgres@127.0.0.1:5432/postgres)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test install messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed messages

# Compiled message catalogues (.mo) are build products, made from the .po files.
messages: $(VENV)/.installed
	$(BIN)/memoria compilemessages --ignore '.venv' --ignore 'memoria-data' --verbosity 0

run: install
	$(BIN)/memoria serve

test: install
	$(BIN)/pytest -n 2 -q
	@if [ -n "$$MEMORIA_TEST_POSTGRES_URL" ]; then \
		echo "--- the same suite on PostgreSQL ---"; \
		DATABASE_URL="$$MEMORIA_TEST_POSTGRES_URL" $(BIN)/pytest -n 2 -q; \
	fi

clean:
	rm -rf $(VENV) memoria-data
