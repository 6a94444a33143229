//===- HopperKernel.h - shared machinery of the sm_90a kernels --*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// What the tensor-core kernels (HopperMatmulEmitter.cpp,
// HopperAttentionEmitter.cpp) share: index arithmetic, the aligned base of
// dynamic shared memory, mbarrier waits, TMA tile loads and wgmma
// shared-memory descriptors for the 128-byte swizzle.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_LIB_CONVERSION_MOLTENTOGPU_HOPPERKERNEL_H
#define MOLTEN_LIB_CONVERSION_MOLTENTOGPU_HOPPERKERNEL_H

#include "KernelBuilder.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

namespace mlir::molten {

/// One 128-byte swizzle row of 16-bit values.
constexpr int64_t kHopperTileK = 64;
/// wgmma's k for 16-bit inputs.
constexpr int64_t kHopperMmaK = 16;
/// The 128-byte swizzle repeats every 8 rows of 128 bytes; tiles start on
/// such a boundary so that descriptors need no base offset.
constexpr int64_t kHopperSwizzleAtom = 1024;

/// The kernels' CTA: two consumer warpgroups and a producer warpgroup
/// (setmaxnreg works on whole warpgroups, and ptxas budgets registers for
/// whole ones anyway).
constexpr int64_t kHopperConsumerWarps = 8;
constexpr int64_t kHopperThreads = 3 * 128;
/// Registers at launch: the register file over kHopperThreads, in ptxas's
/// steps of 8.
constexpr int64_t kHopperLaunchRegisters = 65536 / kHopperThreads / 8 * 8;
/// Registers after setmaxnreg. The warpgroups trade within what the launch
/// gave the CTA: an increase waits until decreases have freed enough, so
/// more than that in all would never proceed.
constexpr int64_t kHopperConsumerRegisters = 232;
constexpr int64_t kHopperProducerRegisters = 40;
static_assert(2 * kHopperConsumerRegisters + kHopperProducerRegisters <=
              3 * kHopperLaunchRegisters);

/// Index arithmetic (index values, i32/i64 constants) at the context's
/// insertion point.
class IndexArith {
public:
  explicit IndexArith(KernelContext &ctx) : ctx(ctx), b(ctx.b), loc(ctx.loc) {}

protected:
  Value idx(int64_t v) { return ctx.index(v); }
  Value i32(int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(v));
  }
  Value i64(int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  }
  Value toI32(Value v) {
    return arith::IndexCastOp::create(b, loc, b.getI32Type(), v);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivUIOp::create(b, loc, x, y); }
  Value rem(Value x, Value y) { return arith::RemUIOp::create(b, loc, x, y); }
  Value min(Value x, Value y) { return arith::MinUIOp::create(b, loc, x, y); }
  Value both(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value eq(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, y);
  }
  Value ult(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, x, y);
  }
  Value ule(Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule, x, y);
  }
  Value cdiv(Value x, int64_t y) { return div(add(x, idx(y - 1)), idx(y)); }

  KernelContext &ctx;
  OpBuilder &b;
  Location loc;
};

/// Shared memory, barriers, TMA and descriptors of a tensor-core kernel.
class HopperKernelBuilder : public IndexArith {
public:
  using IndexArith::IndexArith;

protected:
  /// Sets smemBase to the dynamic shared memory's address, aligned to a
  /// swizzle atom (the kernel asks for kHopperSwizzleAtom bytes of slack).
  void alignSharedBase();
  /// A shared-memory pointer at `offset` bytes from the aligned base.
  Value sharedPtr(Value offset);
  /// Waits until `barrier` completes the phase of `parity`.
  void waitParity(Value barrier, Value parity);
  /// The wgmma descriptor of the swizzled matrix at shared `offset` bytes.
  Value descriptor(Value offset, uint64_t leadingBytes, uint64_t strideBytes);
  /// A TMA load of `map`'s box at `coords` (innermost first) into shared
  /// `offset`, completing bytes on `barrier`; multicast to the CTAs of
  /// `multicastMask` where it is non-null.
  void loadTile(Value map, Value offset, ValueRange coords, Value barrier,
                Value multicastMask = Value());
  /// Makes generic-proxy shared-memory writes visible to wgmma and TMA.
  void fenceAsyncShared();

  Value smemBase;
};

} // namespace mlir::molten

#endif // MOLTEN_LIB_CONVERSION_MOLTENTOGPU_HOPPERKERNEL_H
