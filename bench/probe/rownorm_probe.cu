// Hand-written CUDA probes of kernel structure for memory-bound row norms and
// elementwise kernels: which shape reaches the copy bandwidth on this GPU.
// Not part of Molten; it guides the emitters (docs/benchmarks/README.md).
//   nvcc -O3 -arch=sm_90 -std=c++17 -o probe bench/probe/rownorm_probe.cu
//   ./probe [rows] [hidden] [random|constant]
// Prints one line per variant: name, microseconds (median), GB/s (read+write).
#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#define CHECK(x)                                                              \
  do {                                                                        \
    cudaError_t err_ = (x);                                                      \
    if (err_ != cudaSuccess) {                                                 \
      std::printf("CUDA error %s at %s:%d\n", cudaGetErrorString(err_),        \
                  __FILE__, __LINE__);                                        \
      std::exit(1);                                                           \
    }                                                                         \
  } while (0)

// 16-byte chunk <-> floats. F32: 4 per chunk; BF16: 8 per chunk.
template <bool BF16> struct Chunk;
template <> struct Chunk<false> {
  static constexpr int N = 4;
  __device__ static void unpack(uint4 c, float *f) {
    f[0] = __uint_as_float(c.x); f[1] = __uint_as_float(c.y);
    f[2] = __uint_as_float(c.z); f[3] = __uint_as_float(c.w);
  }
  __device__ static uint4 pack(const float *f) {
    return make_uint4(__float_as_uint(f[0]), __float_as_uint(f[1]),
                      __float_as_uint(f[2]), __float_as_uint(f[3]));
  }
};
template <> struct Chunk<true> {
  static constexpr int N = 8;
  __device__ static void unpack(uint4 c, float *f) {
    unsigned w[4] = {c.x, c.y, c.z, c.w};
    for (int i = 0; i < 4; ++i) {
      f[2 * i] = __uint_as_float(w[i] << 16);
      f[2 * i + 1] = __uint_as_float(w[i] & 0xffff0000u);
    }
  }
  __device__ static uint4 pack(const float *f) {
    unsigned w[4];
    for (int i = 0; i < 4; ++i) {
      __nv_bfloat162 h = __floats2bfloat162_rn(f[2 * i], f[2 * i + 1]);
      w[i] = *reinterpret_cast<unsigned *>(&h);
    }
    return make_uint4(w[0], w[1], w[2], w[3]);
  }
};

enum LoadKind { Plain = 0, NC = 1, EvictFirst = 2 };
template <int KIND> __device__ uint4 load16(const uint4 *p) {
  uint4 r;
  if (KIND == NC)
    asm volatile("ld.global.nc.v4.u32 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r.x), "=r"(r.y), "=r"(r.z), "=r"(r.w) : "l"(p));
  else if (KIND == EvictFirst)
    asm volatile("ld.global.L1::evict_first.v4.u32 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r.x), "=r"(r.y), "=r"(r.z), "=r"(r.w) : "l"(p));
  else
    asm volatile("ld.global.v4.u32 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r.x), "=r"(r.y), "=r"(r.z), "=r"(r.w) : "l"(p));
  return r;
}
template <bool CS> __device__ void store16(uint4 *p, uint4 v) {
  if (CS)
    asm volatile("st.global.cs.v4.u32 [%0], {%1,%2,%3,%4};" ::"l"(p),
                 "r"(v.x), "r"(v.y), "r"(v.z), "r"(v.w));
  else
    asm volatile("st.global.v4.u32 [%0], {%1,%2,%3,%4};" ::"l"(p), "r"(v.x),
                 "r"(v.y), "r"(v.z), "r"(v.w));
}

template <int T> __device__ float blockSum(float s, float *smem) {
  for (int o = 16; o > 0; o >>= 1)
    s += __shfl_xor_sync(0xffffffffu, s, o);
  if (T <= 32)
    return s;
  int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  if (lane == 0)
    smem[warp] = s;
  __syncthreads();
  float t = lane < T / 32 ? smem[lane] : 0.f;
  for (int o = 16; o > 0; o >>= 1)
    t += __shfl_xor_sync(0xffffffffu, t, o);
  __syncthreads();
  return t;
}

// RMSNorm, one row per block of T threads, C chunks per thread (T*C chunks a
// row). Grid-stride over rows. PIPE: the next row's chunks are loaded before
// this row's reduction.
template <bool BF16, int T, int C, int KIND, bool CS, bool PIPE>
__global__ void __launch_bounds__(T)
    rmsNorm(const uint4 *x, const uint4 *w, uint4 *y, int rows) {
  using K = Chunk<BF16>;
  __shared__ float smem[32];
  constexpr int rowChunks = T * C;
  const float invLen = 1.f / (rowChunks * K::N);
  uint4 cur[C], nxt[C];
  int row = blockIdx.x;
  if (row >= rows)
    return;
#pragma unroll
  for (int c = 0; c < C; ++c)
    cur[c] = load16<KIND>(x + (size_t)row * rowChunks + c * T + threadIdx.x);
  for (; row < rows; row += gridDim.x) {
    int next = row + gridDim.x;
    if (PIPE && next < rows) {
#pragma unroll
      for (int c = 0; c < C; ++c)
        nxt[c] =
            load16<KIND>(x + (size_t)next * rowChunks + c * T + threadIdx.x);
    }
    float s = 0.f;
#pragma unroll
    for (int c = 0; c < C; ++c) {
      float f[K::N];
      K::unpack(cur[c], f);
#pragma unroll
      for (int i = 0; i < K::N; ++i)
        s += f[i] * f[i];
    }
    float r = rsqrtf(blockSum<T>(s, smem) * invLen + 1e-5f);
    uint4 out[C];
#pragma unroll
    for (int c = 0; c < C; ++c) {
      float f[K::N], g[K::N];
      K::unpack(cur[c], f);
      K::unpack(w[c * T + threadIdx.x], g);
#pragma unroll
      for (int i = 0; i < K::N; ++i)
        f[i] = f[i] * r * g[i];
      out[c] = K::pack(f);
    }
#pragma unroll
    for (int c = 0; c < C; ++c)
      store16<CS>(y + (size_t)row * rowChunks + c * T + threadIdx.x, out[c]);
    if (PIPE) {
#pragma unroll
      for (int c = 0; c < C; ++c)
        cur[c] = nxt[c];
    } else if (next < rows) {
#pragma unroll
      for (int c = 0; c < C; ++c)
        cur[c] =
            load16<KIND>(x + (size_t)next * rowChunks + c * T + threadIdx.x);
    }
  }
}

// RMSNorm over long rows in two passes: U chunks per thread per iteration
// of a loop over the row (sum of squares), then the row again (from L2) to
// scale and store. `rowChunks` a multiple of T * U.
template <bool BF16, int T, int U>
__global__ void __launch_bounds__(T)
    rmsNormLooped(const uint4 *x, const uint4 *w, uint4 *y, int rows,
                  int rowChunks) {
  using K = Chunk<BF16>;
  __shared__ float smem[32];
  const float invLen = 1.f / (rowChunks * K::N);
  for (int row = blockIdx.x; row < rows; row += gridDim.x) {
    const uint4 *xr = x + (size_t)row * rowChunks;
    float s = 0.f;
    for (int base = threadIdx.x; base < rowChunks; base += T * U) {
      uint4 v[U];
#pragma unroll
      for (int u = 0; u < U; ++u)
        v[u] = load16<Plain>(xr + base + u * T);
#pragma unroll
      for (int u = 0; u < U; ++u) {
        float f[K::N];
        K::unpack(v[u], f);
#pragma unroll
        for (int i = 0; i < K::N; ++i)
          s += f[i] * f[i];
      }
    }
    float r = rsqrtf(blockSum<T>(s, smem) * invLen + 1e-5f);
    for (int base = threadIdx.x; base < rowChunks; base += T * U) {
      uint4 v[U], g[U];
#pragma unroll
      for (int u = 0; u < U; ++u) {
        v[u] = load16<Plain>(xr + base + u * T);
        g[u] = w[base + u * T];
      }
#pragma unroll
      for (int u = 0; u < U; ++u) {
        float f[K::N], h[K::N];
        K::unpack(v[u], f);
        K::unpack(g[u], h);
#pragma unroll
        for (int i = 0; i < K::N; ++i)
          f[i] = f[i] * r * h[i];
        store16<false>(y + (size_t)row * rowChunks + base + u * T, K::pack(f));
      }
    }
  }
}

// y = x + bias[col]: U chunks per thread, grid-stride.
template <bool BF16, int U, int KIND, bool CS>
__global__ void __launch_bounds__(256)
    addBias(const uint4 *x, const uint4 *b, uint4 *y, long chunks,
            int rowChunks) {
  using K = Chunk<BF16>;
  long stride = (long)gridDim.x * 256 * U;
  for (long base = (long)blockIdx.x * 256 * U + threadIdx.x; base < chunks;
       base += stride) {
    uint4 v[U];
#pragma unroll
    for (int u = 0; u < U; ++u) {
      long i = base + u * 256;
      v[u] = i < chunks ? load16<KIND>(x + i) : make_uint4(0, 0, 0, 0);
    }
#pragma unroll
    for (int u = 0; u < U; ++u) {
      long i = base + u * 256;
      if (i < chunks) {
        float f[K::N], g[K::N];
        K::unpack(v[u], f);
        K::unpack(b[i % rowChunks], g);
        for (int k = 0; k < K::N; ++k)
          f[k] += g[k];
        store16<CS>(y + i, K::pack(f));
      }
    }
  }
}

// Random f32 values in [-2, 2) (read as bf16 pairs, random bits): DRAM
// traffic of real data, not a constant pattern.
__global__ void fillRandom(float *p, long n, unsigned seed) {
  for (long i = (long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
       i += (long)gridDim.x * blockDim.x) {
    unsigned h = (unsigned)i * 2654435761u ^ seed;
    h ^= h >> 15; h *= 2246822519u; h ^= h >> 13; h *= 3266489917u; h ^= h >> 16;
    p[i] = (h >> 8) * (4.f / 16777216.f) - 2.f;
  }
}

__global__ void copyKernel(const uint4 *x, uint4 *y, long chunks) {
  for (long i = (long)blockIdx.x * blockDim.x + threadIdx.x; i < chunks;
       i += (long)gridDim.x * blockDim.x)
    y[i] = x[i];
}

struct Bufs {
  uint4 *x[2], *y[2], *w;
  long bytes;
};

// Median microseconds of `reps` launches alternating two buffer sets.
static float timeIt(const std::function<void(int)> &launch, int reps = 30) {
  for (int i = 0; i < 3; ++i)
    launch(i & 1);
  CHECK(cudaDeviceSynchronize());
  std::vector<cudaEvent_t> ev(reps + 1);
  for (auto &e : ev)
    CHECK(cudaEventCreate(&e));
  std::vector<float> t;
  for (int i = 0; i < reps; ++i) {
    CHECK(cudaEventRecord(ev[i]));
    launch(i & 1);
    CHECK(cudaEventRecord(ev[i + 1]));
    CHECK(cudaEventSynchronize(ev[i + 1]));
    float ms;
    CHECK(cudaEventElapsedTime(&ms, ev[i], ev[i + 1]));
    t.push_back(ms * 1000.f);
  }
  CHECK(cudaGetLastError());
  for (auto &e : ev)
    CHECK(cudaEventDestroy(e));
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

static void report(const char *name, float us, long bytes) {
  std::printf("%-44s %9.1f us %7.0f GB/s\n", name, us, bytes / us / 1e3);
  std::fflush(stdout);
}

int main(int argc, char **argv) {
  int rows = argc > 1 ? std::atoi(argv[1]) : 32768;
  int hidden = argc > 2 ? std::atoi(argv[2]) : 4096;
  bool random = argc > 3 && std::strcmp(argv[3], "random") == 0;
  int sms;
  CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
  Bufs f;
  f.bytes = (long)rows * hidden * 4; // sized for f32; bf16 uses half
  for (int i = 0; i < 2; ++i) {
    CHECK(cudaMalloc(&f.x[i], f.bytes));
    CHECK(cudaMalloc(&f.y[i], f.bytes));
    if (random)
      fillRandom<<<1024, 256>>>((float *)f.x[i], f.bytes / 4, 1234 + i);
    else
      CHECK(cudaMemset(f.x[i], 0x3c, f.bytes)); // ~0.0116 f32 / 0.0115 bf16
  }
  CHECK(cudaDeviceSynchronize());
  CHECK(cudaMalloc(&f.w, hidden * 4));
  CHECK(cudaMemset(f.w, 0x3f, hidden * 4));
  std::printf("rows %d hidden %d sms %d data %s\n", rows, hidden, sms,
              random ? "random" : "constant");

  if (hidden >= 8192) {
    long bytes = (long)rows * hidden * 2, moved = 2 * bytes;
    int rowChunks = hidden / 8;
    std::printf("-- bf16 long rows (%ld MB each way)\n", bytes >> 20);
    report("cudaMemcpyAsync D2D", timeIt([&](int s) {
             CHECK(cudaMemcpyAsync(f.y[s], f.x[s], bytes,
                                   cudaMemcpyDeviceToDevice));
           }),
           moved);
#define RMSL(T, C, GRID)                                                       \
  if (T * C == rowChunks)                                                      \
  report(("rms resident T" #T " C" #C " grid " #GRID), timeIt([&](int s) {     \
           long g = GRID == 0 ? rows : std::min<long>(rows, (long)sms * GRID); \
           rmsNorm<true, T, C, Plain, false, false><<<g, T>>>(f.x[s], f.w,     \
                                                              f.y[s], rows);   \
         }),                                                                   \
         moved)
#define RMSLOOP(T, U, GRID)                                                    \
  report(("rms looped T" #T " U" #U " grid " #GRID), timeIt([&](int s) {       \
           long g = GRID == 0 ? rows : std::min<long>(rows, (long)sms * GRID); \
           rmsNormLooped<true, T, U><<<g, T>>>(f.x[s], f.w, f.y[s], rows,      \
                                               rowChunks);                     \
         }),                                                                   \
         moved)
    RMSL(128, 8, 0);
    RMSL(256, 4, 0);
    RMSL(256, 8, 0);
    RMSL(512, 4, 0);
    RMSL(512, 8, 0);
    RMSL(1024, 4, 0);
    RMSL(1024, 8, 0);
    RMSLOOP(256, 2, 0);
    RMSLOOP(256, 4, 0);
    RMSLOOP(512, 2, 0);
    RMSLOOP(512, 4, 0);
    RMSLOOP(1024, 1, 0);
    RMSLOOP(1024, 2, 0);
    RMSLOOP(1024, 4, 0);
    RMSLOOP(512, 4, 2);
    RMSLOOP(1024, 2, 2);
    return 0;
  }
  for (int bf16 = 0; bf16 < 2; ++bf16) {
    long bytes = (long)rows * hidden * (bf16 ? 2 : 4);
    long chunks = bytes / 16;
    long moved = 2 * bytes;
    std::printf("-- %s (%ld MB each way)\n", bf16 ? "bf16" : "f32", bytes >> 20);
    report("copy kernel 256x(sms*16)",
           timeIt([&](int s) {
             copyKernel<<<sms * 16, 256>>>(f.x[s], f.y[s], chunks);
           }),
           moved);
    report("cudaMemcpyAsync D2D", timeIt([&](int s) {
             CHECK(cudaMemcpyAsync(f.y[s], f.x[s], bytes,
                                   cudaMemcpyDeviceToDevice));
           }),
           moved);
#define BIAS(U, KIND, CS, GRID)                                                \
  report(("bias U" #U " kind" #KIND " cs" #CS " grid " #GRID), timeIt([&](int s) { \
           long need = (chunks + 256 * U - 1) / (256 * U);                     \
           long g = GRID == 0 ? need : std::min<long>(need, (long)sms * GRID); \
           if (bf16)                                                           \
             addBias<true, U, KIND, CS><<<g, 256>>>(f.x[s], f.w, f.y[s],       \
                                                    chunks, hidden / 8);       \
           else                                                                \
             addBias<false, U, KIND, CS><<<g, 256>>>(f.x[s], f.w, f.y[s],      \
                                                     chunks, hidden / 4);      \
         }),                                                                   \
         moved)
    BIAS(1, 0, false, 0);
    BIAS(2, 0, false, 0);
    BIAS(4, 0, false, 0);
    BIAS(2, 1, false, 0);
    BIAS(2, 0, true, 0);
    BIAS(2, 2, true, 0);
    BIAS(4, 0, false, 8);
    BIAS(4, 0, false, 16);
    BIAS(8, 0, false, 8);
#define RMS(T, C, KIND, CS, PIPE, GRID)                                        \
  if (T * C * (bf16 ? 8 : 4) == hidden)                                        \
  report(("rms T" #T " C" #C " kind" #KIND " cs" #CS " pipe" #PIPE " grid " #GRID), \
         timeIt([&](int s) {                                                   \
           long g = GRID == 0 ? rows : std::min<long>(rows, (long)sms * GRID); \
           if (bf16)                                                           \
             rmsNorm<true, T, C, KIND, CS, PIPE><<<g, T>>>(f.x[s], f.w,        \
                                                           f.y[s], rows);      \
           else                                                                \
             rmsNorm<false, T, C, KIND, CS, PIPE><<<g, T>>>(f.x[s], f.w,       \
                                                            f.y[s], rows);     \
         }),                                                                   \
         moved)
    // f32 4096: 1024 chunks a row. bf16 4096: 512.
    RMS(128, 8, 0, false, false, 64);  // Molten today (f32)
    RMS(128, 8, 0, false, false, 0);
    RMS(256, 4, 0, false, false, 0);
    RMS(256, 4, 0, false, false, 64);
    RMS(512, 2, 0, false, false, 0);
    RMS(1024, 1, 0, false, false, 0);
    RMS(128, 8, 1, false, false, 64);
    RMS(128, 8, 0, true, false, 64);
    RMS(128, 8, 2, true, false, 64);
    RMS(128, 8, 0, false, true, 8);
    RMS(128, 8, 0, false, true, 4);
    RMS(256, 4, 0, false, true, 4);
    RMS(256, 4, 0, false, true, 8);
    RMS(256, 4, 0, false, true, 2);
    RMS(512, 2, 0, false, true, 2);
    RMS(512, 2, 0, false, true, 4);
    RMS(128, 4, 0, false, false, 64);  // Molten today (bf16)
    RMS(128, 4, 0, false, false, 0);
    RMS(64, 8, 0, false, false, 0);
    RMS(256, 2, 0, false, false, 0);
    RMS(512, 1, 0, false, false, 0);
    RMS(64, 8, 0, false, true, 8);
    RMS(64, 8, 0, false, true, 16);
    RMS(128, 4, 0, false, true, 4);
    RMS(128, 4, 0, false, true, 8);
    RMS(256, 2, 0, false, true, 4);
  }
  return 0;
}
