"""torch.compile(fn, backend="molten"), and molten.compile(fn).

    import molten
    fast = molten.compile(model)                  # or, once molten.backend
    fast = torch.compile(model, backend="molten") # is imported

AOTAutograd hands the backend each graph as aten ops (inference). The
capability-based partitioner groups the nodes molten.fx imports into
regions; everything else stays in PyTorch. Each region becomes a molten
function, compiled to a bundle once and kept on disk under a hash of its
text and the compile options, so that a later process, or a GPU machine
without MLIR (carrying the cache), finds it without compiling. A region
runs its bundle when its inputs are CUDA tensors and the runtime loads;
otherwise, or when it does not compile, it runs as PyTorch ran it: the
backend falls back, it never fails a graph. `report()` says what happened
to each region. docs/python.md.

The cache: $MOLTEN_CACHE_DIR, else ~/.cache/molten/bundles. The compile
options: molten.compile's `options`, else $MOLTEN_COMPILE_OPTIONS, else
"chip=sm_90a".
"""

import hashlib
import operator
import os
import tempfile
import threading

import torch
from torch._dynamo.backends.common import aot_autograd
from torch.fx.passes.infra.partitioner import CapabilityBasedPartitioner
from torch.fx.passes.operator_support import OperatorSupportBase
from torch.utils._python_dispatch import _get_current_dispatch_mode

from . import __version__
from .compiler import CompileError, compile_bundle
from .compiler import identity as compiler_identity
from .fx import UnsupportedError, import_graph, is_view, supported
from .fx import _static
from .runtime import Bundle, MoltenError

__all__ = ["compile", "molten_backend", "report"]

DEFAULT_OPTIONS = "chip=sm_90a"
_report = []


def report():
    """One line per region compiled so far in this process: its name, its
    ops, and whether its bundle was compiled, found in the cache, or not
    made (and why)."""
    return list(_report)


def cache_dir():
    return os.environ.get("MOLTEN_CACHE_DIR") or os.path.join(
        os.path.expanduser("~"), ".cache", "molten", "bundles")


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def _write_whole(path, data):
    """`data` at `path`, whole or not at all."""
    fd, partial = tempfile.mkstemp(dir=os.path.dirname(path),
                                   suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def _cached_bundles(key):
    """The paths of `key`'s cached bundles, newest first (one a compiler
    that made one; the cache keeps one at a time)."""
    directory = cache_dir()
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    paths = [os.path.join(directory, n) for n in names
             if n.startswith(key + ".") and n.endswith(".bundle")]

    def age(path):
        try:
            return -os.path.getmtime(path)
        except OSError:
            return 0.0
    return sorted(paths, key=age)


def _cached_bundle(text, options):
    """(bundle bytes or None, how, key): from the cache, else compiled and
    stored. The key needs no compiler (a GPU machine without one finds the
    bundles carried there); the file's name also names the compiler that
    made it (`<key>.<compiler>.bundle`, one file written whole, so that no
    reader pairs a bundle with another compiler's name): where another
    compiler is at hand, it compiles the text again and its bundle
    replaces the other."""
    key = hashlib.sha256(("%s\n%s\n%s" % (__version__, options, text))
                         .encode()).hexdigest()
    compiler = compiler_identity()
    own = os.path.join(cache_dir(), "%s.%s.bundle"
                       % (key, compiler[:16] if compiler else "unknown"))
    if compiler:
        cached = _read(own)
        if cached is not None:
            return cached, "cached %s" % key[:12], key
    else:  # no compiler to tell: any compiler's bundle of this text
        for path in _cached_bundles(key):
            cached = _read(path)
            if cached is not None:
                return cached, "cached %s" % key[:12], key
    try:
        data = compile_bundle(text, options=options)
    except (CompileError, OSError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        for path in _cached_bundles(key):  # another compiler's, still a bundle
            cached = _read(path)
            if cached is not None:
                return cached, "cached %s (this compiler failed: %s)" % (
                    key[:12], first), key
        return None, "not compiled: %s" % first, key
    os.makedirs(cache_dir(), exist_ok=True)
    _write_whole(own, data)
    # The other compilers' bundles of the key go, and the stamp files an
    # older cache kept beside them (<key>.compiler).
    stale = [p for p in _cached_bundles(key) if p != own]
    for path in stale + [os.path.join(cache_dir(), key + ".compiler")]:
        try:
            os.remove(path)
        except OSError:
            pass  # none, or another process removed it first
    return data, "compiled %s" % key[:12], key


class _Supported(OperatorSupportBase):
    def is_node_supported(self, submodules, node):
        return supported(node)


def _as_list(outs):
    return list(outs) if isinstance(outs, (tuple, list)) else [outs]


class _Region(torch.nn.Module):
    """A partition: its bundle on CUDA tensors, else PyTorch's graph. Its
    arguments split into tensors and sizes (SymInts), each in placeholder
    order, for its custom op."""

    def __init__(self, name, graph_module, imported, data):
        super().__init__()
        self.name = name
        self.graph_module = graph_module
        self.imported = imported
        self.positions = set(imported.tensor_inputs)
        placeholders = [n for n in graph_module.graph.nodes
                        if n.op == "placeholder"]
        # The arguments (in the function's order) whose shapes have a
        # symbolic size.
        self.dynamic = [k for k, i in enumerate(imported.tensor_inputs)
                        if _symbolic(placeholders[i])]
        self._local = threading.local()
        self.count = len(placeholders)
        output = next(n for n in graph_module.graph.nodes if n.op == "output")
        self.tuple_result = isinstance(output.args[0], (tuple, list))
        self.op = None  # set by _region_op
        self.bundle = None
        self.why = None
        if data is not None:
            try:
                self.bundle = Bundle(data=data)
                if torch.cuda.is_available():
                    # JIT now, not inside a CUDA graph capture; a bundle
                    # for another GPU fails here and falls back.
                    self.bundle.prepare()
            except (MoltenError, OSError) as e:
                self.bundle = None  # PyTorch runs it
                self.why = str(e)

    def run(self, *args):
        """The region's results as a list: the bundle's on CUDA tensors,
        else PyTorch's, never views of the inputs (a custom op's results
        must not alias them)."""
        tensors = self.imported.arguments(args)
        if self.bundle is not None:
            # The region's text fixes the inputs' dtypes and static sizes:
            # the symbolic ones pick the launch, which checks the devices
            # and layouts.
            key = tuple([tensors[k].shape for k in self.dynamic])
            launches = self._launches()
            launch = launches.get(key)
            try:
                if launch is not None and launch.accepts(tensors):
                    outs = launch(self.bundle.handle(), tensors)
                elif all(t.is_cuda for t in tensors):
                    outs = self.bundle.run(self.name, *tensors)
                    if len(launches) >= _MAX_LAUNCHES:
                        launches.clear()  # sizes that keep changing
                    launches[key] = self.bundle.cached_launch(self.name,
                                                              tensors)
                else:
                    outs = None
                if outs is not None:
                    # Fresh outputs: no aliasing to check. Permuted back
                    # into their traced layouts, as PyTorch would have
                    # made them.
                    return self.imported.results(_as_list(outs))
            except MoltenError as e:
                # Refused (checks, memory); it wrote at most its own fresh
                # outputs. PyTorch computes this call; a later one may
                # suit the bundle.
                line = "%s: a call ran in PyTorch: %s" % (self.name, e)
                if line not in _report:
                    _report.append(line)
        outs = _as_list(self.graph_module(*args))
        # Nor of each other (a split's parts share a buffer).
        seen = {t.untyped_storage().data_ptr() for t in tensors}
        results = []
        for o in outs:
            storage = o.untyped_storage().data_ptr()
            results.append(o.clone() if storage in seen else o)
            seen.add(storage)
        return results

    def _launches(self):
        """This thread's launches by the inputs' symbolic sizes."""
        launches = getattr(self._local, "launches", None)
        if launches is None:
            launches = self._local.launches = {}
        return launches

    def merge(self, tensors, sizes):
        """The arguments in placeholder order."""
        tensors, sizes = iter(tensors), iter(sizes)
        return [next(tensors) if i in self.positions else next(sizes)
                for i in range(self.count)]

    def forward(self, *args):
        if _running(args):
            outs = self.run(*args)
        else:  # traced: the custom op, opaque to the tracer
            outs = self.op(
                [a for i, a in enumerate(args) if i in self.positions],
                [a for i, a in enumerate(args) if i not in self.positions])
        return tuple(outs) if self.tuple_result else outs[0]


# Sizes a region keeps launches for, in each thread.
_MAX_LAUNCHES = 256


def _symbolic(placeholder):
    """Whether a placeholder's traced tensor has a symbolic size (or no
    traced value to tell)."""
    val = placeholder.meta.get("val")
    shape = getattr(val, "shape", None)
    return shape is None or any(_static(s) is None for s in shape)


def _running(args):
    """Whether a region is called on real tensors, outside any tracing: it
    then calls its bundle straight away, sparing the dispatcher's work per
    call (the custom op is for graphs that are traced again)."""
    # Tensor subclasses (fake, functional) mean tracing; parameters do not.
    return (not torch.compiler.is_compiling()
            and _get_current_dispatch_mode() is None
            and all(type(a) in _PLAIN for a in args
                    if isinstance(a, torch.Tensor)))


_PLAIN = (torch.Tensor, torch.nn.Parameter)


_ops = {}


def _region_op(key, region):
    """The region as a torch.library custom op, molten::region_<key>_<way>: its
    tensor arguments, then its sizes (SymInts), each in placeholder order;
    a list of results. One op per region text and options (`key`) and way
    of calling it: which placeholders are tensors, and the layouts it
    takes and hands on (one text can serve a transpose inside a region
    and a permuted argument of another)."""
    imported = region.imported
    way = hashlib.sha256(repr((
        region.count, imported.tensor_inputs, imported.input_orders,
        imported.output_orders)).encode()).hexdigest()
    name = "molten::region_%s_%s" % (key[:16], way[:8])
    if name in _ops:
        return _ops[name]

    @torch.library.custom_op(name, mutates_args=())
    def op(tensors: list[torch.Tensor],
           sizes: list[int]) -> list[torch.Tensor]:
        return region.run(*region.merge(tensors, sizes))

    @op.register_fake
    def _(tensors, sizes):
        outs = region.graph_module(*region.merge(tensors, sizes))
        return [o.clone() for o in _as_list(outs)]

    _ops[name] = op
    return op


def _without_final_views(partition):
    """`partition` less the views that only make its results (a transpose,
    a slice, a reshape...): PyTorch makes those views of the region's
    result for free, where a region would copy the data."""
    def only_outside(node):
        return all(u not in partition.nodes for u in node.users)

    def removable(node):
        if not is_view(node):
            return False
        if node.target is operator.getitem:
            # A split's parts go together: a split left in the region
            # would be its result, which is no tensor.
            return all(only_outside(part) for part in node.args[0].users)
        return only_outside(node)

    changed = True
    while changed:
        changed = False
        for node in list(partition.nodes):
            if removable(node):
                partition.remove_node(node)
                changed = True
    return partition


def _view_methods():
    aten = torch.ops.aten
    return {aten.view.default: "view", aten.transpose.int: "transpose",
            aten.permute.default: "permute", aten.split.Tensor: "split",
            aten.unsqueeze.default: "unsqueeze", aten.expand.default: "expand",
            aten.t.default: "t"}


def _views_as_methods(graph):
    """The views left to PyTorch as Tensor methods: the same aten ops, but
    a graph calls a method in about half the host time of the op overload
    (which parses its arguments in Python), and prefill graphs call a dozen
    of them (a head split's views around attention)."""
    methods = _view_methods()
    for node in graph.nodes:
        if node.op == "call_function" and node.target in methods \
                and not node.kwargs:
            node.op, node.target = "call_method", methods[node.target]


def _forward_compiler(options):
    def compile_forward(gm, example_inputs):
        partitioner = CapabilityBasedPartitioner(
            gm, _Supported(), allows_single_node_partition=True)
        partitions = [p for p in map(_without_final_views,
                                     partitioner.propose_partitions())
                      if p.nodes]
        fused = partitioner.fuse_partitions(partitions)
        for node in list(fused.graph.nodes):
            if node.op != "call_module":
                continue
            sub = getattr(fused, node.target)
            ops = sorted({getattr(n.target, "__name__", str(n.target))
                          .split(".")[0] for n in sub.graph.nodes
                          if n.op == "call_function"})
            name = "molten_%s" % node.target
            try:
                imported = import_graph(sub, name)
            except Exception as e:  # noqa: BLE001 -- never fail the graph
                why = e if isinstance(e, UnsupportedError) else \
                    "%s: %s" % (type(e).__name__, e)
                _report.append("%s [%s]: not imported: %s"
                               % (name, " ".join(ops), why))
                continue
            data, how, key = _cached_bundle(imported.text, options)
            region = _Region(name, sub, imported, data)
            region.op = _region_op(key, region)
            if region.why:
                how += "; runs in PyTorch: %s" % region.why
            _report.append("%s [%s]: %s" % (name, " ".join(ops), how))
            setattr(fused, node.target, region)
        _views_as_methods(fused.graph)
        fused.recompile()
        return fused
    return compile_forward


def _cuda_graphs(forward, dynamo_input_count):
    """mode="reduce-overhead": the compiled inference graph recorded and
    replayed through PyTorch's CUDA graph trees, as inductor's own
    reduce-overhead does (parameters stay in place; a graph per shape), or
    run as it is where those would not apply (CPU tensors, a data-dependent
    size)."""
    from torch._dynamo.backends import cudagraphs as graphs
    from torch._inductor.compile_fx import get_static_input_idxs
    from torch._inductor.cudagraph_trees import cudagraphify_impl
    from torch._inductor.cudagraph_utils import get_placeholder_info
    from torch._inductor.utils import num_fw_fixed_arguments

    def compile_inference(gm, example_inputs):
        fixed = num_fw_fixed_arguments(dynamo_input_count, len(example_inputs))
        skip = graphs.check_for_skip(gm, fixed)
        # Read before partitioning: the regions hide the aten nodes.
        placeholders = get_placeholder_info(gm.graph)
        mutated = graphs.find_input_mutations(gm.graph)
        traces = graphs.get_stack_traces(gm)
        static = get_static_input_idxs(fixed)  # the parameters, in place
        inner = forward(gm, example_inputs)

        def compiled(args):
            # The boxed convention: the callee takes the list over and
            # empties it, so that the caller holds no references to the
            # inputs (CUDA graph trees assert that it is empty after the
            # call).
            inputs = list(args)
            args.clear()
            return inner(*inputs)
        compiled._boxed_call = True
        if skip:
            # Its first sentence; a stack trace follows.
            _report.append("CUDA graphs not used: %s"
                           % skip.split("Found from")[0].strip())
            return compiled
        replay = cudagraphify_impl(
            compiled, example_inputs, static,
            device_index=graphs.get_device_index(gm), is_backward=False,
            is_inference=True, stack_traces=traces,
            placeholders=placeholders, mutated_input_idxs=mutated)
        replay._boxed_call = True
        return replay
    return compile_inference


MODES = ("default", "reduce-overhead", "max-autotune",
         "max-autotune-no-cudagraphs")


def molten_backend(gm, example_inputs, options=None, mode=None):
    """The torch.compile backend (registered as "molten"). `options`: the
    compile options (a str, or torch.compile's options dict with the str
    under "compile"); `mode`: torch.compile's, where "reduce-overhead" and
    "max-autotune" replay CUDA graphs (the kernels are the same)."""
    if isinstance(options, dict):
        unknown = sorted(set(options) - {"compile"})
        if unknown:
            raise ValueError("molten backend: unknown options %s (it takes "
                             "'compile', a str of compile options)" % unknown)
        options = options.get("compile")
    options = options or os.environ.get("MOLTEN_COMPILE_OPTIONS") \
        or DEFAULT_OPTIONS
    if mode not in (None,) + MODES:
        raise ValueError("molten backend: mode %r is not one of %s"
                         % (mode, ", ".join(MODES)))
    forward = _forward_compiler(options)
    inference = forward
    if mode in ("reduce-overhead", "max-autotune"):
        # Inference graphs only: a training graph's saved activations
        # must not live in a replayed graph's memory.
        inference = _cuda_graphs(forward, len(example_inputs))
    return aot_autograd(fw_compiler=forward, inference_compiler=inference)(
        gm, example_inputs)


torch._dynamo.register_backend(molten_backend, name="molten")


def compile(fn, options=None, **torch_compile_kwargs):
    """torch.compile(fn, backend="molten"), with molten's compile options
    (as molten-to-gpu-pipeline takes them, e.g. "chip=sm_90a")."""
    def backend(gm, example_inputs, mode=None):
        return molten_backend(gm, example_inputs, options, mode)
    return torch.compile(fn, backend=backend, **torch_compile_kwargs)
