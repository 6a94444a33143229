// RUN: molten-opt %s --convert-molten-to-linalg=f64 -split-input-file -verify-diagnostics

// f64 mode retypes region-less ops (tensor.dim, tensor.cast, calls, ...); an
// op with a region on float tensors that is not molten cannot be retyped, and
// is an error at its location rather than left in f32.
#id = affine_map<(d0) -> (d0)>
func.func @user_generic(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  // expected-error @+1 {{failed to legalize operation 'linalg.generic'}}
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4xf32>
  %z = molten.exp %y : tensor<4xf32>
  return %z : tensor<4xf32>
}
