import * as assert from 'assert';
import rule from '../../../src/core/rules/tensor-shape-assert';
import { lintWith, ruleTester } from '../ruleTester';

const T = 'import torch\nfrom torch import Tensor\n';
const J = 'import torch\nfrom torch import Tensor\nfrom jaxtyping import Float, Int\n';

ruleTester(rule, {
  valid: [
    { name: 'no torch import', code: 'import numpy as np\n\ndef f(x: Tensor):\n    return x.view(-1)\n' },
    { name: 'decorated with @jaxtyped(typechecker=...)', code: `${J}from beartype import beartype\n\n@jaxtyped(typechecker=beartype)\ndef f(x: Float[Tensor, "b d"]):\n    return x.sum()\n` },
    { name: 'decorated with @jaxtyped', code: `${J}\n@jaxtyped\ndef f(x: Float[Tensor, "b d"]):\n    return x\n` },
    { name: 'decorated with @beartype', code: `${T}from beartype import beartype\n\n@beartype\ndef f(x: Tensor):\n    return x\n` },
    { name: 'decorated with @typechecked', code: `${T}from typeguard import typechecked\n\n@typechecked\ndef f(x: Tensor):\n    return x\n` },
    { name: 'methods of a @beartype class', code: `${T}\n@beartype\nclass M:\n    def f(self, x: Tensor):\n        return x\n` },
    { name: 'asserted with .shape ==', code: `${T}\ndef f(x: Tensor):\n    assert x.shape == (2, 3), x.shape\n    return x\n` },
    { name: 'asserted with .ndim', code: `${T}\ndef f(x: Tensor):\n    assert x.ndim == 2\n    return x\n` },
    { name: 'asserted with .dim()', code: `${T}\ndef f(x):\n    assert x.dim() == 2\n    return x.view(-1)\n` },
    { name: 'asserted with x.size(0) ==', code: `${T}\ndef f(x: Tensor, n: int):\n    assert x.size(0) == n\n    return x\n` },
    { name: 'asserted with len(x.shape) and x.shape[...]', code: `${T}\ndef f(x: Tensor, y: Tensor):\n    assert len(x.shape) == 3\n    assert y.shape[-1] == x.shape[-1]\n    return x @ y\n` },
    { name: 'checked by if ...: raise', code: `${T}\ndef f(x: Tensor):\n    if x.dim() != 2:\n        raise ValueError(f"expected 2-D input, got {x.dim()}-D")\n    return x\n` },
    { name: 'checked by torch._assert', code: `${T}\ndef f(x: Tensor):\n    torch._assert(x.dim() == 2, "2-D")\n    return x\n` },
    { name: 'nn.Module methods without tensor parameters', code: `${T}import torch.nn as nn\n\nclass M(nn.Module):\n    def __init__(self, dim: int):\n        super().__init__()\n        self.dim = dim\n\n    def extra_repr(self):\n        return f"dim={self.dim}"\n` },
    { name: 'parameters annotated as non-tensors', code: `${T}import numpy as np\nimport torch.nn as nn\n\ndef f(n: int, name: str, m: nn.Module, a: np.ndarray, xs: list[Tensor]):\n    return a.reshape(n, -1), m.weight.shape, xs[0].view(-1)\n` },
    { name: 'unannotated parameter not used as a tensor', code: `${T}\ndef f(x):\n    return x + 1\n` },
    { name: 'sizes and lists passed to torch are not tensors', code: `${T}\ndef f(n, xs, seed):\n    torch.manual_seed(seed)\n    return torch.zeros(n), torch.cat(xs, dim=0)\n` },
    { name: 'a stub body', code: `${T}\nclass Base(torch.nn.Module):\n    def forward(self, x: Tensor) -> Tensor:\n        """Runs the model."""\n        raise NotImplementedError\n\n    def loss(self, x: Tensor) -> Tensor: ...\n` },
    { name: '@overload signatures', code: `${T}from typing import overload\n\n@overload\ndef f(x: Tensor) -> Tensor:\n    return x\n` },
    { name: 'a parameter whose type the body tests is not assumed a tensor', code: `${T}from numbers import Real\n\ndef f(a):\n    if isinstance(a, Real):\n        a = torch.tensor(a)\n    return a.view(-1)\n` },
    { name: 'a lambda parameter shadows the outer name', code: `${T}\ndef f(x, ys):\n    return list(map(lambda x: x.view(-1), ys)) + [x]\n` },
    { name: 'checkUnannotated: false', code: `${T}\ndef f(x):\n    return x.view(-1)\n`, options: { checkUnannotated: false } },
    { name: 'ignorePrivate: true', code: `${T}\ndef _f(x: Tensor):\n    return x\n`, options: { ignorePrivate: true } },
    { name: 'type stubs are skipped', code: `${T}\ndef f(x: Tensor) -> Tensor:\n    return x\n`, path: 'pkg/module.pyi' },
    { name: 'jaxtyping over numpy arrays is not a tensor', code: `${J}import numpy as np\n\ndef f(a: Float[np.ndarray, "n d"]):\n    return a.reshape(-1)\n` },
    { name: 'a comprehension variable shadows the outer name', code: `${T}\ndef f(x, xs):\n    return [x.view(-1) for x in xs], x\n` },
    { name: 'a size-like parameter with a documented tuple is no tensor', code: `${T}\ndef make(size):\n    """size: (H, W) of the canvas"""\n    return torch.zeros(size)\n` },
    { name: 'checked by a check helper', code: `${T}\ndef mm(a, b):\n    check(a.dim() == 2 and b.dim() == 2, lambda: "2-D")\n    return a @ b\n` },
    { name: 'an all-number docstring tuple is a value, not a shape', code: `${T}\ndef f(pad):\n    """pad: (1, 2)"""\n    return pad[0]\n` },
    { name: 'suppressed on the def line', code: `${T}\ndef f(x: Tensor):  # mantra: ignore[tensor-shape-assert]\n    return x\n` },
  ],
  invalid: [
    {
      name: 'jaxtyping dims, names not in scope: ndim asserts and consistency asserts',
      code: `${J}\ndef attend(q: Float[Tensor, "b t d"], k: Float[Tensor, "b s d"]) -> Tensor:\n    return q @ k.transpose(1, 2)\n`,
      errors: [{ line: 5, column: 5, message: 'attend: assert the shapes of q, k (tensor parameters with no shape assert)' }],
      output: `${J}\ndef attend(q: Float[Tensor, "b t d"], k: Float[Tensor, "b s d"]) -> Tensor:\n    assert q.ndim == 3, q.shape\n    assert k.ndim == 3, k.shape\n    assert k.shape[0] == q.shape[0], (k.shape, q.shape)\n    assert k.shape[2] == q.shape[2], (k.shape, q.shape)\n    return q @ k.transpose(1, 2)\n`,
    },
    {
      name: 'jaxtyping dims that are parameters: a full shape assert',
      code: `${J}\ndef embed(ids: Int[torch.Tensor, "n"], table: Float[Tensor, "v d"], n: int, v: int, d: int):\n    return table[ids]\n`,
      errors: [{ line: 5, column: 5, message: 'embed: assert the shapes of ids, table (tensor parameters with no shape assert)' }],
      output: `${J}\ndef embed(ids: Int[torch.Tensor, "n"], table: Float[Tensor, "v d"], n: int, v: int, d: int):\n    assert ids.shape == (n,), ids.shape\n    assert table.shape == (v, d), table.shape\n    return table[ids]\n`,
    },
    {
      name: 'jaxtyping variadic and scalar dims',
      code: `${J}\ndef scale(x: Float[Tensor, "*batch d"], s: Float[Tensor, ""], d: int):\n    return x * s\n`,
      errors: [{ line: 5, message: 'scale: assert the shapes of x, s (tensor parameters with no shape assert)' }],
      output: `${J}\ndef scale(x: Float[Tensor, "*batch d"], s: Float[Tensor, ""], d: int):\n    assert x.ndim >= 1 and x.shape[-1] == d, x.shape\n    assert s.ndim == 0, s.shape\n    return x * s\n`,
    },
    {
      name: 'docstring dims (multi-line Google style); a shared prefix becomes one slice assert',
      code: `${T}\ndef masked_mean(x: Tensor, mask: Tensor) -> Tensor:\n    """Mean over time.\n\n    Args:\n        x (Tensor): shape (B, T, D)\n        mask: tensor of shape [B, T]\n    """\n    return (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)\n`,
      errors: [{ line: 4, column: 5, message: 'masked_mean: assert the shapes of x, mask (tensor parameters with no shape assert)' }],
      output: `${T}\ndef masked_mean(x: Tensor, mask: Tensor) -> Tensor:\n    """Mean over time.\n\n    Args:\n        x (Tensor): shape (B, T, D)\n        mask: tensor of shape [B, T]\n    """\n    assert x.ndim == 3, x.shape\n    assert mask.shape == x.shape[:2], (mask.shape, x.shape)\n    return (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)\n`,
    },
    {
      name: 'one-line docstring with dims',
      code: `${T}\ndef norm(x: Tensor):\n    """x: (N, 3) points."""\n    return x.norm(dim=-1)\n`,
      errors: [{ line: 4, message: 'norm: assert the shape of x (a tensor parameter with no shape assert)' }],
      output: `${T}\ndef norm(x: Tensor):\n    """x: (N, 3) points."""\n    assert x.ndim == 2 and x.shape[1] == 3, x.shape\n    return x.norm(dim=-1)\n`,
    },
    {
      name: 'docstring alternatives are ambiguous: a snippet',
      code: `${T}\ndef f(x: Tensor):\n    """x: (T, N, C) or (T, C)."""\n    return x\n`,
      errors: [{ line: 4 }],
      output: `${T}\ndef f(x: Tensor):\n    """x: (T, N, C) or (T, C)."""\n    assert x.shape == (\${1:dims}), x.shape\n    return x\n`,
    },
    {
      name: 'coordinate pairs and bare lowercase letters in a docstring are no shape claim',
      code: `${T}\ndef f(pos: Tensor, h: Tensor, g: Tensor):\n    """Args:\n        pos: (x, y) coordinates\n        h: (b, t) hidden\n        g: shape (b, t)\n    """\n    return pos, h, g\n`,
      errors: [{ line: 4, message: 'f: assert the shapes of pos, h, g (tensor parameters with no shape assert)' }],
      output: `${T}\ndef f(pos: Tensor, h: Tensor, g: Tensor):\n    """Args:\n        pos: (x, y) coordinates\n        h: (b, t) hidden\n        g: shape (b, t)\n    """\n    assert pos.shape == (\${1:dims}), pos.shape\n    assert h.shape == (\${2:dims}), h.shape\n    assert g.ndim == 2, g.shape\n    return pos, h, g\n`,
    },
    {
      name: 'shape comments on the parameter lines',
      code: `${T}\ndef project(\n    x,  # (B, T, D)\n    w,  # [D, E]\n):\n    return x @ w\n`,
      errors: [{ line: 4, column: 5, message: 'project: assert the shapes of x, w (tensor parameters with no shape assert)' }],
      output: `${T}\ndef project(\n    x,  # (B, T, D)\n    w,  # [D, E]\n):\n    assert x.ndim == 3, x.shape\n    assert w.ndim == 2, w.shape\n    assert w.shape[0] == x.shape[2], (w.shape, x.shape)\n    return x @ w\n`,
    },
    {
      name: 'a named shape comment in the body, B x T form',
      code: `${T}import torch.nn.functional as F\n\ndef f(logits, labels):\n    # logits: B x C\n    # labels: (B,)\n    return F.cross_entropy(logits, labels)\n`,
      errors: [{ line: 5, message: 'f: assert the shapes of logits, labels (tensor parameters with no shape assert)' }],
      output: `${T}import torch.nn.functional as F\n\ndef f(logits, labels):\n    assert logits.ndim == 2, logits.shape\n    assert labels.ndim == 1, labels.shape\n    assert labels.shape[0] == logits.shape[0], (labels.shape, logits.shape)\n    # logits: B x C\n    # labels: (B,)\n    return F.cross_entropy(logits, labels)\n`,
    },
    {
      name: 'literal and module-constant dims give partial asserts',
      code: `${T}\nD_MODEL = 512\n\ndef f(img: Tensor, h: Tensor):\n    """Args:\n    img: (B, 3, H, W)\n    h: (B, D_MODEL)\n    """\n    return img, h\n`,
      errors: [{ line: 6 }],
      output: `${T}\nD_MODEL = 512\n\ndef f(img: Tensor, h: Tensor):\n    """Args:\n    img: (B, 3, H, W)\n    h: (B, D_MODEL)\n    """\n    assert img.ndim == 4 and img.shape[1] == 3, img.shape\n    assert h.ndim == 2 and h.shape[1] == D_MODEL, h.shape\n    assert h.shape[0] == img.shape[0], (h.shape, img.shape)\n    return img, h\n`,
    },
    {
      name: 'unknown rank: a snippet with numbered tab stops',
      code: `${T}\ndef f(x: Tensor, y: torch.FloatTensor):\n    return x + y\n`,
      errors: [{ line: 4, column: 5, message: 'f: assert the shapes of x, y (tensor parameters with no shape assert)' }],
      output: `${T}\ndef f(x: Tensor, y: torch.FloatTensor):\n    assert x.shape == (\${1:dims}), x.shape\n    assert y.shape == (\${2:dims}), y.shape\n    return x + y\n`,
    },
    {
      name: 'forward of an nn.Module, self skipped',
      code: `${T}import torch.nn as nn\n\nclass Block(nn.Module):\n    def forward(self, x: Tensor) -> Tensor:\n        return self.proj(x)\n`,
      errors: [{ line: 6, column: 9, message: 'forward: assert the shape of x (a tensor parameter with no shape assert)' }],
      output: `${T}import torch.nn as nn\n\nclass Block(nn.Module):\n    def forward(self, x: Tensor) -> Tensor:\n        assert x.shape == (\${1:dims}), x.shape\n        return self.proj(x)\n`,
    },
    {
      name: 'optional tensors: None passes the assert',
      code: `${T}from typing import Optional\n\ndef f(x: Tensor, mask: Optional[Tensor] = None, bias=None):\n    """x: (B, T)\n    mask: (B, T)\n    """\n    if bias is not None:\n        x = x + bias.view(1, -1)\n    return x if mask is None else x * mask\n`,
      errors: [{ line: 5, message: 'f: assert the shapes of x, mask, bias (tensor parameters with no shape assert)' }],
      output: `${T}from typing import Optional\n\ndef f(x: Tensor, mask: Optional[Tensor] = None, bias=None):\n    """x: (B, T)\n    mask: (B, T)\n    """\n    assert x.ndim == 2, x.shape\n    assert bias is None or bias.shape == (\${1:dims}), bias.shape\n    assert mask is None or mask.shape == x.shape, (mask.shape, x.shape)\n    if bias is not None:\n        x = x + bias.view(1, -1)\n    return x if mask is None else x * mask\n`,
    },
    {
      name: 'only the unchecked parameters are listed',
      code: `${T}\ndef f(x: Tensor, y: Tensor):\n    """y: (N,)"""\n    assert x.ndim == 2, x.shape\n    return x @ y\n`,
      errors: [{ line: 4, message: 'f: assert the shape of y (a tensor parameter with no shape assert)' }],
      output: `${T}\ndef f(x: Tensor, y: Tensor):\n    """y: (N,)"""\n    assert y.ndim == 1, y.shape\n    assert x.ndim == 2, x.shape\n    return x @ y\n`,
    },
    {
      name: 'a shape only in the assert message is no check',
      code: `${T}\ndef f(x: Tensor, ok: bool):\n    assert ok, x.shape\n    return x\n`,
      errors: [{ line: 4, message: /assert the shape of x/ }],
    },
    {
      name: 'unannotated parameters used as tensors (.view, torch.*, F.*, @)',
      code: `${T}import torch.nn.functional as F\n\ndef f(a, b, c, d, n):\n    h = a.view(n, -1) @ b\n    return torch.relu(h) + F.gelu(c) + torch.matmul(h, d)\n`,
      errors: [{ line: 5, message: 'f: assert the shapes of a, b, c, d (tensor parameters with no shape assert)' }],
    },
    {
      name: 'nested functions: each flagged for its own parameters; rank from an unpacking, dims from the enclosing scope',
      code: `${T}\ndef outer(x: Tensor):\n    B, T = x.shape\n\n    def inner(y: Tensor):\n        """y: (B, T)"""\n        return y * 2\n\n    return inner(x)\n`,
      errors: [
        { line: 4, column: 5, message: 'outer: assert the shape of x (a tensor parameter with no shape assert)' },
        { line: 7, column: 9, message: 'inner: assert the shape of y (a tensor parameter with no shape assert)' },
      ],
      output: `${T}\ndef outer(x: Tensor):\n    assert x.ndim == 2, x.shape\n    B, T = x.shape\n\n    def inner(y: Tensor):\n        """y: (B, T)"""\n        assert y.shape == (B, T), y.shape\n        return y * 2\n\n    return inner(x)\n`,
    },
    {
      name: 'unannotated parameters documented with shapes are tensors; slices of a shared run',
      code: `${T}\ndef apply_rotary(q, k, cos, sin):\n    """Apply rotary embeddings.\n\n    Args:\n        q: (batch, heads, seq, dim)\n        k: (batch, heads, seq, dim)\n        cos: (seq, dim)\n        sin: (seq, dim)\n    """\n    return q * cos + k * sin\n`,
      errors: [{ line: 4, message: 'apply_rotary: assert the shapes of q, k, cos, sin (tensor parameters with no shape assert)' }],
      output: `${T}\ndef apply_rotary(q, k, cos, sin):\n    """Apply rotary embeddings.\n\n    Args:\n        q: (batch, heads, seq, dim)\n        k: (batch, heads, seq, dim)\n        cos: (seq, dim)\n        sin: (seq, dim)\n    """\n    assert q.ndim == 4, q.shape\n    assert k.shape == q.shape, (k.shape, q.shape)\n    assert cos.shape == q.shape[2:], (cos.shape, q.shape)\n    assert sin.shape == q.shape[2:], (sin.shape, q.shape)\n    return q * cos + k * sin\n`,
    },
    {
      name: 'an unpacking after control flow or a rebinding gives no rank',
      code: `${T}\ndef f(x, y):\n    if x.numel() == 0:\n        return x\n    B, T = x.shape\n    y = y.float()\n    N, D = y.size()\n    return x.view(B * T), y\n`,
      errors: [{ line: 4, message: 'f: assert the shapes of x, y (tensor parameters with no shape assert)' }],
      output: `${T}\ndef f(x, y):\n    assert x.shape == (\${1:dims}), x.shape\n    assert y.shape == (\${2:dims}), y.shape\n    if x.numel() == 0:\n        return x\n    B, T = x.shape\n    y = y.float()\n    N, D = y.size()\n    return x.view(B * T), y\n`,
    },
    {
      name: 'a name the function rebinds is not in scope at its top',
      code: `${T}\nD = 4\n\ndef f(x: Tensor):\n    """x: (D,)"""\n    D = x.shape[0]\n    return x / D\n`,
      errors: [{ line: 6 }],
      output: `${T}\nD = 4\n\ndef f(x: Tensor):\n    """x: (D,)"""\n    assert x.ndim == 1, x.shape\n    D = x.shape[0]\n    return x / D\n`,
    },
    {
      name: 'attribute dims assigned in __init__',
      code: `${T}\nclass Head(torch.nn.Module):\n    def __init__(self, d: int):\n        super().__init__()\n        self.d = d\n\n    def forward(self, x: Tensor):\n        """x: (2, self.d)"""\n        return x\n`,
      errors: [{ line: 9, column: 9, message: /forward: assert the shape of x/ }],
      output: `${T}\nclass Head(torch.nn.Module):\n    def __init__(self, d: int):\n        super().__init__()\n        self.d = d\n\n    def forward(self, x: Tensor):\n        """x: (2, self.d)"""\n        assert x.shape == (2, self.d), x.shape\n        return x\n`,
    },
    {
      name: 'async def',
      code: `${J}\nasync def step(x: Float[Tensor, "b d"], b: int, d: int):\n    return x\n`,
      errors: [{ line: 5, column: 11, message: 'step: assert the shape of x (a tensor parameter with no shape assert)' }],
      output: `${J}\nasync def step(x: Float[Tensor, "b d"], b: int, d: int):\n    assert x.shape == (b, d), x.shape\n    return x\n`,
    },
    {
      name: 'CRLF line endings are kept',
      code: 'import torch\r\nfrom torch import Tensor\r\n\r\ndef f(x: Tensor):\r\n    """Doc.\r\n\r\n    x: (N, 2)\r\n    """\r\n    return x\r\n',
      errors: [{ line: 4 }],
      output: 'import torch\r\nfrom torch import Tensor\r\n\r\ndef f(x: Tensor):\r\n    """Doc.\r\n\r\n    x: (N, 2)\r\n    """\r\n    assert x.ndim == 2 and x.shape[1] == 2, x.shape\r\n    return x\r\n',
    },
    {
      name: 'tab indentation is kept',
      code: `${T}\nclass M(torch.nn.Module):\n\tdef forward(self, x: Tensor):\n\t\t# x: (B, 8)\n\t\treturn x\n`,
      errors: [{ line: 5, column: 6 }],
      output: `${T}\nclass M(torch.nn.Module):\n\tdef forward(self, x: Tensor):\n\t\tassert x.ndim == 2 and x.shape[1] == 8, x.shape\n\t\t# x: (B, 8)\n\t\treturn x\n`,
    },
    {
      name: 'body on the def line: flagged without a fix',
      code: `${T}\ndef f(x: Tensor): return x\n`,
      errors: [{ line: 4, column: 5, message: 'f: assert the shape of x (a tensor parameter with no shape assert)' }],
      output: null,
    },
    {
      name: 'a one-line body returning x + 1 is still flagged',
      code: `${T}\ndef inc(x: Tensor) -> Tensor:\n    return x + 1\n`,
      errors: [{ line: 4, message: /inc: assert the shape of x/ }],
    },
    {
      name: 'Optional and union annotations, string annotations',
      code: `${T}from typing import Optional, Union\n\ndef f(a: "torch.Tensor", b: Tensor | None, c: Union[None, Tensor], d: Union[Tensor, float]):\n    return a\n`,
      errors: [{ line: 5, message: 'f: assert the shapes of a, b, c (tensor parameters with no shape assert)' }],
    },
    {
      name: 'a shape in the message argument of a check helper is no check',
      code: `${T}\ndef f(x: Tensor, ok: bool):\n    torch._check(ok, lambda: f"bad {x.shape}")\n    return x\n`,
      errors: [{ line: 4, message: /assert the shape of x/ }],
    },
    {
      name: 'an indexed run around an ellipsis is variadic',
      code: `${T}\ndef mesh(vertices: Tensor, faces: Tensor):\n    """Args:\n        vertices: Tensor of shape \`[dim_1, ..., dim_n, 3]\`\n        faces: Tensor of shape \`[dim_1, ..., dim_n, 3]\`\n    """\n    return vertices, faces\n`,
      errors: [{ line: 4 }],
      output: `${T}\ndef mesh(vertices: Tensor, faces: Tensor):\n    """Args:\n        vertices: Tensor of shape \`[dim_1, ..., dim_n, 3]\`\n        faces: Tensor of shape \`[dim_1, ..., dim_n, 3]\`\n    """\n    assert vertices.ndim >= 1 and vertices.shape[-1] == 3, vertices.shape\n    assert faces.ndim >= 1 and faces.shape[-1] == 3, faces.shape\n    return vertices, faces\n`,
    },
    {
      name: 'acceptRaise: false counts neither if ...: raise nor check helpers',
      code: `${T}\ndef f(x: Tensor):\n    if x.dim() != 2:\n        raise ValueError("2-D")\n    return x\n\ndef g(x: Tensor):\n    check(x.dim() == 2)\n    return x\n`,
      options: { acceptRaise: false },
      errors: [{ line: 4 }, { line: 9 }],
    },
    {
      name: 'an annotated self of a free function is a tensor; a method receiver and staticmethods',
      code: `${T}\ndef addcmul(self: Tensor, t: Tensor):\n    return self + t\n\nclass K:\n    def f(this, x: Tensor):\n        return x\n\n    @staticmethod\n    def g(x: Tensor):\n        return x\n`,
      errors: [
        { line: 4, message: 'addcmul: assert the shapes of self, t (tensor parameters with no shape assert)' },
        { line: 8, message: 'f: assert the shape of x (a tensor parameter with no shape assert)' },
        { line: 12, message: 'g: assert the shape of x (a tensor parameter with no shape assert)' },
      ],
    },
    {
      name: 'other decorators do not silence it; a None check makes the assert optional',
      code: `${T}\n@torch.no_grad()\ndef f(x, mask):\n    if mask is not None:\n        x = x.masked_fill(mask, 0)\n    return torch.relu(x), torch.where(mask, x, x)\n`,
      errors: [{ line: 5, column: 5, message: 'f: assert the shapes of x, mask (tensor parameters with no shape assert)' }],
      output: `${T}\n@torch.no_grad()\ndef f(x, mask):\n    assert x.shape == (\${1:dims}), x.shape\n    assert mask is None or mask.shape == (\${2:dims}), mask.shape\n    if mask is not None:\n        x = x.masked_fill(mask, 0)\n    return torch.relu(x), torch.where(mask, x, x)\n`,
    },
    {
      name: 'torchtyping TensorType is a tensor',
      code: `${T}from torchtyping import TensorType\n\ndef f(x: TensorType["b", "d"]):\n    return x\n`,
      errors: [{ line: 5, message: /f: assert the shape of x/ }],
    },
    {
      name: 'a suppression for another rule does not apply',
      code: `${T}\ndef f(x: Tensor):  # mantra: ignore[no-try-except]\n    return x\n`,
      errors: [{ line: 4 }],
    },
  ],
});

describe('tensor-shape-assert fixes', () => {
  it('is safe when every assert comes from an explicit claim, a snippet otherwise', () => {
    const known = lintWith(rule, `${J}\ndef f(x: Float[Tensor, "b d"]):\n    return x\n`);
    assert.strictEqual(known[0].fix?.safe, true);
    assert.strictEqual(known[0].fix?.snippet, undefined);
    assert.strictEqual(known[0].fix?.title, 'Insert shape asserts');
    const unknown = lintWith(rule, `${T}\ndef f(x: Tensor):\n    return x\n`);
    assert.strictEqual(unknown[0].fix?.safe, false);
    assert.strictEqual(unknown[0].fix?.snippet, true);
  });

  it('the catalog example is what the fix produces', () => {
    const { flagged, fixed } = rule.meta.example;
    const findings = lintWith(rule, flagged);
    assert.strictEqual(findings.length, 1);
    const e = findings[0].fix!.edits[0];
    assert.strictEqual(flagged.slice(0, e.start) + e.text + flagged.slice(e.end), fixed);
  });
});
