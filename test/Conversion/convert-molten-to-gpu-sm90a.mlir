// The tensor-core matmul kernel (chip sm_90a): which regions get it, the
// kernel's parameters and structure, and its launch plan.
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-epilogue-warps=0" -split-input-file | FileCheck %s
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a" -split-input-file | FileCheck %s --check-prefix=AUTO
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a" -split-input-file | FileCheck %s --check-prefix=DECODE
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=16" -split-input-file | FileCheck %s --check-prefix=DECODE16
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-columns=16" -split-input-file | FileCheck %s --check-prefix=KN16
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-epilogue-warps=0" -split-input-file | FileCheck %s --check-prefix=PREFETCH
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90" -split-input-file | FileCheck %s --check-prefix=SM90
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-ping-pong=1 matmul-medium-rows=0" -split-input-file | FileCheck %s --check-prefix=PP
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-medium-rows=1000" -split-input-file | FileCheck %s --check-prefix=MEDIUM
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-cluster=1" -split-input-file | FileCheck %s --check-prefix=CL
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-epilogue-warps=1" -split-input-file | FileCheck %s --check-prefix=EW
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-large-stages=3 matmul-epilogue-warps=0" -split-input-file | FileCheck %s --check-prefix=ST3
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-epilogue-warps=0 matmul-early-release=1" -split-input-file | FileCheck %s --check-prefix=ER
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-epilogue-warps=1 matmul-staged-columns=128" -split-input-file | FileCheck %s --check-prefix=SPLIT
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 multiprocessors=114" -split-input-file | FileCheck %s --check-prefix=SM114
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-small-min-tile-n=16" -split-input-file | FileCheck %s --check-prefix=MIN16
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-small128-min-tile-n=128" -split-input-file | FileCheck %s --check-prefix=MIN128
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-small-min-tile-n=48" -split-input-file | FileCheck %s --check-prefix=MIN48
// RUN: molten-opt %s --molten-fusion-pipeline --convert-molten-to-gpu="chip=sm_90a matmul-decode-rows=-1 matmul-small-min-tile-n=48 matmul-small-busy=60" -split-input-file | FileCheck %s --check-prefix=BUSY60
// RUN: molten-opt %s --molten-fusion-pipeline=sibling-matmuls=1 --convert-molten-to-gpu="chip=sm_90a" -split-input-file | FileCheck %s --check-prefix=SIB

// nn.Linear's [N, K] weight, bias and GELU. Up to 16 rows: 64 x 96 tiles
// (the narrowest multiple of 16 for at most 132 column tiles: 115), 11
// stages, each loading the 16 rows a call can have of the lhs tile (2 KB)
// and 12 KB of the rhs, no split. Up to 128 rows: 128 x 96 tiles (the
// narrowest from 64 whose tiles fit one round of 132), no split. More
// rows: the large kernel (128 x 256 tiles, a 4-stage ring of 48 KB) or the
// medium one (128 x 128 tiles), by their rounds of 132 tiles: a round of
// medium tiles costs 54 % of a large one, so the medium kernel serves the
// calls where 54 x its rounds < 100 x the large kernel's (the large one's
// last round mostly idle). The large kernel's gate is
// le (100 x its rounds) (54 x the medium's), the medium's its complement,
// le (that) 0, so exactly one runs; a tie takes the large kernel.
// matmul-medium-rows=1000 sets a row bound instead.
// The two tensor maps are passed after the size symbol.
// CHECK-LABEL: func.func @linear
// CHECK-NOT: temp
// CHECK-SAME: <"linear_k0_small" grid [* le s0 16 min 132 * 1 * cdiv s0 64 cdiv 11008 96, 1, 1] block [384, 1, 1] smem 226480 buffers [0, 1, 2, 3] symbols [0] tensormaps [<0 [1, s0, 4096] box [1, 16, 64] swizzle 128>, <1 [1, 11008, 4096] box [1, 96, 64] swizzle 128>]>
// CHECK-SAME: <"linear_k0_small128" grid [* * le 17 s0 le s0 128 min 132 * 1 * cdiv s0 128 cdiv 11008 96, 1, 1] block [384, 1, 1] smem 230528 buffers [0, 1, 2, 3] symbols [0] tensormaps [<0 [1, s0, 4096] box [1, 128, 64] swizzle 128>, <1 [1, 11008, 4096] box [1, 96, 64] swizzle 128>]>
// CHECK-SAME: <"linear_k0_medium" grid [* * le 129 s0 le le * 100 cdiv * 1 * cdiv s0 128 cdiv 11008 256 132 * 54 cdiv * 1 * cdiv s0 128 cdiv 11008 128 132 0 min 132 * 1 * cdiv s0 128 cdiv 11008 128, 1, 1] block [384, 1, 1] smem 197728
// CHECK-SAME: <"linear_k0" grid [* * le 129 s0 le * 100 cdiv * 1 * cdiv s0 128 cdiv 11008 256 132 * 54 cdiv * 1 * cdiv s0 128 cdiv 11008 128 132 min 132 * 1 * cdiv s0 128 cdiv 11008 256, 1, 1] block [384, 1, 1] smem 197696 buffers [0, 1, 2, 3] symbols [0] tensormaps [<0 [1, s0, 4096] box [1, 128, 64] swizzle 128>, <1 [1, 11008, 4096] box [1, 256, 64] swizzle 128>]>]>
// CHECK-LABEL: gpu.func @linear_k0(
// CHECK-SAME: %{{.*}}: index, %[[LHS:.*]]: !llvm.ptr, %[[RHS:.*]]: !llvm.ptr) kernel
// CHECK-SAME: known_block_size = array<i32: 384, 1, 1>, molten.tensormaps = 2 : i64, nvvm.minctasm = 1 : i32
// CHECK: gpu.dynamic_shared_memory
// 4 full barriers (1 arrival: the producer) and 4 empty ones (8 consumer warps).
// CHECK: nvvm.mbarrier.init %{{.*}}, %c1_i32
// CHECK: nvvm.mbarrier.init %{{.*}}, %c8_i32
// CHECK-COUNT-6: nvvm.mbarrier.init
// CHECK: nvvm.fence.mbarrier.init
// CHECK: gpu.barrier
// The producer warpgroup gives registers away; one thread waits for an
// empty stage, expects its bytes and loads both tiles.
// CHECK: nvvm.setmaxregister decrease 40
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.mbarrier.arrive.expect_tx %{{.*}}, %c49152_i32
// CHECK: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %[[LHS]], %{{.*}}, box[
// CHECK: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %[[RHS]], %{{.*}}, box[
// CHECK-NOT: nvvm.cp.async.bulk.tensor
// The consumers: 4 wgmma per stage, one group left in flight.
// CHECK: nvvm.setmaxregister increase 232
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 256, k = 16>, D[<f32>, <one>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <col>]
// CHECK-NEXT: nvvm.wgmma.commit.group.sync.aligned
// CHECK-NEXT: nvvm.wgmma.wait.group.sync.aligned 1
// CHECK: nvvm.mbarrier.arrive
// CHECK: nvvm.wgmma.wait.group.sync.aligned 0
// matmul-early-release: each step's wgmma are waited for at once and the
// step's own stage released in the loop; none is left to release after it.
// ER-LABEL: gpu.func @linear_k0(
// ER: nvvm.setmaxregister increase 232
// ER: nvvm.mbarrier.try_wait.parity
// ER: nvvm.wgmma.commit.group.sync.aligned
// ER-NEXT: nvvm.wgmma.wait.group.sync.aligned 0
// ER-NOT: nvvm.wgmma.wait.group.sync.aligned 1
// ER: nvvm.mbarrier.arrive
// ER: scf.yield
// ER: nvvm.wgmma.wait.group.sync.aligned 0
// ER-NOT: nvvm.mbarrier.arrive
// ER: llvm.extractvalue
// The epilogue on the registers. Each quad of lanes first trades its
// column pairs (a 4x4 transpose: 4 shuffles across lane bit 1, 4 across
// bit 0) so that a lane holds 8 adjacent columns; then bias and GELU (erf,
// relaxed: a polynomial from |x|) on 8 lanes, and 16 bytes of bf16 stored
// at once.
// CHECK: llvm.extractvalue
// CHECK-COUNT-4: gpu.shuffle  xor %{{.*}}, %c2_i32{{.*}} : f32
// CHECK-COUNT-4: gpu.shuffle  xor %{{.*}}, %c1_i32{{.*}} : f32
// CHECK-NOT: gpu.shuffle
// CHECK: math.absf %{{.*}} : vector<8xf32>
// CHECK: vector.store %{{.*}} {alignment = 16 : i64} : memref<?xbf16>, vector<8xbf16>
// The few-rows kernel: each warpgroup takes 48 of the 96 columns; 11
// stages; the 48 lhs rows no load writes are zeroed (16 bytes a thread at
// a time) and fenced for wgmma's async proxy before the barrier; 14 KB a
// stage loaded; the epilogue on the registers.
// CHECK-LABEL: gpu.func @linear_k0_small(
// CHECK-SAME: %{{.*}}: memref<?xbf16>, %{{.*}}: index, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) kernel
// CHECK-COUNT-22: nvvm.mbarrier.init
// CHECK-NOT: nvvm.mbarrier.init
// CHECK: nvvm.fence.mbarrier.init
// CHECK: scf.for %{{.*}} = %{{.*}} to %c4224 step %c384
// CHECK: llvm.store %{{.*}}, %{{.*}} {alignment = 16 : i64} : vector<4xi32>, !llvm.ptr<3>
// CHECK: nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// CHECK-NEXT: gpu.barrier
// CHECK: nvvm.mbarrier.arrive.expect_tx %{{.*}}, %c14336_i32
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 48, k = 16>
// CHECK: math.absf
// CHECK: vector.store %{{.*}} : memref<?xbf16>, vector<2xbf16>
// CHECK: gpu.return
// CHECK-LABEL: gpu.func @linear_k0_small128(
// CHECK-NOT: nvvm.fence.proxy
// CHECK: nvvm.mbarrier.arrive.expect_tx %{{.*}}, %c28672_i32
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 96, k = 16>
// CHECK: gpu.func @linear_k0_medium(
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 16>
// The medium kernel, asked for: up to 1000 rows, each warpgroup takes 64
// rows of 128 columns.
// MEDIUM-LABEL: func.func @linear
// MEDIUM-SAME: <"linear_k0_medium" grid [* * le 129 s0 le s0 1000 min 132 * 1 * cdiv s0 128 cdiv 11008 128, 1, 1] block [384, 1, 1] smem 197728 buffers [0, 1, 2, 3] symbols [0] tensormaps [<0 [1, s0, 4096] box [1, 128, 64] swizzle 128>, <1 [1, 11008, 4096] box [1, 128, 64] swizzle 128>]>
// MEDIUM-SAME: <"linear_k0" grid [* le 1001 s0 min 132
// MEDIUM-LABEL: gpu.func @linear_k0_medium(
// MEDIUM: nvvm.mbarrier.arrive.expect_tx %{{.*}}, %c32768_i32
// MEDIUM-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 16>
// MEDIUM: math.absf
// SM90-LABEL: gpu.func @linear_k0
// SM90-NOT: wgmma
// SM90: gpu.return
// Ping-pong, medium kernel off: past 128 rows, 64 x 256 tiles, each
// warpgroup a whole tile (4 warps release a stage); their mainloops take
// turns through named barriers of both warpgroups' 256 threads.
// PP-LABEL: func.func @linear
// PP-SAME: <"linear_k0" grid [* le 129 s0 min 132 * 1 * cdiv s0 64 cdiv 11008 256, 1, 1] block [384, 1, 1] smem 205904
// PP-NOT: linear_k0_medium
// PP-LABEL: gpu.func @linear_k0(
// PP: nvvm.mbarrier.init %{{.*}}, %c1_i32
// PP: nvvm.mbarrier.init %{{.*}}, %c4_i32
// PP: nvvm.mbarrier.arrive.expect_tx %{{.*}}, %c40960_i32
// PP: nvvm.setmaxregister increase 232
// PP: nvvm.barrier id = %{{.*}} number_of_threads = %c256_i32
// PP: nvvm.mbarrier.try_wait.parity
// PP-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 256, k = 16>
// PP: nvvm.barrier.arrive id = %{{.*}} number_of_threads = %c256_i32
// PP: nvvm.wgmma.wait.group.sync.aligned 0
// PP: math.absf
// PP-LABEL: gpu.func @linear_k0_small(
// PP-NOT: nvvm.barrier id
// PP: gpu.return
// Clusters: two CTAs a unit of 256 rows (at most 66 clusters), each loading
// 128 of the 256 rhs rows (the rhs box) and multicasting them to both; a
// stage is free once the 8 consumer warps of both CTAs released it (16
// arrivals, half of them remote); cluster barriers after the barriers'
// initialisation and before exit.
// CL-LABEL: func.func @linear
// CL-SAME: <"linear_k0" grid [* le 129 s0 * 2 min 66 * 1 * cdiv s0 256 cdiv 11008 256, 1, 1] block [384, 1, 1] smem 197696 buffers [0, 1, 2, 3] symbols [0] tensormaps [<0 [1, s0, 4096] box [1, 128, 64] swizzle 128>, <1 [1, 11008, 4096] box [1, 128, 64] swizzle 128>]>
// CL-LABEL: gpu.func @linear_k0(
// CL-SAME: nvvm.cluster_dim = array<i32: 2, 1, 1>
// CL: nvvm.mbarrier.init %{{.*}}, %c16_i32
// CL: nvvm.fence.mbarrier.init
// CL-NEXT: }
// CL-NEXT: nvvm.cluster.arrive {aligned}
// CL-NEXT: nvvm.cluster.wait {aligned}
// CL: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %{{.*}}, %{{.*}}, box[%{{.*}}, %{{.*}}, %{{.*}}] :
// CL: nvvm.cp.async.bulk.tensor.shared.cluster.global {{.*}} multicast_mask = %c3_i16
// CL: nvvm.mbarrier.arrive %[[LOCAL:.*]] : !llvm.ptr<3>
// CL: %[[REMOTE:.*]] = nvvm.mapa %[[LOCAL]], %{{.*}} : !llvm.ptr<3> -> !llvm.ptr<7>
// CL-NEXT: nvvm.mbarrier.arrive %[[REMOTE]] : !llvm.ptr<7>
// CL: nvvm.cluster.arrive {aligned}
// CL-NEXT: nvvm.cluster.wait {aligned}
// CL-NEXT: gpu.return
// CL-LABEL: gpu.func @linear_k0_small(
// CL-NOT: multicast
// CL-NOT: nvvm.cluster.arrive
// CL: gpu.return
// The consumers' epilogue loads the bias (it does not vary by row) of its
// first four 32-column groups before the last wgmma wait; the other four
// groups' bias loads come at their use, in the whole-tile branch.
// PREFETCH-LABEL: gpu.func @linear_k0(
// PREFETCH: nvvm.setmaxregister increase 232
// PREFETCH-COUNT-4: vector.load %{{.*}} : memref<?xbf16>, vector<8xbf16>
// PREFETCH-NOT: vector.load
// PREFETCH: nvvm.wgmma.wait.group.sync.aligned 0
// PREFETCH-COUNT-4: vector.load %{{.*}} : memref<?xbf16>, vector<8xbf16>
// PREFETCH-NOT: vector.load
// PREFETCH: gpu.return
// matmul-large-stages=3: the large kernel's ring has 3 stages of 48 KB
// (and 6 barriers); the medium kernel keeps its 6.
// ST3-LABEL: func.func @linear
// ST3-SAME: <"linear_k0_medium" {{.*}} smem 197728
// ST3-SAME: <"linear_k0" {{.*}} smem 148528
// ST3-LABEL: gpu.func @linear_k0(
// ST3-COUNT-6: nvvm.mbarrier.init
// ST3-NOT: nvvm.mbarrier.init
// ST3: nvvm.fence.mbarrier.init
// The producer and the consumers carry their ring position (the stage and
// the parity of the pass) from step to step: the stage count divides only
// where a tile starts, not in the loops.
// ST3: arith.remui %{{.*}}, %c3 : index
// ST3: scf.for {{.*}} -> (index, index) {
// ST3-NOT: {{remui|divui}} %{{.*}}, %c3
// ST3: nvvm.mbarrier.try_wait.parity
// ST3-NOT: {{remui|divui}} %{{.*}}, %c3
// ST3: scf.yield %{{.*}}, %{{.*}} : index, index
// ST3: arith.remui %{{.*}}, %c3 : index
// ST3: scf.for {{.*}} -> (!llvm.struct<{{.*}}>, index, index) {
// ST3-NOT: {{remui|divui}} %{{.*}}, %c3
// ST3: nvvm.mbarrier.try_wait.parity
// ST3-NOT: {{remui|divui}} %{{.*}}, %c3
// ST3: scf.yield %{{.*}}, %{{.*}}, %{{.*}} : !llvm.struct<{{.*}}>, index, index
// Epilogue warps: the large and medium kernels stage each tile's bf16
// products in shared memory (64 KB and 32 KB, so 3 and 6 stages) for the
// producer warpgroup's three other warps. The staging buffer's barriers:
// 256 consumer threads arrive with products, 96 epilogue threads once they
// have read them. The epilogue warps take the 4096 16-byte chunks of a
// 128 x 256 tile 96 at a time, 43 a thread, four per iteration: the four
// chunks' loads and math before their guarded stores.
// EW-LABEL: func.func @linear
// EW-SAME: <"linear_k0_small" {{.*}} smem 226480
// EW-SAME: <"linear_k0_small128" {{.*}} smem 230528
// EW-SAME: <"linear_k0_medium" {{.*}} smem 230512
// EW-SAME: <"linear_k0" {{.*}} smem 214080
// EW-LABEL: gpu.func @linear_k0(
// EW-COUNT-3: nvvm.mbarrier.init %{{.*}}, %c8_i32
// EW: nvvm.mbarrier.init %{{.*}}, %c256_i32
// EW-NEXT: arith.constant
// EW: nvvm.mbarrier.init %{{.*}}, %c96_i32
// EW-NEXT: nvvm.fence.mbarrier.init
// EW: nvvm.setmaxregister decrease 136
// EW: nvvm.cp.async.bulk.tensor.shared.cluster.global
// EW: } else {
// EW: nvvm.mbarrier.try_wait.parity
// EW: scf.for %{{.*}} = %c0 to %c43 step %c4 {
// EW-COUNT-4: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<3> -> vector<8xbf16>
// EW-NOT: scf.if
// EW-COUNT-4: math.absf %{{.*}} : vector<8xf32>
// EW-NOT: math.absf
// EW-COUNT-4: vector.store %{{.*}} {alignment = 16 : i64} : memref<?xbf16>, vector<8xbf16>
// EW-NOT: vector.store
// EW: nvvm.mbarrier.arrive
// The consumers: after the products' last wgmma, wait for the buffer, 64
// pair stores a thread, one arrival; no epilogue of their own.
// EW: nvvm.setmaxregister increase 184
// EW: nvvm.wgmma.wait.group.sync.aligned 0
// EW: nvvm.mbarrier.try_wait.parity
// EW-COUNT-64: llvm.store %{{.*}}, %{{.*}} {alignment = 4 : i64} : vector<2xbf16>, !llvm.ptr<3>
// EW-NOT: llvm.store
// EW: nvvm.mbarrier.arrive
// EW-NOT: math.absf
// EW: gpu.return
// The small kernels keep their epilogue on the registers.
// EW-LABEL: gpu.func @linear_k0_small(
// EW-NOT: vector<8xbf16>
// EW: math.absf
// EW: gpu.return
// EW-LABEL: gpu.func @linear_k0_medium(
// EW: nvvm.mbarrier.init %{{.*}}, %c96_i32
// EW: scf.for %{{.*}} = %c0 to %c22 step %c4 {
// matmul-staged-columns=128: the large kernel stages only the first 128
// columns of each tile (32 KB, so 4 stages fit: 4 x 48 KB + 32 KB + 10
// barriers + the alignment slack); the medium kernel's tiles have no more
// columns than that, so it stages all as EW's does. The epilogue warps take
// 2048 chunks, 22 a thread; each consumer thread stages 32 pairs, arrives,
// and then evaluates the other 128 columns itself, 8 columns at a time,
// for which the consumers take 200 registers and the producer warpgroup 104.
// SPLIT-LABEL: func.func @linear
// SPLIT-SAME: <"linear_k0_medium" {{.*}} smem 230512
// SPLIT-SAME: <"linear_k0" {{.*}} smem 230480
// SPLIT-LABEL: gpu.func @linear_k0(
// SPLIT-COUNT-4: nvvm.mbarrier.init %{{.*}}, %c8_i32
// SPLIT: nvvm.mbarrier.init %{{.*}}, %c256_i32
// SPLIT: nvvm.mbarrier.init %{{.*}}, %c96_i32
// SPLIT: nvvm.setmaxregister decrease 104
// SPLIT: scf.for %{{.*}} = %c0 to %c22 step %c4 {
// SPLIT-COUNT-4: math.absf %{{.*}} : vector<8xf32>
// SPLIT-NOT: math.absf
// SPLIT: nvvm.mbarrier.arrive
// SPLIT: nvvm.setmaxregister increase 200
// SPLIT: nvvm.wgmma.wait.group.sync.aligned 0
// SPLIT: nvvm.mbarrier.try_wait.parity
// SPLIT-COUNT-32: llvm.store %{{.*}}, %{{.*}} {alignment = 4 : i64} : vector<2xbf16>, !llvm.ptr<3>
// SPLIT-NOT: llvm.store
// SPLIT: nvvm.mbarrier.arrive
// SPLIT-COUNT-8: math.absf %{{.*}} : vector<8xf32>
// SPLIT-NOT: math.absf %{{.*}} : vector<8xf32>
// SPLIT: gpu.return
// By default (matmul-epilogue-warps=-1) the large kernel of a long K
// (4096) hands its epilogues to the producer warpgroup's warps, as EW's
// does (3 stages and the staging tile); that of a short K (batched_kn: 72)
// hands them the first 128 columns of each tile only, as SPLIT's does (4
// stages and a 32 KB staging buffer); the medium kernel, a large kernel
// no wider than 128 columns at short K (narrow) and f32 results (f32_out)
// keep theirs. The CHECK lines above describe matmul-epilogue-warps=0.
// AUTO-LABEL: func.func @linear
// AUTO-SAME: <"linear_k0_medium" {{.*}} smem 197728
// AUTO-SAME: <"linear_k0" {{.*}} smem 214080
// AUTO-LABEL: func.func @batched_kn
// AUTO-SAME: <"batched_kn_k0" {{.*}} smem 230480
// AUTO-LABEL: func.func @narrow
// AUTO-SAME: <"narrow_k0" {{.*}} smem 197728
// AUTO-LABEL: func.func @f32_out
// AUTO-SAME: <"f32_out_k0" {{.*}} smem 197696
func.func @linear(%x: tensor<?x4096xbf16>, %w: tensor<11008x4096xbf16>, %b: tensor<11008xbf16>) -> tensor<?x11008xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<11008x4096xbf16> -> tensor<?x11008xbf16>
  %h = molten.add %mm, %b : tensor<?x11008xbf16>, tensor<11008xbf16>
  %y = molten.gelu %h : tensor<?x11008xbf16>
  return %y : tensor<?x11008xbf16>
}

// -----

// N = K = 4096. Up to 16 rows: 64 x 64 tiles (the default narrowest), 64
// of them, so K is split over 2 CTAs into an f32 workspace (2 x rows x N,
// allocated only for such calls), then a kernel adds the splits and
// applies the epilogue. Up to 128 rows: 128 x 64 tiles, 64, 2 splits, a
// workspace and a reduction of their own (matmul-small128-min-tile-n=128:
// 128 x 128 tiles in 4 splits). Past 128 rows, the medium kernel or the
// large one by their rounds (as for @linear). With
// matmul-small-min-tile-n=16, the few-rows tiles are 16 wide: their 256
// tiles keep the multiprocessors busy over two rounds without a split.
// CHECK-LABEL: func.func @split
// CHECK-SAME: <temp f32 [* le s0 16 * 2 * s0 4096]>, <temp f32 [* * le 17 s0 le s0 128 * 2 * s0 4096]>
// CHECK-SAME: <"split_k0_small" grid [* le s0 16 min 132 * 2 * 1 * cdiv s0 64 cdiv 4096 64, 1, 1] block [384, 1, 1] smem 230624 buffers [0, 1, 2, 3, 4] symbols [0] tensormaps [<0 [1, s0, 4096] box [1, 16, 64] swizzle 128>, <1 [1, 4096, 4096] box [1, 64, 64] swizzle 128>]>
// CHECK-SAME: <"split_k0_small_reduce" grid [* le s0 16 max 1 min 528 cdiv * s0 4096 512, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3, 4] symbols [0]>
// CHECK-SAME: <"split_k0_small128" grid [* * le 17 s0 le s0 128 min 132 * 2 * 1 * cdiv s0 128 cdiv 4096 64, 1, 1] block [384, 1, 1] smem 222352 buffers [0, 1, 2, 3, 5] symbols [0]
// CHECK-SAME: <"split_k0_small128_reduce" grid [* * le 17 s0 le s0 128 max 1 min 528 cdiv * s0 4096 512, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3, 5] symbols [0]>
// CHECK-SAME: <"split_k0_medium" grid [* * le 129 s0 le le * 100 cdiv * 1 * cdiv s0 128 cdiv 4096 256 132 * 54 cdiv * 1 * cdiv s0 128 cdiv 4096 128 132 0 min 132
// MIN16-LABEL: func.func @split
// MIN16-NOT: <temp f32 [* le s0 16
// MIN16-SAME: <"split_k0_small" grid [* le s0 16 min 132 * 1 * cdiv s0 64 cdiv 4096 16, 1, 1] block [384, 1, 1] smem 226656 buffers [0, 1, 2, 3] symbols [0]
// MIN128-LABEL: func.func @split
// From 48 columns: 86 tiles keep 65 % of the multiprocessors busy, under
// the default 85 %, so 64 columns in 2 splits; with matmul-small-busy=60
// the 48-wide tiles need no split (24 columns a warpgroup).
// MIN48-LABEL: func.func @split
// MIN48-SAME: <temp f32 [* le s0 16 * 2 * s0 4096]>
// MIN48-SAME: <"split_k0_small" grid [* le s0 16 min 132 * 2 * 1 * cdiv s0 64 cdiv 4096 64, 1, 1]
// BUSY60-LABEL: func.func @split
// BUSY60-NOT: <temp f32 [* le s0 16
// BUSY60-SAME: <"split_k0_small" grid [* le s0 16 min 132 * 1 * cdiv s0 64 cdiv 4096 48, 1, 1]
// BUSY60-LABEL: gpu.func @split_k0_small(
// BUSY60-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 24, k = 16>
// MIN128-SAME: <temp f32 [* * le 17 s0 le s0 128 * 4 * s0 4096]>
// MIN128-SAME: <"split_k0_small128" grid [* * le 17 s0 le s0 128 min 132 * 4 * 1 * cdiv s0 128 cdiv 4096 128, 1, 1]
// Each warpgroup's 8 columns: four wgmma a stage into one accumulator.
// MIN16-LABEL: gpu.func @split_k0_small(
// MIN16: scf.for {{.*}} iter_args(%[[C0:[^ ]+]] = %{{[^ ,]+}}, {{.*}}) -> (!llvm.struct
// MIN16: %[[A0:[0-9]+]] = nvvm.wgmma.mma_async {{.*}}, %[[C0]], <m = 64, n = 8, k = 16>
// MIN16: %[[A1:[0-9]+]] = nvvm.wgmma.mma_async {{.*}}, %[[A0]], <m = 64, n = 8, k = 16>
// MIN16: %[[A2:[0-9]+]] = nvvm.wgmma.mma_async {{.*}}, %[[A1]], <m = 64, n = 8, k = 16>
// MIN16: nvvm.wgmma.mma_async {{.*}}, %[[A2]], <m = 64, n = 8, k = 16>
// CHECK-LABEL: gpu.func @split_k0_small(
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 32, k = 16>
// The split kernels store f32 partial sums to their workspace (after the
// outputs); no epilogue.
// CHECK-LABEL: gpu.func @split_k0_small128(
// CHECK-SAME: %[[WS:[a-z0-9]+]]: memref<?xf32>, %{{.*}}: index, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) kernel
// CHECK: nvvm.mbarrier.arrive.expect_tx %{{.*}}, %c24576_i32
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 64, k = 16>
// CHECK: vector.store %{{.*}}, %[[WS]][%{{.*}}] {alignment = 8 : i64} : memref<?xf32>, vector<2xf32>
// CHECK-NOT: math.absf
// CHECK: gpu.return
// The reduction: the splits in order (two; four with 128-wide tiles),
// then the epilogue.
// CHECK-LABEL: gpu.func @split_k0_small128_reduce(
// CHECK-SAME: %[[WS2:[a-z0-9]+]]: memref<?xf32>, %{{.*}}: index) kernel
// CHECK: %[[P0:.*]] = vector.load %[[WS2]]
// CHECK: %[[P1:.*]] = vector.load %[[WS2]]
// CHECK: arith.addf %[[P0]], %[[P1]]
// CHECK-NOT: vector.load %[[WS2]]
// CHECK: math.absf
// MIN128-LABEL: gpu.func @split_k0_small128_reduce(
// MIN128-SAME: %[[WS2:[a-z0-9]+]]: memref<?xf32>, %{{.*}}: index) kernel
// MIN128: %[[P0:.*]] = vector.load %[[WS2]]
// MIN128: %[[P1:.*]] = vector.load %[[WS2]]
// MIN128: %[[S1:.*]] = arith.addf %[[P0]], %[[P1]]
// MIN128: %[[P2:.*]] = vector.load %[[WS2]]
// MIN128: %[[S2:.*]] = arith.addf %[[S1]], %[[P2]]
// MIN128: %[[P3:.*]] = vector.load %[[WS2]]
// MIN128: arith.addf %[[S2]], %[[P3]]
// MIN128: math.absf
// CHECK: vector.store %{{.*}} : memref<?xbf16>, vector<2xbf16>
func.func @split(%x: tensor<?x4096xbf16>, %w: tensor<4096x4096xbf16>, %b: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<4096x4096xbf16> -> tensor<?x4096xbf16>
  %h = molten.add %mm, %b : tensor<?x4096xbf16>, tensor<4096xbf16>
  %y = molten.gelu %h : tensor<?x4096xbf16>
  return %y : tensor<?x4096xbf16>
}

// -----

// A batched [K, N] rhs (N-major for wgmma): 64-column boxes, 3-D maps with
// the batch outermost; N = 200 takes 256-wide tiles, K = 72 two k-steps.
// Few rows (counted over the batch: 3 x s0 rows) take 128 columns (two
// boxes, one for each warpgroup), too few tiles for 132 CTAs, so K is split
// in two, each variant with its own workspace. Past 128 rows, the medium
// kernel or the large one by their rounds, with 3 x 2 and 3 x 1 tiles a row
// tile.
// CHECK-LABEL: func.func @batched_kn
// CHECK-SAME: <temp f32 [* le * s0 3 16 * 2 * s0 600]>
// CHECK-SAME: <temp f32 [* * le 17 * s0 3 le * s0 3 128 * 2 * s0 600]>
// CHECK-SAME: <"batched_kn_k0_small" grid [* le * s0 3 16 min 132 * 2 * 3 * cdiv s0 64 cdiv 200 128, 1, 1] block [384, 1, 1] smem 222352 buffers [0, 1, 2, 3]
// CHECK-SAME: <"batched_kn_k0_small_reduce" grid [* le * s0 3 16 max 1 min 528 cdiv * s0 600 512, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3]
// CHECK-SAME: <"batched_kn_k0_small128" grid [* * le 17 * s0 3 le * s0 3 128 min 132 * 2 * 3 * cdiv s0 128 cdiv 200 64, 1, 1] block [384, 1, 1] smem 222352 buffers [0, 1, 2, 4]
// CHECK-SAME: <"batched_kn_k0_small128_reduce" grid [* * le 17 * s0 3 le * s0 3 128 max 1 min 528 cdiv * s0 600 512, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 4]
// CHECK-SAME: <"batched_kn_k0_medium" grid [* * le 129 * s0 3 le le * 100 cdiv * 3 * cdiv s0 128 cdiv 200 256 132 * 54 cdiv * 3 * cdiv s0 128 cdiv 200 128 132 0 min 132 * 3 * cdiv s0 128 cdiv 200 128
// CHECK-SAME: <"batched_kn_k0" grid [* * le 129 * s0 3 le * 100 cdiv * 3 * cdiv s0 128 cdiv 200 256 132 * 54 cdiv * 3 * cdiv s0 128 cdiv 200 128 132 min 132 * 3 * cdiv s0 128 cdiv 200 256, 1, 1] block [384, 1, 1] smem 197696 buffers [0, 1, 2] symbols [0] tensormaps [<0 [3, s0, 72] box [1, 128, 64] swizzle 128>, <1 [3, 72, 200] box [1, 64, 64] swizzle 128>]>]>
// CHECK-LABEL: gpu.func @batched_kn_k0(
// CHECK-COUNT-5: nvvm.cp.async.bulk.tensor.shared.cluster.global
// CHECK-NOT: nvvm.cp.async.bulk.tensor
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 256, k = 16>, D[<f32>, <one>], A[<f16>, <one>, <row>], B[<f16>, <one>, <row>]
func.func @batched_kn(%x: tensor<3x?x72xf16>, %w: tensor<3x72x200xf16>) -> tensor<3x?x200xf16> {
  %mm = molten.matmul %x, %w : tensor<3x?x72xf16>, tensor<3x72x200xf16> -> tensor<3x?x200xf16>
  return %mm : tensor<3x?x200xf16>
}

// -----

// N <= 128: 128-wide tiles (a 32 KB stage), so no medium variant; one
// k-tile, so no split. Up to 16 rows, 64 columns (the narrowest).
// CHECK-LABEL: func.func @narrow
// CHECK-NOT: temp
// CHECK-SAME: <"narrow_k0_small" grid [* le s0 16 min 132 * 1 * cdiv s0 64 cdiv 8 64, 1, 1] block [384, 1, 1] smem 230624 buffers [0, 1, 2] symbols [0] tensormaps [<0 [1, s0, 64] box [1, 16, 64] swizzle 128>, <1 [1, 8, 64] box [1, 64, 64] swizzle 128>]>
// CHECK-SAME: <"narrow_k0_small128" grid [* * le 17 s0 le s0 128 min 132 * 1 * cdiv s0 128 cdiv 8 64
// CHECK-SAME: <"narrow_k0" grid [* le 129 s0 min 132 * 1 * cdiv s0 128 cdiv 8 128, 1, 1] block [384, 1, 1] smem 197728 buffers [0, 1, 2] symbols [0] tensormaps [<0 [1, s0, 64] box [1, 128, 64] swizzle 128>, <1 [1, 8, 64] box [1, 128, 64] swizzle 128>]>]>
// CHECK-LABEL: gpu.func @narrow_k0
// CHECK: <m = 64, n = 128, k = 16>
func.func @narrow(%x: tensor<?x64xbf16>, %w: tensor<8x64xbf16>) -> tensor<?x8xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x64xbf16>, tensor<8x64xbf16> -> tensor<?x8xbf16>
  return %mm : tensor<?x8xbf16>
}

// -----

// The thread-per-output kernel serves what TMA and wgmma cannot: f32
// operands, K not a multiple of 8 (row pitch), an operand the region computes.
// CHECK-LABEL: gpu.func @f32_k0
// CHECK-SAME: known_block_size = array<i32: 256, 1, 1>
// CHECK-NOT: wgmma
// CHECK: gpu.return
func.func @f32(%x: tensor<?x64xf32>, %w: tensor<64x64xf32>) -> tensor<?x64xf32> {
  %mm = molten.matmul %x, %w : tensor<?x64xf32>, tensor<64x64xf32> -> tensor<?x64xf32>
  return %mm : tensor<?x64xf32>
}

// -----

// CHECK-LABEL: gpu.func @k13_k0
// CHECK-SAME: known_block_size = array<i32: 256, 1, 1>
// CHECK-NOT: wgmma
// CHECK: gpu.return
func.func @k13(%x: tensor<?x13xbf16>, %w: tensor<64x13xbf16>) -> tensor<?x64xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x13xbf16>, tensor<64x13xbf16> -> tensor<?x64xbf16>
  return %mm : tensor<?x64xbf16>
}

// -----

// CHECK-LABEL: gpu.func @computed_k0
// CHECK-SAME: known_block_size = array<i32: 256, 1, 1>
// CHECK-NOT: wgmma
// CHECK: gpu.return
func.func @computed(%x: tensor<?x64xbf16>, %w: tensor<64x64xbf16>) -> tensor<?x64xbf16> {
  %0 = molten.fused hero(matmul) ins(%x, %w : tensor<?x64xbf16>, tensor<64x64xbf16>) -> (tensor<?x64xbf16>) {
  ^bb0(%a: tensor<?x64xbf16>, %b: tensor<64x64xbf16>):
    %r = molten.relu %a : tensor<?x64xbf16>
    %m = molten.matmul %r, %b : tensor<?x64xbf16>, tensor<64x64xbf16> -> tensor<?x64xbf16>
    molten.yield %m : tensor<?x64xbf16>
  }
  return %0 : tensor<?x64xbf16>
}

// -----

// A static row count keeps only the variant it picks: 100 rows, the
// 128-row kernels (64 column tiles, 2 splits of 32 k-tiles).
// On 114 multiprocessors (H100 PCIe): no split (64 tiles fill 114 CTAs at
// most once), so no workspace and no reduction.
// SM114-LABEL: func.func @static_rows
// SM114-SAME: buffers [<input 0 bf16 [100, 4096]>, <input 1 bf16 [4096, 4096]>, <output 0 bf16 [100, 4096]>] kernels [<"static_rows_k0_small128" grid [min 114 * 1 * cdiv 100 128 cdiv 4096 64, 1, 1] block [384, 1, 1]
// SM114-NOT: _reduce
// CHECK-LABEL: func.func @static_rows
// CHECK-SAME: <temp f32 [* 2 409600]>] kernels [<"static_rows_k0_small128" grid [min 132 * 2 * 1 * cdiv 100 128 cdiv 4096 64, 1, 1] block [384
// CHECK-SAME: <"static_rows_k0_small128_reduce" grid [max 1 min 528 cdiv 409600 512, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3] symbols []>]>
// CHECK-NOT: gpu.func @static_rows_k0(
// CHECK-NOT: gpu.func @static_rows_k0_small(
// CHECK: gpu.func @static_rows_k0_small128(
// CHECK: gpu.func @static_rows_k0_small128_reduce(
func.func @static_rows(%x: tensor<100x4096xbf16>, %w: tensor<4096x4096xbf16>) -> tensor<100x4096xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<100x4096xbf16>, tensor<4096x4096xbf16> -> tensor<100x4096xbf16>
  return %mm : tensor<100x4096xbf16>
}

// -----

// Static rows past 128 pick the medium or the large kernel when compiling:
// 512 x 11008 is 172 large tiles (2 rounds of 132) or 344 medium ones (3
// rounds; 3 x 54 < 2 x 100): medium. 4096 x 4096 is 512 large tiles (4
// rounds) or 1024 medium ones (8 rounds; 8 x 54 > 4 x 100): large.
// CHECK-LABEL: func.func @static_medium
// CHECK-SAME: kernels [<"static_medium_k0_medium" grid [min 132 * 1 * cdiv 512 128 cdiv 11008 128, 1, 1]
// CHECK-SAME: symbols [] tensormaps [<0 [1, 512, 4096] box [1, 128, 64] swizzle 128>, <1 [1, 11008, 4096] box [1, 128, 64] swizzle 128>]>]>
// CHECK-NOT: gpu.func @static_medium_k0(
// CHECK: gpu.func @static_medium_k0_medium(
func.func @static_medium(%x: tensor<512x4096xbf16>, %w: tensor<11008x4096xbf16>) -> tensor<512x11008xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<512x4096xbf16>, tensor<11008x4096xbf16> -> tensor<512x11008xbf16>
  return %mm : tensor<512x11008xbf16>
}

// -----

// CHECK-LABEL: func.func @static_large
// CHECK-SAME: kernels [<"static_large_k0" grid [min 132 * 1 * cdiv 4096 128 cdiv 4096 256, 1, 1]
// CHECK-SAME: symbols [] tensormaps [<0 [1, 4096, 4096] box [1, 128, 64] swizzle 128>, <1 [1, 4096, 4096] box [1, 256, 64] swizzle 128>]>]>
// CHECK-NOT: gpu.func @static_large_k0_medium(
func.func @static_large(%x: tensor<4096x4096xbf16>, %w: tensor<4096x4096xbf16>) -> tensor<4096x4096xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<4096x4096xbf16>, tensor<4096x4096xbf16> -> tensor<4096x4096xbf16>
  return %mm : tensor<4096x4096xbf16>
}

// -----

// A dynamic N has no small variants (their workspace would be unbounded) and
// no medium one (its tile count is unknown), unless asked for.
// CHECK-LABEL: func.func @dynamic_n
// CHECK-SAME: <output 0 bf16 [s0, s1]>] kernels [<"dynamic_n_k0" grid [min 132 * 1 * cdiv s0 128 cdiv s1 256, 1, 1] block [384
// MEDIUM-LABEL: func.func @dynamic_n
// MEDIUM-SAME: <"dynamic_n_k0_medium" grid [* le s0 1000 min 132 * 1 * cdiv s0 128 cdiv s1 128, 1, 1] block [384
// MEDIUM-SAME: <"dynamic_n_k0" grid [* le 1001 s0 min 132 * 1 * cdiv s0 128 cdiv s1 256, 1, 1] block [384
// CHECK-NOT: temp
// CHECK-LABEL: gpu.func @dynamic_n_k0(
func.func @dynamic_n(%x: tensor<?x4096xbf16>, %w: tensor<?x4096xbf16>) -> tensor<?x?xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<?x4096xbf16> -> tensor<?x?xbf16>
  return %mm : tensor<?x?xbf16>
}

// -----

// An odd N stores element by element (column pairs would be misaligned).
// CHECK-LABEL: gpu.func @odd_n_k0(
// CHECK-NOT: vector.store
// CHECK: memref.store %{{.*}} : memref<?xbf16>
// CHECK-NOT: vector.store
// CHECK: gpu.return
func.func @odd_n(%x: tensor<?x64xbf16>, %w: tensor<33x64xbf16>) -> tensor<?x33xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x64xbf16>, tensor<33x64xbf16> -> tensor<?x33xbf16>
  return %mm : tensor<?x33xbf16>
}

// -----

// N = 0: nothing to multiply; the thread-per-output kernel (whose grid is
// then 0), not the tensor-core one, whose tile choice divides by the tiles.
// CHECK-LABEL: gpu.func @zero_n_k0
// CHECK-SAME: known_block_size = array<i32: 256, 1, 1>
// CHECK-NOT: wgmma
// CHECK: gpu.return
func.func @zero_n(%x: tensor<?x64xbf16>, %w: tensor<0x64xbf16>) -> tensor<?x0xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x64xbf16>, tensor<0x64xbf16> -> tensor<?x0xbf16>
  return %mm : tensor<?x0xbf16>
}

// -----

// A tie of the rounds (64000 x 1664: 3500 large tiles in 27 rounds, 6500
// medium ones in 50; 100 x 27 = 54 x 50) takes the large kernel.
// CHECK-LABEL: func.func @rounds_tie
// CHECK-SAME: kernels [<"rounds_tie_k0" grid [min 132 * 1 * cdiv 64000 128 cdiv 1664 256, 1, 1] block [384, 1, 1] smem 197696 buffers [0, 1, 2] symbols [] tensormaps [<0 [1, 64000, 64] box [1, 128, 64] swizzle 128>, <1 [1, 1664, 64] box [1, 256, 64] swizzle 128>]>]>}
func.func @rounds_tie(%x: tensor<64000x64xbf16>, %w: tensor<1664x64xbf16>) -> tensor<64000x1664xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<64000x64xbf16>, tensor<1664x64xbf16> -> tensor<64000x1664xbf16>
  return %mm : tensor<64000x1664xbf16>
}

// -----

// f32 results keep the pair stores (8 bytes a lane fill whole sectors): no
// shuffles.
// SM114-LABEL: func.func @f32_out
// CHECK-LABEL: gpu.func @f32_out_k0(
// CHECK-NOT: gpu.shuffle
// CHECK: vector.store %{{.*}} {alignment = 8 : i64} : memref<?xf32>, vector<2xf32>
// CHECK-NOT: gpu.shuffle
// CHECK: gpu.return
func.func @f32_out(%x: tensor<?x4096xbf16>, %w: tensor<4096x4096xbf16>) -> tensor<?x4096xf32> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<4096x4096xbf16> -> tensor<?x4096xbf16>
  %y = molten.cast %mm : tensor<?x4096xbf16> to tensor<?x4096xf32>
  return %y : tensor<?x4096xf32>
}

// -----

// Causal grouped-query attention (32 query heads, 8 key/value heads): one
// flash-attention kernel, a CTA per 128 query rows of a head (the grid is
// heads x query tiles), the query, key and value tensor maps viewed as
// [batch x heads, rows, 128] in boxes of 128 rows of 64 columns. Shared
// memory: the query tile (32 KB), two stages of K and of V (32 KB each),
// 9 barriers and the alignment slack. sm_90 takes the portable kernel: a
// block of 128 threads per query row, its scratch in static shared memory.
// Calls of at most 16 query rows a head (decode) take the split-KV kernel
// instead: a CTA per key/value head and 512 keys (cdiv s2 512), the
// query viewed as [batch x 8, 4 x s1, 128] so that a CTA's rows are its
// group's 4 heads' rows; partial outputs, maxima and sums (128 + 2 floats
// a row) go to a workspace that a second kernel combines in split order.
// CHECK-LABEL: func.func @attention
// CHECK-SAME: <temp f32 [* le s1 16 * * * s0 8 cdiv s2 512 * 520 s1]>]
// CHECK-SAME: <"attention_k0_split" grid [* le s1 16 * * s0 8 cdiv s2 512, 1, 1] block [384, 1, 1] smem 164936 buffers [0, 1, 2, 3, 4] symbols [0, 1, 2] tensormaps [<0 [* s0 8, * 4 s1, 128] box [1, 128, 64] swizzle 128>, <1 [* s0 8, s2, 128] box [1, 128, 64] swizzle 128>, <2 [* s0 8, s2, 128] box [1, 128, 64] swizzle 128>]>
// CHECK-SAME: <"attention_k0_combine" grid [* le s1 16 max 1 min 65535 cdiv * * s0 s1 4096 256, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3, 4] symbols [0, 1, 2]>
// CHECK-SAME: <"attention_k0" grid [* le 17 s1 * * s0 32 cdiv s1 128, 1, 1] block [384, 1, 1] smem 164936 buffers [0, 1, 2, 3] symbols [0, 1, 2] tensormaps [<0 [* s0 32, s1, 128] box [1, 128, 64] swizzle 128>, <1 [* s0 8, s2, 128] box [1, 128, 64] swizzle 128>, <2 [* s0 8, s2, 128] box [1, 128, 64] swizzle 128>]>]>
// CHECK-LABEL: gpu.func @attention_k0(
// CHECK-SAME: %[[Q:[^:]*]]: !llvm.ptr, %[[K:[^:]*]]: !llvm.ptr, %[[V:[^:]*]]: !llvm.ptr) kernel
// CHECK-SAME: known_block_size = array<i32: 384, 1, 1>, molten.tensormaps = 3 : i64, nvvm.minctasm = 1 : i32
// CHECK: gpu.dynamic_shared_memory
// The query barrier and, per stage, K full (the producer), K empty (8
// consumer warps), V full, V empty.
// CHECK: nvvm.mbarrier.init %{{.*}}, %c1_i32 :
// CHECK: nvvm.mbarrier.init %{{.*}}, %c1_i32_0 :
// CHECK: nvvm.mbarrier.init %{{.*}}, %c8_i32 :
// CHECK-COUNT-6: nvvm.mbarrier.init
// CHECK: nvvm.fence.mbarrier.init
// CHECK: gpu.barrier
// The producer: the query tile once (two boxes), then per key tile K and
// V, each after its stage is free.
// CHECK: nvvm.setmaxregister decrease 40
// CHECK: nvvm.mbarrier.arrive.expect_tx %{{.*}}, %c32768_i32
// CHECK-COUNT-2: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %[[Q]],
// CHECK: scf.for
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.mbarrier.arrive.expect_tx %{{.*}}, %c32768_i32
// CHECK-COUNT-2: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %[[K]],
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.mbarrier.arrive.expect_tx %{{.*}}, %c32768_i32
// CHECK-COUNT-2: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %[[V]],
// CHECK-NOT: nvvm.cp.async.bulk.tensor
// The consumers: S = Q K^T by 8 wgmma from shared memory (K-major K),
// waited for before the softmax reads it.
// CHECK: nvvm.setmaxregister increase 232
// CHECK: scf.for
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-8: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 16>, D[<f32>, <one>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <col>]
// CHECK-NEXT: nvvm.wgmma.commit.group.sync.aligned
// CHECK-NEXT: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK: llvm.inline_asm has_side_effects {{.*}} "", "=f
// CHECK: nvvm.mbarrier.arrive
// The mask only where a tile crosses the keys' end or the diagonal.
// CHECK: scf.if
// CHECK: arith.select
// CHECK: llvm.call_intrinsic "llvm.nvvm.ex2.approx.ftz.f32"
// CHECK: gpu.shuffle  xor
// O += P V: 8 wgmma with P from registers (inline PTX), V N-major.
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-8: llvm.inline_asm has_side_effects {{.*}}wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 {{.*}}p, 1, 1, 1;
// CHECK: nvvm.wgmma.commit.group.sync.aligned
// CHECK-NEXT: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK: nvvm.mbarrier.arrive
// CHECK: scf.yield
// The rows' sums over their lanes, then O / sum as bf16 pairs.
// CHECK: gpu.shuffle  xor
// CHECK: vector.store {{.*}} : memref<?xbf16>, vector<2xbf16>
// The split kernel's rows go to the workspace: O, then max and sum.
// CHECK-LABEL: gpu.func @attention_k0_split(
// CHECK-SAME: %{{[^:]*}}: memref<?xf32>, %{{.*}}: index,
// CHECK: vector.store {{.*}} : memref<?xf32>, vector<2xf32>
// CHECK-NOT: memref<?xbf16>, vector<2xbf16>
// CHECK: gpu.return
// CHECK-LABEL: gpu.func @attention_k0_combine(
// CHECK: scf.for
// CHECK: arith.maximumf
// CHECK: scf.for
// CHECK: llvm.call_intrinsic "llvm.nvvm.ex2.approx.ftz.f32"
// CHECK: memref.store {{.*}} : memref<?xbf16>
// SM90-LABEL: func.func @attention
// SM90-SAME: <"attention_k0" grid [max 1 min 1048576 * * s0 s1 32, 1, 1] block [128, 1, 1] smem 0 buffers [0, 1, 2, 3] symbols [0, 1, 2]>
// SM90: gpu.func @attention_k0({{.*}}) workgroup(%{{.*}} : memref<32xf32, #gpu.address_space<workgroup>>, %{{.*}} : memref<128xf32, #gpu.address_space<workgroup>>) kernel
// SM90-NOT: wgmma
// SM90: gpu.return
func.func @attention(%q: tensor<?x32x?x128xbf16>, %k: tensor<?x8x?x128xbf16>, %v: tensor<?x8x?x128xbf16>) -> tensor<?x32x?x128xbf16> {
  %o = molten.attention %q, %k, %v causal : tensor<?x32x?x128xbf16>, tensor<?x8x?x128xbf16>, tensor<?x8x?x128xbf16> -> tensor<?x32x?x128xbf16>
  return %o : tensor<?x32x?x128xbf16>
}

// -----

// What the flash kernel does not take gets the portable kernel on sm_90a
// too: a mask operand, head dims other than 64 and 128, f32.
// CHECK-LABEL: func.func @attention_masked
// CHECK-SAME: <"attention_masked_k0" grid [max 1 min 1048576 * * s0 s1 4, 1, 1] block [128, 1, 1] smem 0 buffers [0, 1, 2, 3, 4]
// CHECK-NOT: wgmma
// CHECK-LABEL: func.func @attention_d96
// CHECK-SAME: block [128, 1, 1] smem 0
// CHECK-LABEL: func.func @attention_f32
// CHECK-SAME: block [128, 1, 1] smem 0
// CHECK-LABEL: func.func @attention_nan_if_masked
// CHECK-SAME: block [128, 1, 1] smem 0
// CHECK-NOT: wgmma
func.func @attention_masked(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>, %v: tensor<?x4x?x64xbf16>, %m: tensor<?x?xf32>) -> tensor<?x4x?x64xbf16> {
  %o = molten.attention %q, %k, %v mask(%m : tensor<?x?xf32>) : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  return %o : tensor<?x4x?x64xbf16>
}
func.func @attention_d96(%q: tensor<?x4x?x96xbf16>, %k: tensor<?x4x?x96xbf16>, %v: tensor<?x4x?x96xbf16>) -> tensor<?x4x?x96xbf16> {
  %o = molten.attention %q, %k, %v causal : tensor<?x4x?x96xbf16>, tensor<?x4x?x96xbf16>, tensor<?x4x?x96xbf16> -> tensor<?x4x?x96xbf16>
  return %o : tensor<?x4x?x96xbf16>
}
func.func @attention_f32(%q: tensor<?x4x?x64xf32>, %k: tensor<?x4x?x64xf32>, %v: tensor<?x4x?x64xf32>) -> tensor<?x4x?x64xf32> {
  %o = molten.attention %q, %k, %v : tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32>, tensor<?x4x?x64xf32> -> tensor<?x4x?x64xf32>
  return %o : tensor<?x4x?x64xf32>
}
func.func @attention_nan_if_masked(%q: tensor<?x4x?x64xbf16>, %k: tensor<?x4x?x64xbf16>, %v: tensor<?x4x?x64xbf16>) -> tensor<?x4x?x64xbf16> {
  %o = molten.attention %q, %k, %v nan_if_masked : tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16>, tensor<?x4x?x64xbf16> -> tensor<?x4x?x64xbf16>
  return %o : tensor<?x4x?x64xbf16>
}

// -----

// The decode kernel, by default, for calls of at most 16 rows with an rhs
// of rank 2 ([N, K] here): no tensor maps, 256 threads, two blocks a
// multiprocessor. @decode_linear: N = 11008 in 48-row blocks (230; 32-row ones
// would be 344, more than two a multiprocessor); @decode_split: N = 4096 in
// 16-row blocks (256), each lane loading 4 blocks of 32 columns of two rhs
// rows and two lhs rows (16 chunks of 16 bytes) before its 16 products;
// the 8 warps' partial products added in warp order through shared memory
// (8 x 16 x 16 f32), then the epilogue on each element in range.
// matmul-decode-rows=16 takes 16-row blocks for N = 11008 too (688).
// The other prefixes' checks end here.
// CHECK-LABEL: func.func @decode_linear
// No rows, no blocks: min(1, rows) multiplies the grid.
// DECODE-LABEL: func.func @decode_linear
// DECODE-SAME: <"decode_linear_k0_decode" grid [* le s0 16 * 230 min 1 s0, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3] symbols [0]>
// DECODE-SAME: <"decode_linear_k0_small128"
// DECODE16-LABEL: func.func @decode_linear
// DECODE16-SAME: <"decode_linear_k0_decode" grid [* le s0 16 * 688 min 1 s0, 1, 1] block [256, 1, 1]
// DECODE-LABEL: gpu.func @decode_linear_k0_decode(
// DECODE-SAME: workgroup(%{{.*}} : memref<6144xf32, #gpu.address_space<workgroup>>)
// DECODE-SAME: nvvm.minctasm = 2
func.func @decode_linear(%x: tensor<?x4096xbf16>, %w: tensor<11008x4096xbf16>, %b: tensor<11008xbf16>) -> tensor<?x11008xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<11008x4096xbf16> -> tensor<?x11008xbf16>
  %h = molten.add %mm, %b : tensor<?x11008xbf16>, tensor<11008xbf16>
  %y = molten.gelu %h : tensor<?x11008xbf16>
  return %y : tensor<?x11008xbf16>
}

// -----

// DECODE-LABEL: func.func @decode_split
// DECODE-SAME: <"decode_split_k0_decode" grid [* le s0 16 * 256 min 1 s0, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3] symbols [0]>
// DECODE-LABEL: gpu.func @decode_split_k0_decode(
// DECODE-SAME: workgroup(%[[SCRATCH:.*]] : memref<2048xf32, #gpu.address_space<workgroup>>)
// DECODE: scf.for %{{.*}} = %c0 to %c4096 step %c1024
// DECODE-NEXT: llvm.inline_asm has_side_effects {{.*}}nounroll
// DECODE-COUNT-16: vector.load {{.*}} : memref<?xbf16>, vector<8xbf16>
// DECODE-NOT: vector.load
// DECODE-COUNT-16: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// DECODE-NEXT: llvm.extractvalue
// DECODE-NOT: arith.select
// DECODE: scf.yield
// DECODE-COUNT-8: memref.store {{.*}}, %[[SCRATCH]]
// DECODE-NEXT: gpu.barrier
// DECODE-COUNT-8: memref.load %[[SCRATCH]]
// DECODE: scf.if
// DECODE-NEXT: arith.truncf %{{.*}} : f32 to bf16
// DECODE: memref.load %{{.*}} : memref<?xbf16>
// DECODE: llvm.nvvm.ex2.approx.ftz.f32
// DECODE: memref.store {{.*}} : memref<?xbf16>
// DECODE-NOT: gpu.func @decode_split_k0_small(
func.func @decode_split(%x: tensor<?x4096xbf16>, %w: tensor<4096x4096xbf16>, %b: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<?x4096xbf16>, tensor<4096x4096xbf16> -> tensor<?x4096xbf16>
  %h = molten.add %mm, %b : tensor<?x4096xbf16>, tensor<4096xbf16>
  %y = molten.gelu %h : tensor<?x4096xbf16>
  return %y : tensor<?x4096xbf16>
}

// -----

// K = 1000 is no whole number of iterations (8 warps x 4 blocks x 32
// columns = 1024): one guarded pass instead of the loop, each chunk from
// column min(k, 992) and zeroed at k >= 1000. A static row count of 4
// keeps the decode kernel alone; the lhs rows are the rows of [2, 2, K].
// DECODE-LABEL: func.func @tail
// DECODE-SAME: kernels [<"tail_k0_decode" grid [* 17 min 1 4, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2] symbols []>]
// DECODE-LABEL: gpu.func @tail_k0_decode(
// DECODE-NOT: scf.for
// DECODE: arith.cmpi ult, %{{.*}}, %c1000
// DECODE: arith.minui %{{.*}}, %c992
// DECODE: vector.load {{.*}} : memref<?xf16>, vector<8xf16>
// DECODE: arith.select
// DECODE: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
func.func @tail(%x: tensor<2x2x1000xf16>, %w: tensor<264x1000xf16>) -> tensor<2x2x264xf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<2x2x1000xf16>, tensor<264x1000xf16> -> tensor<2x2x264xf16>
  return %mm : tensor<2x2x264xf16>
}

// -----

// A [K, N] rhs: 64 columns a warp (8 lanes'
// 16-byte chunks), each lane loading 8 rows of k (its chunk of 8 k, as the
// lhs chunks) and pairing element j of two rows into its B fragment of the
// j-th product (8 a k16 step, 16 an iteration of 8 warps x 32 k). N = 4096
// makes 64 column blocks, too few to fill the GPU: K is split in 4 (256
// blocks), each block's sums go to a workspace (4 x rows x N f32) and the
// reduction kernel adds them in split order and evaluates the epilogue.
// DECODE-LABEL: func.func @kn_split
// DECODE-SAME: <temp f32 [* le s0 16 * 4 * s0 4096]>
// DECODE-SAME: <"kn_split_k0_decode" grid [* le s0 16 * 256 min 1 s0, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3, 4] symbols [0]>
// DECODE-SAME: <"kn_split_k0_decode_reduce" grid [* le s0 16 max 1 min 528 cdiv * s0 4096 512, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3, 4] symbols [0]>
// DECODE-LABEL: gpu.func @kn_split_k0_decode(
// DECODE-SAME: %[[WS:[a-z0-9]+]]: memref<?xf32>
// DECODE-SAME: workgroup(%[[SCR:.*]] : memref<8192xf32, #gpu.address_space<workgroup>>)
// DECODE: %[[PART:.*]] = arith.divui %block_id_x, %c64
// DECODE: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c256
// DECODE-COUNT-10: vector.load {{.*}} : memref<?xbf16>, vector<8xbf16>
// DECODE-NOT: vector.load
// DECODE: arith.shli
// DECODE: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// DECODE: arith.shrui
// DECODE: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// DECODE: scf.yield
// DECODE-COUNT-32: memref.store {{.*}}, %[[SCR]]
// DECODE-NEXT: gpu.barrier
// DECODE: scf.if
// DECODE: arith.muli %[[PART]]
// DECODE: memref.store {{.*}}, %[[WS]]
// DECODE-NOT: memref<?xbf16>
// DECODE: gpu.return
// DECODE-LABEL: gpu.func @kn_split_k0_decode_reduce(
// DECODE-SAME: index) kernel attributes
// DECODE: memref.load %[[WS2:[a-z0-9]+]]
// DECODE: memref.load %[[WS2]]
// DECODE: memref.load %[[WS2]]
// DECODE: memref.load %[[WS2]]
// DECODE-NOT: memref.load %[[WS2]]
// DECODE: memref.store {{.*}} : memref<?xbf16>
//
// matmul-decode-columns=16: N = 4096 in 16 columns a block (a lane loads 4
// bytes, 2 columns, of each of its 8 rows of k; 2 products a k16 step):
// 256 column blocks fill the GPU without a split. Each lane loads 4 blocks
// of 32 k an iteration (1024 k for 8 warps): 32 loads of 4 bytes and 8 lhs
// chunks, then 16 products.
// KN16-LABEL: func.func @kn_split
// KN16-SAME: <"kn_split_k0_decode" grid [* le s0 16 * 256 min 1 s0, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3] symbols [0]>
// KN16-NOT: kn_split_k0_decode_reduce
// KN16-LABEL: gpu.func @kn_split_k0_decode(
// KN16-SAME: workgroup(%[[SCR:.*]] : memref<2048xf32, #gpu.address_space<workgroup>>)
// KN16: scf.for %{{.*}} = %c0 to %c4096 step %c1024
// KN16-COUNT-32: vector.load {{.*}} {alignment = 4 : i64} : memref<?xbf16>, vector<2xbf16>
// KN16-NOT: vector.load {{.*}} vector<2xbf16>
// KN16-COUNT-16: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// KN16: scf.yield
// KN16-COUNT-8: memref.store {{.*}}, %[[SCR]]
// KN16-NEXT: gpu.barrier
// KN16: memref.store {{.*}} : memref<?xbf16>
// KN16-NOT: memref<?xf32>
// KN16: gpu.return
func.func @kn_split(%x: tensor<?x4096xbf16>, %w: tensor<4096x4096xbf16>, %b: tensor<4096xbf16>) -> tensor<?x4096xbf16> {
  %y = molten.matmul %x, %w : tensor<?x4096xbf16>, tensor<4096x4096xbf16> -> tensor<?x4096xbf16>
  %z = molten.add %y, %b : tensor<?x4096xbf16>, tensor<4096xbf16>
  return %z : tensor<?x4096xbf16>
}

// -----

// [K, N] with K = 1000 and N = 200: 4 column blocks, K split in 4 (one
// iteration of 256 each); the rest of K past 768 is read by the split that
// holds it (split 3) alone.
// DECODE-LABEL: gpu.func @kn_tail_k0_decode(
// DECODE: %[[PART:.*]] = arith.divui %block_id_x, %c4
// DECODE: scf.for
// DECODE: scf.yield
// DECODE: %[[OWNER:.*]] = arith.cmpi eq, %[[PART]], %c3
// DECODE-NEXT: scf.if %[[OWNER]] -> (f32
// DECODE: arith.cmpi ult, %{{.*}}, %c1000
// DECODE: } else {
// DECODE-NEXT: scf.yield
func.func @kn_tail(%x: tensor<?x1000xf16>, %w: tensor<1000x200xf16>) -> tensor<?x200xf16> {
  %y = molten.matmul %x, %w : tensor<?x1000xf16>, tensor<1000x200xf16> -> tensor<?x200xf16>
  return %y : tensor<?x200xf16>
}

// -----

// An rhs with batch dims keeps the tensor-core kernel for few rows.
// DECODE-LABEL: func.func @batched_nt
// DECODE-SAME: <"batched_nt_k0_small"
// DECODE-NOT: _decode
func.func @batched_nt(%x: tensor<3x?x64xbf16>, %w: tensor<3x64x64xbf16>) -> tensor<3x?x64xbf16> {
  %mm = molten.matmul %x, %w transpose_rhs : tensor<3x?x64xbf16>, tensor<3x64x64xbf16> -> tensor<3x?x64xbf16>
  return %mm : tensor<3x?x64xbf16>
}

// -----

// Sibling matmuls (molten-fuse's sibling-matmuls): a gated MLP's gate and
// up projections in one kernel. Each tensor-core kernel takes three tensor
// maps (the lhs, then each rhs); a stage loads the lhs tile once and, per
// warpgroup, half its columns from each rhs at the same result columns, so
// a 128 x 256 tile covers 128 result columns (cdiv 14336 128) and the
// medium kernel's 128 x 128 tile 64. The decode kernel's 16-row tiles are
// 8 rows of each rhs: 8 result columns a tile, 32 a block of 4 tiles (448
// blocks, not split). Nothing is split (no workspace). Without
// sibling-matmuls each matmul is a region of its own.
// DECODE-LABEL: func.func @gated
// DECODE-SAME: <"gated_k0_decode"
// DECODE-SAME: <"gated_k1_decode"
// SIB-LABEL: func.func @gated
// SIB-NOT: temp
// SIB-SAME: <"gated_k0_decode" grid [* le s0 16 * 448 min 1 s0, 1, 1] block [256, 1, 1] smem 0 buffers [0, 1, 2, 3] symbols [0]>
// SIB-SAME: <"gated_k0_small128" grid [{{.*}}] block [384, 1, 1] smem {{[0-9]+}} buffers [0, 1, 2, 3] symbols [0] tensormaps [<0 [1, s0, 4096] box [1, 128, 64] swizzle 128>, <1 [1, 14336, 4096] box [1, 112, 64] swizzle 128>, <2 [1, 14336, 4096] box [1, 112, 64] swizzle 128>]>
// SIB-SAME: <"gated_k0_medium" grid [{{.*}} cdiv 14336 64{{.*}}] block [384, 1, 1] smem 197728 buffers [0, 1, 2, 3] symbols [0] tensormaps [<0 [1, s0, 4096] box [1, 128, 64] swizzle 128>, <1 [1, 14336, 4096] box [1, 64, 64] swizzle 128>, <2 [1, 14336, 4096] box [1, 64, 64] swizzle 128>]>
// SIB-SAME: <"gated_k0" grid [{{.*}} min 132 * 1 * cdiv s0 128 cdiv 14336 128, 1, 1] block [384, 1, 1] smem 214080 buffers [0, 1, 2, 3] symbols [0] tensormaps [<0 [1, s0, 4096] box [1, 128, 64] swizzle 128>, <1 [1, 14336, 4096] box [1, 128, 64] swizzle 128>, <2 [1, 14336, 4096] box [1, 128, 64] swizzle 128>]>
// The large kernel's producer: the lhs tile, then 128 rows of each rhs at
// the tile's first result column, 16 KB apart in the stage.
// SIB-LABEL: gpu.func @gated_k0(
// SIB-SAME: %[[LHS:[a-z0-9]+]]: !llvm.ptr, %[[GATE:[a-z0-9]+]]: !llvm.ptr, %[[UP:[a-z0-9]+]]: !llvm.ptr)
// SIB: nvvm.mbarrier.arrive.expect_tx %{{.*}}, %c49152_i32
// SIB: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %[[LHS]], %{{.*}}, box[%[[K0:.*]], %{{.*}}, %{{.*}}]
// SIB: %[[RHS:.*]] = arith.addi %{{.*}}, %c16384 : index
// SIB: %[[COL0:.*]] = arith.addi %[[FIRST:.*]], %c0 : index
// SIB: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %[[GATE]], %{{.*}}, box[%[[K0]],
// SIB: %[[COL1:.*]] = arith.addi %[[FIRST]], %c0 : index
// SIB: %[[OFF:.*]] = arith.muli %c128, %c128 : index
// SIB: arith.addi %[[RHS]], %[[OFF]] : index
// SIB: nvvm.cp.async.bulk.tensor.shared.cluster.global %{{.*}}, %[[UP]], %{{.*}}, box[%[[K0]],
// SIB-NOT: nvvm.cp.async.bulk.tensor
// SIB: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 256, k = 16>
// The decode kernel's block loads rows of both rhs buffers; after the
// partial products (rows of 64: each matmul's 32 columns) each thread sums
// the first matmul's at its column and the second's 32 further.
// SIB-LABEL: gpu.func @gated_k0_decode(
// SIB-SAME: %{{[a-z0-9]+}}: memref<?xbf16>, %[[WG:[a-z0-9]+]]: memref<?xbf16>, %[[WU:[a-z0-9]+]]: memref<?xbf16>, %{{[a-z0-9]+}}: memref<?xbf16>, %{{[a-z0-9]+}}: index) workgroup(%[[SCRATCH:[a-z0-9]+]] : memref<8192xf32
// SIB: vector.load %[[WG]]
// SIB-NEXT: vector.bitcast
// SIB-COUNT-4: vector.extract
// SIB: vector.load %[[WU]]
// SIB: gpu.barrier
// SIB: %[[COL:.*]] = arith.remui %{{.*}}, %c32 : index
// SIB: arith.muli %{{.*}}, %c64 : index
// SIB: memref.load %[[SCRATCH]]
// SIB: %[[UPCOL:.*]] = arith.addi %[[COL]], %c32 : index
// SIB: memref.load %[[SCRATCH]]
// SIB: gpu.return
func.func @gated(%x: tensor<?x4096xbf16>, %wg: tensor<14336x4096xbf16>, %wu: tensor<14336x4096xbf16>) -> tensor<?x14336xbf16> {
  %g = molten.matmul %x, %wg transpose_rhs : tensor<?x4096xbf16>, tensor<14336x4096xbf16> -> tensor<?x14336xbf16>
  %u = molten.matmul %x, %wu transpose_rhs : tensor<?x4096xbf16>, tensor<14336x4096xbf16> -> tensor<?x14336xbf16>
  %s = molten.silu %g : tensor<?x14336xbf16>
  %y = molten.mul %s, %u : tensor<?x14336xbf16>, tensor<?x14336xbf16>
  return %y : tensor<?x14336xbf16>
}
