'use strict';
// The formats the vendored Kubernetes and CRD schemas use, for the generated validators
// (validators.js requires this file; see lib/output/checks/compile-validators.ts).
module.exports = {
  int32: { type: 'number', validate: (n) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
  int64: { type: 'number', validate: (n) => Number.isInteger(n) },
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  byte: /^[A-Za-z0-9+/]*={0,2}$/,
};
