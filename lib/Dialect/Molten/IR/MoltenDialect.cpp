//===- MoltenDialect.cpp - The molten dialect ----------------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#include "Molten/Dialect/Molten/IR/MoltenDialect.h"
#include "Molten/Dialect/Molten/IR/MoltenOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::molten;

#include "Molten/Dialect/Molten/IR/MoltenDialect.cpp.inc"

void MoltenDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "Molten/Dialect/Molten/IR/MoltenOps.cpp.inc"
      >();
  registerAttributes();
}

Operation *MoltenDialect::materializeConstant(OpBuilder &builder,
                                              Attribute value, Type type,
                                              Location loc) {
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense || dense.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, dense);
}
