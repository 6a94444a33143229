//===- InitMolten.h - Registration hooks for embedders ----------*- C++ -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The one header an MLIR-based tool includes to get Molten: the dialect, its
// passes, its pipelines and its translations. Link `MoltenRegistration`
// (CMake package target `Molten::MoltenRegistration`), and `MoltenTarget` for
// the translations.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_INITMOLTEN_H
#define MOLTEN_INITMOLTEN_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::molten {

/// Adds the molten dialect to `registry`.
void registerMoltenDialect(DialectRegistry &registry);

/// Registers every molten pass with the global pass registry, so that
/// `mlir-opt`-style tools accept their flags. Safe to call more than once.
void registerMoltenPasses();

/// Registers molten's named pass pipelines. Safe to call more than once.
void registerMoltenPipelines();

/// Registers molten's translations (--molten-to-ptx, --molten-to-bundle) with
/// the translation registry. Defined in `MoltenTarget`
/// (`Molten::MoltenTarget`), which links more of MLIR than the rest.
void registerMoltenTranslations();

} // namespace mlir::molten

#endif // MOLTEN_INITMOLTEN_H
