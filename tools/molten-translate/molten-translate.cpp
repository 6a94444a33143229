//===- molten-translate.cpp - Translations out of molten -----------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// mlir-translate with every upstream translation plus molten's:
// --molten-to-ptx and --molten-to-bundle (docs/bundle.md).
//
//===----------------------------------------------------------------------===//

#include "Molten/InitMolten.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

int main(int argc, char **argv) {
  mlir::registerAllTranslations();
  mlir::molten::registerMoltenTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "Molten translation driver\n"));
}
