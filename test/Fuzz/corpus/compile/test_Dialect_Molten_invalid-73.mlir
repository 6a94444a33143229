func.func @reshape_two_dynamic(%x: tensor<?x8xf32>) {
  %0 = molten.reshape %x : tensor<?x8xf32> -> tensor<?x?x2xf32>
  return
}
