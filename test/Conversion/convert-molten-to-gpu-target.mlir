// RUN: molten-opt %s --convert-molten-to-gpu -split-input-file | FileCheck %s
// RUN: molten-opt %s --convert-molten-to-gpu="chip=sm_80 multiprocessors=108" -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=A100

// convert-molten-to-gpu's target (#molten.target on the module): made from the
// options and the chip's limits, or the module's own, which wins.

// No target on the module: the options' chip and multiprocessors, the
// chip's registers and shared memory (227 KB on sm_90, 163 KB on sm_80),
// recorded on the module; the elementwise grid is sized by them.
// CHECK-LABEL: module attributes
// CHECK-SAME: molten.target = #molten.target<"sm_90", multiprocessors = 132, registers = 65536, shared_memory = 232448>
// CHECK: min cdiv cdiv * s0 64 4 128 132, 1, 1]
// A100-LABEL: module attributes
// A100-SAME: molten.target = #molten.target<"sm_80", multiprocessors = 108, registers = 65536, shared_memory = 166912>
// A100: min cdiv cdiv * s0 64 4 128 108, 1, 1]
func.func @scale(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
  ^bb0(%a: tensor<?x64xf32>):
    %y = molten.add %a, %a : tensor<?x64xf32>, tensor<?x64xf32>
    molten.yield %y : tensor<?x64xf32>
  }
  return %0 : tensor<?x64xf32>
}

// -----

// The module's target wins over the multiprocessors option (an H100 PCIe).
// CHECK-LABEL: module attributes
// CHECK-SAME: molten.target = #molten.target<"sm_90", multiprocessors = 114, registers = 65536, shared_memory = 232448>
// CHECK: min cdiv cdiv * s0 64 4 128 114, 1, 1]
// Its chip must be the one convert-molten-to-gpu compiles for.
// expected-error@+1 {{the module's #molten.target is for sm_90, but convert-molten-to-gpu compiles for sm_80 (option chip)}}
module attributes {molten.target = #molten.target<"sm_90", multiprocessors = 114, registers = 65536, shared_memory = 232448>} {
  func.func @scale(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
    %0 = molten.fused hero(loop) ins(%x : tensor<?x64xf32>) -> (tensor<?x64xf32>) {
    ^bb0(%a: tensor<?x64xf32>):
      %y = molten.add %a, %a : tensor<?x64xf32>, tensor<?x64xf32>
      molten.yield %y : tensor<?x64xf32>
    }
    return %0 : tensor<?x64xf32>
  }
}
