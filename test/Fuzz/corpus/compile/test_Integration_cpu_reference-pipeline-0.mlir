func.func @compute(%x: tensor<?x4xbf16>, %w: tensor<4xbf16>) -> (tensor<?x4xf32>, tensor<?x4xf32>) {
  %n = molten.rms_norm %x, %w eps = 0.0 : tensor<?x4xbf16>, tensor<4xbf16>
  %y = molten.cast %n : tensor<?x4xbf16> to tensor<?x4xf32>
  %xf = molten.cast %x : tensor<?x4xbf16> to tensor<?x4xf32>
  %s = molten.softmax %xf : tensor<?x4xf32>
  return %y, %s : tensor<?x4xf32>, tensor<?x4xf32>
}

func.func private @printMemrefF32(memref<*xf32>)

func.func @main() {
  %x0 = molten.constant dense<[[1.0, -1.0, 1.0, -1.0], [2.0, 2.0, 2.0, 2.0]]> : tensor<2x4xbf16>
  %x = tensor.cast %x0 : tensor<2x4xbf16> to tensor<?x4xbf16>
  %w = molten.constant dense<[1.0, 2.0, 3.0, 0.5]> : tensor<4xbf16>
  %y, %s = call @compute(%x, %w) : (tensor<?x4xbf16>, tensor<4xbf16>) -> (tensor<?x4xf32>, tensor<?x4xf32>)
  %ym = bufferization.to_buffer %y : tensor<?x4xf32> to memref<?x4xf32>
  %yu = memref.cast %ym : memref<?x4xf32> to memref<*xf32>
  call @printMemrefF32(%yu) : (memref<*xf32>) -> ()
  %sm = bufferization.to_buffer %s : tensor<?x4xf32> to memref<?x4xf32>
  %su = memref.cast %sm : memref<?x4xf32> to memref<*xf32>
  call @printMemrefF32(%su) : (memref<*xf32>) -> ()
  return
}
