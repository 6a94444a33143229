func.func @slice_zero_stride(%x: tensor<4x8xf32>) {
  %0 = molten.slice %x offsets = [0, 0] sizes = [4, 2] strides = [1, 0] : tensor<4x8xf32> -> tensor<4x2xf32>
  return
}
