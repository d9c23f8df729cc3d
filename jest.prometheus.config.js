// `npm run test:prometheus`: queries and rules proved on a real Prometheus (promtool on the PATH).
const base = require('./jest.base.config');

module.exports = { ...base, roots: ['<rootDir>/__tests__/prometheus'] };
