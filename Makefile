VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
NARRATIVE := $(VENV)/bin/narrative
SAMPLE ?= corpora/records/scored.jsonl
OUT ?= out

.PHONY: run test bench model chromium clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	touch $@

# Debian's Chromium for the review report's end-to-end test (no browser download from a hub).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

run: $(VENV)/.installed
	mkdir -p $(OUT)
	$(NARRATIVE) score $(SAMPLE) -o $(OUT)/scored.jsonl --review $(OUT)/review.html
	@echo "wrote $(OUT)/scored.jsonl and $(OUT)/review.html"

test: $(VENV)/.installed chromium
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) benchmarks/bench_score.py

model: $(VENV)/.installed
	$(PY) training/build_default_model.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
