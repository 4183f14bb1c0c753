import * as assert from 'assert';
import rule from '../../../src/core/rules/swallowed-exception';
import { lintWith, ruleTester } from '../ruleTester';

ruleTester(rule, {
  valid: [
    'x = load(path)\n',
    'try:\n    run()\nfinally:\n    close()\n',
    { name: 're-raise', code: 'try:\n    run()\nexcept KeyError:\n    log.error("no key")\n    raise\n' },
    { name: 'raise a new error', code: 'try:\n    run()\nexcept KeyError as e:\n    raise ValueError("missing key") from e\n' },
    { name: 'bare except that re-raises', code: 'try:\n    run()\nexcept:\n    cleanup()\n    raise\n' },
    { name: 'except Exception with a conditional re-raise', code: 'try:\n    run()\nexcept Exception:\n    if strict:\n        raise\n    errors += 1\n' },
    { name: 'except Exception that exits', code: 'import sys\ntry:\n    run()\nexcept Exception as e:\n    print(e)\n    sys.exit(1)\n' },
    { name: 'a narrow handler doing real work is not a swallow', code: 'try:\n    x = d[k]\nexcept KeyError:\n    x = compute(k)\n' },
    { name: 'return of a computed value', code: 'def f():\n    try:\n        return a()\n    except ValueError:\n        return b()\n' },
    { name: 'StopIteration ends a loop', code: 'while True:\n    try:\n        x = next(it)\n    except StopIteration:\n        break\n' },
    { name: 'StopIteration with return', code: 'def gen():\n    try:\n        yield next(it)\n    except StopIteration:\n        return\n' },
    { name: 'a raise only inside a nested function does not count, but narrow types are not flagged', code: 'try:\n    run()\nexcept KeyError:\n    def f():\n        raise ValueError\n    f()\n' },
    { name: 'a polling worker skips an empty queue', code: 'while True:\n    try:\n        task = q.get(timeout=1)\n    except queue.Empty:\n        continue\n' },
    { name: 'the error is handed to another thread', code: 'try:\n    out = fn()\nexcept Exception as e:\n    errors.put(e)\n' },
    { name: 'the error is wrapped for the caller', code: 'try:\n    out = fn()\nexcept Exception:\n    with lock:\n        results[i] = ExceptionWrapper(where="replica")\n' },
    { name: 'the error is thrown into a generator', code: 'try:\n    x = yield\nexcept BaseException:\n    response = gen.throw(*sys.exc_info())\n' },
    { name: 'the error is set on a future or stored', code: 'try:\n    run()\nexcept BaseException as ex:\n    result.set_exception(ex)\ntry:\n    run()\nexcept Exception as e:\n    self.error = e\n' },
    { name: 'with that is not suppress', code: 'with torch.no_grad():\n    y = model(x)\n' },
    { name: 'suppress of another object', code: 'with self.suppress(x):\n    pass\n' },
    { name: 'suppressed on the line', code: 'try:\n    run()\nexcept KeyError:  # mantra: ignore[swallowed-exception]\n    pass\n' },
  ],
  invalid: [
    {
      name: 'pass',
      code: 'try:\n    x = load(path)\nexcept OSError:\n    pass\nprint(x)\n',
      errors: [{ line: 3, column: 1, message: "'except OSError' swallows the error with only 'pass': let the error surface (or re-raise it)" }],
      output: 'x = load(path)\nprint(x)\n',
    },
    {
      name: 'ellipsis',
      code: 'try:\n    run()\nexcept (KeyError, IndexError) as e:\n    ...\n',
      errors: [{ line: 3, message: /'except \(KeyError, IndexError\)' swallows the error with only '\.\.\.'/ }],
      output: 'run()\n',
    },
    {
      name: 'continue in a loop, nested indentation',
      code: 'for p in paths:\n    try:\n        img = load(p)\n        imgs.append(img)\n    except OSError:\n        continue\n',
      errors: [{ line: 5, column: 5, message: /skips the failure with only 'continue'/ }],
      output: 'for p in paths:\n    img = load(p)\n    imgs.append(img)\n',
    },
    {
      name: 'return None',
      code: 'def f(p):\n    try:\n        return load(p)\n    except OSError:\n        return None\n',
      errors: [{ line: 4, message: /hides the error behind 'return None'/ }],
      output: 'def f(p):\n    return load(p)\n',
    },
    {
      name: 'bare return and constant collections',
      code: 'def f():\n    try:\n        a()\n    except KeyError:\n        return\n\ndef g():\n    try:\n        return b()\n    except ValueError:\n        return {"loss": -1.0, "ok": False}\n',
      errors: [{ line: 4, message: /behind 'return'/ }, { line: 10, message: /behind 'return \{"loss": -1\.0, "ok": False\}'/ }],
      output: 'def f():\n    a()\n\ndef g():\n    return b()\n',
    },
    {
      name: 'only logging, then continue',
      code: 'for b in batches:\n    try:\n        step(b)\n    except RuntimeError as e:\n        logger.warning("skipping batch: %s", e)\n        continue\n',
      errors: [{ line: 4, message: /'except RuntimeError' only logs the error and carries on/ }],
      output: 'for b in batches:\n    step(b)\n',
    },
    {
      name: 'only print and warnings.warn',
      code: 'try:\n    run()\nexcept ValueError as e:\n    print(e)\n    warnings.warn(str(e))\n',
      errors: [{ line: 3, message: /only logs/ }],
      output: 'run()\n',
    },
    {
      name: 'self.logger and logging module',
      code: 'try:\n    run()\nexcept ValueError:\n    self.logger.exception("failed")\ntry:\n    go()\nexcept KeyError:\n    logging.info("no key")\n',
      errors: [{ line: 3, message: /only logs/ }, { line: 7, message: /only logs/ }],
      output: 'run()\ngo()\n',
    },
    {
      name: 'bare except doing work',
      code: 'try:\n    x = parse(s)\nexcept:\n    x = default\n',
      errors: [{ line: 3, column: 1, message: "bare 'except:' catches every error, even KeyboardInterrupt, and does not re-raise: let the error surface (or re-raise it)" }],
      output: 'x = parse(s)\n',
    },
    {
      name: 'except Exception doing work',
      code: 'try:\n    x = parse(s)\nexcept Exception as e:\n    x = fallback(s)\n',
      errors: [{ line: 3, message: "'except Exception' catches every error and does not re-raise: let the error surface (or re-raise it)" }],
      output: 'x = parse(s)\n',
    },
    {
      name: 'BaseException in a tuple',
      code: 'try:\n    run()\nexcept (ValueError, builtins.BaseException):\n    state = "failed"\n',
      errors: [{ line: 3, message: /catches every error/ }],
      output: 'run()\n',
    },
    {
      name: 'bare except: pass names the body',
      code: 'try:\n    import apex\nexcept:\n    pass\n',
      errors: [{ line: 3, message: /^bare 'except:' swallows the error with only 'pass'/ }],
      output: 'import apex\n',
    },
    {
      name: 'only the swallowing handler goes when another one does real work',
      code: 'try:\n    run()\nexcept KeyError as e:\n    raise ValueError("bad key") from e\nexcept Exception:\n    pass\nelse:\n    done()\n',
      errors: [{ line: 5, message: /'except Exception' swallows/ }],
      output: 'try:\n    run()\nexcept KeyError as e:\n    raise ValueError("bad key") from e\nelse:\n    done()\n',
    },
    {
      name: 'two swallowing handlers are removed, the working one kept',
      code: 'try:\n    run()\nexcept KeyError:\n    pass\nexcept ValueError:\n    return_code = 1\nexcept Exception:\n    pass\n',
      errors: [{ line: 3 }, { line: 7 }],
      output: 'try:\n    run()\nexcept ValueError:\n    return_code = 1\n',
    },
    {
      name: 'every handler swallows: one unwrap, shared by both findings',
      code: 'try:\n    run()\nexcept KeyError:\n    pass\nexcept Exception as e:\n    print(e)\n',
      errors: [{ line: 3 }, { line: 5 }],
      output: 'run()\n',
    },
    {
      name: 'a raise inside a nested function is not a re-raise',
      code: 'try:\n    run()\nexcept Exception:\n    def retry():\n        raise RuntimeError\n    schedule(retry)\n',
      errors: [{ line: 3, message: /catches every error/ }],
    },
    {
      name: 'finally is kept as try/finally',
      code: 'try:\n    run()\nexcept Exception:\n    pass\nfinally:\n    close()\n',
      errors: [{ line: 3 }],
      output: 'try:\n    run()\nfinally:\n    close()\n',
    },
    {
      name: 'contextlib.suppress alone is unwrapped',
      code: 'import contextlib\nif x:\n    with contextlib.suppress(FileNotFoundError):\n        os.remove(p)\n        log("removed")\n',
      errors: [{ line: 3, column: 10, message: "'contextlib.suppress(FileNotFoundError)' silently swallows the error: let the error surface" }],
      output: 'import contextlib\nif x:\n    os.remove(p)\n    log("removed")\n',
    },
    {
      name: 'suppress among other with items is removed from the list',
      code: 'with suppress(KeyError), open(p) as f:\n    data = f.read()\nwith open(p) as f, suppress(OSError):\n    pass\n',
      errors: [{ line: 1, column: 6 }, { line: 3, column: 20 }],
      output: 'with open(p) as f:\n    data = f.read()\nwith open(p) as f:\n    pass\n',
    },
    {
      name: 'suppress with a body on the same line',
      code: 'with suppress(Exception): os.remove(p)\n',
      errors: [{ line: 1 }],
      output: 'os.remove(p)\n',
    },
    {
      name: 'CRLF line endings are kept',
      code: 'for p in ps:\r\n    try:\r\n        load(p)\r\n    except OSError:\r\n        pass\r\n',
      errors: [{ line: 4 }],
      output: 'for p in ps:\r\n    load(p)\r\n',
    },
    {
      name: 'multi-line header range ends at the colon',
      code: 'try:\n    run()\nexcept (\n    KeyError,\n    ValueError,\n):\n    pass\n',
      errors: [{ line: 3, endLine: 6 }],
      output: 'run()\n',
    },
  ],
});

describe('swallowed-exception fix safety', () => {
  it('removing a handler that only passes is safe', () => {
    const [f] = lintWith(rule, 'try:\n    run()\nexcept KeyError:\n    pass\n');
    assert.strictEqual(f.fix?.safe, true);
  });
  it('unwrapping a broad handler that does work is not safe: the work would be lost', () => {
    const [f] = lintWith(rule, 'try:\n    x = parse(s)\nexcept Exception:\n    x = fallback(s)\n');
    assert.strictEqual(f.fix?.safe, false);
  });
  it('an unwrap shared with a broad handler is not safe for either finding', () => {
    const findings = lintWith(rule, 'try:\n    run()\nexcept KeyError:\n    pass\nexcept:\n    cleanup()\n');
    assert.deepStrictEqual(findings.map((f) => f.fix?.safe), [false, false]);
  });
  it('removing a suppress item is safe', () => {
    const [f] = lintWith(rule, 'with suppress(OSError):\n    os.remove(p)\n');
    assert.strictEqual(f.fix?.safe, true);
  });
});
