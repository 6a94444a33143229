module attributes {gpu.container_module} {
  gpu.module @molten_kernels {
    llvm.func @not_integer(%a: !llvm.ptr) attributes {molten.tensormaps = "two"} {
      llvm.return
    }
  }
}
