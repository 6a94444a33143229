//===- MoltenPlugin.cpp - molten as an mlir-opt plugin --------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Lets a stock `mlir-opt` (built against the same libMLIR.so) use molten:
//   mlir-opt --load-dialect-plugin=MoltenPlugin.so \
//            --load-pass-plugin=MoltenPlugin.so ...
//
//===----------------------------------------------------------------------===//

#include "Molten/InitMolten.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Molten", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mlir::molten::registerMoltenDialect(*registry);
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Molten", LLVM_VERSION_STRING, []() {
            mlir::molten::registerMoltenPasses();
            mlir::molten::registerMoltenPipelines();
          }};
}
