func.func @bad_predicate_value(%x: tensor<4xf32>) {
  %0 = "molten.compare"(%x, %x) <{predicate = 9 : i32}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return
}
