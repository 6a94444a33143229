# Molten: the two commands that set up a fresh Debian 12 machine.
#   make demo   installs, builds, and runs molten on the bundled examples
#   make test   installs, builds, and runs every test
#   make test-sanitize   the same tests, every target built with ASan and UBSan
#                        (in build-sanitize/; docs/testing.md)
BUILD ?= build
LLVM_DIR ?= /usr/lib/llvm-22
CMAKE_FLAGS ?=
SANITIZE_BUILD ?= build-sanitize
# -g1: line tables, for file:line in the sanitizers' reports.
SANITIZE_CMAKE_FLAGS = -DMOLTEN_SANITIZE=address,undefined \
  -DCMAKE_C_FLAGS=-g1 -DCMAKE_CXX_FLAGS=-g1

.PHONY: all deps configure build test test-sanitize demo docs format install clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: CMakeLists.txt
	@$(MAKE) --no-print-directory deps
	cmake -G Ninja -S . -B $(BUILD) \
	  -DCMAKE_BUILD_TYPE=Release \
	  -DMLIR_DIR=$(LLVM_DIR)/lib/cmake/mlir \
	  -DMLIR_LINK_MLIR_DYLIB=ON \
	  -DLLVM_EXTERNAL_LIT=$(LLVM_DIR)/bin/lit \
	  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
	  $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: deps configure
	ninja -C $(BUILD)

# PyTorch for molten.fx's tests (scripts/install-torch.sh says why from PyPI).
test: build
	@scripts/install-torch.sh
	ninja -C $(BUILD) check-molten

# Its own build directory, so the normal build is left as it is.
test-sanitize:
	@$(MAKE) --no-print-directory test BUILD=$(SANITIZE_BUILD) \
	  CMAKE_FLAGS="$(SANITIZE_CMAKE_FLAGS) $(CMAKE_FLAGS)"

demo: build
	@scripts/demo.sh $(BUILD)

# Regenerates the committed dialect and pass reference under docs/.
docs: build
	ninja -C $(BUILD) molten-docs

# clang-format over the C++ sources (make test checks them).
format:
	@scripts/format.sh

install: build
	cmake --install $(BUILD) --prefix $(or $(PREFIX),/usr/local)

clean:
	rm -rf $(BUILD)
