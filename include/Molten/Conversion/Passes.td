//===- Passes.td - conversions out of molten ---------------*- tablegen -*-===//
//
// Part of the Molten project, under the Apache License v2.0.
//
//===----------------------------------------------------------------------===//

#ifndef MOLTEN_CONVERSION_PASSES_TD
#define MOLTEN_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertMoltenToLinalg : Pass<"convert-molten-to-linalg", "ModuleOp"> {
  let summary = "Lower molten ops on tensors to linalg, tensor, arith and math";
  let description = [{
    The reference semantics of the dialect: every molten op (composites
    included, and the bodies of `molten.fused` regions, which are inlined)
    becomes upstream ops on tensors that stock MLIR pipelines bufferize and
    run on the CPU. Composites are lowered straight from their documented
    formulas, independently of `molten-decompose`. f16/bf16 ops compute in
    f32 and round once; reductions, matmul and attention accumulate in f32.
    A molten op left unconverted is an error at its location. See
    docs/reference-path.md.

    With `f64`, the whole module computes in float64: every float type
    (tensors and scalars, function arguments and results included) becomes
    `f64`, so the caller feeds and reads f64 and nothing rounds in between.
  }];
  let options = [
    Option<"useF64", "f64", "bool", /*default=*/"false",
           "Compute in float64: every float type in the module, function "
           "arguments and results included, becomes f64 (the float64 "
           "reference)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def ConvertMoltenToGPU : Pass<"convert-molten-to-gpu", "ModuleOp"> {
  let summary = "Emit one GPU kernel per molten.fused region and a launch plan";
  let description = [{
    For every function whose body is molten.fused regions (run
    `molten-fusion-pipeline` first), adds a kernel per region to the
    `gpu.module @molten_kernels`, built by the emitter of the region's hero
    (loop, row reduction, matmul, outer reduction; docs/gpu.md), and attaches
    the function's launch plan as `molten.launch_plan =
    #molten.launch_plan<...>`: its buffers and kernel launches, with sizes as
    #molten.size expressions of the function's size symbols (verified;
    `molten-translate --molten-to-bundle` writes it as docs/bundle.md's
    text). It sizes kernels by the module's `molten.target =
    #molten.target<...>` (chip, multiprocessors, registers and shared
    memory of a multiprocessor), which it makes from its options and
    records when the module has none. Tensors become 1-D memrefs; the
    kernels take the function's dynamic sizes as index arguments.

    The tuning options set how much work each thread holds; their defaults
    were chosen by the benchmark in bench/ (docs/benchmarks/README.md).
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"sm_90\"",
           "The GPU the kernels are for (sm_90, sm_90a, ...; sm_30 or later)">,
    Option<"ptx", "ptx", "int64_t", /*default=*/"80",
           "PTX ISA version times ten (80 = 8.0) the kernels will be "
           "compiled to; at least the chip's own">,
    Option<"multiprocessors", "multiprocessors", "int64_t", /*default=*/"132",
           "Multiprocessors of the target GPU (132: H100 and H200 SXM; 114: "
           "H100 PCIe): persistent and split-K grids and the few-rows "
           "variants' row counts are sized by it (1 to 1024); a module's "
           "#molten.target overrides it">,
    Option<"loopChunksPerThread", "loop-chunks-per-thread", "int64_t",
           /*default=*/"2",
           "16-byte chunks each thread of an elementwise kernel loads before "
           "it stores, per loop iteration (1 to 16)">,
    Option<"rowElementsPerThread", "row-elements-per-thread", "int64_t",
           /*default=*/"32",
           "Elements of a row each thread of a row reduction keeps in "
           "registers; sets the threads per row (1 to 256)">,
    Option<"prefetchElementsPerThread", "prefetch-elements-per-thread",
           "int64_t", /*default=*/"96",
           "A row-reduction thread loads the other row-shaped inputs of its "
           "outputs (a gate, a residual) together with the row, before the "
           "reductions, while its share of the row and of those inputs stays "
           "within this many elements (0: never)">,
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block of row reductions that put several short rows "
           "in one block (32 to 1024, a multiple of 32)">,
    Option<"loopBlockSize", "loop-block-size", "int64_t", /*default=*/"128",
           "Threads per block of elementwise kernels (32 to 1024, a multiple "
           "of 32)">,
    Option<"loopMaxBlocks", "loop-max-blocks", "int64_t",
           /*default=*/"1048576",
           "Most blocks of an elementwise kernel's grid; its loop covers the "
           "rest (1056 would be 8 blocks on each of 132 multiprocessors)">,
    Option<"rowMaxBlocks", "row-max-blocks", "int64_t",
           /*default=*/"16896",
           "Most blocks of a row reduction's grid; each block loops over the "
           "rows past it (16896: 128 blocks for each of 132 "
           "multiprocessors)">,
    Option<"dependentLaunch", "dependent-launch", "bool", /*default=*/"false",
           "Kernels start with griddepcontrol (sm_90 and later): they let "
           "the next kernel launch at once and wait for the previous one "
           "before touching memory; the launch plan marks them `dependent` "
           "so that the runtime overlaps their launch with the previous "
           "kernel's end">,
    Option<"minThreadsPerSM", "min-threads-per-sm", "int64_t",
           /*default=*/"640",
           "Cap each kernel's registers so that at least this many of its "
           "threads fit on one multiprocessor, but not under the registers a "
           "row reduction's threads need for the row values they hold (0: no "
           "cap; at most 2048)">,
    Option<"narrowMinThreadsPerSM", "narrow-min-threads-per-sm", "int64_t",
           /*default=*/"768",
           "min-threads-per-sm for row reductions whose results are all "
           "16-bit floats: their elements are half the bytes, so the same "
           "bytes in flight take more threads (0: no cap; at most 2048)">,
    Option<"loopMinThreadsPerSM", "loop-min-threads-per-sm", "int64_t",
           /*default=*/"1536",
           "min-threads-per-sm for elementwise kernels, which hold only the "
           "chunks in flight (1536: 40 registers a thread; 0: no cap; at "
           "most 2048)">,
    Option<"fewRowsVariant", "few-rows-variant", "bool", /*default=*/"true",
           "Give row reductions that keep a row a block in registers a "
           "second kernel for calls of at most `multiprocessors` rows (twice "
           "the threads a row, every input loaded with the row); the plan "
           "launches one of the two by the row count">,
    Option<"matmulMediumRows", "matmul-medium-rows", "int64_t",
           /*default=*/"-1",
           "Tensor-core matmuls (sm_90a): calls of more than 128 rows and at "
           "most this many (counted over the batch dims) take a kernel of "
           "128x128 tiles, twice the tiles of the 128x256 one, so that more "
           "multiprocessors work (0: never; -1: by rounds of a tile per "
           "multiprocessor, the 128x128 kernel where its rounds, at 54 % of "
           "the time of a 128x256 round, take less time, i.e. where the "
           "128x256 kernel's last round would be mostly idle; with "
           "matmul-ping-pong or matmul-cluster, while the 128x128 tiles fit "
           "in one round)">,
    Option<"matmulSmallMinTileN", "matmul-small-min-tile-n", "int64_t",
           /*default=*/"0",
           "Tensor-core matmuls (sm_90a): the narrowest column tile the "
           "kernel for calls of at most 16 rows may take; it takes the "
           "narrowest that keep the multiprocessors busy, splitting K where "
           "none does without (a multiple of 16 up to 256; 0: the default, "
           "64; docs/gpu.md)">,
    Option<"matmulSmallBusy", "matmul-small-busy", "int64_t",
           /*default=*/"85",
           "Tensor-core matmuls (sm_90a): the share of the multiprocessors, "
           "in percent (1 to 100), the kernel for calls of at most 16 rows "
           "must keep busy with column tiles alone before it splits K into "
           "a workspace and a second kernel (docs/gpu.md)">,
    Option<"matmulDecodeRows", "matmul-decode-rows", "int64_t",
           /*default=*/"0",
           "Tensor-core matmuls (sm_90a) with an rhs shared by every batch: "
           "calls of at most 16 rows take the decode kernel, which streams "
           "the rhs into registers and multiplies with mma.sync; for an "
           "[N, K] rhs, this many rhs rows a block (16, 32, 48 or 64; 0: the "
           "fewest whose blocks fit two a multiprocessor, else 64); -1: no "
           "decode kernel, the tensor-core kernel for few rows instead "
           "(docs/gpu.md)">,
    Option<"matmulDecodeColumns", "matmul-decode-columns", "int64_t",
           /*default=*/"64",
           "Tensor-core matmuls (sm_90a): the decode kernel's result columns "
           "a block for a [K, N] rhs (16, 32 or 64: a lane loads 4, 8 or 16 "
           "bytes of each row of k; where the column blocks cannot fill the "
           "GPU, K is split) (docs/gpu.md)">,
    Option<"matmulSmall128MinTileN", "matmul-small128-min-tile-n", "int64_t",
           /*default=*/"64",
           "Tensor-core matmuls (sm_90a): the narrowest column tile of the "
           "kernel for calls of 17 to 128 rows, which takes the narrowest "
           "whose tiles fit in one round (a tile per multiprocessor) and "
           "splits K to fill the rest (a multiple of 16 up to 256; each "
           "column tile reads all the rows of the lhs, so narrow ones cost "
           "L2 traffic)">,
    Option<"matmulPingPong", "matmul-ping-pong", "bool", /*default=*/"false",
           "Tensor-core matmuls (sm_90a): the kernel for many rows takes "
           "64x256 tiles, its two consumer warpgroups alternate tiles so "
           "that one's epilogue overlaps the other's products; otherwise "
           "128x256 tiles the two share (measured slower for now: "
           "docs/gpu.md)">,
    Option<"matmulLargeStages", "matmul-large-stages", "int64_t",
           /*default=*/"0",
           "Tensor-core matmuls (sm_90a): the stages of the 128x256 kernel's "
           "shared-memory ring, 2 to 4 (0: as many as fit, 4; with "
           "matmul-epilogue-warps at most 3 fit), to measure what a stage "
           "is worth">,
    Option<"matmulEpilogueWarps", "matmul-epilogue-warps", "int64_t",
           /*default=*/"-1",
           "Tensor-core matmuls (sm_90a): which kernels leave each tile's "
           "products, rounded to 16 bits, in shared memory and go on to the "
           "next tile while three warps of the producer warpgroup evaluate "
           "the epilogue and store the results (16-bit results, N a static "
           "multiple of 8; the 128x256 kernel keeps 3 stages instead of 4): "
           "-1 the 128x256 kernel (where K < 2048 for the first 128 columns "
           "of a tile only: matmul-staged-columns; measured faster both "
           "ways), 0 none, 1 the 128x256 and the 128x128 kernels">,
    Option<"matmulStagedColumns", "matmul-staged-columns", "int64_t",
           /*default=*/"0",
           "Tensor-core matmuls (sm_90a) with epilogue warps: the columns of "
           "each tile, from its first, whose products the consumers stage "
           "for the epilogue warps (a multiple of 64, 0 to 256; 0: all of "
           "them, or 128 for the default epilogue warps of a K under 2048); "
           "the consumers evaluate the epilogue of the other columns "
           "themselves, so that the two parts run at once, and the smaller "
           "staging buffer leaves room for more stages">,
    Option<"matmulGroupRows", "matmul-group-rows", "int64_t",
           /*default=*/"8",
           "Tensor-core matmuls (sm_90a) of many rows: the CTAs take the "
           "tiles in groups of this many row tiles, column by column within "
           "a group, so that the tiles running at once share their operands "
           "in L2">,
    Option<"matmulEarlyRelease", "matmul-early-release", "bool",
           /*default=*/"false",
           "Tensor-core matmuls (sm_90a): the consumer warpgroups wait for "
           "each k-step's wgmma before the next and give its stage back to "
           "the producer then, instead of keeping one step in flight (which "
           "holds two stages), so that the loads run one stage further "
           "ahead">,
    Option<"matmulCluster", "matmul-cluster", "bool", /*default=*/"false",
           "Tensor-core matmuls (sm_90a): the kernel for many rows runs in "
           "clusters of two CTAs on adjacent row tiles, each loading half of "
           "their shared rhs tile and multicasting it to both (TMA "
           "multicast), which halves the rhs bytes read from L2; at most "
           "half `multiprocessors` clusters (matmul-ping-pong, if also set, "
           "takes precedence)">,
    Option<"loopedRowBytes", "looped-row-bytes", "int64_t",
           /*default=*/"65536",
           "Row reductions loop over static rows of this many bytes or more, "
           "reading the row again for each stage, instead of holding them in "
           "registers (rows of dynamic length always loop)">,
    Option<"loopedRowThreads", "looped-row-threads", "int64_t",
           /*default=*/"1024",
           "Most threads a row (one row a block) of row reductions that loop "
           "over static rows; a row takes threads for two iterations of up "
           "to 4 chunks each (64 to 1024, a multiple of 32)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::NVVM::NVVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def MoltenGridConstantParams
    : Pass<"molten-grid-constant-params", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Pass a kernel's tensor-map parameters by value";
  let description = [{
    Runs on the lowered kernels (llvm.func, after convert-gpu-to-nvvm). A
    kernel with `molten.tensormaps = N` takes its last N parameters as
    128-byte CUtensorMaps that the runtime passes by value: each becomes
    `llvm.byval = !llvm.array<128 x i8>`, `llvm.align = 64` and
    `nvvm.grid_constant`, so the PTX declares `.param .align 64 .b8 [128]`
    and TMA reads the map from parameter space. (The attributes cannot be
    set on the gpu.func: the NVVM verifier refuses grid_constant there and
    convert-gpu-to-nvvm drops byval.)
  }];
  let dependentDialects = [
    "::mlir::LLVM::LLVMDialect",
    "::mlir::NVVM::NVVMDialect",
  ];
}

#endif // MOLTEN_CONVERSION_PASSES_TD
