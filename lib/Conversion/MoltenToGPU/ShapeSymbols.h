//===- ShapeSymbols.h - dynamic sizes as symbols ----------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The GPU path needs every tensor's size at run time as a function of the
// sizes the caller passes. Each dynamic dim of a function argument starts as
// a symbol; ops that require two dynamic dims to be equal (broadcasting,
// matmul's K and batch) unify them, and a dynamic dim met by a static one is
// bound to that constant. A reshape scales a symbol by a rational factor.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_LIB_CONVERSION_MOLTENTOGPU_SHAPESYMBOLS_H
#define MOLTEN_LIB_CONVERSION_MOLTENTOGPU_SHAPESYMBOLS_H

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"

#include <string>

namespace mlir::molten {

/// A size: `value` if `sym < 0`, else symbol `sym` times `mul` over `div`.
struct DimExpr {
  int64_t sym = -1;
  int64_t mul = 1, div = 1;
  int64_t value = 0;

  static DimExpr constant(int64_t v) { return {-1, 1, 1, v}; }
  static DimExpr symbol(int64_t s) { return {s, 1, 1, 0}; }
  bool isConstant() const { return sym < 0; }
  bool isBareSymbol() const { return sym >= 0 && mul == 1 && div == 1; }
  bool operator==(const DimExpr &o) const {
    return sym == o.sym && mul == o.mul && div == o.div && value == o.value;
  }
};

class ShapeSymbols {
public:
  /// Assigns shapes to every tensor of `func` (the arguments, the results of
  /// its molten.fused ops and every value inside them). Fails, with a
  /// diagnostic at the op, where a size cannot be expressed this way.
  static FailureOr<ShapeSymbols> analyze(func::FuncOp func);

  /// The shape of `value` with every symbol resolved and renumbered so that
  /// symbols are 0..getNumSymbols()-1 in order of first appearance in the
  /// arguments.
  SmallVector<DimExpr> getShape(Value value) const;
  int64_t getNumSymbols() const { return numSymbols; }

private:
  int64_t find(int64_t s) const;
  DimExpr resolve(DimExpr d) const;
  LogicalResult unify(DimExpr a, DimExpr b, Operation *op);
  /// Sizes the results of `op` (a region: everything in it).
  LogicalResult visit(Operation *op);
  // The size rule of each kind of op.
  LogicalResult visitElementwise(Operation *op);
  LogicalResult visitReduction(Operation *op);
  LogicalResult visitMatmul(MatmulOp matmul);
  LogicalResult visitAttention(AttentionOp attention);
  LogicalResult visitReshape(ReshapeOp reshape);
  LogicalResult visitTranspose(TransposeOp transpose);
  LogicalResult visitSlice(SliceOp slice);
  LogicalResult visitConcat(ConcatOp concat);
  LogicalResult visitBroadcastTo(BroadcastToOp broadcast);
  void set(Value v, SmallVector<DimExpr> shape);

  SmallVector<int64_t> parent;
  SmallVector<std::optional<int64_t>> bound;
  llvm::DenseMap<Value, SmallVector<DimExpr>> shapes;
  SmallVector<int64_t> renumbered; // root -> final symbol id
  int64_t numSymbols = 0;
};

} // namespace mlir::molten

#endif // MOLTEN_LIB_CONVERSION_MOLTENTOGPU_SHAPESYMBOLS_H
