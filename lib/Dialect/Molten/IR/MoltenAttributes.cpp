//===- MoltenAttributes.cpp - the launch plan attributes ------------------===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//
//
// Syntax and verification of the launch plan (MoltenAttributes.td). The
// syntax follows the bundle text (docs/bundle.md): sizes in prefix notation,
// lists in brackets.
//
//===----------------------------------------------------------------------===//

#include "Molten/Dialect/Molten/IR/MoltenDialect.h"
#include "Molten/Dialect/Molten/IR/MoltenOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::molten;

#define GET_ATTRDEF_CLASSES
#include "Molten/Dialect/Molten/IR/MoltenAttributes.cpp.inc"

void MoltenDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "Molten/Dialect/Molten/IR/MoltenAttributes.cpp.inc"
      >();
}

/// Operators a size may nest, as the runtime's bundle parser allows: the
/// parser recurses once per operator.
static constexpr int kMaxSizeDepth = 128;
/// The runtime's bound on counts and ids (docs/bundle.md).
static constexpr int64_t kMaxPlanCount = 1 << 20;
/// The runtime's bound on a buffer's rank.
static constexpr int64_t kMaxPlanRank = 64;

//===----------------------------------------------------------------------===//
// Sizes
//===----------------------------------------------------------------------===//

/// The prefix token of each binary kind.
static StringRef tokenOf(SizeExprKind kind) {
  switch (kind) {
  case SizeExprKind::mul:
    return "*";
  case SizeExprKind::div:
    return "/";
  default:
    return stringifySizeExprKind(kind);
  }
}

SizeExprAttr SizeExprAttr::constant(MLIRContext *context, int64_t value) {
  assert(value >= 0 && "sizes are not negative");
  return get(context, SizeExprKind::constant, value, {});
}

SizeExprAttr SizeExprAttr::symbol(MLIRContext *context, int64_t index) {
  return get(context, SizeExprKind::symbol, index, {});
}

SizeExprAttr SizeExprAttr::get(SizeExprKind kind, SizeExprAttr lhs,
                               SizeExprAttr rhs) {
  assert(kind != SizeExprKind::constant && kind != SizeExprKind::symbol &&
         "a binary size operator");
  return get(lhs.getContext(), kind, 0, {lhs, rhs});
}

int64_t SizeExprAttr::getMaxSymbol() const {
  int64_t highest = getKind() == SizeExprKind::symbol ? getValue() : -1;
  for (SizeExprAttr operand : getOperands())
    highest = std::max(highest, operand.getMaxSymbol());
  return highest;
}

void SizeExprAttr::printPrefix(raw_ostream &os) const {
  switch (getKind()) {
  case SizeExprKind::constant:
    os << getValue();
    return;
  case SizeExprKind::symbol:
    os << "s" << getValue();
    return;
  default:
    os << tokenOf(getKind()) << " ";
    getOperands()[0].printPrefix(os);
    os << " ";
    getOperands()[1].printPrefix(os);
  }
}

static FailureOr<SizeExprAttr> parseSize(AsmParser &parser, int depth);

FailureOr<SizeExprAttr> SizeExprAttr::parsePrefix(AsmParser &parser) {
  return parseSize(parser, 0);
}

static FailureOr<SizeExprAttr> parseSize(AsmParser &parser, int depth) {
  MLIRContext *context = parser.getContext();
  SMLoc loc = parser.getCurrentLocation();
  if (depth > kMaxSizeDepth)
    return parser.emitError(loc, "a size nests more than ")
           << kMaxSizeDepth << " operators";
  int64_t value;
  OptionalParseResult integer = parser.parseOptionalInteger(value);
  if (integer.has_value()) {
    if (failed(*integer))
      return failure();
    if (value < 0)
      return parser.emitError(loc, "a size is not negative");
    return SizeExprAttr::constant(context, value);
  }
  std::optional<SizeExprKind> kind;
  if (succeeded(parser.parseOptionalStar()))
    kind = SizeExprKind::mul;
  else if (succeeded(parser.parseOptionalSlash()))
    kind = SizeExprKind::div;
  else {
    StringRef word;
    if (failed(parser.parseOptionalKeyword(&word)))
      return parser.emitError(loc, "expected a size: an integer, s<k>, or "
                                   "an operator (* / cdiv min max le)");
    StringRef digits = word;
    int64_t index;
    if (digits.consume_front("s") && !digits.empty() &&
        llvm::all_of(digits, llvm::isDigit)) {
      if (digits.getAsInteger(10, index) || index >= kMaxPlanCount)
        return parser.emitError(loc, "symbol index '")
               << word << "' is too large";
      return SizeExprAttr::symbol(context, index);
    }
    kind = symbolizeSizeExprKind(word);
    if (!kind || *kind == SizeExprKind::constant ||
        *kind == SizeExprKind::symbol || *kind == SizeExprKind::mul ||
        *kind == SizeExprKind::div)
      return parser.emitError(loc, "unknown size operator '") << word << "'";
  }
  FailureOr<SizeExprAttr> lhs = parseSize(parser, depth + 1);
  if (failed(lhs))
    return failure();
  FailureOr<SizeExprAttr> rhs = parseSize(parser, depth + 1);
  if (failed(rhs))
    return failure();
  return SizeExprAttr::get(*kind, *lhs, *rhs);
}

Attribute SizeExprAttr::parse(AsmParser &parser, Type) {
  if (parser.parseLess())
    return {};
  FailureOr<SizeExprAttr> size = parsePrefix(parser);
  if (failed(size) || parser.parseGreater())
    return {};
  return *size;
}

void SizeExprAttr::print(AsmPrinter &printer) const {
  printer << "<";
  printPrefix(printer.getStream());
  printer << ">";
}

//===----------------------------------------------------------------------===//
// List helpers
//===----------------------------------------------------------------------===//

static void printSizes(AsmPrinter &printer, ArrayRef<SizeExprAttr> sizes) {
  printer << "[";
  llvm::interleaveComma(sizes, printer.getStream(), [&](SizeExprAttr size) {
    size.printPrefix(printer.getStream());
  });
  printer << "]";
}

static ParseResult parseSizes(AsmParser &parser,
                              SmallVectorImpl<SizeExprAttr> &sizes) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        FailureOr<SizeExprAttr> size = SizeExprAttr::parsePrefix(parser);
        if (failed(size))
          return failure();
        sizes.push_back(*size);
        return success();
      });
}

static void printIntegers(AsmPrinter &printer, ArrayRef<int64_t> values) {
  printer << "[";
  llvm::interleaveComma(values, printer.getStream());
  printer << "]";
}

static ParseResult parseIntegers(AsmParser &parser,
                                 SmallVectorImpl<int64_t> &values) {
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&]() {
    return parser.parseInteger(values.emplace_back());
  });
}

/// A bracketed list of nested attributes of class `AttrT`, each `<...>`.
template <typename AttrT>
static ParseResult parseNested(AsmParser &parser,
                               SmallVectorImpl<AttrT> &attrs) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        auto attr = dyn_cast_or_null<AttrT>(AttrT::parse(parser, Type()));
        if (!attr)
          return failure();
        attrs.push_back(attr);
        return success();
      });
}

template <typename AttrT>
static void printNested(AsmPrinter &printer, ArrayRef<AttrT> attrs) {
  printer << "[";
  llvm::interleaveComma(attrs, printer.getStream(),
                        [&](AttrT attr) { attr.print(printer); });
  printer << "]";
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

LogicalResult
PlanBufferAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       BufferRole role, int64_t index, Type elementType,
                       ArrayRef<SizeExprAttr> dims) {
  if ((role == BufferRole::temp) != (index < 0))
    return emitError() << "a plan buffer has an index if and only if it is "
                          "an input or an output";
  if (!elementType.isF32() && !elementType.isF16() && !elementType.isBF16() &&
      !elementType.isInteger(1))
    return emitError() << "a plan buffer holds f32, f16, bf16 or i1, not "
                       << elementType;
  if (static_cast<int64_t>(dims.size()) > kMaxPlanRank)
    return emitError() << "a plan buffer has at most " << kMaxPlanRank
                       << " dims";
  return success();
}

Attribute PlanBufferAttr::parse(AsmParser &parser, Type) {
  StringRef word;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseKeyword(&word))
    return {};
  std::optional<BufferRole> role = symbolizeBufferRole(word);
  if (!role) {
    parser.emitError(loc, "expected input, output or temp");
    return {};
  }
  int64_t index = -1;
  Type elementType;
  SmallVector<SizeExprAttr> dims;
  if ((*role != BufferRole::temp && parser.parseInteger(index)) ||
      parser.parseType(elementType) || parseSizes(parser, dims) ||
      parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    *role, index, elementType, dims);
}

void PlanBufferAttr::print(AsmPrinter &printer) const {
  printer << "<" << stringifyBufferRole(getRole());
  if (getRole() != BufferRole::temp)
    printer << " " << getIndex();
  printer << " " << getElementType() << " ";
  printSizes(printer, getDims());
  printer << ">";
}

//===----------------------------------------------------------------------===//
// Tensor maps
//===----------------------------------------------------------------------===//

LogicalResult
PlanTensorMapAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                          int64_t buffer, ArrayRef<SizeExprAttr> dims,
                          ArrayRef<int64_t> box, int64_t swizzle) {
  if (buffer < 0)
    return emitError() << "a tensor map's buffer id is negative";
  if (dims.empty() || dims.size() > 5 || box.size() != dims.size())
    return emitError() << "a tensor map has 1 to 5 dims and a box of each";
  if (llvm::any_of(box, [](int64_t b) { return b < 1 || b > 256; }))
    return emitError() << "a tensor map's box sizes are 1 to 256";
  if (swizzle != 0 && swizzle != 32 && swizzle != 64 && swizzle != 128)
    return emitError() << "a tensor map's swizzle is none, 32, 64 or 128";
  return success();
}

Attribute PlanTensorMapAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  int64_t buffer, swizzle = 0;
  SmallVector<SizeExprAttr> dims;
  SmallVector<int64_t> box;
  if (parser.parseLess() || parser.parseInteger(buffer) ||
      parseSizes(parser, dims) || parser.parseKeyword("box") ||
      parseIntegers(parser, box) || parser.parseKeyword("swizzle"))
    return {};
  if (failed(parser.parseOptionalKeyword("none")) &&
      parser.parseInteger(swizzle))
    return {};
  if (parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    buffer, dims, box, swizzle);
}

void PlanTensorMapAttr::print(AsmPrinter &printer) const {
  printer << "<" << getBuffer() << " ";
  printSizes(printer, getDims());
  printer << " box ";
  printIntegers(printer, getBox());
  printer << " swizzle ";
  if (getSwizzle())
    printer << getSwizzle();
  else
    printer << "none";
  printer << ">";
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

bool mlir::molten::isPlanIdentifier(StringRef name) {
  return !name.empty() && !llvm::isDigit(name.front()) &&
         llvm::all_of(name, [](char c) {
           return llvm::isAlnum(c) || c == '_' || c == '$';
         });
}

LogicalResult
PlanKernelAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       StringAttr name, ArrayRef<SizeExprAttr> grid,
                       ArrayRef<int64_t> block, int64_t smem,
                       ArrayRef<int64_t> buffers, ArrayRef<int64_t> symbols,
                       ArrayRef<PlanTensorMapAttr> tensorMaps, bool dependent) {
  if (!name || !isPlanIdentifier(name.getValue()))
    return emitError() << "a plan kernel's name is an identifier";
  if (grid.size() != 3 || block.size() != 3)
    return emitError() << "a plan kernel has a grid and a block of 3 sizes";
  if (llvm::any_of(block, [](int64_t b) { return b < 1 || b > 1024; }) ||
      block[0] * block[1] * block[2] > 1024)
    return emitError() << "a plan kernel's block has 1 to 1024 threads";
  if (smem < 0 || llvm::any_of(buffers, [](int64_t b) { return b < 0; }) ||
      llvm::any_of(symbols, [](int64_t s) { return s < 0; }))
    return emitError() << "a plan kernel's shared memory, buffer ids and "
                          "symbol ids are not negative";
  return success();
}

Attribute PlanKernelAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  std::string name;
  SmallVector<SizeExprAttr> grid;
  SmallVector<int64_t> block, buffers, symbols;
  SmallVector<PlanTensorMapAttr> tensorMaps;
  int64_t smem;
  if (parser.parseLess() || parser.parseString(&name) ||
      parser.parseKeyword("grid") || parseSizes(parser, grid) ||
      parser.parseKeyword("block") || parseIntegers(parser, block) ||
      parser.parseKeyword("smem") || parser.parseInteger(smem) ||
      parser.parseKeyword("buffers") || parseIntegers(parser, buffers) ||
      parser.parseKeyword("symbols") || parseIntegers(parser, symbols))
    return {};
  if (succeeded(parser.parseOptionalKeyword("tensormaps")) &&
      parseNested(parser, tensorMaps))
    return {};
  bool dependent = succeeded(parser.parseOptionalKeyword("dependent"));
  if (parser.parseGreater())
    return {};
  MLIRContext *context = parser.getContext();
  return getChecked([&] { return parser.emitError(loc); }, context,
                    StringAttr::get(context, name), grid, block, smem, buffers,
                    symbols, tensorMaps, dependent);
}

void PlanKernelAttr::print(AsmPrinter &printer) const {
  printer << "<";
  printer.printString(getName().getValue());
  printer << " grid ";
  printSizes(printer, getGrid());
  printer << " block ";
  printIntegers(printer, getBlock());
  printer << " smem " << getSmem() << " buffers ";
  printIntegers(printer, getBuffers());
  printer << " symbols ";
  printIntegers(printer, getSymbols());
  if (!getTensorMaps().empty()) {
    printer << " tensormaps ";
    printNested(printer, getTensorMaps());
  }
  if (getDependent())
    printer << " dependent";
  printer << ">";
}

//===----------------------------------------------------------------------===//
// The plan
//===----------------------------------------------------------------------===//

LogicalResult
LaunchPlanAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                       int64_t inputs, int64_t outputs, int64_t symbols,
                       ArrayRef<PlanBufferAttr> buffers,
                       ArrayRef<PlanKernelAttr> kernels) {
  // The runtime's bound; it also keeps the tables below small.
  auto inBounds = [](int64_t count) {
    return count >= 0 && count <= kMaxPlanCount;
  };
  if (!inBounds(inputs) || !inBounds(outputs) || !inBounds(symbols) ||
      !inBounds(buffers.size()) || !inBounds(kernels.size()))
    return emitError() << "a launch plan's counts are 0 to " << kMaxPlanCount;
  auto numBuffers = static_cast<int64_t>(buffers.size());
  auto checkSizes = [&](ArrayRef<SizeExprAttr> sizes, StringRef what,
                        int64_t id) -> LogicalResult {
    for (SizeExprAttr size : sizes)
      if (size.getMaxSymbol() >= symbols)
        return emitError() << what << " " << id << " uses symbol s"
                           << size.getMaxSymbol() << " of " << symbols;
    return success();
  };
  // Each input and output is exactly one buffer; every symbol is bound as
  // a bare dim of some input (docs/bundle.md).
  SmallVector<int64_t> seenInputs(inputs), seenOutputs(outputs);
  llvm::SmallBitVector bound(symbols);
  for (auto [id, buffer] : llvm::enumerate(buffers)) {
    if (failed(checkSizes(buffer.getDims(), "buffer", id)))
      return failure();
    if (buffer.getRole() == BufferRole::temp)
      continue;
    bool input = buffer.getRole() == BufferRole::input;
    SmallVector<int64_t> &seen = input ? seenInputs : seenOutputs;
    if (buffer.getIndex() >= static_cast<int64_t>(seen.size()))
      return emitError() << "buffer " << id << " is "
                         << stringifyBufferRole(buffer.getRole()) << " "
                         << buffer.getIndex() << " of " << seen.size();
    if (seen[buffer.getIndex()]++)
      return emitError() << "buffer " << id << " repeats "
                         << stringifyBufferRole(buffer.getRole()) << " "
                         << buffer.getIndex();
    if (input)
      for (SizeExprAttr dim : buffer.getDims())
        if (dim.getKind() == SizeExprKind::symbol)
          bound.set(dim.getValue());
  }
  for (auto [index, count] : llvm::enumerate(seenInputs))
    if (!count)
      return emitError() << "input " << index << " has no buffer";
  for (auto [index, count] : llvm::enumerate(seenOutputs))
    if (!count)
      return emitError() << "output " << index << " has no buffer";
  if (!bound.all())
    return emitError() << "symbol s" << bound.find_first_unset()
                       << " is no input's dim";
  for (auto [index, kernel] : llvm::enumerate(kernels)) {
    if (failed(checkSizes(kernel.getGrid(), "the grid of kernel", index)))
      return failure();
    for (int64_t id : kernel.getBuffers())
      if (id >= numBuffers)
        return emitError() << "kernel " << index << " takes buffer " << id
                           << " of " << numBuffers;
    for (int64_t symbol : kernel.getSymbols())
      if (symbol >= symbols)
        return emitError() << "kernel " << index << " takes symbol s" << symbol
                           << " of " << symbols;
    for (PlanTensorMapAttr map : kernel.getTensorMaps()) {
      if (map.getBuffer() >= numBuffers)
        return emitError() << "a tensor map of kernel " << index
                           << " views buffer " << map.getBuffer() << " of "
                           << numBuffers;
      Type element = buffers[map.getBuffer()].getElementType();
      if (element.isInteger(1))
        return emitError() << "a tensor map of kernel " << index
                           << " views an i1 buffer";
      // What cuTensorMapEncodeTiled takes (docs/bundle.md, Tensor maps).
      int64_t innerBytes =
          map.getBox().back() * element.getIntOrFloatBitWidth() / 8;
      if (innerBytes % 16 != 0 ||
          (map.getSwizzle() && innerBytes > map.getSwizzle()))
        return emitError() << "a tensor map of kernel " << index
                           << " has an innermost box of " << innerBytes
                           << " bytes: a multiple of 16, within the swizzle";
      if (failed(checkSizes(map.getDims(), "a tensor map of kernel", index)))
        return failure();
    }
  }
  return success();
}

Attribute LaunchPlanAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  int64_t inputs, outputs, symbols;
  SmallVector<PlanBufferAttr> buffers;
  SmallVector<PlanKernelAttr> kernels;
  if (parser.parseLess() || parser.parseKeyword("inputs") ||
      parser.parseInteger(inputs) || parser.parseKeyword("outputs") ||
      parser.parseInteger(outputs) || parser.parseKeyword("symbols") ||
      parser.parseInteger(symbols) || parser.parseKeyword("buffers") ||
      parseNested(parser, buffers) || parser.parseKeyword("kernels") ||
      parseNested(parser, kernels) || parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    inputs, outputs, symbols, buffers, kernels);
}

void LaunchPlanAttr::print(AsmPrinter &printer) const {
  printer << "<inputs " << getInputs() << " outputs " << getOutputs()
          << " symbols " << getSymbols() << " buffers ";
  printNested(printer, getBuffers());
  printer << " kernels ";
  printNested(printer, getKernels());
  printer << ">";
}

//===----------------------------------------------------------------------===//
// Targets
//===----------------------------------------------------------------------===//

int64_t mlir::molten::smVersion(StringRef chip) {
  int64_t sm = 0;
  if (!chip.consume_front("sm_") ||
      chip.take_while(llvm::isDigit).getAsInteger(10, sm))
    return 0;
  return sm;
}

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef chip, int64_t multiprocessors,
                                 int64_t registers, int64_t sharedMemory) {
  StringRef rest = chip;
  bool wellFormed =
      rest.consume_front("sm_") && !rest.empty() && llvm::isDigit(rest.front());
  rest = rest.drop_while(llvm::isDigit);
  if (!wellFormed || rest.size() > 1 ||
      (rest.size() == 1 && !llvm::isLower(rest[0])))
    return emitError() << "a target chip is sm_<number>[letter], not '" << chip
                       << "'";
  if (multiprocessors < 1 || multiprocessors > 1024)
    return emitError() << "a target has 1 to 1024 multiprocessors";
  if (registers < 1024 || registers % 1024 != 0)
    return emitError() << "a target's registers per multiprocessor are a "
                          "positive multiple of 1024";
  if (sharedMemory < 0 || sharedMemory > (1 << 20))
    return emitError() << "a target's shared memory per block is 0 to 1 MB";
  return success();
}

TargetAttr TargetAttr::getForChip(MLIRContext *context, StringRef chip,
                                  int64_t multiprocessors) {
  // The largest dynamic shared memory a block may opt into, by compute
  // capability (CUDA C++ Programming Guide, "Technical Specifications").
  int64_t sm = smVersion(chip);
  int64_t sharedMemory = 48 * 1024;
  if (sm == 70 || sm == 72)
    sharedMemory = 96 * 1024;
  else if (sm == 75)
    sharedMemory = 64 * 1024;
  else if (sm == 80 || sm == 87)
    sharedMemory = 163 * 1024;
  else if (sm == 86 || sm == 88 || sm == 89 || sm >= 120)
    sharedMemory = 99 * 1024;
  else if (sm >= 90)
    sharedMemory = 227 * 1024;
  return get(context, chip, multiprocessors, 64 * 1024, sharedMemory);
}

//===----------------------------------------------------------------------===//
// Discardable attributes
//===----------------------------------------------------------------------===//

LogicalResult MoltenDialect::verifyOperationAttribute(Operation *op,
                                                      NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kLaunchPlanAttrName) {
    auto func = dyn_cast<func::FuncOp>(op);
    if (!func || !isa<LaunchPlanAttr>(attr.getValue()))
      return op->emitError()
             << "'" << name << "' is a #molten.launch_plan on a func.func";
    // The bundle names the function in a token.
    if (!isPlanIdentifier(func.getName()))
      return op->emitError() << "a function with a launch plan is named by "
                                "an identifier ([A-Za-z_$][A-Za-z0-9_$]*)";
    return success();
  }
  if (name == kTargetAttrName) {
    if (!isa<ModuleOp>(op) || !isa<TargetAttr>(attr.getValue()))
      return op->emitError()
             << "'" << name << "' is a #molten.target on a builtin.module";
    return success();
  }
  // molten-grid-constant-params checks it where it reads it.
  if (name == kTensorMapCountAttrName)
    return success();
  return op->emitError() << "unknown molten attribute '" << name << "'";
}
