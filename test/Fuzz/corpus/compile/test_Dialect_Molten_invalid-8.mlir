func.func @select_value_element_types(%m: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xbf16>) {
  %0 = molten.select %m, %x, %y : tensor<4xi1>, tensor<4xf32>, tensor<4xbf16>
  return
}
