/**
 * Where the lab listens by default. Its own module so the command line can name these
 * without loading the server (Express) at start-up.
 */

/** Default port of the lab. */
export const DEFAULT_PORT = 8080;
/** Default host: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';
