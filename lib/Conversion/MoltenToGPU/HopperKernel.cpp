//===- HopperKernel.cpp - shared machinery of the sm_90a kernels ----------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#include "HopperKernel.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::molten;

/// A wgmma shared-memory matrix descriptor with the 128-byte swizzle.
static constexpr uint64_t descriptorBits(uint64_t leadingBytes,
                                         uint64_t strideBytes) {
  return ((leadingBytes >> 4) << 16) | ((strideBytes >> 4) << 32) |
         (uint64_t(1) << 62);
}

void HopperKernelBuilder::alignSharedBase() {
  // A shared-window address. MLIR declares dynamic shared memory as a
  // 1-byte static shared variable; the dynamic allocation follows it in the
  // window.
  auto smemType = MemRefType::get(
      {ShapedType::kDynamic}, b.getI8Type(), MemRefLayoutAttrInterface{},
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup));
  Value smem = gpu::DynamicSharedMemoryOp::create(b, loc, smemType);
  Value raw = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, smem);
  smemBase = arith::AndIOp::create(
      b, loc, add(raw, idx(kHopperSwizzleAtom - 1)), idx(-kHopperSwizzleAtom));
}

Value HopperKernelBuilder::sharedPtr(Value offset) {
  Value address =
      arith::IndexCastOp::create(b, loc, b.getI64Type(), add(smemBase, offset));
  return LLVM::IntToPtrOp::create(
      b, loc, LLVM::LLVMPointerType::get(b.getContext(), 3), address);
}

void HopperKernelBuilder::waitParity(Value barrier, Value parity) {
  // The suspend-time hint CUTLASS uses (10 ms): the wait wakes on the
  // phase change, the hint only bounds a sleep.
  NVVM::MBarrierTryWaitParityOp::create(b, loc, barrier, toI32(parity),
                                        i32(10000000));
}

Value HopperKernelBuilder::descriptor(Value offset, uint64_t leadingBytes,
                                      uint64_t strideBytes) {
  Value address =
      arith::IndexCastOp::create(b, loc, b.getI64Type(), add(smemBase, offset));
  Value field = arith::ShRUIOp::create(
      b, loc, arith::AndIOp::create(b, loc, address, i64(0x3ffff)), i64(4));
  return arith::OrIOp::create(
      b, loc, field,
      i64(static_cast<int64_t>(descriptorBits(leadingBytes, strideBytes))));
}

void HopperKernelBuilder::loadTile(Value map, Value offset, ValueRange coords,
                                   Value barrier, Value multicastMask) {
  // The shared::cluster form (the CTA-only one needs PTX 8.6): a CTA's own
  // shared address is a cluster address too.
  Value dst = LLVM::AddrSpaceCastOp::create(
      b, loc, LLVM::LLVMPointerType::get(b.getContext(), 7), sharedPtr(offset));
  NVVM::CpAsyncBulkTensorGlobalToSharedClusterOp::create(
      b, loc, dst, map, coords, barrier, ValueRange{}, multicastMask, Value(),
      NVVM::TMALoadMode::TILE, /*isCTAOnly=*/false, nullptr, Value());
}

void HopperKernelBuilder::fenceAsyncShared() {
  NVVM::FenceProxyOp::create(
      b, loc, NVVM::ProxyKind::async_shared,
      NVVM::SharedSpaceAttr::get(b.getContext(),
                                 NVVM::SharedSpace::shared_cta));
}
