func.func @slice_negative_offset(%x: tensor<4x8xf32>) {
  %0 = molten.slice %x offsets = [0, -1] sizes = [4, 2] strides = [1, 1] : tensor<4x8xf32> -> tensor<4x2xf32>
  return
}
