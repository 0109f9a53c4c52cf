/* global module, process */
/**
 * Prints the run's closing line in the plain form CI reads ("Tests: N passed, N failed"), after
 * jest's own summary.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\nTests: ${results.numPassedTests} passed, ${failed} failed\n`);
  }
}

module.exports = SummaryReporter;
