func.func @yield_outside_fused(%x: tensor<4xf32>) {
  molten.yield %x : tensor<4xf32>
}
