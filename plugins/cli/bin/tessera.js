#!/usr/bin/env node
'use strict';
// The `tessera` command: everything lives in dist/main.js.
require('../dist/main.js').runFromProcess();
