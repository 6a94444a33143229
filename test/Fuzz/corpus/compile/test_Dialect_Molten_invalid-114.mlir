func.func @fused_no_block() -> tensor<4xf32> {
  %0 = "molten.fused"() <{hero = 0 : i32}> ({}) : () -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
