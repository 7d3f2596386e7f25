'use strict';
// Jest runs the suites of __test__/ one file at a time: the concurrency suite measures how long
// the event loop stalls, which other suites running beside it on a 2-core machine would distort.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__test__'],
  testMatch: ['**/*.test.js'],
  testTimeout: 120000,
  maxWorkers: 1,
};
