# ggzy — make demo | make test | make lint | make bench | make run
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export GGZY_VAR_DIR ?= $(CURDIR)/var
# demo, run, lint, bench: a random local secret key kept in $(GGZY_VAR_DIR)/secret-key unless GGZY_SECRET_KEY
# is set (settings refuse to start without one outside GGZY_DEBUG=1). Production sets its own key.
SECRET_KEY_FILE := $(GGZY_VAR_DIR)/secret-key
DEMO_ENV = GGZY_INSECURE_HTTP=1 GGZY_SECRET_KEY="$${GGZY_SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}"

.PHONY: venv demo run test lint bench clean

$(BIN)/ggzy: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/ggzy

venv: $(BIN)/ggzy

$(SECRET_KEY_FILE):
	mkdir -p $(GGZY_VAR_DIR)
	umask 077; $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

demo: venv $(SECRET_KEY_FILE)
	mkdir -p var
	$(DEMO_ENV) $(BIN)/ggzy migrate --noinput
	$(DEMO_ENV) $(BIN)/ggzy seed-demo
	@echo "worker (deadlines, audit sealing) runs alongside the web server; Ctrl-C stops both"
	$(DEMO_ENV) $(BIN)/ggzy worker & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(DEMO_ENV) PORT=$(PORT) $(BIN)/ggzy serve --port $(PORT)

run: venv $(SECRET_KEY_FILE)
	$(DEMO_ENV) $(BIN)/ggzy migrate --noinput
	$(DEMO_ENV) PORT=$(PORT) $(BIN)/ggzy serve --port $(PORT)

# The suite runs in parallel (pytest-xdist): one process per core, each with its own test database
# (test_<name>_gw0, …); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: venv
	$(BIN)/pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: venv $(SECRET_KEY_FILE)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --config .importlinter --no-cache
	$(DEMO_ENV) $(BIN)/ggzy makemigrations --check --dry-run

bench: venv $(SECRET_KEY_FILE)
	$(DEMO_ENV) $(BIN)/python -m bench

clean:
	rm -rf $(VENV) var/ggzy.sqlite3*
