module attributes {gpu.container_module} {
  gpu.module @molten_kernels {
    llvm.func @kernel(%n: i64, %p: !llvm.ptr, %a: !llvm.ptr, %b: !llvm.ptr) attributes {molten.tensormaps = 2 : i64, nvvm.kernel} {
      llvm.return
    }
    llvm.func @plain(%p: !llvm.ptr) attributes {nvvm.kernel} {
      llvm.return
    }
  }
}
