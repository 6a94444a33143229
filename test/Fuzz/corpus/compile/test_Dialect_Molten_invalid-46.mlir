func.func @softmax_axis_too_negative(%x: tensor<?x8xf32>) {
  %0 = molten.softmax %x axis = -3 : tensor<?x8xf32>
  return
}
