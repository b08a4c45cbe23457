# portplan: a C17 library (lib/) with a thin CLI (src/) on top.
#
#   make                 build build/portplan
#   make test            build and run every test (unit, catalog, CLI)
#   make SANITIZE=address,undefined test    the same under ASan and UBSan
#   make CC=clang test   the same with clang
#   make bench           catalog and query benchmark
#
# The catalog (catalog/*.yaml) is validated and compiled into C by
# tools/gen-catalog at build time; CATALOG= and TESTS= narrow both to a subset
# while a catalog file is being written.

CC ?= cc
CFLAGS ?= -O2 -g
STD = -std=c17
WARN = -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wshadow \
       -Wformat=2 -Wvla -Wpointer-arith
CPPFLAGS += -Iinclude -Ilib -D_POSIX_C_SOURCE=200809L
LDLIBS = -lyaml -ljansson
SEEDS ?= ../shared/seeds

ifneq ($(SANITIZE),)
BUILD ?= build-san
CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
else
BUILD ?= build
endif

ALL_CFLAGS = $(STD) $(WARN) $(CFLAGS) $(CPPFLAGS)

CATALOG ?= catalog/products.yaml $(sort $(wildcard catalog/0*.yaml))
LIB_SRCS := $(sort $(wildcard lib/*/*.c))
CLI_SRCS := $(sort $(wildcard src/*.c))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/catalog.gen.o $(BUILD)/emitters.gen.o \
	    $(BUILD)/protos.gen.o
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/%.o)

UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(sort $(wildcard tests/unit/test_*.c)))
PROBE_TESTS := $(patsubst tests/probe/%.c,$(BUILD)/tests/probe/%,$(sort $(wildcard tests/probe/test_*.c)))
EMIT_TESTS := $(patsubst tests/emit/%.c,$(BUILD)/tests/emit/%,$(sort $(wildcard tests/emit/test_*.c)))
TESTS ?= $(sort $(wildcard tests/catalog/test_*.c))
CATALOG_TESTS := $(patsubst tests/catalog/%.c,$(BUILD)/tests/catalog/%,$(TESTS))

.PHONY: all fuzz FORCE test test-probe test-gen test-unit test-catalog test-deploy test-emit test-cli bench clean docs
.DELETE_ON_ERROR:

all: $(BUILD)/portplan

# --- catalog generation ---------------------------------------------------
# The generator is a build tool: built without sanitizers so its run is quick.
$(BUILD)/gen-catalog: tools/gen-catalog.c include/portplan/catalog.h
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARN) -O1 -g $(CPPFLAGS) -o $@ $< -lyaml

$(BUILD)/catalog.gen.c: $(BUILD)/gen-catalog $(CATALOG)
	$(BUILD)/gen-catalog $(if $(wildcard $(SEEDS)),-s $(SEEDS)) -o $@ $(CATALOG)

# The emitter table lists every `const struct pp_emitter pp_emit_*` in
# lib/emit/, so adding an emitter is adding its file.
EMIT_SRCS := $(sort $(wildcard lib/emit/*.c))
$(BUILD)/emitters.gen.c: $(EMIT_SRCS) lib/emit Makefile
	@mkdir -p $(@D)
	{ echo '/* generated from lib/emit/ by the Makefile; do not edit */'; \
	  echo '#include "portplan/emit.h"'; \
	  names=$$(sed -n 's/^const struct pp_emitter \(pp_emit_[a-z0-9_]*\) = .*/\1/p' $(EMIT_SRCS)); \
	  for n in $$names; do echo "extern const struct pp_emitter $$n;"; done; \
	  echo 'const struct pp_emitter *const pp_emitters[] = {'; \
	  for n in $$names; do echo "	&$$n,"; done; \
	  echo '	NULL,'; echo '};'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/emitters.gen.o: $(BUILD)/emitters.gen.c include/portplan/emit.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The same for probe protocols: every `const struct pp_proto pp_proto_*`.
PROTO_SRCS := $(sort $(wildcard lib/probe/*.c))
$(BUILD)/protos.gen.c: $(PROTO_SRCS) lib/probe Makefile
	@mkdir -p $(@D)
	{ echo '/* generated from lib/probe/ by the Makefile; do not edit */'; \
	  echo '#include "portplan/probe.h"'; \
	  names=$$(sed -n 's/^const struct pp_proto \(pp_proto_[a-z0-9_]*\) = .*/\1/p' $(PROTO_SRCS)); \
	  for n in $$names; do echo "extern const struct pp_proto $$n;"; done; \
	  echo 'const struct pp_proto *const pp_protos[] = {'; \
	  for n in $$names; do echo "	&$$n,"; done; \
	  echo '	NULL,'; echo '};'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/protos.gen.o: $(BUILD)/protos.gen.c include/portplan/probe.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# --- library and CLI ------------------------------------------------------
$(BUILD)/%.o: %.c $(wildcard include/portplan/*.h lib/*/*.h src/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/catalog.gen.o: $(BUILD)/catalog.gen.c include/portplan/catalog.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libportplan.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/portplan: $(CLI_OBJS) $(BUILD)/libportplan.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# --- tests ----------------------------------------------------------------
$(BUILD)/tests/%: tests/%.c $(BUILD)/libportplan.a $(wildcard tests/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libportplan.a $(LDLIBS) -lcmocka

# Each test binary runs on its own; the runner prints one summary line.
# PP_WRAP runs test binaries and the CLI under a wrapper (valgrind).
export PP_WRAP
test-unit: $(UNIT_TESTS)
	@tests/run-binaries.sh unit $(UNIT_TESTS)

test-catalog: $(CATALOG_TESTS)
	@tests/run-binaries.sh catalog $(CATALOG_TESTS)

test-cli: $(BUILD)/portplan
	@tests/cli/run.sh $(BUILD)/portplan
	@tests/cli/plan.sh $(BUILD)/portplan

test-deploy: $(BUILD)/portplan
	@tests/deploy/run.sh $(BUILD)/portplan

$(BUILD)/tests/emit/fixture-emit: tests/emit/fixture_emit.c tests/emit/fixture.h $(BUILD)/libportplan.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libportplan.a $(LDLIBS)

$(BUILD)/tests/probe/proto-drive: tests/probe/proto_drive.c $(BUILD)/libportplan.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libportplan.a $(LDLIBS)

# Emitters: cmocka tests, then each output handed to its real consumer.
test-emit: $(EMIT_TESTS) $(BUILD)/tests/emit/fixture-emit
	@tests/run-binaries.sh emit-unit $(EMIT_TESTS)
	@tests/emit/run.sh $(BUILD)

# Probes: the engine against local sockets, every protocol's selftest.
test-probe: $(PROBE_TESTS)
	@tests/run-binaries.sh probe-unit $(PROBE_TESTS)

test-gen: $(BUILD)/gen-catalog
	@tests/gen/run.sh $(BUILD)/gen-catalog

test: test-gen test-unit test-catalog test-deploy test-emit test-probe test-cli

# --- fuzzing ----------------------------------------------------------------
# make fuzz: libFuzzer targets for every parser of untrusted input, built
# with clang, ASan and UBSan in build-fuzz/, each run FUZZ_SECONDS.
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build-fuzz/tests/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all

build-fuzz/tests/fuzz/%: tests/fuzz/%.c FORCE
	@$(MAKE) -s BUILD=build-fuzz CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_FLAGS)" \
		LDFLAGS="$(FUZZ_FLAGS)" build-fuzz/libportplan.a
	@mkdir -p $(@D)
	clang $(STD) $(WARN) -O1 -g $(CPPFLAGS) -fsanitize=fuzzer $(FUZZ_FLAGS) -o $@ $< \
		build-fuzz/libportplan.a $(LDLIBS)

fuzz: $(FUZZ_TARGETS)
	@tests/fuzz/run.sh build-fuzz

FORCE:

# --- docs and benchmarks ----------------------------------------------------
docs: docs/inconsistencies.md

docs/inconsistencies.md: $(BUILD)/portplan
	$(BUILD)/portplan inconsistencies --format markdown > $@.tmp && mv $@.tmp $@

$(BUILD)/bench/bench_query: bench/bench_query.c $(BUILD)/libportplan.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libportplan.a $(LDLIBS)

bench: $(BUILD)/bench/bench_query
	$(BUILD)/bench/bench_query

clean:
	rm -rf build build-san build-*
