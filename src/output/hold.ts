/**
 * Fault injection for the test suite (tests/faults.test.ts): when the environment variable HOMEWARD_HOLD_AT names
 * `point`, the process writes `hold <point>` on stderr and waits there until it receives SIGINT, SIGTERM or
 * SIGUSR2, so a test can signal or kill it at a known moment of a command (simulating, drawing, inside the commit,
 * done) without timing anything. Without the variable, or at other points, it returns at once.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGUSR2'] as const;

export async function hold(point: string): Promise<void> {
  if (process.env['HOMEWARD_HOLD_AT'] !== point) return;
  process.stderr.write(`hold ${point}\n`);
  await new Promise<void>((resolve) => {
    const alive = setInterval(() => undefined, 1000); // signal listeners alone do not keep the process running
    const go = () => {
      clearInterval(alive);
      for (const s of SIGNALS) process.off(s, go);
      resolve();
    };
    for (const s of SIGNALS) process.on(s, go);
  });
}
