//===- Passes.h - conversions out of molten ---------------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_CONVERSION_PASSES_H
#define MOLTEN_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::molten {

#define GEN_PASS_DECL
#include "Molten/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Molten/Conversion/Passes.h.inc"

} // namespace mlir::molten

#endif // MOLTEN_CONVERSION_PASSES_H
