//===- MoltenToBundle.cpp - molten to PTX and bundles ---------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Translations for molten-translate: compile a molten module with
// molten-to-gpu-pipeline and write its PTX (--molten-to-ptx) or a bundle,
// the PTX plus every function's launch plan (--molten-to-bundle,
// docs/bundle.md).
//
//===----------------------------------------------------------------------===//

#include "Molten/Target/MoltenToBundle.h"

#include "Molten/InitMolten.h"

#include "Molten/Conversion/Passes.h"
#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"

using namespace mlir;

static llvm::cl::opt<std::string>
    chip("molten-chip", llvm::cl::desc("GPU to compile for (default sm_90)"),
         llvm::cl::init("sm_90"));
static llvm::cl::opt<int>
    ptxVersion("molten-ptx",
               llvm::cl::desc("PTX ISA version times ten (default 80)"),
               llvm::cl::init(80));
static llvm::cl::opt<std::string> gpuOptions(
    "molten-gpu-options",
    llvm::cl::desc("Options of convert-molten-to-gpu but chip and ptx (the "
                   "pipeline's gpu-options), as written in a pipeline (e.g. "
                   "\"row-elements-per-thread=8 block-size=128\")"),
    llvm::cl::init(""));
static llvm::cl::opt<bool> siblingMatmuls(
    "molten-sibling-matmuls",
    llvm::cl::desc("Let two matmuls of one lhs share a kernel where their "
                   "results meet (the pipeline's sibling-matmuls)"),
    llvm::cl::init(false));

FailureOr<std::string>
molten::compileToPTX(ModuleOp module,
                     const MoltenToGPUPipelineOptions &options) {
  // The PTX is that of the GPU module convert-molten-to-gpu makes; a GPU
  // module of the input's own would be compiled too, or taken for it.
  WalkResult foreign = module->walk([&](Operation *op) {
    if (!isa<gpu::GPUModuleOp, gpu::BinaryOp>(op))
      return WalkResult::advance();
    op->emitError("the input has a ")
        << op->getName()
        << " of its own: Molten compiles molten.fused regions, into a GPU "
           "module it makes";
    return WalkResult::interrupt();
  });
  if (foreign.wasInterrupted())
    return failure();
  PassManager pm(module->getContext(), ModuleOp::getOperationName());
  if (failed(buildMoltenToGPUPipeline(pm, options)))
    return module.emitError("bad molten-to-gpu-pipeline options: ")
           << checkGPUOptions(options.gpuOptions).value_or("");
  if (failed(pm.run(module)))
    return failure();
  auto binary = module.lookupSymbol<gpu::BinaryOp>(kKernelModuleName);
  if (!binary)
    return module.emitError("no molten.fused region to compile: the module "
                            "has no kernels");
  auto object = cast<gpu::ObjectAttr>(binary.getObjects()[0]);
  return object.getObject().getValue().str();
}

/// The bundle's name of an element type (docs/bundle.md).
static StringRef dtypeName(Type type) {
  if (type.isF16())
    return "f16";
  if (type.isBF16())
    return "bf16";
  if (type.isInteger(1))
    return "i1";
  assert(type.isF32() && "the plan verifier admits f32, f16, bf16, i1");
  return "f32";
}

/// Writes `values` as a count and the values, each after a space.
template <typename T, typename Fn>
static void writeCounted(raw_ostream &os, ArrayRef<T> values, Fn write) {
  os << " " << values.size();
  for (const T &value : values) {
    os << " ";
    write(value);
  }
}

void molten::writeLaunchPlan(StringRef name, molten::LaunchPlanAttr plan,
                             raw_ostream &os) {
  using molten::SizeExprAttr;
  auto size = [&](SizeExprAttr s) { s.printPrefix(os); };
  auto integer = [&](int64_t v) { os << v; };
  os << "function " << name << " inputs " << plan.getInputs() << " outputs "
     << plan.getOutputs() << " symbols " << plan.getSymbols() << "\n";
  for (auto [id, buffer] : llvm::enumerate(plan.getBuffers())) {
    os << "buffer " << id << " " << stringifyBufferRole(buffer.getRole());
    if (buffer.getRole() != molten::BufferRole::temp)
      os << " " << buffer.getIndex();
    os << " " << dtypeName(buffer.getElementType());
    writeCounted(os, buffer.getDims(), size);
    os << "\n";
  }
  for (molten::PlanKernelAttr kernel : plan.getKernels()) {
    os << "kernel " << kernel.getName().getValue() << " grid";
    for (SizeExprAttr s : kernel.getGrid()) {
      os << " ";
      size(s);
    }
    os << " block";
    for (int64_t b : kernel.getBlock())
      os << " " << b;
    os << " smem " << kernel.getSmem() << " buffers";
    writeCounted(os, kernel.getBuffers(), integer);
    os << " symbols";
    writeCounted(os, kernel.getSymbols(), integer);
    if (!kernel.getTensorMaps().empty()) {
      os << " tensormaps";
      writeCounted(os, kernel.getTensorMaps(),
                   [&](molten::PlanTensorMapAttr map) {
                     os << map.getBuffer();
                     writeCounted(os, map.getDims(), size);
                     for (int64_t box : map.getBox())
                       os << " " << box;
                     os << " ";
                     if (map.getSwizzle())
                       os << map.getSwizzle();
                     else
                       os << "none";
                   });
    }
    if (kernel.getDependent())
      os << " dependent";
    os << "\n";
  }
  os << "end\n";
}

LogicalResult molten::writeBundle(ModuleOp module,
                                  const MoltenToGPUPipelineOptions &options,
                                  raw_ostream &os) {
  FailureOr<std::string> ptx = compileToPTX(module, options);
  if (failed(ptx))
    return failure();
  os << "molten-bundle 1\ntarget " << options.chip << "\nptx " << ptx->size()
     << "\n"
     << *ptx << "\n";
  module->walk([&](func::FuncOp func) {
    if (auto plan = func->getAttrOfType<molten::LaunchPlanAttr>(
            molten::kLaunchPlanAttrName))
      writeLaunchPlan(func.getName(), plan, os);
  });
  return success();
}

/// The module to translate, with `options` set from molten-translate's
/// command line; null, after a diagnostic, if either is bad.
static ModuleOp translationInput(Operation *op,
                                 molten::MoltenToGPUPipelineOptions &options) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module) {
    op->emitError("expected a builtin.module");
    return nullptr;
  }
  if (std::optional<std::string> why = molten::checkGPUOptions(gpuOptions)) {
    op->emitError("invalid --molten-gpu-options: ") << *why;
    return nullptr;
  }
  options.gpuOptions = gpuOptions;
  options.siblingMatmuls = siblingMatmuls;
  options.chip = chip;
  options.ptx = ptxVersion;
  return module;
}

void molten::registerBundleDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  molten::registerMoltenDialect(registry);
}

void molten::registerMoltenTranslations() {
  static bool once = [] {
    TranslateFromMLIRRegistration ptx(
        "molten-to-ptx", "Compile molten functions to PTX (the kernels only)",
        [](Operation *op, raw_ostream &os) -> LogicalResult {
          MoltenToGPUPipelineOptions options;
          ModuleOp module = translationInput(op, options);
          if (!module)
            return failure();
          FailureOr<std::string> text = compileToPTX(module, options);
          if (failed(text))
            return failure();
          os << *text;
          return success();
        },
        registerBundleDialects);
    TranslateFromMLIRRegistration bundle(
        "molten-to-bundle",
        "Compile molten functions to a bundle: PTX plus launch plans",
        [](Operation *op, raw_ostream &os) -> LogicalResult {
          MoltenToGPUPipelineOptions options;
          ModuleOp module = translationInput(op, options);
          return module ? writeBundle(module, options, os) : failure();
        },
        registerBundleDialects);
    return true;
  }();
  (void)once;
}
