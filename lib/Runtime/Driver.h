//===- Driver.h - The CUDA driver API, loaded with dlopen -------*- C++ -*-===//
//
// The few driver types, constants and entry points the runtime uses,
// declared here so that neither building nor running the runtime needs the
// CUDA toolkit. The values are those of cuda.h (CUDA 11.2 .. 13.x): the
// enums CUresult, CUjit_option, CUdevice_attribute,
// CUfunction_attribute and the CUtensorMap* enums (CUDA 12.0 and later). The
// entry points are resolved by their ABI names, i.e. with the `_v2` suffix
// where cuda.h #defines the plain name to a `_v2` one (cuCtxPushCurrent,
// cuCtxPopCurrent).
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_LIB_RUNTIME_DRIVER_H
#define MOLTEN_LIB_RUNTIME_DRIVER_H

#include "Bundle.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace molten {
namespace runtime {

// Types of cuda.h.
typedef int CUresult;
typedef int CUdevice;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
typedef unsigned long long CUdeviceptr;
typedef struct CUmemPoolHandle_st *CUmemoryPool;
typedef int CUjit_option;
typedef int CUdevice_attribute;
typedef int CUfunction_attribute;
typedef int CUtensorMapDataType;
typedef int CUtensorMapInterleave;
typedef int CUtensorMapSwizzle;
typedef int CUtensorMapL2promotion;
typedef int CUtensorMapFloatOOBfill;

// Values of cuda.h.
enum : int {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_INVALID_VALUE = 1,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
  CUDA_ERROR_NOT_INITIALIZED = 3,
  CUDA_ERROR_INVALID_IMAGE = 200,
  CUDA_ERROR_INVALID_CONTEXT = 201,
  CUDA_ERROR_INVALID_PTX = 218,
  CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222,
  CUDA_ERROR_NOT_FOUND = 500,
};
enum : int { // CUjit_option
  CU_JIT_INFO_LOG_BUFFER = 3,
  CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4,
  CU_JIT_ERROR_LOG_BUFFER = 5,
  CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
  CU_JIT_LOG_VERBOSE = 12,
};
enum : int { // CUdevice_attribute
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
  CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97,
};
enum : int { // CUfunction_attribute
  CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
};
/// Dynamic shared memory a launch gets without opting in.
constexpr unsigned kDefaultMaxDynamicSmem = 48 * 1024;
enum : int { // CUtensorMapDataType
  CU_TENSOR_MAP_DATA_TYPE_FLOAT16 = 6,
  CU_TENSOR_MAP_DATA_TYPE_FLOAT32 = 7,
  CU_TENSOR_MAP_DATA_TYPE_BFLOAT16 = 9,
};
enum : int { // CUtensorMapInterleave
  CU_TENSOR_MAP_INTERLEAVE_NONE = 0,
};
enum : int { // CUtensorMapSwizzle
  CU_TENSOR_MAP_SWIZZLE_NONE = 0,
  CU_TENSOR_MAP_SWIZZLE_32B = 1,
  CU_TENSOR_MAP_SWIZZLE_64B = 2,
  CU_TENSOR_MAP_SWIZZLE_128B = 3,
};
enum : int { // CUtensorMapL2promotion
  CU_TENSOR_MAP_L2_PROMOTION_L2_256B = 3,
};
enum : int { // CUtensorMapFloatOOBfill (NONE: zeros out of bounds)
  CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE = 0,
};
/// CUtensorMap: 128 opaque bytes, 64-byte aligned. Kernels take it by value
/// (`.param .align 64 .b8 name[128]`).
struct alignas(64) CUtensorMap {
  unsigned long long opaque[16];
};
static_assert(sizeof(CUtensorMap) == 128 && alignof(CUtensorMap) == 64,
              "CUtensorMap of cuda.h");
enum : int { // CUlaunchAttributeID
  CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION = 6,
};
/// CUlaunchAttribute (72 bytes: an id, padding, a 64-byte value union).
struct CUlaunchAttribute {
  int id;
  char pad[4];
  union {
    char bytes[64];
    int programmaticStreamSerializationAllowed;
    void *alignment;
  } value;
};
static_assert(sizeof(CUlaunchAttribute) == 72, "CUlaunchAttribute of cuda.h");
/// CUlaunchConfig.
struct CUlaunchConfig {
  unsigned int gridDimX, gridDimY, gridDimZ;
  unsigned int blockDimX, blockDimY, blockDimZ;
  unsigned int sharedMemBytes;
  CUstream hStream;
  CUlaunchAttribute *attrs;
  unsigned int numAttrs;
};
static_assert(sizeof(CUlaunchConfig) == 56 &&
                  offsetof(CUlaunchConfig, hStream) == 32 &&
                  offsetof(CUlaunchConfig, attrs) == 40,
              "CUlaunchConfig of cuda.h");

/// The entry points, resolved from libcuda.
struct Driver {
  void *handle = nullptr;
  std::string path;

  CUresult (*cuInit)(unsigned int flags);
  CUresult (*cuGetErrorName)(CUresult error, const char **name);
  CUresult (*cuGetErrorString)(CUresult error, const char **text);
  CUresult (*cuDeviceGet)(CUdevice *device, int ordinal);
  CUresult (*cuDeviceGetAttribute)(int *value, CUdevice_attribute attribute,
                                   CUdevice device);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *context, CUdevice device);
  CUresult (*cuCtxGetCurrent)(CUcontext *context);
  CUresult (*cuCtxSetCurrent)(CUcontext context);
  CUresult (*cuCtxGetDevice)(CUdevice *device);
  CUresult (*cuCtxPushCurrent)(CUcontext context); // cuCtxPushCurrent_v2
  CUresult (*cuCtxPopCurrent)(CUcontext *context); // cuCtxPopCurrent_v2
  CUresult (*cuModuleLoadDataEx)(CUmodule *module, const void *image,
                                 unsigned int numOptions, CUjit_option *options,
                                 void **optionValues);
  CUresult (*cuModuleGetFunction)(CUfunction *function, CUmodule module,
                                  const char *name);
  CUresult (*cuModuleUnload)(CUmodule module);
  CUresult (*cuMemAllocAsync)(CUdeviceptr *pointer, size_t bytes,
                              CUstream stream);
  CUresult (*cuMemFreeAsync)(CUdeviceptr pointer, CUstream stream);
  CUresult (*cuDeviceGetDefaultMemPool)(CUmemoryPool *pool, CUdevice device);
  CUresult (*cuMemPoolSetAttribute)(CUmemoryPool pool, int attribute,
                                    void *value);
  CUresult (*cuLaunchKernel)(CUfunction function, unsigned int gridX,
                             unsigned int gridY, unsigned int gridZ,
                             unsigned int blockX, unsigned int blockY,
                             unsigned int blockZ, unsigned int sharedBytes,
                             CUstream stream, void **params, void **extra);
  /// Optional (CUDA 12.0 and later): null where the driver lacks it, and
  /// then dependent kernels are launched with cuLaunchKernel.
  CUresult (*cuLaunchKernelEx)(const CUlaunchConfig *config,
                               CUfunction function, void **params,
                               void **extra);

  CUresult (*cuFuncSetAttribute)(CUfunction function,
                                 CUfunction_attribute attribute, int value);
  /// Optional (CUDA 12.0 and later): null where the driver lacks it, and
  /// then a kernel with tensor maps cannot be launched.
  CUresult (*cuTensorMapEncodeTiled)(
      CUtensorMap *map, CUtensorMapDataType type, uint32_t rank, void *address,
      const uint64_t *dims, const uint64_t *strides, const uint32_t *box,
      const uint32_t *elementStrides, CUtensorMapInterleave interleave,
      CUtensorMapSwizzle swizzle, CUtensorMapL2promotion l2Promotion,
      CUtensorMapFloatOOBfill oobFill);

  /// "CUDA_ERROR_INVALID_VALUE (invalid argument)".
  std::string errorText(CUresult result) const;
  /// "<call> failed: <errorText>", as a MOLTEN_ERROR_CUDA status.
  Status fail(const std::string &call, CUresult result,
              molten_status code = MOLTEN_ERROR_CUDA) const;
};

/// Loads libcuda ($MOLTEN_LIBCUDA, else libcuda.so.1), resolves the entry
/// points and calls cuInit(0), once per process; a failure is retried by the
/// next call.
Status loadDriver(const Driver *&driver);

/// The calling thread's current context, else the primary context of device
/// $MOLTEN_DEVICE (default 0), retained once per process and made current.
Status currentContext(const Driver &driver, CUcontext &context);

/// Diagnostics on stderr when $MOLTEN_VERBOSE is set (and not "0").
void verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

} // namespace runtime
} // namespace molten

#endif // MOLTEN_LIB_RUNTIME_DRIVER_H
