//===- GridConstantParams.cpp - tensor maps passed by value --------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#include "Molten/Conversion/Passes.h"

#include "Emitters.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"

namespace mlir::molten {
#define GEN_PASS_DEF_MOLTENGRIDCONSTANTPARAMS
#include "Molten/Conversion/Passes.h.inc"
} // namespace mlir::molten

using namespace mlir;
using namespace mlir::molten;

namespace {
struct MoltenGridConstantParams
    : molten::impl::MoltenGridConstantParamsBase<MoltenGridConstantParams> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<LLVM::LLVMFuncOp>()) {
      Attribute attr = func->getAttr(kTensorMapCountAttrName);
      if (!attr)
        continue;
      auto count = dyn_cast<IntegerAttr>(attr);
      if (!count) {
        func.emitOpError() << kTensorMapCountAttrName
                           << " must be an integer, got " << attr;
        return signalPassFailure();
      }
      func->removeAttr(kTensorMapCountAttrName);
      unsigned numArgs = func.getNumArguments();
      if (count.getInt() < 0 || count.getInt() > numArgs) {
        func.emitOpError("has ")
            << kTensorMapCountAttrName << " = " << count.getInt() << " but "
            << numArgs << " parameters";
        return signalPassFailure();
      }
      Builder b(&getContext());
      auto map = LLVM::LLVMArrayType::get(b.getI8Type(), 128);
      for (unsigned i = numArgs - count.getInt(); i < numArgs; ++i) {
        if (!isa<LLVM::LLVMPointerType>(func.getArgument(i).getType())) {
          func.emitOpError("tensor-map parameter #")
              << i << " is not a pointer";
          return signalPassFailure();
        }
        func.setArgAttr(i, LLVM::LLVMDialect::getByValAttrName(),
                        TypeAttr::get(map));
        func.setArgAttr(i, LLVM::LLVMDialect::getAlignAttrName(),
                        b.getI64IntegerAttr(64));
        func.setArgAttr(i, NVVM::NVVMDialect::getGridConstantAttrName(),
                        b.getUnitAttr());
      }
    }
  }
};
} // namespace
