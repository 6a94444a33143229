//===- MoltenDialect.h - The molten dialect ---------------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_DIALECT_MOLTEN_IR_MOLTENDIALECT_H
#define MOLTEN_DIALECT_MOLTEN_IR_MOLTENDIALECT_H

#include "mlir/IR/Dialect.h"

#include "Molten/Dialect/Molten/IR/MoltenDialect.h.inc"

#endif // MOLTEN_DIALECT_MOLTEN_IR_MOLTENDIALECT_H
