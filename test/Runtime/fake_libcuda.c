/*
 * fake_libcuda.c: a fake CUDA driver for the runtime's tests (see
 * fake_cuda.h). Types and values as in cuda.h.
 */
#define _GNU_SOURCE
#include "fake_cuda.h"

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;

enum {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_INVALID_VALUE = 1,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
  CUDA_ERROR_NOT_INITIALIZED = 3,
  CUDA_ERROR_NO_DEVICE = 100,
  CUDA_ERROR_INVALID_DEVICE = 101,
  CUDA_ERROR_INVALID_IMAGE = 200,
  CUDA_ERROR_INVALID_CONTEXT = 201,
  CUDA_ERROR_INVALID_PTX = 218,
  CUDA_ERROR_INVALID_HANDLE = 400,
  CUDA_ERROR_NOT_FOUND = 500,
  CUDA_ERROR_ILLEGAL_ADDRESS = 700,
  CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701,
  CUDA_ERROR_UNKNOWN = 999,
};
enum {
  CU_JIT_INFO_LOG_BUFFER = 3,
  CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4,
  CU_JIT_ERROR_LOG_BUFFER = 5,
  CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
  CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97,
  CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
};
/* Dynamic shared memory a launch gets without cuFuncSetAttribute. */
#define DEFAULT_SMEM (48 * 1024)
#define TENSOR_MAP_MAGIC "FAKETMAP"

#define MAX_DEVICES 8

struct fake_ctx {
  int device;
};
struct fake_entry {
  char name[128];
  int num_params;
  int sizes[FAKE_CUDA_MAX_PARAMS];
  int aligns[FAKE_CUDA_MAX_PARAMS]; /* .align, 0 if not given */
  int max_dynamic_smem;             /* set by cuFuncSetAttribute */
  struct fake_module *module;
};
struct fake_module {
  struct fake_ctx *ctx;
  int live;
  int num_entries;
  struct fake_entry *entries;
  struct fake_module *next; /* in all_modules */
};
struct fake_alloc {
  void *pointer;
  size_t bytes;
};

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static int initialized;
static struct fake_ctx contexts[MAX_DEVICES];
static __thread struct fake_ctx *current;
static __thread struct fake_ctx *stack[16];
static __thread int stack_depth;

static struct {
  char name[64];
  int count;
} counts[64];
static int num_counts;

static fake_launch *launches;
static int num_launches;

static fake_tensor_map *tensor_maps;
static int num_tensor_maps;
static int last_func_attribute;

static struct fake_alloc *allocs;
static int num_allocs;
static int live_modules;
/* Every module ever loaded: unloaded ones are kept, so that a stale handle
   is recognised, and listed here so that they are not leaks. */
static struct fake_module *all_modules;
static void *last_alloc_stream, *last_free_stream;

/* ---- bookkeeping --------------------------------------------------------- */

static int bump(const char *name) {
  for (int i = 0; i < num_counts; ++i)
    if (strcmp(counts[i].name, name) == 0)
      return ++counts[i].count;
  if (num_counts == 64)
    return 0;
  snprintf(counts[num_counts].name, sizeof(counts[0].name), "%s", name);
  counts[num_counts].count = 1;
  return counts[num_counts++].count;
}

static int count_of(const char *name) {
  for (int i = 0; i < num_counts; ++i)
    if (strcmp(counts[i].name, name) == 0)
      return counts[i].count;
  return 0;
}

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...) {
  const char *path = getenv("MOLTEN_FAKE_CUDA_LOG");
  if (!path || !*path)
    return;
  FILE *f = fopen(path, "a");
  if (!f)
    return;
  va_list args;
  va_start(args, fmt);
  vfprintf(f, fmt, args);
  va_end(args);
  fputc('\n', f);
  fclose(f);
}

/* The failure MOLTEN_FAKE_CUDA_FAIL asks for at this call of `name`, where
 * `n` is the call's number. */
static CUresult injected(const char *name, int n) {
  const char *spec = getenv("MOLTEN_FAKE_CUDA_FAIL");
  if (!spec || !*spec)
    return CUDA_SUCCESS;
  size_t len = strlen(name);
  const char *p = spec;
  while (*p) {
    const char *end = strchr(p, ',');
    if (!end)
      end = p + strlen(p);
    if ((size_t)(end - p) > len && strncmp(p, name, len) == 0 && p[len] == '=') {
      char *after = NULL;
      long code = strtol(p + len + 1, &after, 10);
      long which = 0;
      if (*after == '@')
        which = strtol(after + 1, NULL, 10);
      if (which == 0 || which == n)
        return (CUresult)code;
    }
    p = *end ? end + 1 : end;
  }
  return CUDA_SUCCESS;
}

/* Counts the call (and its qualified name) and returns the failure to
 * inject, if any. Callers hold the mutex. */
static CUresult enter(const char *name, const char *qualified) {
  CUresult r = injected(name, bump(name));
  if (qualified) {
    CUresult q = injected(qualified, bump(qualified));
    if (r == CUDA_SUCCESS)
      r = q;
  }
  return r;
}

#define ENTER(name, qualified, needs_init)                                    \
  pthread_mutex_lock(&mutex);                                                 \
  CUresult injected_result = enter(name, qualified);                         \
  if (injected_result == CUDA_SUCCESS && (needs_init) && !initialized)        \
    injected_result = CUDA_ERROR_NOT_INITIALIZED;                             \
  if (injected_result != CUDA_SUCCESS) {                                      \
    logf_("%s -> error %d", name, injected_result);                           \
    pthread_mutex_unlock(&mutex);                                             \
    return injected_result;                                                   \
  }

#define LEAVE(result)                                                         \
  do {                                                                        \
    CUresult leave_result = (result);                                         \
    pthread_mutex_unlock(&mutex);                                             \
    return leave_result;                                                      \
  } while (0)

static int device_count(void) {
  const char *env = getenv("MOLTEN_FAKE_CUDA_DEVICES");
  int n = env && *env ? atoi(env) : 1;
  return n < 0 ? 0 : n > MAX_DEVICES ? MAX_DEVICES : n;
}

/* ---- JIT options and logs ------------------------------------------------ */

struct logs {
  char *info, *error;
  size_t info_size, error_size;
  void **info_size_slot, **error_size_slot;
};

static void read_options(unsigned n, int *options, void **values,
                         struct logs *logs) {
  memset(logs, 0, sizeof(*logs));
  for (unsigned i = 0; i < n; ++i) {
    switch (options[i]) {
    case CU_JIT_INFO_LOG_BUFFER:
      logs->info = (char *)values[i];
      break;
    case CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES:
      logs->info_size = (size_t)(uintptr_t)values[i];
      logs->info_size_slot = &values[i];
      break;
    case CU_JIT_ERROR_LOG_BUFFER:
      logs->error = (char *)values[i];
      break;
    case CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES:
      logs->error_size = (size_t)(uintptr_t)values[i];
      logs->error_size_slot = &values[i];
      break;
    default:
      break;
    }
  }
}

/* Writes a log message as the driver does: truncated to the buffer, NUL
 * terminated, the bytes written stored back into the size option. */
static void write_log(char *buf, size_t size, void **slot, const char *text) {
  if (!buf || size == 0)
    return;
  size_t n = strlen(text);
  if (n >= size)
    n = size - 1;
  memcpy(buf, text, n);
  buf[n] = '\0';
  if (slot)
    *slot = (void *)(uintptr_t)(n + 1);
}

/* "ptxas application ptx input, line N; error : ..." for a PTX that asks
 * to fail; 0 if it compiles. */
static int jit_error(const char *ptx, char *log, size_t size) {
  const char *marker = strstr(ptx, "FAKE_JIT_ERROR");
  if (!marker)
    return 0;
  int line = 1;
  for (const char *p = ptx; p < marker; ++p)
    line += *p == '\n';
  const char *start = marker;
  while (start > ptx && start[-1] != '\n')
    --start;
  const char *end = strchr(marker, '\n');
  int len = end ? (int)(end - start) : (int)strlen(start);
  snprintf(log, size,
           "ptxas application ptx input, line %d; error   : %.*s\n"
           "ptxas fatal   : Ptx assembly aborted due to errors",
           line, len, start);
  return 1;
}

/* ---- PTX signatures ------------------------------------------------------ */

static int param_size(const char *type) {
  if (!strncmp(type, ".u32", 4) || !strncmp(type, ".s32", 4) ||
      !strncmp(type, ".b32", 4) || !strncmp(type, ".f32", 4))
    return 4;
  if (!strncmp(type, ".u16", 4) || !strncmp(type, ".s16", 4) ||
      !strncmp(type, ".b16", 4) || !strncmp(type, ".f16", 4))
    return 2;
  if (!strncmp(type, ".u8", 3) || !strncmp(type, ".s8", 3) ||
      !strncmp(type, ".b8", 3))
    return 1;
  return 8;
}

/* The bytes and alignment of a parameter declared `<type> name` or
 * `.align <n> <type> name[<count>]` (`type` is what follows `.param `). */
static void param_layout(const char *type, int *size, int *align) {
  *align = 0;
  if (!strncmp(type, ".align", 6)) {
    char *end = NULL;
    *align = (int)strtol(type + 6, &end, 10);
    type = end;
    while (*type == ' ' || *type == '\t')
      ++type;
  }
  *size = param_size(type);
  const char *stop = type + strcspn(type, ",)");
  const char *bracket = strchr(type, '[');
  if (bracket && bracket < stop)
    *size *= atoi(bracket + 1);
}

/* Reads every `.entry name( .param <type> name, ... )` of a PTX. */
static struct fake_module *parse_module(const char *ptx) {
  struct fake_module *m = calloc(1, sizeof(*m));
  m->live = 1;
  const char *p = ptx;
  while ((p = strstr(p, ".entry ")) != NULL) {
    p += 7;
    while (*p == ' ' || *p == '\t')
      ++p;
    const char *name = p;
    while (*p && *p != '(' && *p != ' ' && *p != '\t' && *p != '\n')
      ++p;
    struct fake_entry e;
    memset(&e, 0, sizeof(e));
    snprintf(e.name, sizeof(e.name), "%.*s", (int)(p - name), name);
    const char *open = strchr(p, '(');
    const char *close = open ? strchr(open, ')') : NULL;
    if (open && close) {
      const char *q = open;
      while ((q = strstr(q, ".param")) != NULL && q < close) {
        q += 6;
        while (*q == ' ' || *q == '\t')
          ++q;
        if (e.num_params < FAKE_CUDA_MAX_PARAMS)
          param_layout(q, &e.sizes[e.num_params], &e.aligns[e.num_params]);
        ++e.num_params;
      }
      p = close;
    }
    m->entries = realloc(m->entries, sizeof(e) * (size_t)(m->num_entries + 1));
    m->entries[m->num_entries++] = e;
  }
  for (int i = 0; i < m->num_entries; ++i)
    m->entries[i].module = m;
  return m;
}

/* ---- entry points -------------------------------------------------------- */

EXPORT CUresult cuInit(unsigned flags) {
  ENTER("cuInit", NULL, 0);
  if (flags != 0)
    LEAVE(CUDA_ERROR_INVALID_VALUE);
  if (device_count() == 0)
    LEAVE(CUDA_ERROR_NO_DEVICE);
  initialized = 1;
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuDriverGetVersion(int *version) {
  ENTER("cuDriverGetVersion", NULL, 0);
  *version = 12080;
  LEAVE(CUDA_SUCCESS);
}

static const struct {
  int code;
  const char *name, *text;
} errors[] = {
    {0, "CUDA_SUCCESS", "no error"},
    {1, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {2, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {3, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
    {100, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
    {101, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
    {200, "CUDA_ERROR_INVALID_IMAGE", "device kernel image is invalid"},
    {201, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
    {218, "CUDA_ERROR_INVALID_PTX", "a PTX JIT compilation failed"},
    {400, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
    {500, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
    {700, "CUDA_ERROR_ILLEGAL_ADDRESS",
     "an illegal memory access was encountered"},
    {701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES",
     "too many resources requested for launch"},
    {999, "CUDA_ERROR_UNKNOWN", "unknown error"},
};

static int error_index(CUresult code) {
  for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); ++i)
    if (errors[i].code == code)
      return (int)i;
  return -1;
}

EXPORT CUresult cuGetErrorName(CUresult error, const char **name) {
  int i = error_index(error);
  *name = i < 0 ? NULL : errors[i].name;
  return i < 0 ? CUDA_ERROR_INVALID_VALUE : CUDA_SUCCESS;
}

EXPORT CUresult cuGetErrorString(CUresult error, const char **text) {
  int i = error_index(error);
  *text = i < 0 ? NULL : errors[i].text;
  return i < 0 ? CUDA_ERROR_INVALID_VALUE : CUDA_SUCCESS;
}

EXPORT CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  ENTER("cuDeviceGet", NULL, 1);
  if (ordinal < 0 || ordinal >= device_count())
    LEAVE(CUDA_ERROR_INVALID_DEVICE);
  *device = ordinal;
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuDeviceGetAttribute(int *value, int attribute,
                                     CUdevice device) {
  ENTER("cuDeviceGetAttribute", NULL, 1);
  if (device < 0 || device >= device_count())
    LEAVE(CUDA_ERROR_INVALID_DEVICE);
  const char *cc = getenv("MOLTEN_FAKE_CUDA_CC");
  int major = 9, minor = 0;
  if (cc && *cc)
    sscanf(cc, "%d.%d", &major, &minor);
  const char *optin = getenv("MOLTEN_FAKE_CUDA_SMEM_OPTIN");
  if (attribute == CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR)
    *value = major;
  else if (attribute == CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR)
    *value = minor;
  else if (attribute == CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN)
    *value = optin && *optin ? atoi(optin) : 232448;
  else
    LEAVE(CUDA_ERROR_INVALID_VALUE);
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuDevicePrimaryCtxRetain(void **context, CUdevice device) {
  ENTER("cuDevicePrimaryCtxRetain", NULL, 1);
  if (device < 0 || device >= device_count())
    LEAVE(CUDA_ERROR_INVALID_DEVICE);
  contexts[device].device = device;
  *context = &contexts[device];
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuCtxGetCurrent(void **context) {
  ENTER("cuCtxGetCurrent", NULL, 1);
  *context = current;
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuCtxSetCurrent(void *context) {
  ENTER("cuCtxSetCurrent", NULL, 1);
  current = (struct fake_ctx *)context;
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuCtxGetDevice(CUdevice *device) {
  ENTER("cuCtxGetDevice", NULL, 1);
  if (!current)
    LEAVE(CUDA_ERROR_INVALID_CONTEXT);
  *device = current->device;
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuCtxPushCurrent_v2(void *context) {
  ENTER("cuCtxPushCurrent_v2", NULL, 1);
  if (!context || stack_depth == 16)
    LEAVE(CUDA_ERROR_INVALID_VALUE);
  stack[stack_depth++] = current;
  current = (struct fake_ctx *)context;
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuCtxPopCurrent_v2(void **context) {
  ENTER("cuCtxPopCurrent_v2", NULL, 1);
  if (stack_depth == 0)
    LEAVE(CUDA_ERROR_INVALID_CONTEXT);
  if (context)
    *context = current;
  current = stack[--stack_depth];
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuModuleLoadDataEx(void **module, const void *image,
                                   unsigned num_options, int *options,
                                   void **values) {
  ENTER("cuModuleLoadDataEx", NULL, 1);
  if (!module || !image)
    LEAVE(CUDA_ERROR_INVALID_VALUE);
  if (!current)
    LEAVE(CUDA_ERROR_INVALID_CONTEXT);
  struct logs logs;
  read_options(num_options, options, values, &logs);
  const char *ptx = (const char *)image;
  char message[1024];
  if (jit_error(ptx, message, sizeof(message))) {
    write_log(logs.error, logs.error_size, logs.error_size_slot, message);
    write_log(logs.info, logs.info_size, logs.info_size_slot, "");
    logf_("cuModuleLoadDataEx ptx -> JIT error");
    LEAVE(CUDA_ERROR_INVALID_PTX);
  }
  struct fake_module *m = parse_module(ptx);
  m->ctx = current;
  m->next = all_modules;
  all_modules = m;
  ++live_modules;
  snprintf(message, sizeof(message), "fake JIT: %d entries for sm_%s",
           m->num_entries, getenv("MOLTEN_FAKE_CUDA_CC") ? getenv("MOLTEN_FAKE_CUDA_CC") : "9.0");
  write_log(logs.info, logs.info_size, logs.info_size_slot, message);
  write_log(logs.error, logs.error_size, logs.error_size_slot, "");
  logf_("cuModuleLoadDataEx ptx entries %d", m->num_entries);
  *module = m;
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuModuleGetFunction(void **function, void *module,
                                    const char *name) {
  ENTER("cuModuleGetFunction", NULL, 1);
  struct fake_module *m = (struct fake_module *)module;
  if (!m || !m->live)
    LEAVE(CUDA_ERROR_INVALID_HANDLE);
  for (int i = 0; i < m->num_entries; ++i)
    if (strcmp(m->entries[i].name, name) == 0) {
      *function = &m->entries[i];
      LEAVE(CUDA_SUCCESS);
    }
  LEAVE(CUDA_ERROR_NOT_FOUND);
}

EXPORT CUresult cuModuleUnload(void *module) {
  ENTER("cuModuleUnload", NULL, 1);
  struct fake_module *m = (struct fake_module *)module;
  if (!m || !m->live)
    LEAVE(CUDA_ERROR_INVALID_HANDLE);
  if (m->ctx != current)
    LEAVE(CUDA_ERROR_INVALID_CONTEXT);
  m->live = 0; /* kept, so that a stale handle is recognised */
  --live_modules;
  logf_("cuModuleUnload");
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuMemAllocAsync(CUdeviceptr *pointer, size_t bytes,
                                void *stream) {
  ENTER("cuMemAllocAsync", NULL, 1);
  if (!current)
    LEAVE(CUDA_ERROR_INVALID_CONTEXT);
  if (!pointer || bytes == 0)
    LEAVE(CUDA_ERROR_INVALID_VALUE);
  void *p = aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (!p)
    LEAVE(CUDA_ERROR_OUT_OF_MEMORY);
  allocs = realloc(allocs, sizeof(*allocs) * (size_t)(num_allocs + 1));
  allocs[num_allocs].pointer = p;
  allocs[num_allocs].bytes = bytes;
  ++num_allocs;
  *pointer = (CUdeviceptr)(uintptr_t)p;
  last_alloc_stream = stream;
  logf_("cuMemAllocAsync %zu bytes stream %p", bytes, stream);
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuMemFreeAsync(CUdeviceptr pointer, void *stream) {
  ENTER("cuMemFreeAsync", NULL, 1);
  for (int i = 0; i < num_allocs; ++i)
    if ((CUdeviceptr)(uintptr_t)allocs[i].pointer == pointer) {
      logf_("cuMemFreeAsync %zu bytes stream %p", allocs[i].bytes, stream);
      free(allocs[i].pointer);
      allocs[i] = allocs[--num_allocs];
      last_free_stream = stream;
      LEAVE(CUDA_SUCCESS);
    }
  LEAVE(CUDA_ERROR_INVALID_VALUE);
}

/* One pool a device; only the release threshold is kept. */
static unsigned long long pool_release_threshold[8];

EXPORT CUresult cuDeviceGetDefaultMemPool(void **pool, CUdevice device) {
  ENTER("cuDeviceGetDefaultMemPool", NULL, 1);
  if (!pool || device < 0 || device >= device_count() || device >= 8)
    LEAVE(CUDA_ERROR_INVALID_VALUE);
  *pool = &pool_release_threshold[device];
  LEAVE(CUDA_SUCCESS);
}

EXPORT CUresult cuMemPoolSetAttribute(void *pool, int attribute,
                                      void *value) {
  ENTER("cuMemPoolSetAttribute", NULL, 1);
  /* CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, a cuuint64_t. */
  if (!pool || !value || attribute != 4)
    LEAVE(CUDA_ERROR_INVALID_VALUE);
  *(unsigned long long *)pool = *(unsigned long long *)value;
  logf_("cuMemPoolSetAttribute release threshold %llu",
        *(unsigned long long *)value);
  LEAVE(CUDA_SUCCESS);
}

/* Checks and records a launch; the caller holds the mutex. */
static CUresult record_launch(const char *call, void *function, unsigned gx,
                              unsigned gy, unsigned gz, unsigned bx,
                              unsigned by, unsigned bz, unsigned smem,
                              void *stream, void **params, void **extra,
                              int dependent) {
  struct fake_entry *e = (struct fake_entry *)function;
  if (!e || !e->module->live)
    return CUDA_ERROR_INVALID_HANDLE;
  if (e->module->ctx != current)
    return CUDA_ERROR_INVALID_CONTEXT;
  if (!gx || !gy || !gz || !bx || !by || !bz || bx * by * bz > 1024 ||
      (e->num_params > 0 && !params) || extra)
    return CUDA_ERROR_INVALID_VALUE;
  if (smem > DEFAULT_SMEM && smem > (unsigned)e->max_dynamic_smem)
    return CUDA_ERROR_INVALID_VALUE;
  for (int i = 0; i < e->num_params && i < FAKE_CUDA_MAX_PARAMS; ++i)
    if (e->aligns[i] && (uintptr_t)params[i] % (uintptr_t)e->aligns[i])
      return CUDA_ERROR_INVALID_VALUE;
  launches = realloc(launches, sizeof(*launches) * (size_t)(num_launches + 1));
  fake_launch *l = &launches[num_launches++];
  memset(l, 0, sizeof(*l));
  snprintf(l->entry, sizeof(l->entry), "%s", e->name);
  l->grid[0] = gx, l->grid[1] = gy, l->grid[2] = gz;
  l->block[0] = bx, l->block[1] = by, l->block[2] = bz;
  l->smem = smem;
  l->stream = stream;
  l->context = current;
  l->num_params = e->num_params;
  l->dependent = dependent;
  char line[8192];
  int at = snprintf(line, sizeof(line),
                    "%s %s grid %u %u %u block %u %u %u smem %u "
                    "stream %p%s params %d:",
                    call, e->name, gx, gy, gz, bx, by, bz, smem, stream,
                    dependent ? " dependent" : "", e->num_params);
  for (int i = 0; i < e->num_params && i < FAKE_CUDA_MAX_PARAMS; ++i) {
    uint64_t v = 0;
    int map = e->sizes[i] == 128;
    if (map) {
      const char *bytes = (const char *)params[i];
      if (!memcmp(bytes, TENSOR_MAP_MAGIC, 8))
        memcpy(&v, bytes + 8, 8);
    } else {
      memcpy(&v, params[i], e->sizes[i] < 8 ? (size_t)e->sizes[i] : 8);
    }
    l->params[i] = v;
    l->param_sizes[i] = e->sizes[i];
    if (at < (int)sizeof(line))
      at += snprintf(line + at, sizeof(line) - (size_t)at,
                     map ? " tensormap#%llu" : " %llu", (unsigned long long)v);
  }
  logf_("%s", line);
  return CUDA_SUCCESS;
}

EXPORT CUresult cuLaunchKernel(void *function, unsigned gx, unsigned gy,
                               unsigned gz, unsigned bx, unsigned by,
                               unsigned bz, unsigned smem, void *stream,
                               void **params, void **extra) {
  ENTER("cuLaunchKernel", NULL, 1);
  LEAVE(record_launch("cuLaunchKernel", function, gx, gy, gz, bx, by, bz, smem,
                      stream, params, extra, 0));
}

/* cuda.h's CUlaunchAttribute (72 bytes) and CUlaunchConfig. */
typedef struct {
  int id;
  char pad[4];
  union {
    char bytes[64];
    int value;
    void *alignment;
  } value;
} fake_launch_attribute;
typedef struct {
  unsigned grid[3], block[3], smem;
  void *stream;
  fake_launch_attribute *attrs;
  unsigned num_attrs;
} fake_launch_config;

/* Built without it (FAKE_NO_LAUNCH_EX), the fake is a driver older than
   CUDA 12, which the runtime must launch with cuLaunchKernel alone (and
   which lacks cuTensorMapEncodeTiled too). */
#ifndef FAKE_NO_LAUNCH_EX
/* Takes one attribute: programmatic stream serialization (id 6), set. */
EXPORT CUresult cuLaunchKernelEx(const fake_launch_config *config,
                                 void *function, void **params, void **extra) {
  ENTER("cuLaunchKernelEx", NULL, 1);
  if (!config || config->num_attrs != 1 || !config->attrs ||
      config->attrs[0].id != 6 || config->attrs[0].value.value != 1)
    LEAVE(CUDA_ERROR_INVALID_VALUE);
  LEAVE(record_launch("cuLaunchKernelEx", function, config->grid[0],
                      config->grid[1], config->grid[2], config->block[0],
                      config->block[1], config->block[2], config->smem,
                      config->stream, params, extra, 1));
}
#endif

EXPORT CUresult cuFuncSetAttribute(void *function, int attribute, int value) {
  ENTER("cuFuncSetAttribute", NULL, 1);
  struct fake_entry *e = (struct fake_entry *)function;
  if (!e || !e->module->live)
    LEAVE(CUDA_ERROR_INVALID_HANDLE);
  const char *optin = getenv("MOLTEN_FAKE_CUDA_SMEM_OPTIN");
  int limit = optin && *optin ? atoi(optin) : 232448;
  if (attribute != CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES ||
      value < 0 || value > limit)
    LEAVE(CUDA_ERROR_INVALID_VALUE);
  e->max_dynamic_smem = value;
  last_func_attribute = value;
  logf_("cuFuncSetAttribute %s max_dynamic_shared_size_bytes %d", e->name,
        value);
  LEAVE(CUDA_SUCCESS);
}

#ifndef FAKE_NO_LAUNCH_EX
static uint64_t tensor_map_serial;

/* Bytes per element of a CUtensorMapDataType, 0 if unknown. */
static int tensor_map_element_size(int type) {
  static const int sizes[] = {1, 2, 4, 4, 8, 8, 2, 4, 8, 2, 4, 4, 4};
  return type >= 0 && type < (int)(sizeof(sizes) / sizeof(sizes[0]))
             ? sizes[type]
             : 0;
}

/* Checks what the driver documents for interleave NONE, then writes the
   magic and a serial number and records the arguments. */
EXPORT CUresult cuTensorMapEncodeTiled(void *map, int type, unsigned rank,
                                       void *address, const uint64_t *dims,
                                       const uint64_t *strides,
                                       const unsigned *box,
                                       const unsigned *element_strides,
                                       int interleave, int swizzle,
                                       int l2_promotion, int oob_fill) {
  ENTER("cuTensorMapEncodeTiled", NULL, 1);
  int size = tensor_map_element_size(type);
  if (!map || (uintptr_t)map % 64 || !size || rank < 1 || rank > 5 ||
      !address || (uintptr_t)address % 16 || !dims || !box ||
      !element_strides || (rank > 1 && !strides) || interleave != 0 ||
      swizzle < 0 || swizzle > 3 || l2_promotion < 0 || l2_promotion > 3 ||
      oob_fill < 0 || oob_fill > 1)
    LEAVE(CUDA_ERROR_INVALID_VALUE);
  for (unsigned i = 0; i < rank; ++i)
    if (dims[i] == 0 || dims[i] > (1ull << 32) || box[i] == 0 || box[i] > 256 ||
        element_strides[i] == 0 || element_strides[i] > 8 ||
        (i + 1 < rank && (strides[i] % 16 || strides[i] >= (1ull << 40))))
      LEAVE(CUDA_ERROR_INVALID_VALUE);
  unsigned inner = box[0] * (unsigned)size;
  if (inner % 16 || (swizzle && inner > (16u << swizzle)))
    LEAVE(CUDA_ERROR_INVALID_VALUE);

  fake_tensor_map t;
  memset(&t, 0, sizeof(t));
  t.serial = ++tensor_map_serial;
  t.dtype = type;
  t.rank = rank;
  t.address = (uint64_t)(uintptr_t)address;
  for (unsigned i = 0; i < rank; ++i) {
    t.dims[i] = dims[i];
    t.box[i] = box[i];
    t.element_strides[i] = element_strides[i];
    if (i + 1 < rank)
      t.strides[i] = strides[i];
  }
  t.interleave = interleave;
  t.swizzle = swizzle;
  t.l2_promotion = l2_promotion;
  t.oob_fill = oob_fill;
  tensor_maps = realloc(tensor_maps, sizeof(t) * (size_t)(num_tensor_maps + 1));
  tensor_maps[num_tensor_maps++] = t;
  memset(map, 0, 128);
  memcpy(map, TENSOR_MAP_MAGIC, 8);
  /* A half-written map for a while, so that a caller that reads the map
     while another thread encodes into it gets caught. */
  const char *delay = getenv("MOLTEN_FAKE_CUDA_ENCODE_DELAY_US");
  if (delay && *delay)
    usleep((useconds_t)atoi(delay));
  memcpy((char *)map + 8, &t.serial, 8);

  char line[512];
  int at = snprintf(line, sizeof(line),
                    "cuTensorMapEncodeTiled #%llu dtype %d rank %u address %p "
                    "dims",
                    (unsigned long long)t.serial, type, rank, address);
  for (unsigned i = 0; i < rank; ++i)
    at += snprintf(line + at, sizeof(line) - (size_t)at, " %llu",
                   (unsigned long long)dims[i]);
  at += snprintf(line + at, sizeof(line) - (size_t)at, " strides");
  for (unsigned i = 0; i + 1 < rank; ++i)
    at += snprintf(line + at, sizeof(line) - (size_t)at, " %llu",
                   (unsigned long long)strides[i]);
  at += snprintf(line + at, sizeof(line) - (size_t)at, " box");
  for (unsigned i = 0; i < rank; ++i)
    at += snprintf(line + at, sizeof(line) - (size_t)at, " %u", box[i]);
  at += snprintf(line + at, sizeof(line) - (size_t)at, " element_strides");
  for (unsigned i = 0; i < rank; ++i)
    at += snprintf(line + at, sizeof(line) - (size_t)at, " %u",
                   element_strides[i]);
  snprintf(line + at, sizeof(line) - (size_t)at,
           " interleave %d swizzle %d l2 %d oob %d", interleave, swizzle,
           l2_promotion, oob_fill);
  logf_("%s", line);
  LEAVE(CUDA_SUCCESS);
}
#endif

/* ---- test interface ------------------------------------------------------ */

EXPORT int fake_cuda_count(const char *name) {
  pthread_mutex_lock(&mutex);
  int n = count_of(name);
  pthread_mutex_unlock(&mutex);
  return n;
}

EXPORT int fake_cuda_launches(void) { return num_launches; }

EXPORT const fake_launch *fake_cuda_launch(int index) {
  return index >= 0 && index < num_launches ? &launches[index] : NULL;
}

EXPORT int fake_cuda_tensor_maps(void) { return num_tensor_maps; }

EXPORT const fake_tensor_map *fake_cuda_tensor_map(int index) {
  return index >= 0 && index < num_tensor_maps ? &tensor_maps[index] : NULL;
}

EXPORT int fake_cuda_last_func_attribute(void) { return last_func_attribute; }

EXPORT int fake_cuda_live_allocations(void) { return num_allocs; }
EXPORT int fake_cuda_live_modules(void) { return live_modules; }
EXPORT void *fake_cuda_last_alloc_stream(void) { return last_alloc_stream; }
EXPORT void *fake_cuda_last_free_stream(void) { return last_free_stream; }

EXPORT void fake_cuda_reset(void) {
  pthread_mutex_lock(&mutex);
  num_counts = 0;
  num_launches = 0;
  num_tensor_maps = 0;
  last_func_attribute = 0;
  last_alloc_stream = last_free_stream = NULL;
  pthread_mutex_unlock(&mutex);
}
