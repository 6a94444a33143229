//===- molten-opt.cpp - The molten optimizer driver ----------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// mlir-opt with the molten dialect, passes and pipelines added to every
// upstream dialect and pass.
//
//===----------------------------------------------------------------------===//

#include "Molten/InitMolten.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::molten::registerMoltenPasses();
  mlir::molten::registerMoltenPipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates kernels to LLVM IR inside the pipeline.
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::molten::registerMoltenDialect(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "Molten optimizer: fuses tensor math into GPU kernels\n",
      registry));
}
