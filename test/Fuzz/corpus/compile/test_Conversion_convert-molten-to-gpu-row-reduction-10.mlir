func.func @early_after_all_loads(%a: tensor<?x4096xf32>, %b: tensor<?x4096xf32>, %c: tensor<?x4096xf32>) -> (tensor<?x4096xf32>, tensor<?x1xf32>) {
  %0:2 = molten.fused hero(row_reduction) ins(%a, %b, %c : tensor<?x4096xf32>, tensor<?x4096xf32>, tensor<?x4096xf32>) -> (tensor<?x4096xf32>, tensor<?x1xf32>) {
  ^bb0(%x: tensor<?x4096xf32>, %y: tensor<?x4096xf32>, %z: tensor<?x4096xf32>):
    %h = molten.add %x, %y : tensor<?x4096xf32>, tensor<?x4096xf32>
    %s = molten.reduce_sum %z dims = [1] keepdim : tensor<?x4096xf32> -> tensor<?x1xf32>
    molten.yield %h, %s : tensor<?x4096xf32>, tensor<?x1xf32>
  }
  return %0#0, %0#1 : tensor<?x4096xf32>, tensor<?x1xf32>
}
