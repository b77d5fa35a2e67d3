package dev.agentswarm.tools.http;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address block in CIDR notation, such as {@code 10.0.0.0/8} or {@code fc00::/7}.
 *
 * @param network the network address bytes (4 or 16)
 * @param prefixLength the number of leading bits that must match
 * @param text the block as written
 */
// The bytes are copied in and out (network() returns a clone); Cidr values are only matched, never compared or hashed.
@SuppressWarnings("ArrayRecordComponent")
record Cidr(byte[] network, int prefixLength, String text) {

    Cidr {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(text, "text");
        network = network.clone();
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("Invalid prefix length in CIDR block '" + text + "'");
        }
    }

    /**
     * Parses a block; the address part must be an IP literal, no DNS lookup happens.
     *
     * @throws IllegalArgumentException if the text is not a valid CIDR block
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        InetAddress parsed = IpLiterals.parse(address)
                .orElseThrow(() -> new IllegalArgumentException("Not an IP literal in CIDR block '" + text + "'"));
        byte[] bytes = parsed.getAddress();
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid prefix length in CIDR block '" + text + "'", e);
        }
        return new Cidr(bytes, prefix, text);
    }

    /** Tells whether the address lies in this block; IPv4 and IPv6 addresses never match each other's blocks. */
    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - remainingBits)) & 0xff;
        return (bytes[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && cidr.prefixLength == prefixLength && Arrays.equals(cidr.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
