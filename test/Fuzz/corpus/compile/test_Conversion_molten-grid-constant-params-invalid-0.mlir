module attributes {gpu.container_module} {
  gpu.module @molten_kernels {
    llvm.func @too_many(%a: !llvm.ptr, %b: !llvm.ptr) attributes {molten.tensormaps = 3 : i64} {
      llvm.return
    }
  }
}
