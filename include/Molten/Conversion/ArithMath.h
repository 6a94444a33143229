//===- ArithMath.h - formulas as arith and math ops -------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The ScalarBuilder that the linalg lowering and the GPU evaluator share:
// each op's formula (MoltenOps.td) becomes arith and math ops, so that both
// compute the same way (compares ordered, except ne; max and min
// NaN-propagating).
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_CONVERSION_ARITHMATH_H
#define MOLTEN_CONVERSION_ARITHMATH_H

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

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

/// Formulas as arith and math ops on values of `type`: a float compute type
/// or a vector of one.
class ArithMath : public ScalarBuilder {
public:
  ArithMath(OpBuilder &b, Location loc, Type type)
      : b(b), loc(loc), type(type) {}

  Value cst(double value) override {
    if (auto vector = dyn_cast<VectorType>(type)) {
      FloatAttr element = b.getFloatAttr(vector.getElementType(), value);
      return arith::ConstantOp::create(
          b, loc, vector, DenseElementsAttr::get(vector, element.getValue()));
    }
    return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
  }
  Value add(Value x, Value y) override {
    return arith::AddFOp::create(b, loc, x, y);
  }
  Value sub(Value x, Value y) override {
    return arith::SubFOp::create(b, loc, x, y);
  }
  Value mul(Value x, Value y) override {
    return arith::MulFOp::create(b, loc, x, y);
  }
  Value div(Value x, Value y) override {
    return arith::DivFOp::create(b, loc, x, y);
  }
  Value neg(Value x) override { return arith::NegFOp::create(b, loc, x); }
  Value max(Value x, Value y) override {
    return arith::MaximumFOp::create(b, loc, x, y);
  }
  Value min(Value x, Value y) override {
    return arith::MinimumFOp::create(b, loc, x, y);
  }
  Value pow(Value x, Value y) override {
    return math::PowFOp::create(b, loc, x, y);
  }
  Value abs(Value x) override { return math::AbsFOp::create(b, loc, x); }
  Value exp(Value x) override { return math::ExpOp::create(b, loc, x); }
  Value log(Value x) override { return math::LogOp::create(b, loc, x); }
  Value sqrt(Value x) override { return math::SqrtOp::create(b, loc, x); }
  Value rsqrt(Value x) override { return math::RsqrtOp::create(b, loc, x); }
  Value tanh(Value x) override { return math::TanhOp::create(b, loc, x); }
  Value erf(Value x) override { return math::ErfOp::create(b, loc, x); }
  Value recip(Value x) override {
    Value one = cst(1.0);
    return div(one, x);
  }
  Value compare(ComparePredicate predicate, Value x, Value y) override {
    return arith::CmpFOp::create(b, loc, toArithPredicate(predicate), x, y);
  }

protected:
  OpBuilder &b;
  Location loc;
  Type type;
};

} // namespace mlir::molten

#endif // MOLTEN_CONVERSION_ARITHMATH_H
