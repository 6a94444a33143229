func.func @i32_operands(%x: tensor<4xi32>) {
  %0 = molten.add %x, %x : tensor<4xi32>, tensor<4xi32>
  return
}
