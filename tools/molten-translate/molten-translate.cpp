//===- molten-translate.cpp - Translations out of molten -----------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// mlir-translate with every upstream translation.
// Molten's translation to PTX registers here (see docs/overview.md).
//
//===----------------------------------------------------------------------===//

#include "Molten/InitMolten.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "Molten translation driver\n"));
}
