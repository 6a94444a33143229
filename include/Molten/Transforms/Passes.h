//===- Passes.h - molten transformation passes ------------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_TRANSFORMS_PASSES_H
#define MOLTEN_TRANSFORMS_PASSES_H

#include "Molten/Dialect/Molten/IR/MoltenDialect.h"
#include "mlir/Pass/Pass.h"

namespace mlir::molten {

#define GEN_PASS_DECL
#include "Molten/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Molten/Transforms/Passes.h.inc"

} // namespace mlir::molten

#endif // MOLTEN_TRANSFORMS_PASSES_H
