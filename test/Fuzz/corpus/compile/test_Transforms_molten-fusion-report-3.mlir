func.func @two_shapes(%x: tensor<?x64xf32>, %w: tensor<64xf32>) -> (tensor<64xf32>, tensor<?x64xf32>) {
  %ww = molten.mul %w, %w : tensor<64xf32>, tensor<64xf32>
  %y = molten.add %x, %ww : tensor<?x64xf32>, tensor<64xf32>
  return %ww, %y : tensor<64xf32>, tensor<?x64xf32>
}
