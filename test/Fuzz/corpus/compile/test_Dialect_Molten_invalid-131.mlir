func.func @bad_predicate_keyword(%x: tensor<4xf32>) {
  %0 = molten.compare lq, %x, %x : tensor<4xf32>, tensor<4xf32>
  return
}
