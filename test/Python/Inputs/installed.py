"""The installed molten package (test/Python/package.test): imported from
the install, not the source tree; compiles and loads a bundle.

    installed.py SITE_DIR
"""
import os
import sys

import molten

site = os.path.realpath(sys.argv[1])
where = os.path.realpath(molten.__file__)
assert where.startswith(site + os.sep), where
print("molten", molten.__version__, "from the install")

program = """
func.func @gelu(%x: tensor<?x64xf32>) -> tensor<?x64xf32> {
  %y = molten.gelu %x : tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}
"""
data = molten.compile_bundle(program)
print("compiled:", len(data), "bytes")
print("functions:", molten.Bundle(data=data).functions)
try:
    molten.compile_bundle("bogus")
except molten.CompileError as e:
    print("error:", e.diagnostics.splitlines()[0])
