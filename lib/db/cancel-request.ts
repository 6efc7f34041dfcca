import "server-only";
import net from "node:net";
import type pg from "pg";

/**
 * Cancels the statement running on `client` with the protocol's cancel request on a socket of its own, as psql does
 * on Ctrl-C: it names the connection by the process id and secret key the server gave it at start-up. Unlike
 * `pg_cancel_backend(pid)` it needs no pooled connection, and behind PgBouncer in transaction mode, where the pid is
 * one the bouncer made up, the bouncer forwards it to the server connection the statement runs on. The socket is
 * left for the other end to close: PgBouncer 1.18 exits ("bad client state") when a client closes it first.
 */
export function cancelRunningStatement(client: pg.PoolClient) {
  const { host, port, processID, secretKey } = client as unknown as { host: string; port: number; processID: number; secretKey: number };
  const request = Buffer.alloc(16);
  request.writeInt32BE(16, 0);
  request.writeInt32BE(80877102, 4); // the CancelRequest code
  request.writeInt32BE(processID, 8);
  request.writeInt32BE(secretKey, 12);
  const socket = host.startsWith("/") ? net.connect(`${host}/.s.PGSQL.${port}`) : net.connect(port, host);
  socket.on("connect", () => socket.write(request));
  socket.on("error", () => {});
  socket.setTimeout(10_000, () => socket.destroy());
  socket.resume();
}
