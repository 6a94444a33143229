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
 *                          returns CUresult `code`. Read at every call.
 *   MOLTEN_FAKE_CUDA_LOG   a file that gets one line per call of interest
 *                          (module loads, launches, allocations, frees).
 *   MOLTEN_FAKE_CUDA_CC    the compute capability, "9.0" by default.
 *   MOLTEN_FAKE_CUDA_DEVICES  the number of devices, 1 by default.
 *   MOLTEN_FAKE_CUDA_SMEM_OPTIN  the opt-in limit of shared memory per block
 *                          (CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN),
 *                          232448 (an H100's) by default.
 *   MOLTEN_FAKE_CUDA_ENCODE_DELAY_US  microseconds cuTensorMapEncodeTiled
 *                          leaves its map half written (magic, no serial).
 *
 * Images: PTX text; a PTX whose text
 * contains FAKE_JIT_ERROR fails to compile, with a ptxas-like error log that
 * quotes the line. Kernel entries and their parameter sizes are read from
 * the `.entry name(.param .u64 ..., ...)` signatures, as the driver does
 * (`.param .align 64 .b8 name[128]` is a 128-byte parameter, taken from
 * 64-byte aligned memory).
 *
 * Launches check what the driver checks of dynamic shared memory: above
 * 48 KB a launch needs cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES) at
 * least as large first. cuTensorMapEncodeTiled checks its arguments as the
 * driver documents them and records them; the 128 bytes it writes start
 * with "FAKETMAP" and the encoding's serial number, and a launch records a
 * 128-byte parameter holding such a map as that serial number. Built with
 * FAKE_NO_LAUNCH_EX, the fake is a driver older than CUDA 12: it lacks
 * cuLaunchKernelEx and cuTensorMapEncodeTiled.
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
  /* Each zero-extended to 8 bytes; a 128-byte tensor map: its serial
     number (0 if it is not one the fake encoded). */
  uint64_t params[FAKE_CUDA_MAX_PARAMS];
  int param_sizes[FAKE_CUDA_MAX_PARAMS]; /* bytes, as the PTX declares */
  int dependent; /* through cuLaunchKernelEx, programmatic serialization */
} fake_launch;

/* The arguments of one cuTensorMapEncodeTiled call (innermost first). */
typedef struct fake_tensor_map {
  uint64_t serial; /* 1, 2, ... over the process, never reset */
  int dtype;
  unsigned rank;
  uint64_t address;
  uint64_t dims[5];
  uint64_t strides[4];
  unsigned box[5];
  unsigned element_strides[5];
  int interleave, swizzle, l2_promotion, oob_fill;
} fake_tensor_map;

/* Calls of an entry point so far (qualified names count separately). */
int fake_cuda_count(const char *name);
/* Launches recorded so far, and the i-th one. */
int fake_cuda_launches(void);
const fake_launch *fake_cuda_launch(int index);
/* cuTensorMapEncodeTiled calls that succeeded so far, and the i-th one. */
int fake_cuda_tensor_maps(void);
const fake_tensor_map *fake_cuda_tensor_map(int index);
/* The value of the last successful cuFuncSetAttribute. */
int fake_cuda_last_func_attribute(void);
/* Allocations not yet freed, and modules not yet unloaded. */
int fake_cuda_live_allocations(void);
int fake_cuda_live_modules(void);
/* The stream of the last cuMemAllocAsync / cuMemFreeAsync. */
void *fake_cuda_last_alloc_stream(void);
void *fake_cuda_last_free_stream(void);
/* Forgets counts, launches and encodings (allocations, modules and the
 * shared memory limits set stay). */
void fake_cuda_reset(void);

#ifdef __cplusplus
}
#endif

#endif /* MOLTEN_TEST_FAKE_CUDA_H */
