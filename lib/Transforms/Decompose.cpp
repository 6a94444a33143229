// Temporary: being written.
#include "Molten/Transforms/Passes.h"
namespace mlir::molten {
#define GEN_PASS_DEF_MOLTENDECOMPOSE
#include "Molten/Transforms/Passes.h.inc"
} // namespace mlir::molten
namespace {
struct Decompose : mlir::molten::impl::MoltenDecomposeBase<Decompose> {
  void runOnOperation() override {}
};
} // namespace
