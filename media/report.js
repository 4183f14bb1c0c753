// The audit report's only script: a click (or Enter) on a finding or a guideline asks the extension to reveal it.
(function () {
  const vscode = acquireVsCodeApi();
  function reveal(target) {
    const el = target.closest('[data-file]');
    if (!el) return;
    vscode.postMessage({ type: 'reveal', file: el.dataset.file, line: Number(el.dataset.line), character: Number(el.dataset.character) });
  }
  document.addEventListener('click', (e) => reveal(e.target));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') reveal(e.target);
  });
})();
