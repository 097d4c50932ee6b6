# Makefile — a thin wrapper around CMake for those who type `make`.
BUILD ?= build
.PHONY: all test demo mpi clean
all:
	cmake -S . -B $(BUILD) -DPARKSIM_WERROR=ON
	cmake --build $(BUILD) -j
test: all
	ctest --test-dir $(BUILD) --output-on-failure -j2
demo:
	bash .ci/demo
clean:
	rm -rf $(BUILD)
