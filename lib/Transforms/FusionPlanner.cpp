//===- FusionPlanner.cpp - which molten ops become one kernel ------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Greedy edge merging over a union-find, in program order of consumers:
// every producer -> consumer edge between molten ops is a merge candidate;
// the policy (whyNotMerge) says whether the two groups can share one kernel
// of the combined hero kind, and a reachability check refuses merges that
// would create a cycle through an op outside both groups.
//
//===----------------------------------------------------------------------===//

#include "Molten/Transforms/FusionPlanner.h"

#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "molten-fusion"

using namespace mlir;
using namespace mlir::molten;

/// The report's name of a group's kind: its hero, or "opaque".
static StringRef kindName(const FusionGroup &group) {
  return group.opaque ? "opaque" : stringifyHeroKind(group.kind);
}

//===----------------------------------------------------------------------===//
// SymbolicBytes
//===----------------------------------------------------------------------===//

SymbolicBytes SymbolicBytes::of(Type type) {
  SymbolicBytes bytes;
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return bytes; // index sizes cost nothing worth counting
  int64_t count = (tensor.getElementTypeBitWidth() + 7) / 8;
  unsigned degree = 0;
  for (int64_t d : tensor.getShape()) {
    if (ShapedType::isDynamic(d))
      ++degree;
    else
      count *= d;
  }
  bytes.coefficients[degree] = count;
  return bytes;
}

SymbolicBytes &SymbolicBytes::operator+=(const SymbolicBytes &other) {
  for (auto [degree, c] : other.coefficients)
    coefficients[degree] += c;
  return *this;
}

SymbolicBytes SymbolicBytes::operator-(const SymbolicBytes &other) const {
  SymbolicBytes result = *this;
  for (auto [degree, c] : other.coefficients)
    result.coefficients[degree] -= c;
  return result;
}

void SymbolicBytes::print(raw_ostream &os) const {
  bool first = true;
  for (auto it = coefficients.rbegin(); it != coefficients.rend(); ++it) {
    auto [degree, c] = *it;
    if (c == 0)
      continue;
    os << (first ? "" : c < 0 ? " - " : " + ") << (first ? c : std::abs(c));
    if (degree == 1)
      os << "*N";
    else if (degree > 1)
      os << "*N^" << degree;
    first = false;
  }
  if (first)
    os << "0";
}

//===----------------------------------------------------------------------===//
// Classification
//===----------------------------------------------------------------------===//

static ArrayRef<int64_t> shapeOf(Value value) {
  if (auto tensor = dyn_cast<RankedTensorType>(value.getType()))
    return tensor.getShape();
  return {};
}

static bool isMoltenCompute(Operation *op) {
  return isa_and_nonnull<MoltenDialect>(op->getDialect()) &&
         !isa<FusedOp, YieldOp>(op);
}

bool mlir::molten::isClonedIntoUsers(Operation *op) {
  if (isa<ConstantOp>(op))
    return true;
  if (!op->hasTrait<Elementwise>() || op->getNumOperands() != 1)
    return false;
  Operation *def = op->getOperand(0).getDefiningOp();
  return !def || !isMoltenCompute(def);
}

bool mlir::molten::canCloneInto(Operation *producer, Operation *user) {
  if (!isClonedIntoUsers(producer))
    return false;
  return isa<ConstantOp>(producer) || user->hasTrait<Elementwise>() ||
         user->hasTrait<DataMovement>() || isInnermostReduction(user);
}

/// Whether `op` takes part in planning: molten ops that compute, except the
/// cheap producers cloned into their users.
static bool isPlannable(Operation &op) {
  return isMoltenCompute(&op) && !isClonedIntoUsers(&op);
}

static void classify(Operation *op, HeroKind &kind, SmallVector<int64_t> &space,
                     std::string &reason) {
  if (isa<ReductionOpInterface>(op)) {
    space.assign(shapeOf(op->getOperand(0)).begin(),
                 shapeOf(op->getOperand(0)).end());
    SmallVector<int64_t> dims(cast<ReductionOpInterface>(op).getReducedDims());
    llvm::sort(dims);
    int64_t rank = space.size();
    bool innermost = isInnermostReduction(op);
    kind = innermost ? HeroKind::row_reduction : HeroKind::outer_reduction;
    if (!innermost)
      reason = "it reduces dims " + shapeToString(dims) +
               ", not the innermost dims of a rank-" + std::to_string(rank) +
               " tensor";
    return;
  }
  space.assign(shapeOf(op->getResult(0)).begin(),
               shapeOf(op->getResult(0)).end());
  if (isa<MatmulOp>(op)) {
    kind = HeroKind::matmul;
  } else if (isa<AttentionOp>(op)) {
    kind = HeroKind::attention;
  } else if (op->hasTrait<Elementwise>() || op->hasTrait<DataMovement>()) {
    kind = HeroKind::loop;
  } else {
    kind = HeroKind::loop;
    reason = "no emitter fuses " + op->getName().getStringRef().str() +
             " (composites other than matmul are expanded by molten-decompose)";
  }
}

//===----------------------------------------------------------------------===//
// Planning
//===----------------------------------------------------------------------===//

/// What `op` costs a kernel per element (FusionLimits::maxOps): itself, or
/// each of its inputs for a concat, plus the producers cloned into it.
static int64_t costOf(Operation *op) {
  int64_t cost = isa<ConcatOp>(op) ? op->getNumOperands() : 1;
  for (Value operand : op->getOperands())
    if (Operation *def = operand.getDefiningOp();
        def && !isa<ConstantOp>(def) && canCloneInto(def, op))
      ++cost;
  return cost;
}

/// The tensors `op` reads from outside its group when alone: its operands,
/// or a cloned producer's own operands in place of its result.
static SmallVector<Value> inputsOf(Operation *op) {
  SmallVector<Value> inputs;
  for (Value operand : op->getOperands()) {
    Operation *def = operand.getDefiningOp();
    if (def && canCloneInto(def, op))
      llvm::append_range(inputs, def->getOperands());
    else
      inputs.push_back(operand);
  }
  llvm::SmallDenseSet<Value, 4> seen;
  llvm::erase_if(inputs, [&](Value v) {
    return !isa<RankedTensorType>(v.getType()) || !seen.insert(v).second;
  });
  return inputs;
}

FusionPlanner::FusionPlanner(Block &block, FusionLimits limits)
    : block(block), limits(limits) {
  for (BlockArgument arg : block.getParent()->front().getArguments())
    if (auto type = dyn_cast<RankedTensorType>(arg.getType()))
      numSymbols += type.getNumDynamicDims();
  for (Operation &op : block) {
    position[&op] = position.size();
    if (!isPlannable(op))
      continue;
    int index = nodes.size();
    Node node;
    node.op = &op;
    classify(&op, node.kind, node.space, node.opaqueReason);
    node.cost = costOf(&op);
    node.parent = index;
    node.groupKind = node.kind;
    node.groupSpace = node.space;
    node.members = {index};
    node.last = index;
    if (node.kind == HeroKind::row_reduction)
      node.reduction = index;
    if (isa<MatmulOp>(op))
      node.matmuls = {index};
    if (op.hasTrait<DataMovement>())
      node.dataMovement = index;
    node.spaces.push_back({node.space, index});
    node.groupCost = node.cost;
    node.groupConcatInputs = isa<ConcatOp>(op) ? op.getNumOperands() : 0;
    node.boundary.inputs = inputsOf(&op);
    for (Value result : op.getResults())
      if (!result.use_empty())
        node.boundary.outputs.push_back(result);
    nodeOf[&op] = index;
    nodes.push_back(std::move(node));
  }

  const std::string cycle =
      "fusing would create a cycle through an op outside the region";
  for (int c = 0, e = nodes.size(); c < e; ++c) {
    // The consumer's producers, each once, in operand order.
    SmallVector<int> pending;
    for (Value operand : nodes[c].op->getOperands()) {
      Operation *producer = operand.getDefiningOp();
      auto it = producer ? nodeOf.find(producer) : nodeOf.end();
      if (it != nodeOf.end() && !llvm::is_contained(pending, it->second))
        pending.push_back(it->second);
    }
    // An edge refused for a cycle is tried again once the consumer's other
    // edges have merged: the path outside may then lie inside (RoPE's
    // x * cos + rotate(x) * sin, both halves of one transpose).
    // Each refused producer's last reason, reported in operand order.
    SmallVector<int> producers = pending;
    llvm::SmallDenseMap<int, std::string, 4> refused;
    for (bool merged = true; merged && !pending.empty();) {
      merged = false;
      SmallVector<int> retry;
      for (int p : pending) {
        int ra = find(p), rb = find(c);
        if (ra == rb)
          continue;
        Boundary boundary = mergedBoundary(ra, rb);
        std::optional<std::string> reason = whyNotMerge(p, c, boundary);
        // Every group of more than one op lies at or before `c`, the
        // consumer being planned: a path that leaves the merged group and
        // comes back never passes an op after it.
        bool closesCycle = !reason && wouldCycle(ra, rb, boundary,
                                                 position.lookup(nodes[c].op));
        if (closesCycle)
          reason = cycle;
        LLVM_DEBUG({
          llvm::dbgs() << "[" DEBUG_TYPE "] " << nodes[p].op->getName()
                       << " -> " << nodes[c].op->getName() << " at "
                       << nodes[c].op->getLoc() << ": "
                       << (reason ? "kept apart: " + *reason : "fused") << "\n";
        });
        if (!reason) {
          merge(ra, rb, std::move(boundary));
          refused.erase(p);
          merged = true;
          continue;
        }
        if (closesCycle)
          retry.push_back(p);
        refused[p] = *reason;
      }
      pending = std::move(retry);
    }
    for (int p : producers)
      if (auto it = refused.find(p); it != refused.end())
        rejected.push_back({nodes[p].op, nodes[c].op, it->second});
  }
  // An edge refused early may have been fused later through another path.
  llvm::erase_if(rejected, [&](const RejectedEdge &edge) {
    return find(nodeOf[edge.producer]) == find(nodeOf[edge.consumer]);
  });

  for (int n = 0, e = nodes.size(); n < e; ++n) {
    if (find(n) != n)
      continue;
    FusionGroup group;
    group.kind = nodes[n].groupKind;
    group.opaque = !nodes[n].opaqueReason.empty();
    group.space = nodes[n].groupSpace;
    SmallVector<int> members = nodes[n].members;
    llvm::sort(members);
    llvm::SetVector<Operation *> cloned;
    for (int m : members) {
      group.ops.push_back(nodes[m].op);
      for (Value operand : nodes[m].op->getOperands())
        if (Operation *def = operand.getDefiningOp();
            def && !isa<ConstantOp>(def) && canCloneInto(def, nodes[m].op))
          cloned.insert(def);
    }
    group.cloned = cloned.takeVector();
    group.hero = group.ops.back();
    for (int m : members)
      if (nodes[m].kind == group.kind && group.kind != HeroKind::loop) {
        group.hero = nodes[m].op;
        break;
      }
    groups.push_back(std::move(group));
  }
  llvm::sort(groups, [&](const FusionGroup &a, const FusionGroup &b) {
    return position.lookup(a.ops.front()) < position.lookup(b.ops.front());
  });
}

int FusionPlanner::find(int node) const {
  // Path halving keeps the trees shallow, whichever root a merge keeps.
  while (nodes[node].parent != node) {
    nodes[node].parent = nodes[nodes[node].parent].parent;
    node = nodes[node].parent;
  }
  return node;
}

/// Whether `op` (an op of the block) belongs to group `ra` or `rb`.
bool FusionPlanner::inGroups(Operation *op, int ra, int rb) const {
  auto it = nodeOf.find(op);
  if (it == nodeOf.end())
    return false;
  int root = find(it->second);
  return root == ra || root == rb;
}

FusionPlanner::Boundary FusionPlanner::mergedBoundary(int ra, int rb) const {
  Boundary merged;
  llvm::SmallDenseSet<Value, 16> seen;
  for (int g : {ra, rb})
    for (Value input : nodes[g].boundary.inputs) {
      Operation *def = input.getDefiningOp();
      if ((!def || !inGroups(def, ra, rb)) && seen.insert(input).second)
        merged.inputs.push_back(input);
    }
  for (int g : {ra, rb})
    for (Value output : nodes[g].boundary.outputs)
      if (llvm::any_of(output.getUsers(), [&](Operation *user) {
            Operation *owner = block.findAncestorOpInBlock(*user);
            return !owner || !inGroups(owner, ra, rb);
          }))
        merged.outputs.push_back(output);
  // Program order, so that reports name the first offending output.
  llvm::sort(merged.outputs, [&](Value a, Value b) {
    int64_t pa = position.lookup(a.getDefiningOp()),
            pb = position.lookup(b.getDefiningOp());
    if (pa != pb)
      return pa < pb;
    return cast<OpResult>(a).getResultNumber() <
           cast<OpResult>(b).getResultNumber();
  });
  return merged;
}

/// Whether a value of `shape` broadcasts into `space` without growing it.
static bool fitsInto(ArrayRef<int64_t> shape, ArrayRef<int64_t> space) {
  FailureOr<SmallVector<int64_t>> merged = broadcastShapes(shape, space);
  return succeeded(merged) && ArrayRef<int64_t>(*merged) == space;
}

/// Whether `op`'s result reaches, through elementwise ops, a row reduction
/// over rows of `space` (whose kernel can take the way there).
bool FusionPlanner::feedsRowReduction(Operation *op,
                                      ArrayRef<int64_t> space) const {
  SmallVector<Operation *> work{op};
  llvm::SmallPtrSet<Operation *, 16> seen{op};
  while (!work.empty()) {
    for (Operation *user : work.pop_back_val()->getUsers()) {
      auto it = nodeOf.find(user);
      if (isa<ReductionOpInterface>(user) && it != nodeOf.end() &&
          nodes[it->second].kind == HeroKind::row_reduction &&
          nodes[it->second].opaqueReason.empty() &&
          ArrayRef<int64_t>(nodes[it->second].space) == space)
        return true;
      if (user->hasTrait<Elementwise>() && seen.insert(user).second)
        work.push_back(user);
    }
  }
  return false;
}

std::optional<std::string>
FusionPlanner::whyNotMerge(int producer, int consumer,
                           const Boundary &merged) const {
  if (isa<MatmulOp>(nodes[consumer].op))
    return "matmul operands are not fused (no prologue fusion)";
  int ra = find(producer), rb = find(consumer);
  const Node &a = nodes[ra], &b = nodes[rb];
  if (a.groupKind == HeroKind::attention || b.groupKind == HeroKind::attention)
    return "an attention kernel takes no prologue or epilogue";
  for (const Node *g : {&a, &b})
    if (const std::string &why = nodes[g->members.front()].opaqueReason;
        !why.empty())
      return "not fusible: " + why;
  // In a consumer's group it would be data movement, which keeps the
  // group out of a matmul epilogue or a row reduction.
  if (a.members.size() == 1 && isa<ReshapeOp>(a.op))
    return "a reshape of its own shares its input's buffer: no kernel";

  // The two groups as (hero group, other group) by kind.
  HeroKind kind = HeroKind::loop;
  const Node *heroGroup = nullptr, *other = nullptr;
  if (a.groupKind == HeroKind::loop && b.groupKind == HeroKind::loop) {
    kind = HeroKind::loop;
  } else if (a.groupKind != HeroKind::loop && b.groupKind != HeroKind::loop) {
    if (a.groupKind == HeroKind::row_reduction &&
        b.groupKind == HeroKind::row_reduction) {
      auto rowLength = [&](const Node &g) {
        return cast<ReductionOpInterface>(nodes[g.reduction].op)
            .getReducedDims()
            .size();
      };
      if (a.groupSpace != b.groupSpace || rowLength(a) != rowLength(b))
        return "the reductions run over different rows (" +
               shapeToString(a.groupSpace) + " vs " +
               shapeToString(b.groupSpace) + ")";
      kind = HeroKind::row_reduction;
      heroGroup = &a;
    } else if (a.groupKind == HeroKind::matmul &&
               b.groupKind == HeroKind::matmul) {
      if (!limits.siblingMatmuls)
        return "two matmuls share a kernel only as siblings, with "
               "sibling-matmuls";
      if (a.matmuls.size() + b.matmuls.size() > 2)
        return "a kernel computes at most two matmuls";
      if (!areSiblingMatmuls(cast<MatmulOp>(nodes[a.matmuls.front()].op),
                             cast<MatmulOp>(nodes[b.matmuls.front()].op)))
        return "the matmuls are not siblings (one lhs, an rhs of one type "
               "and layout)";
      kind = HeroKind::matmul;
      heroGroup = &a;
      other = &b;
    } else {
      return "a matmul epilogue cannot hold a reduction";
    }
  } else {
    heroGroup = a.groupKind == HeroKind::loop ? &b : &a;
    other = a.groupKind == HeroKind::loop ? &a : &b;
    kind = heroGroup->groupKind;
  }

  if (other) {
    const char *what =
        kind == HeroKind::matmul ? "matmul epilogue" : "row reduction";
    // The first member, in program order, that cannot join the hero.
    int misfit = other->dataMovement;
    for (const auto &[space, member] : other->spaces)
      if (!fitsInto(space, heroGroup->groupSpace) &&
          (misfit < 0 || member < misfit))
        misfit = member;
    if (misfit >= 0 && misfit == other->dataMovement)
      return std::string("data movement (") +
             nodes[misfit].op->getName().getStringRef().str() +
             ") does not fuse into a " + what;
    if (misfit >= 0)
      return "shape " + shapeToString(nodes[misfit].space) +
             " does not fit the " + what + " space " +
             shapeToString(heroGroup->groupSpace);
  }
  if (kind == HeroKind::matmul && other) {
    // Only an epilogue: nothing in the merged group may feed a matmul of
    // either group (both siblings, where one has two).
    int heroRoot = heroGroup == &a ? ra : rb;
    int otherRoot = heroRoot == ra ? rb : ra;
    for (auto [group, feeding] :
         {std::pair(heroGroup, otherRoot), std::pair(other, heroRoot)})
      for (int matmul : group->matmuls)
        for (Value operand : nodes[matmul].op->getOperands()) {
          Operation *def = operand.getDefiningOp();
          auto it = def ? nodeOf.find(def) : nodeOf.end();
          if (it != nodeOf.end() && find(it->second) == feeding)
            return "matmul operands are not fused (no prologue fusion)";
        }
  }

  // Every value leaving the merged group must be one the kernel can write.
  std::optional<SmallVector<int64_t>> loopSpace;
  for (Value result : merged.outputs) {
    ArrayRef<int64_t> shape = shapeOf(result);
    if (kind == HeroKind::loop) {
      // One loop writes one iteration space; a rank-0 output is no
      // exception (molten.fused verifies it).
      if (!loopSpace)
        loopSpace.emplace(shape.begin(), shape.end());
      if (shape != ArrayRef<int64_t>(*loopSpace))
        return "its outputs would have different shapes (" +
               shapeToString(*loopSpace) + " and " + shapeToString(shape) + ")";
      continue;
    }
    if (kind == HeroKind::matmul &&
        shape != ArrayRef<int64_t>(heroGroup->groupSpace))
      return "a matmul kernel writes only values of the result shape " +
             shapeToString(heroGroup->groupSpace) + ", not " +
             shapeToString(shape);
    // A widening cast on the way to a reduction (a norm after a residual
    // add) would be written out wide for it; the reduction's own kernel
    // reads the narrower value and casts it there.
    if (auto widen = result.getDefiningOp<CastOp>();
        kind == HeroKind::matmul && widen &&
        widen.getType().getElementType().getIntOrFloatBitWidth() >
            widen.getInput()
                .getType()
                .getElementType()
                .getIntOrFloatBitWidth() &&
        feedsRowReduction(widen, heroGroup->groupSpace))
      return "a widening cast on the way to a row reduction stays out of "
             "a matmul epilogue: the reduction reads the narrower value";
    if (kind == HeroKind::matmul)
      continue;
    // The row reduction's rule (molten.fused verifies it).
    ArrayRef<int64_t> space = heroGroup->groupSpace;
    int64_t reducedDims =
        cast<ReductionOpInterface>(nodes[heroGroup->reduction].op)
            .getReducedDims()
            .size();
    if (!isRowReductionResultShape(shape, space, reducedDims))
      return "output shape " + shapeToString(shape) +
             " is neither per element nor per row of " + shapeToString(space);
  }

  // The kernel's size limits.
  int64_t cost = a.groupCost + b.groupCost;
  if (cost > limits.maxOps)
    return "the kernel would compute " + std::to_string(cost) +
           " values an element, more than " + std::to_string(limits.maxOps);
  int64_t loads =
      merged.inputs.size() + a.groupConcatInputs + b.groupConcatInputs;
  if (loads > limits.maxLoads)
    return "the kernel would issue " + std::to_string(loads) +
           " loads an element, more than " + std::to_string(limits.maxLoads) +
           " (registers)";
  int64_t buffers = merged.inputs.size() + merged.outputs.size();
  int64_t paramBytes = kernelParamBytes(buffers, numSymbols);
  if (paramBytes > limits.maxParamBytes)
    return "the kernel would take " + std::to_string(buffers) + " buffers, " +
           std::to_string(paramBytes) + " bytes of parameters, more than " +
           std::to_string(limits.maxParamBytes);
  return std::nullopt;
}

bool FusionPlanner::wouldCycle(int ra, int rb, const Boundary &merged,
                               int64_t lastPosition) const {
  // Walk from every user outside the merged group; reaching the group again
  // means a path leaves it and comes back. A planned op stands for its
  // whole group, which becomes one region: a path into any member of
  // another group leaves from all of its outputs.
  SmallVector<Operation *> worklist;
  llvm::SmallPtrSet<Operation *, 32> visited;
  auto pushUsers = [&](Value value) {
    for (Operation *user : value.getUsers()) {
      Operation *owner = block.findAncestorOpInBlock(*user);
      if (owner && position.lookup(owner) <= lastPosition &&
          visited.insert(owner).second)
        worklist.push_back(owner);
    }
  };
  for (Value output : merged.outputs)
    for (Operation *user : output.getUsers()) {
      Operation *owner = block.findAncestorOpInBlock(*user);
      if (owner && !inGroups(owner, ra, rb) &&
          position.lookup(owner) <= lastPosition &&
          visited.insert(owner).second)
        worklist.push_back(owner);
    }
  llvm::SmallDenseSet<int, 8> visitedGroups;
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (inGroups(op, ra, rb))
      return true;
    auto it = nodeOf.find(op);
    if (it == nodeOf.end()) {
      for (Value result : op->getResults())
        pushUsers(result);
      continue;
    }
    int group = find(it->second);
    if (!visitedGroups.insert(group).second)
      continue;
    for (Value output : nodes[group].boundary.outputs)
      pushUsers(output);
  }
  return false;
}

void FusionPlanner::merge(int ra, int rb, Boundary merged) {
  // The new root keeps the stronger hero kind.
  bool keepA = nodes[ra].groupKind != HeroKind::loop ||
               nodes[rb].groupKind == HeroKind::loop;
  int root = keepA ? ra : rb, child = keepA ? rb : ra;
  Node &r = nodes[root], &c = nodes[child];
  // The smaller member list goes into the larger: linear in total.
  if (r.members.size() < c.members.size())
    std::swap(r.members, c.members);
  llvm::append_range(r.members, c.members);
  c.members.clear();
  c.parent = root;
  auto earliest = [](int x, int y) {
    return x < 0 ? y : y < 0 ? x : std::min(x, y);
  };
  r.last = std::max(r.last, c.last);
  r.reduction = earliest(r.reduction, c.reduction);
  llvm::append_range(r.matmuls, c.matmuls);
  r.dataMovement = earliest(r.dataMovement, c.dataMovement);
  for (auto &[space, member] : c.spaces) {
    auto *same = llvm::find_if(
        r.spaces, [&](const auto &entry) { return entry.first == space; });
    if (same == r.spaces.end())
      r.spaces.push_back({std::move(space), member});
    else
      same->second = std::min(same->second, member);
  }
  c.spaces.clear();
  r.groupCost += c.groupCost;
  r.groupConcatInputs += c.groupConcatInputs;
  r.boundary = std::move(merged);
  c.boundary = {};
  if (r.groupKind == HeroKind::loop) {
    // A loop's space is its outputs' shape: the last op's, in practice.
    r.groupSpace = nodes[r.last].space;
  }
}

//===----------------------------------------------------------------------===//
// Inputs, outputs, report
//===----------------------------------------------------------------------===//

SmallVector<Value> FusionPlanner::getOutputs(const FusionGroup &group) const {
  llvm::SmallPtrSet<Operation *, 16> members(group.ops.begin(),
                                             group.ops.end());
  SmallVector<Value> outputs;
  for (Operation *op : group.ops)
    for (Value result : op->getResults())
      if (llvm::any_of(result.getUsers(), [&](Operation *user) {
            Operation *owner = block.findAncestorOpInBlock(*user);
            return !owner || !members.contains(owner);
          }))
        outputs.push_back(result);
  return outputs;
}

SmallVector<Value> FusionPlanner::getInputs(const FusionGroup &group) const {
  llvm::SmallPtrSet<Operation *, 16> members(group.ops.begin(),
                                             group.ops.end());
  // A cheap producer whose result some member needs materialised (a matmul
  // operand, say) is an input for every member: no copy is cloned then.
  llvm::DenseSet<Value> materialised;
  for (Operation *op : group.ops)
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp();
          !def || (!members.contains(def) && !canCloneInto(def, op)))
        materialised.insert(operand);
  llvm::SetVector<Value> inputs;
  auto addOperands = [&](Operation *op, auto &self) -> void {
    for (Value operand : op->getOperands()) {
      Operation *def = operand.getDefiningOp();
      if (def && members.contains(def))
        continue;
      if (def && canCloneInto(def, op) && !materialised.contains(operand))
        self(def, self);
      else
        inputs.insert(operand);
    }
  };
  for (Operation *op : group.ops)
    addOperands(op, addOperands);
  return inputs.takeVector();
}

static std::string locString(Operation *op) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (auto loc = dyn_cast<FileLineColLoc>(op->getLoc()))
    os << loc.getLine() << ":" << loc.getColumn();
  else
    os << op->getLoc();
  return s;
}

static std::string opString(Operation *op) {
  return op->getName().getStringRef().str() + " (" + locString(op) + ")";
}

/// The bytes `group`'s ops would move as separate kernels (each reads its
/// operands and writes its results) and as one (only the region's inputs
/// and outputs move).
static std::pair<SymbolicBytes, SymbolicBytes>
trafficOf(const FusionGroup &group, ArrayRef<Value> inputs,
          ArrayRef<Value> outputs) {
  SymbolicBytes unfused, fused;
  for (Operation *op : group.ops) {
    for (Value operand : op->getOperands())
      unfused += SymbolicBytes::of(operand.getType());
    for (Value result : op->getResults())
      unfused += SymbolicBytes::of(result.getType());
  }
  for (Value v : inputs)
    fused += SymbolicBytes::of(v.getType());
  for (Value v : outputs)
    fused += SymbolicBytes::of(v.getType());
  return {unfused, fused};
}

void FusionPlanner::emitRemarks() const {
  for (auto [index, group] : llvm::enumerate(groups)) {
    SmallVector<Value> inputs = getInputs(group), outputs = getOutputs(group);
    auto [unfused, fused] = trafficOf(group, inputs, outputs);
    std::string saved;
    llvm::raw_string_ostream savedOs(saved);
    (unfused - fused).print(savedOs);
    group.hero->emitRemark()
        << "fusion region " << index << ": hero " << kindName(group) << ", "
        << group.ops.size() << " ops, " << inputs.size() << " inputs, "
        << outputs.size() << " outputs, bytes saved " << saved;
  }
  for (const RejectedEdge &edge : rejected)
    edge.consumer->emitRemark()
        << "not fused with its producer " << opString(edge.producer) << ": "
        << edge.reason;
}

void FusionPlanner::print(raw_ostream &os) const {
  size_t numOps = 0;
  for (const FusionGroup &group : groups)
    numOps += group.ops.size();
  os << "molten-fusion-report: " << groups.size() << " region"
     << (groups.size() == 1 ? "" : "s") << " from " << numOps << " ops\n";
  for (auto [index, group] : llvm::enumerate(groups)) {
    os << "region " << index << ": hero " << kindName(group) << " "
       << opString(group.hero) << ", space " << shapeToString(group.space)
       << "\n  ops (" << group.ops.size() << "):";
    for (Operation *op : group.ops)
      os << " " << op->getName().stripDialect();
    if (!group.cloned.empty()) {
      os << "\n  cloned in (" << group.cloned.size() << "):";
      for (Operation *op : group.cloned)
        os << " " << op->getName().stripDialect();
    }
    SmallVector<Value> inputs = getInputs(group), outputs = getOutputs(group);
    os << "\n  inputs " << inputs.size() << ", outputs " << outputs.size()
       << ", kernels " << group.ops.size() << " -> 1\n";
    auto [unfused, fused] = trafficOf(group, inputs, outputs);
    os << "  bytes: unfused ";
    unfused.print(os);
    os << ", fused ";
    fused.print(os);
    os << ", saved ";
    (unfused - fused).print(os);
    os << "\n";
    llvm::SmallPtrSet<Operation *, 16> members(group.ops.begin(),
                                               group.ops.end());
    for (const RejectedEdge &edge : rejected) {
      if (!members.contains(edge.consumer))
        continue;
      os << "  left out: producer " << opString(edge.producer) << " of "
         << opString(edge.consumer) << ": " << edge.reason << "\n";
    }
  }
}
