# The two commands the README promises: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package
PACKAGE := dist/coventry-inspect/coventry-inspect

.PHONY: run test checks lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@scripts/ensure-desktop-libraries.sh
	$(BIN)/coventry-inspect

# The system tools first (installed where this user may, else the one command to run), so a fresh
# machine stops at once instead of failing tests halfway; then .venv, the package when its sources
# changed (tests/test_built_package.py runs it), then the checks.
test:
	@PYTHON="$(PYTHON)" scripts/ensure-test-tools.sh
	@$(MAKE) --no-print-directory checks

checks: $(STAMP) $(PACKAGE)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist build

# A one-folder application in dist/coventry-inspect/ (packaging/README.md), rebuilt only when
# what goes into it changed.
.PHONY: package
PACKAGED := pyproject.toml packaging/coventry-inspect.spec \
	$(shell find coventry_inspect resources -type f -not -name '*.pyc')

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	touch $(PACKAGE_STAMP)

package:
	@PYTHON="$(PYTHON)" scripts/ensure-test-tools.sh
	@$(MAKE) --no-print-directory $(PACKAGE)

$(PACKAGE): $(PACKAGE_STAMP) $(PACKAGED)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/coventry-inspect.spec
	touch $(PACKAGE)
