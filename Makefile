# minidl: build the book, run the tests. Every target sets up .venv by itself when it is
# missing or when pyproject.toml changed since it was installed.

PYTHON     ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
STAMP      := $(VENV)/.installed
BUILDDIR   := _build
SPHINXOPTS ?= -W --keep-going -n
SPHINX     := $(PY) -m sphinx -c . docs

# Kernels and matplotlib keep their caches in the project, not in $HOME.
export MPLCONFIGDIR := $(CURDIR)/.cache/matplotlib
export IPYTHONDIR   := $(CURDIR)/.cache/ipython
# A forced backend makes figures vanish from executed pages.
unexport MPLBACKEND

.PHONY: help html gettext translations test doctest clean distclean serve bench linkcheck venv

help:
	@echo "make html       build the book into $(BUILDDIR)/html, the Korean edition into"
	@echo "                $(BUILDDIR)/html/ko (pages executed once, cached)"
	@echo "make translations  update docs/locales/ko from the English text (then translate)"
	@echo "make test       unit tests, doctests, every page executed, the book built with -W"
	@echo "make doctest    only the examples in minidl's docstrings"
	@echo "make serve      live-reloading local server for the book"
	@echo "make bench      run the speed comparisons in benchmarks/"
	@echo "make linkcheck  check external links (the only target that uses the network)"
	@echo "make clean      remove the build (keeps the execution cache and .venv)"
	@echo "make distclean  also remove .venv, the execution cache and local caches"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[docs,test]"
	@mkdir -p .cache
	@touch $@

# English at the root; then the same sources and execution cache with language=ko, built
# beside it (its own doctrees, so the editions never mix) and copied under html/ko.
html: $(STAMP)
	$(SPHINX) $(BUILDDIR)/html $(SPHINXOPTS)
	$(SPHINX) $(BUILDDIR)/html-ko $(SPHINXOPTS) -D language=ko -d $(BUILDDIR)/doctrees-ko
	@rm -rf $(BUILDDIR)/html/ko && cp -r $(BUILDDIR)/html-ko $(BUILDDIR)/html/ko
	@echo "The book is in $(BUILDDIR)/html/index.html, the Korean edition in $(BUILDDIR)/html/ko/"

# Translation workflow: extract the English messages, then merge them into the Korean
# catalogues (new messages arrive empty, changed ones fuzzy; `make test` fails until every
# message is translated).
gettext: $(STAMP)
	$(SPHINX) $(BUILDDIR)/gettext -b gettext -D nb_execution_mode=off -q

translations: gettext
	$(VENV)/bin/sphinx-intl update -p $(BUILDDIR)/gettext -d docs/locales -l ko -w 0 --no-obsolete

test: $(STAMP)
	$(PY) -m pytest

doctest: $(STAMP)
	$(PY) -m pytest --doctest-modules minidl -q

serve: $(STAMP)
	$(PY) -m sphinx_autobuild -c . docs $(BUILDDIR)/html $(SPHINXOPTS) --watch minidl

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do \
		echo "== $$script"; $(PY) $$script || exit 1; done

linkcheck: $(STAMP)
	$(SPHINX) $(BUILDDIR)/linkcheck -b linkcheck -n

clean:
	rm -rf $(BUILDDIR)

distclean: clean
	rm -rf $(VENV) .jupyter_cache .cache .pytest_cache .hypothesis
