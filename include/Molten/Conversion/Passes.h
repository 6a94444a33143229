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

/// The GPU module convert-molten-to-gpu puts every function's kernels in
/// (the bundle's PTX is its binary's).
constexpr StringLiteral kKernelModuleName = "molten_kernels";

/// Parses molten-to-gpu-pipeline's `gpu-options`: convert-molten-to-gpu's own
/// options, checked as they are parsed (a bad one fails the pipeline's
/// parse). They leave `chip` and `ptx` to the pipeline, which also needs
/// them for the NVVM target.
struct GPUOptionsParser : public llvm::cl::parser<std::string> {
  using llvm::cl::parser<std::string>::parser;
  bool parse(llvm::cl::Option &option, StringRef argName, StringRef arg,
             std::string &value);
};

/// Why `gpuOptions` are not options molten-to-gpu-pipeline can hand to
/// convert-molten-to-gpu (see GPUOptionsParser), or nothing if they are.
std::optional<std::string> checkGPUOptions(StringRef gpuOptions);

/// Options of `molten-to-gpu-pipeline`. The emitters' tuning is declared
/// once, on convert-molten-to-gpu (Passes.td); the pipeline takes it as one
/// string.
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
  PassOptions::Option<bool> siblingMatmuls{
      *this, "sibling-matmuls",
      llvm::cl::desc("molten-fuse's sibling-matmuls: two matmuls of one lhs "
                     "share a kernel where their results meet"),
      llvm::cl::init(false)};
  PassOptions::Option<std::string> cudaPath{
      *this, "cuda-path",
      llvm::cl::desc("CUDA toolkit whose nvvm/libdevice provides exp, erf, "
                     "tanh, ... (default: $CUDA_HOME, else /usr/local/cuda)"),
      llvm::cl::init("")};
  PassOptions::Option<std::string, GPUOptionsParser> gpuOptions{
      *this, "gpu-options",
      llvm::cl::desc(
          "Options of convert-molten-to-gpu but chip and ptx, as written "
          "in a pass pipeline (e.g. \"multiprocessors=114 "
          "block-size=128\"); molten-to-gpu-pipeline turns on "
          "dependent-launch, which they may turn off"),
      llvm::cl::init("")};
};

/// Why LLVM's NVPTX backend cannot compile Molten's kernels for `chip` at
/// PTX ISA version `ptx` (times ten), or nothing if it can: the chip must be
/// one the backend knows, from sm_30 on (warp shuffles), and `ptx` a
/// version it knows, at least the chip's minimum. Checked before any
/// lowering: the backend reports a bad pair as a fatal error, and MLIR's
/// NVVM target attribute crashes on an empty chip.
std::optional<std::string> checkGPUTarget(StringRef chip, int64_t ptx);

/// From molten math to PTX: the fusion pipeline, convert-molten-to-gpu, then
/// nvvm-attach-target, convert-gpu-to-nvvm and gpu-module-to-binary
/// (format isa) on the kernels. Fails where `gpuOptions` was set without
/// the parser and is bad (checkGPUOptions says why).
LogicalResult
buildMoltenToGPUPipeline(OpPassManager &pm,
                         const MoltenToGPUPipelineOptions &options);

} // namespace mlir::molten

#endif // MOLTEN_CONVERSION_PASSES_H
