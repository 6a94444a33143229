//===- Passes.h - conversions out of molten ---------------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_CONVERSION_PASSES_H
#define MOLTEN_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir::molten {

#define GEN_PASS_DECL
#include "Molten/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Molten/Conversion/Passes.h.inc"

/// Options of `molten-to-gpu-pipeline`.
struct MoltenToGPUPipelineOptions
    : public PassPipelineOptions<MoltenToGPUPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip", llvm::cl::desc("The GPU to compile for (sm_90, ...)"),
      llvm::cl::init("sm_90")};
  PassOptions::Option<int> ptx{
      *this, "ptx", llvm::cl::desc("PTX ISA version times ten (80 = 8.0)"),
      llvm::cl::init(80)};
  PassOptions::Option<bool> report{
      *this, "report", llvm::cl::desc("Print the fusion report to stderr"),
      llvm::cl::init(false)};
  PassOptions::Option<std::string> cudaPath{
      *this, "cuda-path",
      llvm::cl::desc("CUDA toolkit whose nvvm/libdevice provides exp, erf, "
                     "tanh, ... (default: $CUDA_HOME, else /usr/local/cuda)"),
      llvm::cl::init("")};
  PassOptions::Option<int64_t> multiprocessors{
      *this, "multiprocessors",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().multiprocessors)};
  PassOptions::Option<int64_t> loopChunksPerThread{
      *this, "loop-chunks-per-thread",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().loopChunksPerThread)};
  PassOptions::Option<int64_t> rowElementsPerThread{
      *this, "row-elements-per-thread",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().rowElementsPerThread)};
  PassOptions::Option<int64_t> prefetchElementsPerThread{
      *this, "prefetch-elements-per-thread",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().prefetchElementsPerThread)};
  PassOptions::Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().blockSize)};
  PassOptions::Option<int64_t> loopBlockSize{
      *this, "loop-block-size",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().loopBlockSize)};
  PassOptions::Option<int64_t> loopMaxBlocks{
      *this, "loop-max-blocks",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().loopMaxBlocks)};
  PassOptions::Option<int64_t> rowMaxBlocks{
      *this, "row-max-blocks",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().rowMaxBlocks)};
  PassOptions::Option<bool> dependentLaunch{
      *this, "dependent-launch",
      llvm::cl::desc("As molten-to-gpu's option of that name; only for sm_90 "
                     "and later chips"),
      llvm::cl::init(true)};
  PassOptions::Option<int64_t> minThreadsPerSM{
      *this, "min-threads-per-sm",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().minThreadsPerSM)};
  PassOptions::Option<int64_t> narrowMinThreadsPerSM{
      *this, "narrow-min-threads-per-sm",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().narrowMinThreadsPerSM)};
  PassOptions::Option<int64_t> loopMinThreadsPerSM{
      *this, "loop-min-threads-per-sm",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().loopMinThreadsPerSM)};
  PassOptions::Option<bool> fewRowsVariant{
      *this, "few-rows-variant",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().fewRowsVariant)};
  PassOptions::Option<int64_t> matmulMediumRows{
      *this, "matmul-medium-rows",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().matmulMediumRows)};
  PassOptions::Option<int64_t> matmulSmallMinTileN{
      *this, "matmul-small-min-tile-n",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().matmulSmallMinTileN)};
  PassOptions::Option<bool> matmulPingPong{
      *this, "matmul-ping-pong",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().matmulPingPong)};
  PassOptions::Option<bool> matmulCluster{
      *this, "matmul-cluster",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().matmulCluster)};
  PassOptions::Option<int64_t> loopedRowBytes{
      *this, "looped-row-bytes",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().loopedRowBytes)};
  PassOptions::Option<int64_t> loopedRowThreads{
      *this, "looped-row-threads",
      llvm::cl::desc("As molten-to-gpu's option of that name"),
      llvm::cl::init(ConvertMoltenToGPUOptions().loopedRowThreads)};
};

/// Why LLVM's NVPTX backend cannot compile Molten's kernels for `chip` at
/// PTX ISA version `ptx` (times ten), or nothing if it can: the chip must be
/// one the backend knows, from sm_30 on (warp shuffles), and `ptx` a
/// version it knows, at least the chip's minimum. Checked before any
/// lowering: the backend reports a bad pair as a fatal error, and MLIR's
/// NVVM target attribute crashes on an empty chip.
std::optional<std::string> checkGPUTarget(StringRef chip, int64_t ptx);

/// From molten math to PTX: the fusion pipeline, molten-to-gpu, then
/// nvvm-attach-target, convert-gpu-to-nvvm and gpu-module-to-binary
/// (format isa) on the kernels.
void buildMoltenToGPUPipeline(OpPassManager &pm,
                              const MoltenToGPUPipelineOptions &options);

} // namespace mlir::molten

#endif // MOLTEN_CONVERSION_PASSES_H
