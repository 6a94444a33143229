func.func @mul_scalar(%a: tensor<?x4xf32>, %b: tensor<f32>) -> tensor<?x4xf32> {
  %y = molten.mul %a, %b : tensor<?x4xf32>, tensor<f32>
  return %y : tensor<?x4xf32>
}
