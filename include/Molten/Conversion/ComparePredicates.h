//===- ComparePredicates.h - molten.compare to arith.cmpf -------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The arith predicate of each molten.compare predicate, shared by the linalg
// and GPU lowerings so that both compare the same way (ordered, except ne).
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_CONVERSION_COMPAREPREDICATES_H
#define MOLTEN_CONVERSION_COMPAREPREDICATES_H

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"

namespace mlir::molten {

inline arith::CmpFPredicate toArithPredicate(ComparePredicate predicate) {
  switch (predicate) {
  case ComparePredicate::lt:
    return arith::CmpFPredicate::OLT;
  case ComparePredicate::le:
    return arith::CmpFPredicate::OLE;
  case ComparePredicate::gt:
    return arith::CmpFPredicate::OGT;
  case ComparePredicate::ge:
    return arith::CmpFPredicate::OGE;
  case ComparePredicate::eq:
    return arith::CmpFPredicate::OEQ;
  case ComparePredicate::ne:
    return arith::CmpFPredicate::UNE; // true when either side is NaN
  }
  llvm_unreachable("unknown compare predicate");
}

} // namespace mlir::molten

#endif // MOLTEN_CONVERSION_COMPAREPREDICATES_H
