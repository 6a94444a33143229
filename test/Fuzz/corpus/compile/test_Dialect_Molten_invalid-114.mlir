func.func @fused_no_block() -> tensor<4xf32> {
  %0 = "molten.fused"() ({}) : () -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
