//===- MoltenCompiler.cpp - The compiler's C API --------------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// molten_compile (include/Molten/Compiler/molten_compiler.h): MLIR text to a
// bundle, with writeBundle, as molten-translate --molten-to-bundle does.
//
//===----------------------------------------------------------------------===//

#include "Molten/Compiler/molten_compiler.h"
#include "Molten/Target/MoltenToBundle.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdlib>
#include <cstring>

using namespace mlir;

/// A malloc'd, NUL-terminated copy of `text` (the caller frees it with
/// molten_compiler_free); null only when memory runs out.
static char *copyOut(StringRef text) {
  char *copy = static_cast<char *>(std::malloc(text.size() + 1));
  if (!copy)
    return nullptr;
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

/// The dialects and translations a bundle's pipeline needs, built once.
static const DialectRegistry &registry() {
  static const DialectRegistry *dialects = [] {
    auto *r = new DialectRegistry();
    molten::registerBundleDialects(*r);
    return r;
  }();
  return *dialects;
}

/// Compiles `source` to a bundle into `bundle`; diagnostics go to the
/// handler of `sourceMgr` (set up by the caller).
static LogicalResult compile(MLIRContext &context, llvm::SourceMgr &sourceMgr,
                             StringRef options, std::string &bundle) {
  molten::MoltenToGPUPipelineOptions pipeline;
  std::string optionErrors;
  llvm::raw_string_ostream optionStream(optionErrors);
  if (failed(pipeline.parseFromString(options, optionStream))) {
    std::string why = StringRef(optionErrors).trim().str();
    emitError(UnknownLoc::get(&context))
        << "invalid options '" << options << "'" << (why.empty() ? "" : ": ")
        << why;
    return failure();
  }
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return failure();
  llvm::raw_string_ostream os(bundle);
  return molten::writeBundle(*module, pipeline, os);
}

int molten_compile(const char *source, size_t size, const char *name,
                   const char *options, char **bundle, size_t *bundleSize,
                   char **diagnostics) {
  if (bundle)
    *bundle = nullptr;
  if (bundleSize)
    *bundleSize = 0;
  if (diagnostics)
    *diagnostics = nullptr;
  if (!source)
    return 2;

  // A context per call: calls on other threads share nothing. The
  // pipeline's kernels are few; a thread pool per call would cost more than
  // it saves.
  std::string diagnosticText;
  llvm::raw_string_ostream diagnosticStream(diagnosticText);
  StringRef sourceName = name ? name : "<source>";
  // The parser stops at a NUL byte: what follows would be dropped quietly.
  if (const void *nul = std::memchr(source, '\0', size)) {
    diagnosticStream << sourceName << ": error: the source has a NUL byte at "
                     << "offset " << (static_cast<const char *>(nul) - source)
                     << "\n";
    if (diagnostics)
      *diagnostics = copyOut(diagnosticText);
    return 1;
  }
  MLIRContext context(registry(), MLIRContext::Threading::DISABLED);
  llvm::SourceMgr sourceMgr;
  // The parser reads up to a NUL terminator: parse a copy that has one.
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(StringRef(source, size), sourceName),
      SMLoc());
  SourceMgrDiagnosticHandler handler(sourceMgr, &context, diagnosticStream);

  std::string text;
  bool ok =
      succeeded(compile(context, sourceMgr, options ? options : "", text));
  if (diagnostics)
    *diagnostics = copyOut(diagnosticText);
  if (!ok)
    return 1;
  if (bundle) {
    *bundle = copyOut(text);
    if (!*bundle)
      return 1;
  }
  if (bundleSize)
    *bundleSize = text.size();
  return 0;
}

void molten_compiler_free(void *memory) { std::free(memory); }
