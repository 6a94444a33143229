//===- ScalarMath.h - the vocabulary of elementwise formulas ----*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Each elementwise op writes its scalar formula once, in MoltenOps.td, as a
// template over a "math": a type with a `Scalar` and the operations below.
// The same formula then runs on doubles (DoubleMath: the folds) and builds
// SSA values (a ScalarBuilder: the linalg lowering, the GPU evaluator and
// molten-decompose each supply one).
//
// Formulas name a value before using it in two arguments of one call: C++
// leaves the order of argument evaluation to the compiler, and the IR that
// builders emit must not depend on it.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_DIALECT_MOLTEN_IR_SCALARMATH_H
#define MOLTEN_DIALECT_MOLTEN_IR_SCALARMATH_H

#include "mlir/IR/Value.h"

#include <algorithm>
#include <cmath>

namespace mlir::molten {

enum class ComparePredicate : uint32_t;

/// Builds the operations of a formula as SSA values. Subclasses choose the
/// ops (arith/math on scalars or vectors, molten ops on tensors) and how a
/// few of them are computed (a reciprocal, rsqrt).
class ScalarBuilder {
public:
  using Scalar = Value;
  virtual ~ScalarBuilder() = default;

  /// `value` in the compute type.
  virtual Value cst(double value) = 0;
  virtual Value add(Value x, Value y) = 0;
  virtual Value sub(Value x, Value y) = 0;
  virtual Value mul(Value x, Value y) = 0;
  virtual Value div(Value x, Value y) = 0;
  virtual Value neg(Value x) = 0;
  /// NaN-propagating, like torch.maximum / torch.minimum; -0 < +0.
  virtual Value max(Value x, Value y) = 0;
  virtual Value min(Value x, Value y) = 0;
  virtual Value pow(Value x, Value y) = 0;
  virtual Value abs(Value x) = 0;
  virtual Value exp(Value x) = 0;
  virtual Value log(Value x) = 0;
  virtual Value sqrt(Value x) = 0;
  virtual Value rsqrt(Value x) = 0;
  virtual Value tanh(Value x) = 0;
  virtual Value erf(Value x) = 0;
  /// 1 / x; a builder may use an approximate reciprocal.
  virtual Value recip(Value x) = 0;
  /// An i1 (ordered, except ne, which is true when either side is NaN).
  virtual Value compare(ComparePredicate predicate, Value x, Value y) = 0;
};

/// Evaluates formulas on doubles; comparisons give 1 or 0.
struct DoubleMath {
  using Scalar = double;

  double cst(double value) { return value; }
  double add(double x, double y) { return x + y; }
  double sub(double x, double y) { return x - y; }
  double mul(double x, double y) { return x * y; }
  double div(double x, double y) { return x / y; }
  double neg(double x) { return -x; }
  double max(double x, double y) {
    if (std::isnan(x) || std::isnan(y))
      return NAN;
    if (x == y) // +0 over -0
      return std::signbit(x) ? y : x;
    return std::max(x, y);
  }
  double min(double x, double y) {
    if (std::isnan(x) || std::isnan(y))
      return NAN;
    if (x == y) // -0 under +0
      return std::signbit(x) ? x : y;
    return std::min(x, y);
  }
  double pow(double x, double y) { return std::pow(x, y); }
  double abs(double x) { return std::fabs(x); }
  double exp(double x) { return std::exp(x); }
  double log(double x) { return std::log(x); }
  double sqrt(double x) { return std::sqrt(x); }
  double rsqrt(double x) { return 1.0 / std::sqrt(x); }
  double tanh(double x) { return std::tanh(x); }
  double erf(double x) { return std::erf(x); }
  double recip(double x) { return 1.0 / x; }
  double compare(ComparePredicate predicate, double x, double y);
};

} // namespace mlir::molten

#endif // MOLTEN_DIALECT_MOLTEN_IR_SCALARMATH_H
