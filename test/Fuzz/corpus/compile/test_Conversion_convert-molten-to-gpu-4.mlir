func.func @rotate_half_f32(%x: tensor<?x128xf32>) -> tensor<?x128xf32> {
  %0 = molten.fused hero(loop) ins(%x : tensor<?x128xf32>) -> (tensor<?x128xf32>) {
  ^bb0(%a: tensor<?x128xf32>):
    %lo = molten.slice %a offsets = [0, 0] sizes = [-1, 64] strides = [1, 1] : tensor<?x128xf32> -> tensor<?x64xf32>
    %hi = molten.slice %a offsets = [0, 64] sizes = [-1, 64] strides = [1, 1] : tensor<?x128xf32> -> tensor<?x64xf32>
    %n = molten.neg %hi : tensor<?x64xf32>
    %r = molten.concat %n, %lo dim = 1 : tensor<?x64xf32>, tensor<?x64xf32> -> tensor<?x128xf32>
    molten.yield %r : tensor<?x128xf32>
  }
  return %0 : tensor<?x128xf32>
}
