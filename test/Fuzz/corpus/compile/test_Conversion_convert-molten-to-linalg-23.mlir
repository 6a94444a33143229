func.func @reduce_max_min_bf16(%x: tensor<2x8xbf16>) -> (tensor<bf16>, tensor<2x1xbf16>) {
  %a = molten.reduce_max %x dims = [0, 1] : tensor<2x8xbf16> -> tensor<bf16>
  %b = molten.reduce_min %x dims = [1] keepdim : tensor<2x8xbf16> -> tensor<2x1xbf16>
  return %a, %b : tensor<bf16>, tensor<2x1xbf16>
}
