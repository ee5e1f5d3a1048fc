# ggzy — make demo | make test | make lint | make bench | make run
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export GGZY_VAR_DIR ?= $(CURDIR)/var

.PHONY: venv demo run test lint bench clean

$(BIN)/ggzy: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/ggzy

venv: $(BIN)/ggzy

demo: venv
	mkdir -p var
	GGZY_INSECURE_HTTP=1 $(BIN)/ggzy migrate --noinput
	GGZY_INSECURE_HTTP=1 $(BIN)/ggzy seed-demo
	@echo "worker (deadlines, audit sealing) runs alongside the web server; Ctrl-C stops both"
	GGZY_INSECURE_HTTP=1 $(BIN)/ggzy worker & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	GGZY_INSECURE_HTTP=1 PORT=$(PORT) $(BIN)/ggzy serve --port $(PORT)

run: venv
	GGZY_INSECURE_HTTP=1 $(BIN)/ggzy migrate --noinput
	GGZY_INSECURE_HTTP=1 PORT=$(PORT) $(BIN)/ggzy serve --port $(PORT)

test: venv
	$(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ggzy makemigrations --check --dry-run

bench: venv
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var/ggzy.sqlite3*
