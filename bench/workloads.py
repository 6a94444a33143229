"""The benchmark set: each workload as a molten program template and the
same math in PyTorch (the eager baseline, also compiled by torch.compile).

A template's {H} is the hidden size and {T} the element type (f32 or bf16).
The PyTorch versions follow common model code: statistics in float32, one
cast back at the end.
"""

EPS = 1e-5

PROGRAMS = {
    "rms_norm": """
func.func @rms_norm(%x: tensor<?x{H}x{T}>, %w: tensor<{H}x{T}>) -> tensor<?x{H}x{T}> {
  %y = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x{H}x{T}>, tensor<{H}x{T}>
  return %y : tensor<?x{H}x{T}>
}""",
    "rms_norm_silu_gate": """
func.func @rms_norm_silu_gate(%x: tensor<?x{H}x{T}>, %gate: tensor<?x{H}x{T}>, %w: tensor<{H}x{T}>) -> tensor<?x{H}x{T}> {
  %n = molten.rms_norm %x, %w eps = 1.0e-05 : tensor<?x{H}x{T}>, tensor<{H}x{T}>
  %g = molten.silu %gate : tensor<?x{H}x{T}>
  %y = molten.mul %g, %n : tensor<?x{H}x{T}>, tensor<?x{H}x{T}>
  return %y : tensor<?x{H}x{T}>
}""",
    "softmax": """
func.func @softmax(%x: tensor<?x{H}x{T}>) -> tensor<?x{H}x{T}> {
  %y = molten.softmax %x : tensor<?x{H}x{T}>
  return %y : tensor<?x{H}x{T}>
}""",
    "layer_norm": """
func.func @layer_norm(%x: tensor<?x{H}x{T}>, %w: tensor<{H}x{T}>, %b: tensor<{H}x{T}>) -> tensor<?x{H}x{T}> {
  %y = molten.layer_norm %x weight(%w : tensor<{H}x{T}>) bias(%b : tensor<{H}x{T}>) eps = 1.0e-05 : tensor<?x{H}x{T}>
  return %y : tensor<?x{H}x{T}>
}""",
    "gelu_bias": """
func.func @gelu_bias(%x: tensor<?x{H}x{T}>, %b: tensor<{H}x{T}>) -> tensor<?x{H}x{T}> {
  %h = molten.add %x, %b : tensor<?x{H}x{T}>, tensor<{H}x{T}>
  %y = molten.gelu %h approximate = tanh : tensor<?x{H}x{T}>
  return %y : tensor<?x{H}x{T}>
}""",
    "residual_rms_norm": """
func.func @residual_rms_norm(%x: tensor<?x{H}x{T}>, %r: tensor<?x{H}x{T}>, %w: tensor<{H}x{T}>) -> (tensor<?x{H}x{T}>, tensor<?x{H}x{T}>) {
  %h = molten.add %x, %r : tensor<?x{H}x{T}>, tensor<?x{H}x{T}>
  %y = molten.rms_norm %h, %w eps = 1.0e-05 : tensor<?x{H}x{T}>, tensor<{H}x{T}>
  return %h, %y : tensor<?x{H}x{T}>, tensor<?x{H}x{T}>
}""",
    # RoPE on [tokens, heads, 128]: H is heads * 128.
    "rope": """
func.func @rope(%x: tensor<?x{HEADS}x128x{T}>, %cos: tensor<?x1x128x{T}>, %sin: tensor<?x1x128x{T}>) -> tensor<?x{HEADS}x128x{T}> {
  %y = molten.rope %x, %cos, %sin : tensor<?x{HEADS}x128x{T}>, tensor<?x1x128x{T}>
  return %y : tensor<?x{HEADS}x128x{T}>
}""",
}


def program(name, hidden, dtype):
    text = PROGRAMS[name]
    return (text.replace("{HEADS}", str(hidden // 128))
            .replace("{H}", str(hidden)).replace("{T}", dtype))


# --- PyTorch versions (imported lazily on the GPU machine) -----------------

def torch_fns():
    import torch
    import torch.nn.functional as F

    def rms(x, w):
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + EPS) * w.float()).to(x.dtype)

    def rms_norm(x, w):
        return rms(x, w)

    def rms_norm_silu_gate(x, gate, w):
        return (F.silu(gate.float()) * rms(x, w).float()).to(x.dtype)

    def softmax(x):
        return torch.softmax(x.float(), dim=-1).to(x.dtype)

    def layer_norm(x, w, b):
        return F.layer_norm(x.float(), (x.shape[-1],), w.float(), b.float(), EPS).to(x.dtype)

    def gelu_bias(x, b):
        h = (x + b).float()
        return F.gelu(h, approximate="tanh").to(x.dtype)

    def residual_rms_norm(x, r, w):
        h = x + r
        return h, rms(h, w)

    def rope(x, cos, sin):
        xf = x.float()
        half = x.shape[-1] // 2
        rot = torch.cat((-xf[..., half:], xf[..., :half]), dim=-1)
        return (xf * cos.float() + rot * sin.float()).to(x.dtype)

    return {
        "rms_norm": rms_norm, "rms_norm_silu_gate": rms_norm_silu_gate,
        "softmax": softmax, "layer_norm": layer_norm, "gelu_bias": gelu_bias,
        "residual_rms_norm": residual_rms_norm, "rope": rope,
    }


def make_inputs(name, rows, hidden, dtype, gen):
    """Random inputs on the GPU (never zeros)."""
    import torch
    t = {"f32": torch.float32, "bf16": torch.bfloat16}[dtype]
    dev = "cuda"

    def randn(*shape):
        return torch.randn(*shape, generator=gen, device=dev, dtype=torch.float32).to(t)

    if name == "rope":
        heads = hidden // 128
        angles = torch.rand(rows, 1, 64, generator=gen, device=dev) * 6.2831853
        angles = torch.cat((angles, angles), dim=-1)
        return [randn(rows, heads, 128), angles.cos().to(t), angles.sin().to(t)]
    x = randn(rows, hidden)
    vec = lambda: 1 + 0.1 * randn(hidden)
    return {
        "rms_norm": lambda: [x, vec()],
        "rms_norm_silu_gate": lambda: [x, randn(rows, hidden), vec()],
        "softmax": lambda: [x * 4],
        "layer_norm": lambda: [x, vec(), 0.1 * randn(hidden)],
        "gelu_bias": lambda: [x, 0.1 * randn(hidden)],
        "residual_rms_norm": lambda: [x, randn(rows, hidden), vec()],
    }[name]()
