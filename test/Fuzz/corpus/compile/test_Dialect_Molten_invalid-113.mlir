func.func @fused_empty_body(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "molten.fused"(%x) <{hero = 0 : i32}> ({
  ^bb0(%a: tensor<4xf32>):
  }) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
