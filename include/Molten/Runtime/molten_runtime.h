/*
 * molten_runtime.h: the C API of the Molten runtime (libmolten_runtime.so).
 *
 * The runtime loads a bundle (docs/bundle.md: the PTX of a molten module plus
 * the launch plan of each of its functions), checks the caller's tensors
 * against a function's plan, and launches the function's kernels on a stream
 * the caller passes. It needs no MLIR and no CUDA headers; the CUDA driver
 * (libcuda.so.1) is loaded with dlopen the first time a call needs it, so a
 * program linked against the runtime starts, and loads and inspects bundles,
 * on a machine without a driver. docs/runtime.md describes the environment
 * variables.
 *
 * Conventions:
 *   - Every function that can fail returns a molten_status. MOLTEN_OK is 0.
 *   - On failure, molten_last_error() returns a message that says what went
 *     wrong and names the argument, the bundle line or the CUDA call (with
 *     the CUDA error name and, for JIT failures, the JIT error log). Every
 *     call that returns a status clears it on entry, so after a successful
 *     call it is "" (molten_bundle_free leaves it alone). It is thread-local: a
 * call on one thread never changes another thread's message.
 *   - Strings returned by the runtime are owned by the runtime: a function
 *     name lives as long as its bundle, molten_last_error()'s string until
 *     the next runtime call on the same thread.
 *   - A bundle is immutable once loaded (apart from its per-context module
 *     cache and, per module, the encoded tensor maps and shared memory
 *     limits of its kernels, all locked): it may be used from several
 *     threads at once.
 *   - No C++ exception ever crosses this interface.
 */
#ifndef MOLTEN_RUNTIME_H
#define MOLTEN_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define MOLTEN_API
#else
#define MOLTEN_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The bundle format version this runtime reads (the `molten-bundle <v>`
 * line). */
#define MOLTEN_BUNDLE_VERSION 1

typedef enum molten_status {
  MOLTEN_OK = 0,
  /* A null handle or pointer, a bad index, an unknown function name. */
  MOLTEN_ERROR_INVALID_ARGUMENT = 1,
  /* The bundle text does not follow docs/bundle.md. */
  MOLTEN_ERROR_BAD_BUNDLE = 2,
  /* A file could not be read. */
  MOLTEN_ERROR_IO = 3,
  /* The tensors passed do not match the function's plan (count, rank,
   * shape, dtype, alignment, dynamic sizes). */
  MOLTEN_ERROR_ARGUMENT_MISMATCH = 4,
  /* libcuda could not be loaded, lacks an entry point, or cuInit failed. */
  MOLTEN_ERROR_NO_DRIVER = 5,
  /* The PTX did not JIT-compile (the message carries the JIT error log). */
  MOLTEN_ERROR_JIT = 6,
  /* Any other CUDA driver call failed (the message names call and error). */
  MOLTEN_ERROR_CUDA = 7,
  /* Host memory ran out, or a size overflowed. */
  MOLTEN_ERROR_OUT_OF_MEMORY = 8
} molten_status;

/* Element types. I1 is one byte per element (0 or 1), as torch.bool. */
typedef enum molten_dtype {
  MOLTEN_F32 = 0,
  MOLTEN_F16 = 1,
  MOLTEN_BF16 = 2,
  MOLTEN_I1 = 3
} molten_dtype;

/* A dense, contiguous, row-major tensor in device memory (for the shape
 * queries, data is not read and may be NULL).
 *   data:  the first element; 16-byte aligned. NULL only when the tensor
 *          has no elements.
 *   dtype: a molten_dtype.
 *   rank:  the number of dimensions (0 for a scalar).
 *   shape: rank sizes, each >= 0 (may be NULL when rank is 0). */
typedef struct molten_tensor {
  void *data;
  int dtype;
  int rank;
  const int64_t *shape;
} molten_tensor;

/* A loaded bundle. Opaque. */
typedef struct molten_bundle molten_bundle;

/* ---- Errors -------------------------------------------------------------- */

/* The message of the last failed call on this thread ("" if the last call
 * succeeded). Never NULL. */
MOLTEN_API const char *molten_last_error(void);

/* The name of a status ("MOLTEN_OK", "MOLTEN_ERROR_BAD_BUNDLE", ...). */
MOLTEN_API const char *molten_status_name(molten_status status);

/* ---- Bundles (parse and validate; no driver needed) ---------------------- */

/* Reads and validates a bundle file. On success *bundle is a new bundle
 * (free it with molten_bundle_free); on failure it is set to NULL. */
MOLTEN_API molten_status molten_bundle_load_file(const char *path,
                                                 molten_bundle **bundle);

/* The same, from `size` bytes at `data` (copied; the caller keeps them). */
MOLTEN_API molten_status molten_bundle_load_memory(const void *data,
                                                   size_t size,
                                                   molten_bundle **bundle);

/* Frees a bundle and unloads its modules (in every context it was used in).
 * NULL is a no-op. Free a bundle only when no other thread is using it, no
 * work it queued can still run (synchronize the streams it ran on), and no
 * CUDA graph captured from it will be launched again: the kernels live in
 * its modules. */
MOLTEN_API void molten_bundle_free(molten_bundle *bundle);

/* The `target` line (e.g. "sm_90"). */
MOLTEN_API molten_status molten_bundle_target(const molten_bundle *bundle,
                                              const char **target);

/* The number of functions, and the name of function `index` (in bundle
 * order). */
MOLTEN_API molten_status
molten_bundle_function_count(const molten_bundle *bundle, int *count);
MOLTEN_API molten_status molten_bundle_function_name(
    const molten_bundle *bundle, int index, const char **name);

/* The number of inputs and outputs of a function. */
MOLTEN_API molten_status molten_bundle_num_inputs(const molten_bundle *bundle,
                                                  const char *function,
                                                  int *count);
MOLTEN_API molten_status molten_bundle_num_outputs(const molten_bundle *bundle,
                                                   const char *function,
                                                   int *count);

/* The declared dtype and rank of input / output `index`. */
MOLTEN_API molten_status molten_bundle_input_info(const molten_bundle *bundle,
                                                  const char *function,
                                                  int index, int *dtype,
                                                  int *rank);
MOLTEN_API molten_status molten_bundle_output_info(const molten_bundle *bundle,
                                                   const char *function,
                                                   int index, int *dtype,
                                                   int *rank);

/* The shape of output `index` for the given inputs, so that callers can
 * allocate outputs. The inputs are checked as molten_run checks them (count,
 * dtype, rank, shape, dynamic sizes), except that their data pointers are
 * not looked at. `shape` receives the output's rank sizes;
 * `shape_capacity` is the room there (at least the output's rank). */
MOLTEN_API molten_status molten_bundle_output_shape(const molten_bundle *bundle,
                                                    const char *function,
                                                    const molten_tensor *inputs,
                                                    int num_inputs, int index,
                                                    int64_t *shape,
                                                    int shape_capacity);

/* ---- Running (needs the driver) ------------------------------------------ */

/* Loads the CUDA driver and calls cuInit. Not needed before other calls
 * (they do it when they need it); useful to ask "is there a driver?".
 * Success is remembered; a failure is retried by the next call. */
MOLTEN_API molten_status molten_driver_init(void);

/* Makes the bundle's module ready in the current CUDA context (the driver
 * JIT-compiles the PTX, or takes it from its own cache), as the first
 * molten_run in that context would. Call it before capturing a CUDA graph
 * so that no JIT happens during capture. The context
 * is the calling thread's current one, else the primary context of device
 * $MOLTEN_DEVICE (default 0), which is then made current. */
MOLTEN_API molten_status molten_bundle_prepare(molten_bundle *bundle);

/* Runs `function` on `stream` (a CUstream; NULL is the legacy default
 * stream): checks the inputs and the caller-allocated outputs against the
 * plan, allocates the function's temporaries with cuMemAllocAsync on the
 * stream, launches the kernels in order, and frees the temporaries with
 * cuMemFreeAsync on the stream. Nothing synchronizes: the call returns once
 * the work is queued, and it may be captured into a CUDA graph.
 * Errors from kernels themselves surface later, on the stream. */
MOLTEN_API molten_status molten_run(molten_bundle *bundle, const char *function,
                                    const molten_tensor *inputs, int num_inputs,
                                    const molten_tensor *outputs,
                                    int num_outputs, void *stream);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MOLTEN_RUNTIME_H */
