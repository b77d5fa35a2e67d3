package dev.agentswarm.tools.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the IPv4 addresses an IPv6 address may carry, so that the SSRF guard can judge them by the IPv4 rules.
 *
 * <ul>
 *   <li>IPv4-mapped {@code ::ffff:a.b.c.d} (the JDK already turns these into IPv4 addresses when it parses them)
 *       and IPv4-compatible {@code ::a.b.c.d} (deprecated; {@code ::} and {@code ::1} excluded);
 *   <li>SIIT IPv4-translated {@code ::ffff:0:a.b.c.d} (RFC 2765);
 *   <li>NAT64 with the well-known prefix {@code 64:ff9b::/96} (RFC 6052), address in the last 32 bits;
 *   <li>NAT64 with the local-use prefix {@code 64:ff9b:1::/48} (RFC 8215). A network may use it as a /48 or carve
 *       a /56, /64 or /96 out of it, and RFC 6052 puts the IPv4 address at a different place for each length, so
 *       every one of the four places is decoded. A decoding inside {@code 0.0.0.0/8} is skipped: a translator
 *       cannot send a packet there, and such decodings are what the other lengths' prefix bits produce;
 *   <li>6to4 {@code 2002:a.b.c.d::/48} (RFC 3056), address in bits 16..47;
 *   <li>Teredo {@code 2001::/32} (RFC 4380): the server's IPv4 address in bits 32..63 and the client's, with every
 *       bit inverted, in the last 32 bits; both are returned.
 * </ul>
 */
final class EmbeddedIpv4 {

    /**
     * One IPv4 address found inside an IPv6 address.
     *
     * @param address the IPv4 address
     * @param form how it was embedded, for messages
     */
    record Candidate(InetAddress address, String form) {}

    private EmbeddedIpv4() {}

    /** Returns every IPv4 address the given address may carry, or nothing if it is not such an IPv6 address. */
    static List<Candidate> candidates(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return List.of();
        }
        byte[] b = address.getAddress();
        List<Candidate> found = new ArrayList<>(4);
        if (zero(b, 0, 10) && ff(b, 10) && ff(b, 11)) {
            found.add(at(b, "IPv4-mapped ::ffff:0:0/96", 12, 13, 14, 15));
        } else if (zero(b, 0, 12) && !(zero(b, 12, 15) && (b[15] == 0 || b[15] == 1))) {
            found.add(at(b, "IPv4-compatible ::/96", 12, 13, 14, 15));
        } else if (zero(b, 0, 8) && ff(b, 8) && ff(b, 9) && zero(b, 10, 12)) {
            found.add(at(b, "SIIT ::ffff:0:0:0/96", 12, 13, 14, 15));
        } else if (b[0] == 0 && b[1] == 0x64 && ff(b, 2) && b[3] == (byte) 0x9b) {
            if (zero(b, 4, 12)) {
                found.add(at(b, "NAT64 64:ff9b::/96", 12, 13, 14, 15));
            } else if (b[4] == 0 && b[5] == 1) {
                addRoutable(found, at(b, "NAT64 64:ff9b:1::/48", 6, 7, 9, 10));
                addRoutable(found, at(b, "NAT64 64:ff9b:1::/48 with a /56 prefix", 7, 9, 10, 11));
                addRoutable(found, at(b, "NAT64 64:ff9b:1::/48 with a /64 prefix", 9, 10, 11, 12));
                addRoutable(found, at(b, "NAT64 64:ff9b:1::/48 with a /96 prefix", 12, 13, 14, 15));
            }
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            found.add(at(b, "6to4 2002::/16", 2, 3, 4, 5));
        } else if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            found.add(at(b, "Teredo 2001::/32 server", 4, 5, 6, 7));
            byte[] client = {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
            found.add(new Candidate(ipv4(client), "Teredo 2001::/32 client"));
        }
        return found;
    }

    private static void addRoutable(List<Candidate> found, Candidate candidate) {
        if (candidate.address().getAddress()[0] != 0) {
            found.add(candidate);
        }
    }

    private static Candidate at(byte[] b, String form, int i0, int i1, int i2, int i3) {
        return new Candidate(ipv4(new byte[] {b[i0], b[i1], b[i2], b[i3]}), form);
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }

    private static boolean ff(byte[] b, int index) {
        return b[index] == (byte) 0xff;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
