//===- MoltenOps.h - molten ops ---------------------------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_DIALECT_MOLTEN_IR_MOLTENOPS_H
#define MOLTEN_DIALECT_MOLTEN_IR_MOLTENOPS_H

#include "Molten/Dialect/Molten/IR/MoltenDialect.h"
#include "Molten/Dialect/Molten/IR/ScalarMath.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::molten {

// Marker traits that classify ops for fusion and the emitters; see
// MoltenDialect.td for their meaning.
template <typename ConcreteType>
class Elementwise : public OpTrait::TraitBase<ConcreteType, Elementwise> {};
template <typename ConcreteType>
class DataMovement : public OpTrait::TraitBase<ConcreteType, DataMovement> {};
template <typename ConcreteType>
class ComposedFormula
    : public OpTrait::TraitBase<ConcreteType, ComposedFormula> {};

/// The fold of a ScalarFormulaOpInterface op `op`: its formula evaluated on
/// constant operands, or its lhs when the rhs is the constant
/// `rightIdentity` (either side when `op` is commutative) and the lhs has
/// the result's type.
OpFoldResult foldFormula(Operation *op, ArrayRef<Attribute> operands,
                         std::optional<double> rightIdentity);

/// Fails, with a diagnostic at `op`, if a tensor operand or result of `op`
/// has static dims whose product in bytes exceeds int64.
LogicalResult verifyAddressableTensors(Operation *op);

template <typename ConcreteType>
class AddressableTensors
    : public OpTrait::TraitBase<ConcreteType, AddressableTensors> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return verifyAddressableTensors(op);
  }
};

/// The numpy-style broadcast of two shapes under the dialect's rules (a
/// dimension expands only if it is statically 1), or failure if they are
/// incompatible.
FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                ArrayRef<int64_t> b);

/// Resolves a possibly negative `axis` of a rank-`rank` tensor to
/// `[0, rank)`, or returns failure if it is out of range.
FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank);

/// Whether `op` reduces over the innermost dims only (a suffix of the dims):
/// the row reductions that fuse and that the row-reduction emitter handles.
bool isInnermostReduction(Operation *op);

/// Whether a row-reduction kernel over `rows` (the reductions' input shape,
/// the last `reducedDims` dims reduced) can write a result of `shape`: one
/// per element (`rows` itself) or one per row (the outer dims, then ones or
/// nothing).
bool isRowReductionResultShape(ArrayRef<int64_t> shape, ArrayRef<int64_t> rows,
                               int64_t reducedDims);

/// The discardable attributes of the dialect: a function's launch plan
/// (#molten.launch_plan, set by convert-molten-to-gpu), the count of a kernel's
/// trailing tensor-map parameters (molten-grid-constant-params passes them
/// by value), and a module's target GPU.
constexpr StringLiteral kLaunchPlanAttrName = "molten.launch_plan";
constexpr StringLiteral kTensorMapCountAttrName = "molten.tensormaps";
/// A module's #molten.target.
constexpr StringLiteral kTargetAttrName = "molten.target";

/// Whether `name` can name a function or kernel in a launch plan and a PTX
/// entry: [A-Za-z_$][A-Za-z0-9_$]*.
bool isPlanIdentifier(StringRef name);

/// The number of an `sm_<number>[letter]` chip, or 0.
int64_t smVersion(StringRef chip);

/// A shape as "[?, 4096]", for diagnostics and reports.
std::string shapeToString(ArrayRef<int64_t> shape);

/// Whether a reshape from `input` to `result` can keep the element count,
/// judged from the static dimensions.
bool reshapeCountsCompatible(RankedTensorType input, RankedTensorType result);

} // namespace mlir::molten

#include "Molten/Dialect/Molten/IR/MoltenEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "Molten/Dialect/Molten/IR/MoltenAttributes.h.inc"

#include "Molten/Dialect/Molten/IR/MoltenInterfaces.h.inc"

namespace mlir::molten {
/// The fold of a reduction: its input when it reduces only size-1 dims
/// into the same type, or the reduced constant.
OpFoldResult foldReduction(ReductionOpInterface op, Attribute input);
} // namespace mlir::molten

#define GET_OP_CLASSES
#include "Molten/Dialect/Molten/IR/MoltenOps.h.inc"

namespace mlir::molten {
/// Whether two matmuls can share one kernel as siblings (a gated MLP's gate
/// and up projections): the same lhs value, rhs of one type and layout, so
/// that a tile loads one lhs block for both and holds both products of each
/// result element. (Neither may read the other's result: molten.fused's
/// verifier and the fusion planner check that.)
bool areSiblingMatmuls(MatmulOp a, MatmulOp b);
} // namespace mlir::molten

#endif // MOLTEN_DIALECT_MOLTEN_IR_MOLTENOPS_H
