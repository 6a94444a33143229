// A bundle carries the kernels of the input's molten.fused regions only: a
// GPU module or binary of the input's own is refused before anything is
// compiled (a fuzzer's input had one named like Molten's, holding a kernel
// whose name ptxas refuses).
// RUN: molten-translate --molten-to-bundle %s -split-input-file -verify-diagnostics -o /dev/null
// RUN: molten-translate --molten-to-ptx %s -split-input-file -verify-diagnostics -o /dev/null

module attributes {gpu.container_module} {
  // expected-error @+1 {{the input has a gpu.module of its own: Molten compiles molten.fused regions, into a GPU module it makes}}
  gpu.module @molten_kernels {
    llvm.func @kmolten.matmulernel(%n: !llvm.ptr) attributes {nvvm.kernel} {
      llvm.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  // expected-error @+1 {{the input has a gpu.module of its own}}
  gpu.module @other {
  }
  func.func @exp(%x: tensor<4xf32>) -> tensor<4xf32> {
    %0 = molten.exp %x : tensor<4xf32>
    return %0 : tensor<4xf32>
  }
}

// -----

module attributes {gpu.container_module} {
  // expected-error @+1 {{the input has a gpu.binary of its own}}
  gpu.binary @molten_kernels [#gpu.object<#nvvm.target, "">]
}
