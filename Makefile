# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi

.PHONY: install run test test-pg bench translations demo clean

install: $(STAMP) translations

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

translations: $(STAMP)
	@for d in web/translations web/mail/translations; do \
	  if [ -d $$d ]; then $(BIN)/pybabel -q compile --use-fuzzy -d $$d || exit 1; fi; \
	done

# The matching worker and the mail sender (console backend unless MAIL_SERVER
# is set) run beside the web server and stop with it.
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	@$(BIN)/flask jobs worker & jobs=$$!; \
	$(BIN)/flask mail worker & mail=$$!; \
	trap 'kill $$jobs $$mail 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --config web/gunicorn.conf.py wsgi:app

test: install
	$(BIN)/ruff check .
	$(BIN)/pytest -q

test-pg: install
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://root@127.0.0.1:5432/test} $(BIN)/pytest -q tests/web tests/api

bench: install
	$(BIN)/python -m bench.engine_quality
	$(BIN)/python -m bench.optimizer_quality
	$(BIN)/python -m bench.engine_speed
	$(BIN)/python -m bench.engine_bound
	$(BIN)/python -m bench.engine_dayof
	$(BIN)/python -m bench.reader_speed
	$(BIN)/python -m bench.profile_phase
	$(BIN)/python -m bench.web_upload
	$(BIN)/python -m bench.web_pages
	$(BIN)/python -m bench.web_polling
	$(BIN)/python -m bench.mail_throughput

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
