func.func @diamond(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %e = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %b1 = molten.neg %e : tensor<?x64xf32>
  %b2 = molten.abs %e : tensor<?x64xf32>
  %j = molten.add %b1, %b2 : tensor<?x64xf32>, tensor<?x64xf32>
  return %j : tensor<?x64xf32>
}
