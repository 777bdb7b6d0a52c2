/**
 * The physical floor for sending a page over a link: what no code can beat, only fewer
 * bytes or fewer dependent requests. A TCP handshake (and a TLS 1.3 one over https), then
 * each dependent step (the HTML, then the scripts, styles and preloaded lesson data it
 * names) costs a request's round trip, and its bytes arrive through TCP slow
 * start: 10 segments of 1,460 bytes in the first burst, doubling each round trip, and never
 * faster than the link.
 */
const INITIAL_WINDOW = 10 * 1460;

export function floorSeconds(steps: number[], kbps: number, rttMs: number, opts: { tls?: boolean } = {}): number {
  const rtt = rttMs / 1000;
  const bytesPerS = (kbps * 1000) / 8;
  let t = rtt * (opts.tls ? 2 : 1);
  // The window grows across steps on one kept-alive connection (no idle restart between them).
  let cwnd = INITIAL_WINDOW;
  for (const bytes of steps) {
    t += rtt; // the request goes up, the first byte comes down
    let left = bytes;
    while (left > 0) {
      const burst = Math.min(cwnd, left);
      const sending = burst / bytesPerS;
      left -= burst;
      cwnd *= 2;
      // The next burst waits for the first acknowledgement unless the link is the limit.
      t += left > 0 ? Math.max(sending, rtt) : sending;
    }
  }
  return t;
}

if (process.argv[1]?.endsWith('floor.ts')) {
  for (const [kbps, rtt] of [[400, 400], [1600, 150]] as const) {
    for (const kb of [14, 60, 461, 1382, 2355]) {
      console.log(`${kbps} kbit/s, ${rtt} ms: ${kb} KB in one step ${floorSeconds([kb * 1024], kbps, rtt).toFixed(2)} s; over https ${floorSeconds([kb * 1024], kbps, rtt, { tls: true }).toFixed(2)} s`);
    }
  }
}
