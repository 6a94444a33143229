func.func @slice_zero_size(%x: tensor<4x8xf32>) {
  %0 = molten.slice %x offsets = [0, 0] sizes = [0, 8] strides = [1, 1] : tensor<4x8xf32> -> tensor<0x8xf32>
  return
}
