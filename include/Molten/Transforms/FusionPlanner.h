//===- FusionPlanner.h - which molten ops become one kernel -----*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Fusion decides first, then forms regions (docs/fusion.md). The planner is
// the decision: it groups the molten ops of a block so that each group can
// become one `molten.fused` region handled by one emitter, and it records why
// it refused each producer -> consumer edge. It changes nothing; `molten-fuse`
// forms the regions and `molten-fusion-report` prints the plan.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_TRANSFORMS_FUSIONPLANNER_H
#define MOLTEN_TRANSFORMS_FUSIONPLANNER_H

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/IR/Block.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <string>

namespace mlir::molten {

/// A size in bytes as a polynomial in N, where every dynamic dimension counts
/// as N (usually the token count): coefficient[k] multiplies N^k.
struct SymbolicBytes {
  std::map<unsigned, int64_t> coefficients;

  static SymbolicBytes of(Type type);
  SymbolicBytes &operator+=(const SymbolicBytes &other);
  SymbolicBytes operator-(const SymbolicBytes &other) const;
  void print(raw_ostream &os) const;
};

/// One planned region.
struct FusionGroup {
  /// What its kernel is built around (molten.fused's hero).
  HeroKind kind = HeroKind::loop;
  /// An op no fused emitter handles together with others (a reduction over
  /// outer dims, a composite left undecomposed): a region of its own.
  bool opaque = false;
  /// The first reduction or the matmul; the last op for loops.
  Operation *hero = nullptr;
  /// The group's ops in program order, without the cheap producers that are
  /// cloned into it (see isClonedIntoUsers).
  SmallVector<Operation *> ops;
  /// The non-constant cheap producers cloned into the group.
  SmallVector<Operation *> cloned;
  /// The iteration space: the row space (input of the reductions) for row
  /// reductions, the matmul result for matmuls, the outputs for loops.
  SmallVector<int64_t> space;
};

/// Whether `op` is a producer so cheap that every region using it gets its
/// own copy instead of reading its materialised result: a constant, or a
/// unary elementwise op on a value from outside the planned ops (a function
/// argument, say), which reads no more than its result would.
bool isClonedIntoUsers(Operation *op);

/// Whether a copy of the cheap producer `producer` may go into the region of
/// `user`: constants anywhere; the others only where an emitter computes
/// them on the fly (elementwise, data movement and row-reduction users, not
/// matmul operands). Elsewhere the producer's result is materialised.
bool canCloneInto(Operation *producer, Operation *user);

/// A producer -> consumer edge the planner did not fuse, and why.
struct RejectedEdge {
  Operation *producer;
  Operation *consumer;
  std::string reason;
};

/// Bytes of parameters PTX allows a kernel at ISA version `ptx` (times ten).
constexpr int64_t maxKernelParamBytes(int64_t ptx) {
  return ptx >= 81 ? 32764 : 4352;
}

/// What one kernel can hold: a merge that would exceed a limit is refused,
/// so the region is split instead of failing later in ptxas.
struct FusionLimits {
  /// Bytes of kernel parameters. convert-molten-to-gpu passes each buffer as a
  /// 1-D memref descriptor (5 x 8 bytes) and each dynamic size as 8 bytes; PTX
  /// before ISA 8.1 allows 4352 bytes.
  int64_t maxParamBytes = maxKernelParamBytes(80);
  /// Values a kernel computes per element: one per op, one per concat input
  /// (each is evaluated) and per cloned producer. Bounds the kernel's code
  /// and its compile time.
  int64_t maxOps = 256;
  /// Loads a kernel issues per element: one per tensor it reads, one per
  /// concat input. Each holds registers for every chunk in flight (the loop
  /// emitter keeps 2 chunks of 16 bytes: 8 registers a load), and a thread
  /// has 255: past this the kernel spills.
  int64_t maxLoads = 24;
  /// Whether two sibling matmuls (areSiblingMatmuls: one lhs, a gated MLP's
  /// gate and up projections) whose results meet in an epilogue share a
  /// kernel, which then writes only the epilogue's result.
  bool siblingMatmuls = false;
};

/// Bytes of kernel parameters for a kernel of `buffers` tensors and
/// `symbols` dynamic sizes, as convert-molten-to-gpu passes them.
inline int64_t kernelParamBytes(int64_t buffers, int64_t symbols) {
  return 40 * buffers + 8 * symbols;
}

class FusionPlanner {
public:
  /// Plans the molten ops directly in `block`.
  explicit FusionPlanner(Block &block, FusionLimits limits = {});

  /// Groups in program order of their first op.
  ArrayRef<FusionGroup> getGroups() const { return groups; }
  ArrayRef<RejectedEdge> getRejectedEdges() const { return rejected; }

  /// The values computed in `group` and used outside it (its results).
  SmallVector<Value> getOutputs(const FusionGroup &group) const;
  /// The values used by `group` and computed outside it (its inputs); a
  /// cloned producer contributes its own operands instead of its result.
  SmallVector<Value> getInputs(const FusionGroup &group) const;

  /// Prints the plan: per region its hero, ops, traffic unfused vs fused and
  /// the neighbours left out with the reason.
  void print(raw_ostream &os) const;
  /// The same facts as remarks: a region's at its hero op, a neighbour left
  /// out at the consumer it was kept from.
  void emitRemarks() const;

private:
  /// A group's boundary: the tensors it reads from outside and the values
  /// used outside it.
  struct Boundary {
    SmallVector<Value> inputs, outputs;
  };

  /// One planned op; the fields after `parent` are valid at union-find
  /// roots, where they summarise the group the node leads, so that a merge
  /// costs the size of the boundaries, not of the groups.
  struct Node {
    Operation *op;
    HeroKind kind;
    SmallVector<int64_t> space;
    std::string opaqueReason;
    int64_t cost;
    mutable int parent; // find() halves paths
    HeroKind groupKind;
    SmallVector<int64_t> groupSpace;
    SmallVector<int> members; // in no particular order
    int last;                 // the member last in program order
    int reduction = -1;       // the first innermost-reduction member
    /// The matmul members: one, or two siblings.
    SmallVector<int, 2> matmuls;
    int dataMovement = -1; // the first data-movement member
    /// Each distinct member space with the first member that has it.
    SmallVector<std::pair<SmallVector<int64_t>, int>, 1> spaces;
    int64_t groupCost;
    int64_t groupConcatInputs;
    Boundary boundary;
  };

  int find(int node) const;
  bool inGroups(Operation *op, int ra, int rb) const;
  bool feedsRowReduction(Operation *op, ArrayRef<int64_t> space) const;
  Boundary mergedBoundary(int ra, int rb) const;
  std::optional<std::string> whyNotMerge(int producer, int consumer,
                                         const Boundary &merged) const;
  bool wouldCycle(int ra, int rb, const Boundary &merged,
                  int64_t lastPosition) const;
  void merge(int a, int b, Boundary merged);

  Block &block;
  FusionLimits limits;
  /// Dynamic dims of the block's function arguments: at most this many size
  /// symbols reach a kernel.
  int64_t numSymbols = 0;
  SmallVector<Node, 0> nodes;
  DenseMap<Operation *, int> nodeOf;
  DenseMap<Operation *, int64_t> position; // program order in `block`
  SmallVector<FusionGroup> groups;
  SmallVector<RejectedEdge> rejected;
};

} // namespace mlir::molten

#endif // MOLTEN_TRANSFORMS_FUSIONPLANNER_H
