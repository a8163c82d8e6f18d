# memoria — the two commands a newcomer needs:
#   make run    install into .venv and serve the demo exhibition on http://127.0.0.1:8000/ (PORT=…)
#   make test   install with the test tools and run the whole suite (SQLite; PostgreSQL too
#               when MEMORIA_TEST_POSTGRES_URL is set, e.g. postgres://postgres@127.0.0.1:5432/postgres;
#               and the read-replica tests when MEMORIA_TEST_REPLICA_URL names a hot standby of it,
#               as ./scripts/start-replica prints); the object-storage tests run on every leg when
#               MEMORIA_TEST_S3_ENDPOINT_URL names an S3 server: eval "$(./scripts/start-s3)" first;
#               the job-queue tests start real workers when MEMORIA_TEST_BROKER_URL names a broker,
#               e.g. amqp://guest:guest@127.0.0.1:5672// (RabbitMQ)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test install messages clean bench bench-names-scale bench-extract bench-duplicates bench-duplicates-scale bench-scale

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
	./scripts/ensure-chromium
	$(BIN)/pytest -n 2 -q
	@set -e; if [ -n "$$MEMORIA_TEST_POSTGRES_URL" ]; then \
		echo "--- the same suite on PostgreSQL ---"; \
		DATABASE_URL="$$MEMORIA_TEST_POSTGRES_URL" $(BIN)/pytest -n 2 -q; \
		if [ -n "$$MEMORIA_TEST_REPLICA_URL" ]; then \
			echo "--- the read-replica tests against the hot standby ---"; \
			DATABASE_URL="$$MEMORIA_TEST_POSTGRES_URL" DATABASE_REPLICA_URLS="$$MEMORIA_TEST_REPLICA_URL" \
				$(BIN)/pytest -n 2 -q tests/scaling; \
		fi; \
	fi

clean:
	rm -rf $(VENV) memoria-data

# Benchmarks (not part of the tests): figures go to bench/results/.
# `memoria bench`: pages against the static file (wrk, Debian's package), a curator's save under 32
# readers, both searches against the raw engine query, the index load and the import, on a throwaway
# archive of BENCH_SIZE SYNTHETIC people; writes bench/results/bench.json and docs/PERFORMANCE.md.
# The dev set is ../shared/names/dev.tsv, beside the repository.
BENCH_SIZE ?= 10000
BENCH_SECONDS ?= 10
bench: install
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@command -v wrk >/dev/null || { echo "memoria bench needs wrk: apt-get install wrk"; exit 1; }
	mkdir -p bench/results
	$(BIN)/memoria bench --size $(BENCH_SIZE) --seconds $(BENCH_SECONDS) --out-dir bench/results
	$(BIN)/memoria names-bench --dataset ../shared/names/dev.tsv --json > bench/results/names-dev.json
	$(BIN)/memoria names-bench --dataset data/names/whole-names.tsv --json > bench/results/names-whole.json
	@echo "figures in bench/results/"

# The name search at scale: 1,000,000 SYNTHETIC people in a throwaway SQLite archive (~20 min).
# Text extraction on the annotated development set (data/texts/, see its README.md).
bench-extract: install
	mkdir -p bench/results
	$(BIN)/memoria extract-bench --dataset data/texts --json > bench/results/extract-dev.json
	@echo "figures in bench/results/extract-dev.json"

bench-names-scale: install
	$(BIN)/pip install --quiet -e '.[test,bench]'
	mkdir -p bench/results
	$(BIN)/memoria generate-names synthetic 1000000 /tmp/memoria-synthetic-1m.tsv
	rm -rf /tmp/memoria-names-scale
	MEMORIA_DATA_DIR=/tmp/memoria-names-scale $(BIN)/memoria migrate --verbosity 0
	MEMORIA_DATA_DIR=/tmp/memoria-names-scale $(BIN)/memoria names-scale-bench \
		--dataset /tmp/memoria-synthetic-1m.tsv --out bench/results/names-scale-1m.json

# Duplicate finding: precision, recall and time on SYNTHETIC records built from the dev set,
# and on held-out names (5 folds: the threshold tuned on 4 parts' names, measured on the 5th's).
bench-duplicates: install
	mkdir -p bench/results
	$(BIN)/memoria duplicates-bench --dataset ../shared/names/dev.tsv --folds 5 --out bench/results/duplicates.json

# The same over the database: SCALE SYNTHETIC records in a throwaway SQLite archive, then the
# whole-archive run of `memoria duplicates` timed (the loader writes in bulk: 100,000 records
# in 13-15 s of CPU, 30-43 s wall at load 6; --loaded times the run again over an archive
# loaded before).
SCALE ?= 100000
bench-duplicates-scale: install
	mkdir -p bench/results
	rm -rf /tmp/memoria-duplicates-scale
	MEMORIA_DATA_DIR=/tmp/memoria-duplicates-scale $(BIN)/memoria migrate --verbosity 0
	MEMORIA_DATA_DIR=/tmp/memoria-duplicates-scale $(BIN)/memoria duplicates-bench \
		--dataset ../shared/names/dev.tsv --scale $(SCALE) --out bench/results/duplicates-scale-$(SCALE).json

# Name search and full-text search over PEOPLE SYNTHETIC people on PostgreSQL, in the throwaway
# database memoria_scale_<PEOPLE> on 127.0.0.1:5432 (dropped first and at the end): load with COPY,
# index build through memoria reindex / reindex-names, p50/p95 (docs/SCALING.md; 10,000,000: hours).
PEOPLE ?= 1000000
bench-scale: install
	mkdir -p bench/results
	nice -n 10 $(BIN)/memoria scale-bench --people $(PEOPLE) --dev ../shared/names/dev.tsv \
		--out bench/results/scale-postgresql-$(PEOPLE).json $(SCALE_FLAGS)
