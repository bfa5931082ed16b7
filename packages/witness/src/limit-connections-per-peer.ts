import { isIPv6, type Server, type Socket } from "node:net";

/**
 * Closes a new connection at once when its peer already holds `max` open ones. A global cap alone lets one peer
 * with slow connections take every place and lock everyone else out (issue 12: one peer holding 256 slow
 * connections made the witness refuse 50 of 60 honest requests); with this, it takes at most its share.
 */
export function limitConnectionsPerPeer(server: Server, max: number): void {
  const open = new Map<string, number>();
  server.on("connection", (socket: Socket) => {
    // A peer that reset before we saw it has no address, and nothing left to serve.
    if (socket.remoteAddress === undefined) return void socket.destroy();
    const peer = peerOf(socket.remoteAddress);
    const count = open.get(peer) ?? 0;
    if (count >= max) return void socket.destroy();
    open.set(peer, count + 1);
    socket.once("close", () => {
      const left = (open.get(peer) ?? 1) - 1;
      if (left === 0) open.delete(peer);
      else open.set(peer, left);
    });
  });
}

/**
 * The peer a connection counts against: its IPv4 address, or its IPv6 /64. A /64 is the smallest block a network
 * hands a host (RFC 6177), so counting single IPv6 addresses would let one host rotate through 2^64 of them.
 */
export function peerOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped !== null) return mapped[1] as string;
  const bare = address.split("%", 1)[0] as string;
  if (!isIPv6(bare)) return address;
  const [head = "", tail] = bare.split("::");
  const front = head === "" ? [] : head.split(":");
  const back = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = tail === undefined ? front : [...front, ...Array(8 - front.length - back.length).fill("0"), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}
