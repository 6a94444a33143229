//===- MoltenToBundle.h - molten to PTX and bundles -------------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// What molten-translate's --molten-to-ptx and --molten-to-bundle do, as
// functions for tools that compile in process (the fuzz target, embedders).
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_TARGET_MOLTENTOBUNDLE_H
#define MOLTEN_TARGET_MOLTENTOBUNDLE_H

#include "Molten/Conversion/Passes.h"
#include "Molten/Dialect/Molten/IR/MoltenOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mlir::molten {

/// Compiles `module` in place with molten-to-gpu-pipeline and returns the
/// kernels' PTX. Fails, with diagnostics, where the pipeline does or the
/// module has no kernel.
FailureOr<std::string> compileToPTX(ModuleOp module,
                                    const MoltenToGPUPipelineOptions &options);

/// Compiles `module` in place and writes its bundle (docs/bundle.md): the
/// target, the PTX and every function's launch plan. Writes nothing on
/// failure.
LogicalResult writeBundle(ModuleOp module,
                          const MoltenToGPUPipelineOptions &options,
                          raw_ostream &os);

/// Registers what compiling a module to a bundle needs: every upstream
/// dialect, extension and LLVM IR translation, and the molten dialect.
void registerBundleDialects(DialectRegistry &registry);

/// Writes function `name`'s launch plan as a bundle's `function ... end`
/// lines (docs/bundle.md). The only writer of that text.
void writeLaunchPlan(StringRef name, LaunchPlanAttr plan, raw_ostream &os);

} // namespace mlir::molten

#endif // MOLTEN_TARGET_MOLTENTOBUNDLE_H
