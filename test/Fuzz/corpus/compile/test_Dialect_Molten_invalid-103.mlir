func.func @fused_no_results(%x: tensor<4xf32>) {
  "molten.fused"(%x) ({
  ^bb0(%a: tensor<4xf32>):
    "molten.yield"() : () -> ()
  }) : (tensor<4xf32>) -> ()
  return
}
