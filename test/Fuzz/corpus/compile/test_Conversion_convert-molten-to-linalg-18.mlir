func.func @compare(%a: tensor<4xf32>, %b: tensor<f32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = molten.compare lt, %a, %b : tensor<4xf32>, tensor<f32>
  %1 = molten.compare le, %a, %b : tensor<4xf32>, tensor<f32>
  %2 = molten.compare gt, %a, %b : tensor<4xf32>, tensor<f32>
  %3 = molten.compare ge, %a, %b : tensor<4xf32>, tensor<f32>
  %4 = molten.compare eq, %a, %b : tensor<4xf32>, tensor<f32>
  %5 = molten.compare ne, %a, %b : tensor<4xf32>, tensor<f32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}
