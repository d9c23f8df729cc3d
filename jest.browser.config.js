// `npm run test:browser`: generated HTML pages in headless Debian chromium (/usr/bin/chromium).
const base = require('./jest.base.config');

module.exports = { ...base, roots: ['<rootDir>/__tests__/browser'] };
