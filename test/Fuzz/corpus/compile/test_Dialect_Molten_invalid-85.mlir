func.func @slice_entry_count(%x: tensor<4x8xf32>) {
  %0 = molten.slice %x offsets = [0, 0] sizes = [2] strides = [1, 1] : tensor<4x8xf32> -> tensor<2x8xf32>
  return
}
