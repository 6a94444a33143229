// How many 2-CTA clusters of the clustered matmul kernel's shape (384
// threads, 197696 B of dynamic shared memory) can be resident at once: the
// persistent grid must not exceed it, or the clusters over it run after
// the others finish. Build and run on the GPU machine:
//   nvcc -arch=sm_90a -o /tmp/occ bench/probe/cluster_occupancy.cu && /tmp/occ
#include <cstdio>
#include <cuda_runtime.h>

__global__ void __cluster_dims__(2, 1, 1) clustered() {}
__global__ void __cluster_dims__(4, 1, 1) clustered4() {}

template <typename Kernel>
static void report(const char *name, Kernel kernel, int clusterSize,
                   int smem) {
  cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                       smem);
  cudaLaunchConfig_t config = {};
  config.gridDim = dim3(132 * clusterSize, 1, 1);
  config.blockDim = dim3(384, 1, 1);
  config.dynamicSmemBytes = smem;
  int clusters = -1;
  cudaError_t err = cudaOccupancyMaxActiveClusters(&clusters, kernel, &config);
  std::printf("%s: cluster %d, smem %d B: max active clusters %d (%s)\n",
              name, clusterSize, smem, clusters, cudaGetErrorString(err));
}

int main() {
  cudaDeviceProp prop;
  cudaGetDeviceProperties(&prop, 0);
  std::printf("%s, %d SMs\n", prop.name, prop.multiProcessorCount);
  report("clustered", clustered, 2, 197696);
  report("clustered", clustered, 2, 100000);
  report("clustered4", clustered4, 4, 197696);
  return 0;
}
