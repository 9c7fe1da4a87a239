// s3rver ships no types: the part the tests use.
declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    /** 0: any free port (run() answers the one taken). */
    port?: number;
    silent?: boolean;
    /** Where buckets and objects are kept, as plain files. */
    directory: string;
    resetOnClose?: boolean;
    configureBuckets?: { name: string }[];
  }

  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
}
