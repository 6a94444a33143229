/*
 * fake_cuda.h: the test-only interface of the fake CUDA driver
 * (libmolten_fake_cuda.so, built from fake_libcuda.c).
 *
 * The fake implements, on host memory, the driver entry points the runtime
 * uses, so that the runtime's tests run on machines without a GPU: the tests
 * point MOLTEN_LIBCUDA at it. It behaves like the driver where the runtime
 * depends on it (cuInit first, a current context for module and memory
 * calls, JIT options and logs, unknown kernel names, invalid launches) and
 * records what the runtime asked for.
 *
 * Environment:
 *   MOLTEN_FAKE_CUDA_FAIL  "name=code[@n],...": the n-th call (1-based;
 *                          every call without @n) of entry point `name`
 *                          returns CUresult `code`. `name` may be qualified:
 *                          cuModuleLoadDataEx:ptx / cuModuleLoadDataEx:cubin
 *                          pick the kind of image. Read at every call.
 *   MOLTEN_FAKE_CUDA_LOG   a file that gets one line per call of interest
 *                          (module loads, launches, allocations, frees).
 *   MOLTEN_FAKE_CUDA_CC    the compute capability, "9.0" by default.
 *   MOLTEN_FAKE_CUDA_DEVICES  the number of devices, 1 by default.
 *
 * Images: PTX text (any text that is not a fake cubin); a PTX whose text
 * contains FAKE_JIT_ERROR fails to compile, with a ptxas-like error log that
 * quotes the line. Kernel entries and their parameter sizes are read from
 * the `.entry name(.param .u64 ..., ...)` signatures, as the driver does. A
 * "cubin" made by cuLinkComplete is "FAKECUBIN\n" followed by the PTX.
 */
#ifndef MOLTEN_TEST_FAKE_CUDA_H
#define MOLTEN_TEST_FAKE_CUDA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FAKE_CUDA_MAX_PARAMS 128

typedef struct fake_launch {
  char entry[128];
  unsigned grid[3];
  unsigned block[3];
  unsigned smem;
  void *stream;
  void *context;
  int num_params;
  uint64_t params[FAKE_CUDA_MAX_PARAMS]; /* each zero-extended to 8 bytes */
  int dependent; /* through cuLaunchKernelEx, programmatic serialization */
} fake_launch;

/* Calls of an entry point so far (qualified names count separately). */
int fake_cuda_count(const char *name);
/* Launches recorded so far, and the i-th one. */
int fake_cuda_launches(void);
const fake_launch *fake_cuda_launch(int index);
/* Allocations not yet freed, and modules not yet unloaded. */
int fake_cuda_live_allocations(void);
int fake_cuda_live_modules(void);
/* The stream of the last cuMemAllocAsync / cuMemFreeAsync. */
void *fake_cuda_last_alloc_stream(void);
void *fake_cuda_last_free_stream(void);
/* Forgets counts and launches (allocations and modules stay). */
void fake_cuda_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* MOLTEN_TEST_FAKE_CUDA_H */
