func.func @fused_no_results(%x: tensor<4xf32>) {
  "molten.fused"(%x) <{hero = 0 : i32}> ({
  ^bb0(%a: tensor<4xf32>):
    "molten.yield"() : () -> ()
  }) : (tensor<4xf32>) -> ()
  return
}
