func.func @late_input(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>, %c: tensor<?x4096xf32>) -> (tensor<?x4096xf32>, tensor<?x1xf32>, tensor<?x1xf32>) {
  %0:3 = molten.fused hero(row_reduction) ins(%a, %b, %c : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>) -> (tensor<?x4096xf32>, tensor<?x1xf32>, tensor<?x1xf32>) {
  ^bb0(%x: tensor<?x4096xf32>, %y: tensor<?x4096xf32>, %z: tensor<?x4096xf32>):
    %h = molten.add %x, %y : tensor<?x4096xf32>, tensor<?x4096xf32>
    %s1 = molten.reduce_sum %x dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    %s2 = molten.reduce_sum %z dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    molten.yield %h, %s1, %s2 : tensor<?x4096xf32>, tensor<?x1xf32>, tensor<?x1xf32>
  }
  return %0#0, %0#1, %0#2 : tensor<?x4096xf32>, tensor<?x1xf32>, tensor<?x1xf32>
}
