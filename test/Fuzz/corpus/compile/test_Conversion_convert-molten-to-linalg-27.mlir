func.func @rope_rotate_half(%x: tensor<?x2x8xf32>, %c: tensor<?x1x8xf32>, %s: tensor<?x1x8xf32>) -> tensor<?x2x8xf32> {
  %y = molten.rope %x, %c, %s : tensor<?x2x8xf32>, tensor<?x1x8xf32>
  return %y : tensor<?x2x8xf32>
}
