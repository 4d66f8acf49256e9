# make site  – build the website into site/, redoing only what changed since the last build
#              (ENGINE=zensical builds with Zensical; FULL=1 starts from nothing)
# make test  – run the test suite (needs Debian's chromium for the browser tests)
# make serve – live preview on http://127.0.0.1:8000/plan-handbook/
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
ENGINE ?= mkdocs
FULL   ?=

.PHONY: site test serve check export bench clean

$(VENV)/.site: requirements.txt
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { [ "$$(id -u)" = 0 ] && \
	  { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; }; } || \
	  { echo "Python's venv module is missing: apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.zensical: $(VENV)/.site requirements-zensical.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	touch $@

$(VENV)/.test: $(VENV)/.zensical requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

site: $(VENV)/.site $(if $(filter zensical,$(ENGINE)),$(VENV)/.zensical)
	$(PY) -m generator build --engine $(ENGINE) $(if $(FULL),--full)

test: $(VENV)/.test
	$(PY) -m pytest

serve: $(VENV)/.site
	$(PY) -m generator serve

check: $(VENV)/.site
	$(PY) -m generator check

export: $(VENV)/.site
	$(PY) -m generator export -o handbook.json

clean:
	rm -rf build site .cache

bench: $(VENV)/.test
	$(PY) -m bench --sizes 10 100 1000
