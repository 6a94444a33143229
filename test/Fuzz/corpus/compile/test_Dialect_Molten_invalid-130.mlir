func.func @bad_gelu_keyword(%x: tensor<4xf32>) {
  %0 = molten.gelu %x approximate = fast : tensor<4xf32>
  return
}
