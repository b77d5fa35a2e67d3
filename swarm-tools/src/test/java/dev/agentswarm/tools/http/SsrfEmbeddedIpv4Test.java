package dev.agentswarm.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.tools.ToolRefusedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IPv6 addresses that carry an IPv4 address inside them are judged by that IPv4 address: each form is tried with
 * a loopback, a private and a cloud-metadata IPv4 address inside (refused) and with a public one (allowed), both as
 * an IP literal in the URL and as what a host name resolves to. No test here opens a socket or asks real DNS.
 */
class SsrfEmbeddedIpv4Test {

    private static final String PUBLIC = "93.184.216.34";

    /** Internal IPv4 addresses and the words the refusal must contain for them. */
    private static final List<String[]> INTERNAL = List.of(
            new String[] {"127.0.0.1", "a loopback address (127.0.0.0/8)"},
            new String[] {"10.1.2.3", "a private address (10.0.0.0/8)"},
            new String[] {"192.168.1.20", "a private address (192.168.0.0/16)"},
            new String[] {"169.254.169.254", "the cloud metadata service (169.254.169.254/32)"});

    /** One way to put an IPv4 address inside an IPv6 address. */
    private record Form(String name, Function<byte[], byte[]> embed) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Form> FORMS = List.of(
            new Form(
                    "IPv4-compatible ::a.b.c.d",
                    v4 -> v6(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, v4[0], v4[1], v4[2], v4[3])),
            new Form(
                    "SIIT ::ffff:0:a.b.c.d",
                    v4 -> v6(0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, v4[0], v4[1], v4[2], v4[3])),
            new Form(
                    "NAT64 64:ff9b::/96",
                    v4 -> v6(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, v4[0], v4[1], v4[2], v4[3])),
            // RFC 6052 /48 layout: address bits 48..63 and 72..87, bits 64..71 (the "u" octet) zero.
            new Form(
                    "NAT64 local-use 64:ff9b:1::/48",
                    v4 -> v6(0, 0x64, 0xff, 0x9b, 0, 1, v4[0], v4[1], 0, v4[2], v4[3], 0, 0, 0, 0, 0)),
            // A network may use a longer prefix inside 64:ff9b:1::/48, most often a /96 with the address last.
            new Form(
                    "NAT64 local-use 64:ff9b:1::/96",
                    v4 -> v6(0, 0x64, 0xff, 0x9b, 0, 1, 0, 0, 0, 0, 0, 0, v4[0], v4[1], v4[2], v4[3])),
            new Form("6to4 2002::/16", v4 -> v6(0x20, 0x02, v4[0], v4[1], v4[2], v4[3], 0, 1, 0, 0, 0, 0, 0, 0, 0, 1)),
            // Teredo: server IPv4 in bits 32..63, a public server; the client IPv4 inverted in the last 32 bits.
            new Form(
                    "Teredo 2001::/32 client",
                    v4 -> v6(0x20, 0x01, 0, 0, 65, 54, 227, 120, 0x80, 0, 0xf2, 0x27, ~v4[0], ~v4[1], ~v4[2], ~v4[3])),
            // Teredo with the internal address as the server and a public client.
            new Form(
                    "Teredo 2001::/32 server",
                    v4 -> v6(0x20, 0x01, 0, 0, v4[0], v4[1], v4[2], v4[3], 0x80, 0, 0xf2, 0x27, ~8, ~8, ~8, ~8)));

    private final List<String> lookups = new ArrayList<>();

    static Stream<Arguments> internalEmbeddings() {
        return FORMS.stream()
                .flatMap(form -> INTERNAL.stream().map(internal -> Arguments.of(form, internal[0], internal[1])));
    }

    @ParameterizedTest(name = "{0} embedding {1}")
    @MethodSource("internalEmbeddings")
    void refusesAnInternalIpv4AddressInsideAnIpv6Literal(Form form, String ipv4, String reason) throws Exception {
        InetAddress address = embed(form, ipv4);
        String url = "http://[" + address.getHostAddress() + "]/latest/meta-data/";
        SsrfGuard guard = SsrfGuard.builder().resolver(this::noDns).build();

        assertThatThrownBy(() -> guard.check(URI.create(url)))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageStartingWith("Refused to fetch " + url)
                .hasMessageContaining("embedding " + ipv4)
                .hasMessageContaining(reason)
                .hasMessageContaining("server-side request forgery");
        assertThat(guard.blockReason(address)).get().asString().contains(reason);
        assertThat(lookups).isEmpty();
    }

    @ParameterizedTest(name = "{0} embedding {1}")
    @MethodSource("internalEmbeddings")
    void refusesAHostNameThatResolvesToSuchAnAddress(Form form, String ipv4, String reason) throws Exception {
        InetAddress address = embed(form, ipv4);
        SsrfGuard guard = SsrfGuard.builder().resolver(host -> List.of(address)).build();

        assertThatThrownBy(() -> guard.check(URI.create("https://innocent.example/")))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("resolves to " + address.getHostAddress())
                .hasMessageContaining(reason);
    }

    static Stream<Form> forms() {
        return FORMS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void allowsAPublicIpv4AddressInsideEachForm(Form form) throws Exception {
        InetAddress address = embed(form, PUBLIC);
        SsrfGuard guard = SsrfGuard.builder().resolver(this::noDns).build();

        assertThat(guard.blockReason(address)).isEmpty();
        assertThat(guard.check(URI.create("http://[" + address.getHostAddress() + "]/")))
                .containsExactly(address);
        assertThat(SsrfGuard.builder()
                        .resolver(host -> List.of(address))
                        .build()
                        .check(URI.create("https://public.example/")))
                .containsExactly(address);
    }

    @Test
    void decodesTheFormsAsWrittenByHand() {
        SsrfGuard guard = SsrfGuard.builder().resolver(this::noDns).build();
        // The same addresses typed the way an attacker would, with dotted or hex tails.
        for (String host : List.of(
                "::ffff:0:127.0.0.1",
                "::ffff:0:7f00:1",
                "::ffff:0:a9fe:a9fe",
                "64:ff9b::7f00:1",
                "64:ff9b::169.254.169.254",
                "64:ff9b:1:a00:0:100::",
                "64:ff9b:1::10.0.0.1",
                "2002:7f00:1::1",
                "2002:c0a8:101::",
                "2001:0:4136:e378:8000:63bf:80ff:fffe",
                "2001:0:a00:1:8000:63bf:f7f7:f7f7",
                "::10.0.0.1",
                "::169.254.169.254")) {
            assertThatThrownBy(() -> guard.check(URI.create("http://[" + host + "]/")))
                    .as(host)
                    .isInstanceOf(ToolRefusedException.class)
                    .hasMessageContaining("embedding");
        }
        for (String host : List.of(
                "::ffff:0:8.8.8.8",
                "64:ff9b::8.8.8.8",
                "64:ff9b:1::8.8.8.8",
                "64:ff9b:1:808:8:800::",
                "2002:808:808::1",
                "2001:0:4136:e378:8000:63bf:f7f7:f7f7",
                "::8.8.8.8")) {
            assertThat(guard.check(URI.create("http://[" + host + "]/")))
                    .as(host)
                    .hasSize(1);
        }
    }

    @Test
    void allowancesApplyToTheEmbeddedAddress() throws Exception {
        InetAddress nat64Loopback = embed(FORMS.get(2), "127.0.0.1");
        InetAddress teredoPrivate = embed(FORMS.get(6), "10.1.2.3");
        assertThat(SsrfGuard.builder().allowLoopback().build().blockReason(nat64Loopback))
                .isEmpty();
        assertThat(SsrfGuard.builder().allowCidr("10.1.2.0/24").build().blockReason(teredoPrivate))
                .isEmpty();
        assertThat(SsrfGuard.builder().allowCidr("10.9.0.0/16").build().blockReason(teredoPrivate))
                .isPresent();
        assertThat(SsrfGuard.builder().allowLoopback().build().blockReason(teredoPrivate))
                .isPresent();
    }

    private List<InetAddress> noDns(String host) throws UnknownHostException {
        lookups.add(host);
        throw new UnknownHostException(host);
    }

    private static InetAddress embed(Form form, String ipv4) throws UnknownHostException {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        InetAddress address = InetAddress.getByAddress(form.embed().apply(v4));
        assertThat(address.getAddress()).as("%s stays an IPv6 address", form).hasSize(16);
        return address;
    }

    private static byte[] v6(int... values) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
