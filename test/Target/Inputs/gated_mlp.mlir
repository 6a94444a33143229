// A gated MLP's silu(x @ Wg) * (x @ Wu), nn.Linear weights: with
// --molten-sibling-matmuls one region holds both matmuls
// (test/Target/ptxas-sm90a.test).
func.func @gated_mlp(%x: tensor<?x4096xbf16>, %wg: tensor<14336x4096xbf16>, %wu: tensor<14336x4096xbf16>) -> tensor<?x14336xbf16> {
  %g = molten.matmul %x, %wg transpose_rhs : tensor<?x4096xbf16>, tensor<14336x4096xbf16> -> tensor<?x14336xbf16>
  %u = molten.matmul %x, %wu transpose_rhs : tensor<?x4096xbf16>, tensor<14336x4096xbf16> -> tensor<?x14336xbf16>
  %s = molten.silu %g : tensor<?x14336xbf16>
  %y = molten.mul %s, %u : tensor<?x14336xbf16>, tensor<?x14336xbf16>
  return %y : tensor<?x14336xbf16>
}
