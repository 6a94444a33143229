// RUN: molten-opt %s | FileCheck %s
// CHECK: molten.exp
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
