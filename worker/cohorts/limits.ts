/** A roster file is the one big upload: 10,000 rows fit in 2 MB. Its own module: the app's body limit needs it at start-up, the parser later. */
export const MAX_ROSTER_BYTES = 2 * 1024 * 1024;
