// RUN: molten-opt %s --pass-pipeline="builtin.module(gpu.module(molten-grid-constant-params))" -split-input-file -verify-diagnostics

module attributes {gpu.container_module} {
  gpu.module @molten_kernels {
    // expected-error @below {{has molten.tensormaps = 3 but 2 parameters}}
    llvm.func @too_many(%a: !llvm.ptr, %b: !llvm.ptr) attributes {molten.tensormaps = 3 : i64} {
      llvm.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @molten_kernels {
    // expected-error @below {{tensor-map parameter #1 is not a pointer}}
    llvm.func @not_pointer(%a: !llvm.ptr, %b: i64) attributes {molten.tensormaps = 1 : i64} {
      llvm.return
    }
  }
}

// -----

module attributes {gpu.container_module} {
  gpu.module @molten_kernels {
    // expected-error @below {{molten.tensormaps must be an integer, got "two"}}
    llvm.func @not_integer(%a: !llvm.ptr) attributes {molten.tensormaps = "two"} {
      llvm.return
    }
  }
}
