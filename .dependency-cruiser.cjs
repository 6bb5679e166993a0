/**
 * Architecture rules, checked by `npm run lint` (depcruise). Type-only imports count
 * (tsPreCompilationDeps), so a cycle closed by `import type` fails too.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle in src/, type-only imports included.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'contract-is-a-leaf',
      severity: 'error',
      comment: 'The Temporal contract (src/contract) imports nothing of ours: workflows, activities and clients all depend on it.',
      from: { path: '^src/contract/' },
      to: { path: '^src/', pathNot: '^src/contract/' },
    },
    {
      name: 'workflows-import-only-the-contract',
      severity: 'error',
      comment:
        'Workflow code runs in the sandbox: it imports only the contract, other workflow files and @temporalio/workflow (or @temporalio/common).',
      from: { path: '^src/workflows/' },
      to: { path: '^src/', pathNot: '^src/(contract|workflows)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
