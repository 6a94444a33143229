func.func @identities(%x: tensor<?x8xf32>, %n: index) -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>) {
  %zero = molten.constant dense<0.0> : tensor<f32>
  %one = molten.constant dense<1.0> : tensor<8xf32>
  %0 = molten.add %x, %zero : tensor<?x8xf32>, tensor<f32>
  %1 = molten.add %zero, %0 : tensor<f32>, tensor<?x8xf32>
  %2 = molten.sub %1, %zero : tensor<?x8xf32>, tensor<f32>
  %3 = molten.mul %one, %2 : tensor<8xf32>, tensor<?x8xf32>
  %4 = molten.mul %3, %one : tensor<?x8xf32>, tensor<8xf32>
  %5 = molten.div %4, %one : tensor<?x8xf32>, tensor<8xf32>
  %6 = molten.pow %5, %one : tensor<?x8xf32>, tensor<8xf32>
  %7 = molten.neg %6 : tensor<?x8xf32>
  %8 = molten.neg %7 : tensor<?x8xf32>
  %9 = molten.cast %8 : tensor<?x8xf32> to tensor<?x8xf32>
  %10 = molten.reshape %9 : tensor<?x8xf32> -> tensor<?x8xf32>
  %11 = molten.transpose %10 permutation = [0, 1] : tensor<?x8xf32> -> tensor<?x8xf32>
  %12 = molten.broadcast_to %11 [%n] : tensor<?x8xf32> -> tensor<?x8xf32>
  %13 = molten.slice %12 offsets = [0, 0] sizes = [-1, 8] strides = [1, 1] : tensor<?x8xf32> -> tensor<?x8xf32>
  %14 = molten.concat %13 dim = 1 : tensor<?x8xf32> -> tensor<?x8xf32>
  %15 = molten.reduce_sum %14 dims = [1] keepdim : tensor<?x8xf32> -> tensor<?x1xf32>
  %16 = molten.reshape %14 : tensor<?x8xf32> -> tensor<?x8x1xf32>
  %17 = molten.reduce_max %16 dims = [2] keepdim : tensor<?x8x1xf32> -> tensor<?x8x1xf32>
  %18 = molten.reshape %17 : tensor<?x8x1xf32> -> tensor<?x8xf32>
  %c = molten.compare gt, %x, %18 : tensor<?x8xf32>, tensor<?x8xf32>
  %19 = molten.select %c, %18, %18 : tensor<?x8xi1>, tensor<?x8xf32>, tensor<?x8xf32>
  %t = molten.constant dense<true> : tensor<i1>
  %20 = molten.select %t, %19, %x : tensor<i1>, tensor<?x8xf32>, tensor<?x8xf32>
  return %0, %2, %4, %6, %8, %14, %18, %20 : tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>, tensor<?x8xf32>
}
