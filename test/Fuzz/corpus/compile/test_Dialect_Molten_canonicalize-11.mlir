func.func @no_fold_movement(%x: tensor<?x8xf32>, %w: tensor<8xf32>, %n: index) -> (tensor<?x2x4xf32>, tensor<8x?xf32>, tensor<?x8xf32>, tensor<?x4xf32>, tensor<?x16xf32>) {
  %0 = molten.reshape %x : tensor<?x8xf32> -> tensor<?x2x4xf32>
  %1 = molten.transpose %x permutation = [1, 0] : tensor<?x8xf32> -> tensor<8x?xf32>
  %2 = molten.broadcast_to %w [%n] : tensor<8xf32> -> tensor<?x8xf32>
  %3 = molten.slice %x offsets = [0, 1] sizes = [-1, 4] strides = [1, 1] : tensor<?x8xf32> -> tensor<?x4xf32>
  %4 = molten.concat %x, %x dim = 1 : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<?x16xf32>
  return %0, %1, %2, %3, %4 : tensor<?x2x4xf32>, tensor<8x?xf32>, tensor<?x8xf32>, tensor<?x4xf32>, tensor<?x16xf32>
}
