//===- SanitizerOptions.cpp - ASan defaults of the fuzz targets -----------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// The fuzz targets' own AddressSanitizer defaults, so that running one by
// hand (a crash's reproduction) behaves as under scripts/fuzz.sh and lit.
//
// allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons a new slab in
// the code inlined into our instrumented objects, and libMLIR.so (not
// instrumented) then hands out memory from it without unpoisoning: every
// read of such an attribute's storage would be a false use-after-poison
// (test/lit.cfg.py sets the same for the sanitized tests).
//
//===----------------------------------------------------------------------===//

extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}
