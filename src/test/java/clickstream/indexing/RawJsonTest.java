package clickstream.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.IndexOperation;

import jakarta.json.stream.JsonGenerator;

/** The bulk body the opensearch client writes carries each record's bytes unchanged, non-ASCII and escapes included. */
class RawJsonTest {

    @Test
    void theBulkBodyHoldsTheRecordsBytesExactly() throws Exception {
        String event = "{\"event_id\":\"3f1c2a9e-8d4b-4c1e-9f2a-0b1c2d3e4f5a\",\"comment_text\":\"na\u00efve \u2603 \\\"quoted\\\"\"}";
        // longer than the generator's buffer too, so the copy that does not fit in place is exercised
        String big = "{\"comment_text\":\"" + "x".repeat(20_000) + "\"}";
        JacksonJsonpMapper mapper = new JacksonJsonpMapper();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String json : List.of(event, big)) {
            ValidEvent valid = new ValidEvent("id", "2026-11-26", json.getBytes(StandardCharsets.UTF_8));
            BulkOperation op = BulkOperation.of(b -> b.index(IndexOperation.of(i -> i.index("x").id("id")
                    .document(RawJson.document(valid)))));
            // what RestClientTransport does per operation: the action line, then the document
            for (Object part : List.of(op, op.index().document())) {
                try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
                    mapper.serialize(part, generator);
                }
                out.write('\n');
            }
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).isEqualTo(event);
        assertThat(lines[3]).isEqualTo(big);
    }
}
