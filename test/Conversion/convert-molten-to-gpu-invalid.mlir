// RUN: molten-opt %s --convert-molten-to-gpu -split-input-file -verify-diagnostics
// The target is checked first, for every module (module-level errors):
// RUN: not molten-opt %s --convert-molten-to-gpu=chip= -split-input-file 2>&1 | FileCheck %s --check-prefix=EMPTY-CHIP
// EMPTY-CHIP: error: unknown chip '': expected one of sm_30,
// RUN: not molten-opt %s '--convert-molten-to-gpu=chip=sm_100 ptx=80' -split-input-file 2>&1 | FileCheck %s --check-prefix=OLD-PTX
// OLD-PTX: error: PTX version 80 cannot target sm_100: it needs 86 or later

func.func @unfused(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.exp %a : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  // expected-error @+1 {{'molten.neg' op is outside a molten.fused region: run molten-fusion-pipeline before convert-molten-to-gpu}}
  %2 = molten.neg %0 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

func.func @returns_argument(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
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
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.exp %a : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @dense_constant(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<2xf32>) -> (tensor<2xf32>) {
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
  %0 = molten.fused hero(loop) ins(%x, %w : tensor<?x?xf32>, tensor<4xf32>) -> (tensor<?x?xf32>) {
  ^bb0(%a: tensor<?x?xf32>, %b: tensor<4xf32>):
    // expected-error @+1 {{'molten.rms_norm' op has no GPU lowering (run molten-decompose first)}}
    %1 = molten.rms_norm %a, %b : tensor<?x?xf32>, tensor<4xf32>
    molten.yield %1 : tensor<?x?xf32>
  }
  return %0 : tensor<?x?xf32>
}

// -----

// Kernels are named after their function: PTX takes identifiers only.
// expected-error @+1 {{'func.func' op name 'a b' is not an identifier ([A-Za-z_$][A-Za-z0-9_$]*): the GPU path names kernels after it}}
func.func @"a b"(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.exp %a : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

// expected-error @+1 {{'func.func' op name '1f' is not an identifier}}
func.func @"1f"(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.exp %a : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

// The kernels' GPU module takes this name.
// expected-error @+1 {{'molten_kernels' names the GPU module convert-molten-to-gpu makes: rename this symbol}}
func.func private @molten_kernels()

func.func @exp(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<4xf32>) -> (tensor<4xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %1 = molten.exp %a : tensor<4xf32>
    molten.yield %1 : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
