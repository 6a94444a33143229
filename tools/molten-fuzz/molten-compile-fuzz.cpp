//===- molten-compile-fuzz.cpp - fuzz target for the compiler -------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// One input is .mlir text. It is parsed and verified, then every pipeline a
// user can run takes its own copy: canonicalize, molten-decompose, the
// fusion pipeline, the fusion report (printed to nowhere),
// convert-molten-to-linalg, and molten-to-gpu-pipeline to a bundle. Diagnostics
// are expected and ignored; what fails the target is a crash, a hang
// (libFuzzer's -timeout), and a bundle the compiler wrote but the runtime
// refuses, or whose PTX ptxas refuses (with MOLTEN_FUZZ_PTXAS=<ptxas>): those
// abort.
//
// A first line "// molten-fuzz: <options>" gives molten-to-gpu-pipeline
// options (chip=, ptx=, tuning), so that options are fuzzed too.
//
//===----------------------------------------------------------------------===//

#include "Molten/InitMolten.h"
#include "Molten/Runtime/molten_runtime.h"
#include "Molten/Target/MoltenToBundle.h"
#include "Molten/Transforms/FusionPlanner.h"
#include "Molten/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>

using namespace mlir;

static MLIRContext &context() {
  static MLIRContext *ctx = [] {
    DialectRegistry registry;
    registerAllDialects(registry);
    registerAllExtensions(registry);
    registerAllToLLVMIRTranslations(registry);
    molten::registerMoltenDialect(registry);
    molten::registerMoltenPasses();
    molten::registerMoltenPipelines();
    // One thread: deterministic, and libFuzzer counts the time of one.
    auto *c = new MLIRContext(registry, MLIRContext::Threading::DISABLED);
    c->loadAllAvailableDialects();
    return c;
  }();
  return *ctx;
}

[[noreturn]] static void fail(const std::string &what,
                              const std::string &detail) {
  std::fprintf(stderr, "molten-compile-fuzz: %s\n%s\n", what.c_str(),
               detail.c_str());
  std::abort();
}

/// Runs the passes `build` adds on a copy of `module`; failure (with
/// diagnostics) is fine.
static void runPipeline(ModuleOp module,
                        llvm::function_ref<void(OpPassManager &)> build) {
  OwningOpRef<ModuleOp> copy = module.clone();
  PassManager pm(&context(), ModuleOp::getOperationName());
  build(pm);
  (void)pm.run(*copy);
}

/// Runs `ptxas` on `ptx` for `chip`: its exit status.
static int runPtxas(const char *ptxas, StringRef ptx, StringRef chip) {
  llvm::SmallString<64> path;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("molten-fuzz", "ptx", fd, path))
    return 0;
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << ptx;
  }
  std::string arch = "-arch=" + chip.str();
  int status = llvm::sys::ExecuteAndWait(
      ptxas, {ptxas, arch, path.str(), "-o", "/dev/null"}, std::nullopt,
      /*Redirects=*/{}, /*SecondsToWait=*/60);
  llvm::sys::fs::remove(path);
  return status;
}

/// Whether this ptxas assembles anything for `chip` at the PTX version
/// line `version` (".version 8.0"): CUDA 13 dropped the chips before
/// sm_75, which LLVM still writes PTX for.
static bool ptxasKnows(const char *ptxas, StringRef chip, StringRef version) {
  static llvm::StringMap<bool> known;
  std::string empty =
      version.str() + "\n.target " + chip.str() + "\n.address_size 64\n";
  auto [it, inserted] = known.try_emplace(empty, false);
  if (inserted)
    it->second = runPtxas(ptxas, empty, chip) == 0;
  return it->second;
}

/// Checks what the runtime and ptxas make of a bundle the compiler wrote.
static void checkBundle(const std::string &bundle, StringRef chip) {
  molten_bundle *loaded = nullptr;
  if (molten_bundle_load_memory(bundle.data(), bundle.size(), &loaded) !=
      MOLTEN_OK)
    fail("the runtime refuses a bundle the compiler wrote",
         std::string(molten_last_error()) + "\n" + bundle);
  molten_bundle_free(loaded);

  const char *ptxas = std::getenv("MOLTEN_FUZZ_PTXAS");
  if (!ptxas || !*ptxas)
    return;
  size_t start = bundle.find("\nptx ");
  size_t text = bundle.find('\n', start + 1) + 1;
  size_t size = std::strtoull(bundle.c_str() + start + 5, nullptr, 10);
  StringRef ptx = StringRef(bundle).substr(text, size);
  int status = runPtxas(ptxas, ptx, chip);
  size_t versionAt = ptx.find(".version ");
  StringRef version =
      ptx.substr(versionAt).take_until([](char c) { return c == '\n'; });
  if (status != 0 && ptxasKnows(ptxas, chip, version))
    fail("ptxas refuses the PTX of a bundle the compiler wrote (status " +
             std::to_string(status) + ")",
         ptx.str());
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // MLIR's lexer reads up to a NUL terminator, which libFuzzer's buffer
  // does not have: parse a copy that does.
  std::string copy(reinterpret_cast<const char *>(data), size);
  StringRef text(copy.c_str(), size);
  MLIRContext &ctx = context();
  ScopedDiagnosticHandler quiet(&ctx, [](Diagnostic &) { return success(); });

  molten::MoltenToGPUPipelineOptions options;
  if (text.consume_front("// molten-fuzz: ")) {
    size_t end = std::min(text.find('\n'), text.size());
    // The pipeline's own options, and convert-molten-to-gpu's as its
    // gpu-options.
    SmallVector<StringRef> words;
    llvm::SplitString(text.take_front(end), words);
    std::string pipeline, gpu;
    for (StringRef word : words) {
      StringRef key = word.split('=').first.trim();
      bool own = key == "chip" || key == "ptx" || key == "report" ||
                 key == "cuda-path";
      (own ? pipeline : gpu) += word.str() + " ";
    }
    if (failed(options.parseFromString(pipeline + "gpu-options={" + gpu + "}")))
      return 0;
    // What follows the line: if nothing does, an empty string that still
    // points into the NUL-terminated copy (the parser reads its end).
    text = text.drop_front(std::min(end + 1, text.size()));
  }
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, &ctx);
  if (!module || failed(verify(*module)))
    return 0;

  runPipeline(*module,
              [](OpPassManager &pm) { pm.addPass(createCanonicalizerPass()); });
  runPipeline(*module, [](OpPassManager &pm) {
    molten::buildFusionPipeline(pm, molten::FusionPipelineOptions());
  });
  for (bool f64 : {false, true})
    runPipeline(*module, [&](OpPassManager &pm) {
      molten::ConvertMoltenToLinalgOptions linalg;
      linalg.useF64 = f64;
      pm.addPass(molten::createConvertMoltenToLinalg(linalg));
    });
  // The report, as molten-fusion-report prints it after molten-decompose,
  // but to nowhere, not to the fuzzer's log.
  {
    OwningOpRef<ModuleOp> copy = module->clone();
    PassManager pm(&ctx, ModuleOp::getOperationName());
    pm.addPass(molten::createMoltenDecompose());
    if (succeeded(pm.run(*copy)))
      copy->walk([](func::FuncOp func) {
        for (Block &block : func.getBody())
          molten::FusionPlanner(block).print(llvm::nulls());
      });
  }

  std::string bundle;
  llvm::raw_string_ostream os(bundle);
  if (succeeded(molten::writeBundle(*module, options, os)))
    checkBundle(bundle, options.chip);
  return 0;
}
