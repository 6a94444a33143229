func.func @two_chains(%x: tensor<?x64xf32>, %y: tensor<?x64xf32>) -> (tensor<?x64xf32>, tensor<?x64xf32>) {
  %a = molten.mul %x, %x : tensor<?x64xf32>, tensor<?x64xf32>
  %b = molten.mul %y, %y : tensor<?x64xf32>, tensor<?x64xf32>
  %c = molten.neg %a : tensor<?x64xf32>
  %d = molten.exp %b : tensor<?x64xf32>
  return %c, %d : tensor<?x64xf32>, tensor<?x64xf32>
}
