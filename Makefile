# The two commands the README promises: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

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
# machine stops at once instead of failing tests halfway; then .venv, then the checks.
test:
	@PYTHON="$(PYTHON)" scripts/ensure-test-tools.sh
	@$(MAKE) --no-print-directory checks

checks: $(STAMP)
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
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# A one-folder application in dist/coventry-inspect/ (packaging/README.md).
.PHONY: package build-package
PACKAGE_STAMP := $(VENV)/.installed-package

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[package]'
	touch $(PACKAGE_STAMP)

# The system tools first, as for `make test`: on a fresh machine CI builds the package before testing.
package:
	@PYTHON="$(PYTHON)" scripts/ensure-test-tools.sh
	@$(MAKE) --no-print-directory build-package

build-package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/coventry-inspect.spec
