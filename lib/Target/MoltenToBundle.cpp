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
    llvm::cl::desc("More options of molten-to-gpu-pipeline, as written in "
                   "a pipeline (e.g. \"row-chunks-per-thread=4 "
                   "block-size=128\")"),
    llvm::cl::init(""));

FailureOr<std::string>
molten::compileToPTX(ModuleOp module,
                     const MoltenToGPUPipelineOptions &options) {
  PassManager pm(module->getContext(), ModuleOp::getOperationName());
  buildMoltenToGPUPipeline(pm, options);
  if (failed(pm.run(module)))
    return failure();
  auto binary = module.lookupSymbol<gpu::BinaryOp>("molten_kernels");
  if (!binary)
    return module.emitError("no molten.fused region to compile: the module "
                            "has no kernels");
  auto object = cast<gpu::ObjectAttr>(binary.getObjects()[0]);
  return object.getObject().getValue().str();
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
  module->walk([&](Operation *fn) {
    if (auto plan = fn->getAttrOfType<StringAttr>("molten.launch_plan"))
      os << plan.getValue();
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
  if (failed(options.parseFromString(gpuOptions))) {
    op->emitError("invalid --molten-gpu-options: '") << gpuOptions << "'";
    return nullptr;
  }
  options.chip = chip;
  options.ptx = ptxVersion;
  return module;
}

static void registerDialects(DialectRegistry &registry) {
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
        registerDialects);
    TranslateFromMLIRRegistration bundle(
        "molten-to-bundle",
        "Compile molten functions to a bundle: PTX plus launch plans",
        [](Operation *op, raw_ostream &os) -> LogicalResult {
          MoltenToGPUPipelineOptions options;
          ModuleOp module = translationInput(op, options);
          return module ? writeBundle(module, options, os) : failure();
        },
        registerDialects);
    return true;
  }();
  (void)once;
}
