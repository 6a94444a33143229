//===- Driver.cpp - The CUDA driver API, loaded with dlopen ---------------===//

#include "Driver.h"

#include <dlfcn.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

namespace molten {
namespace runtime {

void verbose(const char *fmt, ...) {
  // Read once: a call that skips its other variants' kernels says so each
  // time, and getenv scans the whole environment.
  static const bool enabled = [] {
    const char *env = getenv("MOLTEN_VERBOSE");
    return env && *env && strcmp(env, "0") != 0;
  }();
  if (!enabled)
    return;
  va_list args;
  va_start(args, fmt);
  fputs("molten: ", stderr);
  vfprintf(stderr, fmt, args);
  fputc('\n', stderr);
  va_end(args);
}

std::string Driver::errorText(CUresult result) const {
  const char *name = nullptr;
  const char *text = nullptr;
  if (cuGetErrorName && cuGetErrorName(result, &name) != CUDA_SUCCESS)
    name = nullptr;
  if (cuGetErrorString && cuGetErrorString(result, &text) != CUDA_SUCCESS)
    text = nullptr;
  std::string s = name ? std::string(name) : format("CUresult %d", result);
  if (text)
    s += format(" (%s)", text);
  return s;
}

Status Driver::fail(const std::string &call, CUresult result,
                    molten_status code) const {
  return Status::error(
      code, format("%s failed: %s", call.c_str(), errorText(result).c_str()));
}

static std::mutex driverMutex;
static Driver *loadedDriver = nullptr; // set once, never freed

template <typename F>
static bool resolve(void *handle, const char *name, F &slot,
                    std::string &missing) {
  void *p = dlsym(handle, name);
  if (!p) {
    if (!missing.empty())
      missing += ", ";
    missing += name;
    return false;
  }
  // POSIX guarantees that a data pointer from dlsym converts to a function
  // pointer.
  slot = reinterpret_cast<F>(p);
  return true;
}

Status loadDriver(const Driver *&driver) {
  std::lock_guard<std::mutex> lock(driverMutex);
  if (loadedDriver) {
    driver = loadedDriver;
    return Status::ok();
  }
  const char *env = getenv("MOLTEN_LIBCUDA");
  std::string path = env && *env ? env : "libcuda.so.1";
  dlerror();
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    return Status::error(
        MOLTEN_ERROR_NO_DRIVER,
        format("cannot load the CUDA driver '%s'%s: %s. Running a bundle "
               "needs an NVIDIA GPU and its driver (libcuda); set "
               "MOLTEN_LIBCUDA to the driver library's path if it is "
               "installed elsewhere",
               path.c_str(), env && *env ? " (from MOLTEN_LIBCUDA)" : "",
               why ? why : "unknown error"));
  }

  Driver *d = new Driver();
  d->handle = handle;
  d->path = path;
  std::string missing;
  resolve(handle, "cuInit", d->cuInit, missing);
  resolve(handle, "cuGetErrorName", d->cuGetErrorName, missing);
  resolve(handle, "cuGetErrorString", d->cuGetErrorString, missing);
  resolve(handle, "cuDeviceGet", d->cuDeviceGet, missing);
  resolve(handle, "cuDeviceGetAttribute", d->cuDeviceGetAttribute, missing);
  resolve(handle, "cuDevicePrimaryCtxRetain", d->cuDevicePrimaryCtxRetain,
          missing);
  resolve(handle, "cuCtxGetCurrent", d->cuCtxGetCurrent, missing);
  resolve(handle, "cuCtxSetCurrent", d->cuCtxSetCurrent, missing);
  resolve(handle, "cuCtxGetDevice", d->cuCtxGetDevice, missing);
  resolve(handle, "cuCtxPushCurrent_v2", d->cuCtxPushCurrent, missing);
  resolve(handle, "cuCtxPopCurrent_v2", d->cuCtxPopCurrent, missing);
  resolve(handle, "cuModuleLoadDataEx", d->cuModuleLoadDataEx, missing);
  resolve(handle, "cuModuleGetFunction", d->cuModuleGetFunction, missing);
  resolve(handle, "cuModuleUnload", d->cuModuleUnload, missing);
  resolve(handle, "cuFuncSetAttribute", d->cuFuncSetAttribute, missing);
  resolve(handle, "cuMemAllocAsync", d->cuMemAllocAsync, missing);
  resolve(handle, "cuMemFreeAsync", d->cuMemFreeAsync, missing);
  resolve(handle, "cuDeviceGetDefaultMemPool", d->cuDeviceGetDefaultMemPool,
          missing);
  resolve(handle, "cuMemPoolSetAttribute", d->cuMemPoolSetAttribute, missing);
  resolve(handle, "cuLaunchKernel", d->cuLaunchKernel, missing);
  std::string optional;
  if (!resolve(handle, "cuLaunchKernelEx", d->cuLaunchKernelEx, optional))
    d->cuLaunchKernelEx = nullptr;
  if (!resolve(handle, "cuTensorMapEncodeTiled", d->cuTensorMapEncodeTiled,
               optional))
    d->cuTensorMapEncodeTiled = nullptr;
  if (!missing.empty()) {
    dlclose(handle);
    delete d;
    return Status::error(
        MOLTEN_ERROR_NO_DRIVER,
        format("the CUDA driver '%s' lacks %s (is it libcuda, and from CUDA "
               "11.2 or newer?)",
               path.c_str(), missing.c_str()));
  }
  CUresult r = d->cuInit(0);
  if (r != CUDA_SUCCESS) {
    Status s = d->fail(format("cuInit (driver '%s')", path.c_str()), r,
                       MOLTEN_ERROR_NO_DRIVER);
    dlclose(handle);
    delete d;
    return s;
  }
  verbose("loaded the CUDA driver '%s'", path.c_str());
  loadedDriver = d;
  driver = d;
  return Status::ok();
}

Status currentContext(const Driver &driver, CUcontext &context) {
  context = nullptr;
  CUresult r = driver.cuCtxGetCurrent(&context);
  if (r != CUDA_SUCCESS)
    return driver.fail("cuCtxGetCurrent", r);
  if (context)
    return Status::ok();

  int ordinal = 0;
  const char *env = getenv("MOLTEN_DEVICE");
  if (env && *env) {
    char *end = nullptr;
    long v = strtol(env, &end, 10);
    if (*end || v < 0 || v > 1 << 20)
      return Status::error(
          MOLTEN_ERROR_INVALID_ARGUMENT,
          format("MOLTEN_DEVICE='%s' is not a device number", env));
    ordinal = static_cast<int>(v);
  }

  // The primary contexts retained so far, one per device, kept for the life
  // of the process (cuDevicePrimaryCtxRetain counts references).
  static std::mutex mutex;
  static std::vector<CUcontext> retained;
  std::lock_guard<std::mutex> lock(mutex);
  if (static_cast<size_t>(ordinal) >= retained.size() ||
      !retained[static_cast<size_t>(ordinal)]) {
    CUdevice device = 0;
    r = driver.cuDeviceGet(&device, ordinal);
    if (r != CUDA_SUCCESS)
      return driver.fail(format("cuDeviceGet(%d) (device from MOLTEN_DEVICE, "
                                "default 0)",
                                ordinal),
                         r);
    CUcontext primary = nullptr;
    r = driver.cuDevicePrimaryCtxRetain(&primary, device);
    if (r != CUDA_SUCCESS)
      return driver.fail(format("cuDevicePrimaryCtxRetain(device %d)", ordinal),
                         r);
    if (retained.size() <= static_cast<size_t>(ordinal))
      retained.resize(static_cast<size_t>(ordinal) + 1, nullptr);
    retained[static_cast<size_t>(ordinal)] = primary;
    verbose("no current CUDA context: using the primary context of device %d",
            ordinal);
  }
  context = retained[static_cast<size_t>(ordinal)];
  r = driver.cuCtxSetCurrent(context);
  if (r != CUDA_SUCCESS)
    return driver.fail("cuCtxSetCurrent", r);
  return Status::ok();
}

} // namespace runtime
} // namespace molten
