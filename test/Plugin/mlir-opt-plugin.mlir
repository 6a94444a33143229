// Stock mlir-opt (Debian's, linked to the same libMLIR.so) loads molten's
// dialect and passes from the plugin. Plugin passes are registered while the
// command line is parsed, so they are named in --pass-pipeline.
// RUN: mlir-opt %s --load-dialect-plugin=%molten_obj/lib/MoltenPlugin.so --load-pass-plugin=%molten_obj/lib/MoltenPlugin.so --pass-pipeline='builtin.module(molten-fusion-pipeline)' | FileCheck %s
// RUN: mlir-opt %s --load-dialect-plugin=%molten_obj/lib/MoltenPlugin.so --load-pass-plugin=%molten_obj/lib/MoltenPlugin.so --pass-pipeline='builtin.module(molten-decompose)' | FileCheck %s --check-prefix=DECOMPOSE
// Without the plugin, mlir-opt does not know the dialect.
// RUN: not mlir-opt %s 2>&1 | FileCheck %s --check-prefix=NOPLUGIN

// CHECK-LABEL: func.func @softmax
// CHECK-NEXT:  %[[R:.*]] = molten.fused hero(row_reduction) ins(%{{.*}} : tensor<?x16xf32>) -> (tensor<?x16xf32>) {
// CHECK:         molten.reduce_max
// CHECK-NEXT:    molten.sub
// CHECK-NEXT:    molten.exp
// CHECK-NEXT:    molten.reduce_sum
// CHECK-NEXT:    molten.div
// CHECK-NEXT:    molten.yield
// CHECK-NEXT:  }
// CHECK-NEXT:  return %[[R]]

// DECOMPOSE-LABEL: func.func @softmax
// DECOMPOSE-NEXT:  molten.reduce_max
// DECOMPOSE-NOT:   molten.softmax

// NOPLUGIN: error: Dialect `molten' not found
func.func @softmax(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %y = molten.softmax %x : tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}
