func.func @slice_whole_needs_offset_0(%x: tensor<?x8xf32>) {
  %0 = molten.slice %x offsets = [1, 0] sizes = [-1, 8] strides = [1, 1] : tensor<?x8xf32> -> tensor<?x8xf32>
  return
}
