//===- Runtime.cpp - The C API: bundles, modules, launches ----------------===//
//
// Implements include/Molten/Runtime/molten_runtime.h. Every entry point
// clears the thread's last error, and sets it whenever it returns a status
// other than MOLTEN_OK.
//
//===----------------------------------------------------------------------===//

#include "Bundle.h"
#include "Driver.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

using namespace molten::runtime;

namespace {
/// A tensor map as last encoded for one kernel line, and what from.
struct EncodedMap {
  bool valid = false;
  CUdeviceptr pointer = 0;
  uint64_t dims[kMaxTensorMapRank] = {}; // TensorMapShape::dims
  CUtensorMap map;
};

/// A bundle's module in one context, with the function of every kernel.
struct LoadedModule {
  CUcontext context = nullptr;
  CUmodule module = nullptr;
  std::vector<std::vector<CUfunction>> functions; // [function][kernel]

  /// Guards what launches change below: calls of one bundle in one context
  /// may run on several threads at once.
  std::mutex mutex;
  /// The device's opt-in limit of shared memory per block; 0 until asked.
  int smemOptin = 0;
  CUdevice device = 0; // the context's, read when the module loads
  /// The largest CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES set so far
  /// per function: kernel lines may share an entry, and lowering the value
  /// for one would break the other.
  std::unordered_map<CUfunction, unsigned> smemSet;
  /// [function][kernel][map]: the last encoding of each tensor map.
  std::vector<std::vector<std::vector<EncodedMap>>> maps;
};
} // namespace

struct molten_bundle {
  BundleData data;
  std::mutex mutex; // guards modules
  // One per context the bundle ran in. Entries never move: a launch keeps
  // using its entry after the lock is released.
  std::vector<std::unique_ptr<LoadedModule>> modules;
};

static thread_local std::string lastError;

static molten_status report(const Status &s) {
  if (s.failed())
    lastError = s.message;
  return s.code;
}

static molten_status invalid(const char *message) {
  lastError = message;
  return MOLTEN_ERROR_INVALID_ARGUMENT;
}

static Status findFunction(const molten_bundle *bundle, const char *name,
                           const Function *&fn) {
  fn = nullptr;
  if (!bundle)
    return Status::error(MOLTEN_ERROR_INVALID_ARGUMENT, "bundle is NULL");
  if (!name)
    return Status::error(MOLTEN_ERROR_INVALID_ARGUMENT,
                         "function name is NULL");
  fn = bundle->data.find(name);
  if (fn)
    return Status::ok();
  std::string names;
  for (const Function &f : bundle->data.functions)
    names += (names.empty() ? "" : ", ") + f.name;
  return Status::error(MOLTEN_ERROR_INVALID_ARGUMENT,
                       format("the bundle has no function '%s' (it has: %s)",
                              printable(name).c_str(),
                              names.empty() ? "none" : names.c_str()));
}

//===----------------------------------------------------------------------===//
// Module loading: JIT-compile the PTX in the current context
//===----------------------------------------------------------------------===//

constexpr size_t kLogBytes = 16 * 1024;

namespace {
/// The JIT options asking for the info and error logs.
struct JitLogs {
  std::vector<char> info = std::vector<char>(kLogBytes, '\0');
  std::vector<char> error = std::vector<char>(kLogBytes, '\0');
  CUjit_option options[5] = {
      CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES,
      CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
      CU_JIT_LOG_VERBOSE};
  void *values[5];

  JitLogs() { reset(); }
  void reset() {
    info.assign(kLogBytes, '\0');
    error.assign(kLogBytes, '\0');
    values[0] = info.data();
    values[1] = reinterpret_cast<void *>(static_cast<uintptr_t>(kLogBytes));
    values[2] = error.data();
    values[3] = reinterpret_cast<void *>(static_cast<uintptr_t>(kLogBytes));
    values[4] = reinterpret_cast<void *>(
        static_cast<uintptr_t>(verboseEnabled() ? 1 : 0));
  }
  static bool verboseEnabled() {
    const char *env = getenv("MOLTEN_VERBOSE");
    return env && *env && strcmp(env, "0") != 0;
  }
  static std::string text(const std::vector<char> &buf, void *written) {
    size_t n = static_cast<size_t>(reinterpret_cast<uintptr_t>(written));
    if (n > buf.size())
      n = buf.size();
    std::string s(buf.data(), strnlen(buf.data(), n));
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
      s.pop_back();
    return s;
  }
  std::string infoLog() const { return text(info, values[1]); }
  std::string errorLog() const { return text(error, values[3]); }

  /// A JIT failure: the call, the error, and the error log.
  Status fail(const Driver &driver, const char *call, CUresult r) const {
    std::string log = errorLog();
    return Status::error(
        MOLTEN_ERROR_JIT,
        format("JIT compilation of the bundle's PTX failed: %s failed: %s\n"
               "JIT error log:\n%s",
               call, driver.errorText(r).c_str(),
               log.empty() ? "(empty)" : log.c_str()));
  }
  void showInfo(const char *what) const {
    std::string log = infoLog();
    if (!log.empty())
      verbose("%s: JIT info log:\n%s", what, log.c_str());
  }
};
} // namespace

/// cuModuleLoadDataEx on an image (PTX text or cubin) with the log options.
static Status loadImage(const Driver &driver, const void *image,
                        const char *what, CUmodule &module) {
  JitLogs logs;
  CUresult r =
      driver.cuModuleLoadDataEx(&module, image, 5, logs.options, logs.values);
  if (r != CUDA_SUCCESS) {
    module = nullptr;
    return logs.fail(driver, format("cuModuleLoadDataEx (%s)", what).c_str(),
                     r);
  }
  logs.showInfo(what);
  return Status::ok();
}

/// The module of the bundle's PTX in the current context (on `device`),
/// JIT-compiled.
static Status loadModule(const Driver &driver, const BundleData &bundle,
                         CUdevice device, CUmodule &module) {
  int major = 0, minor = 0;
  CUresult r = driver.cuDeviceGetAttribute(
      &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
  if (r == CUDA_SUCCESS)
    r = driver.cuDeviceGetAttribute(
        &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
  if (r != CUDA_SUCCESS)
    return driver.fail("cuDeviceGetAttribute (compute capability)", r);
  bool fits =
      bundle.targetSpecific
          ? major == bundle.targetMajor && minor == bundle.targetMinor
          : major > bundle.targetMajor ||
                (major == bundle.targetMajor && minor >= bundle.targetMinor);
  if (!fits)
    return Status::error(
        MOLTEN_ERROR_CUDA,
        format("the bundle was compiled for %s, but device %d is sm_%d%d%s",
               bundle.target.c_str(), device, major, minor,
               bundle.targetSpecific ? " (an sm_XXa target runs only on that "
                                       "exact architecture)"
                                     : ""));

  // The PTX goes to cuModuleLoadDataEx, never through cuLink*: the linker
  // compiles PTX as relocatable code, and ptxas then ignores setmaxnreg and
  // serialises wgmma (a call of its division helpers counts as an extern
  // call). The driver's own JIT cache (CUDA_CACHE_PATH) keeps the result
  // across processes.
  return loadImage(driver, bundle.ptx.c_str(), "PTX", module);
}

/// The bundle's module in the current context (loaded on first use).
static Status moduleFor(molten_bundle *bundle, const Driver *&driver,
                        LoadedModule *&loaded) {
  Status s = loadDriver(driver);
  if (s.failed())
    return s;
  CUcontext context = nullptr;
  s = currentContext(*driver, context);
  if (s.failed())
    return s;

  std::lock_guard<std::mutex> lock(bundle->mutex);
  for (const std::unique_ptr<LoadedModule> &m : bundle->modules)
    if (m->context == context) {
      loaded = m.get();
      return Status::ok();
    }

  std::unique_ptr<LoadedModule> owned(new (std::nothrow) LoadedModule());
  if (!owned)
    return Status::error(MOLTEN_ERROR_OUT_OF_MEMORY, "out of memory");
  LoadedModule &m = *owned;
  m.context = context;
  CUresult device = driver->cuCtxGetDevice(&m.device);
  if (device != CUDA_SUCCESS)
    return driver->fail("cuCtxGetDevice", device);
  s = loadModule(*driver, bundle->data, m.device, m.module);
  if (s.failed())
    return s;
  for (const Function &fn : bundle->data.functions) {
    m.functions.emplace_back();
    m.maps.emplace_back();
    for (const Kernel &k : fn.kernels) {
      m.maps.back().emplace_back(k.tensorMaps.size());
      CUfunction f = nullptr;
      CUresult r = driver->cuModuleGetFunction(&f, m.module, k.entry.c_str());
      if (r != CUDA_SUCCESS) {
        driver->cuModuleUnload(m.module);
        return driver->fail(format("cuModuleGetFunction('%s') (kernel of "
                                   "function '%s', bundle line %d)",
                                   k.entry.c_str(), fn.name.c_str(), k.line),
                            r);
      }
      m.functions.back().push_back(f);
    }
  }
  loaded = owned.get();
  bundle->modules.push_back(std::move(owned));
  return Status::ok();
}

//===----------------------------------------------------------------------===//
// Launching
//===----------------------------------------------------------------------===//

/// Lets `function` take `smem` bytes of dynamic shared memory, more than a
/// launch gets by default: once per function and context for the largest
/// size so far. Beyond the device's limit it is an error of its own rather
/// than a failed launch.
static Status allowSmem(const Driver &driver, LoadedModule &module,
                        CUfunction function, unsigned smem, const Function &fn,
                        const Kernel &k) {
  std::lock_guard<std::mutex> lock(module.mutex);
  unsigned &set = module.smemSet[function];
  if (set >= smem)
    return Status::ok();
  if (module.smemOptin == 0) {
    int optin = 0;
    CUresult r = driver.cuDeviceGetAttribute(
        &optin, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN,
        module.device);
    if (r != CUDA_SUCCESS)
      return driver.fail("cuDeviceGetAttribute (shared memory per block, "
                         "opt-in)",
                         r);
    module.smemOptin = optin;
  }
  if (smem > static_cast<unsigned>(module.smemOptin))
    return Status::error(
        MOLTEN_ERROR_CUDA,
        format("function '%s' kernel '%s': smem = %u bytes of dynamic shared "
               "memory is more than device %d allows a block (%d bytes: "
               "CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN)",
               fn.name.c_str(), k.entry.c_str(), smem, module.device,
               module.smemOptin));
  CUresult r = driver.cuFuncSetAttribute(
      function, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
      static_cast<int>(smem));
  if (r != CUDA_SUCCESS)
    return driver.fail(format("cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_"
                              "BYTES, %u) of kernel '%s' (function '%s')",
                              smem, k.entry.c_str(), fn.name.c_str()),
                       r);
  set = smem;
  return Status::ok();
}

template <typename T> static std::string sizeList(const T *v, int n) {
  std::string s = "[";
  for (int i = 0; i < n; ++i)
    s += format(i ? ", %llu" : "%llu", static_cast<unsigned long long>(v[i]));
  return s + "]";
}

/// cuTensorMapEncodeTiled for tensor map `m` of `k` (docs/bundle.md,
/// "Tensor maps"): the shape innermost first, as the driver takes it.
static Status encodeMap(const Driver &driver, const Function &fn,
                        const Kernel &k, const TensorMap &m,
                        const TensorMapShape &shape, CUdeviceptr pointer,
                        CUtensorMap &map) {
  if (pointer % 16 != 0)
    return Status::error(MOLTEN_ERROR_ARGUMENT_MISMATCH,
                         format("function '%s' kernel '%s': tensor map of "
                                "buffer %d needs a 16-byte aligned address, "
                                "got 0x%llx",
                                fn.name.c_str(), k.entry.c_str(), m.buffer,
                                static_cast<unsigned long long>(pointer)));
  int rank = shape.rank;
  uint32_t box[kMaxTensorMapRank], elementStrides[kMaxTensorMapRank];
  for (int i = 0; i < rank; ++i) {
    box[i] = m.box[static_cast<size_t>(rank - 1 - i)];
    elementStrides[i] = 1;
  }
  int dtype = fn.buffers[static_cast<size_t>(m.buffer)].dtype;
  CUtensorMapDataType type =
      dtype == MOLTEN_F32   ? CU_TENSOR_MAP_DATA_TYPE_FLOAT32
      : dtype == MOLTEN_F16 ? CU_TENSOR_MAP_DATA_TYPE_FLOAT16
                            : CU_TENSOR_MAP_DATA_TYPE_BFLOAT16;
  CUtensorMapSwizzle swizzle = m.swizzle == 32    ? CU_TENSOR_MAP_SWIZZLE_32B
                               : m.swizzle == 64  ? CU_TENSOR_MAP_SWIZZLE_64B
                               : m.swizzle == 128 ? CU_TENSOR_MAP_SWIZZLE_128B
                                                  : CU_TENSOR_MAP_SWIZZLE_NONE;
  CUresult r = driver.cuTensorMapEncodeTiled(
      &map, type, static_cast<uint32_t>(rank),
      reinterpret_cast<void *>(static_cast<uintptr_t>(pointer)), shape.dims,
      shape.strides, box, elementStrides, CU_TENSOR_MAP_INTERLEAVE_NONE,
      swizzle, CU_TENSOR_MAP_L2_PROMOTION_L2_256B,
      CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE);
  if (r != CUDA_SUCCESS)
    return driver.fail(
        format("cuTensorMapEncodeTiled for the tensor map of buffer %d of "
               "kernel '%s' (function '%s', %s, globalDim %s, globalStrides "
               "%s, boxDim %s, swizzle %s)",
               m.buffer, k.entry.c_str(), fn.name.c_str(), dtypeName(dtype),
               sizeList(shape.dims, rank).c_str(),
               sizeList(shape.strides, rank - 1).c_str(),
               sizeList(box, rank).c_str(),
               m.swizzle ? format("%d", m.swizzle).c_str() : "none"),
        r);
  return Status::ok();
}

/// Makes the device's default memory pool, where cuMemAllocAsync takes
/// temporaries, keep the memory they free: at its default release
/// threshold (0) it hands that memory back at every synchronisation, and
/// the next call maps it again, which costs host time on every call. Once
/// per device; a failure costs only that time, so it is only reported
/// (MOLTEN_VERBOSE).
static void keepPoolMemory(const Driver *driver, CUdevice device) {
  static std::mutex mutex;
  static std::set<CUdevice> done;
  std::lock_guard<std::mutex> lock(mutex);
  if (!done.insert(device).second)
    return;
  constexpr int kReleaseThreshold = 4; // CU_MEMPOOL_ATTR_RELEASE_THRESHOLD
  unsigned long long everything = ~0ull;
  CUmemoryPool pool = nullptr;
  CUresult r = driver->cuDeviceGetDefaultMemPool(&pool, device);
  if (r == CUDA_SUCCESS)
    r = driver->cuMemPoolSetAttribute(pool, kReleaseThreshold, &everything);
  if (r != CUDA_SUCCESS)
    verbose("device %d: the default memory pool keeps its release "
            "threshold (CUresult %d)",
            device, r);
}

/// The tensor maps of kernel `i` of a function for one launch, into `out`:
/// encoded, or copied from the module's cache when the pointer and the
/// dimensions are those of the last encoding (encoding costs about 1 us).
static Status tensorMaps(const Driver &driver, LoadedModule &module,
                         const Function &fn, size_t fnIndex, size_t i,
                         const TensorMapShape *shapes,
                         const std::vector<CUdeviceptr> &pointers,
                         CUtensorMap *out) {
  const Kernel &k = fn.kernels[i];
  if (!driver.cuTensorMapEncodeTiled)
    return Status::error(MOLTEN_ERROR_NO_DRIVER,
                         format("function '%s' kernel '%s' takes tensor maps, "
                                "but the CUDA driver lacks "
                                "cuTensorMapEncodeTiled (CUDA 12.0 or later)",
                                fn.name.c_str(), k.entry.c_str()));
  std::lock_guard<std::mutex> lock(module.mutex);
  std::vector<EncodedMap> &cache = module.maps[fnIndex][i];
  for (size_t j = 0; j < k.tensorMaps.size(); ++j) {
    const TensorMap &m = k.tensorMaps[j];
    const TensorMapShape &shape = shapes[j];
    CUdeviceptr pointer = pointers[static_cast<size_t>(m.buffer)];
    EncodedMap &e = cache[j];
    if (!e.valid || e.pointer != pointer ||
        memcmp(e.dims, shape.dims, sizeof(e.dims)) != 0) {
      e.valid = false;
      Status s = encodeMap(driver, fn, k, m, shape, pointer, e.map);
      if (s.failed())
        return s;
      e.valid = true;
      e.pointer = pointer;
      memcpy(e.dims, shape.dims, sizeof(e.dims));
    }
    out[j] = e.map;
  }
  return Status::ok();
}

/// The alignment of each temporary inside their shared allocation.
constexpr size_t kTempAlignment = 256;

static Status launch(molten_bundle *bundle, const Function &fn, size_t fnIndex,
                     const molten_tensor *inputs, const molten_tensor *outputs,
                     const std::vector<int64_t> &symbols, CUstream stream) {
  // Everything the plan computes from the sizes, before touching the driver.
  std::vector<int64_t> elements(fn.buffers.size(), 0);
  for (const Buffer &b : fn.buffers) {
    Status s = fn.elementCount(b, symbols, elements[static_cast<size_t>(b.id)]);
    if (s.failed())
      return s;
  }
  struct Launch {
    unsigned grid[3], block[3], smem;
    bool empty;
    size_t firstMap; // its tensor maps' shapes start at shapes[firstMap]
  };
  std::vector<TensorMapShape> shapes;
  std::vector<Launch> launches(fn.kernels.size());
  for (size_t i = 0; i < fn.kernels.size(); ++i) {
    const Kernel &k = fn.kernels[i];
    Launch &l = launches[i];
    l.empty = false;
    static const int64_t gridMax[3] = {INT_MAX, 65535, 65535};
    for (int a = 0; a < 3; ++a) {
      int64_t g = 0, b = 0;
      Status s = k.grid[a].evaluate(symbols, g);
      if (!s.failed())
        s = k.block[a].evaluate(symbols, b);
      if (s.failed())
        return Status::error(s.code, format("function '%s' kernel '%s': %s",
                                            fn.name.c_str(), k.entry.c_str(),
                                            s.message.c_str()));
      if (g > gridMax[a] || b > 1024)
        return Status::error(
            MOLTEN_ERROR_ARGUMENT_MISMATCH,
            format("function '%s' kernel '%s': %s %c = %lld exceeds the limit "
                   "of a launch (%lld)",
                   fn.name.c_str(), k.entry.c_str(),
                   g > gridMax[a] ? "grid" : "block", 'x' + a,
                   static_cast<long long>(g > gridMax[a] ? g : b),
                   static_cast<long long>(g > gridMax[a] ? gridMax[a] : 1024)));
      l.grid[a] = static_cast<unsigned>(g);
      l.block[a] = static_cast<unsigned>(b);
      l.empty = l.empty || g == 0 || b == 0;
    }
    int64_t smem = 0;
    Status s = k.smem.evaluate(symbols, smem);
    if (s.failed())
      return Status::error(s.code, format("function '%s' kernel '%s': %s",
                                          fn.name.c_str(), k.entry.c_str(),
                                          s.message.c_str()));
    if (smem > UINT_MAX)
      return Status::error(MOLTEN_ERROR_ARGUMENT_MISMATCH,
                           format("function '%s' kernel '%s': smem = %lld "
                                  "bytes is too large",
                                  fn.name.c_str(), k.entry.c_str(),
                                  static_cast<long long>(smem)));
    l.smem = static_cast<unsigned>(smem);
    // Only for launches that run: an empty tensor has no tensor map.
    l.firstMap = shapes.size();
    for (size_t j = 0; j < k.tensorMaps.size() && !l.empty; ++j) {
      shapes.emplace_back();
      size_t id = static_cast<size_t>(k.tensorMaps[j].buffer);
      s = fn.tensorMapShape(k, j, symbols, elements[id], shapes.back());
      if (s.failed())
        return s;
    }
  }

  const Driver *driver = nullptr;
  LoadedModule *module = nullptr;
  Status s = moduleFor(bundle, driver, module);
  if (s.failed())
    return s;

  // Device pointers of every buffer: the caller's, or fresh temporaries.
  if (std::any_of(fn.buffers.begin(), fn.buffers.end(),
                  [](const Buffer &b) { return b.role == Role::Temp; }))
    keepPoolMemory(driver, module->device);
  std::vector<CUdeviceptr> pointers(fn.buffers.size(), 0);
  // The temporaries share one allocation: each cuMemAllocAsync and
  // cuMemFreeAsync costs about as much host time as a launch.
  size_t tempBytes = 0;
  for (const Buffer &b : fn.buffers) {
    size_t id = static_cast<size_t>(b.id);
    if (b.role == Role::Input) {
      pointers[id] = reinterpret_cast<uintptr_t>(inputs[b.index].data);
    } else if (b.role == Role::Output) {
      pointers[id] = reinterpret_cast<uintptr_t>(outputs[b.index].data);
    } else if (elements[id] > 0) {
      // elementCount checked that the bytes fit; the offsets stay aligned
      // for vector loads and TMA.
      size_t bytes = static_cast<size_t>(elements[id] * dtypeSize(b.dtype));
      pointers[id] = tempBytes; // an offset until the allocation is made
      if (__builtin_add_overflow(
              tempBytes, (bytes + kTempAlignment - 1) & ~(kTempAlignment - 1),
              &tempBytes))
        return Status::error(MOLTEN_ERROR_ARGUMENT_MISMATCH,
                             format("function '%s': the temporaries' size "
                                    "overflows",
                                    fn.name.c_str()));
    }
  }
  CUdeviceptr temps = 0;
  if (tempBytes > 0) {
    CUresult r = driver->cuMemAllocAsync(&temps, tempBytes, stream);
    if (r != CUDA_SUCCESS)
      return driver->fail(format("cuMemAllocAsync(%zu bytes) for the temp "
                                 "buffers of function '%s'",
                                 tempBytes, fn.name.c_str()),
                          r);
    for (const Buffer &b : fn.buffers)
      if (b.role == Role::Temp && elements[static_cast<size_t>(b.id)] > 0)
        pointers[static_cast<size_t>(b.id)] += temps;
  }

  // Every launch's shared-memory size and tensor maps before the first
  // launch: a driver call that fails then leaves no kernel run and nothing
  // half-written. The tensor maps are passed by value: the driver copies
  // them from 64-byte aligned host memory, which must live until the
  // launch call returns.
  std::vector<CUtensorMap> maps(shapes.size());
  for (size_t i = 0; i < fn.kernels.size() && !s.failed(); ++i) {
    const Kernel &k = fn.kernels[i];
    const Launch &l = launches[i];
    if (l.empty)
      continue;
    if (l.smem > kDefaultMaxDynamicSmem)
      s = allowSmem(*driver, *module, module->functions[fnIndex][i], l.smem, fn,
                    k);
    if (!s.failed() && !k.tensorMaps.empty())
      s = tensorMaps(*driver, *module, fn, fnIndex, i, &shapes[l.firstMap],
                     pointers, &maps[l.firstMap]);
  }

  // The kernels, in order; parameters per docs/bundle.md.
  std::vector<uint64_t> values;
  std::vector<void *> params;
  for (size_t i = 0; i < fn.kernels.size() && !s.failed(); ++i) {
    const Kernel &k = fn.kernels[i];
    const Launch &l = launches[i];
    if (l.empty) {
      verbose("function '%s' kernel '%s': nothing to launch (grid %u %u %u, "
              "block %u %u %u)",
              fn.name.c_str(), k.entry.c_str(), l.grid[0], l.grid[1], l.grid[2],
              l.block[0], l.block[1], l.block[2]);
      continue;
    }
    values.clear();
    for (int id : k.buffers) {
      uint64_t p = pointers[static_cast<size_t>(id)];
      values.push_back(p); // allocated pointer
      values.push_back(p); // aligned pointer
      values.push_back(0); // offset
      values.push_back(
          static_cast<uint64_t>(elements[static_cast<size_t>(id)]));
      values.push_back(1); // stride
    }
    for (int sym : k.symbols)
      values.push_back(
          static_cast<uint64_t>(symbols[static_cast<size_t>(sym)]));
    CUfunction function = module->functions[fnIndex][i];
    params.resize(values.size());
    for (size_t j = 0; j < values.size(); ++j)
      params[j] = &values[j];
    for (size_t j = 0; j < k.tensorMaps.size(); ++j)
      params.push_back(&maps[l.firstMap + j]);
    void **args = params.empty() ? nullptr : params.data();
    CUresult r;
    bool dependent = k.dependent && driver->cuLaunchKernelEx;
    if (dependent) {
      // The kernel waits for the previous grid itself: its launch may
      // overlap that grid's end (programmatic dependent launch).
      CUlaunchAttribute attribute{};
      attribute.id = CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION;
      attribute.value.programmaticStreamSerializationAllowed = 1;
      CUlaunchConfig config{l.grid[0],  l.grid[1],  l.grid[2], l.block[0],
                            l.block[1], l.block[2], l.smem,    stream,
                            &attribute, 1};
      r = driver->cuLaunchKernelEx(&config, function, args, nullptr);
    } else {
      r = driver->cuLaunchKernel(function, l.grid[0], l.grid[1], l.grid[2],
                                 l.block[0], l.block[1], l.block[2], l.smem,
                                 stream, args, nullptr);
    }
    if (r != CUDA_SUCCESS)
      s = driver->fail(format("%s of kernel '%s' (function '%s', "
                              "launch %zu of %zu, grid %u %u %u, block %u %u "
                              "%u, smem %u)",
                              dependent ? "cuLaunchKernelEx" : "cuLaunchKernel",
                              k.entry.c_str(), fn.name.c_str(), i + 1,
                              fn.kernels.size(), l.grid[0], l.grid[1],
                              l.grid[2], l.block[0], l.block[1], l.block[2],
                              l.smem),
                       r);
  }

  // The temporaries go back in stream order, also after a failure.
  if (temps) {
    CUresult r = driver->cuMemFreeAsync(temps, stream);
    if (r != CUDA_SUCCESS && !s.failed())
      s = driver->fail(format("cuMemFreeAsync of the temp buffers of "
                              "function '%s'",
                              fn.name.c_str()),
                       r);
  }
  return s;
}

static Status readWholeFile(const char *path, std::string &contents) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Status::error(MOLTEN_ERROR_IO,
                         format("cannot open '%s': %s", path, strerror(errno)));
  contents.clear();
  char buf[1 << 16];
  int error = 0;
  while (true) {
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      error = errno;
    if (n <= 0)
      break;
    contents.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  if (error)
    return Status::error(MOLTEN_ERROR_IO,
                         format("cannot read '%s': %s", path, strerror(error)));
  return Status::ok();
}

static molten_status loadBundle(const char *data, size_t size,
                                const char *origin, molten_bundle **out) {
  molten_bundle *bundle = new (std::nothrow) molten_bundle();
  if (!bundle)
    return report(Status::error(MOLTEN_ERROR_OUT_OF_MEMORY, "out of memory"));
  Status s = parseBundle(data, size, bundle->data);
  if (s.failed()) {
    delete bundle;
    s.message = format("%s: %s", origin, s.message.c_str());
    return report(s);
  }
  *out = bundle;
  return MOLTEN_OK;
}

//===----------------------------------------------------------------------===//
// The C API
//===----------------------------------------------------------------------===//

extern "C" {

const char *molten_last_error(void) { return lastError.c_str(); }

const char *molten_status_name(molten_status status) {
  switch (status) {
  case MOLTEN_OK:
    return "MOLTEN_OK";
  case MOLTEN_ERROR_INVALID_ARGUMENT:
    return "MOLTEN_ERROR_INVALID_ARGUMENT";
  case MOLTEN_ERROR_BAD_BUNDLE:
    return "MOLTEN_ERROR_BAD_BUNDLE";
  case MOLTEN_ERROR_IO:
    return "MOLTEN_ERROR_IO";
  case MOLTEN_ERROR_ARGUMENT_MISMATCH:
    return "MOLTEN_ERROR_ARGUMENT_MISMATCH";
  case MOLTEN_ERROR_NO_DRIVER:
    return "MOLTEN_ERROR_NO_DRIVER";
  case MOLTEN_ERROR_JIT:
    return "MOLTEN_ERROR_JIT";
  case MOLTEN_ERROR_CUDA:
    return "MOLTEN_ERROR_CUDA";
  case MOLTEN_ERROR_OUT_OF_MEMORY:
    return "MOLTEN_ERROR_OUT_OF_MEMORY";
  }
  return "MOLTEN_ERROR_UNKNOWN";
}

molten_status molten_bundle_load_file(const char *path,
                                      molten_bundle **bundle) {
  lastError.clear();
  if (!bundle)
    return invalid("bundle (the result pointer) is NULL");
  *bundle = nullptr;
  if (!path)
    return invalid("path is NULL");
  std::string contents;
  Status s = readWholeFile(path, contents);
  if (s.failed())
    return report(s);
  return loadBundle(contents.data(), contents.size(), path, bundle);
}

molten_status molten_bundle_load_memory(const void *data, size_t size,
                                        molten_bundle **bundle) {
  lastError.clear();
  if (!bundle)
    return invalid("bundle (the result pointer) is NULL");
  *bundle = nullptr;
  if (!data && size)
    return invalid("data is NULL");
  return loadBundle(static_cast<const char *>(data), size, "bundle", bundle);
}

void molten_bundle_free(molten_bundle *bundle) {
  // Leaves the last error alone: freeing is what one does right after a
  // failure, before reading the message.
  if (!bundle)
    return;
  if (!bundle->modules.empty()) {
    // Modules exist only once the driver is loaded.
    const Driver *driver = nullptr;
    if (!loadDriver(driver).failed()) {
      for (const std::unique_ptr<LoadedModule> &m : bundle->modules) {
        // Errors are ignored: the context may be gone already (e.g. at
        // process exit), and with it the module.
        if (driver->cuCtxPushCurrent(m->context) != CUDA_SUCCESS)
          continue;
        driver->cuModuleUnload(m->module);
        CUcontext popped = nullptr;
        driver->cuCtxPopCurrent(&popped);
      }
    }
  }
  delete bundle;
}

molten_status molten_bundle_target(const molten_bundle *bundle,
                                   const char **target) {
  lastError.clear();
  if (!bundle || !target)
    return invalid("bundle or target is NULL");
  *target = bundle->data.target.c_str();
  return MOLTEN_OK;
}

molten_status molten_bundle_function_count(const molten_bundle *bundle,
                                           int *count) {
  lastError.clear();
  if (!bundle || !count)
    return invalid("bundle or count is NULL");
  *count = static_cast<int>(bundle->data.functions.size());
  return MOLTEN_OK;
}

molten_status molten_bundle_function_name(const molten_bundle *bundle,
                                          int index, const char **name) {
  lastError.clear();
  if (!bundle || !name)
    return invalid("bundle or name is NULL");
  if (index < 0 || index >= static_cast<int>(bundle->data.functions.size())) {
    lastError = format("function index %d is out of range (the bundle has %zu "
                       "function%s)",
                       index, bundle->data.functions.size(),
                       bundle->data.functions.size() == 1 ? "" : "s");
    return MOLTEN_ERROR_INVALID_ARGUMENT;
  }
  *name = bundle->data.functions[static_cast<size_t>(index)].name.c_str();
  return MOLTEN_OK;
}

/// The count `field` of `function`, for the two count queries of the C API.
static molten_status functionCount(const molten_bundle *bundle,
                                   const char *function, int *count,
                                   int Function::*field) {
  lastError.clear();
  const Function *fn = nullptr;
  Status s = findFunction(bundle, function, fn);
  if (s.failed())
    return report(s);
  if (!count)
    return invalid("count is NULL");
  *count = fn->*field;
  return MOLTEN_OK;
}

molten_status molten_bundle_num_inputs(const molten_bundle *bundle,
                                       const char *function, int *count) {
  return functionCount(bundle, function, count, &Function::numInputs);
}

molten_status molten_bundle_num_outputs(const molten_bundle *bundle,
                                        const char *function, int *count) {
  return functionCount(bundle, function, count, &Function::numOutputs);
}

static molten_status argumentInfo(const molten_bundle *bundle,
                                  const char *function, int index, int *dtype,
                                  int *rank, bool input) {
  lastError.clear();
  const Function *fn = nullptr;
  Status s = findFunction(bundle, function, fn);
  if (s.failed())
    return report(s);
  const std::vector<int> &slots = input ? fn->inputBuffers : fn->outputBuffers;
  if (index < 0 || index >= static_cast<int>(slots.size())) {
    lastError =
        format("function '%s' has no %s %d (it has %zu)", fn->name.c_str(),
               input ? "input" : "output", index, slots.size());
    return MOLTEN_ERROR_INVALID_ARGUMENT;
  }
  const Buffer &b =
      fn->buffers[static_cast<size_t>(slots[static_cast<size_t>(index)])];
  if (dtype)
    *dtype = b.dtype;
  if (rank)
    *rank = static_cast<int>(b.dims.size());
  return MOLTEN_OK;
}

molten_status molten_bundle_input_info(const molten_bundle *bundle,
                                       const char *function, int index,
                                       int *dtype, int *rank) {
  return argumentInfo(bundle, function, index, dtype, rank, true);
}

molten_status molten_bundle_output_info(const molten_bundle *bundle,
                                        const char *function, int index,
                                        int *dtype, int *rank) {
  return argumentInfo(bundle, function, index, dtype, rank, false);
}

molten_status molten_bundle_output_shape(const molten_bundle *bundle,
                                         const char *function,
                                         const molten_tensor *inputs,
                                         int num_inputs, int index,
                                         int64_t *shape, int shape_capacity) {
  lastError.clear();
  const Function *fn = nullptr;
  Status s = findFunction(bundle, function, fn);
  if (s.failed())
    return report(s);
  if (index < 0 || index >= fn->numOutputs) {
    lastError = format("function '%s' has no output %d (it has %d)",
                       fn->name.c_str(), index, fn->numOutputs);
    return MOLTEN_ERROR_INVALID_ARGUMENT;
  }
  const Buffer &b = fn->buffers[static_cast<size_t>(
      fn->outputBuffers[static_cast<size_t>(index)])];
  if (shape_capacity < static_cast<int>(b.dims.size()) ||
      (!shape && !b.dims.empty())) {
    lastError = format("output %d of function '%s' has rank %zu: shape needs "
                       "room for %zu sizes, got %d",
                       index, fn->name.c_str(), b.dims.size(), b.dims.size(),
                       shape_capacity);
    return MOLTEN_ERROR_INVALID_ARGUMENT;
  }
  std::vector<int64_t> symbols;
  s = fn->bind(inputs, num_inputs, nullptr, -1, false, symbols);
  if (s.failed())
    return report(s);
  for (size_t d = 0; d < b.dims.size(); ++d) {
    s = b.dims[d].evaluate(symbols, shape[d]);
    if (s.failed())
      return report(Status::error(
          s.code, format("function '%s': output %d dimension %zu: %s",
                         fn->name.c_str(), index, d, s.message.c_str())));
  }
  return MOLTEN_OK;
}

molten_status molten_driver_init(void) {
  lastError.clear();
  const Driver *driver = nullptr;
  return report(loadDriver(driver));
}

molten_status molten_bundle_prepare(molten_bundle *bundle) {
  lastError.clear();
  if (!bundle)
    return invalid("bundle is NULL");
  const Driver *driver = nullptr;
  LoadedModule *module = nullptr;
  return report(moduleFor(bundle, driver, module));
}

molten_status molten_run(molten_bundle *bundle, const char *function,
                         const molten_tensor *inputs, int num_inputs,
                         const molten_tensor *outputs, int num_outputs,
                         void *stream) {
  lastError.clear();
  const Function *fn = nullptr;
  Status s = findFunction(bundle, function, fn);
  if (s.failed())
    return report(s);
  std::vector<int64_t> symbols;
  s = fn->bind(inputs, num_inputs, outputs, num_outputs, true, symbols);
  if (s.failed())
    return report(s);
  size_t fnIndex = static_cast<size_t>(fn - bundle->data.functions.data());
  return report(launch(bundle, *fn, fnIndex, inputs, outputs, symbols,
                       static_cast<CUstream>(stream)));
}

} // extern "C"
