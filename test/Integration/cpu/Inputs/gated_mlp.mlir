// A gated MLP, silu(x @ Wg) * (x @ Wu), with the gate also returned: with
// molten-fuse's sibling-matmuls both matmuls share one region
// (fusion-differential.test).
func.func @gated_mlp(%x: tensor<?x24xbf16>, %wg: tensor<40x24xbf16>, %wu: tensor<40x24xbf16>) -> (tensor<?x40xbf16>, tensor<?x40xbf16>) {
  %g = molten.matmul %x, %wg transpose_rhs : tensor<?x24xbf16>, tensor<40x24xbf16> -> tensor<?x40xbf16>
  %u = molten.matmul %x, %wu transpose_rhs : tensor<?x24xbf16>, tensor<40x24xbf16> -> tensor<?x40xbf16>
  %s = molten.silu %g : tensor<?x40xbf16>
  %y = molten.mul %s, %u : tensor<?x40xbf16>, tensor<?x40xbf16>
  return %y, %g : tensor<?x40xbf16>, tensor<?x40xbf16>
}
