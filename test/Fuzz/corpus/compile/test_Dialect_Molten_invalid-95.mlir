func.func @concat_no_inputs() {
  %0 = "molten.concat"() <{dim = 0 : i64}> : () -> tensor<1xf32>
  return
}
