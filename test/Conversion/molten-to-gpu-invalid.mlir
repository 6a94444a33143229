// RUN: molten-opt %s --molten-to-gpu -split-input-file -verify-diagnostics

func.func @unfused(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.exp %a : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  // expected-error @+1 {{'molten.neg' op is outside a molten.fused region: run molten-fusion-pipeline before molten-to-gpu}}
  %2 = molten.neg %0 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

func.func @returns_argument(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = molten.fused ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.exp %a : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  // expected-error @+1 {{the GPU path returns each region result at most once and no argument unchanged (result #1)}}
  return %0, %x : tensor<4xf32>, tensor<4xf32>
}

// -----

func.func @index_argument(%x: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  // expected-error @-1 {{the GPU path takes tensor arguments only}}
  %0 = molten.fused ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.exp %a : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @dense_constant(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = molten.fused ins(%x : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%a: tensor<2xf32>):
    // expected-error @+1 {{dense non-splat constants are not supported inside GPU kernels yet; pass the tensor as an argument}}
    %c = molten.constant dense<[1.0, 2.0]> : tensor<2xf32>
    %1 = molten.add %a, %c : tensor<2xf32>, tensor<2xf32>
    molten.yield %1 : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @undecomposed(%x: tensor<?x?xf32>, %w: tensor<4xf32>) -> tensor<?x?xf32> {
  %0 = molten.fused ins(%x, %w : tensor<?x?xf32>, tensor<4xf32>) -> (tensor<?x?xf32>) {
  ^bb0(%a: tensor<?x?xf32>, %b: tensor<4xf32>):
    // expected-error @+1 {{'molten.rms_norm' op has no GPU lowering (run molten-decompose first)}}
    %1 = molten.rms_norm %a, %b : tensor<?x?xf32>, tensor<4xf32>
    molten.yield %1 : tensor<?x?xf32>
  }
  return %0 : tensor<?x?xf32>
}
