func.func @memref_operand(%x: memref<4xf32>) {
  %0 = "molten.neg"(%x) : (memref<4xf32>) -> memref<4xf32>
  return
}
