//===- gpu_smoke.cpp - The runtime on a real GPU --------------------------===//
//
// molten-runtime-gpu-test <smoke.ptx>: runs a two-kernel
// bundle (y = 2 * x + 1 through a temporary) with the real CUDA driver:
// results, the parameter layout (the kernels check their descriptors), a
// CUDA graph capture, a JIT error with the driver's log, and error paths with
// real device pointers.
// Needs a GPU (test/Runtime/gpu.test: REQUIRES: cuda-driver). Builds
// without the CUDA toolkit: it dlopens libcuda, as the runtime does.
//
//===----------------------------------------------------------------------===//

#include "Molten/Runtime/molten_runtime.h"

#include <dlfcn.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

struct Cuda {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGet)(int *, int);
  CUresult (*cuDevicePrimaryCtxRetain)(void **, int);
  CUresult (*cuCtxSetCurrent)(void *);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t);
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t);
  CUresult (*cuMemsetD32)(CUdeviceptr, unsigned, size_t);
  CUresult (*cuStreamCreate)(void **, unsigned);
  CUresult (*cuStreamSynchronize)(void *);
  CUresult (*cuStreamBeginCapture)(void *, int);
  CUresult (*cuStreamEndCapture)(void *, void **);
  CUresult (*cuGraphInstantiateWithFlags)(void **, void *, unsigned long long);
  CUresult (*cuGraphLaunch)(void *, void *);
} cu;

int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      printf("FAILED: %s (gpu_smoke.cpp:%d)\n", #cond, __LINE__);              \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

#define CU(call)                                                               \
  do {                                                                         \
    CUresult r = (call);                                                       \
    if (r != 0) {                                                              \
      printf("FAILED: %s returned %d (gpu_smoke.cpp:%d)\n", #call, r,          \
             __LINE__);                                                        \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

template <typename F> void sym(void *h, const char *name, F &slot) {
  slot = reinterpret_cast<F>(dlsym(h, name));
  if (!slot) {
    printf("FAILED: libcuda lacks %s\n", name);
    exit(1);
  }
}

std::string readFile(const std::string &path) {
  std::string s;
  FILE *f = fopen(path.c_str(), "rb");
  if (!f)
    return s;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
    s.append(buf, n);
  fclose(f);
  return s;
}

std::string bundleText(const std::string &ptx, const char *smem = "0") {
  return "molten-bundle 1\ntarget sm_80\nptx " + std::to_string(ptx.size()) +
         "\n" + ptx + "\n" +
         "function scale inputs 1 outputs 1 symbols 1\n"
         "buffer 0 input 0 f32 1 s0\n"
         "buffer 1 temp f32 1 s0\n"
         "buffer 2 output 0 f32 1 s0\n"
         "kernel k_twice grid cdiv s0 256 1 1 block 256 1 1 smem " +
         smem +
         " buffers 2 0 1 symbols 1 0\n"
         "kernel k_plus1 grid cdiv s0 256 1 1 block 256 1 1 smem 0 buffers 2 "
         "1 2 symbols 1 0\n"
         "end\n";
}

molten_bundle *load(const std::string &text) {
  molten_bundle *b = nullptr;
  if (molten_bundle_load_memory(text.data(), text.size(), &b) != MOLTEN_OK) {
    printf("FAILED: load: %s\n", molten_last_error());
    exit(1);
  }
  return b;
}

// y == 2 * x + 1 everywhere?
bool resultRight(CUdeviceptr y, const std::vector<float> &x) {
  std::vector<float> host(x.size(), -1.0f);
  CU(cu.cuMemcpyDtoH(host.data(), y, host.size() * 4));
  for (size_t i = 0; i < x.size(); ++i)
    if (host[i] != 2.0f * x[i] + 1.0f) {
      printf("  y[%zu] = %g, expected %g\n", i, host[i], 2.0f * x[i] + 1.0f);
      return false;
    }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: molten-runtime-gpu-test <smoke.ptx>\n");
    return 2;
  }
  setvbuf(stdout, nullptr, _IOLBF, 0);
  const std::string ptx = readFile(argv[1]);
  if (ptx.empty()) {
    printf("FAILED: cannot read %s\n", argv[1]);
    return 1;
  }
  const char *lib = getenv("MOLTEN_LIBCUDA");
  void *h = dlopen(lib && *lib ? lib : "libcuda.so.1", RTLD_NOW);
  if (!h) {
    printf("FAILED: %s\n", dlerror());
    return 1;
  }
  sym(h, "cuInit", cu.cuInit);
  sym(h, "cuDeviceGet", cu.cuDeviceGet);
  sym(h, "cuDevicePrimaryCtxRetain", cu.cuDevicePrimaryCtxRetain);
  sym(h, "cuCtxSetCurrent", cu.cuCtxSetCurrent);
  sym(h, "cuMemAlloc_v2", cu.cuMemAlloc);
  sym(h, "cuMemFree_v2", cu.cuMemFree);
  sym(h, "cuMemcpyHtoD_v2", cu.cuMemcpyHtoD);
  sym(h, "cuMemcpyDtoH_v2", cu.cuMemcpyDtoH);
  sym(h, "cuMemsetD32_v2", cu.cuMemsetD32);
  sym(h, "cuStreamCreate", cu.cuStreamCreate);
  sym(h, "cuStreamSynchronize", cu.cuStreamSynchronize);
  sym(h, "cuStreamBeginCapture_v2", cu.cuStreamBeginCapture);
  sym(h, "cuStreamEndCapture", cu.cuStreamEndCapture);
  sym(h, "cuGraphInstantiateWithFlags", cu.cuGraphInstantiateWithFlags);
  sym(h, "cuGraphLaunch", cu.cuGraphLaunch);

  // The runtime alone: no context current, so it takes device 0's primary.
  molten_bundle *b = load(bundleText(ptx));
  if (molten_bundle_prepare(b) != MOLTEN_OK) {
    printf("FAILED: prepare: %s\n", molten_last_error());
    return 1;
  }
  printf("prepare: ok\n");

  CU(cu.cuInit(0));
  int dev = 0;
  void *ctx = nullptr;
  CU(cu.cuDeviceGet(&dev, 0));
  CU(cu.cuDevicePrimaryCtxRetain(&ctx, dev));
  CU(cu.cuCtxSetCurrent(ctx));
  void *stream = nullptr;
  CU(cu.cuStreamCreate(&stream, 1 /* CU_STREAM_NON_BLOCKING */));

  const int64_t n = 1000003; // odd: a partial last block
  std::vector<float> x(static_cast<size_t>(n));
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<float>((i * 7919) % 1000) * 0.25f - 100.0f;
  CUdeviceptr dx = 0, dy = 0;
  CU(cu.cuMemAlloc(&dx, x.size() * 4));
  CU(cu.cuMemAlloc(&dy, x.size() * 4));
  CU(cu.cuMemcpyHtoD(dx, x.data(), x.size() * 4));
  int64_t shape[1] = {n};
  molten_tensor in = {reinterpret_cast<void *>(dx), MOLTEN_F32, 1, shape};
  molten_tensor out = {reinterpret_cast<void *>(dy), MOLTEN_F32, 1, shape};

  // 1. Run on a stream.
  CU(cu.cuMemsetD32(dy, 0, x.size()));
  molten_status s = molten_run(b, "scale", &in, 1, &out, 1, stream);
  if (s != MOLTEN_OK)
    printf("run: %s\n", molten_last_error());
  CHECK(s == MOLTEN_OK);
  CU(cu.cuStreamSynchronize(stream));
  CHECK(resultRight(dy, x));
  printf("run: ok\n");

  // 2. Captured into a CUDA graph (temporaries become graph allocations).
  CU(cu.cuMemsetD32(dy, 0, x.size()));
  CU(cu.cuStreamBeginCapture(stream, 0 /* CU_STREAM_CAPTURE_MODE_GLOBAL */));
  s = molten_run(b, "scale", &in, 1, &out, 1, stream);
  if (s != MOLTEN_OK)
    printf("capture: %s\n", molten_last_error());
  CHECK(s == MOLTEN_OK);
  void *graph = nullptr, *exec = nullptr;
  CU(cu.cuStreamEndCapture(stream, &graph));
  CU(cu.cuGraphInstantiateWithFlags(&exec, graph, 0));
  for (int i = 0; i < 3; ++i)
    CU(cu.cuGraphLaunch(exec, stream));
  CU(cu.cuStreamSynchronize(stream));
  CHECK(resultRight(dy, x));
  printf("graph: ok\n");

  // 3. Errors with real pointers and a real driver.
  molten_tensor bad = in;
  bad.data = reinterpret_cast<void *>(dx + 4);
  s = molten_run(b, "scale", &bad, 1, &out, 1, stream);
  printf("[unaligned] %s: %s\n", molten_status_name(s), molten_last_error());
  CHECK(s == MOLTEN_ERROR_ARGUMENT_MISMATCH);
  {
    molten_bundle *big = load(bundleText(ptx, "1000000"));
    s = molten_run(big, "scale", &in, 1, &out, 1, stream);
    // Over the device's opt-in limit: refused before anything launches.
    printf("[smem] %s: %s\n", molten_status_name(s), molten_last_error());
    CHECK(s == MOLTEN_ERROR_CUDA &&
          strstr(molten_last_error(), "more than device"));
    CU(cu.cuStreamSynchronize(stream));
    molten_bundle_free(big);
  }
  {
    // A launch only the driver refuses, before it runs anything: k_twice
    // takes at most 128 threads a block (.maxntid), the plan gives it 256.
    std::string strict = ptx;
    size_t body = strict.find("\n{", strict.find(".entry k_twice("));
    strict.insert(body, "\n.maxntid 128, 1, 1");
    molten_bundle *launch = load(bundleText(strict));
    s = molten_run(launch, "scale", &in, 1, &out, 1, stream);
    printf("[launch] %s: %s\n", molten_status_name(s), molten_last_error());
    CHECK(s == MOLTEN_ERROR_CUDA &&
          strstr(molten_last_error(), "cuLaunchKernel of kernel 'k_twice'"));
    CU(cu.cuStreamSynchronize(stream));
    molten_bundle_free(launch);
  }
  {
    std::string broken = ptx;
    size_t at = broken.find("\tret;");
    broken.insert(at, "\tbogus.instruction.f32 %f1, %f2;\n");
    molten_bundle *jit = load(bundleText(broken));
    s = molten_bundle_prepare(jit);
    printf("[jit] %s: %s\n", molten_status_name(s), molten_last_error());
    CHECK(s == MOLTEN_ERROR_JIT && strstr(molten_last_error(), "bogus"));
    molten_bundle_free(jit);
  }

  molten_bundle_free(b);
  CU(cu.cuMemFree(dx));
  CU(cu.cuMemFree(dy));
  printf("molten-runtime-gpu-test: %d failed\n", failures);
  return failures ? 1 : 0;
}
