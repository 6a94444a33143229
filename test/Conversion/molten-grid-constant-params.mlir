// RUN: molten-opt %s --pass-pipeline="builtin.module(gpu.module(molten-grid-constant-params))" | FileCheck %s

// The last `molten.tensormaps` parameters become 128-byte grid constants;
// the others and kernels without the attribute stay as they are.
// CHECK-LABEL: llvm.func @kernel
// CHECK-SAME: (%{{.*}}: i64, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr {llvm.align = 64 : i64, llvm.byval = !llvm.array<128 x i8>, nvvm.grid_constant}, %{{.*}}: !llvm.ptr {llvm.align = 64 : i64, llvm.byval = !llvm.array<128 x i8>, nvvm.grid_constant})
// CHECK-SAME: attributes {nvvm.kernel}
// CHECK-LABEL: llvm.func @plain
// CHECK-SAME: (%{{.*}}: !llvm.ptr)
// CHECK-SAME: attributes {nvvm.kernel}
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
