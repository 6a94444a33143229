func.func @broadcast_to(%w: tensor<1x8xf32>, %n: index) -> tensor<?x4x8xf32> {
  %y = molten.broadcast_to %w [%n] : tensor<1x8xf32> -> tensor<?x4x8xf32>
  return %y : tensor<?x4x8xf32>
}
