func.func @slice(%x: tensor<?x8xf32>) -> tensor<?x3xf32> {
  %y = molten.slice %x offsets = [0, 1] sizes = [-1, 3] strides = [1, 2] : tensor<?x8xf32> -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}
