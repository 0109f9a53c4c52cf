/**
 * Prints the run's closing line in the plain form CI reads ("Tests: N passed, N failed"). Jest's
 * own summary, the global teardown and its last notices come after the reporters, so the line is
 * written as the process exits: it is the last thing jest prints. A test file that failed outside
 * its tests (it did not load, or an afterAll hook threw) counts as one failure.
 */
class SummaryReporter {
  constructor() {
    this.line = undefined;
  }

  onRunComplete(_contexts, results) {
    const brokenFiles = results.testResults.filter(
      (file) => file.numFailingTests === 0 && (file.testExecError || file.failureMessage),
    ).length;
    const failed = results.numFailedTests + brokenFiles;
    if (this.line === undefined) process.once('exit', () => process.stdout.write(this.line));
    this.line = `\nTests: ${results.numPassedTests} passed, ${failed} failed\n`;
  }
}

module.exports = SummaryReporter;
