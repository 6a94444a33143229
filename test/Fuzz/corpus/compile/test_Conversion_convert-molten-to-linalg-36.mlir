func.func @concat(%a: tensor<?x8xf32>, %b: tensor<?x4xf32>) -> tensor<?x12xf32> {
  %y = molten.concat %a, %b dim = 1 : tensor<?x8xf32>, tensor<?x4xf32> -> tensor<?x12xf32>
  return %y : tensor<?x12xf32>
}
