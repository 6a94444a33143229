module attributes {gpu.container_module} {
  gpu.module @molten_kernels {
    llvm.func @not_pointer(%a: !llvm.ptr, %b: i64) attributes {molten.tensormaps = 1 : i64} {
      llvm.return
    }
  }
}
