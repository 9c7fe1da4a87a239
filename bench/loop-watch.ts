/**
 * How long the event loop went without running a 1 ms timer while `work` ran: the time every
 * other request to the same server would have waited (the server's work here runs in process).
 */
export async function withLoopWatch<T>(work: () => Promise<T>): Promise<{ value: T; longestGapMs: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    const value = await work();
    return { value, longestGapMs: Math.max(longest, performance.now() - last) };
  } finally {
    clearInterval(timer);
  }
}
