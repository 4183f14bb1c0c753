import rule from '../../../src/core/rules/torch-for-loop';
import { ruleTester } from '../ruleTester';

const T = 'import torch\n\n';
const INDEX = /^for-loop over .* handles one element of '.*' per iteration: use one batched tensor op over that dimension$/;
const ROWS = /^for-loop over the rows of tensor '.*': use one batched tensor op instead of a Python loop$/;

ruleTester(rule, {
  valid: [
    { name: 'a file without torch', code: 'def f(x):\n    for i in range(x.shape[0]):\n        x[i] = 0\n' },
    { name: 'a training loop over a loader', code: T + 'for x, y in train_loader:\n    loss = crit(model(x), y)\n    loss.backward()\n    opt.step()\n' },
    { name: 'a loop calling backward and zero_grad', code: T + 'def train(x):\n    for i in range(x.shape[0]):\n        opt.zero_grad()\n        crit(model(x[i])).backward()\n' },
    { name: 'epochs and steps', code: T + 'def run(x):\n    for epoch in range(num_epochs):\n        run_epoch(x[epoch])\n    for s in range(n_steps):\n        x[s] = 0\n' },
    { name: 'data loops: batches and datasets', code: T + 'def run(x):\n    outs = []\n    for b in batches:\n        outs.append(model(b))\n    for i in range(len(dataset)):\n        show(dataset[i])\n    return torch.cat(outs)\n' },
    { name: 'module loops', code: T + 'class Net(nn.Module):\n    def forward(self, x: torch.Tensor):\n        for layer in self.layers:\n            x = layer(x)\n        for i in range(len(self.blocks)):\n            x = self.blocks[i](x)\n        for name, param in self.named_parameters():\n            print(name)\n        for m in self.children():\n            print(m)\n        return x\n' },
    { name: 'range(len(x)) of a list', code: T + 'def f(names):\n    for i in range(len(names)):\n        print(names[i])\n' },
    { name: 'range(len(x)) of a list literal', code: T + 'def f():\n    xs = [1, 2]\n    for i in range(len(xs)):\n        print(xs[i])\n' },
    { name: 'a loop over dimensions', code: T + 'def f(x: torch.Tensor):\n    for d in range(len(x.shape)):\n        print(x.shape[d])\n    for d in range(x.dim()):\n        print(x.shape[d])\n' },
    { name: 'a range loop that indexes nothing', code: T + 'def f(x: torch.Tensor):\n    for i in range(x.shape[0]):\n        print(i)\n' },
    { name: 'a recurrence: RNN steps', code: T + 'def rnn(x: torch.Tensor, h):\n    for t in range(x.shape[1]):\n        h = cell(x[:, t], h)\n    return h\n' },
    { name: 'a recurrence through i - 1', code: T + 'def cumulative(x: torch.Tensor):\n    for i in range(1, x.shape[0]):\n        x[i] = x[i - 1] * 0.9 + x[i]\n' },
    { name: 'chunked loops', code: T + 'def f(x: torch.Tensor):\n    outs = []\n    for i in range(0, x.shape[0], 1024):\n        outs.append(model(x[i:i + 1024]))\n    for chunk in x.split(1024):\n        outs.append(model(chunk))\n    return torch.cat(outs)\n' },
    { name: 'a generator yields one item at a time', code: T + 'def it(x: torch.Tensor):\n    for row in x:\n        yield row\n' },
    { name: 'iterating a list annotated List[Tensor]', code: T + 'def f(xs: List[torch.Tensor]):\n    for x in xs:\n        print(x)\n' },
    { name: 'torch calls that return tuples or modules', code: T + 'def f(x):\n    parts = torch.split(x, 2)\n    for p in parts:\n        print(p)\n    for v in torch.unbind(x):\n        print(v)\n' },
    { name: 'stacking a list of objects per item', code: T + 'def check(value, constraints):\n    checks = []\n    for c in constraints:\n        checks.append(c.check(value))\n    return torch.cat(checks)\n' },
    { name: 'printing or formatting each row', code: T + 'def show(x: torch.Tensor):\n    for row in x:\n        print(row)\n    for v in x:\n        s = "{:.2f}".format(v)\n    for i in range(x.shape[0]):\n        log.info(f"row {i}: {x[i]}")\n' },
    { name: 'suppressed', code: T + 'def f(x: torch.Tensor):\n    for row in x:  # mantra: ignore[torch-for-loop]\n        update(row)\n' },
  ],
  invalid: [
    {
      name: 'range(len(t)) of an annotated tensor',
      code: T + 'def f(t: torch.Tensor):\n    out = torch.zeros_like(t)\n    for i in range(len(t)):\n        out[i] = t[i] * 2\n    return out\n',
      errors: [{ line: 5, column: 5, message: "for-loop over range(len(t)) handles one element of 't' per iteration: use one batched tensor op over that dimension" }],
      output: null,
    },
    {
      name: 'range(len(x)) of an unknown x that writes a torch-made tensor',
      code: T + 'def f(x):\n    y = torch.zeros(10)\n    for i in range(len(x)):\n        y[i] = x[i] + 1\n',
      errors: [{ line: 5, message: INDEX }],
    },
    {
      name: 'range(t.shape[k]) and range(t.size(k))',
      code: T + 'def f(x, y):\n    for i in range(x.shape[0]):\n        x[i] += 1\n    for j in range(y.size(1)):\n        y[:, j] *= 2\n',
      errors: [{ line: 4, message: "for-loop over range(x.shape[0]) handles one element of 'x' per iteration: use one batched tensor op over that dimension" }, { line: 6, message: /range\(y\.size\(1\)\) handles one element of 'y'/ }],
    },
    {
      name: 'range(t.size()[0]), two-argument range',
      code: T + 'def q(x, scale):\n    y = torch.zeros(x.size())\n    for i in range(0, x.size()[0]):\n        y[i, :] = torch.round(x[i, :] / scale[i])\n    return y\n',
      errors: [{ line: 5, message: INDEX }],
    },
    {
      name: 'range(B) with B unpacked from the shape',
      code: T + 'def f(x):\n    B, T, D = x.shape\n    for b in range(B):\n        x[b] = x[b] / x[b].norm()\n',
      errors: [{ line: 5, column: 5, message: "for-loop over range(B) handles one element of 'x' per iteration: use one batched tensor op over that dimension" }],
    },
    {
      name: 'for row in a parameter annotated Tensor',
      code: T + 'from torch import Tensor\n\ndef f(x: Tensor):\n    total = 0\n    for row in x:\n        total += row.sum()\n    return total\n',
      errors: [{ line: 7, column: 5, message: "for-loop over the rows of tensor 'x': use one batched tensor op instead of a Python loop" }],
      output: null,
    },
    {
      name: 'for row in a name assigned from a torch call, through tensor methods',
      code: T + 'def f(n):\n    t = torch.randn(n, 3).to("cuda").float()\n    for row in t:\n        update(row)\n',
      errors: [{ line: 5, message: ROWS }],
    },
    {
      name: 'enumerate and zip over a tensor; a jaxtyping annotation',
      code: T + 'def f(x: Float[Tensor, "b d"], y: torch.Tensor, ys):\n    for i, row in enumerate(x):\n        update(i, row)\n    for a, b in zip(ys, y):\n        update(a, b)\n',
      errors: [{ line: 4, message: /tensor 'x'/ }, { line: 6, message: /tensor 'y'/ }],
    },
    {
      name: 'iterating a torch call directly',
      code: T + 'for v in torch.arange(10):\n    update(v)\n',
      errors: [{ line: 3, column: 1, message: /tensor 'torch\.arange\(10\)'/ }],
    },
    {
      name: 'append then torch.stack: the message names the batched form',
      code: T + 'def norms(x):\n    out = []\n    for i in range(x.shape[0]):\n        out.append(x[i].norm())\n    return torch.stack(out)\n',
      errors: [{ line: 5, column: 5, message: "'out' is appended per item then passed to torch.stack: build the tensor in one batched op instead of stacking per-item results" }],
      output: null,
    },
    {
      name: 'append then torch.cat with dim, over a list indexed by the loop variable',
      code: T + 'def f(xs, idx):\n    parts = []\n    for k in range(len(idx)):\n        parts.append(xs[idx[k]] * 2)\n    return torch.cat(parts, dim=0)\n',
      errors: [{ line: 5, message: /'parts' is appended per item then passed to torch\.cat/ }],
    },
    {
      name: 'padding one row at a time, then stacking (a list of tensors)',
      code: T + 'def collate(batch: list[torch.Tensor], pad_id: int) -> torch.Tensor:\n    T = max(len(seq) for seq in batch)\n    rows = []\n    for seq in batch:\n        pad = torch.full((T - len(seq),), pad_id, dtype=seq.dtype)\n        rows.append(torch.cat([seq, pad]))\n    return torch.stack(rows)\n',
      errors: [{ line: 6, column: 5, message: "'rows' is appended per item then passed to torch.stack: build the tensor in one batched op instead of stacking per-item results" }],
    },
    {
      name: 'creating tensors one by one then stacking',
      code: T + 'tensors = []\nfor i in range(10):\n    tensors.append(torch.ones(3, 3) * i)\nbatch = torch.stack(tensors)\n',
      errors: [{ line: 4, column: 1, message: /'tensors' is appended/ }],
    },
    {
      name: 'nested loops: one finding for the nest, on the outer loop',
      code: T + 'def f(x):\n    out = []\n    for i in range(x.shape[0]):\n        for j in range(x.shape[1]):\n            out.append(x[i, j] * 2)\n    return torch.stack(out)\n\ndef pairwise(x: torch.Tensor):\n    n = x.shape[0]\n    d = torch.zeros(n, n)\n    for i in range(n):\n        for j in range(n):\n            d[i, j] = (x[i] - x[j]).norm()\n    return d\n',
      errors: [{ line: 5, message: /'out' is appended/ }, { line: 13, message: "for-loop over range(n) handles one element of 'x' per iteration: use one batched tensor op over that dimension" }],
    },
    {
      name: 'the header spans the whole for … in … part',
      code: T + 'def f(x: torch.Tensor):\n    for row in x:\n        update(row)\n',
      errors: [{ line: 4, column: 5, endLine: 4 }],
    },
    {
      name: 'a name reassigned to a list is no longer a tensor, a later tensor is',
      code: T + 'def f(n):\n    t = torch.ones(n)\n    t = t.tolist()\n    for v in t:\n        update(v)\n    t = torch.zeros(n)\n    for v in t:\n        update(v)\n',
      errors: [{ line: 9, message: ROWS }],
    },
  ],
});
