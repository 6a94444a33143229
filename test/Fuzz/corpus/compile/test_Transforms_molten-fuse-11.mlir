func.func @index_input(%x: tensor<?x64xf32>, %w: tensor<64xf32>) -> tensor<?x64xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x64xf32>
  %b = molten.broadcast_to %w [%n] : tensor<64xf32> -> tensor<?x64xf32>
  %y = molten.mul %b, %b : tensor<?x64xf32>, tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}
