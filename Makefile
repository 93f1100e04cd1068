# The README's two commands: `make demo` and `make test`. Everything else is for developers.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := prometheus prometheus-alertmanager postgresql chromium

.PHONY: demo demo-smartspec test lint bench sysdeps install install-test clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/pulse run config.yaml --date 2026-11-19
	@echo "Reports: _bmad-output/vortex-artifacts/ (HC5, Max's brief) and .spec/reports/production-monitoring/ (JSON, HTML)"

# SmartSpec production monitor on examples/smartspec (offline); exit 3 = unhealthy, as expected
demo-smartspec: install
	cd examples/smartspec && ../../$(BIN)/pulse smartspec --spec-id spec-core-001-authentication --run-once || [ $$? -eq 3 ]

# Debian packages the integration tests start (real Prometheus, Alertmanager, Postgres)
# and the headless browser that renders the HTML report.
# Installed only when running as root with apt and only when missing.
sysdeps:
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  missing=""; \
	  command -v promtool >/dev/null || missing="$$missing prometheus"; \
	  command -v prometheus-alertmanager >/dev/null || missing="$$missing prometheus-alertmanager"; \
	  [ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	  command -v chromium >/dev/null || missing="$$missing chromium"; \
	  if [ -n "$$missing" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi; \
	else echo "sysdeps: not root or no apt-get; tests needing $(SYSTEM_PACKAGES) will skip"; fi

# pytest exits 5 when it collects nothing; that is not a pass.
test: sysdeps install-test
	$(BIN)/python -m pytest -q -p no:cacheprovider

# mypy reads the installed names (vortex_pulse.<floor>) from a link tree, not the editable finder.
FLOORS := core contracts signals report agents graphs pulse prompts
TYPECHECK := build/typecheck/vortex_pulse

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	rm -rf $(TYPECHECK) && mkdir -p $(TYPECHECK)
	for f in $(FLOORS); do ln -s ../../../$$f $(TYPECHECK)/$$f; done
	$(BIN)/mypy -p vortex_pulse

bench: install-test
	$(BIN)/python -m benchmarks.run_all

clean:
	rm -rf $(VENV) .pulse _bmad-output .spec build *.egg-info
