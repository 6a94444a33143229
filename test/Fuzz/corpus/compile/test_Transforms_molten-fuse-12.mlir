func.func @long_chain(%x: tensor<?x8xf32>, %y: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %s = molten.add %x, %y : tensor<?x8xf32>, tensor<?x8xf32>
  %0 = molten.neg %s : tensor<?x8xf32>
  %1 = molten.abs %0 : tensor<?x8xf32>
  %2 = molten.tanh %1 : tensor<?x8xf32>
  %3 = molten.exp %2 : tensor<?x8xf32>
  return %3 : tensor<?x8xf32>
}
