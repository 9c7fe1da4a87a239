// kinesalite ships no types: the part the tests use.
declare module 'kinesalite' {
  import type { Server } from 'node:http';

  interface KinesaliteOptions {
    /** Milliseconds a new stream stays CREATING (0: ACTIVE at once). */
    createStreamMs?: number;
    deleteStreamMs?: number;
    updateStreamMs?: number;
    shardLimit?: number;
    /** A LevelDB directory; without it everything stays in memory. */
    path?: string;
  }

  export default function kinesalite(options?: KinesaliteOptions): Server;
}
