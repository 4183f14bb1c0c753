import rule from '../../../src/core/rules/explanatory-comment';
import { ruleTester } from '../ruleTester';

const msg = (text: string) => `'# ${text}' narrates what the code does: delete it, the code already says it`;

ruleTester(rule, {
  valid: [
    { name: 'shape comments', code: 'x = f(y)  # (B, T, D)\n# [batch, seq]\nh = g(x)\nz = h.mean(1)  # shape: (B, D)\nw = z @ v  # B x T x D\nq = k  # -> (B, T)\n' },
    { name: 'pragmas', code: 'import os  # noqa: F401\nx = cast(y)  # type: ignore\ny = 1  # pylint: disable=invalid-name\nz = 1  # pyright: ignore\nw = 1  # ruff: noqa\nv = 2  # pragma: no cover\n' },
    { name: 'shebang, encoding and licence header', code: '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n# Copyright 2024 The Authors.\n# Compute the loss for the whole project.\nimport torch\n' },
    { name: 'TODO and FIXME notes', code: 'x = 1\n# TODO: compute the loss properly\ny = 2\n# FIXME loop over the data once\nz = 3\n' },
    { name: 'commented-out code is left to commented-out-code', code: 'x = 1\n# print(x)\ny = 2\n# return x\n' },
    { name: 'references', code: 'x = 1\n# compute the update, see https://arxiv.org/abs/1412.6980\ny = 2\n# compute the bound as in Eq. 3\nz = 3\n# compute the loss from the paper\nw = 4\n' },
    { name: 'reasons tied to a constraint', code: 'x = 1\n# use float64 to avoid overflow in the sum\ny = x.double()\n# clamp the logits, otherwise NaN\nz = y.clamp(-5, 5)\n# copy the tensor: required by the CUDA kernel\nw = z.clone()\n# workaround for a bug in torch 2.1\nv = w\n# add 1 so line numbers start at 1\nn = v + 1\n# compute everything twice to check for nondeterminism\na, b = f(n), f(n)\n' },
    { name: 'noun phrases and labels', code: 'x = 1\n# learning rate\nlr = 3e-4\n# log probabilities\nlog_probs = f(x)\n# padding mask\npadding_mask = m\n' },
    { name: 'a comment block is an explanation, not narration', code: 'x = 1\n# compute the loss over the batch\n# with the running mean, as the paper does\nloss = f(x)\n' },
    { name: 'questions', code: 'x = 1\n# compute the loss here?\nloss = f(x)\n' },
    { name: 'separators and attribute docs', code: 'x = 1\n# ----------------\ny = 2\n#: compute the loss every step\nz = 3\n' },
    { name: 'above a definition it stands in for a docstring', code: 'x = 1\n# compute the loss for a batch\ndef loss(batch):\n    return batch\n' },
    { name: 'a trailing comment beside a constant', code: 'RPC_ASYNC = 4  # run the operation using rpc_async\n' },
    { name: 'warnings to editors', code: 'x = 1\n# do not move this line\ny = 2\n# keep the order of these calls\nz = 3\n' },
    { name: 'long comments', code: 'x = 1\n# compute the loss over the batch with the running mean of the previous epochs and the current learning rate schedule\nloss = f(x)\n' },
    { name: 'passive "set by"', code: 'x = cfg.x  # set by the launcher\n' },
    { name: 'a directive further on in the comment is kept', code: 'try:\n    i += 1  # increment i  # mantra: ignore[no-try-except]\nexcept KeyError:\n    raise\n' },
    { name: 'suppressed', code: 'x = 1\n# loop over the data  # mantra: ignore[explanatory-comment]\nfor d in data:\n    pass\n' },
    { name: 'an empty file and a file of comments', code: '# loop over the data\n' },
  ],
  invalid: [
    {
      name: 'loop over the data',
      code: 'x = 1\n# loop over the data\nfor d in data:\n    use(d)\n',
      errors: [{ line: 2, column: 1, message: msg('loop over the data') }],
      output: 'x = 1\nfor d in data:\n    use(d)\n',
    },
    {
      name: 'compute the loss, indented',
      code: 'def f(x):\n    y = g(x)\n    # compute the loss\n    loss = crit(y)\n    return loss\n',
      errors: [{ line: 3, column: 5, message: msg('compute the loss') }],
      output: 'def f(x):\n    y = g(x)\n    loss = crit(y)\n    return loss\n',
    },
    {
      name: 'a trailing comment restating its line',
      code: 'i = 0\ni += 1  # increment i\n',
      errors: [{ line: 2, column: 9, message: msg('increment i') }],
      output: 'i = 0\ni += 1\n',
    },
    {
      name: 'a decision narrated',
      code: 'x = 1\n# not using dropout because of the small model\ny = layer(x)\n',
      errors: [{ line: 2, message: msg('not using dropout because of the small model') }],
      output: 'x = 1\ny = layer(x)\n',
    },
    {
      name: 'here we, now, then',
      code: 'x = 1\n# Here we initialize the weights\nw = init(x)\n# Now compute the gradients\ng = grad(w)\n',
      errors: [{ line: 2 }, { line: 4 }],
      output: 'x = 1\nw = init(x)\ng = grad(w)\n',
    },
    {
      name: 'this loop does',
      code: 'x = 1\n# This loop iterates over the heads\nfor h in heads:\n    pass\n',
      errors: [{ line: 2 }],
      output: 'x = 1\nfor h in heads:\n    pass\n',
    },
    {
      name: 'a verb with a name from the next line',
      code: 'x = 1\n# initialize weights\nself.apply(self._init_weights)\n',
      errors: [{ line: 2 }],
      output: 'x = 1\nself.apply(self._init_weights)\n',
    },
    {
      name: 'a lone verb beside a call that says it',
      code: 'h = self.norm(h)  # normalize\n',
      errors: [{ line: 1, column: 19 }],
      output: 'h = self.norm(h)\n',
    },
    {
      name: 'third person and -ing forms',
      code: 'x = 1\n# Computes the attention scores\ns = q @ k\ny = x.float()  # converting to float\n',
      errors: [{ line: 2 }, { line: 4 }],
      output: 'x = 1\ns = q @ k\ny = x.float()\n',
    },
    {
      name: 'trailing comments in an argument list (not beside a literal keyword argument)',
      code: 'f(\n    x.float(),  # convert to float\n    dim=1,  # sum over the time axis\n)\n',
      errors: [{ line: 2, column: 17 }],
      output: 'f(\n    x.float(),\n    dim=1,  # sum over the time axis\n)\n',
    },
    {
      name: 'CRLF: the whole line goes',
      code: 'x = 1\r\n# loop over the data\r\nfor d in data:\r\n    use(d)\r\n',
      errors: [{ line: 2 }],
      output: 'x = 1\r\nfor d in data:\r\n    use(d)\r\n',
    },
    {
      name: 'a tab before a trailing comment',
      code: 'x = y.mean()\t# compute the mean\n',
      errors: [{ line: 1 }],
      output: 'x = y.mean()\n',
    },
    {
      name: 'the maxWords option',
      options: { maxWords: 4 },
      code: 'x = 1\n# loop over the data\nfor d in data:\n    use(d)\n# loop over all the data once more\nfor d in data:\n    use(d)\n',
      errors: [{ line: 2 }],
      output: 'x = 1\nfor d in data:\n    use(d)\n# loop over all the data once more\nfor d in data:\n    use(d)\n',
    },
  ],
});
