func.func @fold_unary() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %c = molten.constant dense<[1.0, -4.0]> : tensor<2xf32>
  %a = molten.abs %c : tensor<2xf32>
  %n = molten.neg %c : tensor<2xf32>
  %e = molten.exp %a : tensor<2xf32>
  %s = molten.sqrt %a : tensor<2xf32>
  %r = molten.relu %c : tensor<2xf32>
  %k = molten.clamp %c min = -2.0 max = 0.5 : tensor<2xf32>
  return %a, %n, %e, %s, %r, %k : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}
