func.func @no_cycle_between_groups(%x: tensor<4x8xf32>, %y: tensor<4x16xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %a = molten.slice %y offsets = [0, 0] sizes = [-1, 8] strides = [1, 1] : tensor<4x16xf32> -> tensor<4x8xf32>
  %r = molten.reduce_max %x dims = [1] keepdim : tensor<4x8xf32> -> tensor<4x1xf32>
  %s = molten.sub %x, %r : tensor<4x8xf32>, tensor<4x1xf32>
  %m = molten.min %s, %a : tensor<4x8xf32>, tensor<4x8xf32>
  %c = molten.add %a, %s : tensor<4x8xf32>, tensor<4x8xf32>
  return %m, %c : tensor<4x8xf32>, tensor<4x8xf32>
}
