"""aten graphs (torch.fx, from Dynamo/AOTAutograd, inference) to molten IR.

    from molten.fx import import_graph, supported
    imported = import_graph(graph_module, name="layer")
    imported.text            # a func.func in the molten dialect
    imported.tensor_inputs   # which placeholders are its arguments

Each value's type comes from its node's meta["val"] (the fake tensor that
tracing recorded); a symbolic size (the token dimension under
dynamic=True) becomes `?`. `supported(node)` says whether a node can be
imported, for torch.fx's capability-based partitioner: what it rejects
stays in PyTorch. import_graph raises UnsupportedError, naming the node,
for anything it cannot import exactly; it never drops or approximates an
op. docs/python.md lists the ops.
"""

import math
import operator

__all__ = ["ImportedGraph", "UnsupportedError", "import_graph", "supported"]


class UnsupportedError(ValueError):
    """A node molten cannot import (the message says which and why)."""


class ImportedGraph:
    """The molten function of a graph: `text`, the indices of the
    placeholders that are its arguments (`tensor_inputs`; symbolic sizes are
    not), the number of results, and the order of dims in memory of each
    argument and result that the traced graph lays out permuted
    (`input_orders`, `output_orders`; None for the others): the function
    takes and makes those in memory order, so that the tensors the graph
    hands on keep the traced layouts and nothing copies them."""

    def __init__(self, text, tensor_inputs, num_results, input_orders=None,
                 output_orders=None):
        self.text = text
        self.tensor_inputs = tensor_inputs
        self.num_results = num_results
        self.input_orders = input_orders or [None] * len(tensor_inputs)
        self.output_orders = output_orders or [None] * num_results
        self._back = [None if order is None else _inverse(order)
                      for order in self.output_orders]

    def arguments(self, args):
        """The function's arguments from the graph's: its tensors, each
        permuted into the order the function takes it (a view; contiguous
        where the tensor's layout is the traced one)."""
        return [args[i] if order is None else args[i].permute(order)
                for i, order in zip(self.tensor_inputs, self.input_orders)]

    def results(self, outputs):
        """The graph's results from the function's: each permuted back
        into its traced layout (a view)."""
        return [o if back is None else o.permute(back)
                for o, back in zip(outputs, self._back)]


def _inverse(order):
    return sorted(range(len(order)), key=lambda d: order[d])


_INT64_MAX = 2**63 - 1


def _element_type(dtype):
    import torch
    names = {torch.float32: "f32", torch.float16: "f16",
             torch.bfloat16: "bf16", torch.bool: "i1"}
    if dtype not in names:
        raise UnsupportedError("dtype %s (molten has f32, f16, bf16, bool)"
                               % dtype)
    return names[dtype]


def _static(size):
    """An int for a size known when tracing, else None (symbolic)."""
    if isinstance(size, int):
        return size
    node = getattr(size, "node", None)
    value = node.maybe_as_int() if node is not None else None
    return value


def _tensor_type(val):
    dims = ["?" if _static(s) is None else str(_static(s)) for s in val.shape]
    return "tensor<%s>" % "x".join(dims + [_element_type(val.dtype)])


def _hint(size):
    """A size's value in the traced example (a symbolic one's hint)."""
    value = _static(size)
    if value is None:
        value = getattr(getattr(size, "node", None), "hint", None)
    return value if isinstance(value, int) else None


def _memory_order(val):
    """The dims of `val` from outermost to innermost in memory where that
    is not their order and `val` is dense in it, as PyTorch's attention
    keeps its output [batch, seq, heads, dim] but presents it as [batch,
    heads, seq, dim]; else None. The function then takes the tensor in
    memory order and permutes it back, and nothing copies it. Decided on
    the traced example's sizes: a call whose tensor is laid out otherwise
    has its permuted view copied by Bundle.run, which is only slower."""
    shape = [_hint(d) for d in val.shape]
    strides = [_hint(d) for d in val.stride()]
    if None in shape or None in strides:
        return None

    def dense(dims):
        step = 1
        for d in reversed(dims):
            if strides[d] != step:
                return False
            step *= shape[d]
        return True

    # Dims of size 1 have any stride: outermost, in their order.
    ones = [d for d in range(len(shape)) if shape[d] == 1]
    others = [d for d in range(len(shape)) if shape[d] != 1]
    in_memory = sorted(others, key=lambda d: -strides[d])
    if in_memory == others or not dense(in_memory):
        return None  # contiguous as it is, or not dense in any order
    return ones + in_memory


def _tensor_val(node):
    import torch
    val = node.meta.get("val") if hasattr(node, "meta") else None
    return val if isinstance(val, torch.Tensor) else None


# +inf and -inf of each float type, as MLIR's hexadecimal literals.
_INFINITIES = {"f32": ("0x7F800000", "0xFF800000"),
               "f16": ("0x7C00", "0xFC00"), "bf16": ("0x7F80", "0xFF80")}


def _float(value):
    """An MLIR float literal."""
    text = repr(float(value))
    if text in ("inf", "-inf", "nan"):
        raise UnsupportedError("the constant %s" % text)
    mantissa, e, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"  # MLIR's float literals have a point
    return mantissa + e + exponent


_UNARY = {
    "aten.neg.default": "neg", "aten.exp.default": "exp",
    "aten.log.default": "log", "aten.sqrt.default": "sqrt",
    "aten.rsqrt.default": "rsqrt", "aten.tanh.default": "tanh",
    "aten.sigmoid.default": "sigmoid", "aten.relu.default": "relu",
    "aten.erf.default": "erf", "aten.abs.default": "abs",
    "aten.silu.default": "silu",
}
_BINARY = {
    "aten.add.Tensor": "add", "aten.sub.Tensor": "sub",
    "aten.mul.Tensor": "mul", "aten.div.Tensor": "div",
    "aten.add.Scalar": "add", "aten.sub.Scalar": "sub",
    "aten.mul.Scalar": "mul", "aten.div.Scalar": "div",
    "aten.maximum.default": "max", "aten.minimum.default": "min",
    "aten.pow.Tensor_Scalar": "pow", "aten.pow.Tensor_Tensor": "pow",
}
_COMPARE = {"lt": "lt", "le": "le", "gt": "gt", "ge": "ge", "eq": "eq",
            "ne": "ne"}
_REDUCE = {"aten.sum.dim_IntList": "reduce_sum", "aten.mean.dim": "reduce_mean",
           "aten.amax.default": "reduce_max", "aten.amin.default": "reduce_min"}
# The value each fills with (full_like: its argument).
_FILLS = {"aten.zeros_like.default": 0.0, "aten.ones_like.default": 1.0,
          "aten.full_like.default": None}
_VIEWS = {"aten.view.default", "aten.reshape.default",
          "aten._unsafe_view.default", "aten.unsqueeze.default",
          "aten.squeeze.dim", "aten.squeeze.dims", "aten.clone.default",
          "aten.alias.default"}


# Ops PyTorch runs as views of their input, without a kernel.
_LAYOUT = (_VIEWS - {"aten.clone.default"}) | {
    "aten.transpose.int", "aten.t.default", "aten.permute.default",
    "aten.slice.Tensor", "aten.split.Tensor", "aten.split_with_sizes.default",
    "aten.expand.default", "aten.select.int"}


def _target(node):
    return str(node.target)


def is_view(node):
    """Whether PyTorch runs `node` as a view (no copy): a region need not
    compute it where it only makes a region result. A getitem is one only
    of a split's parts (of a layer norm's results it picks a value the
    region computes)."""
    if node.op != "call_function":
        return False
    if node.target is operator.getitem:
        return is_view(node.args[0])
    return _target(node) in _LAYOUT


class _Function:
    """Builds the function's body, one node at a time."""

    def __init__(self):
        self.lines = []
        self.values = {}   # fx node -> (SSA name, type, val)
        self.count = 0

    def fresh(self):
        self.count += 1
        return "%%v%d" % self.count

    def emit(self, val, text):
        """`%name = text`, for a result of fake tensor `val`."""
        name = self.fresh()
        self.lines.append("    %s = %s" % (name, text))
        return name, _tensor_type(val), val

    def transpose(self, name, type_, val, permutation):
        """`name` (of type `type_`) transposed to fake tensor `val`'s type:
        result dim i is dim permutation[i]."""
        return self.emit(val, "molten.transpose %s permutation = [%s] : %s -> %s"
                         % (name, ", ".join(map(str, permutation)), type_,
                            _tensor_type(val)))

    def constant(self, value, element):
        name = self.fresh()
        if element == "i1":
            literal = "true" if value else "false"
        elif math.isinf(value):
            # MLIR spells infinities by their bits (masked_fill's -inf).
            literal = _INFINITIES[element][value < 0]
        else:
            literal = _float(value)
        type_ = "tensor<%s>" % element
        self.lines.append("    %s = molten.constant dense<%s> : %s"
                          % (name, literal, type_))
        return name, type_

    def operand(self, arg, element):
        """(name, type) of a node's value, or of a Python number as a
        0-d constant of `element`, then cast to `element`."""
        import torch
        if isinstance(arg, (bool, int, float)):
            return self.constant(arg, element)
        if not isinstance(arg, torch.fx.Node) or arg not in self.values:
            raise UnsupportedError("operand %r" % (arg,))
        name, type_, val = self.values[arg]
        if _element_type(val.dtype) == element:
            return name, type_
        return self.cast(name, type_, element)

    def cast(self, name, type_, element):
        """`name` (of tensor type `type_`) as `element`s."""
        shape = type_[len("tensor<"):-1].split("x")[:-1]
        result = "tensor<%s>" % "x".join(shape + [element])
        new = self.fresh()
        self.lines.append("    %s = molten.cast %s : %s to %s"
                          % (new, name, type_, result))
        return new, result


def _dims(dims, rank):
    dims = [dims] if isinstance(dims, int) else list(dims)
    return sorted(d % rank for d in dims)


def _convert(fn, node):
    """Emits `node`; returns its (name, type, val), or for an op of several
    results a dict from the getitem index to that."""
    target = _target(node)
    if node.target is operator.getitem:
        results = fn.values[node.args[0]]
        if not isinstance(results, dict) or node.args[1] not in results:
            raise UnsupportedError("%s: result %r of %s" % (
                node.name, node.args[1], node.args[0].name))
        return results[node.args[1]]
    if target in _MULTI:
        return _MULTI[target](fn, node)
    val = _tensor_val(node)
    if val is None:
        raise UnsupportedError("%s: its result is not a tensor" % node.name)
    out = _element_type(val.dtype)
    args, kwargs = node.args, node.kwargs
    result = _tensor_type(val)

    def source(i=0):
        return fn.values[args[i]]

    if target in _UNARY:
        x, t = fn.operand(args[0], out)
        return fn.emit(val, "molten.%s %s : %s" % (_UNARY[target], x, t))
    if target == "aten.gelu.default":
        approximate = kwargs.get("approximate", "none")
        x, t = fn.operand(args[0], out)
        suffix = " approximate = tanh" if approximate == "tanh" else ""
        return fn.emit(val, "molten.gelu %s%s : %s" % (x, suffix, t))
    if target in _BINARY:
        if kwargs.get("alpha", 1) != 1 or len(args) > 2:
            raise UnsupportedError("%s: alpha" % node.name)
        a, ta = fn.operand(args[0], out)
        b, tb = fn.operand(args[1], out)
        return fn.emit(val, "molten.%s %s, %s : %s, %s"
                       % (_BINARY[target], a, b, ta, tb))
    op, _, overload = target.partition(".")[2].partition(".")
    if op in _COMPARE and overload in ("Tensor", "Scalar"):
        common = _element_type(_common_dtype(args))
        a, ta = fn.operand(args[0], common)
        b, tb = fn.operand(args[1], common)
        return fn.emit(val, "molten.compare %s, %s, %s : %s, %s"
                       % (_COMPARE[op], a, b, ta, tb))
    if target in ("aten.masked_fill.Scalar", "aten.masked_fill.Tensor"):
        # x with `value` where the mask is true: select(mask, value, x).
        x, tx = fn.operand(args[0], out)
        c, tc = fn.operand(args[1], "i1")
        value, tv = fn.operand(args[2], out)
        return fn.emit(val, "molten.select %s, %s, %s : %s, %s, %s"
                       % (c, value, x, tc, tv, tx))
    if target == "aten.where.self":
        c, tc = fn.operand(args[0], "i1")
        a, ta = fn.operand(args[1], out)
        b, tb = fn.operand(args[2], out)
        return fn.emit(val, "molten.select %s, %s, %s : %s, %s, %s"
                       % (c, a, b, tc, ta, tb))
    if target in ("aten._to_copy.default",
                  "prims.convert_element_type.default"):
        extra = set(kwargs) - {"dtype", "device", "layout"}
        if extra:
            raise UnsupportedError("%s: %s" % (node.name, sorted(extra)))
        name, type_, _ = source()
        if type_ == result:
            return name, type_, val
        return fn.emit(val, "molten.cast %s : %s to %s" % (name, type_,
                                                            result))
    if target in _REDUCE:
        name, type_, x = source()
        rank = x.dim()
        dims = args[1] if len(args) > 1 else kwargs.get("dim")
        if not dims:
            raise UnsupportedError("%s: a reduction over every dim"
                                   % node.name)
        dims = _dims(dims, rank)
        keepdim = args[2] if len(args) > 2 else kwargs.get("keepdim", False)
        if kwargs.get("dtype") is not None or x.dtype != val.dtype:
            raise UnsupportedError("%s: a reduction that casts" % node.name)
        return fn.emit(val, "molten.%s %s dims = [%s]%s : %s -> %s"
                       % (_REDUCE[target], name,
                          ", ".join(str(d) for d in dims),
                          " keepdim" if keepdim else "", type_, result))
    if target == "aten._softmax.default":
        name, type_, x = source()
        if args[2] or x.dtype != val.dtype:
            raise UnsupportedError("%s: half_to_float" % node.name)
        axis = args[1] % x.dim()
        return fn.emit(val, "molten.softmax %s axis = %d : %s"
                       % (name, axis, type_))
    if target == "aten.expand.default":
        return _expand(fn, node, val, result)
    if target in _VIEWS:
        name, type_, _ = source()
        if type_ == result:
            return name, type_, val
        return fn.emit(val, "molten.reshape %s : %s -> %s" % (name, type_,
                                                               result))
    if target in ("aten.permute.default", "aten.t.default",
                  "aten.transpose.int"):
        name, type_, x = source()
        permutation = _permutation(target, args, x.dim())
        return fn.transpose(name, type_, val, permutation)
    if target in ("aten.mm.default", "aten.bmm.default",
                  "aten.addmm.default"):
        return _matmul(fn, node, val, result)
    if target == "aten.slice.Tensor":
        return _slice(fn, node, val, result)
    if target == "aten.cat.default":
        tensors = args[0]
        dim = (args[1] if len(args) > 1 else kwargs.get("dim", 0)) % val.dim()
        parts = [fn.operand(t, out) for t in tensors]
        return fn.emit(val, "molten.concat %s dim = %d : %s -> %s"
                       % (", ".join(p[0] for p in parts), dim,
                          ", ".join(p[1] for p in parts), result))
    if target in ("aten.clamp.default", "aten.clamp_min.default",
                  "aten.clamp_max.default"):
        name, type_, _ = source()
        bounds = {"aten.clamp_min.default": (args[1], None),
                  "aten.clamp_max.default": (None, args[1])}.get(
                      target, (args[1] if len(args) > 1 else kwargs.get("min"),
                               args[2] if len(args) > 2 else kwargs.get("max")))
        low, high = bounds
        if low is not None and high is not None:
            return fn.emit(val, "molten.clamp %s min = %s max = %s : %s"
                           % (name, _float(low), _float(high), type_))
        # One bound: molten.clamp takes both, max/min take one.
        bound, bound_type = fn.constant(low if high is None else high, out)
        return fn.emit(val, "molten.%s %s, %s : %s, %s"
                       % ("max" if high is None else "min", name, bound,
                          type_, bound_type))
    if target == "aten.scalar_tensor.default":
        name, type_ = fn.constant(args[0], out)  # a 0-d tensor, as torch's
        return name, type_, val
    if target in _FILLS:
        value = args[1] if _FILLS[target] is None else _FILLS[target]
        # A 0-d constant: every use broadcasts it (a result must have the
        # node's type, which import_graph checks).
        name, type_ = fn.constant(value, out)
        return name, type_, val
    raise UnsupportedError("%s: %s is not supported" % (node.name, target))


def _size(fn, size, first):
    """An index value of symbolic size `size`: the dim of a value that has
    it, `first` (a node) looked at first."""
    candidates = [fn.values[first]] + list(fn.values.values())
    for entry in candidates:
        if not isinstance(entry, tuple):
            continue
        name, type_, val = entry
        for d, s in enumerate(val.shape):
            if _static(s) is None and str(s) == str(size):
                index, dim = fn.fresh(), fn.fresh()
                fn.lines.append("    %s = arith.constant %d : index"
                                % (index, d))
                fn.lines.append("    %s = tensor.dim %s, %s : %s"
                                % (dim, name, index, type_))
                return dim
    raise UnsupportedError("no value has the size %s" % size)


def _expand(fn, node, val, result):
    """expand: broadcast_to, each symbolic size of the result read off a
    value that has it (the input first: GQA's repeat_kv keeps the tokens
    dim)."""
    name, type_, x = fn.values[node.args[0]]
    if type_ == result:
        return name, type_, x  # to the shape it has
    sizes = [_size(fn, s, node.args[0]) for s in val.shape
             if _static(s) is None]
    operands = " [%s]" % ", ".join(sizes) if sizes else ""
    return fn.emit(val, "molten.broadcast_to %s%s : %s -> %s"
                   % (name, operands, type_, result))


def _common_dtype(args):
    """The dtype torch compares two operands in (the first is a tensor)."""
    import torch
    other = args[1]
    if isinstance(other, torch.fx.Node):
        other = _tensor_val(other)
    return torch.result_type(_tensor_val(args[0]), other)


def _permutation(target, args, rank):
    if target == "aten.t.default":
        return [1, 0] if rank == 2 else list(range(rank))
    if target == "aten.transpose.int":
        a, b = args[1] % rank, args[2] % rank
        perm = list(range(rank))
        perm[a], perm[b] = perm[b], perm[a]
        return perm
    return [d % rank for d in args[1]]


def _matmul(fn, node, val, result):
    """mm, bmm, addmm: an rhs that is the transpose of another value (an
    nn.Linear weight) is read as it is stored (transpose_rhs)."""
    import torch
    target = _target(node)
    args = node.args
    if target == "aten.addmm.default":
        if node.kwargs.get("beta", 1) != 1 or node.kwargs.get("alpha", 1) != 1:
            raise UnsupportedError("%s: beta or alpha" % node.name)
        bias, lhs, rhs = args[:3]
    else:
        bias, (lhs, rhs) = None, args[:2]
    out = _element_type(val.dtype)
    a, ta = fn.operand(lhs, out)
    transpose = ""
    rhs_val = _tensor_val(rhs)
    # (Only where the transpose's input is a value here: supported() sees
    # a node's own inputs alone.)
    if (isinstance(rhs, torch.fx.Node) and rhs_val is not None
            and rhs.args[0] in fn.values and _target(rhs) in ("aten.t.default", "aten.permute.default",
                                 "aten.transpose.int")
            and _permutation(_target(rhs), rhs.args, rhs_val.dim())
            == list(range(rhs_val.dim() - 2)) + [rhs_val.dim() - 1,
                                                 rhs_val.dim() - 2]):
        rhs, transpose = rhs.args[0], " transpose_rhs"
    b, tb = fn.operand(rhs, out)
    if bias is None:
        return fn.emit(val, "molten.matmul %s, %s%s : %s, %s -> %s"
                       % (a, b, transpose, ta, tb, result))
    product = fn.emit(val, "molten.matmul %s, %s%s : %s, %s -> %s"
                      % (a, b, transpose, ta, tb, result))
    c, tc = fn.operand(bias, out)
    return fn.emit(val, "molten.add %s, %s : %s, %s"
                   % (product[0], c, product[1], tc))


def _slice(fn, node, val, result):
    name, type_, x = fn.values[node.args[0]]
    args = list(node.args) + [None] * (5 - len(node.args))
    dim = (args[1] or 0) % x.dim()
    start, end, step = args[2] or 0, args[3], args[4] or 1
    size = _static(x.shape[dim])
    if not all(isinstance(v, int) for v in (start, step)) or step < 1 or \
            (end is not None and not isinstance(end, int)):
        raise UnsupportedError("%s: a slice with symbolic bounds" % node.name)
    if end is None:
        end = _INT64_MAX
    if size is None:
        # The token dim: only the whole of it.
        if start != 0 or end < _INT64_MAX or step != 1:
            raise UnsupportedError("%s: a part of a symbolic dim" % node.name)
        count = -1
    else:
        start, end, _ = slice(start, end, step).indices(size)
        count = max(0, (end - start + step - 1) // step)
    offsets, sizes, strides = [], [], []
    for d in range(x.dim()):
        whole = _static(x.shape[d])
        offsets.append(start if d == dim else 0)
        sizes.append(count if d == dim else (-1 if whole is None else whole))
        strides.append(step if d == dim else 1)
    join = lambda v: ", ".join(map(str, v))  # noqa: E731
    return fn.emit(val, "molten.slice %s offsets = [%s] sizes = [%s] "
                   "strides = [%s] : %s -> %s"
                   % (name, join(offsets), join(sizes), join(strides), type_,
                      result))


def _layer_norm(fn, node):
    """native_layer_norm over the last dim: its normalised result (the
    mean and rstd, for backward, are not made)."""
    x, shape, weight, bias, eps = node.args
    name, type_, val = fn.values[x]
    if len(shape) != 1:
        raise UnsupportedError("%s: over several dims" % node.name)
    out = _element_type(val.dtype)
    text = "molten.layer_norm %s" % name
    for word, arg in (("weight", weight), ("bias", bias)):
        if arg is not None:
            operand, operand_type = fn.operand(arg, out)
            text += " %s(%s : %s)" % (word, operand, operand_type)
    result = fn.emit(val, "%s eps = %s : %s" % (text, _float(eps), type_))
    return {0: result}


def _split(fn, node):
    """split and split_with_sizes: a slice per part."""
    import torch
    name, type_, x = fn.values[node.args[0]]
    dim = (node.args[2] if len(node.args) > 2 else 0) % x.dim()
    vals = node.meta["val"]
    results, start = {}, 0
    for index, part in enumerate(vals):
        size = _static(part.shape[dim])
        if size is None or _static(x.shape[dim]) is None:
            raise UnsupportedError("%s: a split of a symbolic dim" % node.name)
        sizes = [-1 if _static(d) is None else _static(d) for d in part.shape]
        offsets = [start if d == dim else 0 for d in range(x.dim())]
        results[index] = fn.emit(part, "molten.slice %s offsets = [%s] sizes "
                                 "= [%s] strides = [%s] : %s -> %s" % (
                                     name, ", ".join(map(str, offsets)),
                                     ", ".join(map(str, sizes)),
                                     ", ".join(["1"] * x.dim()), type_,
                                     _tensor_type(part)))
        start += size
    assert all(isinstance(v, torch.Tensor) for v in vals)
    return results


# Ops of several results: the handler, and the results molten makes.
_MULTI = {"aten.native_layer_norm.default": _layer_norm,
          "aten.split.Tensor": _split,
          "aten.split_with_sizes.default": _split}


def _made_results(node):
    if _target(node) == "aten.native_layer_norm.default":
        return {0}
    return set(range(len(node.meta.get("val", ()))))


def supported(node):
    """Whether `node` (a call_function of an aten graph) imports."""
    if node.op != "call_function":
        return False
    if node.target is operator.getitem:
        producer = node.args[0]
        return (_target(producer) in _MULTI and supported(producer)
                and node.args[1] in _made_results(producer))
    if _target(node) in _MULTI and not all(
            user.target is operator.getitem
            and user.args[1] in _made_results(node) for user in node.users):
        return False  # a result molten does not make is used
    fn = _Function()
    # Try it on stand-ins for its inputs: the importer is the one place
    # that knows what it takes.
    for arg in node.all_input_nodes:
        val = _tensor_val(arg)
        if val is None:
            continue  # a size (a view's symbolic shape): not an operand
        try:
            fn.values[arg] = ("%arg", _tensor_type(val), val)
        except UnsupportedError:
            return False
    try:
        _convert(fn, node)
    except (UnsupportedError, KeyError, IndexError, TypeError):
        return False
    return True


def import_graph(gm, name="graph"):
    """The molten function of GraphModule `gm`'s graph; UnsupportedError
    for a node it cannot import."""
    fn = _Function()
    params, tensor_inputs, orders, results, output_orders = [], [], [], [], []
    placeholders = [n for n in gm.graph.nodes if n.op == "placeholder"]
    for index, node in enumerate(placeholders):
        val = _tensor_val(node)
        if val is None:
            continue  # a symbolic size: the runtime reads it off the tensors
        arg = "%%arg%d" % len(params)
        type_ = _tensor_type(val)
        order = _memory_order(val)
        if order is None:
            params.append("%s: %s" % (arg, type_))
            fn.values[node] = (arg, type_, val)
        else:
            stored = _tensor_type(val.permute(order))
            params.append("%s: %s" % (arg, stored))
            fn.values[node] = fn.transpose(arg, stored, val, _inverse(order))
        tensor_inputs.append(index)
        orders.append(order)
    for node in gm.graph.nodes:
        if node.op in ("placeholder", "output"):
            continue
        if node.op != "call_function":
            raise UnsupportedError("%s: a %s node" % (node.name, node.op))
        fn.values[node] = _convert(fn, node)
    output = next(n for n in gm.graph.nodes if n.op == "output")
    outs = output.args[0]
    outs = list(outs) if isinstance(outs, (tuple, list)) else [outs]
    for out in outs:
        if not isinstance(fn.values.get(out), tuple):
            raise UnsupportedError("output %r is not a tensor of the graph"
                                   % (out,))
        value, type_, val = fn.values[out]
        if type_ != _tensor_type(val):
            raise UnsupportedError("output %s: a filled tensor" % out.name)
        order = _memory_order(val)
        if order is not None:
            value, type_, _ = fn.transpose(value, type_, val.permute(order),
                                           order)
        results.append((value, type_))
        output_orders.append(order)
    lines = ["func.func @%s(%s) -> (%s) {" % (name, ", ".join(params),
                                              ", ".join(r[1] for r in results))]
    lines += fn.lines
    lines.append("    return %s : %s" % (", ".join(r[0] for r in results),
                                         ", ".join(r[1] for r in results)))
    lines.append("}")
    return ImportedGraph("\n".join(lines) + "\n", tensor_inputs, len(results),
                         orders, output_orders)
