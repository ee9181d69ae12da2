#!/usr/bin/env node
// The async-viz command: a thin launcher for the built CLI bundle.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('async-viz: the CLI is not built yet. Run `npm run build` (or `npm install && npm start`) first.');
  process.exit(2);
}
require(cli)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
