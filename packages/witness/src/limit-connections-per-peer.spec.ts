import { describe, expect, it } from "vitest";
import { peerOf } from "./limit-connections-per-peer.js";

describe("the peer a connection counts against", () => {
  it("is the IPv4 address, also when it comes IPv4-mapped on a dual-stack socket", () => {
    expect(peerOf("203.0.113.7")).toBe("203.0.113.7");
    expect(peerOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(peerOf("203.0.113.8")).not.toBe(peerOf("203.0.113.7"));
  });

  it("is the /64 of an IPv6 address, however it is written, so one host cannot rotate through its prefix", () => {
    const peer = peerOf("2001:db8:1:2::1");
    for (const same of ["2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:0DB8:0001:0002::", "2001:db8:1:2:0:0:0:7", "2001:db8:1:2::1%eth0"]) {
      expect(peerOf(same), same).toBe(peer);
    }
    expect(peer).toBe("2001:db8:1:2::/64");
    expect(peerOf("2001:db8:1:3::1")).not.toBe(peer);
    expect(peerOf("2001:db8::1:2:3:4")).toBe("2001:db8:0:0::/64");
    expect(peerOf("::1")).toBe("0:0:0:0::/64");
  });
});
