//===- molten-bundle-fuzz.cpp - libFuzzer target for the bundle parser ----===//
//
// Loads the input as a bundle through the runtime's public C API
// (include/Molten/Runtime/molten_runtime.h) and, when it loads, asks every
// query the API has: target, function names, counts, argument info, and
// output shapes for inputs of shapes derived from the plan (zero, small,
// huge, mixed, and calls that must be refused).
//
// No GPU or driver is needed, nor ever touched: loading, the queries and
// molten_bundle_output_shape do not load libcuda (molten_runtime.h, "no
// driver needed"), and molten_bundle_free only unloads modules, which exist
// once molten_bundle_prepare or molten_run made them. This target calls
// neither.
//
// Besides crashes, leaks and sanitizer reports, the promises of the API are
// checked, and a broken one traps: a message is set exactly when a call
// fails, and is printable ASCII; names are identifiers and unique; output
// sizes are non-negative and written within the caller's room; calls that
// must fail do.
//
//===----------------------------------------------------------------------===//

#include "Molten/Runtime/molten_runtime.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

// Bounds on the work done for one input, so that a bundle with many
// functions or arguments does not make every run slow.
constexpr int kMaxFunctions = 8;
constexpr int kMaxOutputs = 8;
constexpr int kMaxInputs = 256;

// Sizes to give dimensions: empty, small, the plan's usual constants, and
// values near the limits of int32 and int64 (overflow in the plan's
// expressions, and in the element count).
constexpr int64_t kSizes[] = {0,
                              1,
                              2,
                              3,
                              7,
                              64,
                              4096,
                              65536,
                              (int64_t(1) << 31) - 1,
                              int64_t(1) << 31,
                              (int64_t(1) << 32) + 1,
                              int64_t(1) << 62,
                              INT64_MAX};
constexpr int kNumSizes = sizeof(kSizes) / sizeof(kSizes[0]);

void require(bool ok) {
  if (!ok)
    __builtin_trap();
}

bool isPrintableAscii(const char *s) {
  for (; *s; ++s)
    if (static_cast<unsigned char>(*s) < 0x20 ||
        static_cast<unsigned char>(*s) > 0x7e)
      return false;
  return true;
}

// docs/bundle.md, "Names".
bool isIdentifier(const char *s) {
  if (!*s)
    return false;
  for (const char *p = s; *p; ++p) {
    char c = *p;
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  c == '_' || c == '$';
    bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && p != s))
      return false;
  }
  return true;
}

// Every call that returns a status sets the message exactly when it fails;
// the runtime's messages are ASCII whatever the bundle held.
molten_status checked(molten_status status) {
  const char *message = molten_last_error();
  require(message != nullptr);
  if (status == MOLTEN_OK) {
    require(message[0] == '\0');
  } else {
    require(message[0] != '\0');
    require(isPrintableAscii(message));
    require(strcmp(molten_status_name(status), "MOLTEN_ERROR_UNKNOWN") != 0);
  }
  return status;
}

void expectFailure(molten_status status, molten_status want) {
  require(checked(status) == want);
}

/// The declared inputs of one function, and room for their shapes.
struct Inputs {
  std::vector<int> dtypes, ranks;
  std::vector<std::vector<int64_t>> shapes;
  std::vector<molten_tensor> tensors;

  // Points the tensors at the current shapes (after shapes were resized).
  void refresh() {
    tensors.resize(shapes.size());
    for (size_t k = 0; k < shapes.size(); ++k) {
      tensors[k].data = nullptr; // not read by the shape queries
      tensors[k].dtype = dtypes[k];
      tensors[k].rank = static_cast<int>(shapes[k].size());
      tensors[k].shape = shapes[k].empty() ? nullptr : shapes[k].data();
    }
  }
};

/// After a refused call, sets the size the runtime expected for the input
/// dimension its message names ("input K: dimension D is X, expected Y", or
/// "..., but sN = Y from ..."), so that the next call gets further: sizes
/// that are expressions of symbols are only evaluated, and outputs only
/// computed, once every input matches. The API has no query for the plan's
/// expressions; if the messages change, this finds nothing and the fuzzing
/// is merely shallower.
bool repairFromMessage(Inputs &in) {
  const char *message = molten_last_error();
  for (const char *p = strstr(message, "input "); p;
       p = strstr(p + 1, "input ")) {
    int k = -1, d = -1, sym = -1;
    long long got = 0, want = 0;
    if (sscanf(p, "input %d: dimension %d is %lld, expected %lld", &k, &d, &got,
               &want) != 4 &&
        sscanf(p, "input %d: dimension %d is %lld, but s%d = %lld", &k, &d,
               &got, &sym, &want) != 5)
      continue;
    if (k < 0 || static_cast<size_t>(k) >= in.shapes.size() || d < 0 ||
        static_cast<size_t>(d) >= in.shapes[static_cast<size_t>(k)].size() ||
        want < 0)
      return false;
    in.shapes[static_cast<size_t>(k)][static_cast<size_t>(d)] = want;
    return true;
  }
  return false;
}

/// Asks for every output's shape. On success each size is >= 0, and nothing
/// is written past the output's rank (the room given is exactly the rank;
/// one guard slot follows). A refused call is retried a few times with the
/// sizes the runtime said it expected.
void queryOutputs(const molten_bundle *bundle, const char *name, Inputs &in,
                  const std::vector<int> &outRanks) {
  const int64_t guard = 0x6d6f6c74656e; // "molten"
  for (size_t j = 0; j < outRanks.size(); ++j) {
    int rank = outRanks[j];
    for (int attempt = 0; attempt < 16; ++attempt) {
      std::vector<int64_t> shape(static_cast<size_t>(rank) + 1, guard);
      molten_status s = checked(molten_bundle_output_shape(
          bundle, name, in.tensors.data(), static_cast<int>(in.tensors.size()),
          static_cast<int>(j), shape.data(), rank));
      require(shape[static_cast<size_t>(rank)] == guard);
      if (s == MOLTEN_OK) {
        for (int d = 0; d < rank; ++d)
          require(shape[static_cast<size_t>(d)] >= 0);
        break;
      }
      // Only the sizes and dtypes given can be wrong here.
      require(s == MOLTEN_ERROR_ARGUMENT_MISMATCH);
      if (!repairFromMessage(in))
        break;
    }
  }
}

/// Calls that must be refused, whatever the plan.
void queryBadCalls(const molten_bundle *bundle, const char *name, Inputs &in,
                   const std::vector<int> &outRanks) {
  int numInputs = static_cast<int>(in.tensors.size());
  int numOutputs = static_cast<int>(outRanks.size());
  int dtype = 0, rank = 0;
  expectFailure(
      molten_bundle_input_info(bundle, name, numInputs, &dtype, &rank),
      MOLTEN_ERROR_INVALID_ARGUMENT);
  expectFailure(molten_bundle_input_info(bundle, name, -1, &dtype, &rank),
                MOLTEN_ERROR_INVALID_ARGUMENT);
  expectFailure(
      molten_bundle_output_info(bundle, name, numOutputs, &dtype, &rank),
      MOLTEN_ERROR_INVALID_ARGUMENT);
  int64_t room[65];
  expectFailure(molten_bundle_output_shape(bundle, name, in.tensors.data(),
                                           numInputs, numOutputs, room, 65),
                MOLTEN_ERROR_INVALID_ARGUMENT);
  expectFailure(molten_bundle_output_shape(bundle, name, in.tensors.data(),
                                           numInputs, -1, room, 65),
                MOLTEN_ERROR_INVALID_ARGUMENT);
  if (numOutputs == 0)
    return;
  // Too little room for the output's sizes.
  if (outRanks[0] > 0) {
    expectFailure(molten_bundle_output_shape(bundle, name, in.tensors.data(),
                                             numInputs, 0, room,
                                             outRanks[0] - 1),
                  MOLTEN_ERROR_INVALID_ARGUMENT);
    expectFailure(molten_bundle_output_shape(bundle, name, in.tensors.data(),
                                             numInputs, 0, nullptr,
                                             outRanks[0]),
                  MOLTEN_ERROR_INVALID_ARGUMENT);
  }
  if (numInputs == 0) {
    // No inputs but one given.
    molten_tensor extra = {nullptr, MOLTEN_F32, 0, nullptr};
    expectFailure(
        molten_bundle_output_shape(bundle, name, &extra, 1, 0, room, 65),
        MOLTEN_ERROR_ARGUMENT_MISMATCH);
    return;
  }
  expectFailure(
      molten_bundle_output_shape(bundle, name, nullptr, numInputs, 0, room, 65),
      MOLTEN_ERROR_INVALID_ARGUMENT);
  // One input too few.
  expectFailure(molten_bundle_output_shape(bundle, name, in.tensors.data(),
                                           numInputs - 1, 0, room, 65),
                MOLTEN_ERROR_ARGUMENT_MISMATCH);
  // Input 0 with another dtype, an unknown dtype code, another rank, and a
  // NULL shape: each is checked before any size.
  molten_tensor saved = in.tensors[0];
  const int otherDtypes[] = {(saved.dtype + 1) % 4, 99, -1};
  for (int other : otherDtypes) {
    in.tensors[0].dtype = other;
    expectFailure(molten_bundle_output_shape(bundle, name, in.tensors.data(),
                                             numInputs, 0, room, 65),
                  MOLTEN_ERROR_ARGUMENT_MISMATCH);
  }
  in.tensors[0] = saved;
  std::vector<int64_t> longer(static_cast<size_t>(saved.rank) + 1, 1);
  in.tensors[0].rank = saved.rank + 1;
  in.tensors[0].shape = longer.data();
  expectFailure(molten_bundle_output_shape(bundle, name, in.tensors.data(),
                                           numInputs, 0, room, 65),
                MOLTEN_ERROR_ARGUMENT_MISMATCH);
  if (saved.rank > 0) {
    in.tensors[0].rank = saved.rank;
    in.tensors[0].shape = nullptr;
    expectFailure(molten_bundle_output_shape(bundle, name, in.tensors.data(),
                                             numInputs, 0, room, 65),
                  MOLTEN_ERROR_ARGUMENT_MISMATCH);
    // A negative size.
    std::vector<int64_t> negative(static_cast<size_t>(saved.rank), 1);
    negative.back() = -1;
    in.tensors[0].shape = negative.data();
    expectFailure(molten_bundle_output_shape(bundle, name, in.tensors.data(),
                                             numInputs, 0, room, 65),
                  MOLTEN_ERROR_ARGUMENT_MISMATCH);
  }
  in.tensors[0] = saved;
}

void queryFunction(const molten_bundle *bundle, const char *name,
                   uint64_t seed) {
  int numInputs = -1, numOutputs = -1;
  require(checked(molten_bundle_num_inputs(bundle, name, &numInputs)) ==
          MOLTEN_OK);
  require(checked(molten_bundle_num_outputs(bundle, name, &numOutputs)) ==
          MOLTEN_OK);
  require(numInputs >= 0 && numOutputs >= 0);
  if (numInputs > kMaxInputs)
    return;

  Inputs in;
  for (int k = 0; k < numInputs; ++k) {
    int dtype = -1, rank = -1;
    require(checked(molten_bundle_input_info(bundle, name, k, &dtype, &rank)) ==
            MOLTEN_OK);
    require(dtype >= MOLTEN_F32 && dtype <= MOLTEN_I1);
    require(rank >= 0 && rank <= 64);
    in.dtypes.push_back(dtype);
    in.ranks.push_back(rank);
    in.shapes.emplace_back(static_cast<size_t>(rank), 0);
  }
  std::vector<int> outRanks;
  for (int j = 0; j < numOutputs && j < kMaxOutputs; ++j) {
    int dtype = -1, rank = -1;
    require(checked(molten_bundle_output_info(bundle, name, j, &dtype,
                                              &rank)) == MOLTEN_OK);
    require(dtype >= MOLTEN_F32 && dtype <= MOLTEN_I1);
    require(rank >= 0 && rank <= 64);
    outRanks.push_back(rank);
  }
  in.refresh();

  // Every size the same (binds every symbol to it), then sizes that differ
  // from dimension to dimension, then sizes chosen by the input's bytes.
  for (int a = 0; a < kNumSizes; ++a) {
    for (std::vector<int64_t> &shape : in.shapes)
      for (int64_t &size : shape)
        size = kSizes[a];
    queryOutputs(bundle, name, in, outRanks);
  }
  for (int a = 0; a < 4; ++a) {
    for (size_t k = 0; k < in.shapes.size(); ++k)
      for (size_t d = 0; d < in.shapes[k].size(); ++d)
        in.shapes[k][d] = kSizes[(static_cast<size_t>(a) + 3 * k + d) %
                                 static_cast<size_t>(kNumSizes)];
    queryOutputs(bundle, name, in, outRanks);
  }
  for (std::vector<int64_t> &shape : in.shapes)
    for (int64_t &size : shape) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      size = static_cast<int64_t>(seed >> 60) < kNumSizes
                 ? kSizes[seed >> 60]
                 : static_cast<int64_t>((seed >> 33) & 0xffff);
    }
  queryOutputs(bundle, name, in, outRanks);

  queryBadCalls(bundle, name, in, outRanks);
}

void queryBundle(const molten_bundle *bundle, uint64_t seed) {
  const char *target = nullptr;
  require(checked(molten_bundle_target(bundle, &target)) == MOLTEN_OK);
  require(target && target[0] && isPrintableAscii(target));
  for (const char *p = target; *p; ++p)
    require((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || *p == '_');

  int count = -1;
  require(checked(molten_bundle_function_count(bundle, &count)) == MOLTEN_OK);
  require(count >= 0);
  std::vector<const char *> names;
  for (int i = 0; i < count && i < kMaxFunctions; ++i) {
    const char *name = nullptr;
    require(checked(molten_bundle_function_name(bundle, i, &name)) ==
            MOLTEN_OK);
    require(name && isIdentifier(name));
    for (const char *other : names)
      require(strcmp(other, name) != 0);
    names.push_back(name);
  }
  const char *name = nullptr;
  expectFailure(molten_bundle_function_name(bundle, count, &name),
                MOLTEN_ERROR_INVALID_ARGUMENT);
  expectFailure(molten_bundle_function_name(bundle, -1, &name),
                MOLTEN_ERROR_INVALID_ARGUMENT);
  // A name with a space can never be a function's; nor a NULL one.
  int n = 0;
  expectFailure(molten_bundle_num_inputs(bundle, "no such\xff", &n),
                MOLTEN_ERROR_INVALID_ARGUMENT);
  expectFailure(molten_bundle_num_inputs(bundle, nullptr, &n),
                MOLTEN_ERROR_INVALID_ARGUMENT);

  for (const char *fn : names)
    queryFunction(bundle, fn, seed);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // A seed for the sizes, from the bytes: the fuzzer can steer them.
  uint64_t seed = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < size; ++i)
    seed = (seed ^ data[i]) * 0x100000001b3ULL;

  molten_bundle *bundle = reinterpret_cast<molten_bundle *>(0x1);
  molten_status s = checked(molten_bundle_load_memory(data, size, &bundle));
  if (s != MOLTEN_OK) {
    // Bytes are a bundle or not: nothing else can go wrong here.
    require(s == MOLTEN_ERROR_BAD_BUNDLE);
    require(bundle == nullptr);
    return 0;
  }
  require(bundle != nullptr);
  queryBundle(bundle, seed);
  molten_bundle_free(bundle);
  return 0;
}
