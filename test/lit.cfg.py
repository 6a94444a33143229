# -*- Python -*-
import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MOLTEN"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test", ".py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.molten_obj_root, "test")
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "embedding"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%molten_src", config.molten_src_root))
config.substitutions.append(("%molten_obj", config.molten_obj_root))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%cmake", config.cmake_command))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# not, count, split-file and FileCheck come from the LLVM tools directory.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.molten_tools_dir, config.llvm_tools_dir]
tools = ["molten-opt", "molten-translate", "mlir-opt", "mlir-runner"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# The CPU reference path (docs/reference-path.md) runs programs with
# mlir-runner and the runner utils libraries of the LLVM install.
llvm_dir = os.path.dirname(config.llvm_tools_dir)
runner_libs = [os.path.join(llvm_dir, "lib", name) for name in
               ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so")]
config.substitutions.append(("%llvm_dir", llvm_dir))
config.substitutions.append(("%mlir_runner_libs", ",".join(runner_libs)))

# What a machine can do, for REQUIRES: lines.
if shutil.which("mlir-runner", path=config.llvm_tools_dir) and all(
        os.path.exists(lib) for lib in runner_libs):
    config.available_features.add("mlir-runner")
ptxas = shutil.which("ptxas", path="/usr/local/cuda/bin:" + os.environ.get("PATH", ""))
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))

# The runtime's tests (test/Runtime): the test programs, the fake CUDA driver
# they load through MOLTEN_LIBCUDA, and the runtime library itself.
config.substitutions.append(("%molten_runtime_test",
                             os.path.join(config.molten_tools_dir, "molten-runtime-test")))
config.substitutions.append(("%molten_runtime_gpu_test",
                             os.path.join(config.molten_tools_dir, "molten-runtime-gpu-test")))
# Before %fake_libcuda, of which it is an extension.
config.substitutions.append(("%fake_libcuda_no_launch_ex",
                             os.path.join(config.molten_lib_dir,
                                          "libmolten_fake_cuda_no_launch_ex.so")))
config.substitutions.append(("%fake_libcuda",
                             os.path.join(config.molten_lib_dir, "libmolten_fake_cuda.so")))
config.substitutions.append(("%molten_runtime_lib",
                             os.path.join(config.molten_lib_dir, "libmolten_runtime.so")))


def _cuda_driver_works():
    """A CUDA driver that loads and initializes: a GPU to run kernels on."""
    import ctypes
    try:
        return ctypes.CDLL("libcuda.so.1").cuInit(0) == 0
    except (OSError, AttributeError):
        return False


if _cuda_driver_works():
    config.available_features.add("cuda-driver")
