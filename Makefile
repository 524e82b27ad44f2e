# Front door. `make help` lists the targets; scripts/*/--help explain each.
SHELL := /bin/bash
S := scripts
# The test VM has two NUMA nodes and four vCPUs unless VM_ARGS says
# otherwise: the migration selftest needs two nodes and three CPUs.
VM_ARGS ?= --numa --cpus 4

# Targets share build/obj and the VM job directory: never run them in parallel.
.NOTPARALLEL:
export CMD

.PHONY: help deps base apply export config kernel selftests vm run test check \
	baseline bench clean runner-faults steps-apply steps-run steps-test steps-check steps-baseline

# The steps of one target run under one lock on build/ (scripts/with-lock):
# a second pipeline run on the same build/ is refused at once instead of
# interleaving its steps with this one. steps-X is the body of target X.
STEPS = +@$(S)/with-lock $(MAKE) --no-print-directory steps-$@

help:
	@echo "make run        apply the series, build, boot, run the series' tests"
	@echo "make test       what CI runs: deps, check, build, all tests in the VM"
	@echo "make check      static checks: series, checkpatch, bisect builds, shellcheck"
	@echo "make deps [FOR=run|check|bench]  install missing Debian packages (as root)"
	@echo "make base       create build/linux with the base tree (tag base)"
	@echo "make apply      (re)create the series branch from series + patches/"
	@echo "make export     regenerate patches/ + series from the branch"
	@echo "make kernel     build the test kernel (build/obj)"
	@echo "make selftests  build the mm kselftests (build/kselftest/mm)"
	@echo "make vm CMD='...'    run a command in the test VM"
	@echo "make tests [SET=regression|series] [ONLY=name]  run the plan in the VM"
	@echo "make baseline   run the regression set on the unpatched base"
	@echo "make runner-faults  hangs, signals, a second run, stale builds: the runner's own test"
	@echo "make bench [RUNS=N] [QUICK=1]  base vs patched, results in Documentation/benchmarks.md"
	@echo "Variables: KERNEL_TREE=/path [KERNEL_BASE=rev] use another tree;"
	@echo "  FORCE=1 apply over un-exported commits; VM_ARGS='--numa ...'"

deps:
	@$(S)/deps $(FOR)

base:
	@$(S)/deps run
	@$(S)/base-tree

apply:
	@$(S)/deps run
	$(STEPS)
steps-apply:
	@$(S)/base-tree
	@$(S)/apply-series $(if $(FORCE),--force)

export:
	@$(S)/export-series $(if $(FORCE),--force)

kernel:
	@$(S)/build-kernel

selftests:
	@$(S)/build-selftests

vm:
	@$(S)/vm-run $(VM_ARGS) -- "$$CMD"

tests:
	@$(S)/run-tests $(VM_ARGS) $(if $(SET),--set $(SET)) $(if $(ONLY),--only $(ONLY))

run:
	@$(S)/deps run
	$(STEPS)
steps-run: steps-apply
	@$(S)/build-kernel
	@$(S)/build-selftests
	@$(S)/run-tests $(VM_ARGS) --set series

test:
	@$(S)/deps all
	$(STEPS)
steps-test:
	@$(S)/check --matrix tip
	@$(S)/apply-series $(if $(FORCE),--force)
	@$(S)/build-kernel
	@$(S)/build-selftests
	@$(S)/run-tests $(VM_ARGS)

check:
	@$(S)/deps run
	@$(S)/deps check
	$(STEPS)
steps-check:
	@$(S)/base-tree
	@$(S)/check

bench:
	@$(S)/deps bench
	@$(S)/bench $(if $(RUNS),--runs $(RUNS)) $(if $(QUICK),--quick)

baseline:
	@$(S)/deps run
	$(STEPS)
steps-baseline:
	@$(S)/base-tree
	@$(S)/baseline $(VM_ARGS)

runner-faults:
	@selftests/runner-faults

clean:
	@$(S)/with-lock rm -rf build/obj build/kselftest build/vm build/check build/logs
