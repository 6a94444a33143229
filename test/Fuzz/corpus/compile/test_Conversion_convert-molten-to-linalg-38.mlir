func.func @fused(%x: tensor<?x8xf32>, %r: tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %h, %e = molten.fused hero(loop) ins(%x, %r : tensor<?x8xf32>, tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  ^bb0(%a: tensor<?x8xf32>, %b: tensor<?x8xf32>):
    %s = molten.add %a, %b : tensor<?x8xf32>, tensor<?x8xf32>
    %t = molten.exp %s : tensor<?x8xf32>
    molten.yield %s, %t : tensor<?x8xf32>, tensor<?x8xf32>
  }
  return %h, %e : tensor<?x8xf32>, tensor<?x8xf32>
}
