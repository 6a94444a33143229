// Temporary: being written.
#include "Molten/Conversion/Passes.h"
namespace mlir::molten {
#define GEN_PASS_DEF_CONVERTMOLTENTOLINALG
#include "Molten/Conversion/Passes.h.inc"
} // namespace mlir::molten
namespace {
struct ConvertMoltenToLinalg
    : mlir::molten::impl::ConvertMoltenToLinalgBase<ConvertMoltenToLinalg> {
  void runOnOperation() override {}
};
} // namespace
