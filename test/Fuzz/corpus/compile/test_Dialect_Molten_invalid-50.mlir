func.func @rope_table_element_type(%x: tensor<?x8xbf16>, %t: tensor<8xf32>) {
  %0 = molten.rope %x, %t, %t : tensor<?x8xbf16>, tensor<8xf32>
  return
}
