func.func @slice_window_of_dynamic(%x: tensor<?x8xf32>) {
  %0 = molten.slice %x offsets = [0, 0] sizes = [2, 8] strides = [1, 1] : tensor<?x8xf32> -> tensor<2x8xf32>
  return
}
