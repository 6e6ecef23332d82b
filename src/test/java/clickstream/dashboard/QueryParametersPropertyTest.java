package clickstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The query string of an API request comes from whoever can reach the port: whatever it holds, parsing and reading
 * it either gives values within their bounds or a {@link BadRequestException} (a 400), never another exception
 * (which would be a 503 and a WARN in the log per request).
 */
class QueryParametersPropertyTest {

    private static final List<Set<String>> ENDPOINTS = List.of(Set.of(), Set.of("range"), Set.of("range", "size"),
            Set.of("category", "size", "bots"), Set.of("range", "bots"));

    @Property(tries = 3000)
    void anyQueryStringIsReadOrRefusedAsABadRequest(@ForAll("queries") String query, @ForAll("endpoints") Set<String> allowed) {
        QueryParameters parameters;
        try {
            parameters = QueryParameters.parse(query, "/api/x", allowed);
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        try {
            assertThat(parameters.range()).isNotNull();
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).startsWith("unknown range");
        }
        try {
            assertThat(parameters.intValue("size", 10, 1, 50)).isBetween(1, 50);
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).startsWith("size = ");
        }
        try {
            parameters.category().ifPresent(c -> assertThat(parameters.get("category")).isEqualTo(c.value()));
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).startsWith("unknown category '");
        }
        try {
            assertThat(parameters.bots()).isNotNull();
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).startsWith("unknown bots '");
        }
    }

    @Property(tries = 1000)
    void anyCategoryOrBotsTextIsAValueOrABadRequest(@ForAll("texts") String text) {
        QueryParameters parameters = QueryParameters.parse("category=" + percentEncoded(text.getBytes(StandardCharsets.UTF_8))
                + "&bots=" + percentEncoded(text.getBytes(StandardCharsets.UTF_8)), "/api/trending", Set.of("category", "bots"));
        try {
            parameters.category().ifPresentOrElse(c -> assertThat(c.value()).isEqualTo(text),
                    () -> assertThat(text).isEqualTo("all"));
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).startsWith("unknown category");
        }
        try {
            assertThat(parameters.bots().key()).isEqualTo(text);
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).startsWith("unknown bots");
        }
    }

    @Property(tries = 1000)
    void anyRangeTextIsARangeOrABadRequest(@ForAll("texts") String text) {
        try {
            DashboardRange range = DashboardRange.parse(text);
            assertThat(range.key()).isEqualTo(text);
        } catch (BadRequestException e) {
            assertThat(e.getMessage()).startsWith("unknown range");
        }
    }

    /** What the page and a well-meaning client send, in any order and with any characters percent-encoded. */
    @Property(tries = 1000)
    void validParametersAreReadBackHoweverEncoded(@ForAll("validQueries") ValidQuery valid) {
        QueryParameters parameters = QueryParameters.parse(valid.query(), "/api/top-users", Set.of("range", "size"));
        assertThat(parameters.range()).isEqualTo(valid.range());
        assertThat(parameters.intValue("size", 10, 1, 50)).isEqualTo(valid.size());
    }

    record ValidQuery(String query, DashboardRange range, int size) {
    }

    @Provide
    Arbitrary<Set<String>> endpoints() {
        return Arbitraries.of(ENDPOINTS);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of("15m", "1h", "24h", "", "1H", " 1h", "1h ", "15m\u0000", "all", "tech", "world", "Tech",
                        "tech ", "include", "exclude", "INCLUDE", "true"));
    }

    @Provide
    Arbitrary<String> queries() {
        // any characters at all (unpaired surrogates included); query-like text from a small alphabet, where '=',
        // '&', '%' and the known names and values meet often; and raw bytes, as ISO-8859-1 text and percent-encoded
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(60);
        Arbitrary<String> queryLike = Arbitraries.of("range", "size", "category", "bots", "tech", "all", "include",
                        "exclude", "=", "&", "%", "%2", "%3d", "%26", "%ff", "%C3%A9",
                        "%ED%A0%80", "+", "1h", "15m", "24h", "0", "-1", "50", "51", "2147483648", "007", " ", "\u0000",
                        "é", "\ud800", "x")
                .list().ofMaxSize(12).map(parts -> String.join("", parts));
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<String> rawBytes = bytes.map(b -> new String(b, StandardCharsets.ISO_8859_1));
        Arbitrary<String> encodedBytes = Combinators.combine(Arbitraries.of("range=", "size=", "category=", "bots=", ""),
                bytes.map(QueryParametersPropertyTest::percentEncoded)).as((name, encoded) -> name + encoded);
        return Arbitraries.oneOf(anyText, queryLike, rawBytes, encodedBytes).injectNull(0.02);
    }

    @Provide
    Arbitrary<ValidQuery> validQueries() {
        return Combinators.combine(Arbitraries.of(DashboardRange.class), Arbitraries.integers().between(1, 50),
                Arbitraries.longs(), Arbitraries.of(true, false))
                .as((range, size, seed, swap) -> {
                    Random random = new Random(seed);
                    List<String> pairs = new ArrayList<>(List.of(encodeSome("range", random) + "=" + encodeSome(range.key(), random),
                            encodeSome("size", random) + "=" + encodeSome(String.valueOf(size), random)));
                    if (swap) {
                        Collections.reverse(pairs);
                    }
                    // empty pairs ("&&", a trailing "&") are allowed and ignored
                    return new ValidQuery(String.join(random.nextBoolean() ? "&" : "&&", pairs)
                            + (random.nextBoolean() ? "&" : ""), range, size);
                });
    }

    private static String percentEncoded(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append('%').append(String.format("%02X", b & 0xff));
        }
        return text.toString();
    }

    /** Percent-encodes a random choice of the ASCII characters of {@code text}. */
    private static String encodeSome(String text, Random random) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(random.nextBoolean() ? String.format("%%%02x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
