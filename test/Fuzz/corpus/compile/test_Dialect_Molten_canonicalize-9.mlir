func.func @data_movement_chains(%x: tensor<?x4x6xf32>) -> (tensor<?x24xf32>, tensor<?x6x4xf32>, tensor<?x4x6xf32>, tensor<2x3xf32>, tensor<3x2xf32>) {
  %0 = molten.reshape %x : tensor<?x4x6xf32> -> tensor<?x2x12xf32>
  %1 = molten.reshape %0 : tensor<?x2x12xf32> -> tensor<?x24xf32>
  %2 = molten.transpose %x permutation = [2, 0, 1] : tensor<?x4x6xf32> -> tensor<6x?x4xf32>
  %3 = molten.transpose %2 permutation = [1, 0, 2] : tensor<6x?x4xf32> -> tensor<?x6x4xf32>
  %4 = molten.transpose %3 permutation = [0, 2, 1] : tensor<?x6x4xf32> -> tensor<?x4x6xf32>
  %c = molten.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]> : tensor<6xf32>
  %5 = molten.reshape %c : tensor<6xf32> -> tensor<2x3xf32>
  %s = molten.constant dense<7.0> : tensor<3xf32>
  %6 = molten.broadcast_to %s : tensor<3xf32> -> tensor<2x3xf32>
  %7 = molten.transpose %6 permutation = [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  %8 = molten.add %5, %6 : tensor<2x3xf32>, tensor<2x3xf32>
  return %1, %3, %4, %8, %7 : tensor<?x24xf32>, tensor<?x6x4xf32>, tensor<?x4x6xf32>, tensor<2x3xf32>, tensor<3x2xf32>
}
