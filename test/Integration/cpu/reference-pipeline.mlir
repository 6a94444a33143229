// The reference path as one command line (docs/reference-path.md): lower
// molten to linalg, bufferize and lower to LLVM with stock passes, run with
// mlir-runner. The entry point is written at the molten level.
//
// REQUIRES: mlir-runner
// RUN: molten-opt %s --convert-molten-to-linalg \
// RUN:   --one-shot-bufferize=bufferize-function-boundaries \
// RUN:   --convert-linalg-to-loops --convert-scf-to-cf --expand-strided-metadata \
// RUN:   --lower-affine --convert-math-to-libm --convert-math-to-llvm \
// RUN:   --finalize-memref-to-llvm --convert-func-to-llvm --convert-arith-to-llvm \
// RUN:   --convert-cf-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-runner -e main --entry-point-result=void \
// RUN:   --shared-libs=%mlir_runner_libs \
// RUN: | FileCheck %s

func.func @compute(%x: tensor<?x4xbf16>, %w: tensor<4xbf16>) -> (tensor<?x4xf32>, tensor<?x4xf32>) {
  %n = molten.rms_norm %x, %w eps = 0.0 : tensor<?x4xbf16>, tensor<4xbf16>
  %y = molten.cast %n : tensor<?x4xbf16> to tensor<?x4xf32>
  %xf = molten.cast %x : tensor<?x4xbf16> to tensor<?x4xf32>
  %s = molten.softmax %xf : tensor<?x4xf32>
  return %y, %s : tensor<?x4xf32>, tensor<?x4xf32>
}

func.func private @printMemrefF32(memref<*xf32>)

func.func @main() {
  %x0 = molten.constant dense<[[1.0, -1.0, 1.0, -1.0], [2.0, 2.0, 2.0, 2.0]]> : tensor<2x4xbf16>
  %x = tensor.cast %x0 : tensor<2x4xbf16> to tensor<?x4xbf16>
  %w = molten.constant dense<[1.0, 2.0, 3.0, 0.5]> : tensor<4xbf16>
  %y, %s = call @compute(%x, %w) : (tensor<?x4xbf16>, tensor<4xbf16>) -> (tensor<?x4xf32>, tensor<?x4xf32>)
  %ym = bufferization.to_buffer %y : tensor<?x4xf32> to memref<?x4xf32>
  %yu = memref.cast %ym : memref<?x4xf32> to memref<*xf32>
  call @printMemrefF32(%yu) : (memref<*xf32>) -> ()
  %sm = bufferization.to_buffer %s : tensor<?x4xf32> to memref<?x4xf32>
  %su = memref.cast %sm : memref<?x4xf32> to memref<*xf32>
  call @printMemrefF32(%su) : (memref<*xf32>) -> ()
  return
}

// rms of both rows is 1 and 2: y = x / rms * w.
// CHECK: sizes = [2, 4]
// CHECK-NEXT: [1,   -2,   3,   -0.5]
// CHECK-NEXT: [1,   2,   3,   0.5]
// softmax of [1, -1, 1, -1]: e / (2e + 2/e) = 0.4404, e^-1 / (2e + 2/e) = 0.0596;and uniform 0.25.
// CHECK: sizes = [2, 4]
// CHECK-NEXT: [0.440399,   0.0596015,   0.440399,   0.0596015]
// CHECK-NEXT: [0.25,   0.25,   0.25,   0.25]
