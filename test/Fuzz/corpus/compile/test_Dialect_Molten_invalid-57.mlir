func.func @rope_bad_mode(%x: tensor<?x8xf32>, %t: tensor<8xf32>) {
  %0 = molten.rope %x, %t, %t mode = rotate_all : tensor<?x8xf32>, tensor<8xf32>
  return
}
