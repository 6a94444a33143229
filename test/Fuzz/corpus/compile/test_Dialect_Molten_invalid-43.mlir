func.func @layer_norm_weight_rank(%x: tensor<2x3x4xf16>, %w: tensor<f16>) {
  %0 = molten.layer_norm %x weight(%w : tensor<f16>) : tensor<2x3x4xf16>
  return
}
