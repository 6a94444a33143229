//===- runtime_test.cpp - Tests of libmolten_runtime without a GPU --------===//
//
// molten-runtime-test <group> [args]: runs one group of self-checking tests
// of the runtime's C API against the fake driver (MOLTEN_LIBCUDA must name
// libmolten_fake_cuda.so for the groups that reach the driver). Every check
// that fails prints "FAILED: ..." and makes the exit status 1; every error
// the runtime reports is printed as "[case] STATUS: message" for FileCheck.
//
// Groups: no-driver, no-symbols, bad-bundle, arguments, launch,
// launch-no-ex, driver-errors, tensor-maps, tensor-maps-old-driver,
// jit, run-file <bundle> <function> <shape>... (shapes
// like 8x4096; "scalar" for rank 0).
//
//===----------------------------------------------------------------------===//

#include "Molten/Runtime/molten_runtime.h"

#include "fake_cuda.h"

#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

int numChecks = 0;
int numFailures = 0;

bool check(bool ok, const char *what, int line) {
  ++numChecks;
  if (!ok) {
    ++numFailures;
    printf("FAILED: %s (runtime_test.cpp:%d)\n", what, line);
    fflush(stdout);
  }
  return ok;
}
#define CHECK(cond) check((cond), #cond, __LINE__)

bool contains(const std::string &s, const std::string &part) {
  return s.find(part) != std::string::npos;
}

// Prints the status and message of a call that must fail, and checks both.
void expectError(const char *name, molten_status got, molten_status want,
                 const std::vector<std::string> &parts, int line) {
  std::string message = molten_last_error();
  printf("[%s] %s: %s\n", name, molten_status_name(got), message.c_str());
  fflush(stdout);
  check(got == want,
        (std::string(name) + ": status is " + molten_status_name(want)).c_str(),
        line);
  for (const std::string &part : parts)
    check(contains(message, part),
          (std::string(name) + ": message contains '" + part + "'").c_str(),
          line);
}
#define EXPECT_ERROR(name, call, want, ...)                                    \
  expectError(name, (call), want, {__VA_ARGS__}, __LINE__)

void expectOk(const char *name, molten_status got, int line) {
  if (got != MOLTEN_OK)
    printf("[%s] unexpected %s: %s\n", name, molten_status_name(got),
           molten_last_error());
  else
    printf("[%s] ok\n", name);
  check(got == MOLTEN_OK, (std::string(name) + ": succeeds").c_str(), line);
  check(molten_last_error()[0] == '\0',
        (std::string(name) + ": no error message").c_str(), line);
}
#define EXPECT_OK(name, call) expectOk(name, (call), __LINE__)

//===----------------------------------------------------------------------===//
// The fake driver's test interface
//===----------------------------------------------------------------------===//

typedef int CUresult;

struct Fake {
  int (*count)(const char *);
  int (*launches)(void);
  const fake_launch *(*launch)(int);
  int (*liveAllocations)(void);
  int (*liveModules)(void);
  void *(*lastAllocStream)(void);
  void *(*lastFreeStream)(void);
  void (*reset)(void);
  CUresult (*ctxGetCurrent)(void **);
  CUresult (*ctxSetCurrent)(void *);
  CUresult (*primaryCtxRetain)(void **, int);
  CUresult (*init)(unsigned);
  int (*tensorMaps)(void);
  const fake_tensor_map *(*tensorMap)(int);
  int (*lastFuncAttribute)(void);
} fake;

template <typename F> void bind(void *h, const char *name, F &slot) {
  slot = reinterpret_cast<F>(dlsym(h, name));
  if (!slot) {
    fprintf(stderr, "the fake driver lacks %s\n", name);
    exit(2);
  }
}

// Opens the library MOLTEN_LIBCUDA names: the same instance the runtime gets.
void openFake() {
  const char *path = getenv("MOLTEN_LIBCUDA");
  if (!path || !*path) {
    fprintf(stderr, "set MOLTEN_LIBCUDA to libmolten_fake_cuda.so\n");
    exit(2);
  }
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    fprintf(stderr, "cannot open the fake driver: %s\n", dlerror());
    exit(2);
  }
  bind(h, "fake_cuda_count", fake.count);
  bind(h, "fake_cuda_launches", fake.launches);
  bind(h, "fake_cuda_launch", fake.launch);
  bind(h, "fake_cuda_live_allocations", fake.liveAllocations);
  bind(h, "fake_cuda_live_modules", fake.liveModules);
  bind(h, "fake_cuda_last_alloc_stream", fake.lastAllocStream);
  bind(h, "fake_cuda_last_free_stream", fake.lastFreeStream);
  bind(h, "fake_cuda_reset", fake.reset);
  bind(h, "cuCtxGetCurrent", fake.ctxGetCurrent);
  bind(h, "cuCtxSetCurrent", fake.ctxSetCurrent);
  bind(h, "cuDevicePrimaryCtxRetain", fake.primaryCtxRetain);
  bind(h, "cuInit", fake.init);
  bind(h, "fake_cuda_tensor_maps", fake.tensorMaps);
  bind(h, "fake_cuda_tensor_map", fake.tensorMap);
  bind(h, "fake_cuda_last_func_attribute", fake.lastFuncAttribute);
}

void *fakeCurrent() {
  void *ctx = nullptr;
  fake.ctxGetCurrent(&ctx);
  return ctx;
}

void *fakePrimary(int device) {
  void *ctx = nullptr;
  fake.primaryCtxRetain(&ctx, device);
  return ctx;
}

//===----------------------------------------------------------------------===//
// Bundles
//===----------------------------------------------------------------------===//

struct Entry {
  std::string name;
  int params;   // all .u64
  int maps = 0; // then CUtensorMaps, by value
};

// A PTX module with the given entries, as LLVM's NVPTX backend prints them.
std::string makePtx(const std::vector<Entry> &entries,
                    const std::string &extra = "") {
  std::string ptx = "//\n// Generated by the molten runtime tests\n//\n\n"
                    ".version 7.8\n.target sm_90\n.address_size 64\n\n";
  ptx += extra;
  for (const Entry &e : entries) {
    ptx += "\t// .globl\t" + e.name + "\n.visible .entry " + e.name + "(\n";
    for (int i = 0; i < e.params + e.maps; ++i)
      ptx += (i < e.params ? "\t.param .u64 " : "\t.param .align 64 .b8 ") +
             e.name + "_param_" + std::to_string(i) +
             (i < e.params ? "" : "[128]") +
             (i + 1 < e.params + e.maps ? ",\n" : "\n");
    ptx += ")\n{\n\tret;\n\n}\n";
  }
  return ptx;
}

std::string makeBundle(const std::string &ptx, const std::string &body,
                       const std::string &target = "sm_90") {
  return "molten-bundle 1\ntarget " + target + "\nptx " +
         std::to_string(ptx.size()) + "\n" + ptx + "\n" + body;
}

molten_bundle *loadOrDie(const std::string &text, int line) {
  molten_bundle *b = nullptr;
  molten_status s = molten_bundle_load_memory(text.data(), text.size(), &b);
  if (s != MOLTEN_OK) {
    printf("FAILED: bundle at line %d does not load: %s\n", line,
           molten_last_error());
    ++numFailures;
    exit(1);
  }
  return b;
}
#define LOAD(text) loadOrDie((text), __LINE__)

molten_status loadStatus(const std::string &text) {
  molten_bundle *b = reinterpret_cast<molten_bundle *>(0x1);
  molten_status s = molten_bundle_load_memory(text.data(), text.size(), &b);
  check(s == MOLTEN_OK || b == nullptr, "a failed load sets *bundle to NULL",
        __LINE__);
  molten_bundle_free(b);
  return s;
}

molten_tensor tensor(uintptr_t data, int dtype,
                     const std::vector<int64_t> &shape) {
  molten_tensor t;
  t.data = reinterpret_cast<void *>(data);
  t.dtype = dtype;
  t.rank = static_cast<int>(shape.size());
  t.shape = shape.empty() ? nullptr : shape.data();
  return t;
}

// Fake device addresses: the runtime never dereferences them.
constexpr uintptr_t kIn0 = 0x100000, kIn1 = 0x200000, kOut0 = 0x300000,
                    kOut1 = 0x400000;
void *const kStream = reinterpret_cast<void *>(0x5150);

//===----------------------------------------------------------------------===//
// no-driver, no-symbols
//===----------------------------------------------------------------------===//

const char *kSimpleBody = "function f inputs 1 outputs 1 symbols 1\n"
                          "buffer 0 input 0 f32 2 s0 64\n"
                          "buffer 1 output 0 f32 2 s0 64\n"
                          "kernel k0 grid cdiv s0 4 1 1 block 128 1 1 smem 0 "
                          "buffers 2 0 1 symbols 1 0\n"
                          "end\n";

int groupNoDriver(bool expectMissingSymbols) {
  // Everything that does not run works without a driver.
  molten_bundle *b = LOAD(makeBundle(makePtx({{"k0", 11}}), kSimpleBody));
  int count = 0;
  EXPECT_OK("function-count", molten_bundle_function_count(b, &count));
  CHECK(count == 1);
  std::vector<int64_t> shape = {8, 64};
  molten_tensor in = tensor(kIn0, MOLTEN_F32, shape);
  molten_tensor out = tensor(kOut0, MOLTEN_F32, shape);
  int64_t outShape[2] = {0, 0};
  EXPECT_OK("output-shape",
            molten_bundle_output_shape(b, "f", &in, 1, 0, outShape, 2));
  CHECK(outShape[0] == 8 && outShape[1] == 64);

  const char *env = getenv("MOLTEN_LIBCUDA");
  std::string path = env && *env ? env : "libcuda.so.1";
  std::vector<std::string> parts;
  if (expectMissingSymbols)
    parts = {"the CUDA driver '" + path + "' lacks cuInit", "cuLaunchKernel",
             "CUDA 11.2 or newer"};
  else
    parts = {"cannot load the CUDA driver '" + path + "'",
             "needs an NVIDIA GPU and its driver", "MOLTEN_LIBCUDA"};
  EXPECT_ERROR("driver-init", molten_driver_init(), MOLTEN_ERROR_NO_DRIVER,
               parts[0], parts[1], parts[2]);
  EXPECT_ERROR("run", molten_run(b, "f", &in, 1, &out, 1, nullptr),
               MOLTEN_ERROR_NO_DRIVER, parts[0]);
  // A failure is not remembered as success, nor does a retry crash.
  EXPECT_ERROR("prepare", molten_bundle_prepare(b), MOLTEN_ERROR_NO_DRIVER,
               parts[0]);
  // Argument errors come first: they need no driver.
  EXPECT_ERROR("run-bad-args", molten_run(b, "f", &in, 1, &out, 0, nullptr),
               MOLTEN_ERROR_ARGUMENT_MISMATCH, "expected 1 output, got 0");
  molten_bundle_free(b);
  return 0;
}

//===----------------------------------------------------------------------===//
// bad-bundle
//===----------------------------------------------------------------------===//

// Whatever bytes a bundle holds, the message that quotes them is printable
// ASCII (docs/bundle.md, "Strictness"): Python decodes it as text.
bool printableAscii(const char *s) {
  for (; *s; ++s)
    if (static_cast<unsigned char>(*s) < 0x20 ||
        static_cast<unsigned char>(*s) > 0x7e)
      return false;
  return true;
}

void badBundle(const char *name, const std::string &text,
               const std::vector<std::string> &parts, int line) {
  expectError(name, loadStatus(text), MOLTEN_ERROR_BAD_BUNDLE, parts, line);
  check(printableAscii(molten_last_error()),
        (std::string(name) + ": the message is printable ASCII").c_str(), line);
}
#define BAD(name, text, ...) badBundle(name, text, {__VA_ARGS__}, __LINE__)

std::string replace(std::string s, const std::string &from,
                    const std::string &to) {
  size_t at = s.find(from);
  if (at == std::string::npos) {
    printf("FAILED: test bug: '%s' not found\n", from.c_str());
    ++numFailures;
    return s;
  }
  return s.replace(at, from.size(), to);
}

int groupBadBundle() {
  const std::string ptx = makePtx({{"k0", 11}});
  const std::string body = kSimpleBody;
  const std::string good = makeBundle(ptx, body);
  // The bundle every case below breaks in one place loads.
  EXPECT_OK("good", loadStatus(good));
  // The first directive after the PTX is on this line.
  const int fnLine =
      3 + 1 + static_cast<int>(std::count(ptx.begin(), ptx.end(), '\n')) + 1;
  const std::string at = "line " + std::to_string(fnLine) + ": ";
  const std::string atBuffer = "line " + std::to_string(fnLine + 1) + ": ";
  const std::string atKernel = "line " + std::to_string(fnLine + 3) + ": ";

  BAD("empty", "", "bundle: not a molten bundle: the input is empty");
  BAD("magic", replace(good, "molten-bundle 1", "molten-bundel 1"),
      "line 1: not a molten bundle: the first line must be 'molten-bundle 1'");
  BAD("binary",
      std::string("\x7f"
                  "ELF\x02\x01\x01\0\0\0",
                  10),
      "not a molten bundle");
  BAD("version", replace(good, "molten-bundle 1", "molten-bundle 2"),
      "line 1: bundle version '2' is not supported (this runtime reads "
      "version 1)");
  BAD("no-target", replace(good, "target sm_90\n", ""),
      "line 2: expected 'target', got 'ptx'");
  BAD("bad-target", replace(good, "target sm_90", "target gfx90a"),
      "line 2: bad target 'gfx90a'");
  BAD("truncated-ptx", good.substr(0, 40),
      "line 3: truncated PTX: the line declares " + std::to_string(ptx.size()) +
          " bytes, only");
  BAD("ptx-count-short",
      replace(good, "ptx " + std::to_string(ptx.size()),
              "ptx " + std::to_string(ptx.size() - 5)),
      "line 4: the " + std::to_string(ptx.size() - 5) +
          " bytes of PTX are not followed by a newline (is the byte count "
          "right?)");
  BAD("ptx-nul", makeBundle(std::string("abc\0def", 7), body),
      "the PTX contains a NUL byte");
  BAD("ptx-count-not-number",
      replace(good, "ptx " + std::to_string(ptx.size()), "ptx many"),
      "line 3: expected a PTX byte count (a non-negative integer), got 'many'");
  BAD("unknown-directive", makeBundle(ptx, "func f inputs 1\n"),
      at + "unknown directive 'func' (expected 'function')");
  BAD("unknown-directive-in-function",
      replace(good, "buffer 1 output", "buf 1 output"),
      "line " + std::to_string(fnLine + 2) +
          ": unknown directive 'buf' in function 'f' (expected buffer, "
          "kernel or end)");
  BAD("expr-unknown-token", replace(good, "f32 2 s0 64", "f32 2 s0 + 64"),
      atBuffer + "bad expression for dimension 1 of buffer 0: unknown token "
                 "'+'");
  BAD("expr-missing-operand",
      replace(good,
              "grid cdiv s0 4 1 1 block 128 1 1 smem 0 buffers 2 0 1 "
              "symbols 1 0\n",
              "grid cdiv s0\n"),
      atKernel + "bad expression for grid x: the line ends before the "
                 "expression does");
  BAD("expr-operand-is-a-word",
      replace(good, "grid cdiv s0 4 1 1 block", "grid cdiv s0 block"),
      atKernel + "bad expression for grid x: unknown token 'block'");
  BAD("expr-unknown-symbol", replace(good, "f32 2 s0 64", "f32 2 s3 64"),
      atBuffer + "bad expression for dimension 0 of buffer 0: unknown "
                 "symbol 's3' (the function has 1 symbol)");
  BAD("expr-bad-symbol", replace(good, "f32 2 s0 64", "f32 2 sx 64"),
      "bad symbol 'sx'");
  BAD("expr-too-large",
      replace(good, "f32 2 s0 64", "f32 2 s0 99999999999999999999"),
      "integer '99999999999999999999' is too large");
  BAD("expr-negative", replace(good, "f32 2 s0 64", "f32 2 s0 -64"),
      "unknown token '-64'");
  BAD("expr-too-deep",
      replace(
          good, "f32 2 s0 64",
          "f32 2 s0 " +
              [] {
                std::string s;
                for (int i = 0; i < 200; ++i)
                  s += "* 1 ";
                return s + "64";
              }()),
      "nested too deeply");
  BAD("trailing-token", replace(good, "f32 2 s0 64\n", "f32 2 s0 64 7\n"),
      atBuffer + "unexpected '7' after the 2 dimensions of buffer 0");
  BAD("too-few-dims",
      replace(good, "input 0 f32 2 s0 64", "input 0 f32 3 s0 64"),
      atBuffer + "expected an expression for dimension 2 of buffer 0 at the "
                 "end of the line");
  BAD("buffer-ids-out-of-order",
      replace(good, "buffer 0 input", "buffer 1 input"),
      atBuffer + "buffer ids must be 0, 1, ... in order: expected buffer 0, "
                 "got 1");
  BAD("buffer-ids-skip", replace(good, "buffer 1 output", "buffer 2 output"),
      "expected buffer 1, got 2");
  BAD("kernel-unknown-buffer", replace(good, "buffers 2 0 1", "buffers 2 0 5"),
      atKernel + "kernel 'k0' names buffer 5, but function 'f' has 2 buffers");
  BAD("kernel-unknown-symbol",
      replace(good, "symbols 1 0\nend", "symbols 1 3\nend"),
      atKernel + "kernel 'k0' passes symbol 3, but function 'f' has 1 symbol");
  BAD("kernel-buffer-count", replace(good, "buffers 2 0 1", "buffers 3 0 1"),
      "expected a buffer id (a non-negative integer), got 'symbols'");
  BAD("kernel-missing-smem", replace(good, "smem 0 ", ""),
      "expected 'smem', got 'buffers'");
  BAD("missing-end", replace(good, "end\n", ""),
      at + "function 'f' has no 'end' line");
  BAD("missing-end-before-function",
      replace(good, "end\n", "function g inputs 0 outputs 0 symbols 0\nend\n"),
      "function 'g' starts before function 'f' (line " +
          std::to_string(fnLine) + ") has its 'end' line");
  BAD("end-outside-function", good + "end\n",
      "line " + std::to_string(fnLine + 5) + ": 'end' outside a function");
  BAD("end-with-token", replace(good, "end\n", "end f\n"),
      "unexpected 'f' after 'end'");
  BAD("input-declared-twice",
      replace(good, "buffer 1 output 0", "buffer 1 input 0"),
      "input 0 is declared twice (buffers 0 and 1)");
  BAD("missing-output", replace(good, "buffer 1 output 0", "buffer 1 temp"),
      "function 'f' ends without a buffer for output 0");
  BAD("input-index-out-of-range",
      replace(good, "buffer 0 input 0", "buffer 0 input 1"),
      "buffer 0 is input 1, but function 'f' has 1 input");
  BAD("unknown-dtype", replace(good, "input 0 f32", "input 0 f64"),
      "unknown dtype 'f64' (expected f32, f16, bf16 or i1)");
  BAD("unknown-role", replace(good, "buffer 1 output 0", "buffer 1 scratch"),
      "unknown buffer role 'scratch'");
  BAD("unbound-symbol",
      replace(replace(good, "symbols 1\n", "symbols 2\n"),
              "output 0 f32 2 s0 64", "output 0 f32 2 s0 s1"),
      at + "symbol s1 of function 'f' is not a dimension of any input, so no "
           "call can bind it");
  BAD("symbol-only-in-expression",
      replace(good, "input 0 f32 2 s0 64", "input 0 f32 2 * s0 2 64"),
      "symbol s0 of function 'f' is not a dimension of any input");
  BAD("double-space", replace(good, "buffer 0 input", "buffer 0  input"),
      atBuffer + "empty token (tokens are separated by single spaces)");
  BAD("carriage-return", replace(good, "end\n", "end\r\n"),
      "carriage return in line (lines end with \\n only)");
  BAD("empty-line", replace(good, "end\n", "\nend\n"),
      "empty line (one directive per line)");
  BAD("duplicate-function",
      good + "function f inputs 0 outputs 0 symbols 0\nend\n",
      "function 'f' is defined twice");
  BAD("bad-count", replace(good, "inputs 1", "inputs x"),
      at + "expected an input count (a non-negative integer), got 'x'");
  BAD("function-header-missing-symbols", replace(good, " symbols 1\n", "\n"),
      "expected 'symbols' at the end of the line");
  BAD("rank-too-large", replace(good, "input 0 f32 2", "input 0 f32 65"),
      "line " + std::to_string(fnLine + 1) +
          ": rank 65 is too large (at most 64)");

  // Tensor maps (docs/bundle.md, "Tensor maps"): the clause after the
  // symbols, before `dependent`; buffers 0 and 1 are f32 [s0, 64].
  auto maps = [&](const std::string &clause) {
    return replace(good, "symbols 1 0\nend", "symbols 1 0 " + clause + "\nend");
  };
  EXPECT_OK("tensormaps",
            loadStatus(maps("tensormaps 2 0 2 s0 64 8 32 128 1 1 * s0 64 64 "
                            "none dependent")));
  EXPECT_OK("tensormaps-none", loadStatus(maps("tensormaps 0")));
  EXPECT_OK("tensormaps-rank-5-swizzle-32",
            loadStatus(maps("tensormaps 1 1 5 1 1 1 s0 64 1 1 1 2 8 32")));
  EXPECT_OK("tensormaps-buffer-after-kernel",
            loadStatus(makeBundle(
                ptx, "function f inputs 1 outputs 0 symbols 1\n"
                     "kernel k0 grid 1 1 1 block 1 1 1 smem 0 buffers 0 "
                     "symbols 0 tensormaps 1 0 1 s0 16 none\n"
                     "buffer 0 input 0 bf16 1 s0\nend\n")));
  BAD("tensormaps-count", maps("tensormaps 2 0 2 s0 64 8 32 128"),
      atKernel + "expected a buffer id at the end of the line");
  BAD("tensormaps-no-count", maps("tensormaps"),
      atKernel + "expected a tensor map count at the end of the line");
  BAD("tensormaps-rank-0", maps("tensormaps 1 0 0 none"),
      atKernel + "tensor map 0 of kernel 'k0' has rank 0 (expected 1 to 5)");
  BAD("tensormaps-rank-6",
      maps("tensormaps 1 0 6 1 1 1 1 s0 64 1 1 1 1 1 8 none"),
      atKernel + "tensor map rank 6 is too large (at most 5)");
  BAD("tensormaps-box-0", maps("tensormaps 1 0 2 s0 64 0 32 none"),
      atKernel + "box dimension 0 of tensor map 0 is 0 (expected 1 to 256)");
  BAD("tensormaps-box-257", maps("tensormaps 1 0 2 s0 64 8 257 none"),
      atKernel + "box size 257 is too large (at most 256)");
  BAD("tensormaps-swizzle-word", maps("tensormaps 1 0 2 s0 64 8 32 256"),
      atKernel + "unknown swizzle '256' of tensor map 0 (expected none, 32, "
                 "64 or 128)");
  BAD("tensormaps-swizzle-missing", maps("tensormaps 1 0 2 s0 64 8 32"),
      atKernel + "expected a swizzle (none, 32, 64 or 128) at the end of the "
                 "line");
  BAD("tensormaps-too-wide-for-swizzle",
      maps("tensormaps 2 0 1 * s0 64 16 64 1 2 s0 64 8 32 64"),
      atKernel + "tensor map 1 of kernel 'k0': its innermost box dimension "
                 "(32 f32) is 128 bytes, wider than its 64-byte swizzle span");
  BAD("tensormaps-box-not-16-bytes", maps("tensormaps 1 0 2 s0 64 8 3 none"),
      atKernel + "tensor map 0 of kernel 'k0': its innermost box dimension "
                 "(3 f32) is 12 bytes, not a multiple of 16");
  BAD("tensormaps-unknown-buffer", maps("tensormaps 1 5 2 s0 64 8 32 none"),
      atKernel + "tensor map 0 of kernel 'k0' is of buffer 5, but function "
                 "'f' has 2 buffers");
  BAD("tensormaps-i1",
      replace(maps("tensormaps 1 1 2 s0 64 8 32 none"), "output 0 f32",
              "output 0 i1"),
      atKernel + "tensor map 0 of kernel 'k0' is of buffer 1, an i1 buffer "
                 "(tensor maps take f32, f16 or bf16)");
  BAD("tensormaps-dim-expression", maps("tensormaps 1 0 2 s0 + 8 32 none"),
      atKernel + "bad expression for dimension 1 of tensor map 0: unknown "
                 "token '+'");
  BAD("tensormaps-dim-symbol", maps("tensormaps 1 0 2 s1 64 8 32 none"),
      atKernel + "bad expression for dimension 0 of tensor map 0: unknown "
                 "symbol 's1'");
  BAD("tensormaps-after-dependent", maps("dependent tensormaps 0"),
      atKernel + "unexpected 'tensormaps' after the kernel's symbols");
  BAD("tensormaps-trailing", maps("tensormaps 1 0 2 s0 64 8 32 none 7"),
      atKernel + "unexpected '7' after the kernel's tensor maps");

  // Names are identifiers (docs/bundle.md, "Names"); messages show other
  // bytes as \xHH. Byte 0xff is fuzz case 11 (Python's strict decode failed).
  const std::string notIdentifier =
      " is not an identifier (expected [A-Za-z_$][A-Za-z0-9_$]*)";
  BAD("function-name-byte",
      replace(good, "function f ", "function rms\377norm "),
      at + "function name 'rms\\xffnorm'" + notIdentifier);
  BAD("function-name-utf8", replace(good, "function f ", "function f\xc3\xa9 "),
      at + "function name 'f\\xc3\\xa9'" + notIdentifier);
  BAD("function-name-dash", replace(good, "function f ", "function f-g "),
      at + "function name 'f-g'" + notIdentifier);
  BAD("function-name-digit-first", replace(good, "function f ", "function 9f "),
      at + "function name '9f'" + notIdentifier);
  BAD("kernel-entry-dot", replace(good, "kernel k0 ", "kernel k.0 "),
      atKernel + "kernel entry name 'k.0'" + notIdentifier);
  BAD("kernel-entry-tab", replace(good, "kernel k0 ", "kernel k\t0 "),
      atKernel + "kernel entry name 'k\\x090'" + notIdentifier);
  BAD("kernel-entry-byte", replace(good, "kernel k0 ", "kernel k\x80 "),
      atKernel + "kernel entry name 'k\\x80'" + notIdentifier);
  EXPECT_OK("identifier-names",
            loadStatus(replace(replace(good, "function f ", "function _f$9 "),
                               "kernel k0 ", "kernel $k_Z ")));
  // Other tokens are compared with fixed words; their messages are escaped
  // too.
  BAD("bad-target-byte", replace(good, "target sm_90", "target sm_9\xff"),
      "line 2: bad target 'sm_9\\xff'");
  BAD("directive-byte", makeBundle(ptx, "\xfe\x01 f\n"),
      at + "unknown directive '\\xfe\\x01' (expected 'function')");
  BAD("role-byte", replace(good, "buffer 1 output 0", "buffer 1 temp\xff"),
      "unknown buffer role 'temp\\xff'");
  BAD("dtype-byte", replace(good, "input 0 f32", "input 0 f32\xff"),
      "unknown dtype 'f32\\xff'");
  BAD("version-byte", replace(good, "molten-bundle 1", "molten-bundle 1\xff"),
      "line 1: bundle version '1\\xff' is not supported");

  // The functions a bundle may hold: none is fine, several are.
  EXPECT_OK("no-functions", loadStatus(makeBundle(ptx, "")));
  EXPECT_OK("no-final-newline", loadStatus(good.substr(0, good.size() - 1)));
  EXPECT_OK("buffers-after-kernel",
            loadStatus(makeBundle(
                ptx, "function f inputs 1 outputs 0 symbols 0\n"
                     "kernel k0 grid 1 1 1 block 1 1 1 smem 0 buffers 1 0 "
                     "symbols 0\n"
                     "buffer 0 input 0 i1 0\nend\n")));

  // Many functions: names are looked up in a hash table, not a list (each
  // function parsed looks its name up, so 30000 functions took 36 s to load
  // under ASan, found by fuzzing with large inputs).
  {
    std::string many;
    for (int i = 0; i < 20000; ++i)
      many += "function f" + std::to_string(i) +
              " inputs 0 outputs 0 symbols 0\nend\n";
    molten_bundle *b = LOAD(makeBundle(ptx, many));
    int count = 0, inputs = -1;
    const char *name = nullptr;
    EXPECT_OK("many-functions", molten_bundle_function_count(b, &count));
    CHECK(count == 20000);
    CHECK(molten_bundle_function_name(b, 19999, &name) == MOLTEN_OK &&
          std::string(name) == "f19999");
    CHECK(molten_bundle_num_inputs(b, "f12345", &inputs) == MOLTEN_OK &&
          inputs == 0);
    CHECK(molten_bundle_num_inputs(b, "f20000", &inputs) ==
          MOLTEN_ERROR_INVALID_ARGUMENT);
    molten_bundle_free(b);
    BAD("many-functions-duplicate",
        makeBundle(ptx, many + "function f123 inputs 0 outputs 0 symbols "
                               "0\nend\n"),
        "line " + std::to_string(fnLine + 40000) +
            ": function 'f123' is defined twice");
  }

  // Files.
  molten_bundle *b = reinterpret_cast<molten_bundle *>(0x1);
  EXPECT_ERROR(
      "file-missing", molten_bundle_load_file("/nonexistent/x.bundle", &b),
      MOLTEN_ERROR_IO, "cannot open '/nonexistent/x.bundle'", "No such file");
  CHECK(b == nullptr);
  char path[] = "/tmp/molten-runtime-test-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  std::string bad = replace(good, "buffer 1 output", "buf 1 output");
  CHECK(write(fd, bad.data(), bad.size()) == static_cast<ssize_t>(bad.size()));
  close(fd);
  EXPECT_ERROR("file-bad", molten_bundle_load_file(path, &b),
               MOLTEN_ERROR_BAD_BUNDLE, std::string(path) + ": line ");
  fd = open(path, O_WRONLY | O_TRUNC);
  CHECK(write(fd, good.data(), good.size()) ==
        static_cast<ssize_t>(good.size()));
  close(fd);
  EXPECT_OK("file-good", molten_bundle_load_file(path, &b));
  CHECK(b != nullptr);
  molten_bundle_free(b);
  unlink(path);

  // Bad calls.
  EXPECT_ERROR("null-result",
               molten_bundle_load_memory(good.data(), good.size(), nullptr),
               MOLTEN_ERROR_INVALID_ARGUMENT, "NULL");
  EXPECT_ERROR("null-data", molten_bundle_load_memory(nullptr, 5, &b),
               MOLTEN_ERROR_INVALID_ARGUMENT, "data is NULL");
  EXPECT_ERROR("null-path", molten_bundle_load_file(nullptr, &b),
               MOLTEN_ERROR_INVALID_ARGUMENT, "path is NULL");
  return 0;
}

//===----------------------------------------------------------------------===//
// arguments
//===----------------------------------------------------------------------===//

const char *kArgsBody = "function f inputs 2 outputs 1 symbols 2\n"
                        "buffer 0 input 0 f32 2 s0 s1\n"
                        "buffer 1 input 1 f16 3 * s0 2 s1 8\n"
                        "buffer 2 output 0 bf16 2 s0 / s1 2\n"
                        "buffer 3 temp f32 1 s1\n"
                        "kernel k0 grid cdiv s0 4 1 1 block 128 1 1 smem 0 "
                        "buffers 4 0 1 2 3 symbols 2 0 1\n"
                        "end\n";

struct Call {
  std::vector<int64_t> s0 = {6, 10}, s1 = {12, 10, 8}, so = {6, 5};
  molten_tensor in[3];
  molten_tensor out[2];
  Call() {
    in[0] = tensor(kIn0, MOLTEN_F32, s0);
    in[1] = tensor(kIn1, MOLTEN_F16, s1);
    in[2] = in[0];
    out[0] = tensor(kOut0, MOLTEN_BF16, so);
    out[1] = out[0];
  }
  molten_status run(molten_bundle *b, int nin = 2, int nout = 1) {
    return molten_run(b, "f", in, nin, out, nout, kStream);
  }
};

int groupArguments() {
  openFake();
  molten_bundle *b = LOAD(makeBundle(makePtx({{"k0", 22}}), kArgsBody));
  const molten_status M = MOLTEN_ERROR_ARGUMENT_MISMATCH;

  {
    Call c;
    EXPECT_ERROR("too-few-inputs", c.run(b, 1), M,
                 "function 'f': expected 2 inputs, got 1");
    EXPECT_ERROR("too-many-inputs", c.run(b, 3), M, "expected 2 inputs, got 3");
    EXPECT_ERROR("too-few-outputs", c.run(b, 2, 0), M,
                 "expected 1 output, got 0");
    EXPECT_ERROR("too-many-outputs", c.run(b, 2, 2), M,
                 "expected 1 output, got 2");
    EXPECT_ERROR("null-inputs",
                 molten_run(b, "f", nullptr, 2, c.out, 1, kStream),
                 MOLTEN_ERROR_INVALID_ARGUMENT, "inputs is NULL");
    EXPECT_ERROR("null-outputs",
                 molten_run(b, "f", c.in, 2, nullptr, 1, kStream),
                 MOLTEN_ERROR_INVALID_ARGUMENT, "outputs is NULL");
    EXPECT_ERROR("unknown-function",
                 molten_run(b, "g", c.in, 2, c.out, 1, kStream),
                 MOLTEN_ERROR_INVALID_ARGUMENT,
                 "the bundle has no function 'g' (it has: f)");
    // The caller's name is quoted escaped, as a bundle's names are.
    int count = 0;
    EXPECT_ERROR("unknown-function-byte",
                 molten_bundle_num_inputs(b, "g\xff", &count),
                 MOLTEN_ERROR_INVALID_ARGUMENT,
                 "the bundle has no function 'g\\xff' (it has: f)");
    EXPECT_ERROR("null-bundle",
                 molten_run(nullptr, "f", c.in, 2, c.out, 1, kStream),
                 MOLTEN_ERROR_INVALID_ARGUMENT, "bundle is NULL");
  }
  {
    Call c;
    c.s0 = {6, 10, 1};
    c.in[0] = tensor(kIn0, MOLTEN_F32, c.s0);
    EXPECT_ERROR(
        "rank", c.run(b), M,
        "function 'f': input 0: rank is 3, expected 2 (shape [s0, s1])");
  }
  {
    Call c;
    c.in[1].dtype = MOLTEN_F32;
    EXPECT_ERROR("dtype", c.run(b), M, "input 1: dtype is f32, expected f16");
  }
  {
    Call c;
    c.in[0].dtype = 7;
    EXPECT_ERROR("dtype-code", c.run(b), M, "input 0: unknown dtype code 7");
  }
  {
    Call c;
    c.s1[2] = 4;
    EXPECT_ERROR("static-dim", c.run(b), M,
                 "input 1: dimension 2 is 4, expected 8 (shape [12, 10, 4], "
                 "expected [* s0 2, s1, 8])");
  }
  {
    Call c;
    c.s1[0] = 11;
    EXPECT_ERROR("expression-dim", c.run(b), M,
                 "input 1: dimension 0 is 11, expected 12 (* s0 2)");
  }
  {
    Call c;
    c.s1[1] = 9;
    EXPECT_ERROR("inconsistent-symbol", c.run(b), M,
                 "input 1: dimension 1 is 9, but s1 = 10 from input 0 "
                 "dimension 1");
  }
  {
    Call c;
    c.s0[0] = -1;
    EXPECT_ERROR("negative-dim", c.run(b), M,
                 "input 0: dimension 0 is -1 (negative)");
  }
  {
    Call c;
    c.in[0].shape = nullptr;
    EXPECT_ERROR("null-shape", c.run(b), M, "input 0: shape is NULL");
  }
  {
    Call c;
    c.in[0].data = reinterpret_cast<void *>(kIn0 + 4);
    EXPECT_ERROR("unaligned-input", c.run(b), M,
                 "input 0: data pointer 0x100004 is not 16-byte aligned");
  }
  {
    Call c;
    c.out[0].data = reinterpret_cast<void *>(kOut0 + 8);
    EXPECT_ERROR("unaligned-output", c.run(b), M,
                 "output 0: data pointer 0x300008 is not 16-byte aligned");
  }
  {
    Call c;
    c.in[1].data = nullptr;
    EXPECT_ERROR("null-data", c.run(b), M, "input 1: data is NULL");
  }
  {
    Call c;
    c.so[1] = 4;
    EXPECT_ERROR("output-shape", c.run(b), M,
                 "output 0: dimension 1 is 4, expected 5 (/ s1 2)");
  }
  {
    Call c;
    c.so[0] = 7;
    EXPECT_ERROR("output-symbol-dim", c.run(b), M,
                 "output 0: dimension 0 is 7, expected 6 (s0)");
  }
  {
    Call c;
    c.out[0].dtype = MOLTEN_F32;
    EXPECT_ERROR("output-dtype", c.run(b), M,
                 "output 0: dtype is f32, expected bf16");
  }
  {
    Call c;
    c.out[0].rank = 1;
    EXPECT_ERROR("output-rank", c.run(b), M, "output 0: rank is 1, expected 2");
  }
  {
    Call c;
    c.s0[1] = c.s1[1] = 9;
    EXPECT_ERROR("inexact-division", c.run(b), M,
                 "output 0: dimension 1: '/ s1 2': 9 is not divisible by 2");
  }
  {
    Call c;
    c.s0 = {int64_t(1) << 40, int64_t(1) << 40};
    c.s1 = {int64_t(1) << 41, int64_t(1) << 40, 8};
    EXPECT_ERROR("size-overflow", c.run(b), M,
                 "input 0: the size of shape [1099511627776, 1099511627776] "
                 "overflows");
  }

  // Nothing above reached the driver.
  CHECK(fake.count("cuInit") == 0);
  CHECK(fake.launches() == 0);

  // The output shape query checks the same way, pointers aside.
  {
    Call c;
    int64_t shape[2] = {-1, -1};
    c.in[0].data = nullptr;
    EXPECT_OK("output-shape-query",
              molten_bundle_output_shape(b, "f", c.in, 2, 0, shape, 2));
    CHECK(shape[0] == 6 && shape[1] == 5);
    c.s1[1] = 9;
    EXPECT_ERROR("output-shape-query-inconsistent",
                 molten_bundle_output_shape(b, "f", c.in, 2, 0, shape, 2), M,
                 "input 1: dimension 1 is 9, but s1 = 10");
    EXPECT_ERROR("output-shape-query-capacity",
                 molten_bundle_output_shape(b, "f", c.in, 2, 0, shape, 1),
                 MOLTEN_ERROR_INVALID_ARGUMENT, "room for 2 sizes, got 1");
    EXPECT_ERROR("output-shape-query-index",
                 molten_bundle_output_shape(b, "f", c.in, 2, 1, shape, 2),
                 MOLTEN_ERROR_INVALID_ARGUMENT, "function 'f' has no output 1");
  }
  // Info queries.
  {
    int n = 0, dtype = -1, rank = -1;
    EXPECT_OK("num-inputs", molten_bundle_num_inputs(b, "f", &n));
    CHECK(n == 2);
    EXPECT_OK("num-outputs", molten_bundle_num_outputs(b, "f", &n));
    CHECK(n == 1);
    EXPECT_OK("input-info", molten_bundle_input_info(b, "f", 1, &dtype, &rank));
    CHECK(dtype == MOLTEN_F16 && rank == 3);
    EXPECT_OK("output-info",
              molten_bundle_output_info(b, "f", 0, &dtype, &rank));
    CHECK(dtype == MOLTEN_BF16 && rank == 2);
    EXPECT_ERROR("input-info-index",
                 molten_bundle_input_info(b, "f", 2, &dtype, &rank),
                 MOLTEN_ERROR_INVALID_ARGUMENT, "function 'f' has no input 2");
    const char *name = nullptr;
    EXPECT_OK("function-name", molten_bundle_function_name(b, 0, &name));
    CHECK(name && std::string(name) == "f");
    EXPECT_ERROR(
        "function-name-index", molten_bundle_function_name(b, 1, &name),
        MOLTEN_ERROR_INVALID_ARGUMENT, "function index 1 is out of range");
    const char *target = nullptr;
    EXPECT_OK("target", molten_bundle_target(b, &target));
    CHECK(target && std::string(target) == "sm_90");
  }

  // The same call, right, runs.
  {
    Call c;
    EXPECT_OK("valid", c.run(b));
    CHECK(fake.launches() == 1);
    CHECK(fake.liveAllocations() == 0);
  }
  molten_bundle_free(b);
  CHECK(fake.liveModules() == 0);
  return 0;
}

//===----------------------------------------------------------------------===//
// launch
//===----------------------------------------------------------------------===//

const char *kLaunchBody =
    "function other inputs 1 outputs 1 symbols 1\n"
    "buffer 0 input 0 f32 1 s0\n"
    "buffer 1 output 0 f32 1 s0\n"
    "kernel k_other grid 1 1 1 block 32 1 1 smem 0 buffers 2 0 1 symbols 0\n"
    "end\n"
    "function f inputs 2 outputs 2 symbols 2\n"
    "buffer 0 input 0 f32 2 s0 s1\n"
    "buffer 1 input 1 f16 1 s1\n"
    "buffer 2 temp f32 2 s0 2\n"
    "buffer 3 output 0 bf16 2 s0 s1\n"
    "buffer 4 temp i1 1 * s0 s1\n"
    "buffer 5 output 1 f32 0\n"
    "kernel k0 grid cdiv s0 4 max s1 2 1 block 128 1 1 smem * s1 4 "
    "buffers 3 0 1 2 symbols 2 0 1\n"
    "kernel k1 grid min 1056 cdiv * s0 s1 256 1 1 block 256 1 1 smem 0 "
    "buffers 4 2 3 4 5 symbols 1 1 dependent\n"
    "end\n"
    "function pick inputs 1 outputs 1 symbols 1\n"
    "buffer 0 input 0 f32 1 s0\n"
    "buffer 1 output 0 f32 1 s0\n"
    "kernel k_other grid le s0 8 1 1 block 32 1 1 smem 0 buffers 2 0 1 "
    "symbols 0\n"
    "kernel k_other grid * le 9 s0 2 1 1 block 64 1 1 smem 0 buffers 2 0 1 "
    "symbols 0\n"
    "end\n";

std::string launchBundle() {
  return makeBundle(makePtx({{"k_other", 10}, {"k0", 17}, {"k1", 21}}),
                    kLaunchBody);
}

struct FCall {
  std::vector<int64_t> s0, s1, so0, so1;
  molten_tensor in[2], out[2];
  FCall(int64_t a, int64_t b) : s0{a, b}, s1{b}, so0{a, b} {
    in[0] = tensor(kIn0, MOLTEN_F32, s0);
    in[1] = tensor(kIn1, MOLTEN_F16, s1);
    out[0] = tensor(kOut0, MOLTEN_BF16, so0);
    out[1] = tensor(kOut1, MOLTEN_F32, so1);
  }
  molten_status run(molten_bundle *b, void *stream = kStream) {
    return molten_run(b, "f", in, 2, out, 2, stream);
  }
};

void expectParams(const fake_launch *l, const std::vector<uint64_t> &want,
                  int line) {
  bool same = l && l->num_params == static_cast<int>(want.size());
  for (size_t i = 0; same && i < want.size(); ++i)
    same = l->params[i] == want[i];
  if (!same && l) {
    printf("  params of %s:", l->entry);
    for (int i = 0; i < l->num_params; ++i)
      printf(" %llu", static_cast<unsigned long long>(l->params[i]));
    printf("\n  expected:");
    for (uint64_t v : want)
      printf(" %llu", static_cast<unsigned long long>(v));
    printf("\n");
  }
  check(same, "kernel parameters as docs/bundle.md lays them out", line);
}

// A driver without cuLaunchKernelEx (older than CUDA 12): a `dependent`
// kernel is launched the ordinary way (its griddepcontrol.wait then returns
// at once: the stream already ordered it after the previous kernel).
int groupLaunchNoEx() {
  openFake();
  molten_bundle *b = LOAD(launchBundle());
  FCall c(37, 3000);
  EXPECT_OK("run", c.run(b));
  CHECK(fake.launches() == 2);
  CHECK(fake.count("cuLaunchKernel") == 2);
  CHECK(fake.count("cuLaunchKernelEx") == 0);
  const fake_launch *k1 = fake.launch(1);
  if (CHECK(k1 && std::string(k1->entry) == "k1")) {
    CHECK(!k1->dependent);
    CHECK(k1->grid[0] == 434 && k1->block[0] == 256 && k1->stream == kStream);
  }
  molten_bundle_free(b);
  CHECK(fake.liveModules() == 0);
  return 0;
}

int groupLaunch() {
  openFake();
  setenv("MOLTEN_FAKE_CUDA_DEVICES", "2", 1);
  molten_bundle *b = LOAD(launchBundle());

  // Output shapes, for a caller that allocates.
  {
    FCall c(37, 3000);
    int64_t shape[2] = {0, 0};
    EXPECT_OK("output-shape-0",
              molten_bundle_output_shape(b, "f", c.in, 2, 0, shape, 2));
    CHECK(shape[0] == 37 && shape[1] == 3000);
    EXPECT_OK("output-shape-1-scalar",
              molten_bundle_output_shape(b, "f", c.in, 2, 1, nullptr, 0));
  }

  // The happy path: no context current, so the primary context of device 0.
  CHECK(fakeCurrent() == nullptr);
  {
    FCall c(37, 3000);
    EXPECT_OK("run", c.run(b));
  }
  void *ctx0 = fakePrimary(0);
  CHECK(fakeCurrent() == ctx0);
  CHECK(fake.count("cuDevicePrimaryCtxRetain") == 2); // runtime's + ours
  CHECK(fake.count("cuModuleLoadDataEx") == 1);
  CHECK(fake.launches() == 2);
  const fake_launch *k0 = fake.launch(0);
  const fake_launch *k1 = fake.launch(1);
  if (CHECK(k0 && k1)) {
    CHECK(std::string(k0->entry) == "k0");
    CHECK(k0->grid[0] == 10 && k0->grid[1] == 3000 && k0->grid[2] == 1);
    CHECK(k0->block[0] == 128 && k0->block[1] == 1 && k0->block[2] == 1);
    CHECK(k0->smem == 12000);
    CHECK(k0->stream == kStream && k0->context == ctx0);
    uint64_t t2 = k0->params[10];
    CHECK(t2 != 0 && t2 % 16 == 0);
    expectParams(k0,
                 {kIn0, kIn0, 0, 37 * 3000, 1, kIn1, kIn1, 0, 3000, 1, t2, t2,
                  0, 74, 1, 37, 3000},
                 __LINE__);
    CHECK(std::string(k1->entry) == "k1");
    // `dependent`: launched with programmatic stream serialization.
    CHECK(!k0->dependent && k1->dependent);
    CHECK(fake.count("cuLaunchKernelEx") == 1);
    CHECK(k1->grid[0] == 434 && k1->grid[1] == 1 && k1->grid[2] == 1);
    CHECK(k1->block[0] == 256 && k1->smem == 0 && k1->stream == kStream);
    uint64_t t4 = k1->params[10];
    // One allocation: t4 after t2's 74 f32, at a 256-byte boundary.
    CHECK(t4 == t2 + 512);
    expectParams(k1, {t2, t2,        0,     74, 1,  kOut0, kOut0,
                      0,  37 * 3000, 1,     t4, t4, 0,     37 * 3000,
                      1,  kOut1,     kOut1, 0,  1,  1,     3000},
                 __LINE__);
  }
  // Temporaries: allocated together and freed on the caller's stream, from
  // the default pool, told once per device to keep freed memory.
  CHECK(fake.count("cuMemPoolSetAttribute") == 1);
  CHECK(fake.count("cuMemAllocAsync") == 1);
  CHECK(fake.count("cuMemFreeAsync") == 1);
  CHECK(fake.liveAllocations() == 0);
  CHECK(fake.lastAllocStream() == kStream && fake.lastFreeStream() == kStream);
  // Nothing synchronizes (the fake has no synchronizing entry points, so
  // this is also what makes graph capture possible).

  // Another function of the same bundle; the module is loaded once.
  {
    std::vector<int64_t> s = {5};
    molten_tensor in = tensor(kIn0, MOLTEN_F32, s);
    molten_tensor out = tensor(kOut0, MOLTEN_F32, s);
    EXPECT_OK("other", molten_run(b, "other", &in, 1, &out, 1, nullptr));
    const fake_launch *l = fake.launch(2);
    if (CHECK(l && std::string(l->entry) == "k_other")) {
      CHECK(l->stream == nullptr && l->block[0] == 32);
      expectParams(l, {kIn0, kIn0, 0, 5, 1, kOut0, kOut0, 0, 5, 1}, __LINE__);
    }
    CHECK(fake.count("cuModuleLoadDataEx") == 1);
    // `le`: of pick's two launches, only the one whose grid is not 0.
    EXPECT_OK("pick-few", molten_run(b, "pick", &in, 1, &out, 1, nullptr));
    CHECK(fake.launches() == 4);
    l = fake.launch(3);
    CHECK(l && l->block[0] == 32 && l->grid[0] == 1);
    s = {20};
    in = tensor(kIn0, MOLTEN_F32, s);
    out = tensor(kOut0, MOLTEN_F32, s);
    EXPECT_OK("pick-many", molten_run(b, "pick", &in, 1, &out, 1, nullptr));
    CHECK(fake.launches() == 5);
    l = fake.launch(4);
    CHECK(l && l->block[0] == 64 && l->grid[0] == 2);
  }

  // Empty tensors: NULL data is fine, launches with no blocks are skipped,
  // temporaries of no bytes are not allocated.
  {
    fake.reset();
    FCall c(0, 3000);
    c.in[0].data = nullptr;
    c.out[0].data = nullptr;
    EXPECT_OK("empty", c.run(b));
    CHECK(fake.launches() == 0);
    CHECK(fake.count("cuMemAllocAsync") == 0);
  }

  // The caller's current context is used as is.
  void *ctx1 = fakePrimary(1);
  fake.ctxSetCurrent(ctx1);
  {
    fake.reset();
    FCall c(4, 16);
    EXPECT_OK("callers-context", c.run(b));
    CHECK(fake.count("cuDevicePrimaryCtxRetain") == 0);
    CHECK(fake.count("cuModuleLoadDataEx") == 1); // a module for ctx1
    CHECK(fake.launches() == 2 && fake.launch(0)->context == ctx1);
    CHECK(fakeCurrent() == ctx1);
  }

  // No context current: MOLTEN_DEVICE picks the device.
  fake.ctxSetCurrent(nullptr);
  setenv("MOLTEN_DEVICE", "1", 1);
  {
    fake.reset();
    FCall c(4, 16);
    EXPECT_OK("molten-device", c.run(b));
    CHECK(fake.count("cuModuleLoadDataEx") == 0); // ctx1 has it already
    CHECK(fake.launches() == 2 && fake.launch(0)->context == ctx1);
    CHECK(fakeCurrent() == ctx1);
  }
  fake.ctxSetCurrent(nullptr);
  setenv("MOLTEN_DEVICE", "7", 1);
  {
    FCall c(4, 16);
    EXPECT_ERROR("molten-device-missing", c.run(b), MOLTEN_ERROR_CUDA,
                 "cuDeviceGet(7) (device from MOLTEN_DEVICE, default 0) "
                 "failed: CUDA_ERROR_INVALID_DEVICE (invalid device ordinal)");
  }
  setenv("MOLTEN_DEVICE", "one", 1);
  {
    FCall c(4, 16);
    EXPECT_ERROR("molten-device-bad", c.run(b), MOLTEN_ERROR_INVALID_ARGUMENT,
                 "MOLTEN_DEVICE='one' is not a device number");
  }
  unsetenv("MOLTEN_DEVICE");

  // A thread with no context gets the primary context of device 0.
  {
    fake.reset();
    molten_status s = MOLTEN_ERROR_CUDA;
    void *seen = nullptr;
    std::thread t([&] {
      FCall c(8, 8);
      s = c.run(b);
      seen = fakeCurrent();
    });
    t.join();
    CHECK(s == MOLTEN_OK);
    CHECK(seen == ctx0);
    CHECK(fake.launches() == 2 && fake.launch(0)->context == ctx0);
    CHECK(fake.count("cuModuleLoadDataEx") == 0);
  }

  // prepare loads the module ahead of the first run.
  fake.ctxSetCurrent(ctx0);
  {
    fake.reset();
    molten_bundle *p = LOAD(launchBundle());
    EXPECT_OK("prepare", molten_bundle_prepare(p));
    CHECK(fake.count("cuModuleLoadDataEx") == 1);
    CHECK(fake.count("cuModuleGetFunction") == 5); // one a kernel line
    FCall c(4, 16);
    EXPECT_OK("run-after-prepare", c.run(p));
    CHECK(fake.count("cuModuleLoadDataEx") == 1);
    molten_bundle_free(p);
  }

  // Freeing unloads the module of every context, and leaves the current
  // context alone.
  CHECK(fake.liveModules() == 2);
  fake.ctxSetCurrent(ctx1);
  molten_bundle_free(b);
  CHECK(fake.liveModules() == 0);
  CHECK(fakeCurrent() == ctx1);
  molten_bundle_free(nullptr);
  return 0;
}

//===----------------------------------------------------------------------===//
// driver-errors
//===----------------------------------------------------------------------===//

void failNext(const char *spec) { setenv("MOLTEN_FAKE_CUDA_FAIL", spec, 1); }
void failNothing() { unsetenv("MOLTEN_FAKE_CUDA_FAIL"); }

int groupDriverErrors() {
  openFake();
  molten_bundle *b = LOAD(launchBundle());
  const molten_status C = MOLTEN_ERROR_CUDA;

  failNext("cuInit=100");
  EXPECT_ERROR("cuInit", molten_driver_init(), MOLTEN_ERROR_NO_DRIVER,
               "cuInit (driver '",
               "failed: CUDA_ERROR_NO_DEVICE (no "
               "CUDA-capable device is detected)");
  failNothing();
  EXPECT_OK("cuInit-retried", molten_driver_init());

  FCall c(37, 3000);
  failNext("cuCtxGetCurrent=3");
  EXPECT_ERROR("cuCtxGetCurrent", c.run(b), C,
               "cuCtxGetCurrent failed: CUDA_ERROR_NOT_INITIALIZED "
               "(initialization error)");
  failNext("cuDeviceGet=101");
  EXPECT_ERROR("cuDeviceGet", c.run(b), C,
               "cuDeviceGet(0) (device from MOLTEN_DEVICE, default 0) failed: "
               "CUDA_ERROR_INVALID_DEVICE");
  failNext("cuDevicePrimaryCtxRetain=999");
  EXPECT_ERROR("cuDevicePrimaryCtxRetain", c.run(b), C,
               "cuDevicePrimaryCtxRetain(device 0) failed: CUDA_ERROR_UNKNOWN");
  failNext("cuCtxSetCurrent=201");
  EXPECT_ERROR("cuCtxSetCurrent", c.run(b), C,
               "cuCtxSetCurrent failed: CUDA_ERROR_INVALID_CONTEXT");
  failNext("cuCtxGetDevice=201");
  EXPECT_ERROR("cuCtxGetDevice", c.run(b), C, "cuCtxGetDevice failed");
  failNext("cuDeviceGetAttribute=1");
  EXPECT_ERROR("cuDeviceGetAttribute", c.run(b), C,
               "cuDeviceGetAttribute (compute capability) failed: "
               "CUDA_ERROR_INVALID_VALUE (invalid argument)");
  failNext("cuModuleLoadDataEx=2");
  EXPECT_ERROR("cuModuleLoadDataEx", c.run(b), MOLTEN_ERROR_JIT,
               "cuModuleLoadDataEx (PTX) failed: CUDA_ERROR_OUT_OF_MEMORY",
               "JIT error log:\n(empty)");
  failNext("cuModuleGetFunction=500@2");
  EXPECT_ERROR("cuModuleGetFunction", c.run(b), C,
               "cuModuleGetFunction('k0') (kernel of function 'f', bundle "
               "line ",
               "failed: CUDA_ERROR_NOT_FOUND (named symbol not found)");
  CHECK(fake.liveModules() == 0); // the module of the failed load is gone
  failNext("cuModuleLoadDataEx=12345");
  EXPECT_ERROR("unknown-cuda-error", c.run(b), MOLTEN_ERROR_JIT,
               "failed: CUresult 12345");
  CHECK(fake.launches() == 0);

  // A kernel the PTX lacks.
  {
    std::string text = replace(launchBundle(), "kernel k1 ", "kernel k9 ");
    molten_bundle *m = LOAD(text);
    failNothing();
    EXPECT_ERROR("missing-kernel", molten_bundle_prepare(m), C,
                 "cuModuleGetFunction('k9') (kernel of function 'f'",
                 "CUDA_ERROR_NOT_FOUND");
    molten_bundle_free(m);
    CHECK(fake.liveModules() == 0);
  }

  // The target against the device.
  {
    setenv("MOLTEN_FAKE_CUDA_CC", "8.0", 1);
    EXPECT_ERROR("device-too-old", c.run(b), C,
                 "the bundle was compiled for sm_90, but device 0 is sm_80");
    setenv("MOLTEN_FAKE_CUDA_CC", "10.0", 1);
    molten_bundle *a =
        LOAD(makeBundle(makePtx({{"k0", 11}}), kSimpleBody, "sm_90a"));
    EXPECT_ERROR("arch-specific", molten_bundle_prepare(a), C,
                 "compiled for sm_90a, but device 0 is sm_100 (an "
                 "sm_XXa target runs only on that exact architecture)");
    molten_bundle_free(a);
    molten_bundle *old =
        LOAD(makeBundle(makePtx({{"k0", 11}}), kSimpleBody, "sm_80"));
    EXPECT_OK("older-target", molten_bundle_prepare(old));
    molten_bundle_free(old);
    unsetenv("MOLTEN_FAKE_CUDA_CC");
  }

  // Failed loads are not remembered: the next call loads.
  fake.reset();
  EXPECT_OK("recovered", c.run(b));
  CHECK(fake.launches() == 2);

  // Temporaries go back after a failed allocation or launch.
  fake.reset();
  failNext("cuMemAllocAsync=2@1");
  EXPECT_ERROR("cuMemAllocAsync", c.run(b), C,
               "cuMemAllocAsync(111616 bytes) for the temp buffers of "
               "function 'f' failed: CUDA_ERROR_OUT_OF_MEMORY (out of memory)");
  CHECK(fake.launches() == 0);
  CHECK(fake.count("cuMemFreeAsync") == 0);
  CHECK(fake.liveAllocations() == 0);

  fake.reset();
  failNext("cuLaunchKernelEx=701@1"); // k1 is `dependent`
  EXPECT_ERROR("cuLaunchKernelEx", c.run(b), C,
               "cuLaunchKernelEx of kernel 'k1' (function 'f', launch 2 of 2, "
               "grid 434 1 1, block 256 1 1, smem 0) failed: "
               "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES (too many resources "
               "requested for launch)");
  CHECK(fake.launches() == 1);
  CHECK(fake.count("cuMemFreeAsync") == 1);
  CHECK(fake.liveAllocations() == 0);

  fake.reset();
  failNext("cuLaunchKernel=701@1"); // k0, an ordinary launch
  EXPECT_ERROR("cuLaunchKernel", c.run(b), C,
               "cuLaunchKernel of kernel 'k0' (function 'f', launch 1 of 2, "
               "grid 10 3000 1, block 128 1 1, smem 12000) failed: "
               "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES (too many resources "
               "requested for launch)");
  CHECK(fake.launches() == 0);
  CHECK(fake.count("cuMemFreeAsync") == 1);
  CHECK(fake.liveAllocations() == 0);

  fake.reset();
  failNext("cuMemFreeAsync=700@1");
  EXPECT_ERROR("cuMemFreeAsync", c.run(b), C,
               "cuMemFreeAsync of the temp buffers of function 'f' failed: "
               "CUDA_ERROR_ILLEGAL_ADDRESS");
  CHECK(fake.launches() == 2);
  CHECK(fake.count("cuMemFreeAsync") == 1);

  // Launch limits are checked before the driver sees them.
  failNothing();
  {
    FCall big(4, 70000);
    EXPECT_ERROR("grid-limit", big.run(b), MOLTEN_ERROR_ARGUMENT_MISMATCH,
                 "function 'f' kernel 'k0': grid y = 70000 exceeds the limit "
                 "of a launch (65535)");
  }
  molten_bundle_free(b);
  return 0;
}

//===----------------------------------------------------------------------===//
// tensor-maps: TMA descriptors, and dynamic shared memory above 48 KB
//===----------------------------------------------------------------------===//

// mm_k0 is the kernel line of docs/bundle.md's tensor map example: x
// [s0, 4096] and w [11008, 4096], bf16, seen as rank-3 maps with a leading 1,
// 128-byte swizzle, 193 KB of shared memory.
const char *kTmaBody =
    "function mm inputs 3 outputs 1 symbols 1\n"
    "buffer 0 input 0 bf16 2 s0 4096\n"
    "buffer 1 input 1 bf16 2 11008 4096\n"
    "buffer 2 output 0 bf16 2 s0 11008\n"
    "buffer 3 temp f32 1 * s0 16\n"
    "buffer 4 input 2 f32 2 s0 16\n"
    "kernel mm_k0 grid min 132 * cdiv s0 128 16 1 1 block 384 1 1 smem 197632 "
    "buffers 4 0 1 2 3 symbols 1 0 tensormaps 2 0 3 1 s0 4096 1 128 64 128 1 "
    "3 1 11008 4096 1 256 64 128 dependent\n"
    "kernel k_f32 grid cdiv s0 8 1 1 block 32 1 1 smem 49152 buffers 1 4 "
    "symbols 0 tensormaps 1 4 2 s0 16 8 16 64\n"
    "end\n"
    "function h inputs 1 outputs 0 symbols 1\n"
    "buffer 0 input 0 f16 2 s0 24\n"
    "kernel k_f16 grid 1 1 1 block 32 1 1 smem 0 buffers 1 0 symbols 1 0 "
    "tensormaps 1 0 1 * s0 24 8 none\n"
    "end\n"
    // Two kernel lines of one entry, with more shared memory than 48 KB.
    "function grow inputs 1 outputs 0 symbols 1\n"
    "buffer 0 input 0 f32 1 s0\n"
    "kernel k_smem grid 1 1 1 block 32 1 1 smem * s0 1024 buffers 1 0 "
    "symbols 0\n"
    "kernel k_smem grid 1 1 1 block 32 1 1 smem 60000 buffers 1 0 symbols 0\n"
    "end\n"
    // Maps that suit some sizes only.
    "function pitch inputs 1 outputs 0 symbols 3\n"
    "buffer 0 input 0 bf16 3 s0 s1 s2\n"
    "kernel k_pitch grid 1 1 1 block 32 1 1 smem 0 buffers 1 0 symbols 0 "
    "tensormaps 1 0 3 s0 s1 s2 1 8 8 none\n"
    "end\n"
    "function cover inputs 1 outputs 0 symbols 2\n"
    "buffer 0 input 0 f32 2 s0 s1\n"
    "kernel k_cover grid 1 1 1 block 32 1 1 smem 0 buffers 1 0 symbols 0 "
    "tensormaps 1 0 2 s0 64 8 8 none\n"
    "end\n";

std::string tmaBundle() {
  return makeBundle(makePtx({{"mm_k0", 21, 2},
                             {"k_f32", 5, 1},
                             {"k_f16", 6, 1},
                             {"k_smem", 5},
                             {"k_pitch", 5, 1},
                             {"k_cover", 5, 1}}),
                    kTmaBody, "sm_90a");
}

constexpr uintptr_t kBias = 0x600000;

struct MmCall {
  std::vector<int64_t> sx, sw, sy, sb;
  molten_tensor in[3], out[1];
  MmCall(int64_t rows, uintptr_t w = kIn1)
      : sx{rows, 4096}, sw{11008, 4096}, sy{rows, 11008}, sb{rows, 16} {
    in[0] = tensor(rows ? kIn0 : 0, MOLTEN_BF16, sx);
    in[1] = tensor(w, MOLTEN_BF16, sw);
    in[2] = tensor(rows ? kBias : 0, MOLTEN_F32, sb);
    out[0] = tensor(rows ? kOut0 : 0, MOLTEN_BF16, sy);
  }
  molten_status run(molten_bundle *b) {
    return molten_run(b, "mm", in, 3, out, 1, kStream);
  }
};

// Runs a function of one input of the given shape.
molten_status runOne(molten_bundle *b, const char *function, int dtype,
                     std::vector<int64_t> shape) {
  molten_tensor in = tensor(kIn0, dtype, shape);
  return molten_run(b, function, &in, 1, nullptr, 0, kStream);
}

// The encoding whose map carries `serial` (among those since the last
// reset).
const fake_tensor_map *encodedMap(uint64_t serial) {
  for (int i = 0; i < fake.tensorMaps(); ++i)
    if (fake.tensorMap(i)->serial == serial)
      return fake.tensorMap(i);
  return nullptr;
}

template <typename T> bool same(const T *got, const std::vector<T> &want) {
  return std::equal(want.begin(), want.end(), got);
}

// cuTensorMapEncodeTiled's arguments: innermost first, strides of all but
// the innermost dimension, the constant parameters docs/bundle.md fixes.
void expectMap(const fake_tensor_map *t, int dtype, uintptr_t address,
               const std::vector<uint64_t> &dims,
               const std::vector<uint64_t> &strides,
               const std::vector<unsigned> &box, int swizzle, int line) {
  bool ok = t && t->dtype == dtype && t->rank == dims.size() &&
            t->address == address && same(t->dims, dims) &&
            same(t->strides, strides) && same(t->box, box) &&
            same(t->element_strides, std::vector<unsigned>(dims.size(), 1)) &&
            t->interleave == 0 && t->swizzle == swizzle &&
            t->l2_promotion == 3 && t->oob_fill == 0;
  check(ok, "cuTensorMapEncodeTiled's arguments as docs/bundle.md says", line);
}

int groupTensorMaps() {
  openFake();
  molten_bundle *b = LOAD(tmaBundle());

  // The first call: every map is encoded, the big kernel's shared memory is
  // allowed, and the maps follow the symbols, by value.
  EXPECT_OK("mm", MmCall(300).run(b));
  CHECK(fake.launches() == 2);
  CHECK(fake.tensorMaps() == 3);
  expectMap(fake.tensorMap(0), 9, kIn0, {4096, 300, 1}, {8192, 8192 * 300},
            {64, 128, 1}, 3, __LINE__);
  expectMap(fake.tensorMap(1), 9, kIn1, {4096, 11008, 1}, {8192, 8192 * 11008},
            {64, 256, 1}, 3, __LINE__);
  expectMap(fake.tensorMap(2), 7, kBias, {16, 300}, {64}, {16, 8}, 2, __LINE__);
  const fake_launch *k0 = fake.launch(0), *k1 = fake.launch(1);
  uint64_t x = 0, w = 0, bias = 0;
  if (CHECK(k0 && k1 && fake.tensorMaps() == 3)) {
    x = fake.tensorMap(0)->serial;
    w = fake.tensorMap(1)->serial;
    bias = fake.tensorMap(2)->serial;
    CHECK(std::string(k0->entry) == "mm_k0" && k0->dependent);
    CHECK(k0->grid[0] == 48 && k0->block[0] == 384 && k0->smem == 197632);
    uint64_t t = k0->params[15];
    expectParams(
        k0, {kIn0,  kIn0,  0, 300 * 4096,  1, kIn1, kIn1, 0, 11008 * 4096, 1,
             kOut0, kOut0, 0, 300 * 11008, 1, t,    t,    0, 300 * 16,     1,
             300,   x,     w},
        __LINE__);
    CHECK(k0->param_sizes[20] == 8 && k0->param_sizes[21] == 128 &&
          k0->param_sizes[22] == 128);
    CHECK(std::string(k1->entry) == "k_f32" && k1->smem == 49152);
    expectParams(k1, {kBias, kBias, 0, 300 * 16, 1, bias}, __LINE__);
  }
  // Above 48 KB only, once.
  CHECK(fake.count("cuFuncSetAttribute") == 1);
  CHECK(fake.lastFuncAttribute() == 197632);

  // The same pointers and sizes: the cached maps, nothing set again.
  fake.reset();
  EXPECT_OK("mm-again", MmCall(300).run(b));
  CHECK(fake.tensorMaps() == 0);
  CHECK(fake.count("cuFuncSetAttribute") == 0);
  if (CHECK(fake.launches() == 2)) {
    CHECK(fake.launch(0)->params[21] == x && fake.launch(0)->params[22] == w);
    CHECK(fake.launch(1)->params[5] == bias);
  }
  // Another pointer: that map only is encoded again.
  fake.reset();
  EXPECT_OK("mm-other-pointer", MmCall(300, kIn1 + 0x10000000).run(b));
  if (CHECK(fake.tensorMaps() == 1 && fake.launches() == 2)) {
    expectMap(fake.tensorMap(0), 9, kIn1 + 0x10000000, {4096, 11008, 1},
              {8192, 8192 * 11008}, {64, 256, 1}, 3, __LINE__);
    CHECK(fake.launch(0)->params[21] == x);
    CHECK(fake.launch(0)->params[22] == fake.tensorMap(0)->serial);
  }
  // Other sizes: the maps whose dimensions change.
  fake.reset();
  EXPECT_OK("mm-other-size", MmCall(301, kIn1 + 0x10000000).run(b));
  if (CHECK(fake.tensorMaps() == 2)) {
    expectMap(fake.tensorMap(0), 9, kIn0, {4096, 301, 1}, {8192, 8192 * 301},
              {64, 128, 1}, 3, __LINE__);
    expectMap(fake.tensorMap(1), 7, kBias, {16, 301}, {64}, {16, 8}, 2,
              __LINE__);
  }
  // Launches that are skipped encode nothing.
  fake.reset();
  EXPECT_OK("mm-empty", MmCall(0).run(b));
  CHECK(fake.launches() == 0 && fake.tensorMaps() == 0);

  // f16, rank 1 (no strides), no swizzle.
  fake.reset();
  EXPECT_OK("f16", runOne(b, "h", MOLTEN_F16, {5, 24}));
  if (CHECK(fake.tensorMaps() == 1 && fake.launches() == 1)) {
    expectMap(fake.tensorMap(0), 6, kIn0, {120}, {}, {8}, 0, __LINE__);
    expectParams(fake.launch(0),
                 {kIn0, kIn0, 0, 120, 1, 5, fake.tensorMap(0)->serial},
                 __LINE__);
  }

  // Dynamic shared memory: set per function (both lines of `grow` are one
  // CUfunction) to the largest size so far, never lowered.
  fake.reset();
  EXPECT_OK("smem-100352", runOne(b, "grow", MOLTEN_F32, {98}));
  CHECK(fake.count("cuFuncSetAttribute") == 1);
  CHECK(fake.lastFuncAttribute() == 100352);
  fake.reset();
  EXPECT_OK("smem-100352-again", runOne(b, "grow", MOLTEN_F32, {98}));
  EXPECT_OK("smem-40960", runOne(b, "grow", MOLTEN_F32, {40}));
  CHECK(fake.count("cuFuncSetAttribute") == 0);
  CHECK(fake.launches() == 4);
  EXPECT_OK("smem-122880", runOne(b, "grow", MOLTEN_F32, {120}));
  CHECK(fake.count("cuFuncSetAttribute") == 1);
  CHECK(fake.lastFuncAttribute() == 122880);

  // Sizes a map cannot take: refused before the driver sees them.
  fake.reset();
  const molten_status M = MOLTEN_ERROR_ARGUMENT_MISMATCH;
  EXPECT_ERROR("row-pitch", runOne(b, "pitch", MOLTEN_BF16, {2, 3, 3}), M,
               "function 'pitch' kernel 'k_pitch': tensor map of buffer 0 "
               "needs a row pitch that is a multiple of 16 bytes, got 6 "
               "(dims [s0, s1, s2] = [2, 3, 3], bf16)");
  EXPECT_ERROR("stride-2^40",
               runOne(b, "pitch", MOLTEN_BF16, {2, 1 << 20, 1 << 20}), M,
               "tensor map of buffer 0 needs strides below 2^40 bytes, got "
               "2199023255552 for dimension 0");
  EXPECT_ERROR("dim-2^31",
               runOne(b, "pitch", MOLTEN_BF16, {1, 1, int64_t(1) << 31}), M,
               "tensor map of buffer 0 needs every dimension in [1, 2^31 - 1], "
               "got 2147483648 for dimension 2");
  EXPECT_ERROR("dim-0", runOne(b, "pitch", MOLTEN_BF16, {0, 8, 8}), M,
               "tensor map of buffer 0 needs every dimension in [1, 2^31 - 1], "
               "got 0 for dimension 0 (dims [s0, s1, s2] = [0, 8, 8], bf16)");
  EXPECT_ERROR("cover", runOne(b, "cover", MOLTEN_F32, {3, 32}), M,
               "function 'cover' kernel 'k_cover': tensor map of buffer 0 "
               "does not cover the buffer: it has 192 elements, the buffer 96 "
               "(dims [s0, 64] = [3, 64], f32)");
  CHECK(fake.count("cuTensorMapEncodeTiled") == 0);
  CHECK(fake.launches() == 0);
  EXPECT_OK("pitch-ok", runOne(b, "pitch", MOLTEN_BF16, {2, 3, 8}));
  EXPECT_OK("cover-ok", runOne(b, "cover", MOLTEN_F32, {3, 64}));
  molten_bundle_free(b);

  // More shared memory than the device allows a block.
  {
    setenv("MOLTEN_FAKE_CUDA_SMEM_OPTIN", "150000", 1);
    fake.reset();
    molten_bundle *small = LOAD(tmaBundle());
    EXPECT_ERROR("smem-optin", MmCall(300).run(small), MOLTEN_ERROR_CUDA,
                 "function 'mm' kernel 'mm_k0': smem = 197632 bytes of "
                 "dynamic shared memory is more than device 0 allows a block "
                 "(150000 bytes: "
                 "CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN)");
    CHECK(fake.count("cuFuncSetAttribute") == 0);
    CHECK(fake.launches() == 0 && fake.tensorMaps() == 0);
    CHECK(fake.liveAllocations() == 0);
    EXPECT_OK("smem-optin-fits", runOne(small, "grow", MOLTEN_F32, {120}));
    molten_bundle_free(small);
    unsetenv("MOLTEN_FAKE_CUDA_SMEM_OPTIN");
  }

  // Driver failures, each retried by the next call.
  {
    b = LOAD(tmaBundle());
    EXPECT_OK("prepare", molten_bundle_prepare(b));
    fake.reset();
    failNext("cuDeviceGetAttribute=1");
    EXPECT_ERROR("optin-query", MmCall(300).run(b), MOLTEN_ERROR_CUDA,
                 "cuDeviceGetAttribute (shared memory per block, opt-in) "
                 "failed: CUDA_ERROR_INVALID_VALUE");
    failNext("cuFuncSetAttribute=1");
    EXPECT_ERROR("cuFuncSetAttribute", MmCall(300).run(b), MOLTEN_ERROR_CUDA,
                 "cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES, 197632) "
                 "of kernel 'mm_k0' (function 'mm') failed: "
                 "CUDA_ERROR_INVALID_VALUE (invalid argument)");
    fake.reset();
    failNext("cuTensorMapEncodeTiled=1@2");
    EXPECT_ERROR("cuTensorMapEncodeTiled", MmCall(300).run(b),
                 MOLTEN_ERROR_CUDA,
                 "cuTensorMapEncodeTiled for the tensor map of buffer 1 of "
                 "kernel 'mm_k0' (function 'mm', bf16, globalDim [4096, "
                 "11008, 1], globalStrides [8192, 90177536], boxDim [64, 256, "
                 "1], swizzle 128) failed: CUDA_ERROR_INVALID_VALUE (invalid "
                 "argument)");
    CHECK(fake.launches() == 0 && fake.liveAllocations() == 0);
    CHECK(fake.count("cuFuncSetAttribute") == 1); // this time it worked
    failNothing();
    fake.reset();
    EXPECT_OK("recovered", MmCall(300).run(b));
    CHECK(fake.count("cuFuncSetAttribute") == 0);
    // Map 0 was encoded before map 1 failed; map 1 and k_f32's are new.
    CHECK(fake.tensorMaps() == 2);
    molten_bundle_free(b);
  }

  // Threads sharing the bundle's module: each launch gets the maps of its
  // own pointers and sizes. The fake leaves each map half written for a
  // while, so that copying one out while another thread encodes shows.
  {
    b = LOAD(tmaBundle());
    fake.reset();
    setenv("MOLTEN_FAKE_CUDA_ENCODE_DELAY_US", "100", 1);
    std::atomic<int> failures{0};
    auto worker = [&](uintptr_t weights) {
      for (int n = 0; n < 200; ++n)
        if (MmCall(128 + n % 3, weights).run(b) != MOLTEN_OK)
          ++failures;
    };
    std::thread t1(worker, kIn1), t2(worker, kIn1 + 0x10000000);
    t1.join();
    t2.join();
    unsetenv("MOLTEN_FAKE_CUDA_ENCODE_DELAY_US");
    CHECK(failures == 0);
    int launches = 0, wrong = 0;
    for (int i = 0; i < fake.launches(); ++i) {
      const fake_launch *l = fake.launch(i);
      if (std::string(l->entry) != "mm_k0")
        continue;
      ++launches;
      const fake_tensor_map *mx = encodedMap(l->params[21]);
      const fake_tensor_map *mw = encodedMap(l->params[22]);
      if (!mx || !mw || mx->address != l->params[0] ||
          mx->dims[1] != l->params[20] || mw->address != l->params[5])
        ++wrong;
    }
    CHECK(launches == 400);
    CHECK(wrong == 0);
    molten_bundle_free(b);
  }
  CHECK(fake.liveModules() == 0);
  return 0;
}

// A driver older than CUDA 12 (no cuTensorMapEncodeTiled): kernels with
// tensor maps cannot run, the others and launches that are skipped can.
int groupTensorMapsOldDriver() {
  openFake();
  molten_bundle *b = LOAD(tmaBundle());
  EXPECT_ERROR("no-encode", MmCall(300).run(b), MOLTEN_ERROR_NO_DRIVER,
               "function 'mm' kernel 'mm_k0' takes tensor maps, but the CUDA "
               "driver lacks cuTensorMapEncodeTiled (CUDA 12.0 or later)");
  CHECK(fake.launches() == 0 && fake.liveAllocations() == 0);
  EXPECT_OK("no-encode-empty", MmCall(0).run(b));
  EXPECT_OK("no-maps", runOne(b, "grow", MOLTEN_F32, {98}));
  CHECK(fake.launches() == 2);
  molten_bundle_free(b);
  return 0;
}

//===----------------------------------------------------------------------===//
// jit
//===----------------------------------------------------------------------===//

int groupJit() {
  openFake();
  std::string ptx = makePtx({{"k0", 11}}, "\tFAKE_JIT_ERROR: unknown "
                                          "instruction 'fma.rn.f33'\n");
  std::string text = makeBundle(ptx, kSimpleBody);
  std::vector<int64_t> shape = {8, 64};
  molten_tensor in = tensor(kIn0, MOLTEN_F32, shape);
  molten_tensor out = tensor(kOut0, MOLTEN_F32, shape);

  // cuModuleLoadDataEx on the PTX (whole-program JIT, never cuLink*).
  molten_bundle *b = LOAD(text);
  EXPECT_ERROR("jit-error", molten_run(b, "f", &in, 1, &out, 1, nullptr),
               MOLTEN_ERROR_JIT,
               "JIT compilation of the bundle's PTX failed: "
               "cuModuleLoadDataEx (PTX) failed: CUDA_ERROR_INVALID_PTX (a "
               "PTX JIT compilation failed)\nJIT error log:\n"
               "ptxas application ptx input, line 9; error   : "
               "\tFAKE_JIT_ERROR: unknown instruction 'fma.rn.f33'\n"
               "ptxas fatal   : Ptx assembly aborted due to errors");
  CHECK(fake.launches() == 0);
  // The failure is the bundle's: it is reported again, not cached as loaded.
  EXPECT_ERROR("jit-error-again", molten_bundle_prepare(b), MOLTEN_ERROR_JIT,
               "line 9; error");
  CHECK(fake.count("cuModuleLoadDataEx") == 2);
  molten_bundle_free(b);
  return 0;
}

//===----------------------------------------------------------------------===//
// run-file: a bundle file against the fake, for FileCheck on the fake's log
//===----------------------------------------------------------------------===//

int groupRunFile(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: molten-runtime-test run-file <bundle> <function> "
                    "<shape>...\n");
    return 2;
  }
  molten_bundle *b = nullptr;
  if (molten_bundle_load_file(argv[2], &b) != MOLTEN_OK) {
    printf("error: %s\n", molten_last_error());
    return 1;
  }
  int n = 0;
  molten_bundle_function_count(b, &n);
  for (int i = 0; i < n; ++i) {
    const char *name = nullptr;
    int ins = 0, outs = 0;
    molten_bundle_function_name(b, i, &name);
    molten_bundle_num_inputs(b, name, &ins);
    molten_bundle_num_outputs(b, name, &outs);
    printf("function %s: %d inputs, %d outputs\n", name, ins, outs);
  }
  const char *fn = argv[3];
  int ins = 0, outs = 0;
  if (molten_bundle_num_inputs(b, fn, &ins) != MOLTEN_OK ||
      molten_bundle_num_outputs(b, fn, &outs) != MOLTEN_OK) {
    printf("error: %s\n", molten_last_error());
    molten_bundle_free(b);
    return 1;
  }
  std::vector<std::vector<int64_t>> shapes;
  for (int i = 4; i < argc; ++i) {
    shapes.emplace_back();
    std::string s = argv[i];
    if (s == "scalar")
      continue;
    size_t at = 0;
    while (at <= s.size()) {
      size_t x = s.find('x', at);
      if (x == std::string::npos)
        x = s.size();
      shapes.back().push_back(
          strtoll(s.substr(at, x - at).c_str(), nullptr, 10));
      at = x + 1;
    }
  }
  std::vector<molten_tensor> inputs;
  for (size_t i = 0; i < shapes.size(); ++i) {
    int dtype = MOLTEN_F32, rank = 0;
    molten_bundle_input_info(b, fn, static_cast<int>(i), &dtype, &rank);
    inputs.push_back(tensor(0x10000000 * (i + 1), dtype, shapes[i]));
  }
  std::vector<std::vector<int64_t>> outShapes(static_cast<size_t>(outs));
  std::vector<molten_tensor> outputs;
  for (int k = 0; k < outs; ++k) {
    int dtype = MOLTEN_F32, rank = 0;
    molten_bundle_output_info(b, fn, k, &dtype, &rank);
    outShapes[static_cast<size_t>(k)].resize(static_cast<size_t>(rank));
    if (molten_bundle_output_shape(
            b, fn, inputs.data(), static_cast<int>(inputs.size()), k,
            outShapes[static_cast<size_t>(k)].data(), rank) != MOLTEN_OK) {
      printf("error: %s\n", molten_last_error());
      molten_bundle_free(b);
      return 1;
    }
    printf("output %d:", k);
    for (int64_t d : outShapes[static_cast<size_t>(k)])
      printf(" %lld", static_cast<long long>(d));
    printf("\n");
    outputs.push_back(
        tensor(0x80000000 + 0x10000000 * static_cast<uintptr_t>(k), dtype,
               outShapes[static_cast<size_t>(k)]));
  }
  molten_status s =
      molten_run(b, fn, inputs.data(), static_cast<int>(inputs.size()),
                 outputs.data(), outs, kStream);
  printf("run: %s%s%s\n", molten_status_name(s), s ? ": " : "",
         molten_last_error());
  molten_bundle_free(b);
  return s == MOLTEN_OK ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  if (argc < 2) {
    fprintf(stderr, "usage: molten-runtime-test <group> [args]\n");
    return 2;
  }
  std::string group = argv[1];
  int rc = 0;
  if (group == "no-driver")
    rc = groupNoDriver(false);
  else if (group == "no-symbols")
    rc = groupNoDriver(true);
  else if (group == "bad-bundle")
    rc = groupBadBundle();
  else if (group == "arguments")
    rc = groupArguments();
  else if (group == "launch")
    rc = groupLaunch();
  else if (group == "launch-no-ex")
    rc = groupLaunchNoEx();
  else if (group == "driver-errors")
    rc = groupDriverErrors();
  else if (group == "tensor-maps")
    rc = groupTensorMaps();
  else if (group == "tensor-maps-old-driver")
    rc = groupTensorMapsOldDriver();
  else if (group == "jit")
    rc = groupJit();
  else if (group == "run-file")
    return groupRunFile(argc, argv);
  else {
    fprintf(stderr, "unknown group or missing argument: %s\n", group.c_str());
    return 2;
  }
  printf("molten-runtime-test %s: %d checks, %d failed\n", group.c_str(),
         numChecks, numFailures);
  return rc != 0 || numFailures != 0 ? 1 : 0;
}
