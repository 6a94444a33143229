func.func @slice_offset_past_end(%x: tensor<4x8xf32>) {
  %0 = molten.slice %x offsets = [4, 0] sizes = [1, 8] strides = [1, 1] : tensor<4x8xf32> -> tensor<1x8xf32>
  return
}
