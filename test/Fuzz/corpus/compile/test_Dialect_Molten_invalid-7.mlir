func.func @compare_result_not_i1(%x: tensor<4xf32>) {
  %0 = "molten.compare"(%x, %x) <{predicate = 0 : i32}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}
