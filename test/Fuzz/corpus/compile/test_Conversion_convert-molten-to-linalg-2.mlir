func.func @exp_log_sqrt(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %a = molten.exp %x : tensor<4xf32>
  %b = molten.log %x : tensor<4xf32>
  %c = molten.sqrt %x : tensor<4xf32>
  return %a, %b, %c : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
