func.func @yield_block_argument(%x: tensor<2xbf16>, %y: tensor<2xbf16>) -> (tensor<2xbf16>, tensor<2xbf16>) {
  %r:2 = molten.fused hero(loop) ins(%x, %y : tensor<2xbf16>, tensor<2xbf16>) -> (tensor<2xbf16>, tensor<2xbf16>) {
  ^bb0(%a: tensor<2xbf16>, %b: tensor<2xbf16>):
    %e = molten.exp %a : tensor<2xbf16>
    molten.yield %b, %e : tensor<2xbf16>, tensor<2xbf16>
  }
  return %r#0, %r#1 : tensor<2xbf16>, tensor<2xbf16>
}
