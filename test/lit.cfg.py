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

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# not, count, split-file and FileCheck come from the LLVM tools directory.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.molten_tools_dir, config.llvm_tools_dir]
tools = ["molten-opt", "molten-translate", "mlir-opt", "mlir-runner"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# What a machine can do, for REQUIRES: lines.
if shutil.which("ptxas", path="/usr/local/cuda/bin:" + os.environ.get("PATH", "")):
    config.available_features.add("ptxas")
