# -*- Python -*-
import os
import shutil
import subprocess

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
# The compilers of this build, for programs built against it: code built
# with a compiler's sanitizers links only with that compiler's runtime.
config.substitutions.append(("%c_compiler", config.c_compiler))
config.substitutions.append(("%cxx_compiler", config.cxx_compiler))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# not, count, split-file and FileCheck come from the LLVM tools directory.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
# The molten Python package from the source tree, as docs/python.md says.
llvm_config.with_environment("PYTHONPATH",
                             os.path.join(config.molten_src_root, "python"),
                             append_path=True)

# The sanitized build (-DMOLTEN_SANITIZE, docs/testing.md): every program and
# library of the build is sanitized; the options below make each finding
# fail its test.
preload_sanitizers = ""
host_python = config.python_executable
grep_installed = "grep"
if config.molten_sanitize:
    config.available_features.add("sanitize")
    sanitizers = config.molten_sanitize.split(",")
    if "address" in sanitizers:
        config.available_features.add("asan")
    if "undefined" in sanitizers:
        config.available_features.add("ubsan")
    # abort_on_error: a finding kills the program with SIGABRT instead of
    # exiting with 1, which `not molten-opt ...` and the scripts that run
    # molten-opt on bad input would take for an ordinary error.
    common = ["abort_on_error=1", "disable_coredump=1", "print_summary=1"]
    # allow_user_poisoning=0: LLVM's BumpPtrAllocator poisons its slabs
    # from inline header code, which is instrumented where our code
    # instantiates it (attribute storage) but not inside libMLIR.so, so
    # libMLIR's own allocations from such a slab read as use-after-poison.
    # Real heap errors are still reported.
    asan_options = common + [
        "allow_user_poisoning=0",
        "check_initialization_order=1",
        "strict_init_order=1",
        "detect_stack_use_after_return=1",
        "strict_string_checks=1",
    ]
    config.environment["ASAN_OPTIONS"] = ":".join(asan_options + ["detect_leaks=1"])
    config.environment["UBSAN_OPTIONS"] = ":".join(common + ["print_stacktrace=1"])
    # Each suppression says why it is there. print_suppressions=0: the list
    # of suppressions used, printed at exit, would reach tests that check
    # stderr.
    config.environment["LSAN_OPTIONS"] = ":".join([
        "suppressions=" + os.path.join(config.molten_src_root, "test",
                                       "sanitizer-suppressions", "lsan.supp"),
        "print_suppressions=0",
    ])
    # A program that is not sanitized (stock mlir-opt, python3) and loads a
    # sanitized library (MoltenPlugin.so, libmolten_runtime.so) must have the
    # sanitizer runtime loaded first.
    preload_sanitizers = "env LD_PRELOAD=" + ":".join(
        config.molten_sanitizer_runtimes.split(";"))
    # No leak checking in python3: the interpreter does not free all of its
    # heap at exit (LeakSanitizer reports over 100 blocks for a bare
    # `import ctypes`), and a suppression that matched its frames would match
    # every allocation the runtime makes for it too. molten-runtime-test
    # checks the runtime's C API, which molten.runtime wraps, for
    # leaks.
    host_python = "%s ASAN_OPTIONS=%s %s" % (
        preload_sanitizers, ":".join(asan_options + ["detect_leaks=0"]),
        config.python_executable)
    # Sanitized code names its source files, by absolute path, in the data of
    # every check (-ffile-prefix-map does not reach it in gcc 12), and -g1
    # names the build directory: "nothing installed refers back to the build
    # or source tree" holds for the installed text files only.
    grep_installed = "grep -I"

# %sanitize_link_flags links a test's own program against sanitized
# libraries; %preload_sanitizers runs an unsanitized program that loads a
# sanitized library; %host_python is python3 for a test that loads
# libmolten_runtime.so into it. All plain in an unsanitized build.
config.substitutions.append(("%sanitize_link_flags",
                             " ".join(config.molten_sanitize_link_flags.split(";"))))
config.substitutions.append(("%preload_sanitizers", preload_sanitizers))
config.substitutions.append(("%host_python", host_python))

# A python3 that builds and installs the molten package offline (pip,
# setuptools and wheel: Debian's python3-pip, python3-setuptools and
# python3-wheel, which scripts/install-deps.sh installs); the first of
# the build's Python and the system's that has them.
def builds_wheels(python):
    try:
        # Not `import pip` first: Debian's setuptools then refuses to load.
        return all(subprocess.run([python, *arguments],
                                  stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL).returncode == 0
                   for arguments in (["-c", "import setuptools, wheel"],
                                     ["-m", "pip", "--version"]))
    except OSError:
        return False


for python in (config.python_executable, "/usr/bin/python3"):
    if builds_wheels(python):
        config.available_features.add("pip")
        config.substitutions.append(("%pip_python", python))
        break

# PyTorch for molten.fx, where scripts/install-torch.sh puts it (make test
# runs it); the `torch` feature when it imports.
torch_dir = os.environ.get("MOLTEN_TORCH_DIR") or os.path.join(
    os.path.expanduser("~"), ".cache", "molten", "torch")
if os.path.isdir(torch_dir):
    llvm_config.with_environment("PYTHONPATH", torch_dir, append_path=True)
if subprocess.run([config.python_executable, "-c", "import torch"],
                  env=dict(os.environ, PYTHONPATH=os.pathsep.join(
                      [torch_dir, os.environ.get("PYTHONPATH", "")])),
                  stdout=subprocess.DEVNULL,
                  stderr=subprocess.DEVNULL).returncode == 0:
    config.available_features.add("torch")
# Looks for build or source paths in an installed tree.
config.substitutions.append(("%grep_installed", grep_installed))

tool_dirs = [config.molten_tools_dir, config.llvm_tools_dir]
tools = ["molten-opt", "molten-translate", "molten-compile-fuzz",
         "molten-bundle-fuzz", "mlir-runner"]
# Stock mlir-opt loads MoltenPlugin.so (test/Plugin).
mlir_opt = shutil.which("mlir-opt", path=config.llvm_tools_dir)
if preload_sanitizers and mlir_opt:
    tools.append(ToolSubst("mlir-opt", command=preload_sanitizers + " " + mlir_opt))
else:
    tools.append("mlir-opt")
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
if shutil.which("clang-format"):
    config.available_features.add("clang-format")
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
# The compiler's C API (test/Compiler).
config.substitutions.append(("%molten_compiler_lib",
                             os.path.join(config.molten_lib_dir, "libMoltenCompiler.so")))


def _cuda_driver_works():
    """A CUDA driver that loads and initializes: a GPU to run kernels on."""
    import ctypes
    try:
        return ctypes.CDLL("libcuda.so.1").cuInit(0) == 0
    except (OSError, AttributeError):
        return False


if _cuda_driver_works():
    config.available_features.add("cuda-driver")
