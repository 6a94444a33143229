func.func @softmax_axis_too_large(%x: tensor<?x8xf32>) {
  %0 = molten.softmax %x axis = 2 : tensor<?x8xf32>
  return
}
